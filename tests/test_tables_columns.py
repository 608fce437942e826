"""Task tables whose rows lost cells on the way to text: merged cells printed once, blank cells
dropped, a cell wrapped onto the next line, label lines and group rows between the rows. The
column model places each row's cells in the header's columns. Texts written for these tests."""

from __future__ import annotations

import pytest

from duban.base.model import Document, RawDocument, RawPage
from duban.pipeline.extract import build_document, cached_extractors, extract_document
from duban.pipeline.table_columns import cell_type, column_role, place


def _extract(text: str) -> Document:
    raw = RawDocument("t.txt", "text", [RawPage(1, text, "text")])
    return extract_document(build_document(raw, "t"), cached_extractors(("rules",)))


def _found(text: str) -> list[tuple[str, list[str], list[str]]]:
    doc = _extract(text)
    for m in doc.measures:
        assert doc.text[m.start : m.end] == m.text
        for d in m.deadlines:
            assert d.start is None or doc.text[d.start : d.end] == d.text
    return [
        ("".join(m.text.split()), [u.name for u in m.units], [d.text for d in m.deadlines])
        for m in doc.measures
    ]


def test_a_header_cell_gets_the_role_the_measure_finder_reads_in_it() -> None:
    assert [column_role(n) for n in ["序号", "具体任务", "牵头部门", "配合单位", "完成时限", "备注"]] == [
        "number",
        "task",
        "unit",
        "unit",
        "time",
        "other",
    ]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("3", "number"),
        ("2025年9月底前", "date"),
        ("2025", "date"),
        ("长期坚持", "date"),
        ("县交通局、县公路中心", "unit"),
        ("新建社区服务中心", "text"),
        ("改造提升背街小巷12条", "text"),
    ],
)
def test_a_cell_is_typed_by_its_shape(value: str, kind: str) -> None:
    assert cell_type(value) == kind


def test_a_short_row_fills_the_columns_its_cells_fit() -> None:
    header = ["项目", "建设内容", "完成时限", "责任单位"]
    # The project cell was merged over several rows: the row starts at the task column.
    assert place(header, ["铺设雨水管道3公里", "8月底前", "县住建局"]) == [1, 2, 3]
    # A blank time cell was dropped: the unit still goes to the unit column.
    assert place(["序号", "任务", "时限", "单位"], ["2", "铺设雨水管道3公里", "县住建局"]) == [0, 1, 3]
    # A second time and unit on a line of their own fill no task column.
    assert place(header, ["2025年10月", "县城投公司"]) == [2, 3]
    # Nothing fits a date in a unit column and a name in a time column.
    assert place(["序号", "任务", "单位", "时限"], ["2025年10月", "县城投公司"]) is None


def test_rows_under_a_merged_cell_and_their_continuation_lines_keep_their_columns() -> None:
    text = (
        "关于印发县城更新重点项目清单的通知\n"
        "项目 | 建设内容 | 完成时限 | 责任单位 |\n"
        "1.排水改造工程 | 铺设城北片区雨水管道3公里; | 8月底前 | 县住建局 |\n"
        "2025年10月 | 县城投公司 | ||\n"
        "改造老旧泵站两座并接入智慧平台; | 9月底前 | 县水务公司 | |\n"
        "2.绿化提升工程 | 新增街头绿地十二处 | 11月 | 县林业局 |\n"
    )
    assert _found(text) == [
        ("铺设城北片区雨水管道3公里;", ["县住建局", "县城投公司"], ["8月底前", "2025年10月"]),
        ("改造老旧泵站两座并接入智慧平台;", ["县水务公司"], ["9月底前"]),
        ("新增街头绿地十二处", ["县林业局"], ["11月"]),
    ]


def test_a_row_whose_task_cell_wrapped_onto_the_next_line_is_one_row() -> None:
    text = (
        "关于印发燃气安全整治任务分工的通知\n"
        "序号 | 工作任务 | 责任单位 | 完成时限 |\n"
        "1 | 对全县餐饮场所燃气管道逐户检查，建立问题\n"
        "清单并限期销号 | 县应急局 | 2025年7月底前 |\n"
        "2 | 更换老化燃气软管一万条 | 县市场监管局 | 2025年9月底前 |\n"
    )
    assert _found(text) == [
        ("对全县餐饮场所燃气管道逐户检查，建立问题清单并限期销号", ["县应急局"], ["2025年7月底前"]),
        ("更换老化燃气软管一万条", ["县市场监管局"], ["2025年9月底前"]),
    ]


