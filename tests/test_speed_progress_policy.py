"""Progress reads a paragraph's statements only where a reading can use them (issue 14).

A paragraph that sets a requirement counts neither as stating progress nor as reporting work, so
the first reading (the vote on whether the document reads as a report) does not read its
statements, and asks its status cue only when a later reading needs it; in a policy-like document
the second reading skips every paragraph that is no review, which it used to read and then drop.
These tests count the readings and check that what is found stays the same (behaviour only, no
timing). Texts written for the test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from duban.extractors import progress
from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

# The compiled finder (`make compile`) calls its own methods directly: a swapped one is not seen.
swaps_methods = pytest.mark.skipif(
    not (progress.__file__ or "").endswith(".py"),
    reason="swaps ProgressFinder methods, which the compiled finder calls directly",
)

# Requirements whose goals carry status words (`完成`, `推进`): each paragraph has a status cue.
POLICY = (
    "各县要加快推进剩余项目建设，确保年底前全部完成。\n"
    "各部门要抓紧完成问题整改，按时报送整改情况。\n"
    "有关单位应当在6月底前完成验收工作。\n"
)

REPORT = (
    "截至6月底，全县12个项目已开工，3个项目正在办理前期手续。\n"
    "城南片区改造已完成验收，累计投入资金2.6亿元。\n"
    "下一步，各乡镇要加快推进剩余项目建设，确保年底前全部完成。\n"
)


@pytest.fixture
def readings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The paragraphs `ProgressFinder._read_paragraph` reads, in order, while a test runs."""
    read: list[str] = []
    original = ProgressFinder._read_paragraph

    def spy(self: ProgressFinder, text: str, start: int, end: int, *args: bool) -> list:  # type: ignore[type-arg]
        read.append(text[start:end])
        return original(self, text, start, end, *args)

    monkeypatch.setattr(ProgressFinder, "_read_paragraph", spy)
    yield read


@swaps_methods
def test_a_policys_requirements_are_not_read_for_statements(readings: list[str]) -> None:
    finder = ProgressFinder.default(learned=False)
    assert progress_pairs(finder, "关于加快项目建设的通知", POLICY, "policy") == []
    assert readings == []


@swaps_methods
def test_a_policys_requirement_cues_are_not_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    finder = ProgressFinder.default(learned=False)
    asked: list[str] = []
    original = ProgressFinder._cued

    def spy(self: ProgressFinder, text: str) -> bool:
        asked.append(text)
        return original(self, text)

    monkeypatch.setattr(ProgressFinder, "_cued", spy)
    assert progress_pairs(finder, "关于加快项目建设的通知", POLICY, "policy") == []
    assert not any("要" in text or "应当" in text for text in asked)


@swaps_methods
def test_a_reports_statements_are_still_read(readings: list[str]) -> None:
    finder = ProgressFinder.default(learned=False)
    found = progress_pairs(finder, "关于项目建设进展情况的报告", REPORT, "report")
    assert ("done", "城南片区改造已完成验收，累计投入资金2.6亿元") in found
    assert any(s == "in_progress" and "正在办理前期手续" in t for s, t in found)
    # The plan paragraph (`下一步…要…`) states nothing, as before.
    assert not any("剩余项目" in t for _, t in found)
    assert readings


def test_the_learned_finder_reads_a_report_as_before() -> None:
    finder = ProgressFinder.default()
    found = progress_pairs(finder, "关于项目建设进展情况的报告", REPORT, "report")
    assert ("done", "城南片区改造已完成验收，累计投入资金2.6亿元") in found
