"""OpenDocument files (.odt, .ods, .odp), which WPS, LibreOffice and 永中 Office save, are read
instead of skipped: a notice in .odt gives the same lines, table rows, measures, units and
deadlines as the .docx it was converted from, a task workbook in .ods the same as its .xlsx, a
deck in .odp the same as its .pptx; notes, tracked deletions, hidden sheets and hidden slides are
left out; repeated empty rows cost nothing; every way such a file cannot be read is a catalogued
error naming it (E047 damaged, E048 password-protected, E049 no text).

The fixtures in tests/fixtures/odf were converted once by LibreOffice from the .docx/.xlsx written
there and the decks of tests/fixtures/pptx (`make_fixtures.py`); the other packages are built by
hand here. The texts are our own."""

from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path

import pytest

from duban.base.errors import DubanError
from duban.base.limits import Limits, configure, current
from duban.base.model import RawDocument
from duban.pipeline.ingest import ingest
from duban.pipeline.loaders import load, loader_for, readable_type
from duban.pipeline.loaders import odf as odf_loader
from duban.pipeline.loaders import sheet as sheet_loader
from tests.test_loader_doc import measures

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "odf"
NOTICE_ODT, NOTICE_DOCX = FIXTURES / "notice.odt", FIXTURES / "notice.docx"
TASKS_ODS, TASKS_XLSX = FIXTURES / "tasks.ods", FIXTURES / "tasks.xlsx"
STRUCTURE_ODP, REPORT_ODP = FIXTURES / "structure.odp", FIXTURES / "report.odp"
DECKS = HERE / "fixtures" / "pptx"

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
MIMETYPES = {
    "text": "application/vnd.oasis.opendocument.text",
    "spreadsheet": "application/vnd.oasis.opendocument.spreadsheet",
    "presentation": "application/vnd.oasis.opendocument.presentation",
}


