"""The print path as a teacher meets it: pages rendered in memory for the printer, or saved as PDF, audited first.

Dialogs are replaced by answers; everything below them runs for real (service, audit, file). The
documents are built here from sample data; in the program they come from services/printing."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from counselroom.gui import service_runner
from counselroom.gui.printing import print_preview
from counselroom.gui.service_runner import ServiceRunner
from counselroom.reports.appointment_slip import build_slip
from counselroom.reports.day_sheet import build_day_sheet
from counselroom.services.accounts import sign_in
from counselroom.services.printing import printouts
from counselroom.services.printing.print_jobs import PrintJob
from tests.conftest import FIXED_NOW, SchoolFixture
from tests.gui.printer import accepting_dialog, printer_picked, printer_reached
from tests.reports import printout_data as sample
from tests.reports.pdf_checks import page_sizes_mm, reader

ROTA = PrintJob(b"%PDF-1.4 door roster", "值班表 2025年10月", "duty_roster", "2025-10")


def _answers(
    monkeypatch: pytest.MonkeyPatch, *, confirm: bool = True, reason: str = "打印当日日程", path: Path | None = None
) -> list[tuple[str, object]]:
    """Answer the dialogs; return what was asked, in order."""
    asked: list[tuple[str, object]] = []

    def record(name: str, answer: object):  # type: ignore[no-untyped-def]
        def dialog(_parent: object, *args: object) -> object:
            asked.append((name, args[0] if args else None))
            return answer

        return dialog

    monkeypatch.setattr(print_preview, "confirm_save", record("confirm", confirm))
    monkeypatch.setattr(print_preview, "ask_reason", record("reason", reason))
    monkeypatch.setattr(print_preview, "ask_path", record("path", str(path) if path else ""))
    monkeypatch.setattr(print_preview, "saved_notice", record("saved", None))
    return asked


def _folder(tmp_path: Path) -> Path:
    """A folder of its own: tmp_path also holds the school database and HOME."""
    folder = tmp_path / "chosen"
    folder.mkdir()
    return folder


def _last_audit(school: SchoolFixture) -> tuple[str, str, str]:
    row = school.admin.db.conn.execute(
        "SELECT action, reason, detail FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return str(row[0]), str(row[1]), str(row[2])


def test_pages_are_rendered_in_memory_at_the_printers_resolution() -> None:
    pages = print_preview.render_pages(build_slip(sample.slip()), dpi=150)
    assert pages is not None and len(pages) == 1
    image, points = pages[0]
    assert round(points.width()) == 298 and round(points.height()) == 420  # A6 in points
    assert abs(image.width() - round(298 * 150 / 72)) <= 2 and not image.isNull()
    assert image.pixelColor(image.width() // 2, image.height() // 2).isValid()
    assert print_preview.render_pages(b"%PDF-1.4 broken") is None


def test_a_slip_is_saved_where_the_teacher_chooses_after_the_audit(
    monkeypatch: pytest.MonkeyPatch, school: SchoolFixture, tmp_path: Path
) -> None:
    monkeypatch.setattr(print_preview, "render_pages", lambda pdf: None)
    folder = _folder(tmp_path)
    target = folder / "预约单.pdf"
    asked = _answers(monkeypatch, path=target)
    job = PrintJob(build_slip(sample.slip()), "预约单 2025-10-13 10:00", "appointment", "7")
    ok = print_preview.print_job(None, job, runner=ServiceRunner(school.admin, school.keys))
    assert ok and target.read_bytes() == job.pdf
    assert [name for name, _ in asked] == ["confirm", "path", "saved"]  # no reason asked: no student data
    assert asked[0][1] is False  # confirm_save(parent, names_students=False)
    action, reason, detail = _last_audit(school)
    assert action == "exported"
    assert reason == f"预约单 2025-10-13 10:00：{printouts.NO_STUDENT_DATA_REASON}"
    assert detail == f"SHA-256 {job.sha256} → {target}"
    assert [p.name for p in folder.iterdir()] == ["预约单.pdf"]  # no temp or partial file left


def test_a_day_sheet_warns_and_needs_a_reason(
    monkeypatch: pytest.MonkeyPatch, school: SchoolFixture, tmp_path: Path
) -> None:
    monkeypatch.setattr(print_preview, "render_pages", lambda pdf: None)
    folder = _folder(tmp_path)
    asked = _answers(monkeypatch, reason="", path=folder / "日程表.pdf")
    before = _last_audit(school)
    job = PrintJob(build_day_sheet(sample.day_sheet()), "日程表 2025年10月13日", "day_sheet", "2025-10-13", True)
    assert not print_preview.print_job(None, job, runner=ServiceRunner(school.admin, school.keys))
    assert asked == [("confirm", True), ("reason", "打印当日日程")]  # cancelled at the reason: nothing further
    assert list(folder.iterdir()) == [] and _last_audit(school) == before


def test_when_the_audit_fails_nothing_is_written(
    monkeypatch: pytest.MonkeyPatch, school: SchoolFixture, tmp_path: Path
) -> None:
    monkeypatch.setattr(print_preview, "render_pages", lambda pdf: None)
    target = tmp_path / "值班表.pdf"
    _answers(monkeypatch, path=target)
    session = school.sign_in("counselor")
    runner = ServiceRunner(session, school.keys)
    sign_in.lock(session, now=FIXED_NOW)  # every service call now refuses
    assert not print_preview.print_job(None, ROTA, runner=runner)
    assert not target.exists()


def test_the_warning_says_the_file_is_not_encrypted_only_when_it_names_students(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    assert print_preview.confirm_save(None, True) is False  # closed without choosing: cancelled
    print_preview.confirm_save(None, False)
    assert "不加密" in shown[0] and "学生姓名" in shown[0]
    assert "不含学生信息" in shown[1] and "不加密" not in shown[1]


def test_file_name_suggestion_is_safe_on_windows() -> None:
    assert print_preview.default_file_name("日程表 2025/10/13: 王老师").endswith("日程表 2025_10_13_ 王老师.pdf")


def test_paint_pages_puts_each_page_image_on_its_own_sheet(tmp_path: Path) -> None:
    """The in-memory print route's last step, checked through Qt's own PDF printer."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "painted.pdf"
    printer.setOutputFileName(str(out))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A6))
    pages = []
    for colour in ("white", "black"):
        image = QImage(105 * 3, 148 * 3, QImage.Format.Format_RGB32)
        image.fill(QColor(colour))
        pages.append(image)
    painter = print_preview.begin_painting(printer)
    assert painter is not None
    print_preview.paint_pages(painter, printer, pages)
    assert not painter.isActive()
    pdf = out.read_bytes()
    assert len(reader(pdf).pages) == 2
    assert page_sizes_mm(pdf) == [(105, 148), (105, 148)]


