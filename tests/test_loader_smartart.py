"""SmartArt diagrams and charts in a .docx and a .pptx are read where they are shown.

Staff draw a work flow's steps or an org chart of who leads what as SmartArt: its text lives in
the diagram's data part (`word/diagrams/data1.xml`, `ppt/diagrams/data1.xml`), a
`dgm:dataModel` whose points (`dgm:pt`) hold `a:p` paragraphs; the drawing names that part by
`dgm:relIds r:dm`. Each point's paragraphs are lines in the data model's order, the connection
points (`parTrans`, `sibTrans`) and the layout's presentation points (`pres`) skipped. A chart
(`c:chart`) is read by its title only. The packages are made here: python-docx documents and
python-pptx-made decks of tests/fixtures/pptx, with the diagram and chart parts and their
relationships written by hand after the OOXML schema (ECMA-376 part 1, 21.4 DrawingML diagrams,
21.2 charts). The texts are our own.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from typer.testing import CliRunner

from duban.pipeline.cli import app
from duban.pipeline.loaders import load

runner = CliRunner()
EMPTY_DECK = Path(__file__).resolve().parent / "fixtures" / "pptx" / "empty.pptx"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT_DATA = "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
STEPS = ["一、各村摸排危房底数", "二、乡镇汇总审核", "三、县住建局组织复核"]


def text_body(*paragraphs: str) -> str:
    inner = "".join(
        f'<a:p><a:r><a:rPr lang="zh-CN"/><a:t>{text}</a:t></a:r></a:p>'
        if text
        else '<a:p><a:endParaRPr lang="zh-CN"/></a:p>'
        for text in paragraphs or ("",)
    )
    return f"<dgm:t><a:bodyPr/><a:lstStyle/>{inner}</dgm:t>"


def data_model(nodes: list[list[str]], transition_text: str = "") -> bytes:
    """A process diagram's data model as Word and PowerPoint write it: the document point, then
    each node followed by its parent and sibling transitions, then the layout's presentation
    points; connections in `dgm:cxnLst`. `transition_text` is written into the transitions (a
    real file leaves them empty) to show they are not read."""
    points = [f'<dgm:pt modelId="{{D0}}" type="doc"><dgm:prSet/><dgm:spPr/>{text_body()}</dgm:pt>']
    links = []
    for n, paragraphs in enumerate(nodes, start=1):
        points.append(
            f'<dgm:pt modelId="{{N{n}}}"><dgm:prSet phldrT="[文本]"/><dgm:spPr/>{text_body(*paragraphs)}</dgm:pt>'
        )
        for kind in ("parTrans", "sibTrans"):
            points.append(
                f'<dgm:pt modelId="{{{kind}{n}}}" type="{kind}" cxnId="{{X{n}}}"><dgm:prSet/><dgm:spPr/>'
                f"{text_body(transition_text)}</dgm:pt>"
            )
        links.append(
            f'<dgm:cxn modelId="{{X{n}}}" srcId="{{D0}}" destId="{{N{n}}}" srcOrd="{n - 1}" destOrd="0"'
            f' parTransId="{{parTrans{n}}}" sibTransId="{{sibTrans{n}}}"/>'
        )
    for n in range(1, len(nodes) + 1):
        points.append(
            f'<dgm:pt modelId="{{P{n}}}" type="pres"><dgm:prSet presAssocID="{{N{n}}}" presName="node"'
            f' presStyleLbl="node1" presStyleIdx="{n - 1}" presStyleCnt="{len(nodes)}"/><dgm:spPr/></dgm:pt>'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><dgm:dataModel xmlns:dgm="{DGM}" xmlns:a="{A}">'
        f"<dgm:ptLst>{''.join(points)}</dgm:ptLst><dgm:cxnLst>{''.join(links)}</dgm:cxnLst>"
        "<dgm:bg/><dgm:whole/></dgm:dataModel>"
    ).encode()


def chart_part(title: str) -> bytes:
    """A bar chart with a title and one series whose name and categories are not to be read."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><c:chartSpace xmlns:c="{C}" xmlns:a="{A}"'
        f' xmlns:r="{R}"><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>{title}</a:t>'
        '</a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea>'
        '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:ser><c:idx val="0"/><c:order val="0"/>'
        '<c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>完成户数'
        "</c:v></c:pt></c:strCache></c:strRef></c:tx><c:cat><c:strRef><c:f>Sheet1!$A$2</c:f><c:strCache>"
        '<c:ptCount val="1"/><c:pt idx="0"><c:v>城关镇</c:v></c:pt></c:strCache></c:strRef></c:cat></c:ser>'
        '<c:axId val="1"/><c:axId val="2"/></c:barChart></c:plotArea></c:chart></c:chartSpace>'
    ).encode()


