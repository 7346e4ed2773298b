"""Demo 个案 and 辅导记录 (issue #10 item 10): a case for most students on the warning list, with an
初访, a few 个别辅导 sessions a week or two apart, a 危机评估 for red entries (co-signed by the
lead when a counselor wrote it), some 补充说明, and the latest session left as a draft now and
then — written as a school counselor writes: what was seen and said, never a diagnosis.

After the cases, from the same dice (so the cases stay as they were): 一人一案 reviews for a few
students (plan_review_rows) and a few attachments (attachment_files). Every note, addendum, case
and plan enters the search index through services/cases/search_documents, as the services' writes
do, so the demo's index holds exactly the text a teacher's own edits would put there."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from counselroom.demo import attachment_files, plan_review_rows
from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.cases.note_templates import FieldKind, NoteTemplate
from counselroom.domain.students.leave_return import to_school_day
from counselroom.services.cases import search_documents
from counselroom.store.care import care_records, warnings
from counselroom.store.cases import cases, notes
from counselroom.store.connection import Connection
from counselroom.system.note_template_files import load_note_templates

TOPICS = (
    "考试前紧张、睡不好",
    "和同桌闹矛盾后不愿上学",
    "父母常吵架，回家不想说话",
    "作业拖拉，成绩下滑",
    "近来常说累、提不起劲",
)
PROCESS = (
    "学生主动谈起最近的睡眠，说躺下后脑子停不下来。一起回顾了一周的作息，找出两个可以调整的时段。",
    "学生开始较拘谨，谈到班级活动时放松下来。说和同学的矛盾起于一次误会，愿意试着先打招呼。",
    "学生说家里最近争吵多，自己常在房间戴耳机。倾听为主，肯定了学生想办法让自己安静下来。",
    "学生谈到数学跟不上，越拖越怕。一起把作业拆成小块，约定每天先做最短的一项。",
)
OBSERVATION = ("情绪平稳，说话时有眼神交流。", "说到家里时声音变小，低头。", "谈话后半段明显放松，笑了几次。")
NEXT = ("一周后同一时间再约。", "两周后复谈，期间请班主任留意出勤。", "下周与家长电话沟通一次。")
CONCERN = (
    "班主任反映近两周上课走神、作业缺交。",
    "学生自己预约，说最近心烦、睡不好。",
    "心理委员反映该生常一个人待着。",
)
RISK = ("近期与好友断交，父母关系紧张。", "最近一次考试失利后说“没意思”。")
PROTECT = ("与班主任关系好，愿意求助；喜欢画画。", "有一位信任的表姐，周末常联系。")
MEANS = ("未提及具体想法或方法。", "问及时表示没有想过具体方法。")
PLAN = ("当天告知家长和班主任，约定一周内复评；给了 12355 热线卡片。", "请家长当晚陪伴，三天后复评。")
ADDENDA = ("补记：当天下午已电话告知家长，家长表示会多陪伴。", "补记：班主任反馈本周出勤正常。")


def add_cases(conn: Connection, rng: random.Random, *, user_ids: Mapping[str, int], now: datetime) -> None:
    templates = {t.id: t for t in load_note_templates()}
    lead, counselor = user_ids["lead"], user_ids["counselor"]
    to_cosign: list[tuple[date, int]] = []  # counselors' crisis notes: the lead co-signs all but the latest
    oranges = 0
    for entry in warnings.all_open(conn):
        if rng.random() < 0.2:
            continue  # not every listed student has a case yet
        author = entry.counselor_id or counselor
        opened = entry.opened_on
        stamp = datetime.combine(opened, time(12, 30))
        issues = ["情绪", *rng.sample(["学业", "人际", "家庭"], k=rng.randint(1, 2))]
        oranges += entry.level is WarningLevel.ORANGE
        # Red entries, and every third orange one (no dice: the draws stay as they were), had a
        # moment that called for a 危机评估 — so even a small demo school shows one.
        assessed = entry.level is WarningLevel.RED or (entry.level is WarningLevel.ORANGE and oranges % 3 == 1)
        if assessed:
            issues.append("自伤风险")
        case_id = cases.insert_case(
            conn, student_id=entry.student_id, reason=rng.choice(CONCERN), issue_types=issues, opened_on=opened,
            opened_by=author, now=stamp,
        )  # fmt: skip
        cases.set_person(conn, case_id, author, cases.ASSIGNED, by=lead, now=stamp)
        cases.add_event(conn, case_id, by=author, action="开案", detail="、".join(issues), now=stamp)
        days = [to_school_day(opened + timedelta(days=7 * i + rng.randint(0, 3))) for i in range(rng.randint(1, 4))]
        days = [d for d in days if d <= now.date()] or [opened]
        for i, day in enumerate(days):
            template = templates["intake" if i == 0 else "individual"]
            draft = i == len(days) - 1 and (now.date() - day).days < 7 and rng.random() < 0.5
            _note(conn, rng, template, case_id, entry.student_id, day, author, lead, signed=not draft)
        if assessed:
            # A counselor assesses (with the lead on the case when the lead follows the student),
            # and the lead co-signs: the second pair of eyes the template asks for.
            assessor = author if author != lead else counselor
            if assessor != author:
                cases.set_person(conn, case_id, assessor, cases.ASSIGNED, by=lead, now=stamp)
            crisis = _note(
                conn, rng, templates["crisis"], case_id, entry.student_id, opened, assessor, lead, signed=True
            )
            to_cosign.append((opened, crisis))
        cases.set_next_step(conn, case_id, rng.choice(NEXT), now=stamp)
        search_documents.index_case(conn, case_id)
    for day, note_id in sorted(to_cosign)[:-1]:
        notes.cosign(conn, note_id, by=lead, now=datetime.combine(day, time(16, 0)))
    # Their own dice, drawn after the cases': the cases stay as they were.
    plan_review_rows.add_plan_reviews(conn, rng, user_ids=user_ids, now=now)
    attachment_files.add_attachments(conn, rng, user_ids=user_ids, now=now)
    for student_id in sorted(care_records.students_with_plans(conn)):
        search_documents.index_plan(conn, student_id)


def _note(
    conn: Connection,
    rng: random.Random,
    template: NoteTemplate,
    case_id: int,
    student_id: int,
    day: date,
    author: int,
    lead: int,
    *,
    signed: bool,
) -> int:
    at = datetime.combine(day, time(13, 20))
    note_id = notes.insert_draft(
        conn, case_id=case_id, template=template.id, needs_cosign=template.needs_cosign, held_on=day,
        fields=_fields(rng, template, day), author_id=author, students=[notes.NoteStudent(student_id, "")], now=at,
    )  # fmt: skip
    if signed:
        _sign(conn, rng, note_id, day, author)
    search_documents.index_note(conn, note_id)
    return note_id


def _sign(conn: Connection, rng: random.Random, note_id: int, day: date, author: int) -> None:
    at = datetime.combine(day, time(13, 20))
    notes.sign(conn, note_id, by=author, now=at + timedelta(minutes=40))
    if rng.random() < 0.15:
        notes.add_addendum(conn, note_id, rng.choice(ADDENDA), author_id=author, now=at + timedelta(days=1))


_WORDS: dict[str, tuple[str, ...]] = {
    "topic": TOPICS,
    "process": PROCESS,
    "observation": OBSERVATION,
    "next_step": NEXT,
    "concern": CONCERN,
    "situation": CONCERN,
    "risk_factors": RISK,
    "protective_factors": PROTECT,
    "means": MEANS,
    "plan": PLAN,
}


def _fields(rng: random.Random, template: NoteTemplate, day: date) -> dict[str, str]:
    found = {}
    for field in template.note_fields:
        if not field.required and field.key not in _WORDS:
            continue
        if field.kind is FieldKind.CHOICE:
            found[field.key] = field.options[0] if field.key == "confidentiality" else rng.choice(field.options)
        elif field.kind is FieldKind.DATE:
            found[field.key] = (day + timedelta(days=7)).isoformat()
        else:
            found[field.key] = rng.choice(_WORDS.get(field.key, ("已记录。",)))
    return found
