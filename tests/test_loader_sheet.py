"""Spreadsheets (.xlsx, .xls, .et, .csv) are read as task tables: each visible sheet a page, each
row a line of cells joined by ` | `, merges and dates as a reader of the table sees them, so the
same task table gives the same measures, units and deadlines in a workbook as in a `.docx`; every
way a spreadsheet cannot be read is a catalogued error naming it.

The workbooks are written here with openpyxl; the `.xls` (BIFF) fixture in tests/fixtures/sheet
was written once with xlwt (`make_fixtures.py` there). The texts are our own."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import struct
import zipfile
from pathlib import Path

import olefile
import openpyxl
import pytest
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.pipeline.ingest import ingest
from duban.pipeline.loaders import load, loader_for
from duban.pipeline.loaders import sheet as sheet_loader
from tests.test_loader_doc import measures

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sheet"
TASKS_XLS = FIXTURES / "tasks.xls"
LEGACY_XLS = Path(__file__).resolve().parent / "fixtures" / "doc" / "sheet.xls"  # by LibreOffice
runner = CliRunner()

TITLE = "县城供水保障三年行动任务分解表"
HEADER = ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]
TASKS = [
    ["1", "完成城区老旧供水管网改造", "县住房城乡建设局", "县水务公司", "2026年6月30日"],
    ["2", "建成第二水源应急供水工程", "县住房城乡建设局", "县水利局", "2026年12月31日"],
]
EXPECTED_LINES = [TITLE, " | ".join(HEADER), *(" | ".join(row) for row in TASKS)]


def task_workbook(path: Path) -> Path:
    """The task table as staff receive it: a title merged across the sheet, an empty column
    between the task and its units, the 牵头单位 merged down over both tasks, date-typed
    deadlines (one a datetime at midnight), the number of a task as a float, a hidden sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "任务分解表"
    sheet["A1"] = TITLE
    sheet.merge_cells("A1:F1")
    for column, title in zip("ABDEF", HEADER, strict=True):
        sheet[f"{column}2"] = title
    sheet["A3"], sheet["B3"], sheet["D3"], sheet["E3"] = 1, TASKS[0][1], "县住房城乡建设局", "县水务公司"
    sheet["F3"] = dt.datetime(2026, 6, 30)
    sheet["A4"], sheet["B4"], sheet["E4"] = 2.0, TASKS[1][1], "县水利局"
    sheet["F4"] = dt.date(2026, 12, 31)
    sheet.merge_cells("D3:D4")
    hidden = book.create_sheet("选项")
    hidden["A1"] = "隐藏的下拉选项"
    hidden.sheet_state = "hidden"
    book.save(path)
    return path


def error_of(path: Path) -> DubanError:
    with pytest.raises(DubanError) as caught:
        load(path)
    return caught.value


def lines(path: Path) -> list[str]:
    document = load(path)
    return [line for page in document.pages for line in page.text.splitlines()]


def test_xlsx_rows_are_lines_of_cells_with_merges_dates_and_empty_columns_handled(tmp_path: Path) -> None:
    document = load(task_workbook(tmp_path / "任务分解表.xlsx"))
    assert document.format == "xlsx" and document.warnings == []
    assert len(document.pages) == 1  # the hidden sheet is not read
    assert document.pages[0].text.splitlines() == EXPECTED_LINES
    assert document.pages[0].tables == [[[TITLE], HEADER, *TASKS]]


def test_the_xls_reads_as_the_same_table_in_xlsx(tmp_path: Path) -> None:
    assert loader_for(".xls") is loader_for(".xlsx") is loader_for(".et") is loader_for(".csv")
    document = load(TASKS_XLS)
    assert document.format == "xls" and len(document.pages) == 1
    assert document.pages[0].text.splitlines() == EXPECTED_LINES
    assert lines(shutil.copyfile(TASKS_XLS, tmp_path / "任务.et")) == EXPECTED_LINES  # WPS's name
    assert lines(LEGACY_XLS) == ["任务 | 责任单位", "水质检测 | 县水利局"]


