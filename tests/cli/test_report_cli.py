"""`counselroom report self-inspection` as a principal runs it from a script: the term's report as
PDF or Word, audited as an export; a wrong suffix or term is a usage or user error in Chinese."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from counselroom import cli
from counselroom.domain.school.terms import TermDates
from counselroom.services.accounts.session import KeyPolicy
from counselroom.services.school import school_calendar
from counselroom.system import clock
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.school_data import add_small_school


@pytest.fixture(autouse=True)
def cheap_keys(monkeypatch: pytest.MonkeyPatch, keys: KeyPolicy) -> None:
    monkeypatch.setattr(cli, "key_policy", lambda: keys)
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORD)
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


@pytest.fixture
def db(school: SchoolFixture) -> Path:
    admin = school.admin
    first, second = (
        TermDates(1, date(2025, 9, 1), date(2026, 1, 20)),
        TermDates(2, date(2026, 2, 20), date(2026, 7, 10)),
    )
    school_calendar.add_school_year(admin.db, admin.actor, start_year=2025, first=first, second=second, now=FIXED_NOW)
    add_small_school(admin)
    return school.path


def report(db: Path, out: Path, term: str = "2025-2026-1") -> int:
    return cli.run(
        ["report", "self-inspection", "--db", str(db), "--user", "principal", "--term", term, "--out", str(out)]
    )


def test_the_principal_saves_the_report_as_pdf_and_word(
    db: Path, tmp_path: Path, school: SchoolFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    assert report(db, tmp_path / "自查.pdf") == 0
    assert "已保存学期自查报告 2025-2026学年第一学期" in capsys.readouterr().out
    text = subprocess.run(["pdftotext", str(tmp_path / "自查.pdf"), "-"], capture_output=True, text=True).stdout
    assert "学期自查报告" in text and "心理健康教师的配备" in text
    assert report(db, tmp_path / "自查.docx") == 0
    assert any("心理健康教师的配备" in p.text for p in Document(str(tmp_path / "自查.docx")).paragraphs)
    lead = school.sign_in("lead")
    rows = lead.db.conn.execute(
        "SELECT object_type, reason FROM audit_log WHERE action = 'exported' ORDER BY seq"
    ).fetchall()
    lead.db.close()
    assert [r[0] for r in rows] == ["self_inspection", "self_inspection"]
    assert all(str(r[1]).startswith("学期自查报告 2025-2026学年第一学期") for r in rows)


def test_a_wrong_suffix_or_term_is_said_in_chinese(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert report(db, tmp_path / "自查.xlsx") == 2
    assert "应以 .pdf 或 .docx 结尾" in capsys.readouterr().err
    assert report(db, tmp_path / "自查.pdf", term="2030-2031-1") == 1
    assert "没有学期“2030-2031-1”" in capsys.readouterr().err
    assert not (tmp_path / "自查.pdf").exists()


def test_the_talk_table_as_excel_pdf_and_word(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["report", "talks", "--db", str(db), "--user", "counselor", "--from", "2025-09-01", "--to", "2025-10-13"]
    for suffix in ("xlsx", "pdf", "docx"):
        assert cli.run([*base, "--out", str(tmp_path / f"表.{suffix}"), "--contact", "王老师"]) == 0
        assert (tmp_path / f"表.{suffix}").stat().st_size > 1000
    assert "已保存活动记录表 2025-09-01至2025-10-13" in capsys.readouterr().out
    principal = [
        "report",
        "talks",
        "--db",
        str(db),
        "--user",
        "principal",
        "--from",
        "2025-09-02",
        "--to",
        "2025-10-13",
    ]
    assert cli.run([*principal, "--out", str(tmp_path / "校长.xlsx")]) == 1
    assert "校领导账号可按整月或整学期出表" in capsys.readouterr().err
    assert cli.run([*base, "--out", str(tmp_path / "表.csv")]) == 2
