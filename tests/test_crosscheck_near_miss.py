"""A follower that names nothing, linked to the candidate that stands clear of its others.

Its candidates all fall short of the content thresholds when it restates its directive in its own
words; the one spoken of in several sentences, by twice the evidence of any other, is kept. A
follower dated in the year its candidate's title names needs less, and an older notice on the same
topic does not stand in its way: the year is what tells them apart.

Every document here is written for these tests.
"""

from __future__ import annotations

import pytest

from duban.pipeline.crosscheck import find_links
from duban.pipeline.crosscheck_content import (
    NEAR_SCORE,
    NEAR_SCORE_DATED,
    ContentMatch,
    Passage,
    clear_best,
)
from duban.pipeline.crosscheck_dates import in_named_year, named_years
from tests.conftest import record


def match(directive: str, sentences: int, score: float, text: bool = True) -> ContentMatch:
    """A sentence match; with `text`, a shared run of text among its evidence, else a deadline field's."""
    passages = (Passage(0, 10, 22, 12 if text else 8, score / 2),)
    return ContentMatch(directive, score, passages, sentences, ("9月底", "12月底"))


def test_the_candidate_that_stands_clear_is_kept() -> None:
    best = clear_best([match("B", 1, 3.0), match("A", 3, 9.5)])
    assert best is not None and best.directive == "A"


@pytest.mark.parametrize(
    "near",
    [
        [match("A", 3, 9.5), match("B", 2, 6.0)],  # not twice the runner-up
        [match("A", 1, 12.0)],  # one sentence only
        [match("A", 2, NEAR_SCORE - 0.5)],  # too little evidence
        [match("A", 3, 12.0, text=False)],  # deadline fields only (`完成时限：…9月底前`)
        [],
    ],
)
def test_a_tie_or_thin_evidence_links_nothing(near: list[ContentMatch]) -> None:
    assert clear_best(near) is None


def test_a_candidate_for_the_followers_year_needs_less_and_says_so() -> None:
    near = [match("OLD", 1, 5.0), match("NEW", 2, NEAR_SCORE_DATED + 0.5)]
    assert clear_best(near) is None
    best = clear_best(near, {"NEW": 2024})
    assert best is not None and best.directive == "NEW"
    assert "2024年" in best.facts


def test_another_candidate_for_the_same_year_still_has_to_be_outscored() -> None:
    near = [match("OLD", 1, 5.0), match("NEW", 2, NEAR_SCORE_DATED + 0.5)]
    assert clear_best(near, {"NEW": 2024, "OLD": 2024}) is None


def test_the_year_does_not_lift_a_candidate_that_is_not_the_best() -> None:
    near = [match("OLD", 2, 6.8), match("NEW", 2, 6.5)]
    assert clear_best(near, {"NEW": 2024}) is None


@pytest.mark.parametrize(
    ("title", "years"),
    [
        ("东岚省人民政府办公厅关于2024年部分节假日安排的通知", {2024}),
        ("青禾县2023年度秸秆禁烧工作要点", {2023}),
        ("云岭县养老服务体系建设2024—2026年行动方案", {2024, 2025, 2026}),
        ("青禾县政府2024年3月5日常务会议纪要", set()),
        ("关于加强城乡供水一体化建设的意见", set()),
    ],
)
def test_the_years_a_title_is_for(title: str, years: set[int]) -> None:
    assert named_years(title) == years


HOLIDAYS = (
    "东岚省人民政府办公厅关于2024年部分节假日安排的通知\n"
    "各市、县人民政府，省政府各部门：\n"
    "清明节：4月4日至6日放假调休，共3天。\n"
    "东岚省人民政府办公厅\n"
    "2023年11月20日\n"
)


def notice(date: str) -> str:
    return f"青禾学院关于清明节放假的通知\n发布时间：{date}\n院属各部门：\n清明节放假三天，请做好值班安排。\n"


def test_a_follower_dated_in_the_named_year_is_in_it_and_one_of_another_year_is_not() -> None:
    directive = record(HOLIDAYS, "D")
    assert in_named_year(directive, record(notice("2024-03-28"), "F")) == 2024
    assert in_named_year(directive, record(notice("2019-03-28"), "F")) is None


def schedule(year: int, issued: str, dragon_boat: str) -> str:
    """A provincial holiday schedule for `year`; the one of another year differs in a line only."""
    return (
        f"东岚省人民政府办公厅关于{year}年部分节假日安排的通知\n各市、县人民政府，省政府各部门：\n"
        "经国务院批准，现将节假日安排通知如下。\n"
        "一、清明节：4月4日至6日放假调休，共3天。\n"
        "二、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）上班。\n"
        f"三、端午节：{dragon_boat}放假，与周末连休。\n"
        "节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，"
        "要按规定及时报告并妥善处置。\n"
        f"东岚省人民政府办公厅\n{issued}\n"
    )


def college_notice(date: str) -> str:
    """A notice that restates two lines of a schedule in its own words and names no document."""
    return (
        f"青禾学院关于清明节和劳动节放假的通知\n发布时间：{date}\n院属各部门：\n"
        "根据上级通知精神，结合我院实际，清明节4月4日至6日放假调休，共3天；"
        "劳动节5月1日至5日放假调休，共5天。\n"
    )


@pytest.mark.parametrize(("date", "linked"), [("2024-03-28", ["NEW"]), ("2025-03-28", [])])
def test_a_notice_is_linked_to_the_schedule_for_its_year_not_to_the_older_look_alike(
    date: str, linked: list[str]
) -> None:
    records = [
        record(schedule(2024, "2023年11月20日", "6月10日"), "NEW"),
        record(schedule(2018, "2017年11月30日", "6月18日"), "OLD"),
        record(college_notice(date), "F"),
    ]
    links = [link for link in find_links(records) if link.resolved]
    assert [str(link.directive.doc_id) for link in links] == linked
    for link in links:
        assert link.via == "content" and link.content is not None
        assert "2024年" in link.content.facts
