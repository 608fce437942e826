"""Deadline shapes mined from the unlabelled real corpus (minutes, work reports, policies) that the
deadline_finder missed or misread: one test per shape, every text written here."""

from __future__ import annotations

import pytest

from duban.base.model import Deadline
from duban.extractors.deadlines import DeadlineFinder


def found(deadline_finder: DeadlineFinder, text: str) -> list[Deadline]:
    return deadline_finder.find(text, 0, None, "2024-03-01")


@pytest.mark.parametrize(
    ("text", "span", "due"),
    [
        ("各地要在三季度形成更多实物工作量。", "三季度", "2024-09-30"),
        ("力争到四季度末融资成本明显下降。", "四季度末", "2024-12-31"),
        ("新开工项目二季度全部开工。", "二季度", "2024-06-30"),
        ("于第一季度前完成摸底。", "第一季度前", "2024-03-31"),
        ("园区项目当年签约当年开工。", "当年签约当年开工", "2024-12-31"),
        ("确保重点项目当年开工、当年投产。", "当年开工、当年投产", "2024-12-31"),
    ],
)
def test_quarters_and_the_same_year_bound_the_work(
    deadline_finder: DeadlineFinder, text: str, span: str, due: str
) -> None:
    (deadline,) = found(deadline_finder, text)
    assert (deadline.text, deadline.due) == (span, due)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("今明两年新建一批粮食仓容。", "今明两年"),
        ("会议部署今后三年的改造任务。", "今后三年"),
        ("相关减免政策延长至“十四五”末。", "“十四五”末"),
    ],
)
def test_the_coming_years_and_a_plans_end_are_terms(
    deadline_finder: DeadlineFinder, text: str, span: str
) -> None:
    (deadline,) = found(deadline_finder, text)
    assert (deadline.text, deadline.kind) == (span, "term")


def test_full_width_digits_are_read_and_the_span_keeps_them(deadline_finder: DeadlineFinder) -> None:
    text = "请于２０２５年６月３０日前报送。"
    (deadline,) = found(deadline_finder, text)
    assert deadline.text == "２０２５年６月３０日前"
    assert text[deadline.start : deadline.end] == deadline.text
    assert deadline.due == "2025-06-30"


@pytest.mark.parametrize(
    "text",
    [
        "一季度已出台降费措施，在一季度已完成部署。",
        "三季度全市生产总值同比增长5%。",
        "全市经济运行逐季向好，主要指标逐月攀升。",
        "城乡低保标准提高到每人每月900元。",
        "新能源汽车占当年配备更新车辆的比例提高。",
        "落实今后三年行动计划。",
        "签约项目当年开工率超过70%。",
        "三级医院数量较“十三五”末翻了一番。",
        "接待游客恢复至2019年同期水平。",
    ],
)
def test_trends_rates_statistics_and_history_bound_nothing(
    deadline_finder: DeadlineFinder, text: str
) -> None:
    assert [d.text for d in found(deadline_finder, text)] == []


@pytest.mark.parametrize(
    ("text", "span", "due"),
    [
        ("请各单位于15日前报送自查表。", "15日前", "2024-03-15"),
        ("本月20日前完成整改。", "本月20日前", "2024-03-20"),
        ("下月5日下班前反馈意见。", "下月5日下班前", "2024-04-05"),
        ("展馆于6月完成布展。", "6月", "2024-06-30"),
        ("二期工程2025年9月建成投用。", "2025年9月", "2025-09-30"),
        ("新园区今年10月开工建设。", "今年10月", "2024-10-31"),
        ("改造任务2024年内完成。", "2024年内", "2024-12-31"),
        ("到2026年12月，将现行规章全部清理一遍。", "到2026年12月", "2026-12-31"),
        ("试点至2027年6月基本完成。", "至2027年6月", "2027-06-30"),
    ],
)
def test_days_of_the_documents_month_and_months_a_verb_binds(
    deadline_finder: DeadlineFinder, text: str, span: str, due: str
) -> None:
    (deadline,) = found(deadline_finder, text)
    assert (deadline.text, deadline.due) == (span, due)


@pytest.mark.parametrize(
    "text",
    ["验收已于6月完成。", "自查已于15日前完成。", "2020年6月开工建设的项目已投用。", "请于15日前后到场。"],
)
def test_months_and_days_told_as_done_bound_nothing(deadline_finder: DeadlineFinder, text: str) -> None:
    assert [d.text for d in found(deadline_finder, text)] == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("3月中旬起开展集中整治。", "3月中旬起"),
        ("从10月份开始逐月通报。", "从10月份开始"),
        ("从2025年秋季学期起推行新课表。", "从2025年秋季学期起"),
    ],
)
def test_a_part_of_a_month_or_a_term_starts_a_bound(
    deadline_finder: DeadlineFinder, text: str, span: str
) -> None:
    starts = [d for d in found(deadline_finder, text) if d.provenance.startswith("rule:deadline.since")]
    assert [(d.text, d.due) for d in starts] == [(span, None)]


@pytest.mark.parametrize(
    ("text", "span", "period"),
    [("指挥部每十天通报进度。", "每十天", "P10D"), ("每3天巡查一遍。", "每3天", "P3D")],
)
def test_a_count_of_days_is_a_period(
    deadline_finder: DeadlineFinder, text: str, span: str, period: str
) -> None:
    (deadline,) = found(deadline_finder, text)
    assert (deadline.text, deadline.period) == (span, period)
