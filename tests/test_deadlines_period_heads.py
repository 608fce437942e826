"""A recurrence that names what is done each period and how often (`每年召开一次`) is given both
whole and as its period alone (`每年`): the gold files list either form as the bound. Anchored
recurrences (`每月25日前`, `每年11月开展一次`, `每日下午5时前`) name their due day and stay whole."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder


@pytest.mark.parametrize(
    ("text", "spans", "period"),
    [
        ("领导小组每年召开一次全体会议。", ["每年", "每年召开一次"], "P1Y"),
        ("联席会议一般每季(两个月)召开一次。", ["每季(两个月)", "每季(两个月)召开一次"], "P3M"),
        ("各站点每两个月巡检一次。", ["每两个月", "每两个月巡检一次"], "P2M"),
        ("每半月报送一次。", ["每半月", "每半月报送一次"], "P15D"),
    ],
)
def test_a_counted_or_timed_recurrence_is_given_with_its_period(
    deadline_finder: DeadlineFinder, text: str, spans: list[str], period: str
) -> None:
    found = deadline_finder.find(text, 10, 2024)
    assert [d.text for d in found] == spans
    assert {(d.kind, d.period) for d in found} == {("recurring", period)}
    head, whole = found
    assert (head.start, head.end) == (whole.start, whole.start + len(head.text))
    assert text[head.start - 10 : head.end - 10] == head.text


@pytest.mark.parametrize(
    "text",
    [
        "各单位每月25日前报送台账。",
        "每季度末报送工作进展。",
        "督导组每天向指挥部报告。",
        "坚持一年两次集中培训。",
        "每年11月开展一次集中宣传。",
        "每季度第一个月报送一次。",
        "值班室每日下午5时前汇总上报。",
    ],
)
def test_other_recurrences_are_given_once(deadline_finder: DeadlineFinder, text: str) -> None:
    assert len(deadline_finder.find(text, 0, 2024)) == 1


def test_a_period_found_on_its_own_is_not_repeated(deadline_finder: DeadlineFinder) -> None:
    found = deadline_finder.find("每年开展体检，每年召开一次总结会。", 0, 2024)
    assert [d.text for d in found] == ["每年", "每年召开一次"]
