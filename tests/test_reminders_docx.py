"""The 催办通知单's .docx as the project's own writer (`pipeline.docx_writer`) makes it: every
property python-docx reads back (sections, fonts, sizes, alignment, the table's grid, widths,
shading and repeated header, the footer's page number), staff's text escaped or, where XML cannot
hold it, left out, a package whose parts all parse and are declared, the body streamed into the
zip, no file left behind by a failure, and LibreOffice rendering the slips.

The slips are those of the notice and report `tests.test_reminders` indexes and cross-checks."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from duban.index import open_store
from duban.pipeline import docx_writer
from duban.pipeline.ledger import ledger_rows
from duban.pipeline.reminders import COLUMN_WIDTHS_CM, COLUMNS, TITLE, Reminders, reminders, write_docx
from duban.pipeline.status import check_store
from tests.libreoffice import convert, needs_soffice
from tests.test_reminders import AS_OF, FINANCE, build

OFFICE = "河清市<督查室>&办"  # markup in staff's own words (the web's `office`, the CLI's --office)


@pytest.fixture(scope="module")
def slips(tmp_path_factory: pytest.TempPathFactory) -> Reminders:
    url = build(tmp_path_factory.mktemp("remind-docx"))
    with open_store(url) as store:
        result = check_store(store, AS_OF, save=False)
    return reminders(ledger_rows(result), AS_OF, reply_by="2025-06-03", office=OFFICE)


@pytest.fixture(scope="module")
def written(slips: Reminders, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("remind-docx-out") / "催办单.docx"
    write_docx(slips, path)
    return path


def _near(length: int | None, expected: int) -> bool:
    """Equal but for the rounding of centimetres to whole twentieths of a point."""
    return length is not None and abs(length - expected) < Cm(0.01)


def test_sections_pages_and_footer_read_back(slips: Reminders, written: Path) -> None:
    doc = docx.Document(str(written))
    assert len(doc.sections) == len(slips.units) == 4
    for i, section in enumerate(doc.sections):
        assert _near(section.page_width, Cm(21.0)) and _near(section.page_height, Cm(29.7))
        assert section.orientation == WD_ORIENT.PORTRAIT
        assert _near(section.top_margin, Cm(2.5)) and _near(section.bottom_margin, Cm(2.0))
        assert _near(section.left_margin, Cm(2.0)) and _near(section.right_margin, Cm(2.0))
        assert section.start_type == WD_SECTION_START.NEW_PAGE
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"  # each slip from page 1
        assert section.footer.is_linked_to_previous == (i > 0)  # one footer, shown by every section
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER and footer.style.name == "Footer"
    assert [r.text for r in footer.runs] == ["第 ", " 页"]
    assert [f.get(qn("w:instr")) for f in footer._p.iter(qn("w:fldSimple"))] == ["PAGE"]
    normal = doc.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(12))
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


def test_paragraphs_runs_and_fonts_read_back(slips: Reminders, written: Path) -> None:
    doc = docx.Document(str(written))
    titles = [i for i, p in enumerate(doc.paragraphs) if p.text == TITLE]
    assert len(titles) == 4
    first = doc.paragraphs[titles[0] : titles[1]]
    title, to, letter, gap, office, date, section_break = first
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    (big,) = title.runs
    assert (big.bold, big.font.size, big.font.name) == (True, Pt(20), "Times New Roman")
    assert big._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert to.text == f"致：{FINANCE}" and to.runs[0].bold is True and to.runs[0].font.size is None
    assert letter.paragraph_format.first_line_indent == Pt(24)
    assert letter.paragraph_format.line_spacing == pytest.approx(1.3)
    assert "已逾期2项、进度滞后1项、7日内到期1项" in letter.text and f"书面报送{OFFICE}" in letter.text
    assert gap.text == "" and not gap.runs
    assert (office.text, date.text) == (OFFICE, "2025年5月28日")
    assert office.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert section_break.text == "" and section_break._p.pPr.sectPr is not None
    last = doc.paragraphs[titles[-1] :]
    assert last[-1].text == "2025年5月28日"  # the last section's properties are the body's own


def test_tables_read_back(slips: Reminders, written: Path) -> None:
    doc = docx.Document(str(written))
    assert len(doc.tables) == 4
    for table, unit in zip(doc.tables, slips.units, strict=True):
        assert table.style.name == "Table Grid"
        assert table.alignment == WD_TABLE_ALIGNMENT.CENTER and table.autofit is False
        assert len(table.rows) == len(unit.rows) + 1
        for column, width in zip(table.columns, COLUMN_WIDTHS_CM, strict=True):
            assert _near(column.width, Cm(width))  # the grid LibreOffice reads
            assert all(_near(cell.width, Cm(width)) for cell in column.cells)  # each cell's, Word's
    header, *rows = doc.tables[0].rows
    flags = header._tr.trPr
    assert flags.find(qn("w:tblHeader")) is not None and flags.find(qn("w:cantSplit")) is not None
    assert [c.text for c in header.cells] == list(COLUMNS)
    for cell in header.cells:
        (p,) = cell.paragraphs
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and p.paragraph_format.space_after == 0
        assert (p.runs[0].bold, p.runs[0].font.size) == (True, Pt(9))
        assert cell._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "D9D9D9"
    assert rows[0]._tr.trPr is None
    status = rows[0].cells[6]  # 逾期, and how long: one paragraph a line
    assert [p.text for p in status.paragraphs] == ["逾期", "已逾期43天"]
    for cell in rows[0].cells:
        assert cell._tc.tcPr.find(qn("w:shd")) is None
        for p in cell.paragraphs:
            assert p.alignment is None and p.paragraph_format.space_after == 0
            assert all((r.bold, r.font.size) == (False, Pt(9)) for r in p.runs)
    assert (rows[0].cells[0].text, rows[0].cells[3].text) == ("1", "配合")
    assert rows[0].cells[1].paragraphs[-1].text == "河政办发〔2025〕7号"


def _write(path: Path, *paragraphs: str) -> None:
    page = docx_writer.Page()
    styles = docx_writer.styles_xml(docx_writer.Font("Times New Roman", "宋体"), 12)
    with docx_writer.Writer(path, styles, docx_writer.page_number_footer("第 ", " 页")) as writer:
        for p in paragraphs:
            writer.write(p)
        writer.close(docx_writer.section_properties(page, footer=True))


def test_staff_text_is_escaped_and_what_xml_cannot_hold_left_out(tmp_path: Path) -> None:
    path = tmp_path / "转义.docx"
    text = '  R&D <b>"引号"\t制表\r回车\n换行 \x01\x0b\x1f\ud800\ufffe末尾 '
    r, p = docx_writer.run, docx_writer.paragraph
    _write(path, p(r(text)), p(r("<&>", bold=True)), p(r("\x00")))
    doc = docx.Document(str(path))
    first, second, third = doc.paragraphs
    assert first.text == '  R&D <b>"引号"\t制表\n回车\n换行 末尾 '
    assert second.text == "<&>" and third.text == ""
    body = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert '<w:t xml:space="preserve">  R&amp;D &lt;b&gt;"引号"</w:t><w:tab/>' in body


def test_package_parts_parse_and_are_declared(written: Path) -> None:
    with zipfile.ZipFile(written) as package:
        names = set(package.namelist())
        parsed = {name: etree.fromstring(package.read(name)) for name in names}  # strict XML: raises
    assert names == {
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "docProps/app.xml",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/footer1.xml",
        "word/_rels/document.xml.rels",
    }
    main = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert parsed["word/document.xml"].tag == f"{main}document"
    assert parsed["word/footer1.xml"].tag == f"{main}ftr"
    declared = {o.get("PartName") for o in parsed["[Content_Types].xml"]}
    assert declared >= {f"/{n}" for n in names if n.endswith(".xml") and n != "[Content_Types].xml"}
    targets = {rel.get("Target") for rel in parsed["word/_rels/document.xml.rels"]}
    assert {f"word/{t}" for t in targets} <= names
    assert {rel.get("Target") for rel in parsed["_rels/.rels"]} <= names
    ids = {rel.get("Id") for rel in parsed["word/_rels/document.xml.rels"]}
    used = {e.get(qn("r:id")) for e in parsed["word/document.xml"].iter(f"{main}footerReference")}
    assert used == {docx_writer.FOOTER_ID} and used <= ids


def test_the_body_goes_to_the_zip_as_it_is_written(tmp_path: Path) -> None:
    table = docx_writer.Table(COLUMN_WIDTHS_CM, size=9)
    path = tmp_path / "长表.docx"
    styles = docx_writer.styles_xml(docx_writer.Font("Times New Roman", "宋体"), 12)
    waiting = []
    with docx_writer.Writer(path, styles) as writer:
        writer.write(table.head())
        for n in range(3_000):
            writer.write(table.row([str(n), "文件", "举措" * 20, "牵头", "", "", "逾期", "说明"]))
            waiting.append(sum(len(x) for x in writer._pending))
        writer.write(table.end())
        writer.close(docx_writer.section_properties(docx_writer.Page()))
    assert max(waiting) < docx_writer._FLUSH_CHARS + 2_000
    rows = docx.Document(str(path)).tables[0].rows
    assert len(rows) == 3_000 and rows[-1].cells[0].text == "2999"


def test_a_failure_while_writing_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "半截.docx"
    with pytest.raises(RuntimeError, match="中断"), docx_writer.Writer(path, "<w:styles/>") as writer:
        writer.write(docx_writer.paragraph(docx_writer.run("写了一半")))
        raise RuntimeError("中断")
    assert not path.exists()


@needs_soffice("催办通知单")
def test_libreoffice_renders_the_slips(slips: Reminders, written: Path, tmp_path: Path) -> None:
    """LibreOffice converts the document to text with every unit's heading, letter, table cells
    and office, in order."""
    convert(written, "txt:Text (encoded):UTF8", tmp_path)
    text = (tmp_path / f"{written.stem}.txt").read_text(encoding="utf-8-sig")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines.count(TITLE) == 4
    assert [line[2:] for line in lines if line.startswith("致：")] == [u.unit for u in slips.units]
    assert lines.count(OFFICE) == 4 and lines.count("2025年5月28日") == 4
    assert "已逾期43天" in lines and "河政办发〔2025〕7号" in lines and all(c in lines for c in COLUMNS)
