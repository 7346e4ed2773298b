"""Open the 学期自查报告's Word file in LibreOffice (headless) and compare it with the program's PDF.

Not part of the test suite (LibreOffice is large and slow to start); run it by hand after changing the
Word layout, from the repository root with the virtual environment active:

    python scripts/check_docx_libreoffice.py                  # the hand-built sample report
    python scripts/check_docx_libreoffice.py R.docx R.pdf     # a Word file and the PDF built with it

It converts the DOCX to PDF with `soffice --headless --convert-to pdf` in a temporary folder (the
report holds counts only, no student), reads both PDFs with pdftotext, and checks that every heading
of the Word file (Title, Heading 1, Heading 2) and every number of its tables appear in LibreOffice's
rendering and in the program's PDF, and every table cell's text in LibreOffice's. Exit 0 when they
agree, 1 when not, 2 when soffice or pdftotext is missing (Debian: apt install
libreoffice-writer-nogui poppler-utils).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document

NUMBER = re.compile(r"<?\d+(?:\.\d+)?%?")


def sample_files() -> tuple[bytes, bytes]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from counselroom.reports.self_inspection_docx import build_self_inspection_docx
    from counselroom.reports.self_inspection_pdf import build_self_inspection_pdf
    from tests.reports.self_inspection_sample import report

    sample = report()
    return build_self_inspection_docx(sample), build_self_inspection_pdf(sample)


def converted(docx: bytes, folder: Path) -> bytes:
    source = folder / "report.docx"
    source.write_bytes(docx)
    command = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return (folder / "report.pdf").read_bytes()


def text_of(pdf: bytes, folder: Path, name: str) -> str:
    path = folder / name
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def word_parts(docx: bytes) -> tuple[list[str], list[str], set[str]]:
    """The headings, the table cells' texts and the numbers in them."""
    doc = Document(io.BytesIO(docx))
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith(("Title", "Heading"))]
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells if cell.text]
    return headings, cells, set(NUMBER.findall(" ".join(cells)))


def main(argv: list[str]) -> int:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        print("soffice 或 pdftotext 未安装：apt install libreoffice-writer-nogui poppler-utils", file=sys.stderr)
        return 2
    docx, pdf = (Path(argv[0]).read_bytes(), Path(argv[1]).read_bytes()) if len(argv) == 2 else sample_files()
    headings, cells, numbers = word_parts(docx)
    with tempfile.TemporaryDirectory(prefix="counselroom-docx-") as name:
        folder = Path(name)
        office = flat(text_of(converted(docx, folder), folder, "office.pdf"))
        ours = flat(text_of(pdf, folder, "ours.pdf"))
    problems = [f"LibreOffice 中缺少标题：{h}" for h in headings if flat(h) not in office]
    problems += [f"程序 PDF 中缺少标题：{h}" for h in headings if flat(h) not in ours]
    problems += [f"LibreOffice 中缺少表格文字：{c}" for c in dict.fromkeys(cells) if flat(c) not in office]
    problems += [f"LibreOffice 中缺少数字：{n}" for n in sorted(numbers) if n not in office]
    problems += [f"程序 PDF 中缺少数字：{n}" for n in sorted(numbers) if n not in ours]
    print(f"标题 {len(headings)} 个，表格单元格 {len(cells)} 个，其中的数字 {len(numbers)} 个")
    for problem in problems:
        print(problem)
    print("一致" if not problems else f"不一致：{len(problems)} 处")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
