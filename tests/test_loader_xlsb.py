"""Excel binary workbooks (.xlsb) are read as the other spreadsheets are: each visible sheet a
page, each row a line of cells, merges and dates as a reader of the table sees them, so the same
task table gives the same measures, units and deadlines in `.xlsb` as in `.xlsx` and `.docx`; a
damaged or password-protected one is a catalogued error naming it, and a batch goes on past it.

No Python library here writes `.xlsb` and LibreOffice only reads it, so the fixture
tests/fixtures/xlsb/tasks.xlsb was written record by record by `make_fixtures.py` there (the same
table tests/test_loader_sheet.py writes as `.xlsx`), whose writer the tests below also use for
variants. The texts are our own."""

from __future__ import annotations

import shutil
import struct
import time
import zipfile
from pathlib import Path

import pytest

from duban.base.errors import DubanError
from duban.pipeline.ingest import ingest
from duban.pipeline.loaders import READS, load, loader_for
from duban.pipeline.loaders import xlsb as xlsb_loader
from tests.fixtures.xlsb.make_fixtures import Sheet, record, workbook
from tests.test_loader_doc import measures
from tests.test_loader_sheet import EXPECTED_LINES, HEADER, TASKS, TASKS_XLS, TITLE, task_docx, task_workbook

ROOT = Path(__file__).resolve().parent.parent
TASKS_XLSB = ROOT / "tests" / "fixtures" / "xlsb" / "tasks.xlsb"


def error_of(path: Path) -> DubanError:
    with pytest.raises(DubanError) as caught:
        load(path)
    return caught.value