def test_a_full_disk_is_reported_in_chinese(
    monkeypatch: pytest.MonkeyPatch, school: SchoolFixture, tmp_path: Path
) -> None:
    monkeypatch.setattr(print_preview, "render_pages", lambda pdf: None)
    folder = _folder(tmp_path)
    _answers(monkeypatch, path=folder / "值班表.pdf")
    errors: list[str] = []
    monkeypatch.setattr(service_runner, "show_error", lambda _parent, message: errors.append(str(message)))

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # the service's write fails before anything is audited
    assert not print_preview.print_job(None, ROTA, runner=ServiceRunner(school.admin, school.keys))
    monkeypatch.undo()
    assert len(errors) == 1 and errors[0].startswith("磁盘空间不足")
    assert list(folder.iterdir()) == [], "no partial file"


# --- a PC that cannot print: no printer set up, or the chosen one out of reach ---------------------


SLIP_TITLE = "预约单 2025-10-13 10:00"


def _slip() -> PrintJob:
    return PrintJob(build_slip(sample.slip()), SLIP_TITLE, "appointment", "7")


def _whys(monkeypatch: pytest.MonkeyPatch, *, confirm: bool) -> list[str]:
    """confirm_save answered; returns the first line it would have shown (why not printed directly)."""
    whys: list[str] = []
    monkeypatch.setattr(print_preview, "confirm_save", lambda _p, _names, why: whys.append(why) or confirm)
    return whys


def _painted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    painted: list[int] = []
    monkeypatch.setattr(print_preview, "paint_pages", lambda _painter, _printer, images: painted.append(len(images)))
    return painted


def _actions(school: SchoolFixture) -> list[str]:
    return [str(row[0]) for row in school.admin.db.conn.execute("SELECT action FROM audit_log ORDER BY seq")]


def test_offscreen_lists_no_printer() -> None:
    """What the tests below rely on: this run, like a PC without any printer, has none."""
    assert print_preview.printers_available() is False


def test_without_a_printer_the_teacher_is_told_and_offered_to_save(
    monkeypatch: pytest.MonkeyPatch, school: SchoolFixture, tmp_path: Path
) -> None:
    """The high bug: an empty print dialog, 打印, a 已打印 audit row and no paper. Now no dialog, no
    printed row: 这台电脑还没有设置打印机 and 另存为 PDF…, audited as the export it is."""
    folder = _folder(tmp_path)
    target = folder / "预约单.pdf"
    asked = _answers(monkeypatch, path=target)
    whys = _whys(monkeypatch, confirm=True)
    opened: list[str] = []
    monkeypatch.setattr(print_preview, "QPrintDialog", accepting_dialog(opened))
    painted = _painted(monkeypatch)
    before = _actions(school)
    job = _slip()
    assert print_preview.print_job(None, job, runner=ServiceRunner(school.admin, school.keys))
    assert whys == [print_preview.NO_PRINTER] and "还没有设置打印机" in whys[0] and "另存为 PDF" in whys[0]
    assert opened == [] and painted == [], "no print dialog, nothing painted"
    assert [name for name, _ in asked] == ["path", "saved"]
    assert target.read_bytes() == job.pdf
    assert _actions(school)[len(before) :] == ["exported"], "saved and audited as an export, never 已打印"


