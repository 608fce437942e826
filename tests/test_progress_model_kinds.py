"""The progress model's own threshold per document kind, folded into the kind feature's weight
(`progress_train.with_kinds`), and the real list items left out of its training
(`progress_train.without_lists`). Features written for the test."""

from __future__ import annotations

import numpy as np
import pytest

from duban.extractors.prose_model import BUCKETS, ProseModel, feature_index
from duban.extractors.training.progress_train import (
    GoldDoc,
    Row,
    by_kind,
    kind_of,
    parse_kinds,
    shared_buckets,
    with_kinds,
    without_lists,
)


def test_kinds_are_read_from_their_option() -> None:
    assert parse_kinds("report=0.5,minutes=0.55") == {"report": 0.5, "minutes": 0.55}
    assert parse_kinds("") == {}
    for bad in ("report", "report=x", "report=1", "=0.5"):
        with pytest.raises(ValueError, match="kind=threshold"):
            parse_kinds(bad)


def test_a_folded_kind_threshold_decides_as_the_kinds_own() -> None:
    rng = np.random.default_rng(7)
    weights = rng.normal(0, 1.5, BUCKETS).astype(np.float32)
    plain = ProseModel(weights, -0.4, 0.8)
    kinds = {"report": 0.5, "minutes": 0.3}
    folded = ProseModel(with_kinds(weights, 0.8, kinds), -0.4, 0.8)
    decided = {"report": 0, "minutes": 0, "policy": 0}
    for i in range(300):
        for kind in decided:
            features = [f"dk:{kind}", f"b:{i}", f"o:{i % 17}", f"e:{i % 5}"]
            before = plain.probability(features)
            after = folded.probability(features)
            assert (after >= folded.threshold) == (before >= kinds.get(kind, plain.threshold))
            decided[kind] += after >= folded.threshold
    # Lower thresholds add more: the fold did change the decisions, in the expected order.
    assert decided["minutes"] > decided["report"] > decided["policy"] > 0


def test_only_the_kind_features_weights_move() -> None:
    weights = np.zeros(BUCKETS, dtype=np.float32)
    folded = with_kinds(weights, 0.8, {"report": 0.5})
    moved = np.flatnonzero(folded != weights)
    assert moved.tolist() == [feature_index("dk:report")]
    assert folded[moved[0]] > 0  # a lower threshold than the model's raises the kind's weight


def _doc(doc_id: str, source: str, rows: list[Row]) -> GoldDoc:
    return GoldDoc(doc_id, [], rows, [], source)


def _row(label: int, covered: bool, names: tuple[str, ...]) -> Row:
    return Row([feature_index(n) for n in names], label, covered, "", "done", 0, 0, 0, 0, "", names=names)


def test_decisions_by_kind_use_each_documents_kind() -> None:
    report = _doc("R", "dev", [_row(0, False, ("dk:report",)), _row(0, False, ("dk:report",))])
    minutes = _doc("M", "dev", [_row(0, False, ("dk:minutes",))])
    assert kind_of(report) == "report" and kind_of(_doc("E", "dev", [])) == ""
    scores = {"R": [0.45, 0.6], "M": [0.45]}
    assert by_kind([report, minutes], scores, 0.8, {"report": 0.5}) == {"R": [0.0, 1.0], "M": [0.0]}


def test_list_items_of_real_documents_are_left_out_of_training() -> None:
    listed = _row(1, True, ("dk:report", "st:none"))
    ruled = _row(1, True, ("dk:report", "st:progress.lagging"))
    free = _row(0, False, ("dk:report", "st:none"))
    dev_listed = _row(1, True, ("dk:report", "st:none"))
    without_lists([_doc("R", "real", [listed, ruled, free]), _doc("D", "dev", [dev_listed])])
    assert listed.label is None
    assert (ruled.label, free.label, dev_listed.label) == (1, 0, 1)


def test_a_feature_sharing_a_kinds_bucket_is_found() -> None:
    target = feature_index("dk:report")
    other = next(f"b:{i}" for i in range(10**7) if feature_index(f"b:{i}") == target)
    doc = _doc("R", "dev", [_row(0, False, ("dk:report", other)), _row(0, False, ("dk:minutes", "b:x"))])
    assert shared_buckets([doc], {"report": 0.5}) == [other]
    assert shared_buckets([doc], {"minutes": 0.5}) == []
