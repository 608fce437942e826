"""`ProgressFinder._has` asks each group afresh (issue 9, speed): its answers must be those of the
group's rules read one by one, and asking keeps nothing in the document memo, which holds only
paragraph and status readings. Texts written for the test."""

from __future__ import annotations

import pytest

from duban.extractors.progress import _JOINED, ProgressFinder

TEXTS = (
    "截至目前，已完成老旧小区改造126个，完成率达到85%。",
    "各责任单位要于9月底前完成排查整治工作。",
    "请市财政局会同市审计局抓紧研究提出意见。",
    "项目建设进度滞后，尚未开工的有3个。",
    "会议听取了市发改委关于重点项目推进情况的汇报。",
    "扎实推进老旧小区改造",
    "",
    "二〇二六年工作计划",
)


@pytest.fixture(scope="module")
def finder() -> ProgressFinder:
    return ProgressFinder.default(learned=False)


def _rules_say(finder: ProgressFinder, group: str, text: str) -> bool:
    """Whether any rule of `group` (or of the groups joined under its name) matches, rule by rule."""
    members = _JOINED.get(group, (group,))
    return any(rule.regex.search(text) for g in members for rule in finder.rules.by_group(g))


def test_has_answers_as_the_rules_read_one_by_one(finder: ProgressFinder) -> None:
    groups = [g for g in finder.searches if g in finder.rules.groups or g in _JOINED]
    assert "status" in groups and "requirement" in groups
    answers = {(g, t): finder._has(g, t) for g in groups for t in TEXTS}
    assert any(answers.values()) and not all(answers.values())
    for (group, text), found in answers.items():
        assert found is _rules_say(finder, group, text), (group, text)


def test_has_keeps_nothing_in_the_document_memo(finder: ProgressFinder) -> None:
    finder.memo.clear()
    assert finder._has("status", TEXTS[0]) is True
    assert finder._has("status", TEXTS[0]) is True
    assert finder._has("status", TEXTS[5]) is False
    assert finder.memo == {}
