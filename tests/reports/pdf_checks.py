"""Looking inside a PDF with pypdf: page sizes, the fonts each page uses, the text."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

MM = 72 / 25.4


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_sizes_mm(pdf: bytes) -> list[tuple[int, int]]:
    return [(round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM)) for p in reader(pdf).pages]


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(pdf).pages]


def fonts(pdf: bytes) -> list[DictionaryObject]:
    """Every font resource on every page (descendants of composite fonts included)."""
    found: list[DictionaryObject] = []
    for page in reader(pdf).pages:
        resources: Any = page.get("/Resources")
        table = resources.get_object().get("/Font") if resources is not None else None
        for ref in table.get_object().values() if table is not None else ():
            font = ref.get_object()
            found.append(font)
            found += [d.get_object() for d in font.get("/DescendantFonts", [])]
    return found


def unembedded(pdf: bytes) -> list[str]:
    """Names of fonts the PDF uses without carrying the glyphs (what pdffonts shows as emb=no)."""
    bad = []
    for font in fonts(pdf):
        if font.get("/Subtype") == "/Type0":
            continue  # judged by its descendant
        descriptor = font.get("/FontDescriptor")
        files = descriptor.get_object().keys() if descriptor is not None else ()
        if not {"/FontFile", "/FontFile2", "/FontFile3"} & set(files):
            bad.append(str(font.get("/BaseFont")))
    return bad