def with_cached_value(path: Path, cell: str, formula: str, value: str) -> Path:
    """A formula cell with the result Excel saves beside it (openpyxl writes none)."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    xml = re.sub(rf'<c r="{cell}"[^>]*>.*?</c>', f'<c r="{cell}"><f>{formula}</f><v>{value}</v></c>', xml)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path


def test_formulas_read_as_their_saved_results_and_numbers_as_written(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["已完成", 3, "总数", 4, "完成率", 0.75, "用时", dt.datetime(2026, 3, 2, 14, 30)])
    sheet["B2"] = "=B1+D1"
    sheet["F1"].number_format = "0%"
    sheet["C2"] = "#N/A"
    path = tmp_path / "进展.xlsx"
    book.save(path)
    with_cached_value(path, "B2", "B1+D1", "7")
    assert lines(path) == ["已完成 | 3 | 总数 | 4 | 完成率 | 75% | 用时 | 2026年3月2日 14:30", " | 7"]


def test_each_visible_sheet_is_a_page_in_workbook_order(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first["B2"] = "第一张表"
    book.create_sheet("空表")
    hidden = book.create_sheet("隐藏")
    hidden["A1"] = "不读"
    hidden.sheet_state = "veryHidden"
    book.create_sheet("第二张")["C5"] = "第二张表"
    path = tmp_path / "多表.xlsm"
    book.save(path)
    document = load(path)
    assert [page.text for page in document.pages] == ["第一张表", "第二张表"]
    assert [page.number for page in document.pages] == [1, 2]
    assert "第二张" in document.pages[1].note


def test_a_gbk_csv_is_read_with_its_rows_as_lines(tmp_path: Path) -> None:
    path = tmp_path / "进展.csv"
    text = '序号,工作任务,责任单位,进展情况\r\n1,"修订预案，报县政府",县应急管理局,已完成\r\n,,,\r\n2,排查隐患,县水利局,\r\n'
    path.write_bytes(text.encode("gbk"))
    assert lines(path) == [
        "序号 | 工作任务 | 责任单位 | 进展情况",
        "1 | 修订预案，报县政府 | 县应急管理局 | 已完成",
        "2 | 排查隐患 | 县水利局",
    ]
    bom = tmp_path / "带标记.csv"
    bom.write_bytes("\ufeff任务\t单位\n整改\t县教育局\n".encode())
    assert lines(bom) == ["任务 | 单位", "整改 | 县教育局"]


def task_docx(path: Path) -> Path:
    """The same task table in Word: the title a paragraph, the 牵头单位 merged down."""
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=1 + len(TASKS), cols=len(HEADER))
    for row, values in enumerate([HEADER, *TASKS]):
        for column, value in enumerate(values):
            if not (row == 2 and column == 2):
                table.cell(row, column).text = value
    table.cell(1, 2).merge(table.cell(2, 2))
    table.cell(1, 2).text = TASKS[0][2]
    document.save(str(path))
    return path


def test_extract_finds_the_same_measures_units_and_deadlines_in_xlsx_xls_and_docx(tmp_path: Path) -> None:
    in_word = measures(task_docx(tmp_path / "任务分解表.docx"))
    assert in_word == measures(task_workbook(tmp_path / "任务分解表.xlsx"))
    assert in_word == measures(TASKS_XLS)
    assert ("完成城区老旧供水管网改造", ["县住房城乡建设局", "县水务公司"], ["2026年6月30日"]) in in_word
    assert ("建成第二水源应急供水工程", ["县住房城乡建设局", "县水利局"], ["2026年12月31日"]) in in_word


def test_a_spreadsheet_that_is_really_a_web_page_or_text_is_read_with_a_warning(tmp_path: Path) -> None:
    page = tmp_path / "导出.xls"
    page.write_text(
        "<html><body><table><tr><td>任务</td><td>单位</td></tr><tr><td>整改</td><td>县教育局</td></tr>"
        "</table></body></html>",
        encoding="utf-8",
    )
    document = load(page)
    assert "任务 | 单位" in document.pages[0].text and "整改 | 县教育局" in document.pages[0].text
    assert "导出.xls" in document.warnings[0] and "网页" in document.warnings[0]
    tabbed = tmp_path / "系统导出.xls"
    tabbed.write_bytes("任务\t单位\n整改\t县教育局\n".encode("gb18030"))
    document = load(tabbed)
    assert document.pages[0].text == "任务 | 单位\n整改 | 县教育局"
    assert "系统导出.xls" in document.warnings[0] and "制表符" in document.warnings[0]
    renamed = load(task_workbook(tmp_path / "改名.xls"))
    assert renamed.pages[0].text.splitlines() == EXPECTED_LINES and ".xlsx" in renamed.warnings[0]


SPREADSHEET_ML = """<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:x="urn:schemas-microsoft-com:office:excel">
 <Worksheet ss:Name="任务分解表"><Table>
  <Row><Cell ss:MergeAcross="5"><Data ss:Type="String">{title}</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">序号</Data></Cell><Cell><Data ss:Type="String">工作任务</Data></Cell>
   <Cell ss:Index="4"><Data ss:Type="String">牵头单位</Data></Cell><Cell><Data ss:Type="String">责任单位</Data></Cell>
   <Cell><Data ss:Type="String">完成时限</Data></Cell></Row>
  <Row><Cell><Data ss:Type="Number">1</Data></Cell><Cell><Data ss:Type="String">{task1}</Data></Cell>
   <Cell ss:Index="4" ss:MergeDown="1"><Data ss:Type="String">县住房城乡建设局</Data></Cell>
   <Cell><Data ss:Type="String">县水务公司</Data></Cell>
   <Cell><Data ss:Type="DateTime">2026-06-30T00:00:00.000</Data></Cell></Row>
  <Row><Cell><Data ss:Type="Number">2.0</Data></Cell><Cell><Data ss:Type="String">{task2}</Data></Cell>
   <Cell ss:Index="5"><Data ss:Type="String">县水利局</Data></Cell>
   <Cell><Data ss:Type="DateTime">2026-12-31T00:00:00.000</Data></Cell></Row>
 </Table></Worksheet>
 <Worksheet ss:Name="选项"><Table><Row><Cell><Data ss:Type="String">隐藏</Data></Cell></Row></Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions>
 </Worksheet>
