"""What every printed form of the referral and crisis workflows states about its own printing and
about the school: who printed it and when (the watermark), the school's name (the header), and the
counseling room's contact as a partner or a parent would use it (its location and its own phone,
QQ or 微信 — not the public hotlines, which are for students).

Building blocks, called only inside an authorised service call (after its access check)."""

from __future__ import annotations

from datetime import datetime

from counselroom.domain.roles import Actor
from counselroom.reports.form_parts import Printed
from counselroom.services.printing.print_data import room_location
from counselroom.services.school.hotlines import local_hotlines
from counselroom.store.database import Database
from counselroom.store.school import school


def printed_by(db: Database, actor: Actor, *, now: datetime) -> Printed:
    found = school.get_school(db.conn)
    return Printed(found.name if found else "", f"{actor.display_name}（{actor.role.label}）", now)


def school_contact(db: Database) -> str:
    """行政楼三楼东侧 心理辅导室；心理辅导室电话 0791-…"""
    own = [f"{h.label} {h.number}".strip() for h in local_hotlines(db.conn)]
    return "；".join([room_location(db.conn), *own])
