"""Train and cross-validate the learned progress decision (`extractors/progress_model.py`) on real gold.

    python -m duban.extractors.training.progress_train [--gold DIR] [--k 5] [--out MODEL.npz]
                                                       [--threshold T] [--cache FILE]
                                                       [--real-weight N] [--dev-weight N]
                                                       [--kinds report=T,minutes=T] [--without-lists]

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

The real documents hand-labelled for the progress yardstick (`benchmarks/progress_real_labels.jsonl`,
read by `progress_real`) are a second source (`read_real`; `--real-weight N` trains on each N
times, 0 scores them without training on them). Folds are dealt over both sources, and each is
scored apart as its own scorer scores: dev by `score.py`, the real documents by the yardstick's
`progress_real.score` (`evaluate_real`). A model trained with a real weight above 0 has seen the
yardstick's labels: read the yardstick then with `eval_progress_real.py --held-out K`.

The two sources differ in how dense progress is (the real documents were drawn from the genres
that carry it) and in genre, so three ways of weighing them are offered, each scored by the same
CV: `--dev-weight N` (dev's documents N times), `--kinds` (a document kind's own threshold, the
others at `--threshold`; written into the model by folding each into its kind feature's weight,
`with_kinds`, as the finder reads one threshold), and `--without-lists` (the real list items the
rules set by layout left out of training, `without_lists`).
"""

from __future__ import annotations

import argparse
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from duban.extractors.progress import Candidate, join_runs
from duban.extractors.progress_model import MODEL_PATH, PROVENANCE
from duban.extractors.prose_model import ProseModel, feature_index, indices
from duban.extractors.training.logreg import (
    GOLD_DIR,
    LabelledDoc,
    cached,
    fit_rows,
    gold_documents,
    held_out_scores,
    load_scorer,
)
from duban.extractors.training.progress_real import (
    LABELS,
    REAL,
    Span,
    overlap,
    read_at,
    read_labels,
    real_texts,
)
from duban.extractors.training.progress_real import score as real_score

if TYPE_CHECKING:
    from duban.base.model import Document, Progress

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
    at: int = 0  # its span on the document's text (the plain view's `start`, `end` mapped back)
    to: int = 0
    scope: bool = False  # in a long work report's review (`Candidate.scope`)
    extra: tuple[str, ...] = ()  # the long-report model's further features, before hashing


@dataclass
class GoldDoc:
    """A labelled document: dev's gold (`source` "dev": statements by text, scored as `score.py`
    scores) or a real document's hand labels (`source` "real": spans on `text`, how it was `read`,
    scored as the yardstick scores, `progress_real.score`)."""

    doc_id: str
    rules: list[dict[str, Any]]
    rows: list[Row]
    gold: list[dict[str, Any]]
    source: str = "dev"
    read: str = ""
    text: str = ""


def _matches(score: Any, a: str, b: str) -> bool:
    common = score.shared_chars(a, b)
    return bool(common >= 0.5 * len(a) and common >= 0.5 * len(b))


def _row(c: Candidate, text: str, offsets: list[int], label: int | None, previous: Candidate | None) -> Row:
    """A candidate as a training row (`offsets`: the plain view's, with the text's length last)."""
    gap = text[previous.end : c.start] if previous is not None and previous.end <= c.start else "\n"
    return Row(
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
        offsets[c.start],
        offsets[c.end],
        c.scope,
        tuple(c.extra),
    )


def _plain(doc: Document) -> tuple[str, list[int]]:
    """The plain view the finder reads and its offsets into the text, the text's length last."""
    from duban.pipeline.layout import plain_view

    text, offsets = plain_view(doc.analysis_text)
    return text, [*offsets, len(doc.analysis_text)]


def read_documents(corpus: Path) -> list[GoldDoc]:
    """The rules' statements and the labelled clauses of every gold document with progress."""
    from duban.extractors.progress import ProgressFinder

    score = load_scorer()
    finder = ProgressFinder.default(learned=False)
    out: list[GoldDoc] = []
    for gold, doc in gold_documents(corpus, "progress"):
        rules, found = finder.candidates(doc)
        text, offsets = _plain(doc)
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
            rows.append(_row(c, text, offsets, label, previous))
            previous = c
        out.append(GoldDoc(gold["id"], _said(rules), rows, gold["progress"]))
    return out


