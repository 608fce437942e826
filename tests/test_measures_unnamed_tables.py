"""Task tables and items that the fixed cues missed: a table whose task column has a name no
column word knows, a cell table with a unit cell broken over two lines, and an item closed by its
unit marker with a box of text under it. Texts written for these tests."""

from __future__ import annotations

from duban.base.model import Document, RawDocument, RawPage
from duban.pipeline.extract import build_document, cached_extractors, extract_document


def _extract(text: str) -> Document:
    raw = RawDocument("t.txt", "text", [RawPage(1, text, "text")])
    return extract_document(build_document(raw, "t"), cached_extractors(("rules",)))


def test_a_task_table_whose_task_column_has_an_unknown_name_reads_its_longest_text_cell() -> None:
    doc = _extract(
        "某县2025年为民办实事项目安排\n"
        "序号 | 项目名称 | 责任单位 | 完成时限 | 备注\n"
        "1 | 新建城区公办托育园2所，新增托位300个 | 县卫健局 | 2025年8月底前 | 续建\n"
        "2 | 改造提升镇村公路40公里 | 县交通运输局 | 2025年11月底前 |\n"
    )
    rows = {m.text: m for m in doc.measures}
    assert set(rows) == {"新建城区公办托育园2所，新增托位300个", "改造提升镇村公路40公里"}
    first = rows["新建城区公办托育园2所，新增托位300个"]
    assert [d.text for d in first.deadlines] == ["2025年8月底前"]
    assert [u.name for u in first.units] == ["县卫健局"]


def test_a_table_without_unit_or_time_columns_assigns_no_work() -> None:
    doc = _extract(
        "某县2025年主要经济指标\n"
        "序号 | 指标名称 | 计量单位 | 目标值\n"
        "1 | 地区生产总值增速 | % | 6.5\n"
        "2 | 一般公共预算收入增速 | % | 5\n"
    )
    assert not [m for m in doc.measures if "增速" in m.text]


def test_a_cell_table_reads_on_past_a_unit_cell_broken_over_two_lines() -> None:
    cells = [
        "序号", "工作任务", "责任单位", "完成时限",
        "1", "推行涉企事项一窗通办。", "县政务服务中心", "2025年6月底前",
        "2", "开展涉企收费专项清理。", "县市场监管局\n县财政局", "持续推进",
        "3", "新建城市书房4个。", "县文旅局", "12月底前完成",
        "4", "改造老旧小区6个。", "县住建局", "2025年10月",
    ]  # fmt: skip
    doc = _extract("某县重点任务分解表\n\n" + "\n\n".join(cells) + "\n")
    rows = {m.text: m for m in doc.measures}
    assert [d.text for d in rows["开展涉企收费专项清理。"].deadlines] == ["持续推进"]
    assert [u.name for u in rows["开展涉企收费专项清理。"].units] == ["县市场监管局", "县财政局"]
    assert [d.text for d in rows["新建城市书房4个。"].deadlines] == ["12月底前"]
    assert [d.text for d in rows["改造老旧小区6个。"].deadlines] == ["2025年10月"]


_BODY = "统筹布局数据中心和边缘计算节点，推进存算一体化发展，优化算力资源调度机制，鼓励企业上云用数赋智，提升算力供给水平和服务能力。"


def test_an_item_closed_by_its_marker_leaves_the_box_under_it_a_measure_of_its_own() -> None:
    doc = _extract(
        "某省推进数字经济发展若干措施\n一、主要任务\n（一）夯实数字基础行动。\n"
        f"1﹒加快算力网络建设。{_BODY}（责任单位：省数据局、省通信管理局）\n"
        "专栏1 算力提升工程\n支持重点城市建设智能计算中心，到2027年，全省算力规模达到10万标准机架。\n"
        f"2﹒推进数据要素流通。{_BODY}（责任单位：省发展改革委）\n"
        "专栏2 数据流通工程\n建设省级数据交易平台，培育数据服务商100家。\n"
        f"（二）融合应用深化行动。\n3﹒推动制造业数字化转型。{_BODY}（责任单位：省经济和信息化厅）\n"
    )
    first = next(m for m in doc.measures if m.text.startswith("1﹒加快算力网络建设"))
    assert first.text.endswith("省通信管理局）")
    assert not first.deadlines
    box = [m for m in doc.measures if m.text.startswith("专栏1")]
    assert box and [d.text for d in box[0].deadlines] == ["到2027年"]