def package(
    path: Path, kind: str, body: str, *, styles: str = "", named_styles: str = "", manifest: str | None = None
) -> Path:
    """A minimal OpenDocument package: `body` inside `office:<kind>`, automatic `styles` in
    content.xml, `named_styles` in styles.xml."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.3">'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:{kind}>{body}</office:{kind}></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr("mimetype", MIMETYPES[kind], compress_type=zipfile.ZIP_STORED)
        zipped.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zipped.writestr(
            "styles.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}>'
            f"<office:styles>{named_styles}</office:styles></office:document-styles>",
        )
        if manifest is not None:
            zipped.writestr("META-INF/manifest.xml", manifest)
    return path


def lines(document: RawDocument) -> list[str]:
    return [line for page in document.pages for line in page.text.splitlines()]


def error_of(path: Path) -> DubanError:
    with pytest.raises(DubanError) as caught:
        load(path)
    return caught.value


# -- text ----------------------------------------------------------------------------------------


def test_the_odt_reads_as_the_docx_it_was_converted_from() -> None:
    odt, docx = load(NOTICE_ODT), load(NOTICE_DOCX)
    assert odt.format == "odt" and odt.warnings == []
    assert "\n".join(page.text for page in odt.pages) == docx.pages[0].text
    assert [table for page in odt.pages for table in page.tables] == docx.pages[0].tables
    # The page break before 三、工作要求 starts the second page; the header is not body text, the
    # tracked deletion is left out and the insertion kept, the line break splits its paragraph.
    assert [page.number for page in odt.pages] == [1, 2]
    assert odt.pages[1].text.startswith("三、工作要求")
    text = "\n".join(lines(odt))
    assert "督查通知" not in text and "逾期者通报" not in text
    assert "各部门要按时报送进展，逾期未报的由区督查室督促整改。" in text
    assert "联系人：区督查室综合科\n联系电话：0000-0000000" in text


def test_table_rows_keep_a_unit_merged_down_in_each_row() -> None:
    rows = lines(load(NOTICE_ODT))
    assert "3 | 完善排水防涝应急预案 | 区应急管理局 | " in rows
    assert "4 | 储备防汛抢险物资 | 区应急管理局 | 2026年5月20日前" in rows


def test_extract_finds_the_same_measures_units_and_deadlines_in_the_odt_and_the_docx() -> None:
    found = measures(NOTICE_ODT)
    assert found == measures(NOTICE_DOCX)
    assert ("储备防汛抢险物资", ["区应急管理局"], ["2026年5月20日前"]) in found
    assert len(found) >= 5


def test_merged_and_nested_cells_read_as_the_word_loaders_read_them(tmp_path: Path) -> None:
    cell = '<table:table-cell office:value-type="string"{attrs}><text:p>{text}</text:p></table:table-cell>'
    covered = "<table:covered-table-cell/>"
    nested = (
        "<table:table-cell><text:p>外层</text:p><table:table><table:table-row>"
        f"{cell.format(attrs='', text='内层表格')}</table:table-row></table:table></table:table-cell>"
    )
    body = (
        "<table:table><table:table-column table:number-columns-repeated='4'/>"
        "<table:table-header-rows><table:table-row>"
        + cell.format(attrs=' table:number-columns-spanned="4"', text="重点任务分工表")
        + covered * 3
        + "</table:table-row></table:table-header-rows><table:table-row>"
        + cell.format(attrs="", text="1")
        + cell.format(
            attrs=' table:number-columns-spanned="2" table:number-rows-spanned="2"', text="区水务局"
        )
        + covered
        + cell.format(attrs="", text="6月底前")
        + "</table:table-row><table:table-row>"
        + cell.format(attrs="", text="2")
        + covered * 2
        + nested
        + "</table:table-row><table:table-row table:number-rows-repeated='2'>"
        + '<table:table-cell table:number-columns-repeated="2"><text:p>同</text:p><text:p>上</text:p></table:table-cell>'
        + "</table:table-row></table:table>"
    )
    document = load(package(tmp_path / "合并.odt", "text", body))
    assert document.pages[0].text.splitlines() == [
        "重点任务分工表",
        "1 | 区水务局 | 6月底前",
        "2 | 区水务局 | 外层内层表格",  # the 2×2 block once per row; the nested table's cells in its cell
        "同上 | 同上",
        "同上 | 同上",
    ]
    assert document.pages[0].tables == [[line.split(" | ") for line in document.pages[0].text.splitlines()]]


def test_inline_text_keeps_spaces_tabs_and_links_and_leaves_out_notes_and_comments(
    tmp_path: Path,
) -> None:
    body = (
        "<text:sequence-decls><text:sequence-decl text:name='Table'/></text:sequence-decls>"
        "<text:table-of-content><text:index-body><text:p>目录条目\t1</text:p></text:index-body></text:table-of-content>"
        "<text:h text:outline-level='1'>关于做好<text:span>汛期</text:span>值守的通知</text:h>"
        "<text:p>请于<text:a xlink:href='https://example.gov.cn' xmlns:xlink='http://www.w3.org/1999/xlink'>"
        "督查平台</text:a>填报<text:note text:note-class='footnote'><text:note-citation>1</text:note-citation>"
        "<text:note-body><text:p>脚注不是正文</text:p></text:note-body></text:note>。"
        "<office:annotation><dc:creator>甲</dc:creator><text:p>批注不是正文</text:p></office:annotation></text:p>"
        "<text:p>序号<text:tab/>任务<text:s text:c='3'/>单位<draw:frame><draw:text-box><text:p>文本框</text:p>"
        "</draw:text-box></draw:frame></text:p>"
        "<text:list><text:list-item><text:p>（一）各乡镇负责排查。</text:p>"
        "<text:list><text:list-item><text:p>1. 县水利局牵头。</text:p></text:list-item></text:list>"
        "</text:list-item></text:list>"
        "<text:section text:name='s1'><text:p>节中的段落</text:p></text:section>"
    )
    document = load(package(tmp_path / "行内.odt", "text", body))
    assert document.pages[0].text.splitlines() == [
        "关于做好汛期值守的通知",
        "请于督查平台填报。",
        "序号\t任务   单位",
        "文本框",  # a frame's text box: after its anchor paragraph, as the Word loaders read boxes
        "（一）各乡镇负责排查。",
        "1. 县水利局牵头。",
        "节中的段落",
    ]


def test_soft_page_breaks_and_styles_that_break_the_page_start_pages(tmp_path: Path) -> None:
    named = (
        '<style:style style:name="Chapter" style:family="paragraph">'
        '<style:paragraph-properties fo:break-before="page"/></style:style>'
    )
    automatic = (
        '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Chapter"/>'
        '<style:style style:name="P2" style:family="paragraph">'
        '<style:paragraph-properties fo:break-after="page"/></style:style>'
    )
    body = (
        "<text:p>第一页</text:p><text:soft-page-break/><text:p>第二页</text:p>"
        "<text:p text:style-name='P1'>第三页，样式继承的分页</text:p>"
        "<text:p text:style-name='P2'>仍在第三页<text:soft-page-break/>，段中分页在段后生效</text:p>"
        "<text:p>第四页</text:p>"
    )
    document = load(package(tmp_path / "分页.odt", "text", body, styles=automatic, named_styles=named))
    assert [(page.number, page.text.splitlines()[0]) for page in document.pages] == [
        (1, "第一页"),
        (2, "第二页"),
        (3, "第三页，样式继承的分页"),
        (4, "第四页"),
    ]
    single = load(package(tmp_path / "一页.odt", "text", "<text:p>甲</text:p><text:p>乙</text:p>"))
    assert len(single.pages) == 1


# -- spreadsheets --------------------------------------------------------------------------------


def test_the_ods_reads_as_the_xlsx_it_was_converted_from() -> None:
    ods, xlsx = load(TASKS_ODS), load(TASKS_XLSX)
    assert ods.format == "ods" and ods.warnings == []
    assert [(p.number, p.text, p.tables, p.note) for p in ods.pages] == [
        (p.number, p.text, p.tables, p.note) for p in xlsx.pages
    ]
    # dates as the deadline extractor reads them, whole numbers without .0, the hidden sheet out
    assert "1 | 改造老旧雨水泵站 | 区水务局 | 各街道办事处 | 2026年6月30日" in ods.pages[0].text
    assert "2 | 建设积水点监测设备 | 区水务局 | 区城市管理局 | 2026年7月31日" in ods.pages[0].text
    assert "隐藏的下拉选项" not in "\n".join(lines(ods))
    assert measures(TASKS_ODS) == measures(TASKS_XLSX)


def sheet_xml(name: str, rows: str, style: str = "") -> str:
    styled = f' table:style-name="{style}"' if style else ""
    return f'<table:table table:name="{name}"{styled}><table:table-column table:number-columns-repeated="16384"/>{rows}</table:table>'


def test_ods_values_are_written_as_the_spreadsheet_loader_writes_them(tmp_path: Path) -> None:
    row = (
        "<table:table-row>"
        '<table:table-cell office:value-type="float" office:value="3"><text:p>3.00</text:p></table:table-cell>'
        '<table:table-cell office:value-type="float" office:value="0.30000000000000004"><text:p>0.3</text:p></table:table-cell>'
        '<table:table-cell office:value-type="percentage" office:value="0.75"><text:p>75.00%</text:p></table:table-cell>'
        '<table:table-cell office:value-type="date" office:date-value="2026-09-30T14:30:00"><text:p>09/30/26</text:p></table:table-cell>'
        '<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>#N/A</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>县财政局</text:p></table:table-cell>'
        "</table:table-row>"
    )
    document = load(package(tmp_path / "数值.ods", "spreadsheet", sheet_xml("表", row)))
    # a formula error is an empty cell, and a column with nothing else is skipped, as in a workbook
    assert document.pages[0].text == "3 | 0.3 | 75% | 2026年9月30日 14:30 | 是 | 县财政局"


def test_repeated_empty_rows_and_columns_cost_nothing_and_repeated_content_is_capped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    title = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    empty_tail = (
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="16384"/>'
        "</table:table-row>"
    )
    rows = (
        f"<table:table-row>{title.format('任务清单')}<table:table-cell table:number-columns-repeated='16383'/></table:table-row>"
        + empty_tail
    )
    started = time.process_time()
    document = load(package(tmp_path / "空行.ods", "spreadsheet", sheet_xml("表", rows)))
    assert time.process_time() - started < 2
    assert document.pages[0].text == "任务清单" and document.warnings == []
    # A row with content repeated a million times (and a cell repeated over all columns) is made
    # up to the row cap, with the spreadsheet loader's warning.
    monkeypatch.setattr(sheet_loader, "MAX_ROWS", 4)
    repeated = (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="string" table:number-columns-repeated="3"><text:p>县水利局</text:p>'
        "</table:table-cell></table:table-row>" + empty_tail
    )
    started = time.process_time()
    document = load(package(tmp_path / "重复.ods", "spreadsheet", sheet_xml("明细", repeated)))
    assert time.process_time() - started < 2
    assert document.pages[0].text.splitlines() == ["县水利局 | 县水利局 | 县水利局"] * 4
    assert document.warnings == [f"{tmp_path / '重复.ods'}：工作表“明细”超过 4 行，其后 999,996 行未读取"]


def test_hidden_sheets_are_left_out_and_merges_repeat_down(tmp_path: Path) -> None:
    styles = (
        '<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>'
        '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>'
    )
    cell = '<table:table-cell office:value-type="string"{}><text:p>{}</text:p></table:table-cell>'
    spanned = cell.format(' table:number-rows-spanned="2"', "县水利局")
    shown = (
        f"<table:table-row>{cell.format('', '甲任务')}{spanned}</table:table-row>"
        f"<table:table-row>{cell.format('', '乙任务')}<table:covered-table-cell/></table:table-row>"
    )
    body = sheet_xml("选项", f"<table:table-row>{cell.format('', '隐藏内容')}</table:table-row>", "ta2")
    body += sheet_xml("任务", shown, "ta1")
    document = load(package(tmp_path / "隐藏.ods", "spreadsheet", body, styles=styles))
    assert [page.note for page in document.pages] == ["工作表“任务”"]
    assert document.pages[0].text.splitlines() == ["甲任务 | 县水利局", "乙任务 | 县水利局"]
    only_hidden = package(tmp_path / "全隐藏.ods", "spreadsheet", sheet_xml("选项", "", "ta2"), styles=styles)
    error = error_of(only_hidden)
    assert error.code == "E049" and "没有可见的工作表" in error.message and "全隐藏.ods" in error.message


# -- presentations -------------------------------------------------------------------------------


def test_the_odp_reads_as_the_pptx_it_was_converted_from() -> None:
    odp, pptx = load(STRUCTURE_ODP), load(DECKS / "structure.pptx")
    assert odp.format == "odp" and odp.warnings == []
    # The hidden fourth slide is left out; pages keep the slides' numbers; title first, then the
    # shapes by position, groups read through; the notes are not body text.
    # A slide-number field: the .pptx keeps the value saved when it was made (3), LibreOffice saves
    # a placeholder that the loader fills with the slide's own number (2).
    assert "第2页" in odp.pages[1].text.splitlines()
    assert [(p.number, p.text, p.tables, p.note) for p in odp.pages] == [
        (p.number, p.text.replace("第3页", "第2页"), p.tables, p.note) for p in pptx.pages
    ]
    assert "备用数据不应读取" not in "\n".join(lines(odp)) and "演讲备注" not in "\n".join(lines(odp))
    assert "完成背街小巷整治 | 县住房城乡建设局 | 2026年9月30日" in odp.pages[-2].text
    assert measures(REPORT_ODP) == measures(DECKS / "report.pptx")


def test_footer_placeholders_notes_and_unplaced_shapes(tmp_path: Path) -> None:
    styles = (
        '<style:style style:name="dp1" style:family="drawing-page"><style:drawing-page-properties '
        'presentation:visibility="hidden"/></style:style>'
    )

    def frame(text: str, x: str = "1cm", y: str = "1cm", role: str = "") -> str:
        kind = f' presentation:class="{role}"' if role else ""
        return f'<draw:frame svg:x="{x}" svg:y="{y}"{kind}><draw:text-box><text:p>{text}</text:p></draw:text-box></draw:frame>'

    body = (
        '<draw:page draw:name="p1">'
        + frame("下方", y="10cm")
        + frame("页脚文字", y="18cm", role="footer")
        + '<draw:custom-shape draw:transform="rotate (0.5) translate (2cm 30mm)"><text:p>旋转的文字</text:p></draw:custom-shape>'
        + frame("标题", y="5cm", role="title")
        + "<presentation:notes>"
        + frame("备注不读")
        + "</presentation:notes></draw:page>"
        + '<draw:page draw:name="p2" draw:style-name="dp1">'
        + frame("隐藏页")
        + "</draw:page>"
    )
    document = load(package(tmp_path / "版面.odp", "presentation", body, styles=styles))
    assert [page.number for page in document.pages] == [1]
    assert document.pages[0].text.splitlines() == ["标题", "旋转的文字", "下方"]


# -- other formats under these names, errors -------------------------------------------------------


def test_a_file_in_another_format_under_an_odf_name_is_read_with_a_warning(tmp_path: Path) -> None:
    docx = tmp_path / "通知.odt"
    shutil.copyfile(NOTICE_DOCX, docx)
    read = load(docx)
    assert (
        read.format == "docx" and "实际是 .docx 文件" in read.warnings[0] and "通知.odt" in read.warnings[0]
    )
    doc = tmp_path / "旧通知.odt"
    shutil.copyfile(HERE / "fixtures" / "doc" / "notice.doc", doc)
    assert load(doc).format == "doc" and "Word 97-2003" in load(doc).warnings[0]
    deck = tmp_path / "汇报.odp"
    shutil.copyfile(DECKS / "report.pptx", deck)
    assert load(deck).format == "pptx" and "PowerPoint" in load(deck).warnings[0]
    # An OpenDocument spreadsheet under a text document's name: read as what its body is.
    sheet = tmp_path / "表格.odt"
    shutil.copyfile(TASKS_ODS, sheet)
    read = load(sheet)
    assert read.format == "ods" and "OpenDocument 表格" in read.warnings[0]
    template = tmp_path / "模板.ott"
    shutil.copyfile(NOTICE_ODT, template)
    assert load(template).warnings == [] and readable_type(template)


def test_a_damaged_file_is_e047_naming_it(tmp_path: Path) -> None:
    truncated = tmp_path / "截断.odt"
    truncated.write_bytes(NOTICE_ODT.read_bytes()[:3000])
    error = error_of(truncated)
    assert error.code == "E047" and "截断.odt" in error.message and "另存为 .docx" in error.hint
    garbage = tmp_path / "乱码.ods"
    garbage.write_bytes(b"not an office file at all" * 10)
    assert error_of(garbage).code == "E047"
    no_content = tmp_path / "无正文.odp"
    with zipfile.ZipFile(no_content, "w") as zipped:
        zipped.writestr("mimetype", MIMETYPES["presentation"])
    error = error_of(no_content)
    assert error.code == "E047" and "content.xml" in error.message
    broken = tmp_path / "坏XML.odt"
    with zipfile.ZipFile(broken, "w") as zipped:
        zipped.writestr("content.xml", "<office:document-content><office:body>")
    error = error_of(broken)
    assert error.code == "E047" and "XML" in error.message
    bad_name = tmp_path / "坏目录.odt"
    with zipfile.ZipFile(bad_name, "w") as zipped:
        zipped.writestr("说明.txt", "x")  # a UTF-8 name, flagged so
        zipped.writestr("content.xml", "<x/>")
    data = bad_name.read_bytes()
    at = data.rindex("说明".encode())  # in the central directory
    bad_name.write_bytes(data[:at] + b"\xff\xfe" + data[at + 2 :])
    assert error_of(bad_name).code == "E047"
    bomb = tmp_path / "实体.odt"
    with zipfile.ZipFile(bomb, "w") as zipped:
        zipped.writestr("content.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    error = error_of(bomb)
    assert error.code == "E047" and "DTD" in error.message


def test_the_element_limit_holds_over_the_parts(tmp_path: Path) -> None:
    saved = current()
    configure(Limits(docx_max_elements=50))
    try:
        error = error_of(NOTICE_ODT)
    finally:
        configure(saved)
    assert error.code == "E021" and "OpenDocument" in error.message


def test_a_password_protected_file_is_e048(tmp_path: Path) -> None:
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="2048">'
        '<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
        'manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
        'manifest:initialisation-vector="AAAA"/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" '
        'manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAA"/></manifest:encryption-data>'
        "</manifest:file-entry></manifest:manifest>"
    )
    locked = package(tmp_path / "加密.odt", "text", "<text:p>看不到</text:p>", manifest=manifest)
    error = error_of(locked)
    assert error.code == "E048" and "加密.odt" in error.message and "密码" in error.hint
    plain = manifest.replace("content.xml", "Thumbnails/thumbnail.png")
    assert load(package(tmp_path / "缩略图加密.odt", "text", "<text:p>看得到</text:p>", manifest=plain))


def test_a_file_without_text_is_e049(tmp_path: Path) -> None:
    error = error_of(package(tmp_path / "空白.odt", "text", "<text:p/><text:p>  </text:p>"))
    assert error.code == "E049" and "空白.odt" in error.message and "导出为 PDF" in error.hint
    empty_sheet = package(
        tmp_path / "空表.ods",
        "spreadsheet",
        sheet_xml("表", "<table:table-row><table:table-cell/></table:table-row>"),
    )
    assert "空的" in error_of(empty_sheet).message
    no_slides = error_of(package(tmp_path / "无幻灯片.odp", "presentation", ""))
    assert no_slides.code == "E049" and "没有幻灯片" in no_slides.message


def test_the_types_are_read_and_ingest_takes_them_in_a_folder(tmp_path: Path) -> None:
    for suffix in (".odt", ".ODS", ".odp", ".ott"):
        loader = loader_for(suffix)
        assert loader is not None and loader is odf_loader.load_odf
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copyfile(NOTICE_ODT, folder / "通知.odt")
    shutil.copyfile(TASKS_ODS, folder / "任务表.ods")
    shutil.copyfile(REPORT_ODP, folder / "汇报.odp")
    (folder / "损坏.odt").write_bytes(b"PK\x03\x04 damaged")
    report = ingest([folder], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert report.ingested == 3 and report.skipped == []
    assert [(Path(f.source).name, f.code) for f in report.failures] == [("损坏.odt", "E047")]
    assert report.measures >= 10


def test_a_ppt_under_an_odp_name_is_read_with_a_warning(tmp_path: Path) -> None:
    # It was E047 ("duban 不读取此格式"); relabel.office_compound reads every Office 97-2003 kind.
    deck = Path(__file__).resolve().parent / "fixtures" / "ppt" / "notice.ppt"
    renamed = tmp_path / "汇报.odp"
    shutil.copyfile(deck, renamed)
    document = load(renamed)
    assert [p.text for p in document.pages] == [p.text for p in load(deck).pages]
    assert (
        "汇报.odp" in document.warnings[0]
        and "实际是 PowerPoint 97-2003 演示文稿（.ppt）" in document.warnings[0]
    )
