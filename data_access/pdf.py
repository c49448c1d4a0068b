"""Documents as PDF (ReportLab): A4 portrait, the Bitstream Vera fonts shipped inside the reportlab
package embedded (Latin letters with the marks Indonesian text uses, '–', '·', '≥'), a cover, page
numbers ("Halaman 2 dari 5"), tables that break across pages with their header row repeated, and
figures (charts drawn as high-resolution PNG) fitted to the frame.
Beside data_access/workbook.py, the other writer of files the product hands out; it lays out a
vocab.document.Document and computes nothing."""
from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from vocab.document import Document, Figure, Section, TextTable

PAGE = A4
MARGIN = 18 * mm  # every text box stays inside this margin, the footer included
FRAME_PADDING = 6  # points: ReportLab's frame keeps this inside the margins on each side
FOOTER_HEIGHT = 8 * mm  # the band at the bottom of the frame the footer and page number sit in
FONT, BOLD, ITALIC = "Vera", "Vera-Bold", "Vera-Italic"
_FONT_FILES = {FONT: "Vera.ttf", BOLD: "VeraBd.ttf", ITALIC: "VeraIt.ttf"}
HEADER_TINT = colors.HexColor("#DDEBF1")  # the header row of every table, as in the Excel files
GRID = colors.HexColor("#9FB3BF")
INK = colors.HexColor("#1B2A33")
MUTED = colors.HexColor("#51626D")
PT_PER_PX = 0.75  # a CSS pixel is 1/96 inch, a point 1/72
FIGURE_SHARE = 0.72  # of the frame's height at most, so a figure keeps its heading and note on its page


def font_path(name: str) -> Path:
    """The TTF file of one of the fonts, from the reportlab package's own folder (no system font)."""
    return Path(reportlab.__file__).parent / "fonts" / _FONT_FILES[name]


def _register_fonts() -> None:
    for name in _FONT_FILES:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


def covered(text: str) -> set[str]:
    """The characters of `text` the body font has no glyph for (empty: every one is drawn)."""
    _register_fonts()
    face = pdfmetrics.getFont(FONT).face
    return {c for c in text if not c.isspace() and ord(c) not in face.charToGlyph}


def fitted(text: str, font: str, size: float, room: float) -> str:
    """`text`, shortened with '…' until it is at most `room` points wide in `font` at `size`."""
    _register_fonts()
    if pdfmetrics.stringWidth(text, font, size) <= room:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, textColor=INK)
    return {
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=22, leading=28, spaceAfter=4 * mm),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=12, leading=16, textColor=MUTED, spaceAfter=10 * mm),
        "h1": ParagraphStyle("h1", base, fontName=BOLD, fontSize=14, leading=18, spaceBefore=2 * mm,
                             spaceAfter=3 * mm, keepWithNext=1),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=11, leading=15, spaceBefore=4 * mm,
                             spaceAfter=1.5 * mm, keepWithNext=1),
        "body": ParagraphStyle("para", base, spaceAfter=2 * mm),
        "intro": ParagraphStyle("intro", base, spaceAfter=2 * mm, keepWithNext=1),
        "bullet": ParagraphStyle("bullet", base, leftIndent=5 * mm, bulletIndent=1 * mm, spaceAfter=1.2 * mm),
        "note": ParagraphStyle("note", base, fontName=ITALIC, fontSize=8.5, leading=11.5, textColor=MUTED,
                               spaceBefore=2 * mm, spaceAfter=2 * mm),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=11),
        "cell_right": ParagraphStyle("cell_right", base, fontSize=8.5, leading=11, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", base, fontName=BOLD, fontSize=8.5, leading=11),
        "head_right": ParagraphStyle("head_right", base, fontName=BOLD, fontSize=8.5, leading=11, alignment=TA_RIGHT),
        "label": ParagraphStyle("label", base, fontName=BOLD, fontSize=9.5, leading=13),
    }


