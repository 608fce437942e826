"""A count from an event keeps its event when 的 or a bare 后 stands between them
(`之日起的3个月内`, `后的三日以内`, `于…后一年内`): read without it, only the count was found, too
short to match the bound. Every text here is written for these tests."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder
from tests.test_deadlines_counted_back import found


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("整改单位应当自收到督办函之日起的十五个工作日内书面回复。", "自收到督办函之日起的十五个工作日内"),
        ("执法机关应当在查封后的七日以内作出处理决定。", "在查封后的七日以内"),
        ("区政府于新规划施行后六个月内完成配套设施建设。", "于新规划施行后六个月内"),
        ("经营者应当在接到整改通知后的三日内停业整顿。", "接到整改通知后的三日内"),
    ],
)
def test_count_keeps_its_event_across_de_or_hou(
    deadline_finder: DeadlineFinder, text: str, span: str
) -> None:
    texts = [d.text for d in found(deadline_finder, text)]
    assert texts == [span], texts


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("如存在隐患后果严重的，三日内上报。", "三日内"),
        ("处罚金额等于违法所得后三日内缴清的，从轻。", "三日内"),
    ],
)
def test_yu_or_zai_of_a_word_opens_no_event(deadline_finder: DeadlineFinder, text: str, span: str) -> None:
    assert [d.text for d in found(deadline_finder, text)] == [span]
