"""Task tables pasted from Word or a web page as text, with TABs between the cells."""

from __future__ import annotations

from duban.base.model import Document, RawDocument, RawPage
from duban.pipeline.extract import build_document, cached_extractors, extract_document
from duban.pipeline.normalize import cell_tables, normalise, tab_row_lines
from tests.conftest import make_doc

_TABLE = (
    "关于印发城市更新重点任务分工的通知\n"
    "序号\t工作任务\t责任单位\t完成时限\n"
    "1\t完成老旧小区改造120个\t县住建局\t2026年10月底前\n"
    "2\t新建口袋公园3处\t县城管局\t\t2026年12月底前\n"
)


def _extract(text: str) -> Document:
    raw = RawDocument("t.txt", "text", [RawPage(1, text, "text")])
    return extract_document(build_document(raw, "t"), cached_extractors(("rules",)))


def _raw(doc: Document, start: int, end: int, raw: str) -> str:
    return "".join(raw[doc.original_offsets[i]] for i in range(start, end))


def test_a_tab_table_with_a_header_gives_one_measure_per_row_with_its_unit_and_deadline() -> None:
    doc = _extract(_TABLE)
    found = [
        (
            m.text,
            [u.name for u in m.units],
            [d.text for d in m.deadlines],
        )
        for m in doc.measures
    ]
    assert found == [
        ("完成老旧小区改造120个", ["县住建局"], ["2026年10月底前"]),
        ("新建口袋公园3处", ["县城管局"], ["2026年12月底前"]),
    ]
    for m in doc.measures:
        assert doc.text[m.start : m.end] == m.text
        assert _raw(doc, m.start, m.end, _TABLE) == m.text
        for u in m.units:
            assert doc.text[u.start : u.end] == u.name
        for d in m.deadlines:
            assert doc.text[d.start : d.end] == d.text


def test_tab_rows_split_into_cells_like_pipe_rows() -> None:
    doc = make_doc(_TABLE)
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [b.marker for b in rows] == ["header", "", ""]
    assert rows[1].header == ["序号", "工作任务", "责任单位", "完成时限"]
    # A run of TABs (an empty cell) separates two cells, as blank cells of a `|` row are dropped.
    assert [doc.text[s:e] for s, e in rows[2].cells] == ["2", "新建口袋公园3处", "县城管局", "2026年12月底前"]


def test_a_two_column_tab_table_is_a_table_but_a_lone_sentence_with_one_tab_is_not() -> None:
    lines = ["工作任务\t责任单位", "推进污水管网改造\t市水务局", "加快建设污水处理厂，\t确保年底前投运。"]
    assert tab_row_lines(lines) == {0, 1, 2}
    assert tab_row_lines(["会议强调，要加快建设污水处理厂，\t确保年底前投运。"]) == set()


def test_a_prose_sentence_with_one_stray_tab_is_unchanged() -> None:
    text = "会议要求，各镇街要加快推进\t人居环境整治，确保年底前完成。"
    raw = RawDocument("t.txt", "text", [RawPage(1, text, "text")])
    assert normalise(raw).text == "会议要求，各镇街要加快推进人居环境整治，确保年底前完成。"
    doc = make_doc(text)
    assert not [b for b in doc.blocks if b.kind == "table_row"]


def test_a_numbered_list_pasted_with_tabs_stays_items() -> None:
    doc = make_doc("一、\t总体要求\n二、\t重点任务\n（一）\t加快老旧小区改造。")
    assert doc.text == "一、总体要求\n二、重点任务\n（一）加快老旧小区改造。"
    assert not [b for b in doc.blocks if b.kind == "table_row"]


def test_tab_rows_are_never_joined_to_the_lines_around_them() -> None:
    text = "分工如下\n序号\t工作任务\t责任单位\n1\t建立工作台账\t市发展改革委\n请各单位抓好落实"
    raw = RawDocument("t.txt", "text", [RawPage(1, text, "text")])
    norm = normalise(raw)
    assert norm.text.split("\n") == [
        "分工如下",
        "序号\t工作任务\t责任单位",
        "1\t建立工作台账\t市发展改革委",
        "请各单位抓好落实",
    ]
    assert all(text[norm.offsets[i]] == char for i, char in enumerate(norm.text) if char != "\n")


def test_a_traditional_script_tab_table_keeps_its_rows_and_blank_lines_between_rows() -> None:
    text = "序號\t工作任務\t責任單位\t完成時限\n\n1\t推進汙水管網改造\t市水務局\t2026年9月底前\n"
    doc = _extract(text)
    assert doc.script == "traditional"
    assert [(m.text, [u.name for u in m.units], [d.text for d in m.deadlines]) for m in doc.measures] == [
        ("推進汙水管網改造", ["市水務局"], ["2026年9月底前"])
    ]


# A web page's table copied as text: one cell a line, blank lines between, no separators at all.
_CELL_TABLE = (
    "2026年县级民生项目推进表\n\n"
    "序号\n\n项目内容\n\n当前进度\n\n牵头单位\n\n"
    "1\n\n改造城区供水管网12公里。\n\n60%(两个标段尚未开工\n\n县水务局\n\n"
    "2\n\n新建社区食堂4家\n\n30%\n\n县民政局\n\n"
    "3\n\n建成全民健身中心一座。\n\n85%\n\n县文体局\n"
)


def test_a_table_printed_one_cell_a_line_gives_one_measure_per_row_with_its_unit() -> None:
    doc = _extract(_CELL_TABLE)
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [b.marker for b in rows] == ["header", "", "", ""]
    assert rows[1].header == ["序号", "项目内容", "当前进度", "牵头单位"]
    # An open bracket in a cell does not pull the next cell into it.
    assert [doc.text[s:e] for s, e in rows[1].cells] == [
        "1",
        "改造城区供水管网12公里。",
        "60%(两个标段尚未开工",
        "县水务局",
    ]
    assert [doc.text[s:e] for s, e in rows[2].cells] == ["2", "新建社区食堂4家", "30%", "县民政局"]
    found = [(m.text, [u.name for u in m.units]) for m in doc.measures]
    assert found == [
        ("改造城区供水管网12公里。", ["县水务局"]),
        ("新建社区食堂4家", ["县民政局"]),
        ("建成全民健身中心一座。", ["县文体局"]),
    ]
    for m in doc.measures:
        assert _raw(doc, m.start, m.end, _CELL_TABLE) == m.text


def test_a_table_one_cell_a_line_ends_after_its_last_row_and_needs_two_numbered_rows() -> None:
    lines = ["序号", "主要任务", "责任单位", "1", "开展道路隐患排查。", "县交通局", "2", "整治占道经营。", "县城管局",
             "二、保障措施", "各单位要加强协调配合。"]  # fmt: skip
    tables = cell_tables(lines)
    assert len(tables) == 1
    assert tables[0].header == [0, 1, 2]
    assert tables[0].rows == [[3, 4, 5], [6, 7, 8]]
    # One numbered row is not enough to call a run of short lines a table.
    assert cell_tables(["序号", "名称", "1", "某某工程"]) == []
    # A row may miss an empty cell: the next number still ends it.
    short = cell_tables(
        ["序号", "任务", "进度", "单位", "1", "修缮校舍。", "县教育局", "2", "新建公厕。", "50%", "县城管局"]
    )
    assert short[0].rows == [[4, 5, 6], [7, 8, 9, 10]]
    # A lone `序号` in prose opens nothing.
    assert cell_tables(["序号", "按照收件的先后编排。", "1", "2"]) == []
