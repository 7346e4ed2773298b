"""What every Word file the program writes starts from: an A4 page with 2 cm margins, the bundled
font's family named on every style for Latin and East Asian text, text marked Chinese, and file
properties that name the document and the program — never python-docx's defaults or a person.

The template's theme fonts are removed (they would otherwise win over the named family): a PC with
the font installed shows exactly the PDF's glyphs, any other substitutes its own Chinese face. A
DOCX cannot carry a fallback list."""

from __future__ import annotations

from datetime import date, datetime, time

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt

from counselroom.reports.charts import chart_font_family

AUTHOR = "心理辅导室工作台"
MARGIN = Cm(2)
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def a4_document(title: str, *, dated: date, body_size: float) -> WordDocument:
    """A new document set up as above; `dated` stands as created and modified, so the same report
    of the same day comes out the same."""
    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    family = chart_font_family()
    root = doc.styles.element
    for fonts in root.iter(qn("w:rFonts")):
        for theme in THEME_SLOTS:
            fonts.attrib.pop(qn(theme), None)
        name_family(fonts, family)
    for lang in root.iter(qn("w:lang")):
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"]
    normal.font.size = Pt(body_size)
    name_family(normal.element.get_or_add_rPr().get_or_add_rFonts(), family)  # Normal has none of its own
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, AUTHOR, AUTHOR
    props.subject = props.keywords = props.comments = ""
    props.created = props.modified = datetime.combine(dated, time())
    props.revision = 1
    return doc


def name_family(fonts: BaseOxmlElement, family: str) -> None:
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), family)
