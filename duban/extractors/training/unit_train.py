"""Train and cross-validate the learned unit decision (`extractors/unit_model.py`) on real gold.

    python -m duban.extractors.training.unit_train [--gold DIR] [--k 5] [--veto V] [--out MODEL.npz]
                                                   [--cache FILE]

Shipped model: `--veto 0.1 --out duban/extractors/models/unit_lr.npz` (the defaults otherwise).

For each gold document the Document is built and extracted as `duban extract` does it, with the
unit model off (the rules' units alone). In each measure the rules' units and the names the finder
reads at clause openings and after doer cues (`UnitFinder.unit_candidates`, also those the rules
cover) are labelled by the scorer's name match against the gold measure the measure is paired
with (the scorer's overlap rule, best pairs first):

- it names a required gold unit no other rule unit of the measure names → 1;
- it names an optional gold unit, or the measure pairs with an optional gold measure → left out;
- otherwise (no gold unit, a duplicate, a measure paired with no gold one) → 0.

The documents are dealt into k folds (seeded shuffle, shared with the prose and progress models);
each fold is scored by a model trained on the other folds, and the pooled held-out predictions are
scored with the scorer itself: the rules' units less those vetoed (for each `--vetoes`), and, as a
record of what was tried, the rules' units plus the uncovered names scored at or above each of
`--thresholds` (best first, none overlapping another). The shipped model is trained on every
document; it adds nothing (its threshold is 1). No corpus text is written anywhere.
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from duban.extractors.prose_model import ProseModel, indices
from duban.extractors.training.logreg import (
    GOLD_DIR,
    cached,
    fit_rows,
    gold_documents,
    held_out_scores,
    load_scorer,
)
from duban.extractors.unit_model import MODEL_PATH

log = logging.getLogger(__name__)


@dataclass
class Row:
    """A candidate: its hashed features, label (None: left out of training) and span."""

    features: list[int]
    label: int | None
    measure: int
    covered: bool  # it overlaps a rule's unit or repeats its name: trained on, never added
    start: int
    end: int
    name: str
    rule: int | None = None  # a rule's unit (its index in the measure): the veto reads it
    spared: bool = False  # a rule's unit the veto spares (`UnitFinder.spared`)


@dataclass
class GoldDoc:
    doc_id: str
    pred: dict[str, Any]  # the rules' output, as the scorer reads it
    rows: list[Row]
    gold: dict[str, Any]


def _pairs(score: Any, golds: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[int, int]:
    """Predicted measure → gold measure, as the scorer pairs them (best shared share first)."""
    gtexts = [score.norm(g.get("text", "")) for g in golds]
    ptexts = [score.norm(p.get("text", "")) for p in preds]
    pairs = []
    for gi, gt in enumerate(gtexts):
        for pi, pt in enumerate(ptexts):
            common = score.shared_chars(gt, pt)
            if (
                common
                and common >= score.MEASURE_GOLD_COVER * len(gt)
                and common >= score.MEASURE_PRED_COVER * len(pt)
            ):
                pairs.append((common / max(len(gt), len(pt)), gi, pi))
    pairs.sort(reverse=True)
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, pi in pairs:
        if gi in used or pi in out:
            continue
        out[pi] = gi
        used.add(gi)
    return out


def _label(score: Any, name: str, rule_names: list[str], gold: dict[str, Any] | None) -> int | None:
    if gold is None:
        return 0
    if not gold.get("required", True):
        return None
    required = gold.get("units", [])
    if any(score.names_match(name, g) for g in gold.get("units_optional", [])):
        return None
    free = [g for g in required if not any(score.names_match(r, g) for r in rule_names)]
    return 1 if any(score.names_match(name, g) for g in free) else 0


def read_documents(corpus: Path) -> list[GoldDoc]:
    """The rules' output and the labelled unit candidates of every gold document."""
    from duban.base.model import Unit
    from duban.extractors.registry import get_extractors
    from duban.extractors.units import PINYIN
    from duban.pipeline.extract import extract_document

    score = load_scorer()
    extractors = get_extractors(("rules",))
    finder = extractors.members[0].measures.units  # type: ignore[attr-defined]
    finder.model = None
    out: list[GoldDoc] = []
    for gold, doc in gold_documents(corpus):
        extract_document(doc, extractors)
        preds = [{"text": m.text, "units": [{"name": u.name} for u in m.units]} for m in doc.measures]
        matched = _pairs(score, gold.get("measures", []), preds)
        rows: list[Row] = []
        for mi, m in enumerate(doc.measures):
            text = doc.analysis_text[m.start : m.end]
            if PINYIN.search(text):
                continue
            inside = [
                Unit(u.name, u.role, u.start - m.start, u.end - m.start)
                for u in m.units
                if u.start is not None and u.end is not None and m.start <= u.start and u.end <= m.end
            ]
            g = gold["measures"][matched[mi]] if mi in matched else None
            names = [u.name for u in m.units]
            for ui, (u, features) in enumerate(
                zip(inside, finder.rule_unit_features(text, inside), strict=True)
            ):
                others = [x.name for x in inside if x is not u]
                label = _label(score, u.name, others, g)
                rows.append(
                    Row(
                        indices(features),
                        label,
                        mi,
                        True,
                        u.start or 0,
                        u.end or 0,
                        u.name,
                        ui,
                        finder.spared(text, u),
                    )
                )
            for s, e, features, hit in finder.unit_candidates(text, inside, covered=True):
                name = doc.text[m.start + s : m.start + e]
                label = _label(score, name, [] if hit else names, g)
                rows.append(Row(indices(features), label, mi, hit, s, e, name))
        out.append(GoldDoc(gold["id"], {"measures": preds}, rows, gold))
    return out


