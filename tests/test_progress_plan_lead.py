"""A paragraph of a report's review that turns to what comes next (`下一步，…`) is the report's own
plan: its tasks stated verb first are not work done (dev GD01, GD09; real NR00154), while an explicit
cue in it still states progress. Texts written for the test."""

from __future__ import annotations

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

_REVIEW = (
    "截至9月底，全区民生实事已完成投资5.2亿元，其中8个项目已提前完成全年任务，6个项目按序时推进。"
    "建成社区养老服务站12个，新增公办学位900个。\n"
)


def test_tasks_stated_verb_first_after_next_step_are_plans(progress_rules: ProgressFinder) -> None:
    plan = "下一步，我区将持续推进民生实事，压实主体责任。同时，开展明年民生实事项目征集工作，广泛听取群众意见。\n"
    found = progress_pairs(progress_rules, "前三季度全区民生实事进展情况", _REVIEW + plan, "report")
    assert any("已提前完成全年任务" in text for _, text in found), "the review is read"
    assert not any("征集工作" in text for _, text in found)


def test_an_explicit_cue_after_next_step_still_states(progress_rules: ProgressFinder) -> None:
    plan = "下一步，我区将加快城东污水管网建设。城东污水管网项目预计年底前完成。\n"
    found = progress_pairs(progress_rules, "前三季度全区民生实事进展情况", _REVIEW + plan, "report")
    assert any(status == "planned" and "预计年底前完成" in text for status, text in found)
