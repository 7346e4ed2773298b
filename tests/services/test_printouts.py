"""Prints and saved PDFs as services, without Qt: the service builds the document, writes it beside
its target and audits it with the SHA-256 of the bytes written; a refusal is audited and writes
nothing; a failed write leaves no file, not even a partial one, and no row."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from counselroom.domain.changes import ChangeKind
from counselroom.domain.errors import AccessDenied, DiskFull, SessionLocked, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts import sign_in
from counselroom.services.accounts.session import Session
from counselroom.services.printing import print_jobs, printouts
from counselroom.store import audit_log
from counselroom.store.connection import Connection
from tests.conftest import FIXED_NOW
from tests.reports.pdf_checks import page_texts
from tests.services.appointment_data import TUESDAY, Scheduling, at, book, only_id, set_up_scheduling
from tests.services.matrix_duty import ready


def last_row(session: Session) -> dict[str, str]:
    row = session.db.conn.execute(
        "SELECT action, username, object_type, object_id, reason, detail FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    keys = ("action", "username", "object_type", "object_id", "reason", "detail")
    return dict(zip(keys, (str(v) for v in row), strict=True))


def denials(session: Session) -> int:
    return int(session.db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'access_denied'").fetchone()[0])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of its own: tmp_path also holds the school database and its key file."""
    chosen = tmp_path / "导出"
    chosen.mkdir()
    return chosen


@pytest.fixture
def booked(sessions: dict[Role, Session]) -> tuple[Scheduling, int]:
    setup = set_up_scheduling(sessions)
    counselor = sessions[Role.COUNSELOR]
    book(counselor, setup, at(10), note="张晓明的家长陪同")
    return setup, only_id(counselor, at(10))


# -- the door roster: every role ---------------------------------------------------------------
def test_the_principal_prints_the_door_roster_audited_with_its_digest(sessions: dict[Role, Session]) -> None:
    principal = sessions[Role.PRINCIPAL]
    term_id = ready(sessions)
    job = print_jobs.door_rota_job(principal.db, principal.actor, term_id=term_id, now=FIXED_NOW)
    assert job.sha256 == hashlib.sha256(job.pdf).hexdigest()
    assert (job.object_type, job.object_id, job.names_students) == ("duty_roster", f"term-{term_id}", False)
    changes = printouts.record_printed(principal.db, principal.actor, job, now=FIXED_NOW)
    assert changes.kinds == {ChangeKind.AUDIT}
    assert last_row(principal) == {
        "action": "printed",
        "username": "principal",
        "object_type": "duty_roster",
        "object_id": f"term-{term_id}",
        "reason": job.title,
        "detail": f"SHA-256 {job.sha256}",
    }
    assert audit_log.verify(principal.db.conn).first_bad_seq is None


def test_the_principal_saves_the_door_roster_and_the_file_matches_the_row(
    sessions: dict[Role, Session], folder: Path
) -> None:
    principal = sessions[Role.PRINCIPAL]
    ready(sessions)
    saved = printouts.save_door_rota_pdf(
        principal.db, principal.actor, folder / "值班表.pdf", year=2026, month=10, now=FIXED_NOW
    )
    assert saved.path == folder / "值班表.pdf" and saved.sha256 == sha256(saved.path)
    row = last_row(principal)
    assert (row["action"], row["object_type"], row["object_id"]) == ("exported", "duty_roster", "2026-10")
    assert row["reason"] == f"值班表 2026年10月：{printouts.NO_STUDENT_DATA_REASON}"
    assert row["detail"] == f"SHA-256 {saved.sha256} → {saved.path}"
    assert "国庆节" in "".join(page_texts(saved.path.read_bytes()))
    assert [p.name for p in folder.iterdir()] == ["值班表.pdf"], "no temporary file left"