def _said(rules: list[Progress]) -> list[dict[str, Any]]:
    return [
        {"text": p.text, "status": p.status, "start": p.start, "end": p.end, "provenance": p.provenance}
        for p in rules
    ]


# A span judged wrong for these reasons holds a statement (its bounds were wrong, or it was a piece
# of one): not a negative for a clause inside it.
_NOT_NEGATIVE = frozenset({"span", "fragment"})


def read_real(labels: Path = LABELS, corpus: Path = REAL) -> list[GoldDoc]:
    """The labelled clauses of the real documents hand-labelled for the yardstick (`labels`).

    Labelled as dev's (`read_documents`), by the yardstick's match on offsets, except that text
    only whose predictions were judged (a `predicted` document, outside a part read whole) gives
    no negatives but the spans judged wrong: a clause there is 1 when it matches a gold statement,
    0 when it lies at least half inside a span judged not a statement, else left out."""
    from duban.base.model import RawDocument, RawPage
    from duban.extractors.progress import ProgressFinder
    from duban.pipeline.extract import build_document

    reads, spans = read_labels(labels)
    metas = real_texts(reads, corpus)
    finder = ProgressFinder.default(learned=False)
    out: list[GoldDoc] = []
    for doc_id, read in reads.items():
        raw = RawDocument(
            source=f"{doc_id}.txt", format="text", pages=[RawPage(1, metas[doc_id]["text"], "text")]
        )
        doc = build_document(raw, doc_id)
        mine = [r for r in spans if r["doc"] == doc_id]
        gold = [Span(doc_id, r["start"], r["end"], r["status"]) for r in mine if r["label"] == "gold"]
        wrong = [
            Span(doc_id, r["start"], r["end"], r["status"])
            for r in mine
            if r["label"] == "wrong" and r.get("reason") not in _NOT_NEGATIVE
        ]
        rules, found = finder.candidates(doc)
        text, offsets = _plain(doc)
        taken = {gi for gi, g in enumerate(gold) if any(overlap(p, g) for p in rules)}
        rows: list[Row] = []
        previous: Candidate | None = None
        for c in found:
            piece = Span(doc_id, offsets[c.start], offsets[c.end], c.status)
            hits = [gi for gi, g in enumerate(gold) if overlap(piece, g)]
            judged = read_at(read, piece.start, piece.end) == "full" or any(
                2 * (min(piece.end, w.end) - max(piece.start, w.start)) >= piece.end - piece.start
                for w in wrong
            )
            label: int | None
            if hits and (c.covered or any(gi not in taken for gi in hits)):
                label = 1
            elif hits or not judged:
                label = None
            else:
                label = 0
            rows.append(_row(c, text, offsets, label, previous))
            previous = c
        out.append(GoldDoc(doc_id, _said(rules), rows, mine, "real", read, doc.text))
    return out


def added(d: GoldDoc, scores: list[float] | None, threshold: float) -> list[dict[str, Any]]:
    """The statements the model adds to a document at `threshold` (as `ProgressFinder._learned`),
    with their text and their span on the document's text."""
    if scores is None:
        return []
    chosen = [
        Candidate(r.start, r.end, [], r.status, False, "", r.sentence, r.clause)  # type: ignore[arg-type]
        for r, s in zip(d.rows, scores, strict=True)
        if s >= threshold and not r.covered
    ]
    by_start = {r.start: r for r in d.rows}
    out = []
    for run in join_runs(chosen, lambda a, b: by_start[b.start].gap):
        body = by_start[run[0].start].text
        for c in run[1:]:
            body += by_start[c.start].gap + by_start[c.start].text
        out.append(
            {
                "text": body,
                "status": run[0].status,
                "start": by_start[run[0].start].at,
                "end": by_start[run[-1].start].to,
                "provenance": PROVENANCE,
            }
        )
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
    """Dev's progress P/R/F1 (as `score.py` scores), status accuracy and the number added, for the
    rules (less those vetoed) plus the clauses scored at or above `threshold`."""
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


@dataclass(frozen=True)
class _Said:
    start: int
    end: int
    status: str
    provenance: str


@dataclass(frozen=True)
class _Read:
    text: str
    progress: list[_Said]


