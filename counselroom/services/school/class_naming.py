"""设置 → 班级: the form in which the school writes its classes (初一(3)班, 七年级（3）班 …).

Kept in the settings key 'class_name_form' as the form's example. The stored grade and class
names follow it — changing the form renames them all in one transaction — so every list, search
and export shows the school's own form; new classes (名单 import, 学年升级) are named in it too.
Printed Chinese takes full-width brackets whatever the form (class_names.print_name).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counselroom.domain.audit import AuditAction
from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import ValidationError
from counselroom.domain.roles import Actor, Permission
from counselroom.domain.school.class_names import DEFAULT_FORM, NAME_FORMS, NameForm, name_form
from counselroom.domain.school.school_structure import class_name, grade_name
from counselroom.services.accounts.session import Changes
from counselroom.services.guard import authorize
from counselroom.store import audit_log, settings
from counselroom.store.connection import Connection
from counselroom.store.database import Database
from counselroom.store.school import classes

SETTING_KEY = "class_name_form"


@dataclass(frozen=True)
class NameForms:
    current: str  # 初一(3)班
    choices: tuple[str, ...]  # every form, by its example


def class_name_forms(db: Database, actor: Actor, *, now: datetime) -> NameForms:
    authorize(db, actor, Permission.VIEW_SCHOOL, now=now)
    return NameForms(name_form_of(db.conn).example, tuple(f.example for f in NAME_FORMS))


def set_class_name_form(db: Database, actor: Actor, example: str, *, now: datetime) -> Changes:
    """Use the form of `example` from now on and rename every grade and class to it."""
    authorize(db, actor, Permission.MANAGE_ROSTER, now=now, object_type="setting", object_id=SETTING_KEY)
    form = next((f for f in NAME_FORMS if f.example == example), None)
    if form is None:
        raise ValidationError(f"班级写法应为：{'、'.join(f.example for f in NAME_FORMS)}", field="班级写法")
    with db.transaction() as conn:
        settings.set_setting(conn, SETTING_KEY, form.example)
        renamed = rename_all(conn, form)
        audit_log.append(
            conn,
            at=now,
            actor=actor,
            action=AuditAction.SETTINGS_CHANGED,
            object_type="setting",
            object_id=SETTING_KEY,
            detail=f"{form.example}（{renamed} 个班级）",
        )
    return Changes.of(ChangeKind.CLASSES, ChangeKind.STUDENTS, summary=f"班级写法已改为“{form.example}”")


def name_form_of(conn: Connection) -> NameForm:
    """Building block: the school's form, for services that name grades and classes."""
    return name_form(settings.get_setting(conn, SETTING_KEY, DEFAULT_FORM.example))


def rename_all(conn: Connection, form: NameForm) -> int:
    """Every grade and class (graduated ones too) renamed to `form`; how many classes."""
    for g in classes.all_grades(conn):
        classes.rename_grade(conn, g.id, grade_name(g.stage, g.year_in_stage, form))
    found = classes.all_classes(conn)
    for c in found:
        classes.rename_class(conn, c.id, class_name(c.stage, c.year_in_stage, c.number, form))
    return len(found)
