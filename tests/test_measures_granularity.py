"""How much text one measure takes: a `；` clause that opens with its own action is a measure of its
own, governed by the requirement that opens its sentence (spec: `要…；要…` clauses that each
prescribe their own action are one measure each). The rules are tested alone: whether the learned
prose model keeps each clause is its own decision. Texts written for these tests."""

from __future__ import annotations

import pytest

from duban.base.model import RawDocument, RawPage
from duban.extractors.measures import MeasureFinder
from duban.pipeline.extract import build_document

_HEAD = "关于做好城区环境整治工作的通知\n各街道办事处，区直各部门：\n为改善城区环境，现就有关事项通知如下。\n"


@pytest.fixture(scope="module")
def finder() -> MeasureFinder:
    return MeasureFinder.default(learned=False)


def _measures(finder: MeasureFinder, body: str) -> list[str]:
    raw = RawDocument("t.txt", "text", [RawPage(1, _HEAD + body + "\n", "text")])
    return [m.text for m in finder.find(build_document(raw, "t"))]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "各街道要加强垃圾分类宣传，提高居民参与率；",
            "严格落实分类投放点巡查制度，及时纠正混投行为。",
        ),
        (
            "区城管局要牵头开展占道经营专项整治，建立问题清单；",
            "加快推进农贸市场周边秩序治理，做到整改一处销号一处。",
        ),
    ],
)
def test_a_clause_that_opens_with_its_own_action_after_a_requirement_is_its_own_measure(
    finder: MeasureFinder, first: str, second: str
) -> None:
    assert _measures(finder, first + second) == [first, second]


def test_a_clause_with_only_objects_of_the_first_action_stays_in_its_measure(finder: MeasureFinder) -> None:
    # The second clause names more objects of the first one's action, it prescribes nothing itself.
    sentence = "各街道要全面清理楼道堆物、屋顶违建；背街小巷的乱贴乱画和破损路面。"
    assert _measures(finder, sentence) == [sentence]


def test_a_clause_cut_by_a_line_break_is_not_split_off(finder: MeasureFinder) -> None:
    # A line broken inside a word (`…包户走访` / `制度。`) ends the sentence there: what follows the
    # `；` is no whole clause, and stays with the requirement before it.
    whole = "各街道要建立包片责任制，明确责任人；健全社区干部定期谈话提醒和包户走访制度。"
    cut = "各街道要建立包片责任制，明确责任人；健全社区干部定期谈话提醒和包户走访"
    assert len(finder._clauses(whole, 0, len(whole))) == 2
    assert finder._clauses(cut, 0, len(cut)) == [(0, len(cut))]


def test_in_a_report_the_clause_is_governed_by_the_requirement_that_opens_its_sentence(
    finder: MeasureFinder,
) -> None:
    # A report's account reads only requirements said with a modal; the clause after `；` has none
    # of its own, and is one by the `要` of its sentence's first measure.
    head = "关于城区环境整治工作进展情况的报告\n区政府：\n今年以来，各街道完成整治点位120个。\n"
    first = "各街道要巩固整治成果，防止问题反弹；"
    second = "严格落实门前三包责任制，定期开展联合检查。"
    raw = RawDocument("t.txt", "text", [RawPage(1, head + first + second + "\n", "text")])
    doc = build_document(raw, "t")
    assert doc.meta.kind == "report"
    assert [m.text for m in finder.find(doc)] == [first, second]