def _p(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """Text as it is (escaped: a name with '&' or '<' is not markup)."""
    return Paragraph(escape(str(text)), style, bulletText=bullet)


def _table(table: TextTable, styles: dict, width: float) -> Table:
    """A table as wide as the frame, its cells wrapping inside their columns, the header row repeated
    on every page the table runs onto."""
    scale = width / sum(table.widths)
    head = [_p(h, styles["head_right" if i in table.numeric else "head"]) for i, h in enumerate(table.headers)]
    body = [[_p(c, styles["cell_right" if i in table.numeric else "cell"]) for i, c in enumerate(row)]
            for row in table.rows]
    out = Table([head, *body], colWidths=[w * scale for w in table.widths], repeatRows=1, hAlign="LEFT")
    out.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_TINT),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *[("BACKGROUND", (0, r), (-1, r), colors.HexColor("#F6F9FA")) for r in range(2, len(body) + 1, 2)],
    ]))
    return out


def figure_size(figure: Figure, width: float, height: float) -> tuple[float, float]:
    """A figure's size in points: its natural size (a CSS pixel as 0,75 pt), shrunk to at most `width`
    and `height` with its proportions kept (never enlarged)."""
    w, h = (v * PT_PER_PX for v in figure.size)
    shrink = min(1.0, width / w, height / h)
    return w * shrink, h * shrink


def _figure(figure: Figure, width: float, height: float) -> Image:
    w, h = figure_size(figure, width, height * FIGURE_SHARE)
    return Image(io.BytesIO(figure.png), width=w, height=h, hAlign="LEFT")


def _section(section: Section, styles: dict, width: float, first: bool, height: float = PAGE[1]) -> list:
    """A section's flowables. Its heading and introduction keep with what follows (keepWithNext), so a
    heading never stands alone at the foot of a page."""
    flow: list = []
    if section.level == 1 and section.new_page and not first:
        flow.append(PageBreak())
    flow.append(_p(section.title, styles["h1" if section.level == 1 else "h2"]))
    if section.intro:
        flow.append(_p(section.intro, styles["intro"]))
    flow += [_p(s, styles["bullet"], bullet="•") for s in section.sentences]
    if section.figure is not None:
        flow.append(_figure(section.figure, width, height))
        flow[-1].keepWithNext = bool(section.note)
    if section.table is not None:
        flow.append(_table(section.table, styles, width))
        # A table's closing note never stands alone on the next page: the table keeps with it (a table
        # longer than a page still breaks, and the note follows its last part).
        flow[-1].keepWithNext = bool(section.note)
    if section.note:
        flow.append(_p(section.note, styles["note"]))
    return flow


def _cover(document: Document, styles: dict, width: float) -> list:
    rows = [[_p(label, styles["label"]), _p(value, styles["body"])] for label, value in document.cover]
    lines = Table(rows, colWidths=[0.36 * width, 0.64 * width], hAlign="LEFT")
    lines.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID),
                               ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 20 * mm), _p(document.title, styles["title"]), _p(document.subtitle, styles["subtitle"]),
            lines, PageBreak()]


def _numbered_canvas(footer: str):
    """A canvas that writes the footer and 'Halaman N dari M' on every page once the page count is known."""

    class Numbered(pdf_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int):
            width, _height = PAGE
            y = MARGIN + 1.5 * mm
            self.setStrokeColor(GRID)
            self.setLineWidth(0.4)
            self.line(MARGIN, y + 4.5 * mm, width - MARGIN, y + 4.5 * mm)
            self.setFillColor(MUTED)
            self.setFont(FONT, 7.5)
            number = f"Halaman {self._pageNumber} dari {total}"
            room = width - 2 * MARGIN - pdfmetrics.stringWidth(number, FONT, 7.5) - 6 * mm
            self.drawString(MARGIN, y, fitted(footer, FONT, 7.5, room))
            self.drawRightString(width - MARGIN, y, number)

    return Numbered


def to_pdf(document: Document) -> bytes:
    """The document as PDF bytes."""
    _register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN + FOOTER_HEIGHT, title=document.title, author="Dasbor Kinerja ASN Lampung",
                            subject=document.subtitle, creator="Dasbor Kinerja ASN Lampung", lang="id-ID")
    width, height = doc.width - 2 * FRAME_PADDING, doc.height - 2 * FRAME_PADDING
    flow = _cover(document, styles, width)
    for i, section in enumerate(document.sections):
        flow += _section(section, styles, width, first=i == 0, height=height)
    doc.build(flow, canvasmaker=_numbered_canvas(document.footer))
    return buffer.getvalue()


def write_pdf(document: Document, path: str | Path) -> Path:
    """Write the document to `path` (the command line's --out)."""
    path = Path(path)
    path.write_bytes(to_pdf(document))
    return path
