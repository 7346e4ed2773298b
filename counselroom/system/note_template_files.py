"""The note templates shipped in resources/note_templates/ (one TOML file each), read once."""

from __future__ import annotations

from functools import cache

from counselroom.domain.cases.note_templates import NoteTemplate, TemplateError, parse_template
from counselroom.system.paths import resources_dir

# The order the 新建记录 menu offers them in: the course of a case, then the group and meeting notes.
ORDER = ("intake", "individual", "crisis", "parent", "return", "group", "conference")


@cache
def load_note_templates() -> tuple[NoteTemplate, ...]:
    """Every template, in ORDER and then by file name; a file named unlike its id, or two templates
    with one name, is refused."""
    found = []
    for path in sorted((resources_dir() / "note_templates").glob("*.toml")):
        try:
            template = parse_template(path.read_text(encoding="utf-8"))
        except TemplateError as exc:
            raise TemplateError(f"{path.name}：{exc}") from exc
        if template.id != path.stem:
            raise TemplateError(f"{path.name}：id 应与文件名一致（{path.stem}）")
        found.append(template)
    names = [t.name for t in found]
    if repeated := sorted({n for n in names if names.count(n) > 1}):
        raise TemplateError(f"辅导记录模板名称重复：{'、'.join(repeated)}")
    return tuple(sorted(found, key=lambda t: (ORDER.index(t.id) if t.id in ORDER else len(ORDER), t.id)))
