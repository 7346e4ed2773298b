"""Role-matrix entries for printing (merged into MATRIX in test_role_matrix.py).

Building a printout follows who may read it: the slip and the day sheet are for counselors and the
lead; the door roster names teachers only, so every role may build it; the 个案分析报告 follows the
case (here one assigned to the counselor; the per-record rows — assigned, shared, neither, lead,
principal, admin — are in test_case_report.py); the referral and crisis forms follow their record
(here the counselor's; per-record rows in test_printed_forms.py). Whoever could build a
document may print or save it — the content was checked by the builder.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from counselroom.domain.roles import Role
from counselroom.services.printing import (
    case_report_data,
    incident_print_data,
    print_jobs,
    printouts,
    referral_print_data,
    return_print_data,
)
from counselroom.services.printing.print_jobs import PrintJob
from tests.conftest import FIXED_NOW
from tests.services.appointment_data import TUESDAY, set_up_scheduling
from tests.services.form_data import a_return, an_exception, an_incident, referral_with_case_content
from tests.services.matrix_cases import case_of_counselor
from tests.services.matrix_duty import ready
from tests.services.matrix_print_data import booked_appointment

ALL = frozenset(Role)
CARE = frozenset({Role.COUNSELOR, Role.LEAD})
DOOR_ROTA = PrintJob(b"%PDF-1.4 door roster", "值班表 2025年10月", "duty_roster", "2025-10")


def _target(name: str) -> Path:
    """A fresh folder in the test's own temp folder (conftest points tempfile there)."""
    return Path(tempfile.mkdtemp()) / name


PRINTOUTS_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "print_jobs.appointment_slip_job": (
        CARE,
        lambda s, a, k: print_jobs.appointment_slip_job(s.db, s.actor, booked_appointment(a), now=FIXED_NOW),
    ),
    "print_jobs.day_sheet_job": (
        CARE,
        lambda s, a, k: print_jobs.day_sheet_job(
            s.db, s.actor, day=TUESDAY.date(), counselor_id=set_up_scheduling(a).counselor, now=FIXED_NOW
        ),
    ),
    "print_jobs.door_rota_job": (
        ALL,
        lambda s, a, k: print_jobs.door_rota_job(s.db, s.actor, term_id=ready(a), now=FIXED_NOW),
    ),
    "printouts.record_printed": (
        ALL,
        lambda s, a, k: printouts.record_printed(s.db, s.actor, DOOR_ROTA, now=FIXED_NOW),
    ),
    "printouts.save_pdf": (
        ALL,
        lambda s, a, k: printouts.save_pdf(s.db, s.actor, DOOR_ROTA, _target("值班表.pdf"), now=FIXED_NOW),
    ),
    "printouts.save_appointment_slip_pdf": (
        CARE,
        lambda s, a, k: printouts.save_appointment_slip_pdf(
            s.db, s.actor, booked_appointment(a), _target("预约单.pdf"), now=FIXED_NOW
        ),
    ),
    "printouts.save_day_sheet_pdf": (
        CARE,
        lambda s, a, k: printouts.save_day_sheet_pdf(
            s.db,
            s.actor,
            _target("日程表.pdf"),
            day=TUESDAY.date(),
            counselor_id=set_up_scheduling(a).counselor,
            reason="打印机故障",
            now=FIXED_NOW,
        ),
    ),
    "case_report_data.case_report_data": (
        CARE,
        lambda s, a, k: case_report_data.case_report_data(s.db, s.actor, case_of_counselor(a), now=FIXED_NOW),
    ),
    "print_jobs.case_report_job": (
        CARE,
        lambda s, a, k: print_jobs.case_report_job(s.db, s.actor, case_of_counselor(a), now=FIXED_NOW),
    ),
    "printouts.save_case_report_pdf": (
        CARE,
        lambda s, a, k: printouts.save_case_report_pdf(
            s.db, s.actor, case_of_counselor(a), _target("个案分析报告.pdf"), reason="专家会诊", now=FIXED_NOW
        ),
    ),
    "printouts.save_door_rota_pdf": (
        ALL,
        lambda s, a, k: printouts.save_door_rota_pdf(
            s.db, s.actor, _target("值班表.pdf"), term_id=ready(a), now=FIXED_NOW
        ),
    ),
}


