"""Problems overcome and problems that did not occur are no shortfalls (texts written for the test)."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from duban.extractors.training.mine_relay_progress_cues import governing, mine_overcoming
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> ProgressFinder:
    return ProgressFinder.default(learned=False)


def pairs(finder: ProgressFinder, title: str, body: str) -> list[tuple[str, str]]:
    doc = make_doc(title + "\n" + body)
    doc.meta.kind = "report"
    return [(p.status, p.text) for p in finder.find(doc)]


def test_pressure_withstood_and_difficulties_overcome_are_no_shortfall(finder: ProgressFinder) -> None:
    body = (
        "一、2025年工作回顾\n"
        "一年来，我们顶住经济下行压力、克服重重困难，全县地区生产总值增长6.1%。\n"
        "这一年，全镇上下攻坚克难，新建乡村道路42公里。\n"
    )
    got = pairs(finder, "某县人民政府工作报告", body)
    assert got and all(status != "lagging" for status, _ in got)
    assert any("顶住经济下行压力" in text for _, text in got)


@pytest.mark.parametrize(
    "shortfall",
    ["基层解决群众困难的办法不多", "脱贫攻坚成果巩固还存在风险问题"],
)
def test_a_shortfall_of_the_overcoming_itself_stays_lagging(finder: ProgressFinder, shortfall: str) -> None:
    body = (
        f"一、2025年工作回顾\n一年来，全县新建学校3所，改造老旧小区12个。\n我们也清醒地看到，{shortfall}。\n"
    )
    assert ("lagging", shortfall) in pairs(finder, "某县人民政府工作报告", body)


def test_a_problem_that_did_not_occur_continues_the_statement(finder: ProgressFinder) -> None:
    body = "经抽查，本月全区政务网站整体运行平稳，未出现因内容错误被通报的不合格网站。\n"
    got = pairs(finder, "关于10月份全区政务网站检查情况的通报", body)
    assert ("in_progress", "经抽查，本月全区政务网站整体运行平稳，未出现因内容错误被通报的不合格网站") in got
    assert all(status != "lagging" for status, _ in got)


def test_governing_words_are_verbs_not_followed_by_a_verb() -> None:
    assert "克服" in governing("坚决克服多重困难", "困难")
    assert "化解" in governing("防范化解各类风险隐患", "隐患")
    assert "防范" not in governing("防范化解各类风险隐患", "隐患")
    assert "攻坚" in governing("我们攻坚克难", "克难")


def _parts(review: list[str], problems: list[str]) -> tuple[list[str], list[str], list[str]]:
    return review, problems, ["克服各种困难，顶住各方压力，存在问题要解决。"]


def test_mining_overcoming_words_objects_and_existence_words() -> None:
    review = [
        "我们克服多重困难，顶住外部压力。",
        "全市克服内部困难，顶住各方压力。",
        "我们克服重重困难，顶住多重压力。",
    ]
    problems = [f"第{i}个方面存在不少困难，面临较大压力。" for i in range(16)]
    rows, mostly = mine_overcoming([_parts(review, problems)], {"困难", "压力"})
    tags = {(word, tag) for word, _, tag in rows}
    assert {("克服", "overcome"), ("顶住", "overcome"), ("困难", "object"), ("压力", "object")} <= tags
    assert ("存在", "exists") in tags
    assert mostly == set()


def test_a_shortfall_entry_mostly_overcome_is_left_out() -> None:
    review = ["我们攻坚克难，新建道路12公里。", "全县上下攻坚克难。", "各级干部攻坚克难。"]
    parts = (review, [f"第{i}方面问题比较突出。" for i in range(8)], ["攻坚重点项目。"])
    rows, mostly = mine_overcoming([parts], {"克难", "突出"})
    assert ("攻坚", 3, "overcome") in rows
    assert mostly == {"克难"}


def test_an_achievement_that_stands_out_is_done_and_a_problem_that_does_stays_lagging(
    finder: ProgressFinder,
) -> None:
    body = (
        "一、2025年工作回顾\n"
        "一年来，全县新建学校3所，改造老旧小区12个，社区养老服务成效比较突出。\n"
        "我们也清醒地看到，财政收支矛盾突出。\n"
    )
    got = pairs(finder, "某县人民政府工作报告", body)
    assert all(status != "lagging" for status, text in got if "养老" in text)
    assert any(status == "done" and "养老服务成效比较突出" in text for status, text in got)
    assert ("lagging", "财政收支矛盾突出") in got