def frame_graphic(kind: str, rel: str) -> str:
    if kind == "diagram":
        return (
            f'<a:graphicData uri="{DGM}"><dgm:relIds xmlns:dgm="{DGM}" r:dm="{rel}" r:lo="{rel}"'
            f' r:qs="{rel}" r:cs="{rel}"/></a:graphicData>'
        )
    return f'<a:graphicData uri="{C}"><c:chart xmlns:c="{C}" r:id="{rel}"/></a:graphicData>'


# -- Word ----------------------------------------------------------------------------------------


def word(path: Path, *items: str | tuple[str, str, bytes]) -> Path:
    """A .docx of paragraphs: a str is a paragraph; (text, kind, part) a paragraph of `text`
    showing a diagram (kind "diagram", `part` its data model) or a chart ("chart", its part)
    inline, the part added to the package and related to the document."""
    document = docx.Document()
    for number, item in enumerate(items, start=1):
        text, kind, blob = (item, "", b"") if isinstance(item, str) else item
        paragraph = document.add_paragraph(text)
        if not kind:
            continue
        name, content_type, rel_type = (
            (f"/word/diagrams/data{number}.xml", CT_DATA, RT + "diagramData")
            if kind == "diagram"
            else (f"/word/charts/chart{number}.xml", CT_CHART, RT + "chart")
        )
        part = Part(PackURI(name), content_type, blob, document.part.package)
        rel = document.part.relate_to(part, rel_type)
        paragraph._p.append(
            parse_xml(
                f'<w:r xmlns:w="{W}" xmlns:wp="{WP}" xmlns:a="{A}" xmlns:r="{R}"><w:drawing><wp:inline>'
                f'<wp:extent cx="5486400" cy="3200400"/><wp:docPr id="{number}" name="图示 {number}"/>'
                f"<a:graphic>{frame_graphic(kind, rel)}</a:graphic></wp:inline></w:drawing></w:r>"
            )
        )
    document.save(str(path))
    return path


def lines(path: Path) -> list[str]:
    return [line for page in load(path).pages for line in page.text.split("\n")]


def test_a_process_diagrams_steps_are_read_in_order_after_its_paragraph(tmp_path: Path) -> None:
    path = word(
        tmp_path / "流程.docx",
        "关于开展农村危房排查的通知",
        ("排查按以下流程进行：", "diagram", data_model([[step] for step in STEPS])),
        "各乡镇要高度重视。",
    )
    assert lines(path) == ["关于开展农村危房排查的通知", "排查按以下流程进行：", *STEPS, "各乡镇要高度重视。"]


def test_transitions_and_presentation_points_are_not_read(tmp_path: Path) -> None:
    """Real transitions are empty (no empty lines come of them); one with text is still skipped."""
    nodes = [["牵头：县民政局", "配合：各乡镇"], ["审核"], []]
    path = word(tmp_path / "组织.docx", ("", "diagram", data_model(nodes, transition_text="→")))
    assert lines(path) == ["", "牵头：县民政局", "配合：各乡镇", "审核"]


def test_a_chart_is_read_by_its_title_not_its_data(tmp_path: Path) -> None:
    path = word(tmp_path / "图表.docx", ("进度如下图：", "chart", chart_part("2026年危房改造进度")), "完")
    assert lines(path) == ["进度如下图：", "2026年危房改造进度", "完"]


def test_a_document_without_diagrams_reads_as_before(tmp_path: Path) -> None:
    path = word(tmp_path / "普通.docx", "第一段", "第二段")
    assert lines(path) == ["第一段", "第二段"]


def measures(path: Path) -> list[tuple[str, list[str], list[str | None]]]:
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(path)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return [
        (m["text"], sorted(u["name"] for u in m["units"]), [d.get("due") for d in m["deadlines"]])
        for m in record["measures"]
    ]