# -- the slip and the day sheet: counselors and the lead -------------------------------------------
def test_a_saved_slip_names_no_student_and_matches_its_row(
    sessions: dict[Role, Session], booked: tuple[Scheduling, int], folder: Path
) -> None:
    counselor = sessions[Role.COUNSELOR]
    _setup, appointment_id = booked
    target = folder / "预约单.pdf"
    saved = printouts.save_appointment_slip_pdf(counselor.db, counselor.actor, appointment_id, target, now=FIXED_NOW)
    assert saved.sha256 == sha256(target) and f"SHA-256 {saved.sha256} → {target}" == last_row(counselor)["detail"]
    text = "".join(page_texts(target.read_bytes()))
    assert "10:00–10:50" in text and "张晓明" not in text and "家长" not in text


def test_a_saved_day_sheet_needs_a_reason_and_records_it(
    sessions: dict[Role, Session], booked: tuple[Scheduling, int], folder: Path
) -> None:
    counselor = sessions[Role.COUNSELOR]
    setup, _id = booked
    target = folder / "日程表.pdf"
    before = audit_log.last_link(counselor.db.conn)
    with pytest.raises(ValidationError) as caught:
        printouts.save_day_sheet_pdf(
            counselor.db,
            counselor.actor,
            target,
            day=TUESDAY.date(),
            counselor_id=setup.counselor,
            reason="  ",
            now=FIXED_NOW,
        )
    assert caught.value.field == "原因"
    assert list(folder.iterdir()) == [] and audit_log.last_link(counselor.db.conn) == before
    saved = printouts.save_day_sheet_pdf(
        counselor.db,
        counselor.actor,
        target,
        day=TUESDAY.date(),
        counselor_id=setup.counselor,
        reason=" 打印机故障，改用办公室电脑打印 ",
        now=FIXED_NOW,
    )
    row = last_row(counselor)
    assert (row["action"], row["object_type"], row["object_id"]) == (
        "exported",
        "day_sheet",
        f"2025-10-14/{setup.counselor}",
    )
    assert row["reason"] == "日程表 2025-10-14 王老师：打印机故障，改用办公室电脑打印"
    export_id, _comma, rest = row["detail"].partition("，")  # a named copy carries its export id
    assert re.fullmatch(r"编号 [0-9A-F]{8}", export_id) and export_id[3:] in "".join(page_texts(target.read_bytes()))
    assert rest == f"SHA-256 {sha256(target)} → {target}" and saved.sha256 == sha256(target)
    assert "张晓明" in "".join(page_texts(target.read_bytes()))


@pytest.mark.parametrize("document", ["slip", "day_sheet"])
def test_the_principal_may_not_print_or_save_the_slip_or_the_day_sheet(
    sessions: dict[Role, Session], booked: tuple[Scheduling, int], folder: Path, document: str
) -> None:
    principal = sessions[Role.PRINCIPAL]
    setup, appointment_id = booked
    before = denials(principal)
    target = folder / "x.pdf"
    with pytest.raises(AccessDenied):
        if document == "slip":
            printouts.save_appointment_slip_pdf(principal.db, principal.actor, appointment_id, target, now=FIXED_NOW)
        else:
            printouts.save_day_sheet_pdf(
                principal.db,
                principal.actor,
                target,
                day=TUESDAY.date(),
                counselor_id=setup.counselor,
                reason="想看看",
                now=FIXED_NOW,
            )
    assert denials(principal) == before + 1, "the refusal is audited"
    assert list(folder.iterdir()) == [], "and nothing is written"
    with pytest.raises(AccessDenied):
        print_jobs.appointment_slip_job(principal.db, principal.actor, appointment_id, now=FIXED_NOW)


# -- failures leave nothing behind ------------------------------------------------------------------
@pytest.fixture
def job(sessions: dict[Role, Session], booked: tuple[Scheduling, int]) -> print_jobs.PrintJob:
    counselor = sessions[Role.COUNSELOR]
    return print_jobs.appointment_slip_job(counselor.db, counselor.actor, booked[1], now=FIXED_NOW)


