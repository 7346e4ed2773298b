"""What every Word file the program writes starts from: an A4 page with 2 cm margins, fonts every
Chinese Windows PC has named on every style — 宋体 for body text, 黑体 for titles and headings (the
usual look of a school's documents), Times New Roman for Latin text — text marked Chinese, and file
properties that name the document and the program, never python-docx's defaults or a person.

The bundled font is not named: a DOCX cannot embed it, and a user test saw Word and LibreOffice
substitute an arbitrary face for it. The template's theme fonts are removed (they would otherwise
win over the named faces). The PDF keeps the bundled font, embedded."""

from __future__ import annotations

from datetime import date, datetime, time

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt

AUTHOR = "心理辅导室工作台"
MARGIN = Cm(2)
BODY_FACE, HEADING_FACE, LATIN_FACE = "宋体", "黑体", "Times New Roman"
LATIN_SLOTS = ("w:ascii", "w:hAnsi", "w:cs")
THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def a4_document(title: str, *, dated: date, body_size: float) -> WordDocument:
    """A new document set up as above; `dated` stands as created and modified, so the same report
    of the same day comes out the same."""
    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    root = doc.styles.element
    for fonts in root.iter(qn("w:rFonts")):
        for theme in THEME_SLOTS:
            fonts.attrib.pop(qn(theme), None)
        name_faces(fonts, BODY_FACE)
    for lang in root.iter(qn("w:lang")):
        lang.set(qn("w:val"), "zh-CN")
        lang.set(qn("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"]
    normal.font.size = Pt(body_size)
    name_faces(normal.element.get_or_add_rPr().get_or_add_rFonts(), BODY_FACE)  # Normal has none of its own
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, AUTHOR, AUTHOR
    props.subject = props.keywords = props.comments = ""
    props.created = props.modified = datetime.combine(dated, time())
    props.revision = 1
    return doc


def name_faces(fonts: BaseOxmlElement, east_asian: str) -> None:
    """Chinese text in `east_asian`, Latin text and digits in Times New Roman."""
    fonts.set(qn("w:eastAsia"), east_asian)
    for slot in LATIN_SLOTS:
        fonts.set(qn(slot), LATIN_FACE)
