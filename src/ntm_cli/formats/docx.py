"""`--format docx`: the report as a Word document (SPEC §14), laid out as Nghị định
30/2020/NĐ-CP lays out administrative documents, in memory, as bytes.

- A4; margins top and bottom 20 mm, left 30 mm, right 15 mm; landscape when the table has
  more than 7 columns. Times New Roman everywhere (the document's defaults, every style and
  every run, for Latin, East Asian and complex scripts alike, so no part of a Vietnamese text
  falls back to another font), body 13 pt, the table 12 pt (11 pt when landscape).
- The page number, centred at the top from the second page on (a header with a PAGE field
  and an empty first-page header): the document's only field.
- In Vietnamese, the heading block: `[program].agency` at the left, the national title and
  motto at the right, `[program].place` and an undated date line under them.
- The title in bold capitals, the programme's source under it.
- The report's table (the cells of the `table` format, from `grid.py`) as a real Word table:
  borders, the header row repeated on every page, groups as rows numbered I, II, III, targets
  numbered from 1 within each group in an STT column, statuses as their words with their
  symbol (and a shading that only repeats them), the notes in a "Ghi chú" column.

Text from the file goes into runs as plain text (`w:t`), never into a field, a hyperlink or a
macro. python-docx, the maintained library for writing .docx from Python (typed, on PyPI
since 2013): Word's own format without LibreOffice or a template file to keep.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ntm_cli.formats import View
from ntm_cli.formats.grid import Grid, Row, roman
from ntm_cli.i18n import Lang, word

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    from ntm_cli.judge.evaluate import Report
    from ntm_cli.judge.outlook import OutlookReport
    from ntm_cli.judge.period import PeriodReport
    from ntm_cli.judge.units_report import UnitsReport

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 12
WIDE_TABLE_PT = 11
# The page, in millimetres.
A4 = (210, 297)
MARGINS = {"top": 20, "bottom": 20, "left": 30, "right": 15}
HEADER_DISTANCE = 10  # the page number sits in the top margin
LANDSCAPE_ABOVE = 7  # columns

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Light fills that repeat what the words of a badge say (never the only carrier).
SHADES = {
    "exceeded": "C6EFCE",
    "met": "E2EFDA",
    "near": "FFEB9C",
    "missed": "FFC7CE",
    "ahead": "DDEBF7",
    "in-progress": "D9E1F2",
    "no-plan": "EDEDED",
    "no-data": "F4DDF4",
    "achieved": "C6EFCE",
    "on-track": "E2EFDA",
    "acceleration-needed": "FFEB9C",
    "limited-progress": "FCE4D6",
    "deterioration": "FFC7CE",
    "insufficient-data": "EDEDED",
    "no-target": "EDEDED",
    "completed": "C6EFCE",
    "on-pace": "E2EFDA",
    "behind": "FFC7CE",
    "above-pace": "FFC7CE",
    "over-limit": "FFC7CE",
}
HEADER_SHADE = "D9D9D9"
SECTION_SHADE = "F2F2F2"

# Characters XML 1.0 cannot hold (TOML allows U+FFFE and U+FFFF): shown as U+FFFD.
_NOT_XML = re.compile("[\ufffe\uffff]")


def status(report: Report, view: View) -> bytes:
    from ntm_cli.formats.grid import report_grid

    return document(report_grid(report, view.lang, "status"), report.program, view.lang)


def compare(report: Report, view: View) -> bytes:
    from ntm_cli.formats.grid import report_grid

    return document(report_grid(report, view.lang, "compare"), report.program, view.lang)


def status_period(report: PeriodReport, view: View) -> bytes:
    from ntm_cli.formats.grid import period_grid

    return document(period_grid(report, view.lang, "status"), report.program, view.lang)


def compare_period(report: PeriodReport, view: View) -> bytes:
    from ntm_cli.formats.grid import period_grid

    return document(period_grid(report, view.lang, "compare"), report.program, view.lang)


def outlook(report: OutlookReport, view: View) -> bytes:
    from ntm_cli.formats.grid import outlook_grid

    return document(outlook_grid(report, view.lang), report.program, view.lang)


def units(report: UnitsReport, view: View) -> bytes:
    from ntm_cli.formats.grid import units_grids

    return document(units_grids(report, view.lang), report.program, view.lang)


def document(tables: Grid | Sequence[Grid], program: Any, lang: Lang) -> bytes:
    """The Word document of one report: its table (or tables, each under its caption; the
    first names the report), and the programme for the heading."""
    import docx

    tables = [tables] if isinstance(tables, Grid) else list(tables)
    first = tables[0]
    doc = docx.Document()
    columns = max(len(t.headers) for t in tables) + 2  # STT and Ghi chú
    landscape = columns > LANDSCAPE_ABOVE
    size = WIDE_TABLE_PT if landscape else TABLE_PT
    _fonts(doc, lang)
    _page(doc, landscape)
    if lang == "vi":
        _heading_block(doc, program)
    _title(doc, first, program, lang)
    for table in tables:
        if table.caption:
            _paragraph(doc, table.caption, bold=True, before=6)
        if table.empty is not None:
            _paragraph(doc, table.empty)
            continue
        _table(doc, table, lang, size, landscape)
        for line in (table.after, table.summary):
            if line:
                _paragraph(doc, line, before=6)
    properties = doc.core_properties
    properties.title = _clean(" - ".join((*first.title, *first.more)))
    properties.author = "ntm"
    properties.last_modified_by = "ntm"
    properties.comments = ""
    properties.language = "vi-VN" if lang == "vi" else "en-US"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- the page ---------------------------------------------------------------------------------


def _element(tag: str, **attributes: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    made = OxmlElement(tag)
    for name, value in attributes.items():
        made.set(qn(f"w:{name}"), value)
    return made


def _set_fonts(rpr: Any, size: float | None = None) -> None:
    """Times New Roman for every script of a run properties element (`w:rPr`), the theme's
    fonts removed (they would win over the names)."""
    from docx.oxml.ns import qn

    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _element("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            found = rpr.find(qn(tag))
            if found is None:
                found = _element(tag)
                rpr.append(found)
            found.set(qn("w:val"), str(round(size * 2)))


def _fonts(doc: WordDocument, lang: Lang) -> None:
    """Times New Roman 13 pt as the document's default and in every style it uses."""
    from docx.oxml.ns import qn

    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(defaults, BODY_PT)
    language = defaults.find(qn("w:lang"))
    if language is not None:
        language.set(qn("w:val"), "vi-VN" if lang == "vi" else "en-US")
    paragraph_defaults = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault"))
    spacing = paragraph_defaults.find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    for fonts in list(styles.iter(qn("w:rFonts"))):  # every style, table parts included
        _set_fonts(fonts.getparent())
    normal = doc.styles["Normal"].element.get_or_add_rPr()
    _set_fonts(normal, BODY_PT)


