"""Screening test data: two grades, a class each, a few students, and a platform export."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from counselroom.services.accounts.session import Session
from counselroom.store.students import enrolment

STUDENTS = (
    # id, 学号, 姓名, 性别, grade
    (1, "2025101001", "张晓明", "男", "初一"),
    (2, "2025101002", "李雨涵", "女", "初一"),
    (3, "2025101003", "王子轩", "男", "初一"),
    (4, "2024101001", "陈思琪", "女", "初二"),
    (5, "2024101002", "刘浩然", "男", "初二"),
)


def add_screening_students(session: Session) -> None:
    """Add the grades, classes and students once per database (safe to call again)."""
    if session.db.conn.execute("SELECT count(*) FROM students").fetchone()[0]:
        return
    with session.db.transaction() as conn:
        classes = {}
        for order, grade in enumerate(("初一", "初二"), start=1):
            grade_id = enrolment.insert_grade(
                conn, name=grade, stage="初中", year_in_stage=order, sort_order=10 + order
            )
            classes[grade] = enrolment.insert_class(
                conn, grade_id=grade_id, number=1, name=f"{grade}(1)班", head_teacher_id=None
            )
        enrolment.insert_students(
            conn,
            [
                (sid, no, name, gender, "2012-03-05", classes[grade], "在读", "2025-09-01", "2025-09-01", "2025-09-01")
                for sid, no, name, gender, grade in STUDENTS
            ],
        )


PHQ_ITEMS = [
    "1.做事时提不起劲或没有兴趣",
    "2.感到心情低落、沮丧或绝望",
    "3.入睡困难、睡不安稳或睡眠过多",
    "4.感觉疲倦或没有活力",
    "5.食欲不振或吃太多",
    "6.觉得自己很糟",
    "7.对事物专注有困难",
    "8.动作或说话速度缓慢",
    "9.有不如死掉或用某种方式伤害自己的念头",
]
HEADER = ["序号", "学号", "姓名", "性别", "班级", "提交时间", "作答时长", *PHQ_ITEMS, "总分", "测谎"]
ROWS = [
    # 学号, 姓名, 提交时间, 作答时长, 9 answers, 总分, 测谎
    ("2025101001", "张晓明", "2025-10-09 14:03:22", "03:12", [2, 2, 1, 1, 2, 1, 1, 2, 0], 12, "有效"),  # yellow
    ("2025101002", "李雨涵", "2025-10-09 14:05:10", "02:40", [1, 1, 0, 1, 0, 0, 0, 0, 1], 4, "有效"),  # orange
    ("2025101003", "王子轩", "2025-10-09 14:06:00", "00:09", [2, 2, 2, 1, 1, 1, 1, 1, 0], 11, "有效"),  # too fast
    ("2024101001", "陈思琪", "2025-10-09 15:00:00", "02:05", [0, 1, 0, 0, 0, 0, 0, 0, 0], 1, "有效"),  # calm
    ("2024101002", "刘浩然", "2025-10-09 15:01:00", "02:30", [2, 2, 2, 2, 2, 2, 2, 2, 0], 16, "无效"),  # lie
]
SCHOOL = "测试中学2025年秋季心理健康普查（PHQ-9）结果导出"


def platform_export(path: Path, rows: list[tuple] = ROWS, header: list[str] = HEADER) -> Path:
    """Laid out like a platform's export: a merged title, an export note, then the header."""
    book = Workbook()
    sheet = book.active
    sheet.title = "测评结果"
    sheet.append([SCHOOL])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(["导出时间：2025-10-10 08:00", "", "", "共 5 人"])
    sheet.append(header)
    for i, (no, name, at, took, answers, total, lie) in enumerate(rows, start=1):
        sheet.append([i, no, name, "男", "初一(1)班", at, took, *answers, total, lie])
    sheet.append([])
    sheet.append(["", "", "", "", "", "", "", *[""] * 9, "", ""])
    book.save(path)
    return path
