"""Progress cues (pg5): figures of work done given as approximate counts (`1200多万元`, `30余场`)
and by the verbs of meetings and decisions (`召开…3次`), and `正` before an adverb of pace
(`正逐项整改`). Texts written for the test."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs


@pytest.mark.parametrize(
    "clause",
    ["追缴违规资金1200多万元", "组织开展专项检查30余场", "召开专题协调会议3次", "走访企业200多家"],
)
def test_figures_of_work_done_also_approximate_and_of_meetings(
    progress_rules: ProgressFinder, clause: str
) -> None:
    body = f"今年以来，我们{clause}。\n"
    found = progress_pairs(progress_rules, "区政府工作报告", body, "report")
    assert [status for status, text in found if text.endswith(clause)] == ["done"]


def test_an_approximate_target_is_still_no_figure_achieved(progress_rules: ProgressFinder) -> None:
    body = "今年将新增市场主体3000多家以上，各部门要抓紧落实。\n"
    assert progress_pairs(progress_rules, "区政府工作报告", body, "report") == []


def test_zheng_before_an_adverb_of_pace_is_under_way(progress_rules: ProgressFinder) -> None:
    body = "目前，问题清单已全部建立，有关部门正逐项整改销号。\n"
    found = progress_pairs(progress_rules, "整改情况通报", body, "report")
    assert ("in_progress", "有关部门正逐项整改销号") in found


def test_zhenzheng_is_no_work_under_way(progress_rules: ProgressFinder) -> None:
    body = "会议强调，审批服务要真正加快，让企业少跑腿。\n"
    assert progress_pairs(progress_rules, "常务会议纪要", body, "minutes") == []
