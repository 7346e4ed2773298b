"""Writing an export (an ExportDocument) to the file the user chose, as XLSX or CSV by its suffix,
with its audit row: what left (the document's kind and id), why (the stated reason, or the fixed
sentence of a de-identified export), its export id and the SHA-256 of the bytes written
(saved_files.save_exported: temp file beside the target, the row and the rename in one step).

A building block: stats_export.save_stats_export and class_list.save_class_list check who may first."""

from __future__ import annotations

import secrets
from datetime import datetime
from pathlib import Path

from counselroom.domain.errors import ValidationError
from counselroom.domain.exports.export_document import ExportDocument
from counselroom.domain.roles import Actor
from counselroom.services.printing.saved_files import SavedFile, save_exported
from counselroom.store.database import Database

# format → its writer in reports/export_workbook, imported at the first export: openpyxl took a
# quarter of a second of the first visit of every page that offers an export.
WRITERS = {"xlsx": "document_xlsx", "csv": "document_csv"}
FORMAT_NAMES = {"xlsx": "Excel 工作簿", "csv": "CSV 文件"}


def new_export_id() -> str:
    """8 hex digits, on the file and in its audit row: a copy found later is traced to its export."""
    return secrets.token_hex(4).upper()


def export_format(path: Path | str) -> str:
    """xlsx or csv, from the file name; anything else is said plainly."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in WRITERS:
        raise ValidationError(f"导出文件应以 .xlsx 或 .csv 结尾，现在是“{Path(path).name}”", field="文件名")
    return fmt


def export_bytes(doc: ExportDocument, fmt: str) -> bytes:
    from counselroom.reports import export_workbook

    data: bytes = getattr(export_workbook, WRITERS[fmt])(doc)
    return data


def write_export(db: Database, actor: Actor, doc: ExportDocument, path: Path | str, *, now: datetime) -> SavedFile:
    data = export_bytes(doc, export_format(path))
    about = f"{doc.title}，{doc.rows} 行，导出编号 {doc.export_id}，"
    return save_exported(
        db, actor, path, data, object_type=doc.kind, object_id=doc.object_id, reason=doc.reason, about=about, now=now
    )
