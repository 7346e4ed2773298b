"""The shipped note templates (resources/note_templates/): all load, in order, with the fields the
issue asks of each; the loader refuses a file named unlike its id; the wheel carries them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from counselroom.domain.cases.note_fields import check_note_fields
from counselroom.domain.cases.note_templates import FieldKind, NoteTemplate, TemplateError
from counselroom.system import note_template_files
from counselroom.system.note_template_files import load_note_templates

ROOT = Path(__file__).resolve().parents[2]
DIAGNOSES = ("抑郁症", "焦虑症", "精神分裂", "双相", "障碍", "诊断为")


def _templates() -> dict[str, NoteTemplate]:
    return {t.id: t for t in load_note_templates()}


def test_the_seven_templates_load_in_menu_order() -> None:
    assert [(t.id, t.name) for t in load_note_templates()] == [
        ("intake", "初访"),
        ("individual", "个别辅导"),
        ("crisis", "危机评估"),
        ("parent", "家长沟通"),
        ("return", "复学评估"),
        ("group", "团体辅导"),
        ("conference", "个案研讨/督导"),
    ]


def test_only_the_crisis_assessment_needs_a_cosignature_and_only_the_group_note_is_a_group() -> None:
    assert {t.id for t in load_note_templates() if t.needs_cosign} == {"crisis"}
    assert {t.id for t in load_note_templates() if t.group} == {"group"}


@pytest.mark.parametrize("template", load_note_templates(), ids=lambda t: t.id)
def test_every_template_has_a_purpose_required_fields_and_no_diagnosis(template: NoteTemplate) -> None:
    assert template.purpose and template.fields
    assert any(f.required for f in template.note_fields)
    words = [template.purpose] + [w for f in template.fields for w in (f.label, f.hint, *f.options)]
    assert not [w for w in words for d in DIAGNOSES if d in w]
    empty = check_note_fields(template, {})
    assert empty == [f"“{f.label}”必须填写" for f in template.note_fields if f.required]
    filled = {
        f.key: f.options[0] if f.kind is FieldKind.CHOICE else "2025-10-13" if f.kind is FieldKind.DATE else "有"
        for f in template.note_fields
    }
    assert check_note_fields(template, filled) == []


def _labels(template_id: str, required: bool = False) -> dict[str, FieldKind]:
    return {f.label: f.kind for f in _templates()[template_id].fields if f.required or not required}


def test_the_crisis_assessment_asks_what_the_issue_names() -> None:
    labels = _labels("crisis", required=True)
    for label in ("风险因素", "保护因素", "计划", "手段/途径", "风险等级"):
        assert label in labels
    level = _templates()["crisis"].field("level")
    assert level is not None and level.options == ("高", "中", "低") and "不是诊断" in level.hint
    source = _templates()["crisis"].field("source")
    assert source is not None and "筛查阳性" in source.options


def test_the_case_conference_has_participants_question_and_advice() -> None:
    assert {
        "参加人员": FieldKind.PEOPLE,
        "研讨问题": FieldKind.MULTILINE,
        "督导意见": FieldKind.MULTILINE,
    }.items() <= _labels("conference", required=True).items()


def test_the_group_note_keeps_a_part_per_student() -> None:
    part = _templates()["group"].student_part
    assert part is not None and part.label == "个人情况" and part.kind is FieldKind.MULTILINE
    assert "只出现在该学生本人的档案中" in part.hint


def test_the_return_assessment_can_ask_for_close_attention() -> None:
    conclusion = _templates()["return"].field("conclusion")
    assert conclusion is not None and "建议复学并重点关注" in conclusion.options


def test_a_file_named_unlike_its_id_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "note_templates"
    folder.mkdir()
    text = (ROOT / "resources" / "note_templates" / "parent.toml").read_text(encoding="utf-8")
    (folder / "family.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(note_template_files, "resources_dir", lambda: tmp_path)
    note_template_files.load_note_templates.cache_clear()
    try:
        with pytest.raises(TemplateError, match=r"family\.toml：id 应与文件名一致（family）"):
            note_template_files.load_note_templates()
        (folder / "family.toml").write_text(text.replace('id = "parent"', 'id = "family"'), encoding="utf-8")
        (folder / "parent.toml").write_text(text, encoding="utf-8")
        with pytest.raises(TemplateError, match="辅导记录模板名称重复：家长沟通"):
            note_template_files.load_note_templates()
        (folder / "parent.toml").write_text(text.replace("needs_cosign = false", ""), encoding="utf-8")
        with pytest.raises(TemplateError, match=r"parent\.toml：parent：“needs_cosign”应写 true 或 false"):
            note_template_files.load_note_templates()
    finally:
        note_template_files.load_note_templates.cache_clear()


def test_every_resources_folder_is_package_data() -> None:
    """A wheel (and so the installer) carries each folder of resources/, the templates included."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["counselroom.resources"]
    folders = {p.name for p in (ROOT / "resources").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert {f"{name}/*" for name in folders} <= set(patterns)
