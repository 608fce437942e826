"""Speed screens of issue 14 that must not change an answer: the learned prose step's bounds on
the costly features (`MeasureFinder._score`, `_passes_veto`) and progress's status rules limited
to those a paragraph's words allow (`ProgressFinder._within`, `_cued`). Texts written for the test."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from duban.extractors.measures import _COSTLY, MeasureFinder
from duban.extractors.progress import ProgressFinder
from duban.extractors.prose_model import BUCKETS, ProseModel, feature_index
from tests.conftest import make_doc

SENTENCES = (
    "各区要于2024年6月底前完成老旧小区改造任务。",
    "市财政局负责资金保障，市审计局按季度开展审计。",
    "全市社区卫生站周末照常开放，节假日安排专人值守。",
    "近年来我市经济社会发展取得显著成效。",
    "指导思想：坚持以人民为中心的发展思想。",
    "会议听取了市发改委关于重点项目推进情况的汇报。",
    "对符合条件的小微企业给予一次性补贴。",
    "存在资金拨付不及时、项目进度滞后等问题。",
)
CHEAP = (
    ["k:paragraph", "m:policy", "b1:各", "c:各区"],
    ["k:item", "m:plan", "b2:市财"],
    ["k:paragraph", "m:news", "c:全市"],
    [],
)


def _model(weights: dict[str, float], bias: float, threshold: float, veto: float = 0.0) -> ProseModel:
    array = np.zeros(BUCKETS, dtype=np.float32)
    for feature, weight in weights.items():
        array[feature_index(feature)] += weight
    return ProseModel(array, bias, threshold, veto=veto)


# Models whose costly features weigh much and in both directions, so that the bounds decide early
# and late, above and below the threshold.
MODELS = (
    _model({"g:directive": 3.0, "dl": 2.0, "u0": 1.5, "g:reject": -2.5, "g:principles": -4.0}, -1.0, 0.6),
    _model(
        {"g:directive": 1.0, "g:action": 1.0, "dl": 1.0, "k:paragraph": 0.5, "g:problem": -1.0}, -0.5, 0.5
    ),
    _model({"c:各区": 6.0, "g:nominal": -0.2, "u0": 0.3}, 0.0, 0.9),
)


@pytest.fixture(scope="module")
def rules_only() -> MeasureFinder:
    return MeasureFinder.default(learned=False)


@pytest.mark.parametrize("model", MODELS)
def test_score_is_the_full_probability_or_none_below_the_threshold(
    rules_only: MeasureFinder, model: ProseModel
) -> None:
    finder = dataclasses.replace(rules_only, model=model)
    decided = scored = 0
    for body in SENTENCES:
        for cheap in CHEAP:
            full = model.probability(cheap + finder._costly_features(body, 2024))
            score = finder._score(body, list(cheap), 2024)
            if score is None:
                assert full < model.threshold, (body, cheap)
                decided += 1
            else:
                assert score == full, (body, cheap)
                scored += 1
    assert scored  # (and the shipped-model identity run covers the rest)
    if model is MODELS[0]:
        assert decided  # the bound leaves some clauses out unscored


@pytest.mark.parametrize("model", MODELS)
def test_veto_bounds_decide_as_floor_then_logit(rules_only: MeasureFinder, model: ProseModel) -> None:
    finder = dataclasses.replace(rules_only, model=model)
    for body in SENTENCES:
        for cheap in CHEAP:
            full = model.logit(cheap + finder._costly_features(body, 2024))
            for limit in (-3.0, -1.0, -0.2, 0.0, 0.4, 1.0, 3.0, full, full + 0.01, full - 0.01):
                expected = model.floor(cheap, _COSTLY) >= limit or full >= limit
                assert finder._passes_veto(body, list(cheap), limit, 2024) is expected, (body, cheap, limit)


def test_costly_features_are_found_raising_first_groups_before_unit_and_deadline(
    rules_only: MeasureFinder,
) -> None:
    finder = dataclasses.replace(rules_only, model=MODELS[0])
    order = [names[0] for _, _, names in finder._costly_buckets]
    assert sorted(order) == sorted(_COSTLY)
    assert order[0] == "g:directive"
    assert order[-4:] == ["dl", "u0", "g:principles", "g:reject"]


def test_threshold_edges_score_every_clause_or_none(rules_only: MeasureFinder) -> None:
    body = SENTENCES[0]
    always = dataclasses.replace(rules_only, model=dataclasses.replace(MODELS[1], threshold=0.0))
    never = dataclasses.replace(rules_only, model=dataclasses.replace(MODELS[1], threshold=1.0))
    assert always._score(body, [], 2024) is not None
    assert never._score(body, [], 2024) is None
    assert math.isinf(never._cut)


PARAGRAPHS = (
    "截至目前，已完成老旧小区改造126个，完成率达到85%；正在改造的有18个，预计年底前全部完工。",
    "项目建设进度滞后，尚未开工的有3个，存在资金拨付不及时等问题，有待进一步加强。",
    "各责任单位要于9月底前完成排查整治工作，确保按期完成。",
    "督查组已全部进驻，检查工作稳步推进中，各项整改措施逐步落实。",
    "会议研究了乡村振兴工作。",
)


def _pieces(paragraph: str) -> list[str]:
    cuts = [i + 1 for i, ch in enumerate(paragraph) if ch in "，；。、"]
    bounds = [0, *cuts, len(paragraph)]
    return [paragraph[a:b] for a in bounds for b in bounds if a < b]


def test_status_rules_a_paragraph_allows_answer_as_all_of_them() -> None:
    finder = ProgressFinder.default(learned=False)
    everything = finder.scope[0]
    limited = 0
    for paragraph in PARAGRAPHS:
        allowed = finder._within(paragraph)
        limited += len(allowed) < len(everything)
        for piece in _pieces(paragraph):
            for review, report in ((False, False), (True, False), (True, True)):
                finder.scope.append(everything)
                finder.cued.clear()
                whole = (finder._cued(piece), finder._read_status(piece, review, report), finder._cue(piece))
                finder.scope[-1] = allowed
                finder.cued.clear()
                within = (finder._cued(piece), finder._read_status(piece, review, report), finder._cue(piece))
                finder.scope.pop()
                assert within == whole, (paragraph, piece)
    finder.cued.clear()
    assert limited  # some paragraph lacks the words of some status rule
    assert len(finder.scope) == 1


def test_paragraph_reading_restores_the_scope_and_clears_its_memos() -> None:
    finder = ProgressFinder.default(learned=False)
    doc = make_doc("关于老旧小区改造工作进展情况的报告\n" + "\n".join(PARAGRAPHS) + "\n")
    found = finder.find(doc)
    assert found
    assert len(finder.scope) == 1 and finder.cued == {} and finder.memo == {}
