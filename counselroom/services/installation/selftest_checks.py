"""What `counselroom selftest` checks below the GUI: the encrypted store, a Chinese PDF with a chart,
the bundled font, the keyring backends and the data folder.

Each check runs on its own and never raises: whatever goes wrong becomes a failed line that says
what, so the school's IT person reads one verdict per part. Nothing here touches a school's data:
the store check makes a throwaway school in a temporary folder and deletes it.
"""

from __future__ import annotations

import enum
import importlib
import io
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from counselroom.domain.errors import CounselRoomError
from counselroom.reports.pdf_fonts import missing_glyphs
from counselroom.reports.selftest_page import HEADING, selftest_pdf
from counselroom.services.accounts import integrity, sign_in
from counselroom.services.accounts.session import KeyPolicy
from counselroom.services.accounts.setup import create_school
from counselroom.store.care_store import care_store_path
from counselroom.store.connection import cipher_version, file_looks_plain
from counselroom.system import clock, device_secrets, holidays
from counselroom.system.paths import data_dir, data_dir_path, data_folder_problem, font_path

# The keyring backends the program may use (system_secrets); PyInstaller finds none of them by itself.
KEYRING_BACKENDS = (
    "keyring.backends.Windows",
    "keyring.backends.SecretService",
    "keyring.backends.libsecret",
    "keyring.backends.macOS",
)
# Words from every page, the seeds' terms and full-width punctuation: what the font must draw.
GLYPH_SAMPLE = (
    "心理辅导室工作台今日预约值班个案转介随访重点关爱重点关注筛查阳性预警红橙黄谈心家访报表自查"
    "学期学生班级班主任家长监护人医院精神卫生中心危机干预保密审计备份恢复导出设置账号密码"
    "初一二三高年级（）《》“”，。、；：！？０１２３４５６７８９"
)
_SELFTEST_PASSWORD = "selftest-Pass-2026"
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


class Status(enum.Enum):
    PASSED = "通过"
    NOTICE = "提示"  # works, but the IT person should know (no system keyring)
    FAILED = "失败"


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    detail: str


def run_checks() -> list[CheckResult]:
    """Every check below the GUI, in the order they are printed."""
    checks: list[tuple[str, Callable[[], CheckResult]]] = [
        ("加密数据库", check_encrypted_store),
        ("中文 PDF 和图表", check_pdf),
        ("内置字体", check_font),
        ("Word、Excel 和拼音组件", check_document_libraries),
        ("系统密钥环", check_keyring),
        ("数据文件夹", check_data_folder),
    ]
    return [guarded(name, check) for name, check in checks]


def guarded(name: str, check: Callable[[], CheckResult]) -> CheckResult:
    """One check; an exception is the check's failure, said in a line, never a traceback."""
    try:
        return check()
    except Exception as exc:  # a self-test reports every failure, whatever its kind
        reason = exc.message if isinstance(exc, CounselRoomError) else f"{type(exc).__name__}: {exc}"
        return CheckResult(name, Status.FAILED, reason)


def check_encrypted_store() -> CheckResult:
    """A throwaway school with the production KDF: created, closed, signed into again, fully checked."""
    started = time.perf_counter()
    keys = KeyPolicy()  # production Argon2id, no keyring: the keyring has its own check
    with tempfile.TemporaryDirectory(prefix="counselroom-selftest-") as folder:
        db_path = Path(folder) / "selftest.db"
        created = create_school(
            db_path,
            school_name="自检学校",
            admin_username="selftest",
            admin_password=_SELFTEST_PASSWORD,
            now=clock.now(),
            keys=keys,
        )
        sign_in.logout(created.session, now=clock.now())
        session = sign_in.sign_in(db_path, "selftest", _SELFTEST_PASSWORD, now=clock.now(), keys=keys)
        try:
            version = cipher_version(session.db.conn)
            report = integrity.check_database(session.db, session.actor, now=clock.now())
        finally:
            sign_in.logout(session, now=clock.now())
        plain = [p.name for p in (db_path, care_store_path(db_path)) if p.exists() and file_looks_plain(p)]
    if plain:
        return CheckResult("加密数据库", Status.FAILED, f"数据文件未加密：{'、'.join(plain)}")
    if not report.ok:
        return CheckResult("加密数据库", Status.FAILED, "完整性检查未通过：" + "；".join(report.problems))
    seconds = time.perf_counter() - started
    return CheckResult(
        "加密数据库",
        Status.PASSED,
        f"SQLCipher {version}：新建、加密、重新登录和完整性检查均正常（含两次密码运算，{seconds:.1f} 秒）",
    )


