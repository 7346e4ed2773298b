"""The command line of SPEC §6: thin over the services, same roles and audit as the GUI.

Errors, usage and help are printed in Chinese without a traceback: exit 1 for a user error, 2
for bad usage (cli_chinese). Without a command `counselroom` opens the GUI (__main__).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path

from counselroom import __version__, cli_exports
from counselroom.cli_chinese import ChineseArgumentParser, UsageError
from counselroom.demo import generator as demo
from counselroom.domain.errors import CounselRoomError, NotFound, ValidationError
from counselroom.domain.roles import Role
from counselroom.services.accounts import accounts, care_access, integrity, sign_in
from counselroom.services.accounts.session import KeyPolicy, Session
from counselroom.services.accounts.setup import create_school
from counselroom.services.activities import timetable_import
from counselroom.services.backup import backups, restore
from counselroom.services.reports import report_files
from counselroom.services.school import school_calendar
from counselroom.services.screening import screening_import, screening_rows
from counselroom.services.students import enrolment_import
from counselroom.system import clock, device_secrets, instance_lock

PASSWORD_ENV = "COUNSELROOM_PASSWORD"
NEW_PASSWORD_ENV = "COUNSELROOM_NEW_PASSWORD"
RECOVERY_ENV = "COUNSELROOM_RECOVERY_KEY"
DEMO_PASSWORD = "demo1234"


def key_policy() -> KeyPolicy:
    """Production KDF cost; the OS keyring where a system backend works."""
    return KeyPolicy(device=device_secrets.probe_device_secrets())


# -- secrets from the environment or the terminal ----------------------------------------
def _ask(prompt: str, env: str) -> str:
    """Typed on the terminal; without one (a scheduled task, a pipe) the message names `env`."""
    if not sys.stdin or not sys.stdin.isatty():
        raise ValidationError(f"没有可以输入的终端：请先设置环境变量 {env} 再运行。")
    try:
        return getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        raise ValidationError(f"没有读到输入：可先设置环境变量 {env} 再运行。") from None


def read_password(prompt: str = "密码：") -> str:
    return os.environ.get(PASSWORD_ENV) or _ask(prompt, PASSWORD_ENV)


def read_new_password(env: str, label: str) -> str:
    """A new password from `env`, else typed twice."""
    value = os.environ.get(env)
    if value:
        return value
    first = _ask(f"{label}：", env)
    if _ask(f"再次输入{label}：", env) != first:
        raise ValidationError("两次输入的密码不一致", field=label)
    return first


def _existing_db(args: argparse.Namespace) -> Path:
    """The school database named by --db; a missing one is said as such (not as a missing key file)."""
    path = Path(args.db)
    if not path.is_file():
        raise NotFound(
            f"找不到数据库文件：{path}。请检查 --db 的路径；新建学校用 counselroom init，演示学校用 counselroom demo。"
        )
    return path


def _signed_in(args: argparse.Namespace) -> Session:
    path = _existing_db(args)
    session = sign_in.sign_in(
        path, args.user, read_password(f"{args.user} 的密码："), now=clock.now(), keys=key_policy()
    )
    return _warned(session)


def _warned(session: Session) -> Session:
    """What opening the database found (a cut audit tail, an edited key file), on stderr before
    the command's own output: every command that signs in passes its session through here."""
    for warning in session.warnings:
        print(f"警告：{warning}", file=sys.stderr)
    return session


def _with_session(args: argparse.Namespace, work: Callable[[Session], int]) -> int:
    session = _signed_in(args)
    try:
        return work(session)
    finally:
        sign_in.logout(session, now=clock.now())


# -- one writer per data folder (SECURITY.md 21) -----------------------------------------
class DataUse(Enum):
    """What a command does to the school's data; every command declares it in the parser."""

    # Reads, and audits the reading: runs beside the GUI. The audit row is one short write
    # transaction that SQLite serialises with the GUI's own, and changes no school data.
    READS = "reads"
    CHANGES = "changes"  # changes an existing school's data: needs the data folder to itself
    CREATES = "creates"  # creates a school: needs the folder it creates to itself


