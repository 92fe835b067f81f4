"""`--format docx` (SPEC §14): the Word document read back with python-docx: the page, the
fonts, the heading block, the table and its repeated header row, the one field."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm_cli.formats import grid
from ntm_cli.formats.docx import FONT, MOTTO, NATIONAL_TITLE, document
from ntm_cli.formats.grid import roman
from ntm_cli.formats.table import _columns
from ntm_cli.judge.evaluate import evaluate
from ntm_cli.judge.outlook import outlook
from ntm_cli.targets_file.data import Program, Range
from tests.builders import data_document, data_target
from tests.conftest import Runner
from tests.runner import rendered

PROGRAM = Program(
    name="Xây dựng nông thôn mới",
    region="Thành phố Cần Thơ",
    source="Báo cáo kết quả năm 2020",
    name_en="New Rural Development",
    region_en="Can Tho city",
    agency=("UBND thành phố Cần Thơ", "Sở Nông nghiệp và Phát triển nông thôn"),
    place="Cần Thơ",
)
DOC = data_document(
    data_target(
        "income",
        "Thu nhập bình quân đầu người",
        name_en="Income per capita",
        group="Kinh tế",
        group_en="Economy",
        unit="triệu đồng/người",
        plan={2020: 88.296, 2025: 100},
        actual={2019: 80, 2020: 94.45},
        note="Theo giá hiện hành\nsố liệu sơ bộ",
    ),
    data_target(
        "poor",
        "Tỷ lệ hộ nghèo",
        group="Xã hội",
        unit="%",
        direction="decrease",
        plan={2020: Range(1, 1.5), 2025: 0.5},
        actual={2019: 1.6, 2020: 0.29},
    ),
    data_target(
        "communes",
        "Số xã đạt chuẩn",
        group="Kinh tế",
        unit="xã",
        total=36,
        plan={2021: 36},
        actual={2019: 30, 2020: 36},
    ),
    data_target(
        "planning",
        '=HYPERLINK("http://x","bấm") { PAGE } <w:t>',
        group="Xã hội",
        plan={2020: True},
        estimate={2020: False},
    ),
    program=PROGRAM,
)


def read(data: bytes) -> WordDocument:
    return docx.Document(io.BytesIO(data))


def report_docx(kind: str = "compare", lang: str = "vi", **more: int) -> bytes:
    report = evaluate(DOC, "targets.toml", 2020, **more)
    data: bytes = rendered("docx", kind, report, lang)
    return data


def texts(table: docx.table.Table) -> list[list[str]]:
    """The cells of each row, a merged cell once."""
    rows = []
    for row in table.rows:
        seen: list[str] = []
        last = None
        for cell in row.cells:
            if cell._tc is not last:
                seen.append(cell.text)
            last = cell._tc
        rows.append(seen)
    return rows


def the_table(document_: WordDocument) -> docx.table.Table:
    return document_.tables[-1]


def test_page_a4_margins_landscape_when_wide() -> None:
    section = read(report_docx()).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE  # STT + 7 + Ghi chú columns
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in margins] == [20, 20, 30, 15]


def test_portrait_up_to_seven_columns() -> None:
    report = evaluate(DOC, "targets.toml", 2020)
    small = grid.report_grid(report, "vi", "status")
    narrow = dataclasses.replace(
        small,
        headers=small.headers[:5],  # + STT and Ghi chú: 7
        numeric=small.numeric[:5],
        badge=None,
        sections=tuple(
            grid.Section(s.heading, tuple(grid.Row(r.cells[:5], None, r.note) for r in s.rows))
            for s in small.sections
        ),
    )
    section = read(document(narrow, PROGRAM, "vi")).sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_times_new_roman_throughout() -> None:
    data = report_docx()
    word = read(data)
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(qn(f"w:{script}")) == FONT
    assert not any("Theme" in name or "theme" in name for name in fonts.attrib)
    assert word.styles["Normal"].font.name == FONT
    assert word.styles["Normal"].font.size.pt == 13
    runs = [r for p in word.paragraphs for r in p.runs]
    runs += [r for t in word.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    runs += [r for p in word.sections[0].header.paragraphs for r in p.runs]
    assert runs
    for run in runs:
        assert run.font.name == FONT
        rfonts = run._r.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == FONT and rfonts.get(qn("w:cs")) == FONT
    body = [r for p in word.paragraphs for r in p.runs if r.text]
    assert all(12 <= r.font.size.pt <= 14 for r in body)
    table_runs = [r for c in the_table(word)._cells for p in c.paragraphs for r in p.runs]
    assert all(11 <= r.font.size.pt <= 12 for r in table_runs)
    # no other font anywhere in the package (themes aside, which nothing refers to)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in ("word/document.xml", "word/styles.xml", "word/header1.xml"):
            xml = package.read(name).decode()
            for fonts_ in re.findall(r"<w:rFonts ([^>]*)/>", xml):
                assert set(re.findall(r'="([^"]+)"', fonts_)) == {FONT}
            assert "Theme=" not in xml and "cstheme" not in xml


def test_page_number_from_the_second_page_and_the_only_field() -> None:
    data = report_docx()
    section = read(data).sections[0]
    assert section.different_first_page_header_footer
    assert not section.first_page_header.is_linked_to_previous
    assert "PAGE" not in section.first_page_header._element.xml
    header = section.header.paragraphs[0]
    assert header.alignment == 1  # centred
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        xml = "".join(package.read(n).decode() for n in names if n.endswith(".xml"))
        assert not any(n.endswith(".bin") or "vbaProject" in n for n in names)  # no macro
    assert re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml) == [" PAGE "]
    assert xml.count('w:fldCharType="begin"') == 1
    assert "fldSimple" not in xml and "<w:hyperlink" not in xml
    # the hostile name is plain text in a w:t, as written
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;bấm&quot;) { PAGE } &lt;w:t&gt;" in xml or (
        '=HYPERLINK("http://x","bấm") { PAGE } &lt;w:t&gt;' in xml
    )


def test_vietnamese_heading_block() -> None:
    word = read(report_docx())
    block = word.tables[0]
    left, right = block.rows[0].cells
    agency = [p for p in left.paragraphs if p.text]
    assert [p.text for p in agency] == [
        "UBND THÀNH PHỐ CẦN THƠ",
        "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
    ]
    assert [bool(p.runs[0].bold) for p in agency] == [False, True]
    lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in lines] == [
        NATIONAL_TITLE,
        "Độc lập - Tự do - Hạnh phúc",
        "Cần Thơ, ngày … tháng … năm …",
    ]
    assert lines[0].runs[0].bold and lines[1].runs[0].bold and lines[2].runs[0].italic
    titles = [p for p in word.paragraphs if p.text]
    assert titles[0].text == "KẾT QUẢ THỰC HIỆN SO VỚI KẾ HOẠCH"
    assert titles[1].text == "XÂY DỰNG NÔNG THÔN MỚI THÀNH PHỐ CẦN THƠ NĂM 2020"
    assert all(r.bold for t in titles[:2] for r in t.runs)
    assert titles[0].alignment == 1
    assert titles[2].text == "(Nguồn: Báo cáo kết quả năm 2020)"


def test_heading_without_agency_or_place() -> None:
    bare = data_document(*DOC.target, name="NTM")
    report = evaluate(bare, "targets.toml", 2020)
    word = read(document(grid.report_grid(report, "vi", "status"), bare.program, "vi"))
    left, right = word.tables[0].rows[0].cells
    assert left.text == ""
    assert [p.text for p in right.paragraphs if p.text] == [
        NATIONAL_TITLE,
        "Độc lập - Tự do - Hạnh phúc",
    ]


def test_single_agency_is_bold_upper_case() -> None:
    program = Program(agency="Ủy ban nhân dân huyện Phong Điền")
    report = evaluate(data_document(*DOC.target, program=program), "targets.toml", 2020)
    word = read(document(grid.report_grid(report, "vi", "status"), program, "vi"))
    (line,) = [p for p in word.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert line.text == "ỦY BAN NHÂN DÂN HUYỆN PHONG ĐIỀN" and line.runs[0].bold


def test_english_has_the_table_without_the_heading_block() -> None:
    word = read(report_docx(lang="en"))
    everything = "\n".join(p.text for p in word.paragraphs)
    assert len(word.tables) == 1
    assert "CỘNG HÒA" not in everything and "Độc lập" not in everything
    assert "NEW RURAL DEVELOPMENT - CAN THO CITY - YEAR 2020" in everything
    rows = texts(word.tables[0])
    assert rows[0][0] == "No." and rows[0][-1] == "Note"
    assert rows[1] == ["I", "Economy"]


def test_table_cells_are_the_table_formats_cells() -> None:
    """STT, every cell the `table` format computes for the row, then the note; groups as
    section rows I, II; targets numbered from 1 within each group; the header row repeated."""
    report = evaluate(DOC, "targets.toml", 2020, vs_year=2019)
    word = read(rendered("docx", "compare", report, "vi"))
    table = the_table(word)
    columns = _columns("compare", "vi", report)

    def cells(target_id: str) -> list[str]:
        record = next(r for r in report.records if r.target.id == target_id)
        found = [fn(record, "vi") for _, _, fn in columns]
        return [c if isinstance(c, str) else c.plain for c in found]

    rows = texts(table)
    assert rows[0] == ["STT", *(header for header, _, _ in columns), "Ghi chú"]
    assert rows[1:] == [
        ["I", "Kinh tế"],
        ["1", *cells("income"), "Theo giá hiện hành\nsố liệu sơ bộ"],
        ["2", *cells("communes"), ""],
        ["II", "Xã hội"],
        ["1", *cells("poor"), ""],
        ["2", *cells("planning"), ""],
    ]
    assert "▲ VƯỢT" in rows[2]  # statuses as words with their symbol
    header = table.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None
    body = [r._tr.trPr for r in table.rows[1:]]
    assert all(p is None or p.find(qn("w:tblHeader")) is None for p in body)
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    edges = {child.tag.split("}")[1]: child.get(qn("w:val")) for child in borders}
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    assert edges == dict.fromkeys(sides, "single")


def test_status_report_and_summary() -> None:
    word = read(report_docx("status"))
    rows = texts(the_table(word))
    assert rows[0] == ["STT", "Chỉ tiêu", "Đơn vị", "Kế hoạch (KH)", "Thực hiện (TH)",
                       "Chênh lệch", "Trạng thái", "Ghi chú"]  # fmt: skip
    assert rows[2][:5] == ["1", "Thu nhập bình quân đầu người", "triệu đồng/người", "88,3", "94,45"]
    paragraphs = [p.text for p in word.paragraphs if p.text]
    assert paragraphs[-1].startswith("Tổng: 4 chỉ tiêu")


def test_outlook_cells_are_the_table_formats_cells() -> None:
    from ntm_cli.formats.outlook_parts import cells, headers, year_columns

    report = outlook(DOC, "targets.toml", 2020)
    word = read(rendered("docx", "outlook", report, "vi"))
    rows = texts(the_table(word))
    years = year_columns(report)
    assert rows[0] == ["STT", *headers("vi", years), "Ghi chú"]
    income = next(r for r in report.records if r.target.id == "income")
    assert rows[2][3:-1] == cells(income, "vi", years)
    assert rows[1] == ["I", "Kinh tế"]
    assert any("✔ ĐÃ ĐẠT" in row for row in rows)


def test_no_groups_no_section_rows() -> None:
    plain = data_document(
        data_target("a", "A", plan={2020: 1}, actual={2020: 1}), data_target("b", "B")
    )
    report = evaluate(plain, "targets.toml", 2020)
    data = document(grid.report_grid(report, "en", "status"), plain.program, "en")
    rows = texts(the_table(read(data)))
    assert [r[0] for r in rows] == ["No.", "1"]


def test_nothing_to_show_is_said() -> None:
    empty = data_document(data_target("a", "A"))
    report = evaluate(empty, "targets.toml")
    word = read(document(grid.report_grid(report, "en", "status"), empty.program, "en"))
    assert not word.tables
    assert "The file has no plan or actual values yet." in [p.text for p in word.paragraphs]


def test_roman_numbers() -> None:
    assert [roman(n) for n in (1, 2, 3, 4, 9, 14, 40, 1999)] == [
        "I", "II", "III", "IV", "IX", "XIV", "XL", "MCMXCIX"
    ]  # fmt: skip


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip() and "\u2028" not in s and "\u2029" not in s
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names, note=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_any_text_is_kept_as_text(name: str, note: str) -> None:
    """Whatever a name or a note holds comes back as written (U+FFFE and U+FFFF, which XML
    cannot hold, as U+FFFD), and never adds a field or a hyperlink."""
    doc = data_document(data_target("a", name, note=note or None, plan={2020: 1}, actual={2020: 2}))
    report = evaluate(doc, "targets.toml", 2020)
    data = document(grid.report_grid(report, "vi", "status"), doc.program, "vi")
    rows = texts(the_table(read(data)))

    def shown(text: str) -> str:
        return re.sub("[\ufffe\uffff]", "\ufffd", text)

    assert rows[1][1] == shown(name)
    assert rows[1][-1] == shown(note)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode()
    assert "<w:hyperlink" not in xml and "instrText" not in xml and "fldSimple" not in xml


def test_cli_needs_output(ntm: Runner, tmp_path: Path) -> None:
    (tmp_path / "targets.toml").write_text(
        '[program]\nagency = ["Sở A", "Phòng B"]\nplace = "Cần Thơ"\n'
        '[[target]]\nid = "a"\nname = "A"\nplan = { 2020 = 1 }\nactual = { 2020 = 2 }\n',
        "utf-8",
    )
    result = ntm("status", "--format", "docx")
    assert result.code == 2
    assert result.err == "ntm: --format docx writes a file: give it with -o FILE\n"
    for command in ("status", "compare", "outlook"):
        result = ntm(command, "--format", "docx", "-o", f"{command}.docx", "--lang", "vi")
        assert result.code == 0, result.err
        word = read((tmp_path / f"{command}.docx").read_bytes())
        assert word.tables[0].rows[0].cells[0].text.strip() == "SỞ A\nPHÒNG B"


@pytest.mark.parametrize(
    ("agency", "message"),
    [
        ("[]", "expected a string or a list of two strings, got []"),
        ('["a", "b", "c"]', "expected a string or a list of two strings"),
        ("5", "expected a string or a list of two strings, got 5"),
        ('["a", ""]', "must not be empty"),
    ],
)
def test_agency_must_be_one_or_two_names(
    ntm: Runner, tmp_path: Path, agency: str, message: str
) -> None:
    (tmp_path / "targets.toml").write_text(
        f'[program]\nagency = {agency}\n[[target]]\nid = "a"\nname = "A"\n', "utf-8"
    )
    result = ntm("validate", "--lang", "en")
    assert result.code == 2
    assert result.err.startswith("targets.toml:2: program.agency: ") and message in result.err


def test_agency_and_place_in_json(ntm: Runner, tmp_path: Path) -> None:
    import json

    (tmp_path / "targets.toml").write_text(
        '[program]\nagency = "Sở A"\nplace = "Huế"\n'
        '[[target]]\nid = "a"\nname = "A"\nplan = { 2020 = 1 }\n',
        "utf-8",
    )
    result = ntm("status", "--format", "json")
    assert result.code == 0, result.err
    program = json.loads(result.out)["program"]
    assert program["agency"] == "Sở A" and program["place"] == "Huế"


def test_period_report_is_the_table_formats_cells(ntm: Runner, tmp_path: Path) -> None:
    """--period (SPEC §13): the year-to-date table, titled with the period."""
    from ntm_cli.formats.period_parts import cells, headers
    from ntm_cli.judge.period import evaluate_period
    from ntm_cli.targets_file.load import load

    (tmp_path / "targets.toml").write_text(
        '[program]\nregion = "Tỉnh Hậu Giang"\n'
        '[[target]]\nid = "invest"\nname = "Giải ngân vốn đầu tư công"\ngroup = "Đầu tư"\n'
        'unit = "tỷ đồng"\nplan = { 2023 = 1000, 2024 = 1200 }\n'
        'ytd = { "2023-09" = 640, "2024-09" = 780 }\nnote = "Kho bạc"\n',
        "utf-8",
    )
    result = ntm("compare", "--period", "2024-09", "--lang", "vi", "-o", "p.docx")
    assert result.code == 0, result.err
    word = read((tmp_path / "p.docx").read_bytes())
    rows = texts(the_table(word))
    report = evaluate_period(load(tmp_path / "targets.toml", "t").doc, "t", "2024-09")
    assert rows[0] == ["STT", *headers(report, "vi", "compare"), "Ghi chú"]
    assert rows[1] == ["I", "Đầu tư"]
    assert rows[2] == ["1", *cells(report.records[0], "vi", "compare"), "Kho bạc"]
    assert "✗ CHẬM TIẾN ĐỘ" in rows[2]
    titles = [p.text for p in word.paragraphs if p.text]
    assert titles[0] == "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU TỪ ĐẦU NĂM"
    assert titles[1].startswith("TỈNH HẬU GIANG LŨY KẾ 9 THÁNG 2024 (")


def test_units_report_has_its_four_tables(ntm: Runner, tmp_path: Path) -> None:
    """`ntm units` (SPEC §12.3): the summary, districts, criteria and units, each a Word
    table under its caption, cells as the table format's (units_parts)."""
    from ntm_cli.formats import units_parts as up
    from ntm_cli.judge.units_report import units_report
    from ntm_cli.targets_file.load import load

    example = Path(__file__).parent.parent / "examples" / "can-tho-units.toml"
    result = ntm("units", "-f", str(example), "--lang", "vi", "-o", "u.docx")
    assert result.code == 0, result.err
    word = read((tmp_path / "u.docx").read_bytes())
    assert [p.text for p in word.paragraphs if p.runs and p.runs[0].bold][:2] == [
        "KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI THEO XÃ, HUYỆN",
        "XÂY DỰNG NÔNG THÔN MỚI THÀNH PHỐ CẦN THƠ NĂM 2020",
    ]
    summary, districts, criteria, units = word.tables[1:]
    report = units_report(load(example, "u").doc, "u")
    assert texts(summary)[1] == ["1", "Số xã", "36", ""]
    assert texts(districts)[0] == ["STT", *up.district_headers(report, "vi"), "Ghi chú"]
    first = report.bottlenecks()[0]
    assert texts(criteria)[1] == ["1", *up.criterion_cells(first, "vi"), ""]
    rows = texts(units)
    assert rows[0] == ["STT", *up.unit_headers("vi"), "Ghi chú"]
    assert rows[1][0] == "I" and rows[1][1].startswith("Huyện")
    assert rows[2][0] == "1"


def test_the_decree_lines_under_the_agency_and_the_motto() -> None:
    """Short lines drawn as paragraph borders (not drawings, not fields), centred by indents."""
    left, right = read(report_docx()).tables[0].rows[0].cells
    for cell, after in ((left, "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN"), (right, MOTTO)):
        texts_ = [p.text for p in cell.paragraphs]
        rule = cell.paragraphs[texts_.index(after) + 1]
        assert rule.text == ""
        border = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:top"))
        assert border.get(qn("w:val")) == "single"
        assert rule.paragraph_format.left_indent == rule.paragraph_format.right_indent > 0