def check_pdf() -> CheckResult:
    """The self-test page: a PDF, its Chinese heading extractable, every font embedded, a chart image."""
    from pypdf import PdfReader

    data = selftest_pdf()
    if not data.startswith(b"%PDF"):
        return CheckResult("中文 PDF 和图表", Status.FAILED, "生成的文件不是 PDF")
    page = PdfReader(io.BytesIO(data)).pages[0]
    if HEADING not in page.extract_text():
        return CheckResult("中文 PDF 和图表", Status.FAILED, "PDF 中的中文无法读出（字体映射有误）")
    resources: Any = page["/Resources"].get_object()
    unembedded = _unembedded_fonts(resources["/Font"])
    if unembedded:
        return CheckResult("中文 PDF 和图表", Status.FAILED, f"字体未嵌入 PDF：{'、'.join(unembedded)}")
    images = [name for name, obj in resources.get("/XObject", {}).items() if obj["/Subtype"] == "/Image"]
    if not images:
        return CheckResult("中文 PDF 和图表", Status.FAILED, "PDF 中没有图表")
    return CheckResult("中文 PDF 和图表", Status.PASSED, f"一页 {len(data) // 1024} KB，中文可读出，字体已嵌入，含图表")


def _unembedded_fonts(fonts: Any) -> list[str]:
    """Fonts the PDF only names: a PC without them would print boxes (pdffonts' emb=no)."""
    names = []
    for ref in fonts.values():
        font = ref.get_object()
        descriptor_holder = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descriptor_holder.get("/FontDescriptor")
        embedded = descriptor is not None and any(k in descriptor.get_object() for k in _FONT_FILES)
        if not embedded:
            names.append(str(font.get("/BaseFont", "?")))
    return names


def check_font() -> CheckResult:
    path = font_path()
    if not path.is_file():
        return CheckResult("内置字体", Status.FAILED, f"找不到内置字体文件：{path}")
    missing = missing_glyphs(GLYPH_SAMPLE)
    if missing:
        return CheckResult("内置字体", Status.FAILED, f"内置字体缺少这些字：{''.join(sorted(missing))}")
    size_mb = path.stat().st_size // 1024 // 1024
    return CheckResult("内置字体", Status.PASSED, f"{path.name}（{size_mb} MB），常用字齐全")


def sample_pdf() -> bytes:
    """The self-test page, for the GUI's own check that pdfium can show it (attachments)."""
    return selftest_pdf()


def check_document_libraries() -> CheckResult:
    """The libraries behind Word reports, Excel rosters and exports, 拼音 search and the holiday calendar
    load their own data files (a frozen build that missed one fails here, not in front of a teacher)."""
    import docx
    from openpyxl import Workbook, load_workbook
    from pypinyin import lazy_pinyin

    document = docx.Document()  # reads python-docx's bundled default template
    document.add_paragraph(HEADING)
    document.save(io.BytesIO())
    workbook = Workbook()
    workbook.active.append(["学号", "姓名"])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    if load_workbook(buffer, read_only=True).active["A1"].value != "学号":  # type: ignore[index]
        return CheckResult("Word、Excel 和拼音组件", Status.FAILED, "Excel 文件读写结果不一致")
    if lazy_pinyin("心理") != ["xin", "li"]:
        return CheckResult("Word、Excel 和拼音组件", Status.FAILED, "拼音检索的字典没有加载")
    national = holidays.national_day(date(2025, 10, 1))
    if national is None or national.name != "国庆节":
        return CheckResult("Word、Excel 和拼音组件", Status.FAILED, "节假日日历没有加载")
    return CheckResult("Word、Excel 和拼音组件", Status.PASSED, "Word 报表、Excel 名单、拼音检索和节假日日历均正常")


def check_keyring() -> CheckResult:
    """The backend modules must load (a frozen build must have bundled them); a working system keyring
    is a notice either way: without one the program runs on passwords alone and says so."""
    for module in KEYRING_BACKENDS:
        importlib.import_module(module)
    secrets = device_secrets.probe_device_secrets()
    if secrets is None:
        return CheckResult("系统密钥环", Status.NOTICE, device_secrets.NO_KEYRING_NOTICE)
    return CheckResult("系统密钥环", Status.PASSED, f"可用：{secrets.backend_name}")


def check_data_folder() -> CheckResult:
    """The folder the school's data will live in exists (made as the program's first run would make it)
    and takes a file (written and removed at once)."""
    folder = data_dir_path()
    existed = folder.is_dir()
    try:
        handle, probe = tempfile.mkstemp(prefix=".selftest-", dir=data_dir())
        os.close(handle)
        os.remove(probe)
    except OSError as exc:
        return CheckResult("数据文件夹", Status.FAILED, data_folder_problem(folder, exc))
    return CheckResult("数据文件夹", Status.PASSED, f"{folder}（{'可写入' if existed else '已新建，可写入'}）")