def evaluate_real(
    docs: list[GoldDoc], scores: dict[str, list[float]] | None, threshold: float
) -> tuple[float, float, float, float, int]:
    """The real labels' P/R/F1 and status accuracy as the yardstick scores them (`progress_real.score`:
    recall where read whole, unjudged predictions apart), and the number added, for the rules' own
    statements plus the clauses scored at or above `threshold`. The finder's statements alone, not
    the whole extraction's (no cross-check reading, no merge): the yardstick reads those."""
    reads: dict[str, str] = {}
    labels: list[dict[str, Any]] = []
    read: dict[str, _Read] = {}
    n_added = 0
    for d in docs:
        more = added(d, scores.get(d.doc_id) if scores else None, threshold)
        n_added += len(more)
        said = [_Said(p["start"], p["end"], p["status"], p["provenance"]) for p in d.rules + more]
        read[d.doc_id] = _Read(d.text, sorted(said, key=lambda p: p.start))
        reads[d.doc_id] = d.read
        labels += d.gold
    result = real_score(read, reads, labels)
    return result["precision"], result["recall_full"], result["f1"], result["status"], n_added


# The feature every candidate carries once, naming the document's kind (`ProgressFinder.candidates`).
KIND_FEATURE = "dk:"


def parse_kinds(spec: str) -> dict[str, float]:
    """`report=0.5,minutes=0.55` → each document kind's own threshold (the others keep the model's).
    A threshold is a probability strictly between 0 and 1: it is folded in as a logit."""
    kinds: dict[str, float] = {}
    for part in (p for p in spec.split(",") if p):
        kind, _, value = part.partition("=")
        try:
            cut = float(value)
        except ValueError:
            cut = -1.0
        if not kind.strip() or not 0 < cut < 1:
            raise ValueError(f"--kinds: {part!r} is not kind=threshold with 0 < threshold < 1")
        kinds[kind.strip()] = cut
    return kinds


def kind_of(d: GoldDoc) -> str:
    """The document's kind as its candidates name it (`dk:report` …); "" for a document without any."""
    for row in d.rows:
        for name in row.names:
            if name.startswith(KIND_FEATURE):
                return name[len(KIND_FEATURE) :]
    return ""


def by_kind(
    docs: list[GoldDoc], scores: dict[str, list[float]], threshold: float, kinds: dict[str, float]
) -> dict[str, list[float]]:
    """Each row's decision (1.0 added, 0.0 not) at its document kind's threshold (`kinds`, else
    `threshold`): read with `added(…, 0.5)`, as `_decided`'s."""
    out: dict[str, list[float]] = {}
    for d in docs:
        cut = kinds.get(kind_of(d), threshold)
        out[d.doc_id] = [float(s >= cut) for s in scores[d.doc_id]]
    return out


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def with_kinds(weights: np.ndarray, threshold: float, kinds: dict[str, float]) -> np.ndarray:
    """The weights with each kind's threshold folded into its kind feature's weight, so that the
    finder, which reads one threshold, decides every kind at its own: a candidate of kind k scores
    at least `threshold` exactly when it scored at least `kinds[k]` before (the kind feature is in
    every candidate once; `shared_buckets` says whether a training feature shares its bucket)."""
    out = weights.copy()
    for kind, cut in kinds.items():
        out[feature_index(KIND_FEATURE + kind)] += _logit(threshold) - _logit(cut)
    return out


def shared_buckets(docs: list[GoldDoc], kinds: dict[str, float]) -> list[str]:
    """The training features other than a kind's own that fall in its bucket: the fold would move
    their weight too (none on dev and the labels today; a model is not written while any does)."""
    buckets = {feature_index(KIND_FEATURE + kind) for kind in kinds}
    mine = {KIND_FEATURE + kind for kind in kinds}
    names = {n for d in docs for row in d.rows for n in row.names}
    return sorted(n for n in names if n not in mine and feature_index(n) in buckets)


def without_lists(docs: list[GoldDoc]) -> None:
    """Leave out of training the real documents' clauses covered by a statement no rule family
    names (`st:none`: the items of a notice's case list and of a list of shortfalls, which the
    rules set by their layout, `progress.case_list`): the model never decides such clauses, and
    learnt as statements they teach it that a named body and its problem are progress anywhere
    (dev's accidents told as background in a notice, GG13)."""
    for d in docs:
        if d.source != "real":
            continue
        for row in d.rows:
            if row.covered and "st:none" in row.names:
                row.label = None