LOCK_ADVICE = "请先关闭它再执行此命令。"


@contextmanager
def _data_folder_lock(args: argparse.Namespace) -> Iterator[None]:
    """Taken before any password is asked, held until the command has signed out. A command that
    forgot to declare its use is taken to change data."""
    use: DataUse = getattr(args, "data_use", DataUse.CHANGES)
    if use is DataUse.READS or getattr(args, "dry_run", False):  # a dry run changes nothing
        yield
        return
    path = Path(args.db) if use is DataUse.CREATES else _existing_db(args)
    with instance_lock.hold(path, advice=LOCK_ADVICE):
        yield


# -- commands ----------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    password = read_new_password(PASSWORD_ENV, f"管理员 {args.admin} 的密码")
    created = create_school(
        Path(args.db),
        school_name=args.school,
        admin_username=args.admin,
        admin_password=password,
        now=clock.now(),
        keys=key_policy(),
    )
    sign_in.logout(_warned(created.session), now=clock.now())
    _print_recovery_key(created.recovery_key)
    return 0


def _print_recovery_key(recovery_key: str) -> None:
    print("学校数据库已创建。")
    print("恢复密钥（只显示这一次，请抄写或打印后锁进保险柜；程序不会保存它）：")
    print(f"    {recovery_key}")
    print("忘记所有密码、换电脑或从备份恢复时都需要它。")


def cmd_demo(args: argparse.Namespace) -> int:
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        password = DEMO_PASSWORD
        print(f"未设置 {PASSWORD_ENV}，演示账号的密码为 {DEMO_PASSWORD}")
    summary = demo.generate_demo_school(
        Path(args.db),
        students=args.students,
        years=args.years,
        seed=args.seed,
        password=password,
        now=clock.now(),
        keys=key_policy(),
    )
    print(
        f"已生成演示学校“{summary.school_name}”：{summary.students} 名学生，"
        f"{summary.classes} 个班级，{summary.staff} 名教职工。"
    )
    print("账号：" + "、".join(summary.accounts))
    _print_recovery_key(summary.recovery_key)
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    role: Role = args.role

    def work(session: Session) -> int:
        password = read_new_password(NEW_PASSWORD_ENV, f"新账号 {args.new_user} 的初始密码")
        changes = accounts.add_account(
            session.db,
            session.actor,
            username=args.new_user,
            display_name=args.name or "",
            role=role,
            password=password,
            now=clock.now(),
            keys=key_policy(),
        )
        print(changes.summary + "；首次登录时需修改密码。")
        return 0

    return _with_session(args, work)


def cmd_user_confirm(args: argparse.Namespace) -> int:
    """A lead confirms a colleague's access to the care records (after checking the fingerprint);
    with --recovery-key, the admin or a lead confirms the first lead."""

    def work(session: Session) -> int:
        target = next(
            (
                a
                for a in accounts.list_accounts(session.db, session.actor, now=clock.now())
                if a.username == args.account
            ),
            None,
        )
        if target is None:
            raise NotFound(f"没有名为“{args.account}”的账号")
        if args.recovery_key:
            key = os.environ.get(RECOVERY_ENV) or _ask("恢复密钥：", RECOVERY_ENV)
            changes = care_access.confirm_with_recovery_key(
                session.db, session.actor, user_id=target.user_id, recovery_key=key, now=clock.now()
            )
        else:
            changes = care_access.confirm_care_access(
                session.db, session.actor, user_id=target.user_id, fingerprint=args.fingerprint, now=clock.now()
            )
        print(changes.summary)
        return 0

    return _with_session(args, work)


