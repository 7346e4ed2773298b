"""parse_template: a good file becomes a NoteTemplate; every kind of bad file is refused in Chinese,
naming the template and the entry."""

from __future__ import annotations

import pytest

from counselroom.domain.cases.note_templates import FieldKind, NoteTemplate, TemplateError, parse_template

GOOD = """
id = "sample"
name = "样例"
purpose = "测试用"
needs_cosign = true
group = false

[[fields]]
key = "topic"
label = "主题"
kind = "text"
required = true
hint = "  一行  "

[[fields]]
key = "level"
label = "等级"
kind = "choice"
options = ["高", " 中 ", "低"]

[[fields]]
key = "on"
label = "日期"
kind = "date"
"""

GROUP = """
id = "circle"
name = "小组"
purpose = "测试用"
needs_cosign = false
group = true

[[fields]]
key = "theme"
label = "主题"
kind = "text"

[[fields]]
key = "part"
label = "个人情况"
kind = "multiline"
per_student = true
"""


def test_a_good_template_is_read_with_its_defaults() -> None:
    template = parse_template(GOOD)
    assert (template.id, template.name, template.purpose, template.needs_cosign, template.group) == (
        "sample",
        "样例",
        "测试用",
        True,
        False,
    )
    topic, level, on = template.fields
    assert (topic.key, topic.label, topic.kind, topic.required, topic.hint) == (
        "topic",
        "主题",
        FieldKind.TEXT,
        True,
        "一行",
    )
    assert (level.kind, level.required, level.options, level.hint) == (FieldKind.CHOICE, False, ("高", "中", "低"), "")
    assert on.kind is FieldKind.DATE and not on.per_student
    assert template.field("level") is level and template.field("nope") is None
    assert template.student_part is None and template.note_fields == template.fields


def test_a_group_template_has_one_per_student_part() -> None:
    template = parse_template(GROUP)
    assert template.group and template.student_part is not None
    assert template.student_part.key == "part"
    assert [f.key for f in template.note_fields] == ["theme"]


def _without(text: str, line: str) -> str:
    assert line in text
    return text.replace(line + "\n", "", 1)


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


BAD = [
    ("not toml", "id = ", "辅导记录模板文件格式有误"),
    ("no id", _without(GOOD, 'id = "sample"'), "模板：缺少“id”"),
    ("id not ascii", _with(GOOD, 'id = "sample"', 'id = "样例"'), "小写英文字母"),
    ("id upper case", _with(GOOD, 'id = "sample"', 'id = "Sample"'), "小写英文字母"),
    ("no name", _without(GOOD, 'name = "样例"'), "sample：缺少“name”"),
    ("blank purpose", _with(GOOD, 'purpose = "测试用"', 'purpose = "  "'), "sample：缺少“purpose”"),
    ("cosign unstated", _without(GOOD, "needs_cosign = true"), "“needs_cosign”应写 true 或 false"),
    ("cosign as text", _with(GOOD, "needs_cosign = true", 'needs_cosign = "是"'), "“needs_cosign”应写 true 或 false"),
    ("group unstated", _without(GOOD, "group = false"), "“group”应写 true 或 false"),
    ("unknown top entry", _with(GOOD, "group = false", "group = false\ncosign = true"), "sample：未知的项 cosign"),
    ("no fields", GOOD.split("[[fields]]")[0], "至少要有一个字段"),
    ("fields not tables", GOOD.split("[[fields]]")[0] + "fields = [1, 2]", "至少要有一个字段"),
    ("field key missing", _without(GOOD, 'key = "topic"'), "sample 字段：缺少“key”"),
    ("field key with a dash", _with(GOOD, 'key = "topic"', 'key = "the-topic"'), "sample 字段：缺少“key”"),
    ("no label", _without(GOOD, 'label = "主题"'), "sample 字段 topic：缺少“label”"),
    (
        "unknown kind",
        _with(GOOD, 'kind = "text"', 'kind = "number"'),
        "sample 字段 topic：kind 应为 text、multiline、choice、date、people 之一",
    ),
    (
        "required as text",
        _with(GOOD, "required = true", 'required = "yes"'),
        "sample 字段 topic：“required”应写 true 或 false",
    ),
    ("misspelt entry", _with(GOOD, "required = true", "requird = true"), "sample 字段 topic：未知的项 requird"),
    ("hint not text", _with(GOOD, 'hint = "  一行  "', "hint = 3"), "sample 字段 topic：缺少“hint”或它不是文字"),
    (
        "choice without options",
        _without(GOOD, 'options = ["高", " 中 ", "低"]'),
        "sample 字段 level：choice 字段要有 options",
    ),
    ("one option", _with(GOOD, 'options = ["高", " 中 ", "低"]', 'options = ["高"]'), "options 至少两项且不能重复"),
    (
        "repeated option",
        _with(GOOD, 'options = ["高", " 中 ", "低"]', 'options = ["高", "高 "]'),
        "options 至少两项且不能重复",
    ),
    ("blank option", _with(GOOD, 'options = ["高", " 中 ", "低"]', 'options = ["高", ""]'), "choice 字段要有 options"),
    (
        "options on text",
        _with(GOOD, "required = true", 'required = true\noptions = ["a", "b"]'),
        "sample 字段 topic：只有 choice 字段可以有 options",
    ),
    ("repeated key", _with(GOOD, 'key = "on"', 'key = "topic"'), "sample：字段key重复：topic"),
    ("repeated label", _with(GOOD, 'label = "日期"', 'label = "主题"'), "sample：字段名称（label）重复：主题"),
    (
        "per-student outside a group",
        _with(GOOD, "required = true", "required = true\nper_student = true"),
        "per_student 只用于团体记录",
    ),
    ("group without a part", _without(GROUP, "per_student = true"), "circle：团体记录要有且只有一个 per_student 字段"),
    (
        "group with two parts",
        _with(GROUP, 'kind = "text"', 'kind = "text"\nper_student = true'),
        "团体记录要有且只有一个",
    ),
    (
        "per-student choice",
        _with(GROUP, 'kind = "multiline"', 'kind = "choice"\noptions = ["a", "b"]'),
        "per_student 只用于团体记录（group = true）的文字字段",
    ),
]


@pytest.mark.parametrize(("text", "message"), [(t, m) for _, t, m in BAD], ids=[name for name, _, _ in BAD])
def test_a_bad_template_is_refused_in_chinese(text: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse_template(text)
    assert message in str(caught.value)


def test_an_invisible_character_in_an_unknown_entry_is_shown() -> None:
    text = _with(GOOD, "group = false", 'group = false\n"cosign\u202e" = true')
    with pytest.raises(TemplateError, match="〈U\\+202E〉"):
        parse_template(text)


def test_a_template_is_a_frozen_value() -> None:
    template: NoteTemplate = parse_template(GOOD)
    assert parse_template(GOOD) == template
    with pytest.raises(AttributeError):
        template.name = "改"  # type: ignore[misc]
