"""UOF files (统一办公文档格式, GB/T 20916: .uot, .uos, .uop), which 永中 Office, RedOffice and WPS
save, are read instead of skipped: a notice in .uot gives the same lines, table rows, measures,
units and deadlines as the .docx it was converted from, a task sheet in .uos the same as an .xlsx
of it, a deck in .uop the same as its .pptx; tracked deletions, field codes, notes, hidden sheets
and hidden slides are left out; every way such a file cannot be read is a catalogued error naming
it (E058 damaged, E059 a UOF 2.0 package or a password-protected file). WPS's template suffixes
(.ett, .dpt) are read as their formats.

The fixtures in tests/fixtures/uof were converted once by LibreOffice (`make_fixtures.py`); the
other files are built here as GB/T 20916 writes them. The texts are our own."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from duban.base.errors import DubanError
from duban.base.limits import Limits, configure, current
from duban.base.model import RawDocument
from duban.pipeline.ingest import ingest
from duban.pipeline.loaders import load, loader_for, readable_type, unsupported_remedy
from duban.pipeline.loaders import uof as uof_loader
from tests.test_loader_doc import measures

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "uof"
NOTICE_UOT, NOTICE_DOCX = FIXTURES / "notice.uot", FIXTURES / "notice.docx"
TASKS_UOS, REPORT_UOP, REPORT_PPTX = FIXTURES / "tasks.uos", FIXTURES / "report.uop", FIXTURES / "report.pptx"

NS = (
    'xmlns:uof="http://schemas.uof.org/cn/2003/uof" '
    'xmlns:字="http://schemas.uof.org/cn/2003/uof-wordproc" '
    'xmlns:表="http://schemas.uof.org/cn/2003/uof-spreadsheet" '
    'xmlns:演="http://schemas.uof.org/cn/2003/uof-slideshow" '
    'xmlns:图="http://schemas.uof.org/cn/2003/graph"'
)
BODIES = {"文字处理": "字", "电子表格": "表", "演示文稿": "演"}


def uof(path: Path, kind: str, body: str, *, objects: str = "", styles: str = "") -> Path:
    """A UOF 1.0 file: `body` in the main part (`字:主体`, `表:主体`, `演:主体`) of `uof:<kind>`."""
    prefix = BODIES[kind]
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><uof:UOF {NS} uof:version="1.0">'
        f"<uof:式样集>{styles}</uof:式样集><uof:对象集>{objects}</uof:对象集>"
        f"<uof:{kind}><{prefix}:主体>{body}</{prefix}:主体></uof:{kind}></uof:UOF>",
        encoding="utf-8",
    )
    return path


def para(*runs: str, properties: str = "") -> str:
    """A paragraph of runs; a run given as plain text is one string (`字:文本串`)."""
    inner = "".join(
        run if run.startswith("<") else f"<字:句><字:文本串>{run}</字:文本串></字:句>" for run in runs
    )
    return f"<字:段落><字:段落属性{properties}/>{inner}</字:段落>"


def cell(text: str, props: str = "") -> str:
    return f"<字:单元格><字:单元格属性>{props}</字:单元格属性>{para(text)}</字:单元格>"


def text_box(name: str, *paragraphs: str) -> str:
    return f'<图:图形 图:标识符="{name}"><图:文本内容>{"".join(paragraphs)}</图:文本内容></图:图形>'


def lines(document: RawDocument) -> list[str]:
    return [line for page in document.pages for line in page.text.splitlines()]


def error_of(path: Path) -> DubanError:
    with pytest.raises(DubanError) as caught:
        load(path)
    return caught.value


# -- text ----------------------------------------------------------------------------------------


def test_the_uot_reads_as_the_docx_it_was_converted_from() -> None:
    uot, docx = load(NOTICE_UOT), load(NOTICE_DOCX)
    assert uot.format == "uot" and uot.warnings == []
    assert "\n".join(page.text for page in uot.pages) == "\n".join(page.text for page in docx.pages)
    assert [t for page in uot.pages for t in page.tables] == [t for page in docx.pages for t in page.tables]
    # The page break before 三、工作要求 starts the second page (LibreOffice marks it twice: one
    # break); the line break splits its paragraph; the title row merged across is one cell.
    assert [page.number for page in uot.pages] == [1, 2]
    assert uot.pages[1].text.startswith("三、工作要求")
    assert "联系人：县督查室综合股\n联系电话：0000-1234567" in uot.pages[1].text
    assert "城乡结合部环境卫生整治任务分工表" in lines(uot)


def test_extract_finds_the_same_measures_units_and_deadlines_in_the_uot_and_the_docx() -> None:
    found = measures(NOTICE_UOT)
    assert found == measures(NOTICE_DOCX)
    assert ("新建垃圾分类收集亭", ["县城市管理局"], ["2026年9月30日前"]) in found
    assert len(found) >= 4


def test_runs_keep_spaces_tabs_and_breaks_and_leave_out_deletions_fields_and_notes(tmp_path: Path) -> None:
    body = para(
        "县财政局",
        '<字:句><字:空格符 字:个数="2"/><字:文本串>负责</字:文本串><字:制表符/></字:句>',
        '<字:修订开始 字:标识符="d1" 字:类型="delete"/>',
        "限期",
        '<字:修订结束 字:开始标识引用="d1"/>',
        '<字:修订开始 字:标识符="i1" 字:类型="insert"/>',
        "于2026年9月底前",
        '<字:修订结束 字:开始标识引用="i1"/>',
        "<字:域开始/><字:域代码>" + para("PAGE \\* MERGEFORMAT") + "</字:域代码>",
        "拨付资金。",
        "<字:域结束/>",
        "<字:句><字:脚注>"
        + para("脚注不是正文")
        + "</字:脚注><字:换行符/><字:文本串>第二行</字:文本串></字:句>",
    )
    document = load(uof(tmp_path / "文字.uot", "文字处理", body))
    assert lines(document) == ["县财政局  负责\t于2026年9月底前拨付资金。", "第二行"]


def test_page_breaks_and_styles_that_break_the_page_start_pages(tmp_path: Path) -> None:
    styles = (
        '<uof:段落式样 字:标识符="新页"><字:段前分页 字:值="true"/></uof:段落式样>'
        '<uof:段落式样 字:标识符="新页下级" 字:基式样引用="新页"/>'
    )
    body = (
        para("第一页")
        + para("第二页", properties=' 字:式样引用="新页下级"')
        + para("仍是第二页", "<字:句><字:分页符/></字:句>", "第三页")
        + para("<字:句><字:分页符/></字:句>")
        + para("第四页")
    )
    document = load(uof(tmp_path / "分页.uot", "文字处理", body, styles=styles))
    # A paragraph holding only a break is an empty line, as a Word file's page-break paragraph is.
    assert [page.text for page in document.pages] == ["第一页", "第二页\n仍是第二页", "第三页\n", "第四页"]
    assert [page.number for page in document.pages] == [1, 2, 3, 4]


def test_merged_cells_and_text_boxes_read_as_the_word_loaders_read_them(tmp_path: Path) -> None:
    down = '<字:跨行 字:值="2"/>'
    across = '<字:跨列 字:值="2"/>'
    table = (
        "<字:文字表>"
        f"<字:行>{cell('任务分工', across)}{cell('时限')}</字:行>"
        f"<字:行>{cell('修缮校舍')}{cell('县教育局', down)}{cell('9月')}</字:行>"
        f"<字:行>{cell('添置课桌')}{cell('10月')}</字:行>"  # the merged cell's place left out
        f"<字:行>{cell('配备教师')}{cell('县人社局', down)}{cell('11月')}</字:行>"
        f"<字:行>{cell('培训教师')}<字:单元格覆盖/>{cell('12月')}</字:行>"  # or covered
        "<字:行><字:单元格>"
        + para("补充")
        + "<字:文字表><字:行>"
        + cell("内层甲")
        + cell("内层乙")
        + "</字:行></字:文字表></字:单元格></字:行>"
        "</字:文字表>"
    )
    anchor = '<字:句><字:锚点><字:图形 字:图形引用="box1"/></字:锚点></字:句>'
    body = para("一、任务", anchor) + table + para("二、要求")
    objects = text_box(
        "box1", para("县政府办公室"), "<字:文字表><字:行>" + cell("甲") + cell("乙") + "</字:行></字:文字表>"
    )
    document = load(uof(tmp_path / "表格.uot", "文字处理", body, objects=objects))
    assert lines(document) == [
        "一、任务",
        "县政府办公室",
        "甲 | 乙",
        "任务分工 | 时限",
        "修缮校舍 | 县教育局 | 9月",
        "添置课桌 | 县教育局 | 10月",
        "配备教师 | 县人社局 | 11月",
        "培训教师 | 县人社局 | 12月",
        "补充内层甲内层乙",
        "二、要求",
    ]
    assert document.pages[0].tables[1][2] == ["添置课桌", "县教育局", "10月"]
    # A block merged across and down, the row below holding a covering cell for each column.
    block = cell("县卫健委", '<字:跨列 字:值="2"/><字:跨行 字:值="2"/>')
    table = (
        f"<字:文字表><字:行>{cell('义诊')}{block}{cell('8月')}</字:行>"
        f"<字:行>{cell('体检')}<字:单元格覆盖/><字:单元格覆盖/>{cell('9月')}</字:行></字:文字表>"
    )
    document = load(uof(tmp_path / "块.uot", "文字处理", table))
    assert lines(document) == ["义诊 | 县卫健委 | 8月", "体检 | 县卫健委 | 9月"]


def test_a_text_without_words_is_e002(tmp_path: Path) -> None:
    error = error_of(uof(tmp_path / "空白.uot", "文字处理", para("  ") + "<字:分节/>"))
    assert error.code == "E002" and "空白.uot" in error.message


# -- spreadsheets --------------------------------------------------------------------------------


def test_the_uos_gives_what_an_xlsx_of_the_same_sheet_gives(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "tasks"
    rows = [line.split(",") for line in (FIXTURES / "tasks.csv").read_text(encoding="utf-8").split()]
    sheet.append(rows[0])
    for number, task, unit, day in rows[1:]:
        sheet.append([int(number), task, unit, dt.datetime.fromisoformat(day)])
    xlsx = tmp_path / "tasks.xlsx"
    book.save(xlsx)
    uos = load(TASKS_UOS)
    assert uos.format == "uos" and uos.warnings == []
    assert [page.text for page in uos.pages] == [page.text for page in load(xlsx).pages]
    assert "1 | 新建垃圾分类收集亭 | 县城市管理局 | 2026年9月30日" in lines(uos)
    assert measures(TASKS_UOS) == measures(xlsx) and measures(xlsx)


def test_sheet_values_positions_merges_and_hidden_sheets(tmp_path: Path) -> None:
    def data(kind: str, value: str, text: str) -> str:
        shown = f"<字:句><字:文本串>{text}</字:文本串></字:句>"
        number = f' 表:数据数值="{value}"' if value else ""
        return f'<表:数据 表:数据类型="{kind}"{number}>{shown}</表:数据>'

    shown = (
        '<表:工作表 表:名称="任务"><表:工作表内容>'
        f'<表:行 表:行号="1"><表:单元格>{data("text", "", "甲任务")}</表:单元格>'
        f'<表:单元格 表:合并行数="1">{data("text", "", "县水利局")}</表:单元格>'
        f'<表:单元格 表:列号="4">{data("number", "3.0", "3")}</表:单元格></表:行>'
        f'<表:行 表:行号="2"><表:单元格>{data("text", "", "乙任务")}</表:单元格></表:行>'
        f'<表:行 表:行号="4"><表:单元格>{data("date", "2026-11-30T00:00:00", "2026/11/30")}</表:单元格></表:行>'
        "</表:工作表内容></表:工作表>"
    )
    hidden = f'<表:工作表 表:名称="选项" 表:隐藏="true"><表:工作表内容><表:行><表:单元格>{data("text", "", "隐藏")}</表:单元格></表:行></表:工作表内容></表:工作表>'
    document = load(uof(tmp_path / "表.uos", "电子表格", hidden + shown))
    assert [page.note for page in document.pages] == ["工作表“任务”"]
    assert document.pages[0].tables[0] == [
        ["甲任务", "县水利局", "3"],  # an empty column dropped, as the spreadsheet loader drops it
        ["乙任务", "县水利局"],
        ["2026年11月30日"],
    ]
    only_hidden = uof(tmp_path / "全隐藏.uos", "电子表格", hidden)
    assert "没有可见的工作表" in error_of(only_hidden).message


# -- presentations -------------------------------------------------------------------------------


def test_the_uop_reads_as_the_pptx_it_was_converted_from() -> None:
    uop, pptx = load(REPORT_UOP), load(REPORT_PPTX)
    assert uop.format == "uop" and uop.warnings == []
    assert [(p.number, p.text, p.note) for p in uop.pages] == [(p.number, p.text, p.note) for p in pptx.pages]
    assert measures(REPORT_UOP) == measures(REPORT_PPTX) and measures(REPORT_PPTX)


def test_slides_title_first_tables_and_what_is_left_out(tmp_path: Path) -> None:
    def anchor(name: str, x: str, y: str, role: str = "") -> str:
        placeholder = f' uof:占位符="{role}"' if role else ""
        return f'<uof:锚点 uof:x坐标="{x}" uof:y坐标="{y}" uof:图形引用="{name}"{placeholder}/>'

    table = (
        "<字:文字表><字:行>"
        + cell("任务")
        + cell("责任单位")
        + "</字:行><字:行>"
        + cell("建设驿站")
        + cell("县民政局")
        + "</字:行></字:文字表>"
    )
    objects = (
        text_box("t", para("工作推进表"))
        + text_box("右", para("右侧说明"))
        + text_box("左", para("左侧说明"))
        + f'<图:图形 图:标识符="表"><图:文本内容>{table}</图:文本内容></图:图形>'
        + text_box("脚", para("第 1 页"))
        + text_box("注", para("演讲者备注"))
        + text_box("藏", para("隐藏页的内容"))
    )
    slides = (
        "<演:幻灯片集>"
        "<演:幻灯片>"
        + anchor("右", "12", "4")
        + anchor("表", "1", "8")
        + anchor("左", "1", "4")
        + anchor("t", "1", "1", "title")
        + anchor("脚", "1", "18", "footer")
        + "<演:幻灯片备注>"
        + anchor("注", "1", "1", "notes")
        + "</演:幻灯片备注>"
        "</演:幻灯片>"
        '<演:幻灯片 演:显示="false">' + anchor("藏", "1", "1") + "</演:幻灯片>"
        "</演:幻灯片集>"
    )
    document = load(uof(tmp_path / "演示.uop", "演示文稿", slides, objects=objects))
    assert [page.number for page in document.pages] == [1]
    assert document.pages[0].text.splitlines() == [
        "工作推进表",
        "左侧说明",
        "右侧说明",
        "任务 | 责任单位",
        "建设驿站 | 县民政局",
    ]
    assert document.pages[0].tables == [[["任务", "责任单位"], ["建设驿站", "县民政局"]]]
    hidden_only = uof(
        tmp_path / "隐藏.uop", "演示文稿", '<演:幻灯片集><演:幻灯片 演:显示="false"/></演:幻灯片集>'
    )
    assert error_of(hidden_only).code == "E002"


# -- what is not a UOF 1.0 file ------------------------------------------------------------------


def test_a_damaged_or_hostile_file_is_e058_naming_it(tmp_path: Path) -> None:
    cut = tmp_path / "截断.uot"
    cut.write_bytes(NOTICE_UOT.read_bytes()[:5000])
    error = error_of(cut)
    assert error.code == "E058" and "截断.uot" in error.message and "另存为" in error.hint
    other = tmp_path / "别的.uot"
    other.write_text('<?xml version="1.0"?><root>文字</root>', encoding="utf-8")
    assert "不是 UOF 文档" in error_of(other).message
    bomb = tmp_path / "实体.uot"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE uof:UOF [<!ENTITY a "aaaaaaaaaa">]>'
        f"<uof:UOF {NS}><uof:文字处理><字:主体>{para('&a;')}</字:主体></uof:文字处理></uof:UOF>",
        encoding="utf-8",
    )
    hostile = error_of(bomb)
    assert hostile.code == "E058" and "DTD" in hostile.message
    other_ole = tmp_path / "幻灯.uot"
    shutil.copyfile(HERE / "fixtures" / "ppt" / "empty.ppt", other_ole)
    assert error_of(other_ole).code in ("E052", "E053")  # a PowerPoint file renamed: its loader says


def test_the_element_limit_holds(tmp_path: Path) -> None:
    saved = current()
    configure(Limits(docx_max_elements=50))
    try:
        error = error_of(NOTICE_UOT)
    finally:
        configure(saved)
    assert error.code == "E021" and "UOF" in error.message


def test_a_uof2_package_or_a_password_protected_file_is_e059(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "新版.uot"
    with zipfile.ZipFile(package, "w") as zipped:
        zipped.writestr("mimetype", "vnd.uof.text")
        zipped.writestr(
            "content.xml",
            '<?xml version="1.0"?><字:文字处理文档 xmlns:字="http://schemas.uof.org/cn/2009/wordproc"/>',
        )
    error = error_of(package)
    assert error.code == "E059" and "UOF 2.0" in error.message and "新版.uot" in error.message
    assert ".docx" in error.hint
    uof2_root = tmp_path / "新版单文件.uot"
    uof2_root.write_text(
        '<?xml version="1.0"?><uof:UOF xmlns:uof="http://schemas.uof.org/cn/2009/uof"/>', encoding="utf-8"
    )
    assert error_of(uof2_root).code == "E059"
    # An Office password-protected file is a compound file holding an `EncryptedPackage` stream.
    from duban.pipeline.loaders import OLE_MAGIC, ole

    monkeypatch.setattr(
        ole, "stream_names", lambda data, source, corrupt: {"EncryptedPackage", "EncryptionInfo"}
    )
    encrypted = tmp_path / "加密.uot"
    encrypted.write_bytes(OLE_MAGIC + bytes(504))
    locked = error_of(encrypted)
    assert locked.code == "E059" and "密码" in locked.message and "加密.uot" in locked.message


def test_a_file_in_another_format_or_body_is_read_with_a_warning(tmp_path: Path) -> None:
    renamed = tmp_path / "通知.uot"
    shutil.copyfile(NOTICE_DOCX, renamed)
    document = load(renamed)
    assert document.format == "docx" and "实际是 .docx 文件" in document.warnings[0]
    sheet_named_text = tmp_path / "任务.uot"
    shutil.copyfile(TASKS_UOS, sheet_named_text)
    document = load(sheet_named_text)
    assert document.format == "uos" and "实际是 UOF 电子表格（.uos）" in document.warnings[0]


# -- types, WPS templates and batches --------------------------------------------------------------


def test_the_types_and_wps_templates_are_read(tmp_path: Path) -> None:
    for suffix in (".uot", ".UOS", ".uop", ".uof"):
        assert loader_for(suffix) is uof_loader.load_uof
    template = tmp_path / "任务模板.ett"
    shutil.copyfile(HERE / "fixtures" / "sheet" / "tasks.xls", template)
    assert readable_type(template) and load(template).format in ("xls", "et")
    deck = tmp_path / "汇报模板.dpt"
    shutil.copyfile(REPORT_PPTX, deck)
    read = load(deck)
    assert readable_type(deck) and read.warnings == [] and lines(read) == lines(load(REPORT_PPTX))
    binary = tmp_path / "部署模板.dpt"
    shutil.copyfile(HERE / "fixtures" / "ppt" / "notice.ppt", binary)
    assert readable_type(binary) and load(binary).pages
    own_format = tmp_path / "旧模板.dpt"  # a compound file without a deck: WPS's own older format
    shutil.copyfile(HERE / "fixtures" / "sheet" / "tasks.xls", own_format)
    assert not readable_type(own_format)
    error = error_of(own_format)
    assert error.code == "E003" and ".pptx" in error.hint and ".pptx" in unsupported_remedy(".dpt")


def test_ingest_takes_uof_files_in_a_folder_and_reports_a_damaged_one(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copyfile(NOTICE_UOT, folder / "通知.uot")
    shutil.copyfile(TASKS_UOS, folder / "任务表.uos")
    shutil.copyfile(REPORT_UOP, folder / "汇报.uop")
    (folder / "损坏.uot").write_bytes(NOTICE_UOT.read_bytes()[:3000])
    report = ingest([folder], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert report.ingested == 3 and report.skipped == []
    assert [(Path(f.source).name, f.code) for f in report.failures] == [("损坏.uot", "E058")]
    assert report.measures >= 8


def test_a_dpt_in_a_zip_archive_is_read_and_wps_own_is_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "模板.zip"
    with zipfile.ZipFile(archive, "w") as package:
        package.write(HERE / "fixtures" / "ppt" / "notice.ppt", "县住建局/部署模板.dpt")
        package.write(HERE / "fixtures" / "sheet" / "tasks.xls", "县住建局/旧模板.dpt")
        package.write(NOTICE_UOT, "县住建局/通知.uot")
    report = ingest([archive], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert report.ingested == 2 and report.failures == []
    assert [Path(s.source).name for s in report.skipped] == ["旧模板.dpt"]