def _decided(
    docs: list[GoldDoc], review: dict[str, list[float]] | None, shipped: ProseModel, threshold: float
) -> dict[str, list[float]]:
    """Each row's decision as the finder makes it (1.0 added, 0.0 not): a row in a long report's
    review by its `review` score at `threshold` (when `review` is given), every other by the
    shipped model at the shipped threshold."""
    out: dict[str, list[float]] = {}
    for d in docs:
        mine = review.get(d.doc_id) if review else None
        out[d.doc_id] = [
            float(
                mine[i] >= threshold
                if r.scope and mine is not None
                else shipped.probability(r.names) >= shipped.threshold
            )
            for i, r in enumerate(d.rows)
        ]
    return out


def _statements(docs: list[GoldDoc], decided: dict[str, list[float]]) -> set[tuple[str, int, int]]:
    return {(d.doc_id, p["start"], p["end"]) for d in docs for p in added(d, decided[d.doc_id], 0.5)}


def review_main(args: argparse.Namespace, dev: list[GoldDoc], real: list[GoldDoc]) -> int:
    """The long-report model (`progress_model.REVIEW_MODEL_PATH`): trained on every labelled clause
    with the further features (`Row.extra`; `--scope-only`: on the long reports' review clauses
    only), cross-validated by document, and scored as the finder uses it: in a long report's review
    by this model, elsewhere by the shipped model (`progress_model.MODEL_PATH`), against the shipped
    model alone: dev, the real labels, and the real labels' long reports apart."""
    from duban.extractors.progress_model import REVIEW_MODEL_PATH, load_progress_model

    shipped = load_progress_model()
    assert shipped is not None, "no shipped progress model"
    docs = dev + real
    for d in docs:
        for row in d.rows:
            row.features = indices(row.names + row.extra)
            if args.scope_only and not row.scope:
                row.label = None
    long = [d for d in real if any(r.scope for r in d.rows)]
    dev_long = [d for d in dev if any(r.scope for r in d.rows)]
    log.info(
        "long reports: %d real (%s), %d dev; review clauses %d real, %d dev",
        len(long),
        ",".join(d.doc_id for d in long),
        len(dev_long),
        sum(r.scope for d in real for r in d.rows),
        sum(r.scope for d in dev for r in d.rows),
    )

    def copies(d: LabelledDoc) -> int:
        return args.real_weight if isinstance(d, GoldDoc) and d.source == "real" else 1

    held = held_out_scores(docs, args.k, args.l2, args.epochs, copies)
    before = _decided(docs, None, shipped, 1.0)
    log.info("shipped      dev  P/R/F1 %.3f/%.3f/%.3f status %.3f added %d", *evaluate(dev, before, 0.5))
    log.info(
        "shipped      real P/R/F1 %.3f/%.3f/%.3f status %.3f added %d", *evaluate_real(real, before, 0.5)
    )
    log.info(
        "shipped      long P/R/F1 %.3f/%.3f/%.3f status %.3f added %d", *evaluate_real(long, before, 0.5)
    )
    for t in (float(v) for v in args.thresholds.split(",") if v):
        after = _decided(docs, held, shipped, t)
        gained = _statements(docs, after) - _statements(docs, before)
        lost = _statements(docs, before) - _statements(docs, after)
        log.info("cv ≥ %.2f dev  P/R/F1 %.3f/%.3f/%.3f status %.3f added %d", t, *evaluate(dev, after, 0.5))
        log.info(
            "cv ≥ %.2f real P/R/F1 %.3f/%.3f/%.3f status %.3f added %d", t, *evaluate_real(real, after, 0.5)
        )
        log.info(
            "cv ≥ %.2f long P/R/F1 %.3f/%.3f/%.3f status %.3f added %d (+%d −%d statements)",
            t,
            *evaluate_real(long, after, 0.5),
            len(gained),
            len(lost),
        )
    if args.out:
        w, b = fit_rows(docs, args.l2, args.epochs, copies)
        path = REVIEW_MODEL_PATH if str(args.out) == "review" else args.out
        ProseModel(w.astype(np.float32), b, args.threshold).save(path)
        log.info(
            "wrote %s (l2 %g, threshold %.2f, real weight %d)",
            path,
            args.l2,
            args.threshold,
            args.real_weight,
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD_DIR)
    ap.add_argument("--labels", type=Path, default=LABELS, help="the real documents' hand labels")
    ap.add_argument(
        "--real-weight",
        type=int,
        default=0,
        help="copies of each real document trained on (0: dev only, as shipped)",
    )
    ap.add_argument("--dev-weight", type=int, default=1, help="copies of each dev document trained on")
    ap.add_argument(
        "--kinds",
        default="",
        help="own thresholds of document kinds, e.g. report=0.5,minutes=0.55 (folded into the written weights)",
    )
    ap.add_argument(
        "--without-lists",
        action="store_true",
        help="leave the real documents' list items (case lists, `st:none` covered) out of training",
    )
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
    ap.add_argument(
        "--review",
        action="store_true",
        help="the long-report model (`--out review` writes the shipped one), not the progress model",
    )
    ap.add_argument(
        "--scope-only", action="store_true", help="with --review: train on long reports' review only"
    )
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    dev = cached(args.cache, lambda: read_documents(args.gold))
    real_cache = args.cache.with_suffix(".real" + args.cache.suffix) if args.cache else None
    real = cached(real_cache, lambda: read_real(args.labels))
    if args.review:
        return review_main(args, dev, real)
    if args.without_lists:
        without_lists(real)
    try:
        kinds = parse_kinds(args.kinds)
    except ValueError as err:
        ap.error(str(err))
    docs = dev + real
    drop = tuple(p for p in args.drop.split(",") if p)
    if drop:
        for d in docs:
            for row in d.rows:
                row.features = indices(f for f in row.names if not f.startswith(drop))
    for name, part in (("dev", dev), ("real", real)):
        rows = [row for d in part for row in d.rows]
        log.info(
            "%s: %d documents, %d clauses (%d covered, %d labelled), %d positive left out by the rules",
            name,
            len(part),
            len(rows),
            sum(row.covered for row in rows),
            sum(row.label is not None for row in rows),
            sum(1 for row in rows if row.label == 1 and not row.covered),
        )
    log.info("rules        dev  P/R/F1 %.3f/%.3f/%.3f status %.3f", *evaluate(dev, None, 1.0)[:4])
    log.info("rules        real P/R/F1 %.3f/%.3f/%.3f status %.3f", *evaluate_real(real, None, 1.0)[:4])

    def copies(d: LabelledDoc) -> int:
        return args.real_weight if isinstance(d, GoldDoc) and d.source == "real" else args.dev_weight

    # Folds are dealt over both sources: each document, dev's or real, is scored by a model that
    # never saw it (with `--real-weight 0`, one trained on the other folds' dev documents only).
    held = held_out_scores(docs, args.k, args.l2, args.epochs, copies)
    for t in (float(v) for v in args.thresholds.split(",") if v):
        log.info("cv ≥ %.2f dev  P/R/F1 %.3f/%.3f/%.3f status %.3f added %d", t, *evaluate(dev, held, t))
        log.info(
            "cv ≥ %.2f real P/R/F1 %.3f/%.3f/%.3f status %.3f added %d", t, *evaluate_real(real, held, t)
        )
    if kinds:
        decided = by_kind(docs, held, args.threshold, kinds)
        log.info("cv %s, else ≥ %.2f:", args.kinds, args.threshold)
        log.info("  dev  P/R/F1 %.3f/%.3f/%.3f status %.3f added %d", *evaluate(dev, decided, 0.5))
        log.info("  real P/R/F1 %.3f/%.3f/%.3f status %.3f added %d", *evaluate_real(real, decided, 0.5))
    for v in (float(x) for x in args.vetoes.split(",") if x):
        p, r, f, st, _ = evaluate(dev, held, args.threshold, v)
        log.info("cv ≥ %.2f veto < %.2f  P/R/F1 %.3f/%.3f/%.3f status %.3f", args.threshold, v, p, r, f, st)
    if args.out:
        w, b = fit_rows(docs, args.l2, args.epochs, copies)
        shared = shared_buckets(docs, kinds)
        if shared:
            raise SystemExit(f"kind features share their buckets with {shared}: not written")
        w = with_kinds(w, args.threshold, kinds)
        ProseModel(w.astype(np.float32), b, args.threshold, drop, veto=args.veto).save(args.out)
        log.info(
            "wrote %s (l2 %g, threshold %.2f, kinds %s, real weight %d, dev weight %d)",
            args.out,
            args.l2,
            args.threshold,
            args.kinds or "-",
            args.real_weight,
            args.dev_weight,
        )
    return 0


if __name__ == "__main__":
    # Run as the module's own name, not `__main__`: the cache pickles `GoldDoc`s by their class's
    # module, and the held-out yardstick (`benchmarks/eval_progress_real.py --held-out`) reads it.
    from duban.extractors.training.progress_train import main as _main

    raise SystemExit(_main())
