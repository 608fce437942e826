"""Progress shapes seen in real read-outs and reports (`corpus/real/`) that dev does not show:
a trend word that sets a task, and a meeting's decisions that carry `已…`. Texts written for the test."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs


def test_a_trend_that_ends_its_piece_is_under_way(progress_rules: ProgressFinder) -> None:
    body = "过去一年，全区加大投入力度，基层医疗服务能力进一步提升。\n"
    found = progress_pairs(progress_rules, "区政府工作报告", body, "report")
    assert [status for status, _ in found] == ["in_progress"]
    assert found[0][1].endswith("基层医疗服务能力进一步提升")


@pytest.mark.parametrize(
    "body",
    [
        "会议指出，三是进一步提高涉企审批办理效率，压缩办理时限。\n",
        "会议指出，围绕重点行业逐步建立由行业组织开展技能评价的制度。\n",
        "会议指出，各委员应持续加强自身履职能力建设，更好服务大局。\n",
    ],
)
def test_a_trend_with_its_object_after_it_sets_a_task(progress_rules: ProgressFinder, body: str) -> None:
    assert progress_pairs(progress_rules, "市政府常务会议纪要", body, "minutes") == []


def test_a_meetings_decisions_state_nothing_done(progress_rules: ProgressFinder) -> None:
    body = (
        "会议确定，在已出台一批惠企政策的基础上，进一步加大支持力度：一是对已享受减免的小微企业"
        "延长执行期限；二是将已试点的做法在全市推开。\n"
    )
    assert progress_pairs(progress_rules, "市政府常务会议纪要", body, "minutes") == []


def test_where_things_stand_after_the_decisions_is_progress_again(progress_rules: ProgressFinder) -> None:
    body = "会议决定，一是对已建成的项目开展验收。目前全市已完成验收项目12个。\n"
    assert progress_pairs(progress_rules, "市政府常务会议纪要", body, "minutes") == [
        ("done", "目前全市已完成验收项目12个"),
    ]