MEASURE = "县应急管理局要于2026年9月30日前完成防汛物资储备核查。"


def test_extract_finds_a_measure_written_in_a_smartart_node(tmp_path: Path) -> None:
    heading = "关于做好防汛物资储备工作的通知"
    diagram = word(tmp_path / "图示.docx", heading, ("", "diagram", data_model([[MEASURE]])))
    plain = word(tmp_path / "段落.docx", heading, "", MEASURE)
    found = measures(diagram)
    assert found == measures(plain)
    assert (MEASURE, ["县应急管理局"], ["2026-09-30"]) in found


# -- PowerPoint ----------------------------------------------------------------------------------


def text_shape(number: int, y: int, text: str) -> str:
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{number}" name="文本框 {number}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="457200" y="{y}"/><a:ext cx="8000000" cy="500000"/></a:xfrm></p:spPr>'
        f"<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"
    )


def frame(number: int, y: int, kind: str, rel: str) -> str:
    return (
        f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{number}" name="图示 {number}"/><p:cNvGraphicFramePr/>'
        f'<p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="457200" y="{y}"/><a:ext cx="8000000" cy="3000000"/>'
        f"</p:xfrm><a:graphic>{frame_graphic(kind, rel)}</a:graphic></p:graphicFrame>"
    )


def deck(path: Path, shapes: str, parts: dict[str, tuple[str, str, bytes]]) -> Path:
    """The empty deck of the fixtures with `shapes` on its first slide and `parts` (rel id →
    (part name, relationship type, bytes)) added and related to that slide."""
    with zipfile.ZipFile(EMPTY_DECK) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "ppt/slides/slide1.xml":
                data = data.replace(
                    b"<p:grpSpPr/></p:spTree>", b"<p:grpSpPr/>" + shapes.encode() + b"</p:spTree>"
                )
            elif info.filename == "ppt/slides/_rels/slide1.xml.rels":
                rels = "".join(
                    f'<Relationship Id="{rel}" Type="{RT}{kind}" Target="../{name.split("/", 1)[1]}"/>'
                    for rel, (name, kind, _) in parts.items()
                )
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            elif info.filename == "[Content_Types].xml":
                overrides = "".join(
                    f'<Override PartName="/{name}" ContentType="{CT_DATA if kind == "diagramData" else CT_CHART}"/>'
                    for name, kind, _ in parts.values()
                )
                data = data.replace(b"</Types>", overrides.encode() + b"</Types>")
            out.writestr(info, data)
        for name, _, blob in parts.values():
            out.writestr(name, blob)
    return path


def test_a_slides_diagram_is_one_shape_at_its_frames_place(tmp_path: Path) -> None:
    shapes = (
        text_shape(2, 4_000_000, "请各乡镇按流程推进。")
        + frame(3, 1_000_000, "diagram", "rId9")
        + text_shape(4, 300_000, "危房排查工作流程")
        + frame(5, 5_000_000, "chart", "rId10")
    )
    parts = {
        "rId9": ("ppt/diagrams/data1.xml", "diagramData", data_model([[step] for step in STEPS], "→")),
        "rId10": ("ppt/charts/chart1.xml", "chart", chart_part("各乡镇排查进度")),
    }
    path = deck(tmp_path / "流程.pptx", shapes, parts)
    assert lines(path) == ["危房排查工作流程", *STEPS, "请各乡镇按流程推进。", "各乡镇排查进度"]


def test_extract_finds_a_measure_in_a_slides_smartart(tmp_path: Path) -> None:
    shapes = text_shape(2, 300_000, "防汛物资储备工作安排") + frame(3, 1_000_000, "diagram", "rId9")
    path = deck(
        tmp_path / "安排.pptx",
        shapes,
        {"rId9": ("ppt/diagrams/data1.xml", "diagramData", data_model([[MEASURE]]))},
    )
    assert (MEASURE, ["县应急管理局"], ["2026-09-30"]) in measures(path)


def test_a_diagram_whose_data_part_is_missing_is_nothing_to_read(tmp_path: Path) -> None:
    shapes = text_shape(2, 300_000, "标题") + frame(3, 1_000_000, "diagram", "rId9")
    path = deck(tmp_path / "缺.pptx", shapes, {})
    assert lines(path) == ["标题"]
