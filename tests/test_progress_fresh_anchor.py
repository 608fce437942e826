"""Where things stand now, told after what led to it (`收到一批线索，目前这些线索已移交…`,
`督察组又向两省反馈了情况，目前各省的反馈已全部完成`): the status told from `目前` on is a
statement of its own, not the tail of the setting before it (real NR00048, NR00100, NR00181; read-outs
NM00577, NM00981). Texts written for the test."""

from __future__ import annotations

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs


def test_a_status_told_now_starts_its_own_statement(progress_rules: ProgressFinder) -> None:
    body = (
        "本台消息：省委巡视组近日完成了对五个市的巡视反馈，指出了存在的主要问题。\n"
        "巡视期间还收到反映部分干部的问题线索，目前这些线索已按规定移交省纪委有关部门处理。\n"
    )
    found = progress_pairs(progress_rules, "省委巡视反馈工作结束", body, "report")
    assert ("done", "目前这些线索已按规定移交省纪委有关部门处理") in found