# The forms of the referral and crisis workflows (issue #11 item 6): the counselor's records.
_referral, _return, _incident, _exception = referral_with_case_content, a_return, an_incident, an_exception
FORMS_MATRIX: dict[str, tuple[frozenset[Role], Any]] = {
    "referral_print_data.referral_slip_data": (
        CARE,
        lambda s, a, k: referral_print_data.referral_slip_data(s.db, s.actor, _referral(a), now=FIXED_NOW),
    ),
    "referral_print_data.guardian_consent_data": (
        CARE,
        lambda s, a, k: referral_print_data.guardian_consent_data(s.db, s.actor, _referral(a), now=FIXED_NOW),
    ),
    "return_print_data.return_assessment_data": (
        CARE,
        lambda s, a, k: return_print_data.return_assessment_data(s.db, s.actor, _return(a), now=FIXED_NOW),
    ),
    "incident_print_data.incident_record_data": (
        CARE,
        lambda s, a, k: incident_print_data.incident_record_data(s.db, s.actor, _incident(a), now=FIXED_NOW),
    ),
    "incident_print_data.confidentiality_notice_data": (
        CARE,
        lambda s, a, k: incident_print_data.confidentiality_notice_data(s.db, s.actor, _exception(a), now=FIXED_NOW),
    ),
    "print_jobs.referral_slip_job": (
        CARE,
        lambda s, a, k: print_jobs.referral_slip_job(s.db, s.actor, _referral(a), now=FIXED_NOW),
    ),
    "print_jobs.guardian_consent_job": (
        CARE,
        lambda s, a, k: print_jobs.guardian_consent_job(s.db, s.actor, _referral(a), now=FIXED_NOW),
    ),
    "print_jobs.return_assessment_job": (
        CARE,
        lambda s, a, k: print_jobs.return_assessment_job(s.db, s.actor, _return(a), now=FIXED_NOW),
    ),
    "print_jobs.incident_record_job": (
        CARE,
        lambda s, a, k: print_jobs.incident_record_job(s.db, s.actor, _incident(a), now=FIXED_NOW),
    ),
    "print_jobs.confidentiality_notice_job": (
        CARE,
        lambda s, a, k: print_jobs.confidentiality_notice_job(s.db, s.actor, _exception(a), now=FIXED_NOW),
    ),
    "printouts.save_referral_slip_pdf": (
        CARE,
        lambda s, a, k: printouts.save_referral_slip_pdf(
            s.db, s.actor, _referral(a), _target("转介单.pdf"), reason="送医院", now=FIXED_NOW
        ),
    ),
    "printouts.save_guardian_consent_pdf": (
        CARE,
        lambda s, a, k: printouts.save_guardian_consent_pdf(
            s.db, s.actor, _referral(a), _target("家长告知书.pdf"), reason="交家长", now=FIXED_NOW
        ),
    ),
    "printouts.save_return_assessment_pdf": (
        CARE,
        lambda s, a, k: printouts.save_return_assessment_pdf(
            s.db, s.actor, _return(a), _target("复学评估表.pdf"), reason="存档", now=FIXED_NOW
        ),
    ),
    "printouts.save_incident_record_pdf": (
        CARE,
        lambda s, a, k: printouts.save_incident_record_pdf(
            s.db, s.actor, _incident(a), _target("危机事件处置记录.pdf"), reason="存档", now=FIXED_NOW
        ),
    ),
    "printouts.save_confidentiality_notice_pdf": (
        CARE,
        lambda s, a, k: printouts.save_confidentiality_notice_pdf(
            s.db, s.actor, _exception(a), _target("保密例外告知单.pdf"), reason="交家长", now=FIXED_NOW
        ),
    ),
}
# Building blocks called inside those services, after their access check.
FORMS_BUILDING_BLOCKS = {"form_data.printed_by", "form_data.school_contact"}
