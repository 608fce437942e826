"""Progress rules: one statement per status change, with its status and figures."""

from __future__ import annotations

import pytest

from duban.base.model import Progress
from duban.extractors.progress import ProgressFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> ProgressFinder:
    return ProgressFinder.default()


def progress(finder: ProgressFinder, body: str) -> list[Progress]:
    return finder.find(make_doc("关于重点任务落实情况的报告\n" + body))


def pairs(finder: ProgressFinder, body: str) -> list[tuple[str, str]]:
    return [(p.status, p.text) for p in progress(finder, body)]


def test_one_statement_per_status_change_with_figures(finder: ProgressFinder) -> None:
    found = progress(finder, "截至目前，共排查问题120个，已完成整改98个、正在整改22个。\n")
    assert [(p.status, p.text) for p in found] == [
        ("done", "截至目前，共排查问题120个，已完成整改98个"),
        ("in_progress", "正在整改22个"),
    ]
    assert found[0].figures == [120, 98]
    assert found[0].provenance.startswith("rule:progress.")


def test_semicolon_clauses_with_their_own_status(finder: ProgressFinder) -> None:
    body = "经督查核实，滞后的有5项，占总任务的4.2%；达序时进度的有80项，占总任务的66.7%。\n"
    assert pairs(finder, body) == [
        ("lagging", "滞后的有5项，占总任务的4.2%"),
        ("in_progress", "达序时进度的有80项，占总任务的66.7%"),
    ]


def test_lagging_wins_over_the_done_inside_it(finder: ProgressFinder) -> None:
    assert pairs(finder, "城东污水处理厂尚未完成设备安装。\n") == [
        ("lagging", "城东污水处理厂尚未完成设备安装")
    ]


def test_planned_with_a_new_date(finder: ProgressFinder) -> None:
    assert pairs(finder, "老旧小区改造已完工60个，预计10月底前全部完成。\n") == [
        ("done", "老旧小区改造已完工60个"),
        ("planned", "预计10月底前全部完成"),
    ]


def test_achievements_stated_as_figures_are_done(finder: ProgressFinder) -> None:
    assert pairs(finder, "在专项整治中，给予党纪处分3人；诫勉谈话5人；追缴资金12.5万元。\n") == [
        ("done", "在专项整治中，给予党纪处分3人；诫勉谈话5人；追缴资金12.5万元"),
    ]


def test_separate_achievements_by_different_subjects_are_separate(finder: ProgressFinder) -> None:
    body = "截至目前，20个县已出台实施细则，市本级方案已经市政府审议通过，并已印发执行。\n"
    assert pairs(finder, body) == [
        ("done", "截至目前，20个县已出台实施细则"),
        ("done", "市本级方案已经市政府审议通过，并已印发执行"),
    ]


def test_speaker_attribution_and_summary_rates_are_left_out(finder: ProgressFinder) -> None:
    body = "局长在会上说，全年新增就业岗位1200个，完成率达到105%。\n"
    assert pairs(finder, body) == [("done", "全年新增就业岗位1200个")]


def test_requirements_and_quoted_problems_are_not_progress(finder: ProgressFinder) -> None:
    body = "（一）关于“学习贯彻上级决策部署不够到位”问题的整改\n各单位要加快推进滞后项目，确保年底前完成。\n"
    assert pairs(finder, body) == []


def test_policy_documents_report_no_progress(finder: ProgressFinder) -> None:
    doc = make_doc("关于做好防汛工作的通知\n一、各区已完成隐患排查的，要及时组织复查。\n")
    assert finder.find(doc) == []


def test_the_tasks_part_of_a_report_is_not_progress(finder: ProgressFinder) -> None:
    body = (
        "一、上半年工作进展\n"
        "已完成老旧小区改造40个，正在推进20个。\n"
        "二、下半年工作打算\n"
        "新开工保障性住房500套，完成老旧小区改造60个。\n"
    )
    assert pairs(finder, body) == [("done", "已完成老旧小区改造40个"), ("in_progress", "正在推进20个")]
