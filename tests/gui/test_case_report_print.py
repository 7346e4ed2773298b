"""打印个案分析报告 as the 个案 page will call it: print_case_report(parent, runner, case_id) builds the
report on the worker and opens the print path — the print dialog where this PC renders PDFs,
otherwise 另存为 PDF with the not-encrypted warning and a reason. A refusal is the one Chinese
error dialog, and nothing opens."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from counselroom.domain.roles import Role
from counselroom.gui import service_runner
from counselroom.gui.printing import print_preview
from counselroom.gui.printing.print_actions import print_case_report
from counselroom.gui.service_runner import ServiceRunner
from counselroom.services.accounts.session import Session
from counselroom.services.cases import cases
from counselroom.services.printing.print_jobs import PrintJob
from counselroom.system import clock
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.printer import printer_picked, printer_reached
from tests.reports.pdf_checks import page_texts
from tests.services.case_data import ADDENDUM, DRAFT, case_for_report
from tests.services.test_cases import _second_counselor

A4 = QSizeF(595.28, 841.89)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: FIXED_NOW)


@pytest.fixture(autouse=True)
def errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(service_runner, "show_error", lambda _parent, error: shown.append(str(error)))
    return shown


@pytest.fixture
def case_id(sessions: dict[Role, Session], tmp_path: Path) -> int:
    return case_for_report(sessions, tmp_path)


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    shown = QWidget()  # stands in for the 个案 page
    qtbot.addWidget(shown)
    return shown


def _rows(session: Session, after: int) -> list[tuple[str, ...]]:
    found = session.db.conn.execute(
        "SELECT action, object_type, object_id, reason, detail FROM audit_log WHERE seq > ? ORDER BY seq", (after,)
    ).fetchall()
    return [tuple(str(v) for v in row) for row in found]


def _last_seq(session: Session) -> int:
    return int(session.db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0])


def test_the_print_dialog_opens_for_the_case_and_the_printed_row_comes_first(
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
    school: SchoolFixture,
    sessions: dict[Role, Session],
    case_id: int,
    errors: list[str],
) -> None:
    """Pages rendered in memory: the print dialog opens with the report's title; PRINTED, then paint."""
    counselor = sessions[Role.COUNSELOR]
    rendered: list[bytes] = []
    painted: list[tuple[int, tuple[str, ...]]] = []

    def render(pdf: bytes) -> list[tuple[QImage, QSizeF]]:
        rendered.append(pdf)
        return [(QImage(21, 30, QImage.Format.Format_RGB32), A4)]

    def paint(painter: QPainter, _printer: object, images: list[QImage]) -> None:
        last_row = _rows(counselor, _last_seq(counselor) - 1)[0]
        painted.append((len(images), last_row[:3]))
        painter.end()

    monkeypatch.setattr(print_preview, "render_pages", render)
    opened = printer_picked(monkeypatch)
    printer_reached(monkeypatch)
    monkeypatch.setattr(print_preview, "paint_pages", paint)
    before = _last_seq(counselor)
    assert print_case_report(parent, ServiceRunner(counselor, school.keys), case_id)
    assert errors == []
    assert opened == [f"打印 — 个案分析报告 个案{case_id}"]
    text = "".join(page_texts(rendered[0]))
    assert "张晓明" in text and ADDENDUM in text and DRAFT["topic"] not in text
    assert painted == [(1, ("printed", "case", str(case_id)))], "the PRINTED row is written before painting"
    assert [row[0] for row in _rows(counselor, before)] == ["case_opened", "note_opened", "printed"]


def test_without_a_pdf_renderer_it_is_saved_with_a_reason_and_audited(
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
    school: SchoolFixture,
    sessions: dict[Role, Session],
    case_id: int,
    tmp_path: Path,
    errors: list[str],
) -> None:
    """Saving instead of printing: the warning names students, the reason offered fits a case conference."""
    lead = sessions[Role.LEAD]
    target = tmp_path / "chosen" / "个案分析报告.pdf"
    target.parent.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(print_preview, "render_pages", lambda pdf: None)
    monkeypatch.setattr(print_preview, "confirm_save", lambda _p, names, _why: asked.append(f"confirm {names}") or True)
    monkeypatch.setattr(print_preview, "ask_reason", lambda _p, offered: asked.append(f"reason {offered}") or offered)
    monkeypatch.setattr(
        print_preview, "ask_path", lambda _p, suggested: asked.append(Path(suggested).name) or str(target)
    )
    monkeypatch.setattr(print_preview, "saved_notice", lambda _p, _path: None)
    assert print_case_report(parent, ServiceRunner(lead, school.keys), case_id)
    assert errors == []
    assert asked == ["confirm True", "reason 个案研讨/专家会诊材料", f"个案分析报告 个案{case_id}.pdf"]
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    assert _rows(lead, _last_seq(lead) - 1) == [
        (
            "exported",
            "case",
            str(case_id),
            f"个案分析报告 个案{case_id}：个案研讨/专家会诊材料",
            _rows(lead, _last_seq(lead) - 1)[0][4],
        )
    ]
    assert _rows(lead, _last_seq(lead) - 1)[0][4].partition("，")[2] == f"SHA-256 {digest} → {target}"
    assert "张晓明" in "".join(page_texts(target.read_bytes()))


@pytest.mark.parametrize("who", ["neither", "principal"])
def test_a_refusal_is_shown_and_nothing_opens(
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
    school: SchoolFixture,
    sessions: dict[Role, Session],
    case_id: int,
    errors: list[str],
    who: str,
) -> None:
    reached: list[PrintJob] = []

    def fake(_parent: object, job: PrintJob, **_kwargs: Any) -> bool:
        reached.append(job)
        return True

    monkeypatch.setattr(print_preview, "print_job", fake)
    session = _second_counselor(school, sessions) if who == "neither" else sessions[Role.PRINCIPAL]
    try:
        assert not print_case_report(parent, ServiceRunner(session, school.keys), case_id)
    finally:
        if who == "neither":
            session.db.close()
    assert reached == []
    assert errors == [cases.NO_ACCESS if who == "neither" else "校领导无权阅读个案"]
