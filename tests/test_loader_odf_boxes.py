"""Text boxes (文本框) and tables inside table cells in an .odt are read as the Word loaders read
them, so a document reads the same whether a unit saved it as .docx, .doc or .odt: each box's
paragraphs as lines right after the paragraph that anchors it (or where a frame anchored to the
page stands), once, a box in a box after its own anchor, a table in a box as a body table, a box in
a table cell more lines of that cell, and a nested table's cells lines of the outer cell; a
picture's frame is not text.

The fixtures in tests/fixtures/odf (`make_fixtures.py`) are the Word loaders' own box and nested
table documents converted by LibreOffice: each .odt must give the same lines, normalised text,
tables, measures, units and deadlines as the .docx it came from. The other packages are built by
hand here (`tests.test_loader_odf.package`). The texts are our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.base.errors import DubanError
from duban.pipeline.loaders import load
from duban.pipeline.normalize import normalise
from tests.test_loader_doc import measures
from tests.test_loader_odf import package

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ODF = FIXTURES / "odf"
# Each .odt and the .docx LibreOffice converted it from.
CONVERTED = [
    (ODF / "boxes.odt", FIXTURES / "docx" / "boxes.docx"),
    (ODF / "textboxes.odt", FIXTURES / "doc" / "textboxes.docx"),
    (ODF / "nested.odt", ODF / "nested.docx"),
    (ODF / "box-in-cell.odt", ODF / "box-in-cell.docx"),
]
TASK = "整治侵占河道问题，县水利局牵头，县自然资源局配合，完成时限：2026年6月30日前。"


def lines(path: Path) -> list[str]:
    return [line for page in load(path).pages for line in page.text.split("\n")]


def box(*paragraphs: str, anchor: str = "paragraph") -> str:
    """A frame holding a text box with `paragraphs` (raw XML of the box's blocks)."""
    return (
        f"<draw:frame text:anchor-type='{anchor}' svg:width='5cm' svg:height='2cm'><draw:text-box>"
        + "".join(paragraphs)
        + "</draw:text-box></draw:frame>"
    )


@pytest.mark.parametrize(("odt", "docx"), CONVERTED, ids=lambda path: path.name)
def test_each_odt_reads_as_the_docx_it_was_converted_from(odt: Path, docx: Path) -> None:
    read, written = load(odt), load(docx)
    assert read.format == "odt" and read.warnings == []
    assert lines(odt) == lines(docx)
    assert normalise(read).text == normalise(written).text
    assert [table for page in read.pages for table in page.tables] == written.pages[0].tables


def test_boxes_are_read_after_their_anchor_paragraph_each_once() -> None:
    assert lines(ODF / "textboxes.odt") == [
        "",
        "县河长制办公室文件",  # the issuer line's box, anchored in the empty first paragraph
        "关于开展河湖“清四乱”专项行动的通知",
        "各乡镇人民政府，县直有关单位：",
        "工作流程如下：",
        "第一步：摸清底数",  # two shapes in a group, in order
        "第二步：制定方案",
        "一、重点任务",
        TASK,
        "请各单位按期完成，并报县河长办。",
    ]


def test_a_table_in_a_box_is_a_body_table() -> None:
    (page,) = load(ODF / "boxes.odt").pages
    assert page.tables == [
        [["工作任务", "责任单位", "完成时限"], ["清理河道阻水障碍", "县水利局", "2026年5月31日前"]]
    ]
    assert "清理河道阻水障碍 | 县水利局 | 2026年5月31日前" in page.text.split("\n")


def test_nested_table_cells_and_a_box_in_a_cell_are_lines_of_the_outer_cell() -> None:
    (nested,) = load(ODF / "nested.odt").pages
    assert nested.tables[0][1] == [
        "一、完成防汛物资清点。",
        "责任分工如下：县应急管理局2025年6月20日前各乡镇人民政府2025年6月30日前",
    ]
    (cell,) = load(ODF / "box-in-cell.odt").pages
    assert cell.tables == [[["整改要求", "责任单位"], ["清理违规占用河道", "县水利局框内补充：会同县公安局"]]]


@pytest.mark.parametrize(("odt", "docx"), CONVERTED, ids=lambda path: path.name)
def test_extract_finds_the_same_measures_units_and_deadlines_as_in_the_docx(odt: Path, docx: Path) -> None:
    assert measures(odt) == measures(docx)


def test_extract_finds_the_measure_written_in_a_box() -> None:
    (task,) = [m for m in measures(ODF / "textboxes.odt") if "整治侵占河道问题" in m[0]]
    assert "县水利局" in task[1] and task[2]


def test_a_frame_anchored_to_the_page_is_read_where_it_stands(tmp_path: Path) -> None:
    body = (
        box("<text:p>县应急管理局文件</text:p>", anchor="page")
        + "<text:p>关于开展安全生产大检查的通知</text:p>"
        + box(
            "<text:p>附：检查清单</text:p><text:list><text:list-item><text:p>1. 危化品企业</text:p>"
            "</text:list-item></text:list>",
            anchor="page",
        )
        + "<draw:frame text:anchor-type='page'><draw:image xlink:href='Pictures/1.png' "
        "xmlns:xlink='http://www.w3.org/1999/xlink'/></draw:frame>"
        + "<text:p>各乡镇要于6月底前完成自查。</text:p>"
    )
    document = load(package(tmp_path / "页面框.odt", "text", body))
    assert document.pages[0].text.split("\n") == [
        "县应急管理局文件",
        "关于开展安全生产大检查的通知",
        "附：检查清单",
        "1. 危化品企业",
        "各乡镇要于6月底前完成自查。",
    ]


def test_a_box_in_a_box_is_read_once_after_its_own_anchor_and_pictures_are_not_text(tmp_path: Path) -> None:
    inner = box("<text:p>内框：县交通运输局配合</text:p>")
    table = (
        "<table:table><table:table-row><table:table-cell><text:p>任务</text:p></table:table-cell>"
        "<table:table-cell><text:p>时限</text:p></table:table-cell></table:table-row></table:table>"
    )
    picture = (
        "<draw:frame text:anchor-type='as-char'><draw:image xlink:href='Pictures/2.png' "
        "xmlns:xlink='http://www.w3.org/1999/xlink'><text:p>图片替代文字</text:p></draw:image></draw:frame>"
    )
    body = (
        "<text:p>一、县公路局牵头"
        + box(f"<text:p>外框第一段{inner}</text:p>", "<text:p>外框第二段</text:p>", table)
        + picture
        + "修复水毁道路。</text:p>"
        + "<text:p>二、按期报送。<text:note><text:note-body><text:p>脚注"
        + box("<text:p>脚注里的框</text:p>")
        + "</text:p></text:note-body></text:note></text:p>"
    )
    (page,) = load(package(tmp_path / "框中框.odt", "text", body)).pages
    assert page.text.split("\n") == [
        "一、县公路局牵头修复水毁道路。",
        "外框第一段",
        "内框：县交通运输局配合",
        "外框第二段",
        "任务 | 时限",
        "二、按期报送。",
    ]
    assert page.tables == [[["任务", "时限"]]]


def test_a_frame_and_a_nested_table_in_a_cell_join_its_value(tmp_path: Path) -> None:
    shape = (
        "<draw:custom-shape text:anchor-type='char'><text:p>形状中的文字</text:p>"
        "<draw:enhanced-geometry draw:type='rect'/></draw:custom-shape>"
    )
    body = (
        "<table:table><table:table-row>"
        "<table:table-cell><text:p>清理河道</text:p></table:table-cell>"
        f"<table:table-cell><text:p>县水利局{shape}</text:p>"
        "<table:table><table:table-row><table:table-cell><text:p>甲乡</text:p></table:table-cell>"
        "<table:table-cell><text:p>乙乡</text:p></table:table-cell></table:table-row></table:table>"
        "</table:table-cell></table:table-row></table:table>"
    )
    (page,) = load(package(tmp_path / "单元格.odt", "text", body)).pages
    assert page.text == "清理河道 | 县水利局形状中的文字甲乡乙乡"
    assert page.tables == [[["清理河道", "县水利局形状中的文字甲乡乙乡"]]]


def test_a_document_of_pictures_only_is_still_e049(tmp_path: Path) -> None:
    picture = (
        "<text:p><draw:frame><draw:image xlink:href='Pictures/1.png' "
        "xmlns:xlink='http://www.w3.org/1999/xlink'/></draw:frame></text:p>"
    )
    with pytest.raises(DubanError) as caught:
        load(package(tmp_path / "图片.odt", "text", picture))
    assert caught.value.code == "E049" and "图片" in caught.value.message


def test_a_document_whose_only_text_is_in_a_box_is_read(tmp_path: Path) -> None:
    body = "<text:p>" + box("<text:p>县林业局要于10月底前完成防火隔离带清理。</text:p>") + "</text:p>"
    (page,) = load(package(tmp_path / "仅框.odt", "text", body)).pages
    assert page.text.split("\n") == ["", "县林业局要于10月底前完成防火隔离带清理。"]
