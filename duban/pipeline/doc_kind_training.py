"""Training the document-kind decision of `duban.pipeline.doc_kind` on a corpus with gold kinds.

    python -m duban.pipeline.doc_kind_training ../shared/corpus/dev

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
    from duban.base.script import to_simplified
    from duban.pipeline import metadata
    from duban.pipeline.extract import build_document
    from duban.pipeline.loaders import load
    from duban.pipeline.metadata import _kind_by_rules

    gold = {}
    for line in (corpus / "meta.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            gold[item["id"]] = item["kind"]
    rows: list[DevRow] = []
    for path in sorted(corpus.glob("*.txt")):
        if path.stem not in gold:
            continue
        # The rows never read the kind the document is built with: building it must not need the
        # weights being refitted, which no longer match the features when a feature was added.
        with mock.patch.object(metadata, "kind_probabilities", lambda text, title: None):
            doc = build_document(load(path, path.name))
        title = to_simplified(doc.meta.title or "")
        text = doc.analysis_text
        rows.append(
            DevRow(
                path.stem, text, title, features(text, title), gold[path.stem], _kind_by_rules(text, title)
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="a corpus folder with meta.jsonl (gold kinds)")
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    found = dev_rows(args.corpus)
    rows = [(r.features, r.gold) for r in found]
    right = 0
    for i in range(len(rows)):
        model = train(rows[:i] + rows[i + 1 :])
        right += predict_from(model, rows[i][0]) == rows[i][1]
    now = sum(1 for r in found if r.rules == r.gold)
    log.info(
        "leave-one-out accuracy %d/%d; the title rules alone: %d/%d",
        right,
        len(rows),
        now,
        len(rows),
    )
    model = train(rows)
    header = (
        "# Learned by `python -m duban.pipeline.doc_kind_training ../shared/corpus/dev` from the dev corpus's gold\n"
        f"# kinds ({len(rows)} documents; leave-one-out accuracy {right}/{len(rows)}). Do not edit by hand.\n"
    )
    body = yaml.safe_dump({"features": list(FEATURES), "weights": model}, allow_unicode=True, sort_keys=False)
    args.out.write_text(header + body, encoding="utf-8")


def predict_from(model: dict[str, list[float]], x: list[float]) -> str:
    scores = {k: sum(w * v for w, v in zip(model[k], x, strict=True)) for k in KINDS}
    return max(KINDS, key=lambda k: scores[k])


if __name__ == "__main__":
    main()
