"""Training the document-kind decision of `duban.pipeline.doc_kind` on a corpus with gold kinds.

    python -m duban.pipeline.doc_kind_training ../shared/corpus/dev
    python -m duban.pipeline.doc_kind_training ../shared/corpus/dev \
        --real-labels benchmarks/kind_real_labels.jsonl --real-corpus /tmp/lead/real

Dev's gold kinds alone cannot say how the weights do on unseen pages: they are fitted on them, and
dev holds almost no news pages or read-outs of the kinds check and the real corpus are full of. The
real labels (`benchmarks/kind_real_labels.jsonl`: id, kind, reason; read by hand from title and
opening) are a second source: the held-out accuracy is reported on each source apart, from a
cross-validation by document, and with `--real-labels` the weights are fitted on both.

A development tool, apart from the run-time module so that reading a document never imports the
extraction pipeline this needs to build its training rows.
"""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import yaml

from duban.pipeline.doc_kind import FEATURES, KINDS, WEIGHTS, features

log = logging.getLogger(__name__)


def train(rows: list[tuple[list[float], str]], l2: float = 0.05, steps: int = 3000) -> dict[str, list[float]]:
    """Multinomial logistic regression by gradient descent (numpy), L2-regularised."""
    import numpy as np

    x = np.array([r[0] for r in rows], dtype=float)
    y = np.zeros((len(rows), len(KINDS)))
    for i, (_, kind) in enumerate(rows):
        y[i, KINDS.index(kind)] = 1.0
    w = np.zeros((x.shape[1], len(KINDS)))
    rate = 0.5
    for _ in range(steps):
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        grad = x.T @ (p - y) / len(rows) + l2 * w
        w -= rate * grad
    return {k: [round(float(v), 4) for v in w[:, i]] for i, k in enumerate(KINDS)}


@dataclass(frozen=True)
class DevRow:
    """One document of a corpus with gold kinds: what the kind decision reads and what it should say."""

    doc_id: str
    text: str  # the analysis text, as `metadata.parse_metadata` reads it
    title: str  # simplified, as `metadata.parse_metadata` reads it
    features: list[float]
    gold: str
    rules: str  # the kind the title rules alone give (`metadata._kind_by_rules`)


def dev_rows(corpus: Path) -> list[DevRow]:
    """The documents of `corpus` that `meta.jsonl` gives a gold kind, built as the pipeline builds them."""
    gold = {}
    for line in (corpus / "meta.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            gold[item["id"]] = item["kind"]
    return [
        _row(path.stem, path, gold[path.stem]) for path in sorted(corpus.glob("*.txt")) if path.stem in gold
    ]


def real_rows(labels: Path, corpus: Path) -> list[DevRow]:
    """The real documents of `corpus` that `labels` (JSON lines: doc, kind, reason) give a kind,
    built as the pipeline builds them; a label whose document is missing is skipped with a warning."""
    rows: list[DevRow] = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if item["kind"] not in KINDS:
            raise ValueError(f"{labels.name}: {item['doc']}: unknown kind {item['kind']!r}")
        path = corpus / f"{item['doc']}.txt"
        if not path.is_file():
            log.warning("%s: labelled but not found in %s", item["doc"], corpus)
            continue
        rows.append(_row(item["doc"], path, item["kind"]))
    return rows


def _row(doc_id: str, path: Path, gold: str) -> DevRow:
    """One document built as the pipeline builds it, with the kind it should get."""
    from duban.base.script import to_simplified
    from duban.pipeline import metadata
    from duban.pipeline.extract import build_document
    from duban.pipeline.loaders import load
    from duban.pipeline.metadata import _kind_by_rules

    # The rows never read the kind the document is built with: building it must not need the
    # weights being refitted, which no longer match the features when a feature was added.
    with mock.patch.object(metadata, "kind_probabilities", lambda text, title: None):
        doc = build_document(load(path, path.name))
    title = to_simplified(doc.meta.title or "")
    text = doc.analysis_text
    return DevRow(doc_id, text, title, features(text, title), gold, _kind_by_rules(text, title))


def held_out(rows: list[DevRow], folds: int = 10) -> list[str]:
    """Each row's predicted kind with the weights fitted on the other folds (rows dealt round the
    folds in order, so each source is spread over all of them): a cross-validation by document."""
    found = [""] * len(rows)
    for fold in range(folds):
        model = train([(r.features, r.gold) for i, r in enumerate(rows) if i % folds != fold])
        for i, r in enumerate(rows):
            if i % folds == fold:
                found[i] = predict_from(model, r.features)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="a corpus folder with meta.jsonl (gold kinds)")
    parser.add_argument("--real-labels", type=Path, help="JSON lines of hand-read kinds of real documents")
    parser.add_argument("--real-corpus", type=Path, default=Path("/tmp/lead/real"))
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    found = dev_rows(args.corpus)
    real = real_rows(args.real_labels, args.real_corpus) if args.real_labels else []
    both = found + real
    guess = held_out(both)
    right = sum(g == r.gold for g, r in zip(guess[: len(found)], found, strict=True))
    now = sum(1 for r in found if r.rules == r.gold)
    log.info("dev: held-out accuracy %d/%d; the title rules alone: %d/%d", right, len(found), now, len(found))
    if real:
        real_right = sum(g == r.gold for g, r in zip(guess[len(found) :], real, strict=True))
        real_now = sum(1 for r in real if r.rules == r.gold)
        log.info(
            "real labels: held-out accuracy %d/%d; the title rules alone: %d/%d",
            real_right,
            len(real),
            real_now,
            len(real),
        )
    rows = [(r.features, r.gold) for r in both]
    model = train(rows)
    source = "the dev corpus's gold kinds" + (f" and {len(real)} hand-read real documents" if real else "")
    header = (
        "# Learned by `python -m duban.pipeline.doc_kind_training` (see its docstring) from\n"
        f"# {source} ({len(rows)} documents; dev held-out accuracy {right}/{len(found)}). Do not edit by hand.\n"
    )
    body = yaml.safe_dump({"features": list(FEATURES), "weights": model}, allow_unicode=True, sort_keys=False)
    args.out.write_text(header + body, encoding="utf-8")


def predict_from(model: dict[str, list[float]], x: list[float]) -> str:
    scores = {k: sum(w * v for w, v in zip(model[k], x, strict=True)) for k in KINDS}
    return max(KINDS, key=lambda k: scores[k])


if __name__ == "__main__":
    main()
