"""A bound that 的 turns into a modifier of a noun bounds no work: an ongoing word used as an
adjective, a length that sorts people or things, a year compared with. A period, a bound before an
event and a set length keep their 的 and stay bounds. Every text is written here."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder


def found(deadline_finder: DeadlineFinder, text: str) -> list[str]:
    return [d.text for d in deadline_finder.find(text, 0, None, "2024-03-01")]


@pytest.mark.parametrize(
    "text",
    [
        "要把廉洁纪律作为长期有效的硬约束。",
        "这是我们必须长期坚持的基本方针。",
        "保持久久为功的韧劲，一年接着一年干。",
        "对离法定退休年龄三年以内的职工，可以申请提前离岗。",
    ],
)
def test_a_bound_made_a_modifier_bounds_no_work(deadline_finder: DeadlineFinder, text: str) -> None:
    assert found(deadline_finder, text) == []


def test_a_year_compared_with_bounds_no_work(deadline_finder: DeadlineFinder) -> None:
    """Without the document's date the year is not dropped as history: only its 的 tells."""
    assert deadline_finder.find("客运量恢复到2019年的九成。", 0, None, None) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("组织开展为期三个月的安全排查。", "为期三个月"),
        ("要加大春节前的欠薪清查力度。", "春节前"),
        ("整治工作要长期坚持，不得松懈。", "长期坚持"),
        ("各单位要在5个工作日内反馈意见。", "在5个工作日内"),
    ],
)
def test_a_bound_on_work_keeps_its_place(deadline_finder: DeadlineFinder, text: str, span: str) -> None:
    assert found(deadline_finder, text) == [span]