def test_a_tab_row_whose_task_cell_wrapped_keeps_the_table_going() -> None:
    text = (
        "关于印发燃气安全整治任务分工的通知\n"
        "序号\t工作任务\t责任单位\t完成时限\n"
        "1\t对全县餐饮场所燃气管道逐户检查，建立问题\n"
        "清单并限期销号\t县应急局\t2025年7月底前\n"
        "2\t更换老化燃气软管一万条\t县市场监管局\t2025年9月底前\n"
    )
    assert _found(text) == [
        ("对全县餐饮场所燃气管道逐户检查，建立问题清单并限期销号", ["县应急局"], ["2025年7月底前"]),
        ("更换老化燃气软管一万条", ["县市场监管局"], ["2025年9月底前"]),
    ]


def test_a_label_line_under_a_row_is_the_rows_and_the_table_goes_on_after_it() -> None:
    text = (
        "关于印发乡村治理重点任务的通知\n"
        "序号 | 工作任务 | 责任单位 |\n"
        "1 | 建成村级综合服务站二十个 | 县民政局 |\n"
        "完成时限：2025年10月底前\n"
        "2 | 完成农村户厕改造五千户 | 县农业农村局 |\n"
        "完成时限：2025年12月底前\n"
    )
    assert _found(text) == [
        ("建成村级综合服务站二十个", ["县民政局"], ["2025年10月底前"]),
        ("完成农村户厕改造五千户", ["县农业农村局"], ["2025年12月底前"]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "关于印发营商环境重点任务的通知\n"
        "序号 | 工作任务 | 责任单位 | 完成时限 |\n"
        "一、政务服务 | | | |\n"
        "1 | 推行工程建设项目审批一网通办 | 县行政审批局 | 2025年6月底前 |\n"
        "二、市场监管 |\n"
        "2 | 开展涉企违规收费专项检查 | 县市场监管局 | 2025年9月底前 |\n",
        "关于印发营商环境重点任务的通知\n"
        "序号\t工作任务\t责任单位\t完成时限\n"
        "（一）政务服务\n"
        "1\t推行工程建设项目审批一网通办\t县行政审批局\t2025年6月底前\n"
        "（二）市场监管\n"
        "2\t开展涉企违规收费专项检查\t县市场监管局\t2025年9月底前\n",
    ],
)
def test_a_group_row_between_rows_keeps_the_tables_header(text: str) -> None:
    assert _found(text) == [
        ("推行工程建设项目审批一网通办", ["县行政审批局"], ["2025年6月底前"]),
        ("开展涉企违规收费专项检查", ["县市场监管局"], ["2025年9月底前"]),
    ]


@pytest.mark.parametrize("end", [" |", ""])
def test_one_cell_a_line_rows_run_from_row_number_to_row_number(end: str) -> None:
    cells = [
        "序号", "工作任务", "责任单位", "完成时限",
        "1", "编制县域充电设施布局规划", "2025年6月底前",  # the unit cell is blank
        "2", "新建公共充电桩三百个", "县发展改革局", "2025年11月底前",
        "3", "开展充电设施安全检查", "县消防救援大队", "2025年12月底前",
    ]  # fmt: skip
    text = "关于印发充电设施建设任务的通知\n" + "".join(cell + end + "\n" for cell in cells)
    assert _found(text) == [
        ("编制县域充电设施布局规划", [], ["2025年6月底前"]),
        ("新建公共充电桩三百个", ["县发展改革局"], ["2025年11月底前"]),
        ("开展充电设施安全检查", ["县消防救援大队"], ["2025年12月底前"]),
    ]


@pytest.mark.parametrize("column", ["完成日期", "进度要求", "截止"])
def test_a_time_cell_under_a_column_name_not_known_is_still_the_rows_deadline(column: str) -> None:
    text = (
        "关于分解年度重点工作的通知\n"
        f"序号\t工作任务\t牵头单位\t{column}\n"
        "1\t完成城区雨污分流管网改造二十公里\t区住建局\t2026年10月底\n"
        "2\t建成社区养老服务站八个\t区民政局\t2026年12月底前完成\n"
    )
    found = _found(text)
    assert [deadlines for _, _, deadlines in found] == [["2026年10月底"], ["2026年12月底前"]]
    assert [units for _, units, _ in found] == [["区住建局"], ["区民政局"]]


def test_a_name_that_mentions_a_year_under_a_column_name_not_known_is_no_deadline() -> None:
    text = (
        "关于分解年度重点项目的通知\n"
        "序号\t工作任务\t项目名称\t责任单位\n"
        "1\t改造老旧小区供水管网\t西城2026年老旧小区改造工程\t区住建局\n"
        "2\t新建口袋公园三处\t东湖2026年口袋公园建设项目\t区城管局\n"
    )
    assert [deadlines for _, _, deadlines in _found(text)] == [[], []]
