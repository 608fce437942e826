"""Page furniture and wrapped lines in real PDFs drawn at test time (see `tests.pdf_factory`).

Content repeats inside a document (a label line under every item, a category cell in every row,
a row number) and must stay; running headers, footers and page numbers must go, even when the
printer draws them before the body so that they come out first in extraction order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from duban.base.model import RawPage
from duban.pipeline.loaders.pdf import load_pdf
from duban.pipeline.loaders.pdf_layout import Line, PageDraft, lone_number, restore_hyphens, strip_furniture
from tests.pdf_factory import paragraph_pdf, text_pdf, two_font_pdf

HEADER = "（此件公开发布）"
LABEL = "牵头单位:区发改局"
# Each page ends with the label line, at a different height on each page; pages 2 and 3 also
# start with it, at the same height (the top of the body), as a running header would stand.
LABELLED = [
    [
        "关于印发重点工作任务分工的通知",
        "一、地区生产总值增长6%左右。",
        LABEL,
        "二、固定资产投资增长8%左右。",
        LABEL,
    ],
    [LABEL, "责任单位:各街道办事处", "三、社会消费品零售总额增长5%左右。", LABEL],
    [
        LABEL,
        "责任单位:区统计局",
        "四、居民收入与经济增长基本同步。",
        "责任单位:各相关单位",
        "五、城镇登记失业率控制在4%以内。",
        LABEL,
    ],
]
# A task table printed one cell a line: row numbers and amounts are lone numbers, some of them at
# the bottom of a page's body, where a page number would stand in extraction order.
CELLS = [
    ["序号", "主要工作任务", "责任单位", "1", "新建城市口袋公园2处", "市建设局", "300"],
    ["2", "改造提升农村公路40公里", "市交通局", "3000", "3"],
    ["完成农贸市场提升改造", "市商务局", "4930", "4"],
]


def _lines(path: Path) -> list[list[str]]:
    return [page.text.split("\n") for page in load_pdf(path, path.name).pages]


def _pages(path: Path) -> list[RawPage]:
    return load_pdf(path, path.name).pages


# --- content that repeats is content -----------------------------------------------------------


def test_a_label_line_repeated_in_the_body_is_kept(tmp_path: Path) -> None:
    path = text_pdf(
        tmp_path / "t.pdf", LABELLED, header=HEADER, footer=lambda n: f"- {n} -", furniture_first=True
    )
    assert _lines(path) == LABELLED


def test_a_label_line_at_the_edge_in_extraction_order_is_kept_without_furniture(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "t.pdf", LABELLED)
    assert _lines(path) == LABELLED


def test_lone_number_cells_are_kept_and_bare_page_numbers_removed(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "t.pdf", CELLS, header=HEADER, footer=str, furniture_first=True)
    assert _lines(path) == CELLS


@pytest.mark.parametrize(
    "footer",
    [
        lambda n: f"- {n} -",
        lambda n: f"第{n}页",
        str,
        lambda n: str(n + 4),
        lambda n: ["i", "ii", "iii"][n - 1],
    ],
    ids=["dashes", "di-ye", "bare", "bare-offset", "roman"],
)
def test_furniture_drawn_before_the_body_is_removed(tmp_path: Path, footer: Callable[[int], str]) -> None:
    path = text_pdf(tmp_path / "t.pdf", LABELLED, header=HEADER, footer=footer, furniture_first=True)
    text = "\n".join(page.text for page in _pages(path))
    assert HEADER not in text
    assert text.split("\n") == [line for page in LABELLED for line in page]


def test_a_lone_number_is_a_page_number_only_in_page_order() -> None:
    """Lines `7`, `12`, `30` in the bottom band follow no page order: they are content."""

    def page(number: int, last: str) -> PageDraft:
        lines = [
            Line(f"第{number}页正文第{row}行", top=100.0 + 20 * row, bottom=112.0 + 20 * row)
            for row in range(5)
        ]
        lines.append(Line(last, top=700.0, bottom=712.0))
        return PageDraft(number, lines, "pypdfium2", height=842.0, width=595.0)

    shuffled = [page(n, last) for n, last in zip((1, 2, 3), ("7", "12", "30"), strict=True)]
    ordered = [page(n, str(n + 2)) for n in (1, 2, 3)]
    strip_furniture(shuffled)
    strip_furniture(ordered)
    assert [p.lines[-1].text for p in shuffled] == ["7", "12", "30"]
    assert all(len(p.lines) == 5 for p in ordered)


def test_lone_number_values() -> None:
    assert [lone_number(t) for t in ["7", " 12 ", "iv", "XII", "Ⅲ", "ⅱ", "12a", "一"]] == [
        7,
        12,
        4,
        12,
        3,
        2,
        None,
        None,
    ]


# --- pdfium's line-end hyphen ------------------------------------------------------------------


def test_pdfium_line_end_hyphen_marker_becomes_the_hyphen_and_the_break(tmp_path: Path) -> None:
    lines = ["推荐文章,点击标题阅读", "-完-", "长按二维码识别,一键关注", "information tech-", "nology policy"]
    (page,) = _pages(text_pdf(tmp_path / "t.pdf", [lines]))
    assert "\ufffe" not in page.text
    assert page.text.split("\n") == lines


def test_restore_hyphens_in_bounded_text() -> None:
    assert restore_hyphens("-完\ufffe长按") == "-完-\n长按"
    assert restore_hyphens("tech\ufffe\r\nnology") == "tech-\nnology"
    assert restore_hyphens("无标记") == "无标记"


# --- wrapped lines -----------------------------------------------------------------------------

PARAGRAPHS = [
    "各区人民政府，市政府各部门：",
    "为贯彻落实党中央、国务院关于优化营商环境的决策部署，进一步提升政务服务效能，经市政府同意，"
    "现就做好2024年政务服务工作通知如下。",
    "一、加强组织领导",
    "各单位要把政务服务工作摆在突出位置，主要负责同志亲自抓，分管负责同志具体抓，"
    "明确责任分工，细化工作措施，确保各项任务按期完成。",
    "二、完善工作机制",
    "市政务服务数据管理局要会同有关部门建立健全工作协调机制，定期研究解决工作推进中的重大问题，"
    "每季度末前将进展情况报市政府。",
    "某某市人民政府办公室",
    "2024年3月1日",
]
SIGNATURE = PARAGRAPHS[-2:]


def test_wrapped_lines_are_joined_into_their_paragraphs(tmp_path: Path) -> None:
    path = paragraph_pdf(tmp_path / "t.pdf", PARAGRAPHS, right_aligned=SIGNATURE)
    (page,) = _pages(path)
    assert page.text.split("\n") == PARAGRAPHS


def test_a_paragraph_goes_on_over_the_page_break(tmp_path: Path) -> None:
    path = paragraph_pdf(tmp_path / "t.pdf", PARAGRAPHS, right_aligned=SIGNATURE, lines_per_page=4)
    printed = pdfium.PdfDocument(str(path))
    heads = [printed[n].get_textpage().get_text_range().splitlines()[0] for n in range(len(printed))]
    assert any(head not in PARAGRAPHS for head in heads), "some page starts inside a paragraph"
    pages = _pages(path)
    assert [line for page in pages for line in page.text.split("\n") if line] == PARAGRAPHS
    assert all(page.text.split("\n")[-1] in PARAGRAPHS for page in pages if page.text)


def test_flush_paragraphs_join_only_where_the_next_glyph_would_not_fit(tmp_path: Path) -> None:
    path = paragraph_pdf(tmp_path / "t.pdf", PARAGRAPHS[1:6], indent=0)
    (page,) = _pages(path)
    assert page.text.split("\n") == PARAGRAPHS[1:6]


def test_a_line_whose_tail_was_carried_down_with_its_punctuation_is_joined(tmp_path: Path) -> None:
    # Closing punctuation may not start a line, so the glyph before it goes down too and the line
    # above ends a glyph short of the edge; in a document that does not indent its paragraphs
    # that break was kept, and a list item's tail (`的；`) stood alone on its line.
    paragraphs = [
        "第九条 有下列情形之一的，由区市场监督管理部门责令限期改正：",
        "（一）经营者未按照规定公示收费项目和收费标准，或者公示内容与实际收费不符的；",
        "（二）经营者在醒目位置张贴的价目表字迹模糊、缺少必要信息，致使消费者无法辨认的；",
        "（三）经营者拒不配合主管部门开展监督检查，或者提供虚假材料隐瞒真实情况的。",
        "第十条 区人民政府应当统筹协调本区域内的监督管理工作，建立健全投诉举报处理机制。",
    ]
    carried = paragraph_pdf(tmp_path / "k.pdf", paragraphs, indent=0, kinsoku=True)
    printed = pdfium.PdfDocument(str(carried))[0].get_textpage().get_text_range().splitlines()
    assert "的；" in [line.strip() for line in printed], "the factory carried a glyph down"
    (page,) = _pages(carried)
    assert page.text.split("\n") == paragraphs


def test_an_item_number_is_not_taken_for_a_carried_glyph() -> None:
    from duban.pipeline.loaders.pdf_layout import lead_length

    texts = ("的；各单位", "竹：", "一、工作目标", "2025年", "监督")
    assert [lead_length(text) for text in texts] == [2, 2, 1, 4, 1]


def test_opening_punctuation_goes_down_with_what_follows_it() -> None:
    from duban.pipeline.loaders.pdf_layout import lead_length

    # An opening bracket or quote never ends a line; a quote is no break after a glyph either.
    texts = ("《条例》", "“2025年", "新“菜篮子”", "（一）工作目标", "“")
    assert [lead_length(text) for text in texts] == [2, 5, 3, 1, 1]


def test_short_lines_are_never_joined(tmp_path: Path) -> None:
    """The longest of a page of short lines ends nowhere near the right margin: nothing wrapped."""
    lines = [
        "四、各单位于2024年12月底前报送进展情况。",
        "五、市人力资源和社会保障局负责督促检查。",
        "特此通知。",
    ]
    (page,) = _pages(text_pdf(tmp_path / "t.pdf", [lines]))
    assert page.text.split("\n") == lines


def test_wrapped_pdf_normalises_like_its_text(tmp_path: Path) -> None:
    from duban.pipeline.normalize import normalise

    path = paragraph_pdf(tmp_path / "t.pdf", PARAGRAPHS, right_aligned=SIGNATURE, lines_per_page=5)
    got = normalise(load_pdf(path, path.name)).text
    assert re.sub(r"[ \t]+", "", got).split("\n") == PARAGRAPHS


# --- a Latin font beside the CJK one ------------------------------------------------------------
# Word processors set quotes and digits in the document's Latin font; LibreOffice writes a line's
# Latin glyphs as one run before its CJK glyphs, and pdfium gives them at the line's end.
QUOTED = [
    "各区县要持续深化“放管服”改革，全面推行“一网通办”和“跨省通办”，进一步压减审批时限，"
    "优化营商环境，提升群众和企业的获得感。",
    "市商务局要会同有关部门建立“菜篮子”价格监测机制，及时发布市场信息，引导商户诚信经营。",
]


def _printed(path: Path) -> list[str]:
    return [
        line.strip() for line in pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range().splitlines()
    ]


def test_quotes_in_a_latin_font_stand_where_the_page_shows_them(tmp_path: Path) -> None:
    path = two_font_pdf(tmp_path / "q.pdf", QUOTED)
    assert any(line.endswith("“ ”") for line in _printed(path)), "pdfium moved the quotes"
    (page,) = _pages(path)
    # The first paragraph's quoted line is full: once its quotes are back its wrap is joined too.
    assert page.text.split("\n") == QUOTED


def test_a_line_out_of_order_on_two_heights_is_left_as_pdfium_gives_it() -> None:
    from duban.pipeline.loaders.pdf import in_box_order

    # A raised note mark drawn after its line: not one visual line, so no order is imposed.
    text = "见附件说明1"
    boxes = [(10.0 + 12 * i, 100.0, 22.0 + 12 * i, 112.0) for i in range(5)] + [(20.0, 113.0, 25.0, 119.0)]
    assert in_box_order(text, boxes) == (text, boxes)
    boxes[-1] = (20.0, 101.0, 25.0, 111.0)  # on the line, between 见 and 附: read there
    assert in_box_order(text, boxes)[0] == "见1附件说明"


def test_digits_in_a_latin_font_keep_their_date_whole(tmp_path: Path) -> None:
    from duban.pipeline.extract import extract_file

    paragraph = "市交通运输局牵头，在2025年6月底前完成中心城区公交站台的无障碍改造，并于10月15日前报送总结。"
    path = two_font_pdf(tmp_path / "d.pdf", [paragraph], autospace=2.5)
    assert "2025" not in _printed(path)[0].split("在")[1][:8], "pdfium moved the digits"
    (page,) = _pages(path)
    assert page.text.startswith("市交通运输局牵头，在 2025 年 6 月底前完成")
    deadlines = [d for m in extract_file(path).measures for d in m.deadlines]
    assert [(d.text, d.due) for d in deadlines][:1] == [("2025 年 6 月底前", "2025-06-30")]


def test_an_opening_bracket_carried_down_with_the_glyph_after_it_is_joined(tmp_path: Path) -> None:
    # An opening bracket may not end a line, so it goes down with the glyph after it and the line
    # above ends short of the edge although it wrapped.
    head = "区人民政府应当依照有关法律法规的规定，及时组织编制本区防汛应急预案并根据"
    paragraphs = [
        "第一条 为了加强本区防汛工作，保障人民群众生命财产安全，结合本区实际，制定本办法。",
        head + "《某某省防汛条例》做好汛前准备。",
        "第三条 本办法自印发之日起施行。",
    ]
    path = two_font_pdf(tmp_path / "b.pdf", paragraphs)
    assert _printed(path)[3].startswith("《"), "the factory carried the bracket down"
    (page,) = _pages(path)
    assert page.text.split("\n") == paragraphs
