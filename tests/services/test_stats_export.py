"""去标识化统计导出 (SECURITY.md 11) on the demo school: none of its students' names, 学号, birth dates or
note text leaves in it, no count from 1 to the threshold, pseudonyms stable across exports — and a
principal's export is built from the school store's counts alone."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from counselroom.domain.errors import ValidationError
from counselroom.domain.exports.export_document import ExportDocument
from counselroom.domain.small_counts import ShownCell
from counselroom.services.exports import stats_export
from counselroom.services.school.policy import policy_of
from counselroom.store.care_store import CARE_TABLES, care_store_path
from tests.conftest import FIXED_NOW
from tests.demo_school import Demo, make_demo
from tests.services.export_checks import read_back, xlsx_footers


@dataclass(frozen=True)
class Secrets:
    names: set[str]
    numbers: set[str]  # 学号
    births: set[str]
    texts: set[str]  # from notes, addenda, warning and case reasons, talk topics, visit summaries
    threshold: int


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return make_demo(tmp_path_factory.mktemp("stats") / "school.db", students=240, years=1, seed=5)


@pytest.fixture(scope="module")
def secrets(demo: Demo) -> Secrets:
    with demo.session("lead") as lead:
        conn = lead.db.conn
        staff = [str(r[0]) for r in conn.execute("SELECT name FROM staff UNION SELECT display_name FROM users")]
        students = conn.execute("SELECT name, student_no, birth_date FROM students").fetchall()
        texts: set[str] = set()
        for (fields,) in conn.execute("SELECT fields FROM care.notes"):
            texts |= {v for v in json.loads(fields).values() if isinstance(v, str)}
        for sql in (
            "SELECT text FROM care.note_addenda",
            "SELECT reason FROM care.warnings",
            "SELECT reason FROM care.cases",
            "SELECT topic FROM care.talks",
            "SELECT summary FROM care.home_visits",
            "SELECT reason FROM care.referrals",
        ):
            texts |= {str(r[0]) for r in conn.execute(sql)}
        threshold = policy_of(conn).small_count_threshold
    names = {str(n) for n, _no, _b in students if not any(str(n) in member for member in staff)}
    return Secrets(
        names,
        {str(no) for _n, no, _b in students},
        {str(b) for _n, _no, b in students if b},
        {t for t in texts if len(t) >= 6},
        threshold,
    )


def export(demo: Demo, username: str) -> ExportDocument:
    with demo.session(username) as session:
        return stats_export.stats_export(session.db, session.actor, now=FIXED_NOW)


def saved(demo: Demo, username: str, folder: Path, suffix: str) -> Path:
    path = folder / f"{username}.{suffix}"
    with demo.session(username) as session:
        doc = stats_export.stats_export(session.db, session.actor, now=FIXED_NOW)
        stats_export.save_stats_export(session.db, session.actor, doc, path, now=FIXED_NOW)
    return path


@pytest.mark.parametrize("username", ["counselor", "principal"])
@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_the_demo_schools_export_holds_no_name_number_birth_date_or_note_and_no_small_count(
    demo: Demo, secrets: Secrets, tmp_path: Path, username: str, suffix: str
) -> None:
    found = read_back(saved(demo, username, tmp_path, suffix))
    text = "\n".join(found.texts)
    assert not [n for n in secrets.names if n in text]
    assert not [no for no in secrets.numbers if no in text]
    assert not [b for b in secrets.births if b in text]
    assert not [t for t in secrets.texts if t in text]
    assert found.formulas == []
    assert not [n for n in found.numbers if 1 <= n <= secrets.threshold]
    assert len(secrets.names) > 200 and len(secrets.texts) > 50  # the checks had something to find


def test_every_count_in_the_document_is_zero_above_the_threshold_or_a_marker(demo: Demo, secrets: Secrets) -> None:
    doc = export(demo, "counselor")
    cells = [c for t in doc.tables for row in t.rows for c in row if isinstance(c, ShownCell)]
    assert cells and all(c.value is None or c.value == 0 or c.value > secrets.threshold for c in cells)
    hidden = sum(t.small_counts + t.complements for t in doc.tables)
    assert hidden > 0  # the demo school has small cells: the rule was exercised
    assert all(c.text in ("<5", "*") for c in cells if c.value is None)


def test_a_care_key_holder_gets_records_under_stable_pseudonyms(demo: Demo) -> None:
    first, again, lead = export(demo, "counselor"), export(demo, "counselor"), export(demo, "lead")
    records = [next(t for t in d.tables if t.sheet == "学生记录") for d in (first, again, lead)]
    codes = [[row[0] for row in r.rows] for r in records]
    assert len(codes[0]) == 240 and codes[0] == codes[1] == codes[2]
    assert all(re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", str(c)) for c in codes[0])
    assert codes[0] == sorted(codes[0])  # in pseudonym order: the order says nothing
    assert first.export_id != again.export_id
    levels = {row[4] for row in records[0].rows}
    assert "未列入" in levels and levels & {"红色预警", "橙色预警", "黄色预警"}


@pytest.mark.parametrize("username", ["principal", "admin"])
def test_the_principal_and_the_admin_get_the_same_tables_without_records(demo: Demo, username: str) -> None:
    theirs, counselors = export(demo, username), export(demo, "counselor")
    assert [t.sheet for t in theirs.tables] == [t.sheet for t in counselors.tables if t.sheet != "学生记录"]
    assert [t.rows for t in theirs.tables] == [t.rows for t in counselors.tables if t.sheet != "学生记录"]
    assert "不含逐人记录" in "".join(theirs.about)


def test_a_principals_export_never_touches_the_care_store(demo: Demo, tmp_path: Path) -> None:
    """The care store is not even there: the school store and the key file are enough."""
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in demo.path.parent.iterdir():
        if path != care_store_path(demo.path):
            shutil.copy2(path, copy / path.name)
    moved = Demo(copy / demo.path.name, demo.keys)
    statements: list[str] = []
    with moved.session("principal") as session:
        assert not session.db.has_care
        session.db.conn.set_trace_callback(statements.append)
        doc = stats_export.stats_export(session.db, session.actor, now=FIXED_NOW)
        stats_export.save_stats_export(session.db, session.actor, doc, tmp_path / "校长.xlsx", now=FIXED_NOW)
        session.db.conn.set_trace_callback(None)
    care_tables = "|".join((*CARE_TABLES, "cases", "notes", "referrals", "talks", "home_visits", "incidents"))
    touching = re.compile(rf"\bcare\.|\b(FROM|JOIN)\s+({care_tables})\b", re.IGNORECASE)
    assert statements and not [s for s in statements if touching.search(s)]
    assert [t.rows for t in doc.tables] == [t.rows for t in export(demo, "principal").tables]


def test_the_export_is_audited_with_its_id_and_digest_and_carries_its_watermark(demo: Demo, tmp_path: Path) -> None:
    path = tmp_path / "统计.xlsx"
    with demo.session("counselor") as session:
        doc = stats_export.stats_export(session.db, session.actor, now=FIXED_NOW)
        result = stats_export.save_stats_export(session.db, session.actor, doc, path, now=FIXED_NOW)
        row = session.db.conn.execute(
            "SELECT action, object_type, object_id, reason, detail FROM audit_log ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert result.sha256 == digest
    assert row[:3] == ("exported", "stats", doc.object_id) and "去标识化统计" in row[3]
    assert digest in row[4] and doc.export_id in row[4]
    assert read_back(path).first_line == doc.watermark and doc.export_id in doc.watermark
    assert set(xlsx_footers(path)) == {doc.watermark}
    with demo.session("counselor") as session:
        stats_export.save_stats_export(session.db, session.actor, doc, tmp_path / "统计.csv", now=FIXED_NOW)
    assert read_back(tmp_path / "统计.csv").first_line == doc.watermark


def test_a_file_that_is_neither_xlsx_nor_csv_is_refused(demo: Demo, tmp_path: Path) -> None:
    with demo.session("principal") as session:
        doc = stats_export.stats_export(session.db, session.actor, now=FIXED_NOW)
        with pytest.raises(ValidationError, match=r"\.xlsx 或 \.csv"):
            stats_export.save_stats_export(session.db, session.actor, doc, tmp_path / "统计.pdf", now=FIXED_NOW)
    assert not (tmp_path / "统计.pdf").exists()
