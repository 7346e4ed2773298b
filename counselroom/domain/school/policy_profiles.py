"""Policy profiles (SPEC §5): the thresholds a school works to, each beside the sentence it comes from.

The numbers differ between the documents (S001 南昌, S003 江西, S004 渭南), so they are data: one
TOML file per profile in resources/profiles/, read by system/policy_files. This module holds the
model and reads a profile's text; it does no I/O.

A rule's `value` is the document's. A school that works to a stricter number keeps it as an
Override beside the rule, never in place of it, so a report can say which number is the school's
own (Threshold). Hotlines belong to the profile too: 966525 is a Jiangxi line, and S004 (渭南)
names no number at all, only that the room's own 热线电话（或QQ、微信等）be made public.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from counselroom.domain.school.class_names import STAGES
from counselroom.domain.school.hotlines import Hotline

STRENGTHS = ("要求", "鼓励")  # 要求: the document says 要/应/确保; 鼓励: it encourages
PERIODS = ("", "两周", "学期", "学年", "年", "3年")
PER_UNITS = ("", "家庭", "学生")  # what a rule counts per (home_visits.count: S001 家庭, S004 学生)
YEARS_IN_STAGE = range(1, 7)  # 小学 has six years, the other stages three


class ProfileError(ValueError):
    """A profile file that breaks the format; the message names the profile and the entry."""


@dataclass(frozen=True)
class Document:
    id: str  # S001
    title: str


@dataclass(frozen=True)
class Rule:
    key: str  # staff.students_per_teacher, screening.count … — what reports look a threshold up by
    topic: str  # 师资配备
    item: str  # 专兼职心理健康教师
    requirement: str  # 按师生比 1:{value} 配备 — {value} is where the number goes
    source: str  # S001
    quote: str  # the document's own words
    value: int | None = None  # None for a rule without a number (定期召开)
    unit: str = ""  # 学时, 次, 名学生
    period: str = ""  # per 学期, 学年, 年, 两周, 3年
    scope: str = ""  # who it applies to, in the document's words: 初中、普通高中
    stages: tuple[str, ...] = ()  # the stages a per-class rule covers; () for all
    strength: str = "要求"
    per: str = ""  # what it counts per: 家庭 or 学生 (home visits); "" when not counted per anyone
    years: tuple[int, ...] = ()  # the years in stage a per-class rule covers; () for every year

    def text(self, value: int | None = None) -> str:
        """The requirement with `value` (or the document's own) filled in."""
        return self.requirement.format(value=self.value if value is None else value)


@dataclass(frozen=True)
class PolicyHotline:
    hotline: Hotline
    source: str
    quote: str


@dataclass(frozen=True)
class PolicyProfile:
    id: str  # nanchang, jiangxi, weinan: the file's name, kept in the school row
    name: str  # 南昌市
    summary: str
    documents: tuple[Document, ...]
    rules: tuple[Rule, ...]
    hotlines: tuple[PolicyHotline, ...] = ()
    # Counts from 1 to this are shown to the principal as "<N" (SECURITY.md 11). Not a seed's rule:
    # a privacy setting of the profile, 4 unless the file says otherwise.
    small_count_threshold: int = 4

    def rule(self, key: str) -> Rule | None:
        return next((r for r in self.rules if r.key == key), None)

    def document_title(self, source: str) -> str:
        return next((d.title for d in self.documents if d.id == source), source)


@dataclass(frozen=True)
class Override:
    """The school's own number for one rule (a stricter 心理委员 count, say)."""

    key: str
    value: int
    note: str = ""


@dataclass(frozen=True)
class Threshold:
    """A rule as the school works to it: the document's number unless the school set its own."""

    rule: Rule
    override: Override | None = None

    @property
    def value(self) -> int | None:
        return self.override.value if self.override is not None else self.rule.value

    @property
    def is_school_own(self) -> bool:
        return self.override is not None

    @property
    def text(self) -> str:
        return self.rule.text(self.value)


def thresholds(profile: PolicyProfile, overrides: Sequence[Override] = ()) -> list[Threshold]:
    own = {o.key: o for o in overrides}
    return [Threshold(rule, own.get(rule.key)) for rule in profile.rules]


# -- reading a profile file -------------------------------------------------------------------
def parse_profile(text: str) -> PolicyProfile:
    """A profile from its TOML text; ProfileError when a field is missing or does not fit."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"政策依据文件格式有误：{exc}") from exc
    profile_id = _text(data, "id", "profile")
    documents = tuple(Document(k, str(v)) for k, v in dict(data.get("documents", {})).items())
    known = {d.id for d in documents}
    rules = tuple(_rule(entry, known, profile_id) for entry in data.get("rules", []))
    keys = [r.key for r in rules]
    if len(set(keys)) != len(keys):
        raise ProfileError(f"{profile_id}：规则的 key 重复")
    return PolicyProfile(
        id=profile_id,
        name=_text(data, "name", profile_id),
        summary=_text(data, "summary", profile_id),
        documents=documents,
        rules=rules,
        hotlines=tuple(_hotline(entry, known, profile_id) for entry in data.get("hotlines", [])),
        small_count_threshold=_small_count_threshold(data, profile_id),
    )


def _small_count_threshold(data: Mapping[str, Any], where: str) -> int:
    value = data.get("small_count_threshold", 4)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 20:
        raise ProfileError(f"{where}：small_count_threshold 应为 0 到 20 的整数")
    return value


def _text(entry: Mapping[str, Any], field: str, where: str, *, default: str | None = None) -> str:
    value = entry.get(field, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise ProfileError(f"{where}：缺少“{field}”或它不是文字")
    return value.strip()


def _sourced(entry: Mapping[str, Any], known: set[str], where: str) -> tuple[str, str]:
    source, quote = _text(entry, "source", where), _text(entry, "quote", where)
    if source not in known:
        raise ProfileError(f"{where}：出处 {source} 不在 [documents] 中")
    return source, quote


def _rule(entry: Mapping[str, Any], known: set[str], profile_id: str) -> Rule:
    key = _text(entry, "key", profile_id)
    where = f"{profile_id} {key}"
    value = entry.get("value")
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise ProfileError(f"{where}：value 应为非负整数")
    requirement = _text(entry, "requirement", where)
    if ("{value}" in requirement) != (value is not None):
        raise ProfileError(f"{where}：有数值的规则在 requirement 中写 {{value}}，没有数值的不写")
    stages = tuple(str(s) for s in entry.get("stages", []))
    if unknown := [s for s in stages if s not in STAGES]:
        raise ProfileError(f"{where}：未知学段 {unknown[0]}")
    source, quote = _sourced(entry, known, where)
    per, years = _text(entry, "per", where, default=""), _years(entry, where)
    if per not in PER_UNITS:
        raise ProfileError(f"{where}：per 应为 {'/'.join(PER_UNITS[1:])}")
    rule = Rule(
        key=key,
        topic=_text(entry, "topic", where),
        item=_text(entry, "item", where),
        requirement=requirement,
        source=source,
        quote=quote,
        value=value,
        unit=_text(entry, "unit", where, default=""),
        period=_text(entry, "period", where, default=""),
        scope=_text(entry, "scope", where, default=""),
        stages=stages,
        strength=_text(entry, "strength", where, default="要求"),
        per=per,
        years=years,
    )
    if rule.strength not in STRENGTHS or rule.period not in PERIODS:
        raise ProfileError(f"{where}：strength 应为 {'/'.join(STRENGTHS)}，period 应为 {'/'.join(PERIODS[1:])}")
    return rule


def _years(entry: Mapping[str, Any], where: str) -> tuple[int, ...]:
    years = entry.get("years", [])
    if not isinstance(years, list) or any(
        not isinstance(y, int) or isinstance(y, bool) or y not in YEARS_IN_STAGE for y in years
    ):
        raise ProfileError(f"{where}：years 应为 1 到 6 的年级序号列表（学段内第几年）")
    return tuple(sorted(set(years)))


def _hotline(entry: Mapping[str, Any], known: set[str], profile_id: str) -> PolicyHotline:
    number = _text(entry, "number", profile_id)
    where = f"{profile_id} {number}"
    source, quote = _sourced(entry, known, where)
    if number not in quote:
        raise ProfileError(f"{where}：出处原文中没有这个号码")
    return PolicyHotline(Hotline(number, _text(entry, "label", where)), source, quote)
