"""The learned unit decision (`extractors/unit_model.py`): the veto of rule units, what it spares,
and the names the model is trained on.

Sentences are written for the test. The veto is tested with models built here (every score high or
low), so the tests say what the finder does with a score, not what the shipped weights learned.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from duban.extractors.prose_model import BUCKETS, ProseModel
from duban.extractors.unit_model import MODEL_PATH, load_unit_model
from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


def _scoring(unit_finder: UnitFinder, bias: float, veto: float = 0.5) -> UnitFinder:
    """The finder with a model that gives every name the same score (the logistic of `bias`)."""
    return replace(unit_finder, model=ProseModel(np.zeros(BUCKETS, dtype=np.float32), bias, 1.0, veto=veto))


def test_a_rule_unit_the_model_scores_low_is_vetoed(unit_finder: UnitFinder) -> None:
    low = _scoring(unit_finder, bias=-10.0)
    assert unit_names(low, "县水利局优化好审批流程。") == []
    assert [u.name for u in low.find("县水利局优化好审批流程。", learned=False)] == ["县水利局"]


def test_a_rule_unit_the_model_scores_high_is_kept(unit_finder: UnitFinder) -> None:
    high = _scoring(unit_finder, bias=10.0)
    assert unit_names(high, "县水利局优化好审批流程。") == ["县水利局"]
    assert sorted(unit_names(high, "会议决定，县商务局会同县市场监管局开展专项检查。")) == [
        "县商务局",
        "县市场监管局",
    ]


def test_a_subject_before_a_modal_and_a_role_holder_are_spared(unit_finder: UnitFinder) -> None:
    low = _scoring(unit_finder, bias=-10.0)
    assert unit_names(low, "各乡镇要于6月底前完成排查。") == ["各乡镇"]
    assert unit_names(low, "县农业农村局和县林业局负责监测。") == ["县农业农村局", "县林业局"]
    assert unit_names(low, "承担应急保障职能的有关部门，要备足抢险物资。") == ["承担应急保障职能的有关部门"]
    assert unit_names(low, "分管领导亲自督办。") == ["分管领导"]


def test_a_unit_a_marker_names_is_never_vetoed(unit_finder: UnitFinder) -> None:
    low = _scoring(unit_finder, bias=-10.0)
    assert unit_names(low, "巡查工作由县水利局牵头开展。") == ["县水利局"]
    assert "县财政局" in unit_names(low, "会议决定，县商务局会同县财政局开展专项检查。")


def test_a_subject_that_bears_a_ban_or_a_power_is_spared(unit_finder: UnitFinder) -> None:
    low = _scoring(unit_finder, bias=-10.0)
    assert unit_names(low, "县物业协会及其工作人员不得收取费用。") == ["县物业协会及其工作人员"]
    assert unit_names(low, "县人大各专门委员会可以提出议案。") == ["县人大各专门委员会"]


def test_no_veto_when_the_model_has_none(unit_finder: UnitFinder) -> None:
    assert unit_names(_scoring(unit_finder, bias=-10.0, veto=0.0), "县水利局优化好审批流程。") == ["县水利局"]


def test_a_carried_subject_is_read_by_the_rules_alone(unit_finder: UnitFinder) -> None:
    low = _scoring(unit_finder, bias=-10.0)
    carried = low.carried("县水利局优化好审批流程；", 12)
    assert [u.name for u in carried] == ["县水利局"]


def test_names_at_openings_and_after_doer_cues_are_read_with_their_signs(unit_finder: UnitFinder) -> None:
    text = "为做好防汛工作，县应急管理局统筹调度物资，由县水利局开展巡查。"
    found = {
        text[s:e]: (features, covered) for s, e, features, covered in unit_finder.unit_candidates(text, [])
    }
    assert "open=clause" in found["县应急管理局"][0]
    assert "open=cued" in found["县水利局"][0]
    assert not any(covered for _, covered in found.values())
    rules = unit_finder.find(text, learned=False)
    assert {u.name for u in rules} & set(found)
    left = {text[s:e] for s, e, _, _ in unit_finder.unit_candidates(text, rules)}
    assert not left & {u.name for u in rules}
    both = {text[s:e]: c for s, e, _, c in unit_finder.unit_candidates(text, rules, covered=True)}
    assert any(both.values())


def test_the_shipped_model_vetoes_and_adds_nothing() -> None:
    model = load_unit_model(MODEL_PATH)
    assert model is not None
    assert 0.0 < model.veto < 0.5
    assert model.threshold >= 1.0


def test_the_features_of_some_units_are_theirs_among_all(unit_finder: UnitFinder) -> None:
    """The veto builds features only for the units it may withdraw; each one's features are those
    it has among all the measure's units, which still count as its neighbours."""
    text = "县水利局会同县财政局、县交通运输局优化审批流程，各乡镇配合。"
    units = unit_finder.find(text, learned=False)
    assert len(units) >= 3
    every = unit_finder.rule_unit_features(text, units)
    for which in ([0], [len(units) - 1], [2, 0]):
        assert unit_finder.rule_unit_features(text, units, which) == [every[i] for i in which]
