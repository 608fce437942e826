"""Train and cross-validate the learned prose decision (`extractors/prose_model.py`) on real gold.

    python -m duban.extractors.training.prose_train [--gold DIR] [--k 5] [--out MODEL.npz] [--leftover-only]
                                                    [--threshold T] [--veto V] [--bare-veto V] [--cache FILE]

For each gold document the Document is built as `duban extract` builds it, the rules run alone
(`MeasureFinder.default(learned=False)`), and every clause they leave out
(`MeasureFinder.prose_candidates`) is labelled by the scorer's overlap rule
(`../shared/tools/score.py`: shared characters cover 60 % of the gold text and 50 % of the clause):

- it matches a required gold measure that no rule measure matches → 1 (adding it finds a measure);
- it matches only optional gold measures → left out (adding it costs nothing);
- otherwise → 0 (adding it is a false measure).

The documents are dealt into k folds (seeded shuffle, `crossval.folds`); each fold's clauses are
scored by a model trained on the other folds, and the pooled held-out predictions are scored like
`duban extract` output (rules' measures plus the clauses scored at or above each threshold), for
measures, units and deadlines. The shipped model is then trained on every document with the
threshold chosen on the held-out figures. No corpus text is written anywhere: the weights are
hashed feature weights.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from duban.base.model import Measure
from duban.extractors.prose_model import MODEL_PATH, ProseModel, indices
from duban.extractors.training.logreg import GOLD_DIR, cached, deal_folds, gold_documents, load_scorer, train

log = logging.getLogger(__name__)

GOLD_COVER = 0.6
PRED_COVER = 0.5


@dataclass
class Candidate:
    """A clause the rules left out: its feature buckets, its label (None: unknown), the measure
    it would become (as the scorer reads it)."""

    features: list[int]
    label: int | None
    measure: dict[str, Any]
    covered: bool = False
    names: list[str] | None = None
    # The prose-shaped rule measures (indices into GoldDoc.rules) a covered clause belongs to.
    owners: tuple[int, ...] = ()


@dataclass
class GoldDoc:
    doc_id: str
    rules: list[dict[str, Any]]
    candidates: list[Candidate]


def _as_pred(m: Measure) -> dict[str, Any]:
    return {
        "text": m.text,
        "units": [{"name": u.name} for u in m.units],
        "deadlines": [{"text": d.text} for d in m.deadlines],
    }


def read_documents(corpus: Path) -> list[GoldDoc]:
    """The rules' measures and the labelled left-out clauses of every gold document."""
    from duban.extractors.measures import _ITEM_CONFIDENCE, MeasureFinder, _document_year

    score = load_scorer()
    finder = MeasureFinder.default(learned=False)
    out: list[GoldDoc] = []
    for gold, doc in gold_documents(corpus):
        rules = finder.find(doc)
        year = _document_year(doc)
        first_is_lead = bool(finder._has("first_is_lead", doc.analysis_text))
        measures = [g for g in gold.get("measures", []) if isinstance(g, dict)]
        gtexts = [score.norm(g.get("text", "")) for g in measures]

        counts = [Counter(gt) for gt in gtexts]

        def overlaps(
            ptext: str, gtexts: list[str] = gtexts, counts: list[Counter[str]] = counts
        ) -> list[tuple[int, bool]]:
            """The gold measures a text matches (gi, True) or lies mostly inside (gi, False)."""
            mine = Counter(ptext)
            found = []
            for gi, gt in enumerate(gtexts):
                # The shared characters are at most the multiset intersection: most pairs stop here.
                bound = sum((mine & counts[gi]).values())
                if bound < PRED_COVER * len(ptext):
                    continue
                common = score.shared_chars(gt, ptext)
                if common >= GOLD_COVER * len(gt) and common >= PRED_COVER * len(ptext):
                    found.append((gi, True))
                elif common >= PRED_COVER * len(ptext):
                    found.append((gi, False))
            return found

        taken = {gi for m in rules for gi, full in overlaps(score.norm(m.text)) if full}
        candidates: list[Candidate] = []
        for start, end, features in finder.prose_candidates(doc, rules, covered_too=True):
            covered = "cov" in features
            features = [f for f in features if f != "cov"]
            text = doc.text[start:end]
            found = (
                None
                if covered
                else finder._measure(doc, start, end, "model", None, None, year, first_is_lead)
            )
            hits = overlaps(score.norm(found.text if found else text))
            full = [gi for gi, ok in hits if ok]
            required = [gi for gi in full if measures[gi].get("required", True)]
            label: int | None
            if covered:
                label = 1 if required else (None if full or hits else 0)
            elif any(gi not in taken for gi in required):
                label = 1
            elif full and not required:
                label = None
            else:
                label = 0
            measure = _as_pred(found) if found else {}
            owners = tuple(
                i
                for i, m in enumerate(rules)
                if covered and m.confidence < _ITEM_CONFIDENCE and m.start < end and start < m.end
            )
            candidates.append(Candidate(indices(features), label, measure, covered, features, owners))
        out.append(GoldDoc(gold["id"], [_as_pred(m) for m in rules], candidates))
    return out


