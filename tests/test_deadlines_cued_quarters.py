"""A target cue makes a quarter a bound as 在 does (`力争二季度发行完毕`), the first quarters too
(`力争前三季度完成全年投资任务` → the third quarter's end); a plan named as a noun cues nothing."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder


@pytest.mark.parametrize(
    ("text", "span", "due"),
    [
        ("新增额度要抓紧发行，力争二季度发行完毕。", "二季度", "2024-06-30"),
        ("确保一季度实现开门红。", "一季度", "2024-03-31"),
        ("力争前三季度完成全年投资任务。", "前三季度", "2024-09-30"),
        ("计划二季度开工建设。", "二季度", "2024-06-30"),
    ],
)
def test_a_cued_quarter_is_a_bound(deadline_finder: DeadlineFinder, text: str, span: str, due: str) -> None:
    found = deadline_finder.find(text, 0, None, "2024-01-10")
    assert [(d.text, d.kind, d.due) for d in found] == [(span, "absolute", due)]


@pytest.mark.parametrize(
    "text",
    ["审议关于年度计划一季度执行情况的报告。", "前三季度完成投资120亿元。", "一季度全市生产总值增长5%。"],
)
def test_a_quarter_without_a_cue_or_completion_is_none(deadline_finder: DeadlineFinder, text: str) -> None:
    assert deadline_finder.find(text, 0, None, "2024-01-10") == []
