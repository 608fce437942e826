"""Deadline rules: detection and normalisation, and the words and dates that are not deadlines."""

from __future__ import annotations

import pytest

from duban.base.model import Deadline
from duban.extractors.deadlines import DeadlineFinder
from duban.extractors.measures import MeasureFinder
from tests.conftest import make_doc


def one(deadline_finder: DeadlineFinder, text: str, year: int | None = 2021) -> Deadline:
    found = deadline_finder.find(text, 0, year)
    assert len(found) == 1, [d.text for d in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "span", "due"),
    [
        ("各区要于2021年6月底前完成排查。", "2021年6月底前", "2021-06-30"),
        ("务必在9月30日前报送。", "9月30日前", "2021-09-30"),
        ("确保年底前全部完成。", "年底前", "2021-12-31"),
        ("3月底前制定实施方案。", "3月底前", "2021-03-31"),
        ("二〇二二年十二月三十一日前完成验收。", "二〇二二年十二月三十一日前", "2022-12-31"),
        ("力争明年上半年建成投用。", "明年上半年", "2022-06-30"),
        ("请于2023年5月10日报送材料。", "于2023年5月10日", "2023-05-10"),
        ("2020—2022年分步实施。", "2020—2022年", "2022-12-31"),
    ],
)
def test_absolute_bounds_resolve_to_a_due_date(
    deadline_finder: DeadlineFinder, text: str, span: str, due: str
) -> None:
    found = one(deadline_finder, text)
    assert (found.text, found.due) == (span, due)
    assert found.provenance.startswith("rule:deadline.")


def test_month_bound_in_february_of_a_leap_year(deadline_finder: DeadlineFinder) -> None:
    assert one(deadline_finder, "2024年2月底前完成。").due == "2024-02-29"


@pytest.mark.parametrize(
    ("text", "span", "period"),
    [
        ("在收到通知后15个工作日内反馈意见。", "收到通知后15个工作日内", "P15D"),
        ("两个月内完成整改。", "两个月内", "P2M"),
        ("事故发生后2小时内上报。", "2小时内", "PT2H"),
        ("活动结束后10日内报送总结。", "活动结束后10日内", "P10D"),
        ("会议前一周征求议题。", "会议前一周", "P1W"),
    ],
)
def test_relative_bounds_carry_their_duration(
    deadline_finder: DeadlineFinder, text: str, span: str, period: str
) -> None:
    found = one(deadline_finder, text)
    assert (found.text, found.kind, found.period) == (span, "relative", period)


@pytest.mark.parametrize(
    ("text", "span", "period"),
    [
        ("每半年开展一次联合回访。", "每半年开展一次", "P6M"),
        ("每月25日前报送进展情况。", "每月25日前", "P1M"),
        ("每年至少组织一次专题培训。", "每年至少组织一次", "P1Y"),
        ("每季度末通报一次。", "每季度末", "P3M"),
        ("各部门于每年2月底前报送名单。", "每年2月底前", "P1Y"),
    ],
)
def test_recurrences_normalise_to_a_period(
    deadline_finder: DeadlineFinder, text: str, span: str, period: str
) -> None:
    found = one(deadline_finder, text)
    assert (found.text, found.kind, found.period) == (span, "recurring", period)


@pytest.mark.parametrize(
    ("text", "span", "kind"),
    [
        ("并在一个任期内实现全覆盖。", "一个任期内", "term"),
        ("“十四五”期间建成示范区。", "“十四五”期间", "term"),
        ("这项制度要长期坚持。", "长期坚持", "ongoing"),
        ("节假日期间要安排好值班。", "节假日期间", "term"),
    ],
)
def test_terms_and_ongoing_obligations(
    deadline_finder: DeadlineFinder, text: str, span: str, kind: str
) -> None:
    found = one(deadline_finder, text)
    assert (found.text, found.kind) == (span, kind)


def test_a_start_bound_is_found_without_a_due_date(deadline_finder: DeadlineFinder) -> None:
    found = one(deadline_finder, "从2024年起实行新的考核办法。")
    assert found.text == "从2024年起"
    assert found.due is None


@pytest.mark.parametrize(
    "text",
    [
        "发现问题要及时报告。",
        "请尽快完成整改。",
        "推动监督检查常态化。",
        "定期向社会公布。",
        "以市委2020年1号文形式印发。",
        "贯彻落实三年行动计划。",
        "2月3日起正常上班。",
        "每个人都要参加。",
    ],
)
def test_words_and_dates_that_are_not_deadlines(deadline_finder: DeadlineFinder, text: str) -> None:
    assert deadline_finder.find(text, 0, 2021) == []


def test_the_documents_own_date_is_not_a_measures_deadline() -> None:
    text = (
        "关于做好值班工作的通知\n各乡镇、各部门：\n一、各单位要加强值班值守，及时报告突发情况。\n"
        "二、各单位要落实领导带班制度，保持通信畅通。\n某某县人民政府办公室\n2021年3月1日\n"
    )
    measures = MeasureFinder.default().find(make_doc(text))
    assert measures
    assert all(m.deadlines == [] for m in measures)


def test_the_documents_year_resolves_a_bound_without_a_year() -> None:
    text = (
        "关于做好值班工作的通知\n各乡镇、各部门：\n一、各单位要于年底前完成值班制度修订。\n"
        "二、各单位要加强值班值守，及时报告突发情况。\n某某县人民政府办公室\n2021年3月1日\n"
    )
    measure = MeasureFinder.default().find(make_doc(text))[0]
    assert [(d.text, d.due) for d in measure.deadlines] == [("年底前", "2021-12-31")]


def test_a_bound_in_an_undated_notices_head_is_not_its_date() -> None:
    """A short notice without a date line: the first full date near its head is a deadline
    (`…前报送`) or a start (`自…起`), not the year `年底前` resolves against."""
    for bound in ("请于2027年1月20日前报送总结。", "本办法自2027年2月1日起施行。"):
        text = f"关于做好年终考评工作的通知\n各街道：\n一、各街道要于12月底前完成自评。\n二、{bound}\n"
        measure = MeasureFinder.default().find(make_doc(text))[0]
        assert [(d.text, d.due) for d in measure.deadlines] == [("12月底前", None)], bound
