"""Train and cross-validate the learned progress decision (`extractors/progress_model.py`) on real gold.

    python -m duban.extractors.training.progress_train [--gold DIR] [--k 5] [--out MODEL.npz]
                                                       [--threshold T] [--cache FILE]

For each gold document the Document is built as `duban extract` builds it, the progress rules run
alone (`ProgressFinder.default(learned=False)`), and every clause of the paragraphs that may state
progress (`ProgressFinder.candidates`) is labelled by the scorer's progress match (shared
characters cover half of the gold statement and half of the clause):

- it matches a gold statement → 1, unless the rules' statements already match that one and the
  clause is not covered by them (adding it would be a duplicate: left out);
- otherwise → 0.

The clauses the rules cover are labelled too and trained on (what progress looks like, not only
what the rules miss); only the uncovered ones are ever added. The documents are dealt into k folds
(seeded shuffle, as the prose model's); each fold's clauses are scored by a model trained on the
other folds, and the pooled held-out predictions are scored like `duban extract` output (the rules'
statements plus the clauses scored at or above each threshold, adjacent ones of one sentence and
status joined) for progress P/R/F1 and status accuracy. The shipped model is trained on every
document. No corpus text is written anywhere: the weights are hashed feature weights.
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from duban.extractors.progress import Candidate, join_runs
from duban.extractors.progress_model import MODEL_PATH
from duban.extractors.prose_model import ProseModel, indices
from duban.extractors.training.logreg import (
    GOLD_DIR,
    cached,
    fit_rows,
    gold_documents,
    held_out_scores,
    load_scorer,
)

log = logging.getLogger(__name__)


@dataclass
class Row:
    """A clause: its hashed features, label (None: left out of training), what it would add."""

    features: list[int]
    label: int | None
    covered: bool
    text: str
    status: str
    sentence: int
    clause: int
    start: int
    end: int
    gap: str  # the plain text between it and the clause before it
    owners: tuple[int, ...] = ()  # the rule statements it touches
    names: tuple[str, ...] = ()  # its features before hashing (to train without some kinds)


@dataclass
class GoldDoc:
    doc_id: str
    rules: list[dict[str, Any]]
    rows: list[Row]
    gold: list[dict[str, Any]]


def _matches(score: Any, a: str, b: str) -> bool:
    common = score.shared_chars(a, b)
    return bool(common >= 0.5 * len(a) and common >= 0.5 * len(b))


def read_documents(corpus: Path) -> list[GoldDoc]:
    """The rules' statements and the labelled clauses of every gold document with progress."""
    from duban.extractors.progress import ProgressFinder
    from duban.pipeline.layout import plain_view

    score = load_scorer()
    finder = ProgressFinder.default(learned=False)
    out: list[GoldDoc] = []
    for gold, doc in gold_documents(corpus, "progress"):
        rules, found = finder.candidates(doc)
        text, _ = plain_view(doc.analysis_text)
        gtexts = [score.norm(g.get("text", "")) for g in gold["progress"]]
        ptexts = [score.norm(p.text) for p in rules]
        taken = {gi for gi, gt in enumerate(gtexts) if any(_matches(score, gt, pt) for pt in ptexts)}
        rows: list[Row] = []
        previous: Candidate | None = None
        for c in found:
            body = score.norm(text[c.start : c.end])
            hits = [gi for gi, gt in enumerate(gtexts) if _matches(score, gt, body)]
            label: int | None
            if c.covered:
                label = 1 if hits else 0
            elif any(gi not in taken for gi in hits):
                label = 1
            else:
                label = None if hits else 0
            gap = text[previous.end : c.start] if previous is not None and previous.end <= c.start else "\n"
            rows.append(
                Row(
                    indices(c.features),
                    label,
                    c.covered,
                    text[c.start : c.end],
                    c.status,
                    c.sentence,
                    c.clause,
                    c.start,
                    c.end,
                    gap,
                    c.owners,
                    tuple(c.features),
                )
            )
            previous = c
        out.append(
            GoldDoc(gold["id"], [{"text": p.text, "status": p.status} for p in rules], rows, gold["progress"])
        )
    return out


