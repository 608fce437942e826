"""The scan forms of issue 14 (extraction speed) give the answers of the patterns they replace.

Progress asks a group whose every branch is anchored at the start (`plan_heading`, `plan_lead`)
through a `GroupMatcher` (one `match` at the start, screened), not its joined alternation's
`search`; it reads a document with the status rules whose words the document holds (`_within`,
one scope for the document); the measure finder scans for news cues in `fast_start`'s form.
Each is checked against the plain reading on texts written for this file.
"""

from __future__ import annotations

import re

import pytest

from duban.base.model import DocKind, Document
from duban.extractors.measures import MeasureFinder
from duban.extractors.progress import _JOINED, ProgressFinder, _apart, _StatusRule
from duban.pipeline.layout import GroupMatcher
from tests.conftest import make_doc

_LINES = (
    "二、2027年工作打算",
    "（三）下一步工作安排：",
    "下一步，我们将继续加大督办力度，确保年底前全部办结。",
    "一年来，全区共完成整改事项41项，整改率达到93%。",
    "本台记者近日从市住建局获悉，老旧小区改造已开工18个。",
    "会议听取了区农业农村局关于秸秆禁烧工作的汇报。",
    "各镇街要在10月底前完成自查，并将结果报区督查室。",
    "存在问题及下步措施",
    "",
)


def test_a_matcher_says_whether_every_branch_opens_at_the_start() -> None:
    assert GroupMatcher((re.compile(r"^甲|^乙"), re.compile(r"^\s*丙"))).anchored_only
    assert not GroupMatcher((re.compile(r"^甲|乙"),)).anchored_only
    assert not GroupMatcher((re.compile(r"甲"),)).anchored_only
    assert not GroupMatcher(()).anchored_only


@pytest.fixture(scope="module")
def finder() -> ProgressFinder:
    return ProgressFinder.default(learned=False)


def test_anchored_groups_answer_as_their_joined_alternation(finder: ProgressFinder) -> None:
    anchored = [
        g
        for g in finder.combined
        if not _apart(finder.combined[g], [r for m in _JOINED.get(g, (g,)) for r in finder.rules.by_group(m)])
        and GroupMatcher(
            tuple(r.regex for m in _JOINED.get(g, (g,)) for r in finder.rules.by_group(m))
        ).anchored_only
    ]
    assert "plan_heading" in anchored  # the group the change was made for is among them
    for group in anchored:
        for line in _LINES:
            assert finder.searches[group](line) is bool(finder.combined[group].search(line)), (group, line)


class _Unnarrowed(ProgressFinder):
    """The finder asking every status rule of every paragraph (no document scope)."""

    def _within(self, paragraph: str) -> tuple[_StatusRule, ...]:
        return tuple(r for r in self.scope[0] if r.screen is None or r.screen(paragraph))


def _statements(finder: ProgressFinder, doc: Document) -> list[tuple[str, str, int, str]]:
    return [(p.status, p.text, p.start or 0, p.provenance) for p in finder.find(doc)]


@pytest.mark.parametrize("kind", ["report", "minutes", "policy"])
def test_the_document_scope_changes_no_statement(finder: ProgressFinder, kind: DocKind) -> None:
    plain = _Unnarrowed.default(learned=False)
    text = (
        "关于秸秆禁烧工作推进情况的报告\n"
        + "\n".join(_LINES[2:8])
        + "\n目前已完成验收12个，其余正在加紧施工。"
    )
    doc = make_doc(text)
    doc.meta.kind = kind
    found = _statements(finder, doc)
    assert found == _statements(plain, doc)
    assert len(finder.scope) == 1  # the document's scope is gone once it is read
    if kind == "report":
        assert found  # the reading has statements to compare


def test_news_cues_are_scanned_with_the_rules_matches() -> None:
    measures = MeasureFinder.default(learned=False)
    rules = measures.rules.by_group("news")
    assert len(measures._news_patterns) == len(rules)
    for line in _LINES:
        for text in (line, "。" + line, line + "\n" + line):
            for pattern, rule in zip(measures._news_patterns, rules, strict=True):
                assert [m.span() for m in pattern.finditer(text)] == [
                    m.span() for m in rule.regex.finditer(text)
                ]
