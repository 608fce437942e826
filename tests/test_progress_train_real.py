"""Training the progress model on the real documents' hand labels as well as on dev's gold
(`extractors/training/progress_train.read_real`): text only whose predictions were judged gives
negatives only where a span was judged wrong; a source can be scored and not trained on
(`copies` 0); the yardstick's held-out mode gives the finder a fold's model. Texts written for the
test."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np

from duban.base.model import RawDocument, RawPage
from duban.extractors.progress import ProgressFinder
from duban.extractors.prose_model import BUCKETS, ProseModel
from duban.extractors.training.logreg import fit_rows
from duban.extractors.training.progress_real import sha
from duban.extractors.training.progress_train import GoldDoc, Row, evaluate_real, read_real
from duban.pipeline.extract import build_document

REVIEW = (
    "市政府工作报告\n"
    "过去一年，全市新建城市绿道48公里，改造老旧小区21个。\n"
    "主要做法是坚持规划引领；注重群众参与；强化资金保障。\n"
)


def _write(tmp_path: Path, read: str, spans: list[tuple[str, str, str]]) -> tuple[Path, Path, str]:
    """A one-document corpus and its labels: `spans` as (piece of text, label, reason)."""
    text = build_document(
        RawDocument(source="T1.txt", format="text", pages=[RawPage(1, REVIEW, "text")]), "T1"
    ).text
    corpus = tmp_path / "docs.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as fh:
        fh.write(
            json.dumps({"id": "T1", "kind": "report", "genre": "g", "text": REVIEW}, ensure_ascii=False)
            + "\n"
        )
    rows: list[dict[str, object]] = [{"doc": "T1", "read": read}]
    for piece, label, reason in spans:
        start = text.index(piece)
        end = start + len(piece)
        rows.append(
            {
                "doc": "T1",
                "start": start,
                "end": end,
                "sha": sha(text[start:end]),
                "label": label,
                "status": "done",
                "reason": reason,
            }
        )
    labels = tmp_path / "labels.jsonl"
    labels.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return labels, corpus, text


def test_text_read_whole_gives_negatives_and_judged_text_only_its_labels(tmp_path: Path) -> None:
    labels, corpus, _ = _write(tmp_path, "full", [])
    (whole,) = read_real(labels, corpus)
    assert whole.source == "real" and whole.rows
    assert all(r.label == 0 for r in whole.rows)  # read whole, nothing labelled a statement
    labels, corpus, _ = _write(
        tmp_path, "predicted", [("坚持规划引领；注重群众参与；强化资金保障", "wrong", "not_progress")]
    )
    (judged,) = read_real(labels, corpus)
    by_text = {r.text.rstrip("；。"): r.label for r in judged.rows}
    # Only the clauses inside the span judged wrong are negatives; the rest is left out.
    assert by_text.get("注重群众参与") == 0
    assert any(r.label is None for r in judged.rows)
    assert not any(r.label == 1 for r in judged.rows)


def test_a_span_judged_wrong_for_its_bounds_is_no_negative(tmp_path: Path) -> None:
    labels, corpus, _ = _write(
        tmp_path, "predicted", [("坚持规划引领；注重群众参与；强化资金保障", "wrong", "span")]
    )
    (judged,) = read_real(labels, corpus)
    assert all(r.label is None for r in judged.rows if not r.covered)


def test_the_rules_alone_score_as_the_yardstick_scores(tmp_path: Path) -> None:
    labels, corpus, _ = _write(
        tmp_path, "full", [("全市新建城市绿道48公里，改造老旧小区21个", "gold", "right")]
    )
    (doc,) = read_real(labels, corpus)
    p, r, _, status, added = evaluate_real([doc], None, 1.0)
    assert r == 1.0 and status == 1.0 and added == 0
    assert p == 1 / len(doc.rules)


def _doc(name: str, source: str, feature: int, label: int) -> GoldDoc:
    row = Row([feature], label, False, "", "done", 0, 0, 0, 0, "")
    return GoldDoc(name, [], [row], [], source)


def test_a_source_with_no_copies_is_not_trained_on() -> None:
    dev = [_doc("D1", "dev", 3, 1), _doc("D2", "dev", 5, 0)]
    real = [_doc("R1", "real", 7, 1)]
    alone, bias = fit_rows(dev, 1e-4, 50)
    left_out, bias_left = fit_rows(dev + real, 1e-4, 50, lambda d: 0 if d.source == "real" else 1)
    assert np.array_equal(alone, left_out) and bias == bias_left
    both, _ = fit_rows(dev + real, 1e-4, 50)
    assert both[7] > 0 and alone[7] == 0


def test_the_finder_reads_the_model_it_is_given() -> None:
    weights = np.zeros(BUCKETS, dtype=np.float32)
    given = ProseModel(weights, -10.0, 0.4)
    assert ProgressFinder.default(model=given).model is given
    assert ProgressFinder.default(learned=False).model is None
