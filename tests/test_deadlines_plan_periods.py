"""Five-year plan periods as terms (issue 9): the plans before the eleventh (`“九五”期间`,
`“七五”期间`, `“十五”期间`) are named as the later ones are, and bound work the same way; a
plan's own name or a comparison with its end bounds nothing.

Texts are written for the tests, modelled on shapes of 1990s State Council documents."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder


def terms(deadline_finder: DeadlineFinder, text: str) -> list[tuple[str, str]]:
    return [(d.text, d.kind) for d in deadline_finder.find(text, doc_date="1996-05-10")]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("“九五”期间，新建项目要严格控制投资规模。", "“九五”期间"),
        ("补助经费在“七五”期间逐年递减。", "“七五”期间"),
        ("水库工程已列入“十五”期间建设规划。", "“十五”期间"),
        ("九五时期要重点抓好农田水利建设。", "九五时期"),
        ("力争“八五”末基本建成。", "“八五”末"),
        ("“十四五”期间要完成改造。", "“十四五”期间"),
    ],
)
def test_a_plan_period_is_a_term(deadline_finder: DeadlineFinder, text: str, span: str) -> None:
    assert terms(deadline_finder, text) == [(span, "term")]


@pytest.mark.parametrize(
    "text",
    [
        "认真编制“九五”计划。",  # the plan's name
        "产量较“九五”末增长一倍。",  # a baseline
        "第二十五期间隔一年出版。",  # a numeral, no plan
        "共有二十五期间歇开展。",
    ],
)
def test_no_term_without_a_plan_period(deadline_finder: DeadlineFinder, text: str) -> None:
    assert terms(deadline_finder, text) == []
