"""Text boxes (文本框) in a .docx are read as the document's text, each once, where they are anchored.

Official documents put real text in boxes: the issuer line of a red-headed notice, a boxed note on
an attachment, the steps of a flow chart, a table's caption. Word writes a floating box as
DrawingML (`wps:wsp/wps:txbx/w:txbxContent`) inside `mc:AlternateContent`, with the same text
again as VML (`v:textbox`) in the `mc:Fallback` for older readers; Word 2003 and WPS write VML only
(`w:pict/v:shape/v:textbox`). The documents are made with python-docx and the boxes' XML written
here after the OOXML schema (ECMA-376 part 1, 20.4 DrawingML in WordprocessingML; Word 2010's
`wps`/`wpg` shape and group namespaces), in our own wording.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsmap
from docx.shared import Cm
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.pipeline.cli import app
from duban.pipeline.ingest import ingest
from duban.pipeline.loaders import load, ocr

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCAN = FIXTURES / "ocr" / "notice.png"
NAMESPACES = {
    "w": nsmap["w"],
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wpc": "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
}
DECLARED = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
SHAPE = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
GROUP = "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"
CANVAS = "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas"


def content(*items: str | list[list[str]]) -> str:
    """A box's `w:txbxContent`: paragraphs (str) and tables (rows of cells)."""
    parts = []
    for item in items:
        if isinstance(item, str):
            parts.append(f"<w:p><w:r><w:t>{item}</w:t></w:r></w:p>")
        else:
            rows = "".join(
                "<w:tr>"
                + "".join(f"<w:tc><w:p><w:r><w:t>{cell}</w:t></w:r></w:p></w:tc>" for cell in row)
                + "</w:tr>"
                for row in item
            )
            grid = "".join('<w:gridCol w:w="2000"/>' for _ in item[0])
            parts.append(f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>")
    return f"<w:txbxContent>{''.join(parts)}</w:txbxContent>"


def shape(box: str, number: int = 1) -> str:
    """A DrawingML text box (`wps:wsp`) holding `box`."""
    return (
        f'<wps:wsp><wps:cNvPr id="{number}" name="文本框 {number}"/><wps:cNvSpPr txBox="1"/>'
        '<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2400000" cy="600000"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f"<wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp>"
    )


def anchored(uri: str, graphic: str, number: int = 1) -> str:
    """A floating `w:drawing` anchored to its paragraph, showing `graphic` (a shape, group, canvas)."""
    return (
        '<w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0"'
        ' relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2400000" cy="600000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{number}" name="对象 {number}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{uri}">{graphic}</a:graphicData></a:graphic>'
        "</wp:anchor></w:drawing>"
    )


def vml(box: str, number: int = 1) -> str:
    """A legacy VML text box (`w:pict/v:shape/v:textbox`) holding `box`."""
    return (
        f'<w:pict><v:shape id="文本框 {number}" o:spid="_x0000_s10{number:02d}" type="#_x0000_t202"'
        ' style="position:absolute;width:190pt;height:48pt">'
        f"<v:textbox>{box}</v:textbox></v:shape></w:pict>"
    )


def alternate(box: str, fallback: str | None = None, number: int = 1) -> str:
    """A box as Word 2010 and later write it: DrawingML in the Choice, the same text as VML in the
    Fallback (`fallback` when the copy differs, to tell which one was read)."""
    return (
        '<mc:AlternateContent><mc:Choice Requires="wps">'
        f"{anchored(SHAPE, shape(box, number), number)}</mc:Choice>"
        f"<mc:Fallback>{vml(fallback or box, number)}</mc:Fallback></mc:AlternateContent>"
    )


def run(inner: str) -> object:
    return parse_xml(f"<w:r {DECLARED}>{inner}</w:r>")


def word(path: Path, *items: str | tuple[str, str]) -> Path:
    """A .docx of paragraphs: a str is a paragraph's text; (text, box) a paragraph of `text`
    anchoring `box` (the run XML of one or more boxes)."""
    document = docx.Document()
    for item in items:
        text, box = (item, "") if isinstance(item, str) else item
        paragraph = document.add_paragraph(text)
        if box:
            paragraph._p.append(run(box))
    document.save(str(path))
    return path


def lines(path: Path) -> list[str]:
    (page,) = load(path).pages
    return page.text.split("\n")


def test_a_box_written_twice_by_word_is_read_once_after_its_anchor_paragraph(tmp_path: Path) -> None:
    path = word(
        tmp_path / "通知.docx",
        "关于开展河道清障的通知",
        ("各乡镇人民政府：", alternate(content("联系人：县水利局河湖科", "电话：0000-1234567"))),
        "请按要求抓好落实。",
    )
    assert lines(path) == [
        "关于开展河道清障的通知",
        "各乡镇人民政府：",
        "联系人：县水利局河湖科",
        "电话：0000-1234567",
        "请按要求抓好落实。",
    ]


def test_boxes_as_libreoffice_writes_them_are_read_once() -> None:
    """`fixtures/docx/boxes.docx`: our boxes saved again by LibreOffice (`make_fixtures.py`)."""
    (page,) = load(FIXTURES / "docx" / "boxes.docx").pages
    assert page.text.split("\n") == [
        "",
        "县防汛抗旱指挥部办公室文件",
        "关于做好汛前河道清障工作的通知",
        "各乡镇人民政府，县直有关单位：",
        "任务清单",
        "工作任务 | 责任单位 | 完成时限",
        "清理河道阻水障碍 | 县水利局 | 2026年5月31日前",
        "",
        "请各单位按期完成，并报县防汛办。",
    ]
    assert page.tables == [
        [["工作任务", "责任单位", "完成时限"], ["清理河道阻水障碍", "县水利局", "2026年5月31日前"]]
    ]


def test_the_choice_is_read_and_never_the_fallback(tmp_path: Path) -> None:
    box = alternate(content("甲方框中的字"), fallback=content("乙方备用的字"))
    path = word(tmp_path / "备用.docx", ("正文", box))
    assert lines(path) == ["正文", "甲方框中的字"]


def test_a_legacy_vml_box_is_read(tmp_path: Path) -> None:
    path = word(tmp_path / "旧版.docx", ("", vml(content("县人民政府办公室文件"))), "县政办发〔2026〕3号")
    assert lines(path) == ["", "县人民政府办公室文件", "县政办发〔2026〕3号"]


def test_boxes_in_a_group_and_a_canvas_are_read_in_order_each_once(tmp_path: Path) -> None:
    group = (
        '<wpg:wgp><wpg:cNvGrpSpPr/><wpg:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="4800000" cy="600000"/>'
        '<a:chOff x="0" y="0"/><a:chExt cx="4800000" cy="600000"/></a:xfrm></wpg:grpSpPr>'
        f"{shape(content('第一步：摸清底数'), 2)}{shape(content('第二步：制定方案'), 3)}</wpg:wgp>"
    )
    grouped = (
        '<mc:AlternateContent><mc:Choice Requires="wpg">'
        f"{anchored(GROUP, group)}</mc:Choice><mc:Fallback>"
        f"<w:pict><v:group>{vml(content('第一步：摸清底数'), 2)}{vml(content('第二步：制定方案'), 3)}</v:group></w:pict>"
        "</mc:Fallback></mc:AlternateContent>"
    )
    drawn = f"<wpc:wpc><wpc:bg/><wpc:whole/>{shape(content('第三步：验收销号'), 5)}</wpc:wpc>"
    canvas = (
        '<mc:AlternateContent><mc:Choice Requires="wpc">'
        f"{anchored(CANVAS, drawn, 4)}"
        f"</mc:Choice><mc:Fallback>{vml(content('第三步：验收销号'), 5)}</mc:Fallback></mc:AlternateContent>"
    )
    path = word(
        tmp_path / "流程图.docx", "工作流程如下：", ("", grouped), ("", canvas), "以上步骤须按时完成。"
    )
    assert lines(path) == [
        "工作流程如下：",
        "",
        "第一步：摸清底数",
        "第二步：制定方案",
        "",
        "第三步：验收销号",
        "以上步骤须按时完成。",
    ]


def test_a_box_inside_a_box_is_read_once_after_its_own_anchor(tmp_path: Path) -> None:
    inner = alternate(content("里层框"), number=2)
    outer = content("外层框第一段", "外层框第二段", "外层框第三段").replace(
        "<w:t>外层框第二段</w:t></w:r>", f"<w:t>外层框第二段</w:t></w:r><w:r>{inner}</w:r>"
    )
    path = word(tmp_path / "套框.docx", ("开头", alternate(outer)))
    assert lines(path) == ["开头", "外层框第一段", "外层框第二段", "里层框", "外层框第三段"]


def test_a_table_in_a_box_is_read_as_the_loader_writes_tables(tmp_path: Path) -> None:
    table = [["工作任务", "责任单位", "完成时限"], ["清理河道垃圾", "县水利局", "2026年5月31日前"]]
    path = word(
        tmp_path / "框中表格.docx", ("任务清单", alternate(content("附表", table, "表后说明"))), "结束"
    )
    (page,) = load(path).pages
    assert page.text.split("\n") == [
        "任务清单",
        "附表",
        "工作任务 | 责任单位 | 完成时限",
        "清理河道垃圾 | 县水利局 | 2026年5月31日前",
        "表后说明",
        "结束",
    ]
    assert page.tables == [table]


def test_a_box_in_a_table_cell_is_part_of_the_cell(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "整改要求"
    table.rows[0].cells[1].paragraphs[0]._p.append(run(alternate(content("框内补充"))))
    path = tmp_path / "表中框.docx"
    document.save(str(path))
    (page,) = load(path).pages
    assert page.tables == [[["整改要求", "框内补充"]]]


def test_a_box_in_a_deleted_run_is_not_read(tmp_path: Path) -> None:
    deleted = f'<w:del {DECLARED} w:id="1" w:author="a"><w:r>{alternate(content("删掉的框"))}</w:r></w:del>'
    document = docx.Document()
    document.add_paragraph("正文")._p.append(parse_xml(deleted))
    path = tmp_path / "删除.docx"
    document.save(str(path))
    assert lines(path) == ["正文"]


def test_a_document_whose_only_text_is_in_boxes_is_read_not_e035_nor_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("OCR was run")

    monkeypatch.setattr(ocr, "ocr_page", refuse)
    path = word(tmp_path / "全在框里.docx", ("", alternate(content(*NOTICE))))
    assert lines(path) == ["", *NOTICE]
    empty = word(tmp_path / "空框.docx", ("", alternate(content(""))))
    with pytest.raises(DubanError) as caught:
        load(empty)
    assert caught.value.code == "E035"


def test_text_in_boxes_is_the_documents_own_so_a_picture_beside_it_is_not_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page-sized picture (a chart, a photo) beside a notice typed in boxes is not a scan pasted
    in: the boxes' text counts as the document's own (`loaders.pictures.few_words`)."""

    def refuse(*_: object) -> None:
        raise AssertionError("OCR was run")

    monkeypatch.setattr(ocr, "ocr_page", refuse)
    path = word(tmp_path / "图文.docx", ("", alternate(content(*NOTICE, *NOTICE))))
    document = docx.Document(str(path))
    document.add_picture(str(SCAN), width=Cm(15))
    document.save(str(path))
    (page,) = load(path).pages
    assert page.extractor == "python-docx" and page.text.split("\n")[1:5] == NOTICE


NOTICE = [
    "关于做好汛前河道清障工作的通知",
    "各乡镇人民政府，县直有关单位：",
    "一、县水利局要于2026年5月31日前完成主要河道行洪障碍排查。",
    "二、各乡镇人民政府要在2026年6月15日前建立清障问题台账。",
]


def measures(path: Path) -> list[tuple[str, list[str], list[str | None]]]:
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(path)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return [
        (m["text"], sorted(u["name"] for u in m["units"]), [d.get("due") for d in m["deadlines"]])
        for m in record["measures"]
    ]


def test_extract_finds_a_measure_written_in_a_box_as_in_plain_paragraphs(tmp_path: Path) -> None:
    boxed = word(tmp_path / "框.docx", ("", alternate(content(*NOTICE))))
    plain = word(tmp_path / "段落.docx", "", *NOTICE)
    found = measures(boxed)
    assert found == measures(plain)
    assert (
        "一、县水利局要于2026年5月31日前完成主要河道行洪障碍排查。",
        ["县水利局"],
        ["2026-05-31"],
    ) in found


def test_ingest_takes_a_folder_with_a_docx_of_boxes(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    word(folder / "通知.docx", NOTICE[0], ("", alternate(content(*NOTICE[1:]))))
    (folder / "说明.txt").write_text("各单位要于2026年6月底前报送材料。", encoding="utf-8")
    report = ingest([folder], index_url=f"sqlite:///{tmp_path}/index.db", progress=False)
    assert (report.ingested, report.failures, report.skipped) == (2, [], [])
    assert report.measures >= 3
