"""学生记录: one line per student at school, under a pseudonym, for a holder of the care key (SECURITY.md
11). A building block of stats_export, called only after it has checked the care permission.

What a line says (docs/security-design.md, “Exports”): 化名, 学段, 年级, 性别 (generalised where a group
would be small: domain/exports/record_groups.py), the warning level now, whether the student took
part in a screening held in the term and screened positive, the appointments attended in the term
(in bands), whether a case or a referral was open in the term, the 六谈 talks (in bands) and
whether a 家访 was made. Never a name, 学号, class, birth date, date of anything, or text. Lines are
in pseudonym order, so their order says nothing about 学号 or class either."""

from __future__ import annotations

from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.errors import ValidationError
from counselroom.domain.exports.export_document import ExportTable
from counselroom.domain.exports.record_groups import HIDDEN, Placement, count_band, generalised
from counselroom.domain.pseudonyms import pseudonym
from counselroom.services.reports.report_term import ReportTerm
from counselroom.store import export_records
from counselroom.store.connection import Connection
from counselroom.store.export_records import StudentCareFacts

COLUMNS = (
    "化名",
    "学段",
    "年级",
    "性别",
    "预警等级（导出时）",
    "本学期参加筛查",
    "本学期筛查阳性",
    "本学期辅导（已到）",
    "本学期有个案",
    "本学期有转介",
    "本学期谈心谈话",
    "本学期家访",
)
NOT_LISTED = "未列入"
NOT_APPLICABLE = "—"


def records_table(conn: Connection, term: ReportTerm, threshold: int) -> ExportTable:
    secret = export_records.pseudonym_secret(conn)
    if secret is None:
        raise ValidationError("关爱数据文件中没有化名密钥，无法导出学生记录；请运行“检查”后联系技术支持", field="化名")
    students = export_records.students_at_school(conn)
    facts = export_records.care_facts(conn, term.start, min(term.end, term.as_of))
    places = generalised([Placement(s.stage, s.grade, s.gender) for s in students], threshold)
    rows = sorted(
        (
            (pseudonym(secret, s.student_id), *_place(p), *_facts(facts.get(s.student_id, StudentCareFacts())))
            for s, p in zip(students, places, strict=True)
        ),
        key=lambda row: row[0],
    )
    if len({row[0] for row in rows}) != len(rows):  # 48 bits: not expected in any school's lifetime
        raise ValidationError("两名学生的化名重复，无法导出学生记录；请联系技术支持", field="化名")
    return ExportTable(
        "学生记录",
        "学生记录（化名，每行一名在校学生）",
        COLUMNS,
        tuple(rows),
        f"化名由本校关爱数据中的密钥算出，同一学生每次导出相同，不能反查姓名；"
        f"某组人数不超过 {threshold} 人时，其年级或性别写“{HIDDEN}”；次数按区间给出。",
    )


def _place(p: Placement) -> tuple[str, str, str]:
    return p.stage or NOT_APPLICABLE, p.grade, p.gender


def _facts(f: StudentCareFacts) -> tuple[str, ...]:
    level = f"{WarningLevel(f.level).label}预警" if f.level else NOT_LISTED
    return (
        level,
        _yes(f.screened),
        _yes(f.positive) if f.screened else NOT_APPLICABLE,
        count_band(f.sessions),
        _yes(f.case),
        _yes(f.referral),
        count_band(f.talks),
        _yes(f.home_visit),
    )


def _yes(flag: bool) -> str:
    return "是" if flag else "否"
