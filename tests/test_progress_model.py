"""The learned progress decision (`extractors/progress_model.py`) and how the progress finder
uses it. Texts are invented for the test."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from duban.base.model import Document
from duban.extractors.progress import Candidate, ProgressFinder, join_runs
from duban.extractors.progress_model import MODEL_PATH, PROVENANCE, load_progress_model
from duban.extractors.prose_model import BUCKETS, ProseModel, feature_index
from tests.conftest import make_doc

# A notice whose first paragraph tells of work done and of a lag: one explicit cue is too few for
# the rules outside a report or minutes; the model may take it. (A document that sets more
# requirements than it states progress reads as a policy: the model reads only its reviews.)
TEXT = (
    "关于推进社区服务工作的意见\n"
    "各街道新建停车场3处，改造老旧小区12个；社区服务中心建设进展缓慢。\n"
    "各单位要强化督查。\n"
)
DONE = "各街道新建停车场3处，改造老旧小区12个"
LAG = "社区服务中心建设进展缓慢"


def model_favouring(*features: str, threshold: float = 0.5) -> ProseModel:
    weights = np.zeros(BUCKETS, dtype=np.float32)
    for feature in features:
        weights[feature_index(feature)] = 10.0
    return ProseModel(weights, -5.0, threshold)


@pytest.fixture(scope="module")
def rules_only() -> ProgressFinder:
    return ProgressFinder.default(learned=False)


def doc() -> Document:
    return make_doc(TEXT)


def test_shipped_model_is_loaded_by_default() -> None:
    assert MODEL_PATH.exists()
    model = load_progress_model()
    assert model is not None and len(model.weights) == BUCKETS
    assert 0.0 < model.threshold < 1.0
    assert ProgressFinder.default().model is model
    assert ProgressFinder.default(learned=False).model is None


def test_rules_skip_the_policy_paragraph_and_offer_its_statements(rules_only: ProgressFinder) -> None:
    d = doc()
    rules, candidates = rules_only.candidates(d)
    assert rules == []
    by_text = {d.analysis_text[c.start : c.end]: c for c in candidates}
    assert by_text[DONE].status == "done" and by_text[LAG].status == "lagging"
    assert "dk:policy" in by_text[DONE].features and "pol:0" in by_text[DONE].features
    assert "fig" in by_text[DONE].features
    assert "u:grp" in by_text[LAG].features and "w:缓慢" in by_text[LAG].features
    # A requirement is offered too (the model learns to leave it), with its group as a feature.
    requirement = next(c for c in candidates if "强化督查" in d.analysis_text[c.start : c.end])
    assert "g:requirement" in requirement.features
    assert not any(c.covered for c in candidates)


def test_a_model_that_favours_a_statement_adds_it_with_its_status(rules_only: ProgressFinder) -> None:
    # A review opening elsewhere gives the document a rule statement: then the model may add.
    reviewed = make_doc(TEXT.replace("\n各街道", "\n截至目前，已完成整改15项。\n各街道"))
    finder = dataclasses.replace(rules_only, model=model_favouring("w:缓慢"))
    found = [(p.status, p.text, p.provenance) for p in finder.find(reviewed)]
    assert found == [
        ("done", "截至目前，已完成整改15项", "rule:progress.done.v4"),
        ("lagging", LAG, PROVENANCE),
    ]


def test_no_statement_is_added_where_the_rules_found_none_outside_reports(rules_only: ProgressFinder) -> None:
    # The cross-check reads such a document as a report itself (`crosscheck.progress_of`).
    finder = dataclasses.replace(rules_only, model=model_favouring("w:缓慢"))
    assert finder.find(doc()) == []


def test_a_model_that_scores_everything_low_adds_nothing(rules_only: ProgressFinder) -> None:
    finder = dataclasses.replace(rules_only, model=model_favouring("w:不存在的词"))
    assert finder.find(doc()) == []


def test_rule_statements_are_unchanged_by_the_model(rules_only: ProgressFinder) -> None:
    report = make_doc(
        "关于整改工作进展情况的报告\n截至目前，已完成整改15项，正在整改3项。\n今年以来，全市新建公园2个。\n"
    )
    report.meta.kind = "report"
    before = [(p.start, p.end, p.status) for p in rules_only.find(report)]
    assert before
    finder = dataclasses.replace(rules_only, model=model_favouring("dk:report", "dk:policy"))
    after = finder.find(report)
    assert [(p.start, p.end, p.status) for p in after if p.provenance.startswith("rule:")] == before
    assert all(p.provenance.startswith("rule:") for p in after)  # every clause was covered


def test_adjacent_clauses_of_one_status_are_one_statement() -> None:
    text = "甲已完成；乙已完成；丙尚未启动。丁已完成"

    def at(word: str, status: str, sentence: int, clause: int) -> Candidate:
        start = text.index(word)
        return Candidate(start, start + len(word), [], status, False, "report", sentence, clause)  # type: ignore[arg-type]

    chosen = [
        at("甲已完成", "done", 0, 0),
        at("乙已完成", "done", 0, 1),
        at("丙尚未启动", "lagging", 0, 2),
        at("丁已完成", "done", 1, 0),
    ]
    runs = join_runs(chosen, lambda a, b: text[a.end : b.start])
    assert [[text[c.start : c.end] for c in run] for run in runs] == [
        ["甲已完成", "乙已完成"],
        ["丙尚未启动"],
        ["丁已完成"],
    ]


def test_a_policy_offers_only_its_reviews(rules_only: ProgressFinder) -> None:
    policy = make_doc(TEXT.replace("各单位要强化督查。", "各单位要强化督查。\n各社区要加快建设服务中心。"))
    _, candidates = rules_only.candidates(policy)
    assert candidates == []
    review = make_doc(
        TEXT.replace("各街道", "过去一年，各街道").replace(
            "各单位要强化督查。", "各单位要强化督查。\n各社区要加快建设服务中心。"
        )
    )
    _, candidates = rules_only.candidates(review)
    assert candidates and all("rv:1" in c.features for c in candidates)


def test_the_rule_feature_names_the_rule_without_its_version(rules_only: ProgressFinder) -> None:
    # A rule's new version (`lagging.v3` → `v4`) must not detach the weights the model learnt for it.
    d = doc()
    _, candidates = rules_only.candidates(d)
    lag = next(c for c in candidates if d.analysis_text[c.start : c.end] == LAG)
    rules = [f for f in lag.features if f.startswith("st:")]
    assert rules == ["st:progress.lagging"]
