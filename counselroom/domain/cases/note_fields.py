"""Checks of what a counselor typed into a note against its template, each message in Chinese
naming the field by its label (and the student, for a group note's per-student part).

Length caps of the free-text kinds: a one-line text 200 characters, a list of people 500, a
multiline field 20,000 (about ten pages — far above a session note, low enough that a pasted file
is caught). A choice or a date is checked against its options or format instead; a wrong value is
echoed cut to its first 20 characters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from counselroom.domain.cases.note_templates import FieldKind, NoteTemplate, TemplateField
from counselroom.domain.visible_text import visible

MAX_CHARS = {FieldKind.TEXT: 200, FieldKind.MULTILINE: 20_000, FieldKind.PEOPLE: 500}
SHOWN_CHARS = 20
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def check_note_fields(template: NoteTemplate, fields: Mapping[str, str]) -> list[str]:
    """Every problem of the note's own fields, in the template's order, unknown keys last; [] when
    the note may be saved as it is. A group template's per-student part is not one of them: it is
    checked per student by check_student_parts."""
    problems = [p for f in template.note_fields if (p := check_value(f, fields.get(f.key, "")))]
    for key in fields:
        field = template.field(key)
        if field is None:
            problems.append(f"“{template.name}”没有字段“{_shown(key)}”")
        elif field.per_student:
            problems.append(f"“{field.label}”按学生分别填写，不属于整条记录")
    return problems


def check_student_parts(template: NoteTemplate, parts: Mapping[str, str]) -> list[str]:
    """A group note's per-student part for each student (keyed by the student's name as shown)."""
    field = template.student_part
    if field is None:
        return [f"“{template.name}”不是团体记录，没有按学生填写的部分"] if parts else []
    return [f"{visible(name)}：{problem}" for name, text in parts.items() if (problem := check_value(field, text))]


def check_value(field: TemplateField, value: str) -> str | None:
    """The one problem of one field's value, or None."""
    if not value.strip():
        return f"“{field.label}”必须填写" if field.required else None
    cap = MAX_CHARS.get(field.kind)
    if cap is not None and len(value) > cap:
        return f"“{field.label}”过长（{len(value)} 字），最多 {cap} 字"
    if field.kind is FieldKind.TEXT and "\n" in value:
        return f"“{field.label}”只能写一行"
    if field.kind is FieldKind.CHOICE and value not in field.options:
        return f"“{field.label}”应为 {'、'.join(field.options)} 之一，不能是“{_shown(value)}”"
    if field.kind is FieldKind.DATE and not _is_date(value):
        return f"“{field.label}”应为日期，如 2025-03-01，不能是“{_shown(value)}”"
    return None


def _shown(value: str) -> str:
    return visible(value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…")


def _is_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
