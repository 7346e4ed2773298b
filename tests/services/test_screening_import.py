"""Importing another platform's screening export: mapping, preview, all-or-nothing, CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from counselroom import cli
from counselroom.domain.care.warnings import WarningLevel
from counselroom.domain.errors import AccessDenied, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.screening import screening_import as imp
from counselroom.services.screening.screening_results import student_screening_history
from counselroom.store.screening import screening_results as screening_store
from tests.canary import files_containing
from tests.conftest import FIXED_NOW, PASSWORD, SchoolFixture
from tests.services.screening_data import HEADER, PHQ_ITEMS, ROWS, add_screening_students, platform_export

JSON_OK = {
    "new": 5,
    "updated": 0,
    "unchanged": 0,
    "invalid": 2,
    "proposals": {"red": 0, "orange": 1, "yellow": 1},
    "risk_answers": 1,
    "risk_answers_without_proposal": 0,
    "errors": [],
}


@pytest.fixture
def counselor(sessions: dict[Role, Session]) -> Session:
    add_screening_students(sessions[Role.ADMIN])
    return sessions[Role.COUNSELOR]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return platform_export(tmp_path / "2025秋季普查.xlsx")


def inspect(s: Session, path: Path) -> imp.ScreeningFileInfo:
    return imp.inspect_screening_file(s.db, s.actor, path, now=FIXED_NOW)


def apply(s: Session, path: Path, mapping: dict[str, str], **kw: object) -> imp.ScreeningImportChanges:
    kw.setdefault("instrument", "PHQ-9")
    return imp.apply_screening_import(s.db, s.actor, path, mapping, now=FIXED_NOW, **kw)  # type: ignore[arg-type]


def count(s: Session, table: str) -> int:
    return int(s.db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_inspect_finds_the_header_below_the_title_and_suggests_a_mapping(counselor: Session, export: Path) -> None:
    info = inspect(counselor, export)
    assert info.header_row == 3
    assert info.headers == tuple(HEADER)
    assert info.suggested_instrument == "PHQ-9"
    assert not info.mapping_saved
    m = info.suggested_mapping
    assert (m["学号"], m["姓名"], m["总分"], m["用时"], m["测谎/效度"], m["测评日期"]) == (
        "学号",
        "姓名",
        "总分",
        "作答时长",
        "测谎",
        "提交时间",
    )
    assert [m[f"第{n}题"] for n in range(1, 10)] == PHQ_ITEMS
    assert info.sample_rows[0][1:3] == ("2025101001", "张晓明")


def test_preview_then_apply_a_platform_export(counselor: Session, export: Path) -> None:
    mapping = inspect(counselor, export).suggested_mapping
    preview = imp.preview_screening_import(
        counselor.db, counselor.actor, export, mapping, instrument="PHQ-9", now=FIXED_NOW
    )
    assert preview.errors == ()
    assert preview.held_on == date(2025, 10, 9)  # the earliest 提交时间 in the file
    assert [r.row for r in preview.rows] == [4, 5, 6, 7, 8]
    assert preview.count("新增") == 5 and preview.proposals == 2 and preview.invalid == 2
    by_no = {r.student_no: r for r in preview.rows}
    assert by_no["2025101002"].risk_flag and by_no["2025101002"].proposed_level is WarningLevel.ORANGE
    assert "作答过快" in by_no["2025101003"].invalid_reason
    assert "测谎" in by_no["2024101002"].invalid_reason

    changes = apply(counselor, export, mapping, batch_name="2025秋季普查")
    assert (changes.new, changes.updated, changes.unchanged, changes.invalid, changes.proposals) == (5, 0, 0, 2, 2)
    assert changes.to_json() == JSON_OK
    assert {"screening", "warnings"} <= changes.kinds
    levels = sorted(r[0] for r in counselor.db.conn.execute("SELECT proposed_level FROM warning_proposals"))
    assert levels == ["orange", "yellow"]
    row = counselor.db.conn.execute(
        "SELECT r.taken_on, r.duration_seconds, r.answers, b.source, b.file_name FROM screening_results r"
        " JOIN screening_batches b ON b.id = r.batch_id WHERE r.student_id = 1"
    ).fetchone()
    assert row == ("2025-10-09", 192, "[2, 2, 1, 1, 2, 1, 1, 2, 0]", "导入", export.name)
    audit = counselor.db.conn.execute(
        "SELECT username, object_type, detail FROM audit_log WHERE action = 'screening_imported'"
    ).fetchall()
    assert len(audit) == 1 and audit[0][0] == "counselor" and "新增 5" in audit[0][2]


def test_reimporting_the_same_file_changes_nothing(counselor: Session, export: Path, tmp_path: Path) -> None:
    mapping = inspect(counselor, export).suggested_mapping
    apply(counselor, export, mapping)
    again = apply(counselor, export, mapping)
    assert (again.new, again.updated, again.unchanged, again.proposals) == (0, 0, 5, 0)
    assert count(counselor, "screening_results") == 5 and count(counselor, "warning_proposals") == 2
    # A corrected export (same batch) updates the one changed row and proposes for it.
    fixed = list(ROWS)
    fixed[3] = ("2024101001", "陈思琪", "2025-10-09 15:00:00", "02:05", [2, 2, 2, 1, 1, 1, 1, 0, 0], 10, "有效")
    corrected = platform_export(tmp_path / "更正.xlsx", fixed)
    third = apply(counselor, corrected, mapping, batch_name=export.stem)
    assert (third.new, third.updated, third.unchanged, third.proposals) == (0, 1, 4, 1)


def test_a_given_date_makes_its_own_batch_and_minutes_are_read_as_minutes(counselor: Session, tmp_path: Path) -> None:
    path = tmp_path / "gad.csv"
    path.write_text(
        "学号,姓名,1,2,3,4,5,6,7,用时(分钟)\n2025101001,张晓明,1,2,1,2,1,0,1,0.2\n2025101002,李雨涵,1,2,1,2,1,0,1,3\n",
        encoding="utf-8",
    )
    mapping = inspect(counselor, path).suggested_mapping
    assert mapping["用时"] == "用时(分钟)"
    apply(counselor, path, mapping, instrument="GAD-7")  # no date anywhere: today
    later = apply(counselor, path, mapping, instrument="GAD-7", held_on=date(2025, 10, 1))
    assert later.new == 2
    rows = counselor.db.conn.execute(
        "SELECT b.held_on, r.duration_seconds, r.invalid_reason <> '' FROM screening_results r"
        " JOIN screening_batches b ON b.id = r.batch_id WHERE r.student_id = 1 ORDER BY b.id"
    ).fetchall()
    assert rows == [(FIXED_NOW.date().isoformat(), 12, 1), ("2025-10-01", 12, 1)]
    with pytest.raises(ValidationError, match="晚于今天"):
        apply(counselor, path, mapping, instrument="GAD-7", held_on=date(2025, 12, 1))


def test_a_custom_mapping_is_saved_and_reused(counselor: Session, tmp_path: Path) -> None:
    header = ["账号", "姓名", "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "总分", "答题耗时"]
    first = tmp_path / "gad_a.csv"
    first.write_text(",".join(header) + "\n2025101001,张晓明,1,1,1,1,1,1,1,7,120\n", encoding="utf-8")
    info = inspect(counselor, first)
    assert "学号" not in info.suggested_mapping  # 账号 is not a usual name for 学号
    assert info.suggested_instrument == "GAD-7"  # seven item columns
    mapping = {**info.suggested_mapping, "学号": "账号", "用时": "答题耗时"}
    apply(counselor, first, mapping, instrument="GAD-7")
    assert count(counselor, "screening_mappings") == 1

    second = tmp_path / "gad_b.csv"
    second.write_text(",".join(header) + "\n2025101002,李雨涵,2,2,2,2,1,1,1,11,300\n", encoding="gb18030")
    again = inspect(counselor, second)
    assert again.mapping_saved
    assert again.suggested_mapping == mapping
    changes = apply(counselor, second, again.suggested_mapping, instrument="GAD-7")
    assert (changes.new, changes.proposals) == (1, 1)


def test_bad_rows_are_named_and_nothing_is_imported(counselor: Session, tmp_path: Path) -> None:
    rows = list(ROWS)
    rows[0] = ("2099999999", "张晓明", *ROWS[0][2:])  # unknown 学号
    rows[1] = ("2025101002", "李雨", *ROWS[1][2:])  # name does not match
    rows[2] = ("2025101003", "王子轩", "2025-10-09", "两分钟", [2, 2, 2, 1, 1, 1, 1, 1, 0], 11, "有效")
    rows[3] = ("2024101001", "陈思琪", "2025-10-09", "02:05", [0, 1, 4, 0, 0, 0, 0, 0, 0], 5, "有效")
    rows[4] = ("2025101003", "王子轩", "2025-10-09", "02:05", [0, 1, 0, 0, 0, 0, 0, 0, 0], 7, "有效")
    bad = platform_export(tmp_path / "bad.xlsx", rows)
    mapping = inspect(counselor, bad).suggested_mapping
    preview = imp.preview_screening_import(
        counselor.db, counselor.actor, bad, mapping, instrument="PHQ-9", now=FIXED_NOW
    )
    found = {(e.row, e.column) for e in preview.errors}
    assert found == {(4, "学号"), (5, "姓名"), (6, "作答时长"), (7, PHQ_ITEMS[2]), (8, "总分")}
    messages = {e.row: e.message for e in preview.errors}
    assert "2099999999" in messages[4] and "不一致" in messages[5] and "无法识别的用时" in messages[6]
    assert "0–3" in messages[7] and "各题得分之和 1" in messages[8]
    with pytest.raises(imp.ScreeningImportRejected) as info:
        apply(counselor, bad, mapping)
    assert len(info.value.errors) == 5 and "未导入任何数据" in info.value.message
    for table in ("screening_batches", "screening_results", "screening_mappings", "warning_proposals"):
        assert count(counselor, table) == 0


def test_a_duplicate_student_is_a_row_error(counselor: Session, tmp_path: Path) -> None:
    dup = platform_export(tmp_path / "dup.xlsx", [ROWS[0], ROWS[3], ROWS[0]])
    mapping = inspect(counselor, dup).suggested_mapping
    preview = imp.preview_screening_import(
        counselor.db, counselor.actor, dup, mapping, instrument="PHQ-9", now=FIXED_NOW
    )
    assert [(e.row, e.column) for e in preview.errors] == [(6, "学号")]
    assert "第 4 行重复" in preview.errors[0].message


def test_a_failure_midway_leaves_nothing_behind(
    counselor: Session, export: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mapping = inspect(counselor, export).suggested_mapping
    real, calls = screening_store.insert_result, []

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(screening_store, "insert_result", failing)
    with pytest.raises(RuntimeError):
        apply(counselor, export, mapping)
    for table in ("screening_batches", "screening_results", "screening_mappings", "warning_proposals"):
        assert count(counselor, table) == 0
    assert (
        counselor.db.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'screening_imported'").fetchone()[0]
        == 0
    )


def test_mapping_problems_are_explained(counselor: Session, export: Path) -> None:
    mapping = inspect(counselor, export).suggested_mapping
    cases = [
        ({k: v for k, v in mapping.items() if k != "学号"}, "PHQ-9", "哪一列是学号"),
        ({**mapping, "第3题": ""}, "PHQ-9", "还缺：第3题"),
        ({**mapping, "姓名": "名字"}, "PHQ-9", "没有“名字”这一列"),
        (mapping, "GAD-7", "只有 7 题"),
        ({"学号": "学号", "总分": "总分"}, "SCL-90", "临界值"),
    ]
    for bad, instrument, message in cases:
        with pytest.raises(ValidationError, match=message):
            imp.preview_screening_import(
                counselor.db, counselor.actor, export, bad, instrument=instrument, now=FIXED_NOW
            )


def test_a_hand_scored_scale_takes_only_the_total(counselor: Session, tmp_path: Path) -> None:
    path = tmp_path / "mht.csv"
    path.write_text("学号,姓名,总分,效度\n2025101001,张晓明,72,3\n2025101002,李雨涵,40,9\n", encoding="gb18030")
    mapping = inspect(counselor, path).suggested_mapping
    with pytest.raises(ValidationError, match="测谎分的上限"):
        apply(counselor, path, mapping, instrument="MHT", cutoff=65)
    changes = apply(counselor, path, mapping, instrument="MHT", cutoff=65, lie_max=7)
    assert (changes.new, changes.invalid, changes.proposals) == (2, 1, 1)
    band = counselor.db.conn.execute("SELECT band, answers FROM screening_results WHERE student_id = 1")
    assert band.fetchone() == ("达到临界值 65", "")


@pytest.mark.parametrize("role", [Role.PRINCIPAL, Role.ADMIN])
def test_principal_and_admin_cannot_import(role: Role, sessions: dict[Role, Session], export: Path) -> None:
    other = sessions[role]
    for call in (
        lambda: inspect(other, export),
        lambda: imp.preview_screening_import(
            other.db, other.actor, export, {"学号": "学号"}, instrument="PHQ-9", now=FIXED_NOW
        ),
        lambda: apply(other, export, {"学号": "学号"}),
    ):
        with pytest.raises(AccessDenied):
            call()


# -- the command line ----------------------------------------------------------------------
@pytest.fixture
def cli_school(school: SchoolFixture, monkeypatch: pytest.MonkeyPatch, keys: KeyPolicy) -> SchoolFixture:
    add_screening_students(school.admin)
    school.admin.db.close()
    monkeypatch.setattr(cli, "key_policy", lambda: keys)
    monkeypatch.setenv(cli.PASSWORD_ENV, PASSWORD)
    monkeypatch.setattr(cli.clock, "now", lambda: FIXED_NOW)
    return school


def test_cli_imports_with_json(cli_school: SchoolFixture, export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.run(
        [
            "import",
            "screening",
            "--db",
            str(cli_school.path),
            "--user",
            "counselor",
            str(export),
            "--json",
            "--date",
            "2025-10-09",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert json.loads(out) == JSON_OK
    code = cli.run(
        [
            "import",
            "screening",
            "--db",
            str(cli_school.path),
            "--user",
            "counselor",
            str(export),
            "--date",
            "2025-10-09",
        ]
    )
    assert code == 0 and "不变 5 条" in capsys.readouterr().out


def test_cli_names_bad_rows_and_exits_1(
    cli_school: SchoolFixture, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [ROWS[0], ("2099999999", "某某", *ROWS[1][2:])]
    bad = platform_export(tmp_path / "bad.xlsx", rows)
    code = cli.run(["import", "screening", "--db", str(cli_school.path), "--user", "counselor", str(bad), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    assert report["new"] == 0
    assert report["risk_answers"] == report["risk_answers_without_proposal"] == 1  # row 5: item 9 = 1, not imported
    assert report["proposals"] == {"red": 0, "orange": 0, "yellow": 0}
    assert report["errors"] == [
        {"row": 5, "column": "学号", "message": "学生名单中没有学号 2099999999（请先导入或核对学生名单）"}
    ]
    code = cli.run(["import", "screening", "--db", str(cli_school.path), "--user", "counselor", str(bad)])
    out = capsys.readouterr().out
    assert code == 1 and "第 5 行“学号”" in out and "第 5 行（共 1 份）有风险题作答" in out
    code = cli.run(["import", "screening", "--db", str(cli_school.path), "--user", "principal", str(bad)])
    assert code == 1 and "无权" in capsys.readouterr().err


def test_imported_names_and_answers_never_reach_disk_in_plaintext(counselor: Session, tmp_path: Path) -> None:
    canary = "鸣禽学生Zq8"
    with counselor.db.transaction() as conn:
        conn.execute("UPDATE students SET name = ? WHERE id = 1", (canary,))
    source = tmp_path / "incoming" / "普查.xlsx"
    source.parent.mkdir()
    rows = [(ROWS[0][0], canary, *ROWS[0][2:]), *ROWS[1:]]
    platform_export(source, rows)
    apply(counselor, source, inspect(counselor, source).suggested_mapping)
    assert student_screening_history(counselor.db, counselor.actor, 1, now=FIXED_NOW)
    source.unlink()  # the school's own file is theirs; everything the program wrote is scanned
    assert files_containing(tmp_path, [canary, "测谎", "作答时长"]) == []


def test_a_risk_answer_on_an_invalid_sheet_is_proposed_and_counted(counselor: Session, tmp_path: Path) -> None:
    """Too fast, failed lie item, all 3: none of them drops a risk answer (issue 8, item 1)."""
    rows = [
        ("2025101001", "张晓明", "2025-10-09 14:03:22", "00:05", [0, 0, 0, 0, 0, 0, 0, 0, 2], 2, "有效"),  # too fast
        ("2025101002", "李雨涵", "2025-10-09 14:05:10", "02:40", [1, 0, 0, 1, 0, 0, 0, 0, 1], 3, "无效"),  # lie item
        ("2025101003", "王子轩", "2025-10-09 14:06:00", "02:00", [3] * 9, 27, "有效"),  # all 3: valid, flagged
        ("2024101001", "陈思琪", "2025-10-09 15:00:00", "02:05", [0] * 9, 0, "有效"),  # all 0: valid, flagged
        ("2024101002", "刘浩然", "2025-10-09 15:01:00", "00:04", [3, 3, 3, 3, 3, 3, 3, 3, 0], 24, "有效"),  # fast
    ]
    path = platform_export(tmp_path / "无效卷.xlsx", rows)
    mapping = inspect(counselor, path).suggested_mapping
    preview = imp.preview_screening_import(
        counselor.db, counselor.actor, path, mapping, instrument="PHQ-9", now=FIXED_NOW
    )
    levels = {r.student_no: r.proposed_level for r in preview.rows}
    assert levels == {
        "2025101001": WarningLevel.RED,
        "2025101002": WarningLevel.ORANGE,
        "2025101003": WarningLevel.RED,
        "2024101001": None,
        "2024101002": None,  # an invalid sheet's total alone proposes nothing
    }
    notes = {r.student_no: r.review_note for r in preview.rows}
    assert "同一答案" in notes["2025101003"] and "同一答案" in notes["2024101001"] and not notes["2025101001"]
    assert preview.risk_answers == 3 and preview.invalid == 3
    changes = apply(counselor, path, mapping)
    report = changes.to_json()
    assert report["proposals"] == {"red": 2, "orange": 1, "yellow": 0}
    assert (report["risk_answers"], report["risk_answers_without_proposal"], report["invalid"]) == (3, 0, 3)
    assert "风险题有作答 3 份（其中无效问卷 2 份），都已有预警建议" in changes.summary
    reasons = [r[0] for r in counselor.db.conn.execute("SELECT reason FROM warning_proposals ORDER BY id")]
    assert "无效" in reasons[0] and "作答过快" in reasons[0] and "同一答案" in reasons[2]


def test_reimport_files_a_proposal_an_earlier_version_left_out(counselor: Session, export: Path) -> None:
    mapping = inspect(counselor, export).suggested_mapping
    apply(counselor, export, mapping)
    with counselor.db.transaction() as conn:
        conn.execute("DELETE FROM warning_proposals WHERE proposed_level = 'orange'")  # as an old version left it
    again = apply(counselor, export, mapping)
    assert (again.unchanged, again.proposals, again.risk_answers_without_proposal) == (5, 1, 0)
    assert again.to_json()["proposals"] == {"red": 0, "orange": 1, "yellow": 0}


@pytest.mark.parametrize("refusal", ["拒绝回答", "拒答"])
def test_an_asq_refusal_in_a_platform_file_is_a_positive_screen(
    counselor: Session, tmp_path: Path, refusal: str
) -> None:
    path = tmp_path / "asq.csv"
    path.write_text(
        "学号,姓名,第1题,第2题,第3题,第4题,第5题\n"
        f"2025101001,张晓明,否,{refusal},否,否,否\n"
        "2025101002,李雨涵,否,否,否,否,\n"
        f"2025101003,王子轩,是,否,否,否,{refusal}\n",
        encoding="utf-8",
    )
    changes = apply(counselor, path, inspect(counselor, path).suggested_mapping, instrument="ASQ")
    assert changes.to_json()["proposals"] == {"red": 1, "orange": 1, "yellow": 0}
    assert changes.risk_answers == 2
    bands = dict(
        counselor.db.conn.execute(
            "SELECT s.student_no, r.band FROM screening_results r JOIN students s ON s.id = r.student_id"
        ).fetchall()
    )
    assert bands == {"2025101001": "筛查阳性（非急性）", "2025101002": "阴性", "2025101003": "筛查阳性（急性）"}