def _fit(docs: list[GoldDoc], l2: float, epochs: int, covered: bool) -> tuple[np.ndarray, float]:
    """A model from the labelled clauses the rules left out, and with `covered` also from the
    clauses they took (what a measure looks like, not only what the rules miss)."""
    chosen = [c for d in docs for c in d.candidates if c.label is not None and (covered or not c.covered)]
    rows = [c.features for c in chosen]
    labels = [int(c.label or 0) for c in chosen]
    return train(rows, labels, l2=l2, epochs=epochs)


def held_out_scores(
    docs: list[GoldDoc], k: int, l2: float, epochs: int, covered: bool
) -> dict[str, list[float]]:
    """Each candidate's score by a model trained on the other folds (documents dealt in k folds)."""
    fold_of = deal_folds([d.doc_id for d in docs], k)
    scores: dict[str, list[float]] = {}
    for fold in range(k):
        w, b = _fit([d for d in docs if fold_of[d.doc_id] != fold], l2, epochs, covered)
        for d in docs:
            if fold_of[d.doc_id] == fold:
                z = [b + float(w[c.features].sum()) for c in d.candidates]
                scores[d.doc_id] = [float(1 / (1 + np.exp(-v))) for v in z]
    return scores


def evaluate(
    corpus: Path,
    docs: list[GoldDoc],
    scores: dict[str, list[float]] | None,
    threshold: float,
    veto: float = 0.0,
    spare_dated: bool = False,
    memo: dict[tuple[str, tuple[int, ...], tuple[int, ...]], Any] | None = None,
    bare: float | None = None,
    bare_veto: float | None = None,
) -> dict[str, tuple[float, float, float]]:
    """P/R/F1 of measures, units and deadlines for the rules plus the clauses scored ≥ threshold,
    without the prose rule measures whose every clause scores below `veto` (as `MeasureFinder`;
    with `spare_dated`, a rule measure with a deadline is kept). `memo`, shared by the calls of one
    sweep over the same `docs`, keeps each document's score per choice of measures. `bare`, when
    given, is the threshold of the clauses under no heading (`sec:0`) instead of `threshold`, and
    `bare_veto` their veto instead of `veto`."""
    score = load_scorer()
    golds = {
        g["id"]: g
        for g in (json.loads(line) for line in (corpus / "gold.jsonl").open(encoding="utf-8") if line.strip())
    }
    total = score.DocScore("all")
    for d in docs:
        kept = list(range(len(d.rules)))
        added: list[int] = []
        if scores is not None and veto > 0:
            # A rule measure stays when one of its clauses reaches its cut (`bare_veto` under no
            # heading, unless the clause is an enumerated point); a measure without a scored clause stays.
            owned: set[int] = set()
            passed: set[int] = set()
            for c, s in zip(d.candidates, scores[d.doc_id], strict=True):
                strict = _bare(c) and not _enumerated(c) and "dk:report" not in (c.names or ())
                cut = bare_veto if bare_veto is not None and strict else veto
                owned.update(c.owners)
                if s >= cut:
                    passed.update(c.owners)
            kept = [
                i for i in kept if i not in owned or i in passed or (spare_dated and d.rules[i]["deadlines"])
            ]
        if scores is not None:
            added = [
                j
                for j, (c, s) in enumerate(zip(d.candidates, scores[d.doc_id], strict=True))
                if not c.covered and s >= (threshold if bare is None or not _bare(c) else bare)
            ]
        # Thresholds and folds mostly change a few documents' choices: a document scored once per
        # choice (the scorer's matching is the slow part of a sweep).
        key = (d.doc_id, tuple(kept), tuple(added))
        doc_score = memo.get(key) if memo is not None else None
        if doc_score is None:
            preds = [d.rules[i] for i in kept] + [d.candidates[j].measure for j in added]
            doc_score = score.score_doc(d.doc_id, golds[d.doc_id], {"measures": preds})
            if memo is not None:
                memo[key] = doc_score
        for kind in ("measures", "units", "deadlines"):
            getattr(total, kind).add(getattr(doc_score, kind))
    return {kind: getattr(total, kind).prf() for kind in ("measures", "units", "deadlines")}


def _bare(c: Candidate) -> bool:
    """Whether a clause sits under no heading at all (the model's `sec:0` feature)."""
    return c.names is not None and "sec:0" in c.names