def cmd_user_list(args: argparse.Namespace) -> int:
    def work(session: Session) -> int:
        for a in accounts.list_accounts(session.db, session.actor, now=clock.now()):
            state = "在用" if a.active else "已停用"
            print(
                f"{a.username}\t{a.display_name}\t{a.role_label}\t{state}\t心理档案：{a.care_access}\t{a.fingerprint}"
            )
        return 0

    return _with_session(args, work)


def cmd_check(args: argparse.Namespace) -> int:
    def work(session: Session) -> int:
        report = integrity.check_database(session.db, session.actor, now=clock.now())
        if args.acknowledge:
            count = integrity.acknowledge_audit_breaks(
                session.db, session.actor, note=args.acknowledge, now=clock.now()
            )
            print(f"已确认知悉 {count} 个登录时发现的审计日志问题，之后的检查不再报告它们。", file=sys.stderr)
        if args.json:
            print(json.dumps(report.to_json(), ensure_ascii=False))
        elif report.ok:
            print(f"检查通过：数据库完好，审计日志 {report.audit_rows} 条，链条完整。")
        else:
            print("检查发现问题：")
            for problem in report.problems:
                print(f"  - {problem}")
        return 0 if report.ok else 1

    return _with_session(args, work)


def cmd_recover(args: argparse.Namespace) -> int:
    path = _existing_db(args)
    key = os.environ.get(RECOVERY_ENV) or _ask("恢复密钥：", RECOVERY_ENV)
    password = read_new_password(NEW_PASSWORD_ENV, f"{args.user} 的新密码")
    session = sign_in.recover_account(path, key, args.user, password, now=clock.now(), keys=key_policy())
    sign_in.logout(_warned(session), now=clock.now())
    print(f"已用恢复密钥解锁，并为 {args.user} 设置了新密码，本机已重新登记。")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Both stores into a new checked backup folder under --to (older ones rotate out)."""

    def work(session: Session) -> int:
        made = backups.make_backup(session.db, session.actor, Path(args.to), now=clock.now())
        if not made.good:
            print(f"备份未通过检查，已标记为失败：{made.path}", file=sys.stderr)
            for problem in made.problems:
                print(f"  - {problem}", file=sys.stderr)
            print("之前的备份都没有删除。", file=sys.stderr)
            return 1
        how = "（心理档案文件原样复制，仍是加密的：此账号不能查看心理档案）" if made.care_as_ciphertext else ""
        print(f"已备份并检查通过：{made.path}（{made.size / 1024 / 1024:.1f} MB）{how}")
        for name in made.removed:
            print(f"按保留规则删除了较早的备份：{name}")
        return 0

    return _with_session(args, work)


def cmd_restore(args: argparse.Namespace) -> int:
    """A backup folder and the recovery key → the school at --to, with a new password for one account."""
    folder, target = Path(args.backup), Path(args.db)
    key = os.environ.get(RECOVERY_ENV) or _ask("恢复密钥：", RECOVERY_ENV)
    checked = restore.check_backup(folder, key)
    username = args.user or next((a.username for a in checked.accounts if a.role is Role.ADMIN), "")
    if not username:
        raise ValidationError("备份中没有在用的管理员账号，请用 --user 指定账号", field="--user")
    password = read_new_password(NEW_PASSWORD_ENV, f"{username} 的新密码")
    session = restore.restore_backup(folder, target, key, username, password, now=clock.now(), keys=key_policy())
    sign_in.logout(_warned(session), now=clock.now())
    print(f"已从 {folder.name}（{checked.made:%Y-%m-%d %H:%M} 制作）恢复到 {target}。")
    print(f"已为 {username} 设置新密码；其他账号请由管理员在“设置 → 账号”中重设密码，心理教师再由负责人确认。")
    return 0


def cmd_import_roster(args: argparse.Namespace) -> int:
    """Preview first; import only when every row is valid and --dry-run is not given."""

    def work(session: Session) -> int:
        path = Path(args.sheet)
        preview = enrolment_import.preview_enrolment_import(session.db, session.actor, path, now=clock.now())
        if preview.ok and not args.dry_run:
            enrolment_import.apply_enrolment_import(session.db, session.actor, path, now=clock.now(), checked=preview)
        if args.json:
            print(json.dumps(enrolment_import.to_json(preview), ensure_ascii=False))
        else:
            _print_enrolment_preview(preview, dry_run=args.dry_run)
        return 0 if preview.ok else 1

    return _with_session(args, work)


def _print_enrolment_preview(preview: enrolment_import.EnrolmentPreview, *, dry_run: bool) -> None:
    if not preview.ok:
        print(f"名单“{preview.file_name}”中有 {len(preview.errors)} 处错误，未导入任何学生：")
        for error in preview.errors:
            print(f"  {error}")
        print(f"其余各行无误（{preview.counts}）。改正后重新导入即可。")
        return
    verb = "试运行（未写入任何数据）" if dry_run else "已导入"
    print(f"{verb}名单“{preview.file_name}”：{preview.counts}。")
    if preview.new_classes:
        print("新建班级：" + "、".join(preview.new_classes))
    if preview.ignored_columns:
        print("以下列未导入：" + "、".join(preview.ignored_columns))


def cmd_import_lessons(args: argparse.Namespace) -> int:
    """Preview the lessons the timetable adds over the term; add them when every row is valid and
    the user confirms (or gave --yes). Nothing is asked with --dry-run."""

    def work(session: Session) -> int:
        path, term = Path(args.file), _term_id(session, args.term)
        preview = timetable_import.preview_timetable(
            session.db, session.actor, path, term_id=term, from_date=args.from_date, now=clock.now()
        )
        if not args.json:
            _print_timetable_preview(preview)
        if preview.ok and preview.new and not args.dry_run and (args.yes or _confirmed(preview)):
            changes = timetable_import.apply_timetable(  # the days the preview showed
                session.db, session.actor, path, term_id=term, from_date=preview.start, now=clock.now()
            )
            if not args.json:
                print(changes.summary + "。")
        elif preview.ok and not args.json:
            print(_not_imported(preview, dry_run=args.dry_run))
        if args.json:
            print(json.dumps(timetable_import.to_json(preview), ensure_ascii=False))
        return 0 if preview.ok else 1

    return _with_session(args, work)


def cmd_report_self_inspection(args: argparse.Namespace) -> int:
    """The 学期自查报告 for a term as PDF or Word: built, written and audited as the GUI does it."""

    def work(session: Session) -> int:
        out = Path(args.out)
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in ("pdf", "docx"):
            raise UsageError(f"--out 应以 .pdf 或 .docx 结尾，而不是“{out.name}”")
        term = _term_id(session, args.term)
        report = report_files.self_inspection_file(session.db, session.actor, term, fmt, now=clock.now())
        saved = report_files.save_report(session.db, session.actor, report, out, now=clock.now())
        print(f"已保存{report.title}：{saved.path}")
        return 0

    return _with_session(args, work)


def cmd_report_talks(args: argparse.Namespace) -> int:
    """The 活动记录表 for a period as Excel, PDF or Word."""

    def work(session: Session) -> int:
        out = Path(args.out)
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "pdf", "docx"):
            raise UsageError(f"--out 应以 .xlsx、.pdf 或 .docx 结尾，而不是“{out.name}”")
        report = report_files.activity_table_file(
            session.db,
            session.actor,
            start=args.from_date,
            end=args.to_date,
            fmt=fmt,
            now=clock.now(),
            contact=args.contact,
            phone=args.phone,
        )
        saved = report_files.save_report(session.db, session.actor, report, out, now=clock.now())
        print(f"已保存{report.title}：{saved.path}")
        return 0

    return _with_session(args, work)


def cmd_export_stats(args: argparse.Namespace) -> int:
    return _with_session(args, lambda session: cli_exports.export_stats(session, args))


def cmd_export_class_list(args: argparse.Namespace) -> int:
    return _with_session(args, lambda session: cli_exports.export_class_list(session, args))


def _term_id(session: Session, code: str) -> int:
    terms = school_calendar.list_terms(session.db, session.actor, now=clock.now())
    found = next((t.id for t in terms if t.code == code.strip()), None)
    if found is None:
        known = "、".join(t.code for t in terms) or "无（请先在“设置 → 学年学期”中添加）"
        raise NotFound(f"没有学期“{code}”。已有的学期：{known}")
    return found


def _print_timetable_preview(preview: timetable_import.TimetablePreview) -> None:
    if not preview.ok:
        print(f"课表“{preview.file_name}”中有 {len(preview.errors)} 处错误，未导入任何心理课：")
        for error in preview.errors:
            print(f"  {error}")
        print("其余各行无误。改正后重新导入即可。")
        return
    print(f"课表“{preview.file_name}”，{preview.term_label}，{preview.start} 至 {preview.end}：")
    for c in preview.classes:
        print(f"  {c.class_name}：每周 {c.weekly} 节，新增 {c.new} 节，已有 {c.present} 节")
    print(f"共 {preview.counts}。")
    if preview.ignored_columns:
        print("以下列未导入：" + "、".join(preview.ignored_columns))


def _not_imported(preview: timetable_import.TimetablePreview, *, dry_run: bool) -> str:
    if dry_run:
        return "试运行：未写入任何数据。"
    if not preview.lines:
        return "表中没有填了班级、星期和节次的行，没有可导入的心理课。"
    if not preview.new:
        return "课表中的心理课都已记录，无需导入。"
    return "未导入任何心理课。"


def _confirmed(preview: timetable_import.TimetablePreview) -> bool:
    """Asked on the terminal; a script without one must say --yes (or --dry-run)."""
    if not sys.stdin.isatty():
        raise UsageError("没有终端可供确认：请加 --yes 直接导入，或加 --dry-run 只检查")
    print(f"导入以上 {preview.new} 节心理课？输入 y 确认：", end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip().lower() in ("y", "yes", "是")


def cmd_import_screening(args: argparse.Namespace) -> int:
    """Uses the saved (or suggested) column mapping without asking; a bad row imports nothing."""

    def work(session: Session) -> int:
        path, now = Path(args.file), clock.now()
        info = screening_import.inspect_screening_file(session.db, session.actor, path, now=now)
        instrument = args.instrument or info.suggested_instrument
        try:
            if not instrument:
                raise ValidationError(
                    "无法从文件判断量表，请用 --instrument 指定（如 PHQ-9、GAD-7、ASQ 或量表名称）", field="量表"
                )
            changes = screening_import.apply_screening_import(
                session.db,
                session.actor,
                path,
                info.suggested_mapping,
                instrument=instrument,
                batch_name=args.batch or "",
                held_on=args.date,
                cutoff=args.cutoff,
                lie_max=args.lie_max,
                now=now,
            )
        except ValidationError as exc:
            return _screening_rejected(exc, as_json=args.json)
        print(json.dumps(changes.to_json(), ensure_ascii=False) if args.json else changes.summary)
        return 0

    return _with_session(args, work)


def _screening_rejected(exc: ValidationError, *, as_json: bool) -> int:
    errors = getattr(exc, "errors", None) or (screening_rows.RowError(exc.row, exc.field or "", exc.message),)
    risk_rows: tuple[int, ...] = getattr(exc, "risk_rows", ())
    if as_json:
        print(json.dumps(screening_import.rejected_json(errors, risk_rows=risk_rows), ensure_ascii=False))
    else:
        print(f"有 {len(errors)} 处错误，未导入任何测评结果：")
        for error in errors:
            print(f"  {error}")
        warning = screening_import.risk_warning(risk_rows)
        if warning:
            print(warning.removeprefix("。"))
    return 1


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD，而不是“{text}”") from None


# -- the parser --------------------------------------------------------------------------
DESCRIPTION = """心理辅导室工作台（CounselRoom）

