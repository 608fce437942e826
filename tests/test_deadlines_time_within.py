"""A count that names its time before 内 (`三到五年时间内`, `两年左右时间内`) is a relative bound:
`deadline.within` reads it, where `span` leaves a count followed by 时间内 to it. Texts are written
for these tests."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder


@pytest.fixture(scope="module")
def finder() -> DeadlineFinder:
    return DeadlineFinder.default()


@pytest.mark.parametrize(
    ("text", "bound", "period"),
    [
        ("力争三到五年时间内，监管机制全面建立。", "三到五年时间内", "P5Y"),
        ("各县区要在两年左右时间内完成改造。", "在两年左右时间内", "P2Y"),
        ("三个月时间内完成排查整治。", "三个月时间内", "P3M"),
    ],
)
def test_a_count_with_its_time_before_nei_is_one_bound(
    finder: DeadlineFinder, text: str, bound: str, period: str
) -> None:
    found = finder.find(text, doc_date="2024-03-01")
    assert [(d.text, d.kind, d.period) for d in found] == [(bound, "relative", period)]


def test_a_span_without_nei_is_still_the_span_rules(finder: DeadlineFinder) -> None:
    found = finder.find("用三到五年时间基本建成产业集群。", doc_date="2024-03-01")
    assert [d.text for d in found] == ["三到五年时间"]
    assert found[0].provenance.startswith("rule:deadline.span")