</Workbook>
"""


def test_an_xls_that_is_really_an_excel_2003_xml_workbook_is_read_as_one(tmp_path: Path) -> None:
    path = tmp_path / "系统导出.xls"
    path.write_text(
        SPREADSHEET_ML.format(title=TITLE, task1=TASKS[0][1], task2=TASKS[1][1]), encoding="utf-8"
    )
    document = load(path)
    assert len(document.pages) == 1 and document.pages[0].text.splitlines() == EXPECTED_LINES
    assert "系统导出.xls" in document.warnings[0] and "XML" in document.warnings[0]


def test_a_doc_that_is_really_a_spreadsheet_is_read_as_one(tmp_path: Path) -> None:
    for source, name in ((TASKS_XLS, "任务表.doc"), (task_workbook(tmp_path / "t.xlsx"), "新任务表.doc")):
        document = load(shutil.copyfile(source, tmp_path / name))
        assert document.pages[0].text.splitlines() == EXPECTED_LINES
        assert name in document.warnings[0] and "表格" in document.warnings[0]


def test_a_damaged_spreadsheet_is_e017_naming_it(tmp_path: Path) -> None:
    data = task_workbook(tmp_path / "t.xlsx").read_bytes()
    cut = tmp_path / "截断.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    error = error_of(cut)
    assert error.code == "E017" and "截断.xlsx" in error.message and "表格文件无法读取" in error.message
    assert "另存为 .xlsx" in error.hint
    xls = tmp_path / "截断.xls"
    xls.write_bytes(TASKS_XLS.read_bytes()[:3000])
    assert error_of(xls).code == "E017"
    binary = tmp_path / "乱码.xls"
    binary.write_bytes(b"\x00\x01\x02\x03binary\xff\x04\x05" * 40)
    assert error_of(binary).code == "E017"
    bomb = tmp_path / "实体.xlsx"
    with zipfile.ZipFile(tmp_path / "t.xlsx") as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["xl/sharedStrings.xml"] = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    with zipfile.ZipFile(bomb, "w") as package:
        for name, part in parts.items():
            package.writestr(name, part)
    error = error_of(bomb)
    assert error.code == "E017" and "DTD" in error.message


def test_a_password_protected_spreadsheet_is_e018(tmp_path: Path) -> None:
    # Office 2007+: an OLE file whose stream is `EncryptedPackage` (the workbook's stream renamed).
    data = bytearray(TASKS_XLS.read_bytes())
    at = data.index("Workbook".encode("utf-16-le") + b"\x00\x00")
    name = "EncryptedPackage".encode("utf-16-le") + b"\x00\x00"
    data[at : at + len(name)] = name
    struct.pack_into("<H", data, at + 64, len(name))
    encrypted = tmp_path / "加密.xlsx"
    encrypted.write_bytes(bytes(data))
    error = error_of(encrypted)
    assert error.code == "E018" and "加密.xlsx" in error.message and "密码" in error.message
    assert "取消密码" in error.hint
    # Excel 97-2003: a FILEPASS record in the workbook's globals (here the CODEPAGE record retyped).
    biff = tmp_path / "加密.xls"
    shutil.copyfile(TASKS_XLS, biff)
    with olefile.OleFileIO(str(biff), write_mode=True) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
        at = 0
        while struct.unpack_from("<H", stream, at)[0] != 0x0042:  # CODEPAGE
            at += 4 + struct.unpack_from("<H", stream, at + 2)[0]
        struct.pack_into("<H", stream, at, 0x002F)
        ole.write_stream("Workbook", bytes(stream))
    error = error_of(biff)
    assert error.code == "E018" and "加密.xls" in error.message


def test_a_workbook_without_text_is_e019(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.create_sheet("也是空的")
    empty = tmp_path / "空表.xlsx"
    book.save(empty)
    error = error_of(empty)
    assert error.code == "E019" and "空表.xlsx" in error.message and "空的" in error.message
    hidden = openpyxl.Workbook()
    sheet = hidden.active
    assert sheet is not None
    sheet["A1"] = "只在隐藏表中"
    sheet.sheet_state = "hidden"
    hidden.create_sheet("空")
    path = tmp_path / "隐藏.xlsx"
    hidden.save(path)
    assert error_of(path).code == "E019"
    blank = tmp_path / "逗号.csv"
    blank.write_text(",,\n,,\n", encoding="utf-8")
    assert error_of(blank).code == "E019"


def test_a_sheet_over_the_row_limit_is_cut_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheet_loader, "MAX_ROWS", 3)
    path = tmp_path / "长表.csv"
    path.write_text("".join(f"任务{n},县水利局\n" for n in range(1, 8)), encoding="utf-8")
    document = load(path)
    assert document.pages[0].text.splitlines() == ["任务1 | 县水利局", "任务2 | 县水利局", "任务3 | 县水利局"]
    assert "3 行" in document.warnings[0] and "4 行未读取" in document.warnings[0]
    monkeypatch.setattr(sheet_loader, "MAX_CELLS", 5)
    document = load(path)
    assert len(document.pages[0].text.splitlines()) == 2 and "单元格" in document.warnings[-1]


def test_ods_is_read_and_ingest_indexes_a_spreadsheet_in_a_folder(tmp_path: Path) -> None:
    # OpenDocument spreadsheets are read now (`loaders.odf`, tests/test_loader_odf.py): a damaged
    # one is a failure with its code and the batch goes on.
    assert loader_for(".ods") is not None
    folder = tmp_path / "batch"
    folder.mkdir()
    task_workbook(folder / "任务分解表.xlsx")
    shutil.copyfile(TASKS_XLS, folder / "旧任务表.xls")
    (folder / "开放格式.ods").write_bytes(b"PK")
    report = ingest([folder], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert report.ingested == 2 and report.skipped == []
    assert [(Path(f.source).name, f.code) for f in report.failures] == [("开放格式.ods", "E047")]
    assert report.measures >= 4


def test_a_workbook_merging_more_cells_than_the_limit_is_refused_before_openpyxl(tmp_path: Path) -> None:
    path = task_workbook(tmp_path / "t.xlsx")
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = xml.replace('ref="D3:D4"', 'ref="A5:XFD1048576"').encode()
    bomb = tmp_path / "合并.xlsx"
    with zipfile.ZipFile(bomb, "w") as package:
        for name, part in parts.items():
            package.writestr(name, part)
    error = error_of(bomb)
    assert error.code == "E021" and "合并.xlsx" in error.message and "合并单元格" in error.message


def test_an_ods_under_an_xlsx_name_is_read_with_a_warning(tmp_path: Path) -> None:
    # It was E017 ("save it as .xlsx"); loaders.odf reads it now, and says the name is wrong.
    renamed = tmp_path / "任务表.xlsx"
    shutil.copyfile(Path(__file__).resolve().parent / "fixtures" / "odf" / "tasks.ods", renamed)
    document = load(renamed)
    assert document.format == "ods" and "改造老旧雨水泵站" in document.pages[0].text
    assert (
        "任务表.xlsx" in document.warnings[0] and "实际是 OpenDocument 表格（.ods）" in document.warnings[0]
    )
    assert sum("实际是" in warning for warning in document.warnings) == 1


def test_a_pptx_under_an_xlsx_name_is_read_with_a_warning(tmp_path: Path) -> None:
    # It was E017 (no xl/workbook.xml); relabel.office_package reads every Office package kind.
    deck = Path(__file__).resolve().parent / "fixtures" / "pptx" / "report.pptx"
    renamed = tmp_path / "汇报.xlsx"
    shutil.copyfile(deck, renamed)
    document = load(renamed)
    assert document.format == "pptx"
    assert [p.text for p in document.pages] == [p.text for p in load(deck).pages]
    assert (
        "汇报.xlsx" in document.warnings[0] and "实际是 PowerPoint 演示文稿（.pptx）" in document.warnings[0]
    )