def write(path: Path, sheets: list[tuple[str, Sheet, int]], strings: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        for name, data in workbook(sheets, strings).items():
            package.writestr(name, data)
    return path


def test_an_xlsb_reads_as_the_same_table_in_xlsx(tmp_path: Path) -> None:
    assert loader_for(".xlsb") is loader_for(".xlsx") and loader_for(".XLSB") is not None
    document = load(TASKS_XLSB)
    assert document.format == "xlsb" and document.warnings == []
    assert len(document.pages) == 1  # the hidden sheet is not read
    assert document.pages[0].text.splitlines() == EXPECTED_LINES
    assert document.pages[0].tables == [[[TITLE], HEADER, *TASKS]]
    assert document.pages[0].note == "工作表“任务分解表”"
    assert load(task_workbook(tmp_path / "同表.xlsx")).pages[0].text == document.pages[0].text


def test_extract_finds_the_same_measures_units_and_deadlines_in_xlsb_xlsx_and_docx(tmp_path: Path) -> None:
    in_binary = measures(TASKS_XLSB)
    assert in_binary == measures(task_workbook(tmp_path / "任务分解表.xlsx"))
    assert in_binary == measures(task_docx(tmp_path / "任务分解表.docx"))
    assert ("建成第二水源应急供水工程", ["县住房城乡建设局", "县水利局"], ["2026年12月31日"]) in in_binary


def test_cells_away_from_a1_error_cells_and_fractions_are_placed_and_written_as_read(tmp_path: Path) -> None:
    strings: list[str] = []
    sheet = Sheet(strings)
    sheet.put(4, 2, "修缮村级文化活动室")  # the table starts at C5: no empty lines or columns before it
    sheet.put(4, 4, 0.25)
    sheet.rows[4].append(record(0x0003, struct.pack("<II", 3, 0) + b"\x2a"))  # #N/A in D5
    sheet.put(6, 2, "乡镇综合文化站")
    sheet.merges.append((6, 6, 2, 4))  # merged across: one cell
    empty = Sheet(strings)
    path = write(tmp_path / "零散.xlsb", [("空表", empty, 0), ("文化", sheet, 0)], strings)
    document = load(path)
    assert [page.text for page in document.pages] == [
        "修缮村级文化活动室 | 0.25\n乡镇综合文化站"
    ]  # D: only the error


def test_a_damaged_xlsb_is_e017_naming_it(tmp_path: Path) -> None:
    data = TASKS_XLSB.read_bytes()
    cut = tmp_path / "截断.xlsb"
    cut.write_bytes(data[: len(data) // 2])
    error = error_of(cut)
    assert error.code == "E017" and "截断.xlsb" in error.message and "表格文件无法读取" in error.message
    assert "另存为 .xlsx" in error.hint
    with zipfile.ZipFile(TASKS_XLSB) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    short = dict(parts, **{"xl/worksheets/sheet1.bin": parts["xl/worksheets/sheet1.bin"][:-30]})
    broken = tmp_path / "记录不全.xlsb"
    with zipfile.ZipFile(broken, "w") as package:
        for name, part in short.items():
            package.writestr(name, part)
    error = error_of(broken)
    assert error.code == "E017" and "记录不全.xlsb" in error.message and "sheet1.bin" in error.message
    garbage = tmp_path / "乱码.xlsb"
    with zipfile.ZipFile(garbage, "w") as package:
        package.writestr("xl/workbook.bin", b"\xff\xff\xff\xff\xff\xff")
    assert error_of(garbage).code == "E017"


def test_a_password_protected_xlsb_is_e018(tmp_path: Path) -> None:
    # Excel encrypts an .xlsb as it does an .xlsx: an OLE file whose stream is `EncryptedPackage`.
    data = bytearray(TASKS_XLS.read_bytes())
    at = data.index("Workbook".encode("utf-16-le") + b"\x00\x00")
    name = "EncryptedPackage".encode("utf-16-le") + b"\x00\x00"
    data[at : at + len(name)] = name
    struct.pack_into("<H", data, at + 64, len(name))
    encrypted = tmp_path / "加密.xlsb"
    encrypted.write_bytes(bytes(data))
    error = error_of(encrypted)
    assert error.code == "E018" and "加密.xlsb" in error.message and "取消密码" in error.hint


def test_a_sheet_spanning_a_huge_area_is_e021_before_calamine_lays_it_out(tmp_path: Path) -> None:
    strings: list[str] = []
    sheet = Sheet(strings)
    sheet.put(0, 0, "任务")
    sheet.put(1_048_575, 16_383, "远处的一格")  # A1 and XFD1048576: 17 billion cells between them
    path = write(tmp_path / "远格.xlsb", [("表", sheet, 0)], strings)
    started = time.process_time()
    error = error_of(path)
    assert error.code == "E021" and "远格.xlsb" in error.message and "表" in error.message
    assert time.process_time() - started < 5
    assert xlsb_loader.MAX_AREA < 1_048_576 * 16_384


def test_an_xlsb_and_an_xlsx_under_each_others_name_are_read_with_a_warning(tmp_path: Path) -> None:
    renamed = shutil.copyfile(TASKS_XLSB, tmp_path / "改名.xlsx")
    document = load(renamed)
    assert document.pages[0].text.splitlines() == EXPECTED_LINES
    assert ".xlsb" in document.warnings[0] and "改名.xlsx" in document.warnings[0]
    other = load(task_workbook(tmp_path / "改名.xlsb"))
    assert other.format == "xlsx" and "（.xlsx）" in other.warnings[0]
    assert other.pages[0].text.splitlines() == EXPECTED_LINES


def test_ingest_reads_an_xlsb_in_a_folder_and_goes_on_past_a_damaged_one(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copyfile(TASKS_XLSB, folder / "任务分解表.xlsb")
    (folder / "损坏.xlsb").write_bytes(TASKS_XLSB.read_bytes()[:700])
    task_workbook(folder / "另一表.xlsx")
    report = ingest([folder], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert report.ingested == 2 and report.skipped == []
    assert [(Path(f.source).name, f.code) for f in report.failures] == [("损坏.xlsb", "E017")]
    assert report.measures >= 4


def test_the_formats_read_name_xlsb() -> None:
    assert ".xlsb" in READS
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`.xlsb`" in readme.split("spreadsheets (", 1)[1].split(")", 1)[0]