def _enumerated(c: Candidate) -> bool:
    """Whether a clause is an enumerated point (`三是…`, the rule group `enumerator`)."""
    return c.names is not None and "g:enumerator" in c.names


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD_DIR)
    ap.add_argument("--k", type=int, default=5)
    # 1e-3 over 1e-4: dev CV measures .924 → .930 (the heavier prior spreads the weight over more
    # features, fewer bigrams of single documents); 3e-3 gave .927.
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument(
        "--leftover-only",
        dest="covered",
        action="store_false",
        help="train only on the clauses the rules left out (default: on the ones they took too)",
    )
    ap.add_argument(
        "--threshold", type=float, default=0.6, help="the shipped model's threshold (see models/README.md)"
    )
    ap.add_argument(
        "--thresholds",
        default="0.2,0.3,0.4,0.5,0.6,0.7",
        help="the held-out thresholds to score (comma-separated)",
    )
    ap.add_argument(
        "--veto", type=float, default=0.0, help="the shipped model's veto of prose rule measures (0: none)"
    )
    ap.add_argument(
        "--vetoes",
        default="0.1,0.2,0.3",
        help="the held-out vetoes to score at --threshold (comma-separated)",
    )
    ap.add_argument(
        "--spare-dated",
        action="store_true",
        help="the veto spares a rule measure with a deadline (saved in the model)",
    )
    ap.add_argument(
        "--bares",
        default="",
        help="held-out thresholds for clauses under no heading to score (comma-separated)",
    )
    ap.add_argument(
        "--bare-veto",
        type=float,
        default=0.0,
        help="the shipped model's veto of a clause under no heading (0: --veto)",
    )
    ap.add_argument(
        "--bare-vetoes",
        default="",
        help="held-out vetoes of clauses under no heading to score at --threshold and --veto (comma-separated)",
    )
    ap.add_argument("--out", type=Path, default=None, help=f"write the model (e.g. {MODEL_PATH})")
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the labelled documents, reused")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    docs = cached(args.cache, lambda: read_documents(args.gold))
    labelled = [c.label for d in docs for c in d.candidates if c.label is not None and not c.covered]
    log.info(
        "%d documents, %d candidates, %d labelled, %d positive",
        len(docs),
        sum(len(d.candidates) for d in docs),
        len(labelled),
        sum(labelled),
    )
    memo: dict[tuple[str, tuple[int, ...], tuple[int, ...]], Any] = {}
    rules = evaluate(args.gold, docs, None, 1.0)
    everything = evaluate(args.gold, docs, {d.doc_id: [1.0] * len(d.candidates) for d in docs}, 0.0)
    log.info("rules       %s", _line(rules))
    log.info("all clauses %s", _line(everything))
    held = held_out_scores(docs, args.k, args.l2, args.epochs, args.covered)
    best = (-1.0, 0.5)
    for t in (float(v) for v in args.thresholds.split(",") if v):
        figures = evaluate(args.gold, docs, held, t, memo=memo)
        log.info("cv ≥ %.2f   %s", t, _line(figures))
        best = max(best, (figures["measures"][2], t))
    log.info("best held-out measure F1 %.3f at %.2f", *best)
    threshold = args.threshold
    for v in (float(x) for x in args.vetoes.split(",") if x):
        log.info(
            "cv ≥ %.2f veto < %.2f%s   %s",
            threshold,
            v,
            ", dated spared" if args.spare_dated else "",
            _line(evaluate(args.gold, docs, held, threshold, v, args.spare_dated, memo)),
        )
    for v in (float(x) for x in args.bares.split(",") if x):
        log.info(
            "cv ≥ %.2f (≥ %.2f under no heading) veto < %.2f%s   %s",
            threshold,
            v,
            args.veto,
            ", dated spared" if args.spare_dated else "",
            _line(evaluate(args.gold, docs, held, threshold, args.veto, args.spare_dated, memo, bare=v)),
        )
    for v in (float(x) for x in args.bare_vetoes.split(",") if x):
        log.info(
            "cv ≥ %.2f veto < %.2f (< %.2f under no heading)%s   %s",
            threshold,
            args.veto,
            v,
            ", dated spared" if args.spare_dated else "",
            _line(evaluate(args.gold, docs, held, threshold, args.veto, args.spare_dated, memo, bare_veto=v)),
        )
    if args.out:
        w, b = _fit(docs, args.l2, args.epochs, args.covered)
        model = ProseModel(
            w.astype(np.float32),
            b,
            threshold,
            veto=args.veto,
            spare_dated=args.spare_dated,
            bare_veto=args.bare_veto,
        )
        model.save(args.out)
        log.info(
            "wrote %s (l2 %g, threshold %.2f, veto %.2f, under no heading %.2f, dated spared %s)",
            args.out,
            args.l2,
            threshold,
            args.veto,
            args.bare_veto,
            args.spare_dated,
        )
    return 0


def _line(figures: dict[str, tuple[float, float, float]]) -> str:
    return "  ".join(f"{k} {p:.3f}/{r:.3f}/{f:.3f}" for k, (p, r, f) in figures.items())


if __name__ == "__main__":
    raise SystemExit(main())
