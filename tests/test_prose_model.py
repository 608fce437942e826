"""The learned prose decision (`extractors/prose_model.py`) and how the measure finder uses it.
Texts are invented for the test."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest

from duban.extractors.measures import MeasureFinder
from duban.extractors.prose_model import (
    BUCKETS,
    MODEL_PATH,
    ProseModel,
    feature_index,
    indices,
    load_prose_model,
)
from duban.extractors.training.logreg import train
from tests.conftest import make_doc

# A policy text whose last paragraph states a task with no modal or cue word the rules read.
TEXT = "关于推进社区服务的实施意见\n各社区要加快建设服务中心。\n全市社区卫生站周末照常开放，节假日安排专人值守。\n"
PLAIN = "全市社区卫生站周末照常开放，节假日安排专人值守。"


def model_favouring(feature: str, weight: float = 10.0, threshold: float = 0.5) -> ProseModel:
    weights = np.zeros(BUCKETS, dtype=np.float32)
    weights[feature_index(feature)] = weight
    return ProseModel(weights, -5.0, threshold)


@pytest.fixture(scope="module")
def rules_only() -> MeasureFinder:
    return MeasureFinder.default(learned=False)


def test_feature_index_is_stable_and_in_range() -> None:
    assert feature_index("b2:全市") == feature_index("b2:全市")
    assert 0 <= feature_index("b2:全市") < BUCKETS
    assert indices(["a", "a", "b"]) == sorted({feature_index("a"), feature_index("b")})


def test_probability_follows_the_weights() -> None:
    model = model_favouring("b2:全市")
    assert model.probability(["b2:全市"]) > 0.99
    assert model.probability(["b2:各地"]) < 0.01


def test_saved_model_loads_back(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    model_favouring("b2:全市", threshold=0.6).save(path)
    loaded = load_prose_model(path)
    assert loaded is not None
    assert loaded.threshold == pytest.approx(0.6)
    assert loaded.probability(["b2:全市"]) > 0.99


def test_missing_model_means_rules_only(tmp_path: Path) -> None:
    assert load_prose_model(tmp_path / "none.npz") is None


def test_shipped_model_is_loaded_by_default() -> None:
    assert MODEL_PATH.exists()
    model = load_prose_model()
    assert model is not None and len(model.weights) == BUCKETS
    assert MeasureFinder.default().model is model


def test_rules_skip_the_plain_sentence_and_offer_it_as_a_candidate(rules_only: MeasureFinder) -> None:
    doc = make_doc(TEXT)
    measures = rules_only.find(doc)
    assert all(PLAIN not in m.text for m in measures)
    candidates = rules_only.prose_candidates(doc, measures)
    texts = [doc.text[s:e].strip() for s, e, _ in candidates]
    assert PLAIN in texts
    features = candidates[texts.index(PLAIN)][2]
    assert "b2:全市" in features and "k:paragraph" in features


def test_a_model_that_favours_the_sentence_makes_it_a_measure(rules_only: MeasureFinder) -> None:
    finder = dataclasses.replace(rules_only, model=model_favouring("b2:全市"))
    found = [m for m in finder.find(make_doc(TEXT)) if PLAIN in m.text]
    assert len(found) == 1
    assert found[0].provenance == ["model:prose_lr.v1"]
    assert 0.5 <= found[0].confidence <= 0.75


def test_a_model_that_scores_it_low_leaves_it_out(rules_only: MeasureFinder) -> None:
    finder = dataclasses.replace(rules_only, model=model_favouring("b2:各地"))
    assert all(PLAIN not in m.text for m in finder.find(make_doc(TEXT)))


def test_rule_measures_are_unchanged_by_the_model(rules_only: MeasureFinder) -> None:
    doc_text = TEXT
    before = [(m.start, m.end) for m in rules_only.find(make_doc(doc_text))]
    finder = dataclasses.replace(rules_only, model=model_favouring("b2:全市"))
    after = [(m.start, m.end) for m in finder.find(make_doc(doc_text)) if m.provenance[0].startswith("rule:")]
    assert after == before


def test_training_separates_a_toy_problem() -> None:
    rows = [[1, 2], [1, 3], [4, 2], [4, 3]] * 5
    labels = [1, 1, 0, 0] * 5
    w, b = train(rows, labels, epochs=200)
    assert b + w[[1, 2]].sum() > 0 > b + w[[4, 2]].sum()


# The paragraph of TEXT the rules take (for its modal).
TAKEN = "各社区要加快建设服务中心。"


def vetoing(feature: str, veto: float) -> ProseModel:
    """A model that scores every clause low (bias -5) except those with `feature`, vetoing below `veto`."""
    return dataclasses.replace(model_favouring(feature, threshold=0.99), veto=veto)


def test_veto_drops_a_prose_rule_measure_the_model_scores_low(rules_only: MeasureFinder) -> None:
    assert any(TAKEN in m.text for m in rules_only.find(make_doc(TEXT)))
    finder = dataclasses.replace(rules_only, model=vetoing("b2:全市", veto=0.2))
    assert all(TAKEN not in m.text for m in finder.find(make_doc(TEXT)))


def test_veto_keeps_a_prose_rule_measure_the_model_scores_high(rules_only: MeasureFinder) -> None:
    finder = dataclasses.replace(rules_only, model=vetoing("b2:各社", veto=0.2))
    kept = [m for m in finder.find(make_doc(TEXT)) if TAKEN in m.text]
    assert len(kept) == 1 and kept[0].provenance[0].startswith("rule:")


def test_no_veto_leaves_rule_measures_alone(rules_only: MeasureFinder) -> None:
    finder = dataclasses.replace(rules_only, model=vetoing("b2:全市", veto=0.0))
    assert any(TAKEN in m.text for m in finder.find(make_doc(TEXT)))


def test_veto_never_touches_items(rules_only: MeasureFinder) -> None:
    text = "关于推进社区服务的实施意见\n一、加快建设社区服务中心（市民政局负责）\n二、完善社区卫生站布局（市卫生健康委负责）\n"
    before = [(m.start, m.end) for m in rules_only.find(make_doc(text))]
    assert before
    finder = dataclasses.replace(rules_only, model=vetoing("b2:全市", veto=0.9))
    assert [(m.start, m.end) for m in finder.find(make_doc(text))] == before


def test_veto_spares_the_enumerated_parts_of_an_item_line(rules_only: MeasureFinder) -> None:
    # An item line whose body lists its parts: the item is one measure, each part another. The
    # veto's clause there is the whole line, so its score must not drop the parts.
    text = (
        "关于推进社区服务的实施意见\n"
        "一、完善社区服务体系。各区要统筹推进社区服务工作。一是建设服务中心。各街道要加快建设社区服务中心。"
        "二是完善卫生站布局。各街道要优化社区卫生站布点。\n"
    )
    before = [(m.start, m.end) for m in rules_only.find(make_doc(text))]
    assert len(before) == 3
    finder = dataclasses.replace(rules_only, model=scoring_every_clause(0.01, 0.3, 0.45))
    assert [(m.start, m.end) for m in finder.find(make_doc(text))] == before


def test_veto_is_saved_and_loaded(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    vetoing("b2:全市", veto=0.2).save(path)
    loaded = load_prose_model(path)
    assert loaded is not None and loaded.veto == pytest.approx(0.2)


def test_floor_bounds_the_logit_from_below() -> None:
    weights = np.zeros(BUCKETS, dtype=np.float32)
    for feature, weight in (("a", 1.0), ("g:x", -2.0), ("g:y", 3.0), ("dl", -0.5)):
        weights[feature_index(feature)] = weight
    model = ProseModel(weights, 0.25, 0.5)
    more = ["g:x", "g:y", "dl"]
    floor = model.floor(["a"], more)
    assert floor == pytest.approx(0.25 + 1.0 - 2.0 - 0.5)
    for added in ([], ["g:x"], ["g:y"], ["g:x", "dl"], more):
        assert floor <= model.logit(["a", *added]) + 1e-6
    # A feature already present counts once: its weight is not taken again.
    assert model.floor(["a", "g:x"], more) == pytest.approx(0.25 + 1.0 - 2.0 - 0.5)


# A prose rule measure with a deadline (the rules take it for its modal and find its bound).
DATED_TEXT = "关于推进社区服务的实施意见\n各社区要在2026年6月底前建成服务中心。\n"
DATED = "各社区要在2026年6月底前建成服务中心。"


def test_veto_spares_a_dated_rule_measure_when_the_model_says_so(rules_only: MeasureFinder) -> None:
    taken = [m for m in rules_only.find(make_doc(DATED_TEXT)) if DATED in m.text]
    assert len(taken) == 1 and taken[0].deadlines
    vetoing_all = vetoing("b2:全市", veto=0.5)
    finder = dataclasses.replace(rules_only, model=vetoing_all)
    assert all(DATED not in m.text for m in finder.find(make_doc(DATED_TEXT)))
    sparing = dataclasses.replace(rules_only, model=dataclasses.replace(vetoing_all, spare_dated=True))
    kept = [m for m in sparing.find(make_doc(DATED_TEXT)) if DATED in m.text]
    assert len(kept) == 1 and kept[0].provenance[0].startswith("rule:")


def test_spare_dated_still_vetoes_undated_measures(rules_only: MeasureFinder) -> None:
    model = dataclasses.replace(vetoing("b2:全市", veto=0.2), spare_dated=True)
    finder = dataclasses.replace(rules_only, model=model)
    assert all(TAKEN not in m.text for m in finder.find(make_doc(TEXT)))


def test_spare_dated_is_saved_and_loaded(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    dataclasses.replace(vetoing("b2:全市", veto=0.2), spare_dated=True).save(path)
    loaded = load_prose_model(path)
    assert loaded is not None and loaded.spare_dated is True
    path2 = tmp_path / "m2.npz"
    vetoing("b2:全市", veto=0.2).save(path2)
    loaded2 = load_prose_model(path2)
    assert loaded2 is not None and loaded2.spare_dated is False


def scoring_every_clause(probability: float, veto: float, bare_veto: float) -> ProseModel:
    """A model that gives every clause the same score (its bias), adding nothing (threshold 0.99)."""
    bias = math.log(probability / (1.0 - probability))
    return ProseModel(np.zeros(BUCKETS, dtype=np.float32), bias, 0.99, veto=veto, bare_veto=bare_veto)


# Prose under headings, an enumeration and a report's plan sentence, all invented.
HEADED_TEXT = (
    "关于推进社区服务的实施意见\n一、工作要求\n各社区要加快建设服务中心。\n各街道要完善卫生站布局。\n"
    "二、保障措施\n各区要安排专项经费。\n"
)
ENUM_TEXT = (
    "关于推进社区服务的实施意见\n今年重点做好三项工作。一是要加快建设服务中心；二是要完善卫生站布局。\n"
)
REPORT_TEXT = (
    "关于社区服务工作情况的报告\n今年以来各社区服务中心运行平稳。\n下一步，各社区要加快建设服务中心。\n"
)


def test_bare_veto_drops_untitled_prose_the_lighter_veto_keeps(rules_only: MeasureFinder) -> None:
    # Scored 0.4: above the veto (0.3), below the veto under no heading (0.45).
    strict = dataclasses.replace(rules_only, model=scoring_every_clause(0.4, 0.3, 0.45))
    light = dataclasses.replace(rules_only, model=scoring_every_clause(0.4, 0.3, 0.0))
    assert all(TAKEN not in m.text for m in strict.find(make_doc(TEXT)))
    assert any(TAKEN in m.text for m in light.find(make_doc(TEXT)))


def test_bare_veto_leaves_prose_under_headings_to_the_veto(rules_only: MeasureFinder) -> None:
    before = [(m.start, m.end) for m in rules_only.find(make_doc(HEADED_TEXT))]
    prose = [m for m in rules_only.find(make_doc(HEADED_TEXT)) if m.confidence < 0.9]
    assert len(prose) == 2
    strict = dataclasses.replace(rules_only, model=scoring_every_clause(0.4, 0.3, 0.45))
    assert [(m.start, m.end) for m in strict.find(make_doc(HEADED_TEXT))] == before


def test_bare_veto_spares_enumerated_points_and_reports(rules_only: MeasureFinder) -> None:
    strict = dataclasses.replace(rules_only, model=scoring_every_clause(0.4, 0.3, 0.45))
    for text in (ENUM_TEXT, REPORT_TEXT):
        before = [(m.start, m.end) for m in rules_only.find(make_doc(text))]
        assert before
        assert [(m.start, m.end) for m in strict.find(make_doc(text))] == before
    # Below the veto itself they go as before.
    vetoing_all = dataclasses.replace(rules_only, model=scoring_every_clause(0.2, 0.3, 0.45))
    assert vetoing_all.find(make_doc(ENUM_TEXT)) == []


def test_bare_veto_is_saved_and_loaded(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    scoring_every_clause(0.4, 0.3, 0.45).save(path)
    loaded = load_prose_model(path)
    assert (
        loaded is not None and loaded.bare_veto == pytest.approx(0.45) and loaded.veto == pytest.approx(0.3)
    )
    path2 = tmp_path / "m2.npz"
    vetoing("b2:全市", veto=0.2).save(path2)
    loaded2 = load_prose_model(path2)
    assert loaded2 is not None and loaded2.bare_veto == 0.0


def test_shipped_model_has_a_stricter_veto_under_no_heading() -> None:
    model = load_prose_model()
    assert model is not None and model.bare_veto > model.veto > 0