def added(d: GoldDoc, scores: list[float] | None, threshold: float) -> list[dict[str, Any]]:
    """The statements the model adds to a document at `threshold` (as `ProgressFinder._learned`)."""
    if scores is None:
        return []
    chosen = [
        Candidate(r.start, r.end, [], r.status, False, "", r.sentence, r.clause)  # type: ignore[arg-type]
        for r, s in zip(d.rows, scores, strict=True)
        if s >= threshold and not r.covered
    ]
    texts = {r.start: r.text for r in d.rows}
    gaps = {r.start: r.gap for r in d.rows}
    out = []
    for run in join_runs(chosen, lambda a, b: gaps[b.start]):
        body = texts[run[0].start]
        for c in run[1:]:
            body += gaps[c.start] + texts[c.start]
        out.append({"text": body, "status": run[0].status})
    return out


def kept(d: GoldDoc, scores: list[float] | None, veto: float) -> list[dict[str, Any]]:
    """The rule statements the model spares: one whose every clause scores below `veto` is dropped."""
    if scores is None or veto <= 0:
        return d.rules
    best: dict[int, float] = {}
    for r, s in zip(d.rows, scores, strict=True):
        for i in r.owners:
            best[i] = max(best.get(i, 0.0), s)
    return [p for i, p in enumerate(d.rules) if best.get(i, 1.0) >= veto]


def evaluate(
    docs: list[GoldDoc], scores: dict[str, list[float]] | None, threshold: float, veto: float = 0.0
) -> tuple[float, float, float, float, int]:
    """Progress P/R/F1, status accuracy and the number added, for the rules (less those vetoed)
    plus the clauses scored at or above `threshold`."""
    score = load_scorer()
    tp = fp = fn = right = n_added = 0
    for d in docs:
        mine = scores.get(d.doc_id) if scores else None
        more = added(d, mine, threshold)
        n_added += len(more)
        tally, ok = score.score_progress(kept(d, mine, veto) + more, d.gold)
        tp, fp, fn, right = tp + tally.tp, fp + tally.fp, fn + tally.fn, right + ok
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, right / tp if tp else 0.0, n_added


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD_DIR)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--threshold", type=float, default=0.6, help="the shipped model's threshold")
    ap.add_argument("--thresholds", default="0.3,0.4,0.5,0.6,0.7,0.8,0.9")
    ap.add_argument("--veto", type=float, default=0.0, help="the shipped model's veto of rule statements")
    ap.add_argument("--vetoes", default="0.05,0.1,0.2,0.3")
    ap.add_argument("--drop", default="", help="feature kinds (prefixes) to train without, comma-separated")
    ap.add_argument("--out", type=Path, default=None, help=f"write the model (e.g. {MODEL_PATH})")
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the labelled documents, reused")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    docs = cached(args.cache, lambda: read_documents(args.gold))
    drop = tuple(p for p in args.drop.split(",") if p)
    if drop:
        for d in docs:
            for row in d.rows:
                row.features = indices(f for f in row.names if not f.startswith(drop))
    rows = [row for d in docs for row in d.rows]
    log.info(
        "%d documents, %d clauses (%d covered), %d positive left out by the rules",
        len(docs),
        len(rows),
        sum(row.covered for row in rows),
        sum(1 for row in rows if row.label == 1 and not row.covered),
    )
    log.info("rules        P/R/F1 %.3f/%.3f/%.3f status %.3f", *evaluate(docs, None, 1.0)[:4])
    held = held_out_scores(docs, args.k, args.l2, args.epochs)
    for t in (float(v) for v in args.thresholds.split(",") if v):
        p, r, f, st, n = evaluate(docs, held, t)
        log.info("cv ≥ %.2f    P/R/F1 %.3f/%.3f/%.3f status %.3f added %d", t, p, r, f, st, n)
    for v in (float(x) for x in args.vetoes.split(",") if x):
        p, r, f, st, n = evaluate(docs, held, args.threshold, v)
        log.info("cv ≥ %.2f veto < %.2f  P/R/F1 %.3f/%.3f/%.3f status %.3f", args.threshold, v, p, r, f, st)
    if args.out:
        w, b = fit_rows(docs, args.l2, args.epochs)
        ProseModel(w.astype(np.float32), b, args.threshold, drop, veto=args.veto).save(args.out)
        log.info("wrote %s (l2 %g, threshold %.2f)", args.out, args.l2, args.threshold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
