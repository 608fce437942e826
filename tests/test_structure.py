from __future__ import annotations

from duban.pipeline.structure import has_children, match_marker
from tests.conftest import make_doc

DOC = """关于加强基层治理的实施意见
一、总体目标
到2027年，基层治理体系基本完善，治理能力明显提升，群众满意度持续提高。
二、重点任务
（一）健全基层组织体系。
1.加强村（社区）党组织建设，每年开展一次软弱涣散党组织排查整顿。（牵头单位：市委组织部）
2.完善村（居）民自治制度，规范村（居）民议事程序。（牵头单位：市民政局；配合单位：各区人民政府）
（二）提升服务能力。各区要建设标准化便民服务中心。
第三条 各级党委（党组）负责本地区基层治理工作。
★建立问题清单；
● 开展专项督查。
"""


def test_markers_and_levels() -> None:
    assert match_marker("一、总体目标") == ("一、", 3)
    assert match_marker("（二）提升服务能力") == ("（二）", 4)
    assert match_marker("1.加强建设") == ("1.", 5)
    assert match_marker("（3）细化") == ("（3）", 6)
    assert match_marker("①第一项") == ("①", 7)
    assert match_marker("第三条 各级") == ("第三条", 3)  # an article holds its （一） items
    assert match_marker("★建立") == ("★", 8)
    assert match_marker("2021年起") is None
    assert match_marker("3.5亿元") is None


def test_blocks_headings_items_and_sections() -> None:
    doc = make_doc(DOC)
    kinds = [(b.kind, doc.text[b.start : b.end][:6]) for b in doc.blocks]
    assert ("heading", "一、总体目标") in kinds
    items = [b for b in doc.blocks if b.kind == "item" and b.marker == "1."]
    assert len(items) == 1
    first = items[0]
    assert first.section == ["二、重点任务"[2:], "健全基层组织体系"]


def test_parent_items_have_children() -> None:
    doc = make_doc(DOC)
    index = next(i for i, b in enumerate(doc.blocks) if b.marker == "（一）")
    assert has_children(doc.blocks, index)
    leaf = next(i for i, b in enumerate(doc.blocks) if b.marker == "1.")
    assert not has_children(doc.blocks, leaf)


def test_sentences_split_on_chinese_terminals() -> None:
    doc = make_doc("各区要建设便民服务中心；各部门要配合。确保年底前完成！")
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    assert texts == ["各区要建设便民服务中心；", "各部门要配合。", "确保年底前完成！"]


def test_flattened_table_cells_become_rows_with_header() -> None:
    text = "序号 |\n重点工作 |\n责任单位 |\n完成时限 |\n1 |\n推进污水管网改造。 |\n市水务局 |\n年底前 |\n"
    doc = make_doc(text)
    rows = [b for b in doc.blocks if b.kind == "table_row" and b.marker != "header"]
    assert len(rows) == 1
    assert rows[0].header == ["序号", "重点工作", "责任单位", "完成时限"]
    assert [doc.text[s:e] for s, e in rows[0].cells] == ["1", "推进污水管网改造。", "市水务局", "年底前"]


def test_pipe_rows_from_pdf_tables_get_the_header() -> None:
    text = "序号 | 工作任务 | 牵头单位 | 完成时限\n1 | 建立台账 | 市发展改革委 | 2026年6月底前"
    doc = make_doc(text)
    row = [b for b in doc.blocks if b.kind == "table_row"][-1]
    assert row.header == ["序号", "工作任务", "牵头单位", "完成时限"]


def test_a_chinese_numbered_heading_may_start_with_a_year() -> None:
    assert match_marker("一、2023 年工作回顾") == ("一、", 3)