def with_added(
    d: GoldDoc, scores: list[float] | None, threshold: float, veto: float = 0.0
) -> tuple[dict[str, Any], int]:
    """The document's output with the rules' units scored below `veto` dropped (but those spared)
    and the uncovered names at or above `threshold` added to their measures (best first, none
    overlapping another), and how many were added."""
    measures = [{"text": m["text"], "units": list(m["units"])} for m in d.pred["measures"]]
    if scores is None:
        return {"measures": measures}, 0
    vetoed = {
        (r.measure, r.name)
        for s, r in zip(scores, d.rows, strict=True)
        if r.rule is not None and not r.spared and s < veto
    }
    for mi, m in enumerate(measures):
        m["units"] = [u for u in m["units"] if (mi, u["name"]) not in vetoed]
    taken: dict[int, list[tuple[int, int]]] = {}
    n = 0
    for s, r in sorted(zip(scores, d.rows, strict=True), key=lambda c: (-c[0], c[1].measure, c[1].start)):
        if s < threshold:
            break
        if r.covered:
            continue
        spans = taken.setdefault(r.measure, [])
        if any(r.start < oe and os < r.end for os, oe in spans):
            continue
        spans.append((r.start, r.end))
        measures[r.measure]["units"].append({"name": r.name})
        n += 1
    return {"measures": measures}, n


def evaluate(
    docs: list[GoldDoc], scores: dict[str, list[float]] | None, threshold: float, veto: float = 0.0
) -> tuple[float, ...]:
    """Units P/R/F1 and the number added, for the rules' units plus the candidates at or above
    `threshold`."""
    score = load_scorer()
    tp = fp = fn = added = 0
    for d in docs:
        pred, n = with_added(d, scores.get(d.doc_id) if scores else None, threshold, veto)
        result = score.score_doc(d.doc_id, d.gold, pred)
        tp, fp, fn, added = tp + result.units.tp, fp + result.units.fp, fn + result.units.fn, added + n
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, added


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD_DIR)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--thresholds", default="0.4,0.5,0.6,0.7,0.8,0.9", help="adding names (tried)")
    ap.add_argument("--veto", type=float, default=0.1, help="the shipped model's veto of rule units")
    ap.add_argument("--vetoes", default="0.02,0.05,0.1,0.15,0.2,0.3")
    ap.add_argument("--out", type=Path, default=None, help=f"write the model (e.g. {MODEL_PATH})")
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the labelled documents, reused")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    docs = cached(args.cache, lambda: read_documents(args.gold))
    rows = [r for d in docs for r in d.rows]
    log.info(
        "%d documents, %d candidates (%d covered; %d positive, %d uncovered; %d left out)",
        len(docs),
        len(rows),
        sum(r.covered for r in rows),
        sum(r.label == 1 for r in rows),
        sum(r.label == 1 and not r.covered for r in rows),
        sum(r.label is None for r in rows),
    )
    log.info("rules        P/R/F1 %.3f/%.3f/%.3f", *evaluate(docs, None, 1.0)[:3])
    held = held_out_scores(docs, args.k, args.l2, args.epochs)
    for t in (float(v) for v in args.thresholds.split(",") if v):
        p, r, f, n = evaluate(docs, held, t)
        log.info("cv add ≥ %.2f  P/R/F1 %.3f/%.3f/%.3f added %d", t, p, r, f, n)
    for v in (float(x) for x in args.vetoes.split(",") if x):
        p, r, f, _ = evaluate(docs, held, 1.0 + 1e-9, v)
        log.info("cv veto < %.2f  P/R/F1 %.3f/%.3f/%.3f", v, p, r, f)
    if args.out:
        w, b = fit_rows(docs, args.l2, args.epochs)
        ProseModel(w.astype(np.float32), b, 1.0, veto=args.veto).save(args.out)
        log.info("wrote %s (l2 %g, veto %.2f)", args.out, args.l2, args.veto)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
