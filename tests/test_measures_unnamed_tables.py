"""Task tables and items that the fixed cues missed: a table whose task column has a name no
column word knows, a cell table with group rows between its rows, an item closed by its unit
marker with a box of text under it, and a clause whose only directive signal is the time bound
that opens it. Texts written for these tests."""

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


def test_a_cell_table_keeps_its_rows_after_a_group_row() -> None:
    cells = [
        "序号", "工作任务", "责任单位", "完成时限",
        "一、优化营商环境",
        "1", "推行涉企事项一窗通办。", "县政务服务中心", "2025年6月底前",
        "2", "开展涉企收费专项清理。", "县市场监管局", "持续推进",
        "二、保障改善民生",
        "3", "新建城市书房4个。", "县文旅局", "12月底前完成",
    ]  # fmt: skip
    doc = _extract("某县重点任务分解表\n\n" + "\n\n".join(cells) + "\n")
    rows = {m.text: [d.text for d in m.deadlines] for m in doc.measures}
    assert rows.get("新建城市书房4个。") == ["12月底前"], rows
    assert rows.get("推行涉企事项一窗通办。") == ["2025年6月底前"], rows


def test_an_item_closed_by_its_marker_leaves_the_box_under_it_a_measure_of_its_own() -> None:
    doc = _extract(
        "某省推进数字经济发展若干措施\n"
        "一、夯实数字基础\n"
        "1.加快算力网络建设。统筹布局数据中心，推进存算一体化发展，提升算力供给水平。（责任单位：省数据局、省通信管理局）\n"
        "专栏1 算力提升工程\n"
        "支持重点城市建设智能计算中心，到2027年，全省算力规模达到10万标准机架。\n"
        "2.推进数据要素流通。建设数据交易平台，培育数据服务商。（责任单位：省发展改革委）\n"
    )
    texts = [m.text for m in doc.measures]
    assert any(t.startswith("1.加快算力网络建设") and t.endswith("省通信管理局）") for t in texts), texts
    box = [m for m in doc.measures if m.text.startswith("专栏1")]
    assert box and [d.text for d in box[0].deadlines] == ["到2027年"]


def test_a_clause_opened_by_any_bound_the_finder_reads_then_its_action_is_a_task() -> None:
    doc = _extract(
        "某市政府常务会议纪要\n"
        "2025年3月6日，市长主持召开市政府常务会议。\n"
        "为降低物流成本，会议确定，一是对冷链物流企业的仓储用地减半征收城镇土地使用税。"
        "二是今年底前，实现货车年审和排放检验一次办结。"
        "三是在第三季度，将城市配送车辆通行费减免一成，对配送企业给予运营补贴。\n"
        "会议决定，从5月1日起，将小微企业开办费用降至零。\n"
    )
    texts = {m.text: [d.text for d in m.deadlines] for m in doc.measures}
    assert texts.get("二是今年底前，实现货车年审和排放检验一次办结。") == ["今年底前"], texts
    assert any(t.startswith("三是在第三季度") for t in texts), texts
    assert any(t.startswith("会议决定，从5月1日起") for t in texts), texts


def test_a_target_year_or_past_years_open_no_task() -> None:
    doc = _extract(
        "某市政府常务会议纪要\n"
        "2025年3月6日，市长主持召开市政府常务会议。\n"
        "会议听取了冷链物流发展情况汇报。2019年至2023年，累计完成冷库建设20万吨。"
        "到2030年，冷链物流体系基本建成，冷链服务能力显著提升。\n"
    )
    assert not [m for m in doc.measures if "冷库" in m.text or "2030" in m.text]
