"""Role-matrix rows for 六谈 talks and 家访 (issue #12): they name students, so the counselor and the
lead (holding the care key) record and read them; the principal and the admin are refused. A
deletion is tried on the counselor's own entry (the lead may delete anyone's: test_talks.py)."""

from __future__ import annotations

from counselroom.domain.roles import Role
from counselroom.services.activities import home_visits, talks
from tests.conftest import FIXED_NOW
from tests.services.activity_care_data import (
    LONG_AGO,
    TODAY,
    care_school,
    counselors_talk,
    counselors_visit,
    talk_input,
    visit_input,
)

CARE = frozenset({Role.COUNSELOR, Role.LEAD})
# Called only from inside an authorised service call (or by student_timeline, after its check).
ACTIVITIES_CARE_BUILDING_BLOCKS = {
    "care_entries.audit",
    "care_entries.delete_entry",  # called by talks.delete_talk and home_visits.delete_home_visit, which are in the matrix
    "timeline_sources.talk_events",
    "timeline_sources.home_visit_events",
}

ACTIVITIES_CARE_MATRIX = {
    "talks.record_talks": (
        CARE,
        lambda s, all_, k: talks.record_talks(s.db, s.actor, [talk_input(all_)], now=FIXED_NOW),
    ),
    "talks.list_talks": (
        CARE,
        lambda s, all_, k: talks.list_talks(s.db, s.actor, start=LONG_AGO, end=TODAY, now=FIXED_NOW),
    ),
    "talks.delete_talk": (
        CARE,
        lambda s, all_, k: talks.delete_talk(s.db, s.actor, counselors_talk(all_), now=FIXED_NOW),
    ),
    "talks.talk_tally": (
        CARE,
        lambda s, all_, k: talks.talk_tally(s.db, s.actor, start=LONG_AGO, end=TODAY, now=FIXED_NOW),
    ),
    "home_visits.record_home_visits": (
        CARE,
        lambda s, all_, k: home_visits.record_home_visits(s.db, s.actor, [visit_input(all_)], now=FIXED_NOW),
    ),
    "home_visits.list_home_visits": (
        CARE,
        lambda s, all_, k: home_visits.list_home_visits(s.db, s.actor, start=LONG_AGO, end=TODAY, now=FIXED_NOW),
    ),
    "home_visits.delete_home_visit": (
        CARE,
        lambda s, all_, k: home_visits.delete_home_visit(s.db, s.actor, counselors_visit(all_), now=FIXED_NOW),
    ),
    "home_visits.siblings": (
        CARE,
        lambda s, all_, k: home_visits.siblings(s.db, s.actor, care_school(all_)["student"], now=FIXED_NOW),
    ),
}
