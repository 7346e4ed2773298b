"""check_note_fields / check_student_parts: each problem named by its field's label, in Chinese."""

from __future__ import annotations

import pytest

from counselroom.domain.cases.note_fields import MAX_CHARS, check_note_fields, check_student_parts, check_value
from counselroom.domain.cases.note_templates import FieldKind, NoteTemplate, TemplateField

TEMPLATE = NoteTemplate(
    id="crisis",
    name="危机评估",
    purpose="测试用",
    needs_cosign=True,
    group=False,
    fields=(
        TemplateField("situation", "当前情况", FieldKind.MULTILINE, required=True),
        TemplateField("level", "风险等级", FieldKind.CHOICE, required=True, options=("高", "中", "低")),
        TemplateField("topic", "主题", FieldKind.TEXT),
        TemplateField("notified", "已通知", FieldKind.PEOPLE),
        TemplateField("next_review", "下次评估日期", FieldKind.DATE),
        TemplateField("mood", "情绪", FieldKind.CHOICE, options=("平稳", "低落")),
    ),
)
GROUP = NoteTemplate(
    id="group",
    name="团体辅导",
    purpose="测试用",
    needs_cosign=False,
    group=True,
    fields=(
        TemplateField("theme", "活动主题", FieldKind.TEXT, required=True),
        TemplateField("student_part", "个人情况", FieldKind.MULTILINE, per_student=True),
    ),
)
COMPLETE = {"situation": "自述近两周入睡困难。", "level": "中"}


def test_a_complete_note_has_no_problems() -> None:
    assert check_note_fields(TEMPLATE, COMPLETE) == []
    full = {**COMPLETE, "topic": "睡眠", "notified": "班主任王老师、母亲", "next_review": "2025-10-20", "mood": "低落"}
    assert check_note_fields(TEMPLATE, full) == []


def test_optional_fields_may_be_left_empty() -> None:
    empty_optional = {**COMPLETE, "topic": "", "next_review": "", "mood": "  "}
    assert check_note_fields(TEMPLATE, empty_optional) == []


def test_every_missing_required_field_is_named_in_the_templates_order() -> None:
    assert check_note_fields(TEMPLATE, {}) == ["“当前情况”必须填写", "“风险等级”必须填写"]
    assert check_note_fields(TEMPLATE, {"situation": " \n ", "level": "中"}) == ["“当前情况”必须填写"]


def test_an_unknown_key_is_named_after_the_fields() -> None:
    problems = check_note_fields(TEMPLATE, {"diagnosis": "x", "level": "中"})
    assert problems == ["“当前情况”必须填写", "“危机评估”没有字段“diagnosis”"]


def test_a_choice_outside_its_options_is_refused_with_the_options() -> None:
    assert check_note_fields(TEMPLATE, {**COMPLETE, "level": "极高"}) == [
        "“风险等级”应为 高、中、低 之一，不能是“极高”"
    ]
    assert check_note_fields(TEMPLATE, {**COMPLETE, "level": " 中"}) == ["“风险等级”应为 高、中、低 之一，不能是“ 中”"]


@pytest.mark.parametrize("value", ["2025/10/20", "2025-13-01", "2025-02-30", "20251020", "2025-10-20 9:00", "下周一"])
def test_a_date_must_be_a_real_iso_date(value: str) -> None:
    assert check_note_fields(TEMPLATE, {**COMPLETE, "next_review": value}) == [
        f"“下次评估日期”应为日期，如 2025-03-01，不能是“{value}”"
    ]


def test_a_one_line_text_keeps_to_one_line() -> None:
    assert check_note_fields(TEMPLATE, {**COMPLETE, "topic": "睡眠\n学业"}) == ["“主题”只能写一行"]


@pytest.mark.parametrize(
    ("key", "kind"),
    [("situation", FieldKind.MULTILINE), ("topic", FieldKind.TEXT), ("notified", FieldKind.PEOPLE)],
)
def test_text_too_long_is_refused_with_its_length(key: str, kind: FieldKind) -> None:
    cap = MAX_CHARS[kind]
    label = TEMPLATE.field(key).label  # type: ignore[union-attr]
    assert check_note_fields(TEMPLATE, {**COMPLETE, key: "字" * cap}) == []
    assert check_note_fields(TEMPLATE, {**COMPLETE, key: "字" * (cap + 1)}) == [
        f"“{label}”过长（{cap + 1} 字），最多 {cap} 字"
    ]


def test_the_caps() -> None:
    assert MAX_CHARS == {FieldKind.TEXT: 200, FieldKind.MULTILINE: 20_000, FieldKind.PEOPLE: 500}


def test_a_long_wrong_value_is_echoed_cut() -> None:
    assert check_note_fields(TEMPLATE, {**COMPLETE, "level": "高" * 30, "next_review": "9" * 5000}) == [
        f"“风险等级”应为 高、中、低 之一，不能是“{'高' * 20}…”",
        f"“下次评估日期”应为日期，如 2025-03-01，不能是“{'9' * 20}…”",
    ]


def test_an_invisible_character_in_a_value_is_shown() -> None:
    problems = check_note_fields(TEMPLATE, {**COMPLETE, "mood": "低\u200b落"})
    assert problems == ["“情绪”应为 平稳、低落 之一，不能是“低〈U+200B〉落”"]


def test_a_group_notes_own_fields_leave_the_student_part_out() -> None:
    assert check_note_fields(GROUP, {"theme": "情绪管理"}) == []
    assert check_note_fields(GROUP, {"theme": "情绪管理", "student_part": "x"}) == [
        "“个人情况”按学生分别填写，不属于整条记录"
    ]


def test_each_students_part_is_checked_and_named() -> None:
    assert check_student_parts(GROUP, {"张三": "发言积极", "李四": ""}) == []
    too_long = "字" * (MAX_CHARS[FieldKind.MULTILINE] + 1)
    assert check_student_parts(GROUP, {"张三": "发言积极", "李四": too_long}) == [
        f"李四：“个人情况”过长（{len(too_long)} 字），最多 20000 字"
    ]


def test_a_required_student_part_names_each_student_without_one() -> None:
    required = NoteTemplate(
        "g",
        "团体",
        "测试用",
        False,
        True,
        (TemplateField("p", "个人情况", FieldKind.MULTILINE, True, per_student=True),),
    )
    assert check_student_parts(required, {"张三": "", "李四": "好"}) == ["张三：“个人情况”必须填写"]


def test_a_note_that_is_not_a_group_note_has_no_student_parts() -> None:
    assert check_student_parts(TEMPLATE, {}) == []
    assert check_student_parts(TEMPLATE, {"张三": "x"}) == ["“危机评估”不是团体记录，没有按学生填写的部分"]


def test_check_value_answers_none_when_fine() -> None:
    assert check_value(TEMPLATE.fields[1], "高") is None