打开程序窗口：
  counselroom                 打开程序（还没有学校数据时，先打开“首次使用”向导）
  counselroom --demo          在演示学校上打开程序（首次运行时生成演示学校；
                              账号 admin、lead、counselor、principal，密码 demo1234
                              或环境变量 COUNSELROOM_PASSWORD 的值）
  counselroom --db 文件       打开指定的学校数据库
  counselroom selftest        安装后自检（加密数据库、中文 PDF、字体、翻译、密钥环），给出结论

下面的命令用于建校、账号、导入和检查，与程序窗口使用同样的账号、权限和审计日志。"""

EPILOG = """密码取自环境变量 COUNSELROOM_PASSWORD（新账号的初始密码取自 COUNSELROOM_NEW_PASSWORD，
恢复密钥取自 COUNSELROOM_RECOVERY_KEY），未设置时在终端输入。
出错时以中文说明，退出码 1；用法错误退出码 2。运行 `counselroom 命令 --help` 查看各命令的用法。"""


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="counselroom", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument(
        "--version", action="version", version=f"心理辅导室工作台 {__version__}", help="显示版本号并退出"
    )
    commands = parser.add_subparsers(dest="command", title="命令", metavar="命令", parser_class=ChineseArgumentParser)

    p = commands.add_parser("init", help="新建学校数据库和第一个管理员账号（打印一次恢复密钥）")
    _db(p)
    p.add_argument("--school", required=True, metavar="学校名称", help="学校名称")
    p.add_argument("--admin", required=True, metavar="用户名", help="管理员用户名")
    p.set_defaults(run=cmd_init, data_use=DataUse.CREATES)

    p = commands.add_parser("demo", help="生成一所演示学校")
    _db(p)
    p.add_argument("--students", type=_whole_number, default=1200, metavar="人数", help="学生人数（默认 1200）")
    p.add_argument("--years", type=_whole_number, default=1, metavar="年数", help="生成几个学年的数据（默认 1）")
    p.add_argument("--seed", type=_whole_number, default=1, metavar="种子", help="随机种子，同一种子生成相同数据")
    p.set_defaults(run=cmd_demo, data_use=DataUse.CREATES)

    user = commands.add_parser("user", help="账号管理（user add、user list）").add_subparsers(
        dest="user_command", title="命令", metavar="命令", parser_class=ChineseArgumentParser, required=True
    )
    p = user.add_parser("add", help="新建账号（需管理员）")
    _db(p)
    _user(p)
    p.add_argument("--new-user", required=True, metavar="用户名", help="新账号的用户名")
    p.add_argument("--role", required=True, type=_role, metavar="角色", help=f"角色：{_role_choices()}")
    p.add_argument("--name", metavar="姓名", help="显示姓名，如 王老师")
    p.set_defaults(run=cmd_user_add, data_use=DataUse.CHANGES)
    p = user.add_parser("confirm", help="确认账号可访问心理档案（心理中心负责人，核对密钥指纹后）")
    _db(p)
    _user(p)
    p.add_argument("--account", required=True, metavar="用户名", help="要确认的账号")
    p.add_argument("--fingerprint", default="", metavar="指纹", help="与对方当面核对过的密钥指纹（见 user list）")
    p.add_argument("--recovery-key", action="store_true", help="用恢复密钥确认（第一位负责人；管理员或负责人执行）")
    p.set_defaults(run=cmd_user_confirm, data_use=DataUse.CHANGES)
    p = user.add_parser("list", help="列出账号（管理员或心理中心负责人）")
    _db(p)
    _user(p)
    p.set_defaults(run=cmd_user_list, data_use=DataUse.READS)

    p = commands.add_parser("check", help="检查数据库完整性和审计日志链")
    _db(p)
    _user(p)
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    # Reads: the checks read one consistent snapshot beside the GUI, and the only rows written are
    # audit rows (the check's own and sign-in's), serialised by SQLite with the GUI's writes.
    p.add_argument(
        "--acknowledge", metavar="说明", default="", help="心理中心负责人：核查后确认已知悉登录时发现的审计日志问题"
    )
    p.set_defaults(run=cmd_check, data_use=DataUse.READS)

    imports = commands.add_parser(
        "import", help="导入名单、测评结果或课表（import roster、import screening、import lessons）"
    ).add_subparsers(
        dest="import_command", title="命令", metavar="命令", parser_class=ChineseArgumentParser, required=True
    )
    p = imports.add_parser("roster", help="从 Excel/CSV 导入学生名单（需管理员）")
    _db(p)
    _user(p)
    p.add_argument("sheet", metavar="名单文件", help="名单文件（.xlsx 或 .csv）")
    p.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    p.set_defaults(run=cmd_import_roster, data_use=DataUse.CHANGES)  # --dry-run reads
    p = imports.add_parser("screening", help="导入其他平台导出的测评结果（需心理教师）")
    _db(p)
    _user(p)
    p.add_argument("file", metavar="测评结果文件", help="测评结果文件（.xlsx 或 .csv）")
    p.add_argument("--instrument", metavar="量表", help="量表：PHQ-9、GAD-7、ASQ，或其他量表的名称（只导入总分）")
    p.add_argument("--cutoff", type=_number, metavar="分数", help="非内置量表的筛查阳性临界值")
    p.add_argument("--lie-max", type=_number, metavar="分数", help="测谎分上限（效度列为分数时）")
    p.add_argument("--batch", metavar="批次名称", help="批次名称（默认取文件名）")
    p.add_argument("--date", type=_iso_date, metavar="日期", help="测评日期 YYYY-MM-DD（默认取文件中的日期，或今天）")
    p.add_argument(
        "--json",
        action="store_true",
        help="以 JSON 输出结果（含 proposals：本次生成的各级预警建议数；risk_answers：有风险题作答的份数）",
    )
    p.set_defaults(run=cmd_import_screening, data_use=DataUse.CHANGES)

    p = imports.add_parser("lessons", help="从课表导入本学期到今天为止每周的心理课（需心理教师）")
    _db(p)
    _user(p)
    p.add_argument("file", metavar="课表文件", help="课表文件（.xlsx 或 .csv），含 班级、星期、节次 列")
    p.add_argument("--term", required=True, metavar="学期", help="学期，如 2025-2026-1")
    p.add_argument(
        "--from",
        dest="from_date",
        type=_iso_date,
        metavar="日期",
        help="从哪一天起（YYYY-MM-DD，默认接着上次导入的最后一天，第一次为学期第一天）；只导入到今天",
    )
    p.add_argument("--yes", action="store_true", help="不再询问，检查无误即导入")
    p.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
    p.add_argument("--json", action="store_true", help="以 JSON 输出结果（new：新增节数，unchanged：已有节数）")
    p.set_defaults(run=cmd_import_lessons, data_use=DataUse.CHANGES)  # --dry-run reads

    reports = commands.add_parser("report", help="生成报表（report self-inspection、report talks）").add_subparsers(
        dest="report_command", title="命令", metavar="命令", parser_class=ChineseArgumentParser, required=True
    )
    p = reports.add_parser("self-inspection", help="学期自查报告（PDF 或 Word，只含统计数字）")
    _db(p)
    _user(p)
    p.add_argument("--term", required=True, metavar="学期", help="学期，如 2025-2026-1")
    p.add_argument("--out", required=True, metavar="文件", help="保存为（.pdf 或 .docx）")
    p.set_defaults(run=cmd_report_self_inspection, data_use=DataUse.READS)  # reads; the export is audited
    p = reports.add_parser("talks", help="“万师润万心·大走访大谈心”活动记录表（Excel、PDF 或 Word）")
    _db(p)
    _user(p)
    p.add_argument(
        "--from", dest="from_date", required=True, type=_iso_date, metavar="日期", help="开始日期 YYYY-MM-DD"
    )
    p.add_argument("--to", dest="to_date", required=True, type=_iso_date, metavar="日期", help="结束日期 YYYY-MM-DD")
    p.add_argument("--out", required=True, metavar="文件", help="保存为（.xlsx、.pdf 或 .docx）")
    p.add_argument("--contact", metavar="姓名", help="报送联系人（默认心理中心负责人）")
    p.add_argument("--phone", metavar="电话", help="电话（默认辅导室填写的电话）")
    p.set_defaults(run=cmd_report_talks, data_use=DataUse.READS)

    p = commands.add_parser("backup", help="备份两个数据文件（检查通过后按 7 天、4 周、12 个月轮换旧备份）")
    _db(p)
    _user(p)
    p.add_argument("--to", required=True, metavar="文件夹", help="备份到哪个文件夹（如 U 盘）")
    p.set_defaults(run=cmd_backup, data_use=DataUse.CHANGES)  # the care file must be at rest without its key

    p = commands.add_parser("restore", help="用恢复密钥从备份恢复（可在新电脑上）")
    p.add_argument("backup", metavar="备份文件夹", help="counselroom-<时间> 备份文件夹")
    p.add_argument("--to", dest="db", required=True, metavar="文件", help="恢复为哪个数据库文件（如 school.db）")
    p.add_argument("--user", default="", metavar="用户名", help="为哪个账号设置新密码（默认第一个管理员）")
    p.set_defaults(run=cmd_restore, data_use=DataUse.CREATES)

    exports = commands.add_parser("export", help="导出（export stats、export class-list）").add_subparsers(
        dest="export_command", title="命令", metavar="命令", parser_class=ChineseArgumentParser, required=True
    )
    p = exports.add_parser("stats", help="去标识化统计（Excel 或 CSV，不含姓名、学号和文字记录）")
    _db(p)
    _user(p)
    p.add_argument("--term", metavar="学期", help="学期，如 2025-2026-1（默认本学期）")
    p.add_argument("--out", required=True, metavar="文件", help="保存为（.xlsx 或 .csv）")
    p.set_defaults(run=cmd_export_stats, data_use=DataUse.READS)  # reads; the export is audited
    p = exports.add_parser("class-list", help="给班主任的重点关注学生名单（需写明用途，带水印，记入审计日志）")
    _db(p)
    _user(p)
    p.add_argument("--class", dest="class_name", required=True, metavar="班级", help="班级，如 初一(3)班")
    p.add_argument("--reason", required=True, metavar="用途", help="导出的用途，如 请班主任日常关注")
    p.add_argument("--out", required=True, metavar="文件", help="保存为（.xlsx 或 .csv）")
    p.set_defaults(run=cmd_export_class_list, data_use=DataUse.READS)

    p = commands.add_parser("recover", help="用恢复密钥为账号设置新密码并重新登记本机")
    _db(p)
    _user(p)
    p.set_defaults(run=cmd_recover, data_use=DataUse.CHANGES)  # a new key slot
    return parser


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True, metavar="文件", help="学校数据库文件")


def _user(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", required=True, metavar="用户名", help="以哪个账号操作")


def _role(text: str) -> Role:
    try:
        return Role.parse(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _role_choices() -> str:
    return "、".join(f"{r.value}（{r.label}）" for r in Role)


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数，而不是“{text}”") from None


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为数字，而不是“{text}”") from None


def run(argv: Sequence[str]) -> int:
    try:
        args = build_parser().parse_args(list(argv))
        if not getattr(args, "run", None):
            raise UsageError(
                "请给出一个命令（不带任何参数运行 counselroom 即打开程序窗口）。运行 `counselroom --help` 查看用法。"
            )
        with _data_folder_lock(args):
            return int(args.run(args))
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    except CounselRoomError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"错误：无法读写文件：{exc.filename or ''}（{exc.strerror}）", file=sys.stderr)
        return 1
