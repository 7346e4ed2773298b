"""政策依据: which policy profile the school works to (SPEC §5), and its rules with their sources.

The choice is kept in the school row (school.policy_profile). A school that has not chosen yet
works to 江西省's task list (S003), the province of the documents the program was built from;
设置 → 政策依据 says so and offers the others. Switching changes the thresholds shown, the
心理委员 rule and the hotlines printed on the door roster and the slips.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.policy_profiles import PolicyHotline, PolicyProfile, Threshold, thresholds
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import school
from counselroom.system.policy_files import load_profiles

DEFAULT_PROFILE = "jiangxi"


@dataclass(frozen=True)
class ProfileChoice:
    id: str
    name: str
    summary: str


@dataclass(frozen=True)
class ShownRule:
    """One row of the read-only table in 设置 → 政策依据."""

    key: str
    topic: str
    item: str
    requirement: str  # 每年不低于 40 学时职后专题培训
    scope: str
    strength: str  # 要求 / 鼓励
    value: int | None
    unit: str
    school_own: bool  # the school set its own number (not yet possible: always False)
    source: str  # S001
    document: str  # the document's title
    quote: str


@dataclass(frozen=True)
class ShownHotline:
    number: str
    label: str
    source: str
    quote: str


@dataclass(frozen=True)
class PolicyView:
    id: str
    name: str
    summary: str
    chosen: bool  # False while the school works to the default without having chosen
    rules: tuple[ShownRule, ...]
    hotlines: tuple[ShownHotline, ...]


def list_profiles(db: Database, actor: Actor, *, now: datetime) -> list[ProfileChoice]:
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    return [ProfileChoice(p.id, p.name, p.summary) for p in load_profiles()]


def school_policy(db: Database, actor: Actor, *, now: datetime) -> PolicyView:
    """The profile the school works to: each rule with its source sentence, and its hotlines."""
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    return _view(db.conn, policy_of(db.conn))


def profile_policy(db: Database, actor: Actor, profile_id: str, *, now: datetime) -> PolicyView:
    """Any profile's rules and hotlines as school_policy shows them: read before choosing it."""
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    return _view(db.conn, _profile(profile_id))


def _view(conn: Connection, profile: PolicyProfile) -> PolicyView:
    return PolicyView(
        profile.id,
        profile.name,
        profile.summary,
        _chosen_id(conn) == profile.id,
        tuple(_shown(profile, t) for t in thresholds(profile)),
        tuple(_shown_hotline(h) for h in profile.hotlines),
    )


def _profile(profile_id: str) -> PolicyProfile:
    profile = next((p for p in load_profiles() if p.id == profile_id), None)
    if profile is None:
        raise ValidationError(f"没有名为“{profile_id}”的政策依据", field="政策依据")
    return profile


def set_policy_profile(db: Database, actor: Actor, profile_id: str, *, now: datetime) -> Changes:
    authorize(db, actor, Permission.MANAGE_SETTINGS, now=now, object_type="setting", object_id="policy_profile")
    profile = _profile(profile_id)
    with db.transaction() as conn:
        school.set_policy_profile(conn, profile.id)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SETTINGS_CHANGED,
            object_type="setting",
            object_id="policy_profile",
            detail=profile.name,
        )
    # The hotlines (设置, 值班) and the 心理委员 coverage (预警, which listens to STUDENTS as
    # set_peer_monitors reports) follow the profile: those pages refresh too.
    return Changes.of(ChangeKind.SETTINGS, ChangeKind.STUDENTS, summary=f"政策依据已改为：{profile.name}")


def policy_of(conn: Connection) -> PolicyProfile:
    """Building block for services that apply the profile inside their own authorised call."""
    profiles = {p.id: p for p in load_profiles()}
    return profiles.get(_chosen_id(conn)) or profiles[DEFAULT_PROFILE]


def _chosen_id(conn: Connection) -> str:
    row = school.get_school(conn)
    return row.policy_profile if row else ""


def _shown(profile: PolicyProfile, threshold: Threshold) -> ShownRule:
    rule = threshold.rule
    return ShownRule(
        rule.key,
        rule.topic,
        rule.item,
        threshold.text,
        rule.scope,
        rule.strength,
        threshold.value,
        rule.unit,
        threshold.is_school_own,
        rule.source,
        profile.document_title(rule.source),
        rule.quote,
    )


def _shown_hotline(line: PolicyHotline) -> ShownHotline:
    return ShownHotline(line.hotline.number, line.hotline.label, line.source, line.quote)