def _page(doc: WordDocument, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    section = doc.sections[0]
    short, long = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width = Mm(long if landscape else short)
    section.page_height = Mm(short if landscape else long)
    section.top_margin = Mm(MARGINS["top"])
    section.bottom_margin = Mm(MARGINS["bottom"])
    section.left_margin = Mm(MARGINS["left"])
    section.right_margin = Mm(MARGINS["right"])
    section.header_distance = Mm(HEADER_DISTANCE)
    section.footer_distance = Mm(HEADER_DISTANCE)
    # The page number from the second page on: the first page's header stays empty.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(number)


def _page_field(paragraph: Paragraph) -> None:
    """PAGE as a complex field: the document's one field, and no text of the file in it."""
    parts = [
        _element("w:fldChar", fldCharType="begin"),
        _element("w:instrText"),
        _element("w:fldChar", fldCharType="separate"),
        _element("w:t"),
        _element("w:fldChar", fldCharType="end"),
    ]
    parts[1].text = " PAGE "
    parts[1].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    parts[3].text = "2"
    for part in parts:
        run = paragraph.add_run()
        _style_run(run, BODY_PT)
        run._r.append(part)


def _style_run(run: Any, size: float, bold: bool = False, italic: bool = False) -> None:
    run.bold = bold or None
    run.italic = italic or None
    _set_fonts(run._r.get_or_add_rPr(), size)


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _write(
    paragraph: Paragraph, text: str, size: float, bold: bool = False, italic: bool = False
) -> None:
    """Text as a run of plain text: a line break or a tab in a note stays one."""
    run = paragraph.add_run(_clean(text))
    _style_run(run, size, bold, italic)


def _paragraph(
    doc: WordDocument,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    center: bool = False,
    size: float = BODY_PT,
    before: float = 0,
) -> Paragraph:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if before:
        paragraph.paragraph_format.space_before = Pt(before)
    if text:
        _write(paragraph, text, size, bold, italic)
    return paragraph


# --- the heading --------------------------------------------------------------------------------


def agency_lines(program: Any) -> list[str]:
    """`[program].agency` as lines: one name, or the parent body over the issuing body."""
    agency = getattr(program, "agency", None)
    if agency is None:
        return []
    return [agency] if isinstance(agency, str) else list(agency)


def date_line(place: str) -> str:
    """The place and a date left for the signatory: "Cần Thơ, ngày … tháng … năm …"."""
    return f"{place}, ngày … tháng … năm …"


def _heading_block(doc: WordDocument, program: Any) -> None:
    """The agency at the left; the national title and motto at the right, the place under
    them: a two-cell table without borders, as Word templates of the decree lay it out."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    section = doc.sections[0]
    assert section.page_width is not None
    room = section.page_width - Mm(MARGINS["left"] + MARGINS["right"])
    block = doc.add_table(rows=1, cols=2)
    _borders(block, "nil")
    left, right = block.rows[0].cells
    widths = (int(room * 0.42), room - int(room * 0.42))
    for cell, width in zip((left, right), widths, strict=True):
        cell.width = width
    for column, width in zip(block.columns, widths, strict=True):
        column.width = width
    lines = agency_lines(program)
    first = left.paragraphs[0]
    for position, line in enumerate(lines):
        paragraph = first if position == 0 else left.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _write(paragraph, line.upper(), 12.5, bold=position == len(lines) - 1)
    if lines:  # the decree's short line under the issuing body
        _rule(left.add_paragraph(), widths[0], widths[0] // 3)
    title = right.paragraphs[0]
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _write(title, NATIONAL_TITLE, 12.5, bold=True)
    motto = right.add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _write(motto, MOTTO, BODY_PT, bold=True)
    _rule(right.add_paragraph(), widths[1], int(_ems(MOTTO) * Pt(BODY_PT) * 1.05))
    place = getattr(program, "place", None)
    if place:
        dated = right.add_paragraph()
        dated.alignment = WD_ALIGN_PARAGRAPH.CENTER
        dated.paragraph_format.space_before = Mm(4)
        _write(dated, date_line(place), BODY_PT, italic=True)


def _rule(paragraph: Paragraph, room: int, length: int) -> None:
    """An empty paragraph drawn as a centred line `length` long (EMU) in a cell `room` wide:
    the line under the motto and under the issuing body. A border, not a drawing or a field."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Mm, Pt

    side = max(0, (room - length) // 2 - Mm(2))  # less the cell's margin
    form = paragraph.paragraph_format
    form.left_indent = side
    form.right_indent = side
    form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    form.line_spacing = Pt(3)
    form.space_before = Pt(1)
    borders = _element("w:pBdr")
    borders.append(_element("w:top", val="single", sz="6", space="1", color="000000"))
    properties = paragraph._p.get_or_add_pPr()
    properties.insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
        "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
        "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
        "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
        "w:pPrChange",
    )  # fmt: skip


def title_lines(table: Grid, lang: Lang) -> list[str]:
    """The title: what the report is, then programme, region and year (and what --vs, --to
    or the period add, in brackets), in capitals."""
    joiner = " " if lang == "vi" else " - "
    second = joiner.join(table.title)
    if table.more:
        second += " (" + ", ".join(table.more) + ")"
    lines = [word(lang, f"docx_title_{table.kind}")]
    if second:
        lines.append(second)
    return [line.upper() for line in lines]


def _title(doc: WordDocument, table: Grid, program: Any, lang: Lang) -> None:
    for position, line in enumerate(title_lines(table, lang)):
        _paragraph(doc, line, bold=True, center=True, size=14, before=12 if position == 0 else 0)
    source = getattr(program, "source", None)
    if source:
        _paragraph(doc, f"({word(lang, 'source')}: {source})", italic=True, center=True)
    _paragraph(doc)


# --- the table ----------------------------------------------------------------------------------


def rows_of(table: Grid, lang: Lang) -> list[tuple[str, list[str], Row | None]]:
    """The Word table's body as ("section" | "target", cells, row): STT first, the notes
    last; a section row is its Roman number and its heading."""
    body: list[tuple[str, list[str], Row | None]] = []
    for place, section in enumerate(table.sections, start=1):
        if section.heading is not None:
            body.append(("section", [roman(place), section.heading], None))
        for number, row in enumerate(section.rows, start=1):
            body.append(("target", [str(number), *row.cells, row.note or ""], row))
    return body


def headers_of(table: Grid, lang: Lang) -> list[str]:
    return [word(lang, "stt"), *table.headers, word(lang, "note")]


def _borders(table: Table, kind: str = "single") -> None:
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    old = properties.find(qn("w:tblBorders"))
    if old is not None:
        properties.remove(old)
    borders = _element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        attributes = {"val": kind}
        if kind != "nil":
            attributes.update(sz="4", space="0", color="000000")
        borders.append(_element(f"w:{edge}", **attributes))
    properties.append(borders)


def _shade(cell: _Cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_element("w:shd", val="clear", color="auto", fill=fill))


# Widths of Times New Roman's characters in ems (the rest: 0.5), rounded up.
_NARROW = dict.fromkeys(" .,:;!|'", 0.27) | dict.fromkeys("ijlftr()[]/", 0.34)
_WIDE_CHARS = dict.fromkeys("mwMW%", 0.9) | dict.fromkeys("+=<>—–…", 0.6)


def _ems(text: str) -> float:
    """About how wide `text` is in Times New Roman, in ems, a little generously."""
    return sum(_NARROW.get(c) or _WIDE_CHARS.get(c) or (0.73 if c.isupper() else 0.5) for c in text)


def _widths(headers: list[str], body: list[list[str]], room: int, size: float) -> list[int]:
    """Column widths (EMU) from what the columns hold: figures and badges as wide as their
    longest cell (they are never broken), headings broken between words, the unit and the
    notes within bounds, the name taking what is left."""
    from docx.shared import Mm, Pt

    em = Pt(size)
    pad = Mm(6)  # Word's cell margins, 1.9 mm each side, and some air

    def longest(column: int) -> float:
        words = max((_ems(w) for w in headers[column].split()), default=0) * 1.1  # bold
        return max(words, max((_ems(row[column]) for row in body), default=0))

    count = len(headers)
    name, unit, note = 1, 2, count - 1
    widths = [0] * count
    widths[0] = Mm(13)
    for column in range(3, count - 1):
        widths[column] = int(longest(column) * em + pad)
    widths[unit] = int(min(max(longest(unit) * em + pad, Mm(16)), Mm(28)))
    notes = max((_ems(line) for row in body for line in row[note].split("\n")), default=0)
    widths[note] = int(min(max(notes * em + pad, Mm(18)), Mm(45)))
    least = Mm(45)
    widths[name] = max(room - sum(widths), least)
    if sum(widths) > room:  # too wide: every column gives up the same share
        scale = room / sum(widths)
        widths = [int(w * scale) for w in widths]
    return widths


def _table(doc: WordDocument, table: Grid, lang: Lang, size: float, landscape: bool) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    headers = headers_of(table, lang)
    body = rows_of(table, lang)
    section = doc.sections[0]
    assert section.page_width is not None
    room = section.page_width - Mm(MARGINS["left"] + MARGINS["right"])
    cells_only = [cells for kind, cells, _ in body if kind == "target"]
    widths = _widths(headers, cells_only, room, size)
    word_table = doc.add_table(rows=1 + len(body), cols=len(headers))
    word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
    word_table.autofit = False
    _borders(word_table)
    for column, width in zip(word_table.columns, widths, strict=True):
        column.width = width
    numeric = [False, *table.numeric, False]
    badge = None if table.badge is None else table.badge + 1
    every_row = list(word_table.rows)  # once: each `rows[i]` walks the whole table
    header_row = every_row[0]
    trpr = header_row._tr.get_or_add_trPr()
    trpr.append(_element("w:cantSplit", val="true"))
    trpr.append(_element("w:tblHeader", val="true"))  # repeated on every page
    for position, (cell, text) in enumerate(zip(header_row.cells, headers, strict=True)):
        cell.width = widths[position]
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _write(paragraph, text, size, bold=True)
        _shade(cell, HEADER_SHADE)
    for offset, (kind, cells, row) in enumerate(body, start=1):
        word_row = every_row[offset]
        word_row._tr.get_or_add_trPr().append(_element("w:cantSplit", val="true"))
        for position, cell in enumerate(word_row.cells):
            cell.width = widths[position]
        if kind == "section":
            number, heading = cells
            first = word_row.cells[0].paragraphs[0]
            first.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _write(first, number, size, bold=True)
            merged = word_row.cells[1].merge(word_row.cells[-1])
            _write(merged.paragraphs[0], heading, size, bold=True)
            _shade(word_row.cells[0], SECTION_SHADE)
            _shade(merged, SECTION_SHADE)
            continue
        for position, (cell, text) in enumerate(zip(word_row.cells, cells, strict=True)):
            paragraph = cell.paragraphs[0]
            if position == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif numeric[position]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _write(paragraph, text, size)
            if position == badge and row is not None and row.status in SHADES:
                _shade(cell, SHADES[row.status])
