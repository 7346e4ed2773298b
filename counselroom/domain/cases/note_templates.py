"""Note templates (辅导记录模板) as data: one TOML file per template in resources/note_templates/,
read by system/note_template_files. This module holds the model and reads a template's text; it
does no I/O. A file that breaks the format is refused with a Chinese message naming the template
and the entry, so a school's edited copy never half-loads.

A template file:

    id = "crisis"                 # the file's name; what a note keeps as its template
    name = "危机评估"
    purpose = "一句话说明何时使用"
    needs_cosign = true           # the lead co-signs once it is signed
    group = false                 # one note for several students (团体辅导)

    [[fields]]
    key = "level"                 # a-z, 0-9, _ — the key in the note's fields
    label = "风险等级"
    kind = "choice"               # text | multiline | choice | date | people
    required = true               # default false
    options = ["高", "中", "低"]    # choice only, at least two
    hint = "…"                    # shown under the field; optional
    per_student = false           # group notes: the one part each student's file shows alone
"""

from __future__ import annotations

import enum
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from counselroom.domain.visible_text import visible


class TemplateError(ValueError):
    """A template file that breaks the format; the message names the template and the entry."""


class FieldKind(enum.StrEnum):
    TEXT = "text"  # one line
    MULTILINE = "multiline"
    CHOICE = "choice"  # one of `options`
    DATE = "date"  # YYYY-MM-DD
    PEOPLE = "people"  # names, written as the counselor writes them (张老师、李老师)


@dataclass(frozen=True)
class TemplateField:
    key: str
    label: str
    kind: FieldKind
    required: bool = False
    options: tuple[str, ...] = ()
    hint: str = ""
    per_student: bool = False  # 团体辅导: kept per student (care.note_students.part), not in fields


@dataclass(frozen=True)
class NoteTemplate:
    id: str
    name: str
    purpose: str
    needs_cosign: bool
    group: bool
    fields: tuple[TemplateField, ...]

    def field(self, key: str) -> TemplateField | None:
        return next((f for f in self.fields if f.key == key), None)

    @property
    def note_fields(self) -> tuple[TemplateField, ...]:
        """The fields the note itself keeps (all but the per-student part)."""
        return tuple(f for f in self.fields if not f.per_student)

    @property
    def student_part(self) -> TemplateField | None:
        """A group template's per-student field (exactly one); None for any other."""
        return next((f for f in self.fields if f.per_student), None)


_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_TOP_KEYS = frozenset({"id", "name", "purpose", "needs_cosign", "group", "fields"})
_FIELD_KEYS = frozenset({"key", "label", "kind", "required", "options", "hint", "per_student"})
_KINDS = "、".join(k.value for k in FieldKind)


def parse_template(text: str) -> NoteTemplate:
    """A template from its TOML text; TemplateError when an entry is missing or does not fit."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"辅导记录模板文件格式有误：{exc}") from exc
    template_id = _identifier(data, "id", "模板")
    _no_unknown(data, _TOP_KEYS, template_id)
    group = _flag(data, "group", template_id, default=None)
    entries = data.get("fields")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise TemplateError(f"{template_id}：至少要有一个字段（[[fields]]）")
    fields = tuple(_field(entry, template_id, group=group) for entry in entries)
    _check_fields(fields, template_id, group=group)
    return NoteTemplate(
        id=template_id,
        name=_text(data, "name", template_id),
        purpose=_text(data, "purpose", template_id),
        needs_cosign=_flag(data, "needs_cosign", template_id, default=None),
        group=group,
        fields=fields,
    )


def _field(entry: Mapping[str, Any], template_id: str, *, group: bool) -> TemplateField:
    key = _identifier(entry, "key", f"{template_id} 字段")
    where = f"{template_id} 字段 {key}"
    _no_unknown(entry, _FIELD_KEYS, where)
    try:
        kind = FieldKind(_text(entry, "kind", where))
    except ValueError:
        raise TemplateError(f"{where}：kind 应为 {_KINDS} 之一") from None
    field = TemplateField(
        key=key,
        label=_text(entry, "label", where),
        kind=kind,
        required=_flag(entry, "required", where, default=False),
        options=_options(entry, where, kind),
        hint=_text(entry, "hint", where, optional=True),
        per_student=_flag(entry, "per_student", where, default=False),
    )
    if field.per_student and (not group or kind not in (FieldKind.TEXT, FieldKind.MULTILINE)):
        raise TemplateError(f"{where}：per_student 只用于团体记录（group = true）的文字字段")
    return field


def _check_fields(fields: tuple[TemplateField, ...], template_id: str, *, group: bool) -> None:
    for attribute, what in (("key", "key"), ("label", "名称（label）")):
        values = [getattr(f, attribute) for f in fields]
        if repeated := sorted({v for v in values if values.count(v) > 1}):
            raise TemplateError(f"{template_id}：字段{what}重复：{'、'.join(repeated)}")
    if group and sum(f.per_student for f in fields) != 1:
        raise TemplateError(f"{template_id}：团体记录要有且只有一个 per_student 字段（每名学生各自的部分）")


def _options(entry: Mapping[str, Any], where: str, kind: FieldKind) -> tuple[str, ...]:
    raw = entry.get("options")
    if kind is not FieldKind.CHOICE:
        if raw is not None:
            raise TemplateError(f"{where}：只有 choice 字段可以有 options")
        return ()
    if not isinstance(raw, list) or not all(isinstance(o, str) and o.strip() for o in raw):
        raise TemplateError(f"{where}：choice 字段要有 options（文字列表）")
    options = tuple(o.strip() for o in raw)
    if len(options) < 2 or len(set(options)) != len(options):
        raise TemplateError(f"{where}：options 至少两项且不能重复")
    return options


def _no_unknown(entry: Mapping[str, Any], known: frozenset[str], where: str) -> None:
    if unknown := sorted(set(entry) - known):
        raise TemplateError(f"{where}：未知的项 {visible('、'.join(unknown))}（可用：{'、'.join(sorted(known))}）")


def _identifier(entry: Mapping[str, Any], name: str, where: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not _ID.match(value):
        raise TemplateError(f"{where}：缺少“{name}”，或它不是小写英文字母、数字和下划线")
    return value


def _text(entry: Mapping[str, Any], name: str, where: str, *, optional: bool = False) -> str:
    value = entry.get(name, "" if optional else None)
    if not isinstance(value, str) or (not optional and not value.strip()):
        raise TemplateError(f"{where}：缺少“{name}”或它不是文字")
    return value.strip()


def _flag(entry: Mapping[str, Any], name: str, where: str, *, default: bool | None) -> bool:
    """A true/false entry; `default=None` makes it one the file must state."""
    value = entry.get(name, default)
    if not isinstance(value, bool):
        raise TemplateError(f"{where}：“{name}”应写 true 或 false")
    return value