def test_without_a_printer_declining_to_save_leaves_no_audit_row(
    monkeypatch: pytest.MonkeyPatch, school: SchoolFixture
) -> None:
    _answers(monkeypatch)
    whys = _whys(monkeypatch, confirm=False)
    before = _actions(school)
    assert not print_preview.print_job(None, _slip(), runner=ServiceRunner(school.admin, school.keys))
    assert whys == [print_preview.NO_PRINTER]
    assert _actions(school) == before


def test_a_printer_that_cannot_be_reached_is_not_recorded_as_printed(
    monkeypatch: pytest.MonkeyPatch, school: SchoolFixture, tmp_path: Path
) -> None:
    """A printer listed, the dialog accepted, but QPainter.begin fails (offscreen it really does:
    no device behind the printer): 无法连接打印机, no 已打印 row, 另存为 PDF offered."""
    opened = printer_picked(monkeypatch)
    folder = _folder(tmp_path)
    target = folder / "预约单.pdf"
    asked = _answers(monkeypatch, path=target)
    whys = _whys(monkeypatch, confirm=True)
    painted = _painted(monkeypatch)
    errors: list[str] = []
    monkeypatch.setattr(service_runner, "show_error", lambda _parent, message: errors.append(str(message)))
    before = _actions(school)
    job = _slip()
    assert print_preview.print_job(None, job, runner=ServiceRunner(school.admin, school.keys))
    assert opened == [f"打印 — {SLIP_TITLE}"]
    assert len(whys) == 1 and whys[0].startswith("无法连接打印机") and "没有打印" in whys[0]
    assert painted == [] and errors == []
    assert [name for name, _ in asked] == ["path", "saved"] and target.read_bytes() == job.pdf
    assert _actions(school)[len(before) :] == ["exported"], "the failed print left no 已打印 row"


def test_a_printer_that_cannot_be_reached_and_no_file_wanted_leaves_no_audit_row(
    monkeypatch: pytest.MonkeyPatch, school: SchoolFixture
) -> None:
    printer_picked(monkeypatch)
    _answers(monkeypatch)
    whys = _whys(monkeypatch, confirm=False)
    monkeypatch.setattr(print_preview, "begin_painting", lambda _printer: None)
    before = _actions(school)
    assert not print_preview.print_job(None, _slip(), runner=ServiceRunner(school.admin, school.keys))
    assert len(whys) == 1 and whys[0].startswith("无法连接打印机")
    assert _actions(school) == before


def test_the_unreachable_printer_is_named() -> None:
    assert print_preview.unreachable_printer("教务处打印机").startswith("无法连接打印机“教务处打印机”，没有打印。")
    assert print_preview.unreachable_printer("").startswith("无法连接打印机，没有打印。")


def test_the_printed_row_is_written_once_painting_has_begun_and_before_the_pages(
    monkeypatch: pytest.MonkeyPatch, school: SchoolFixture
) -> None:
    printer_picked(monkeypatch)
    printer_reached(monkeypatch)
    seen: list[tuple[bool, str]] = []

    def paint(painter: QPainter, _printer: QPrinter, _images: list[QImage]) -> None:
        seen.append((painter.isActive(), _last_audit(school)[0]))
        painter.end()

    monkeypatch.setattr(print_preview, "paint_pages", paint)
    assert print_preview.print_job(None, _slip(), runner=ServiceRunner(school.admin, school.keys))
    assert seen == [(True, "printed")]


def test_when_the_printed_row_fails_the_begun_job_is_ended_unpainted(
    monkeypatch: pytest.MonkeyPatch, school: SchoolFixture
) -> None:
    printer_picked(monkeypatch)
    begun = printer_reached(monkeypatch)
    painted = _painted(monkeypatch)
    monkeypatch.setattr(service_runner, "show_error", lambda _parent, _message: None)
    session = school.sign_in("counselor")
    runner = ServiceRunner(session, school.keys)
    sign_in.lock(session, now=FIXED_NOW)  # every service call now refuses: the audit cannot be written
    before = _actions(school)
    assert not print_preview.print_job(None, _slip(), runner=runner)
    assert painted == [] and len(begun) == 1 and not begun[0].isActive()
    assert "printed" not in _actions(school)[len(before) :]