def test_a_full_disk_while_writing_leaves_no_file_and_no_row(
    monkeypatch: pytest.MonkeyPatch, sessions: dict[Role, Session], job: print_jobs.PrintJob, folder: Path
) -> None:
    counselor = sessions[Role.COUNSELOR]
    before = audit_log.last_link(counselor.db.conn)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # the bytes are written, then flushing them fails
    with pytest.raises(DiskFull, match="磁盘空间不足"):
        printouts.save_pdf(counselor.db, counselor.actor, job, folder / "预约单.pdf", now=FIXED_NOW)
    monkeypatch.undo()
    assert list(folder.iterdir()) == []
    assert audit_log.last_link(counselor.db.conn) == before


def test_a_failed_rename_leaves_no_file_and_no_row(
    monkeypatch: pytest.MonkeyPatch, sessions: dict[Role, Session], job: print_jobs.PrintJob, folder: Path
) -> None:
    counselor = sessions[Role.COUNSELOR]
    target = folder / "预约单.pdf"
    before = audit_log.last_link(counselor.db.conn)
    real_replace = os.replace

    def refuse_target(src: str, dst: str | Path) -> None:
        if Path(dst) == target:  # the store's own key file still renames as usual
            raise PermissionError(errno.EACCES, "the file is open in another program")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_target)
    with pytest.raises(PermissionError):
        printouts.save_pdf(counselor.db, counselor.actor, job, target, now=FIXED_NOW)
    assert list(folder.iterdir()) == []
    assert audit_log.last_link(counselor.db.conn) == before


def test_when_the_row_cannot_commit_the_file_is_taken_back(
    monkeypatch: pytest.MonkeyPatch, sessions: dict[Role, Session], job: print_jobs.PrintJob, folder: Path
) -> None:
    """The file is renamed into place inside the transaction; a failed commit removes it again."""
    counselor = sessions[Role.COUNSELOR]
    before = audit_log.last_link(counselor.db.conn)

    @contextmanager
    def commit_fails() -> Iterator[Connection]:
        conn = counselor.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        finally:
            conn.execute("ROLLBACK")
        raise DiskFull("磁盘空间不足，本次操作未保存")

    monkeypatch.setattr(counselor.db, "transaction", commit_fails)
    with pytest.raises(DiskFull):
        printouts.save_pdf(counselor.db, counselor.actor, job, folder / "预约单.pdf", now=FIXED_NOW)
    assert list(folder.iterdir()) == []
    assert audit_log.last_link(counselor.db.conn) == before


def test_saving_over_a_file_replaces_it_whole(
    sessions: dict[Role, Session], job: print_jobs.PrintJob, folder: Path
) -> None:
    counselor = sessions[Role.COUNSELOR]
    target = folder / "预约单.pdf"
    target.write_bytes(b"an older, longer file " * 10_000)
    saved = printouts.save_pdf(counselor.db, counselor.actor, job, target, now=FIXED_NOW)
    assert target.read_bytes() == job.pdf and saved.sha256 == job.sha256


def test_a_locked_session_can_neither_print_nor_save(
    sessions: dict[Role, Session], job: print_jobs.PrintJob, folder: Path
) -> None:
    session = sessions[Role.COUNSELOR]
    sign_in.lock(session, now=FIXED_NOW)
    with pytest.raises(SessionLocked):
        printouts.record_printed(session.db, session.actor, job, now=FIXED_NOW)
    with pytest.raises(SessionLocked):
        printouts.save_pdf(session.db, session.actor, job, folder / "预约单.pdf", now=FIXED_NOW)
    assert list(folder.iterdir()) == []


def test_the_print_and_export_services_need_no_qt() -> None:
    """The command line's report/export commands reuse this path: it must load without Qt."""
    script = (
        "import sys\n"
        "import counselroom.services.printing.printouts, counselroom.services.scheduling.ics_export\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
