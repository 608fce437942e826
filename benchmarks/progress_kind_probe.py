"""Progress on dev with the document kind held out or swapped: how much the finder leans on a kind
that was fitted on dev itself.

The progress finder reads a document by its kind (`report`: every paragraph outside the plan part
is a review; `minutes`: an explicit cue states progress in any paragraph; `policy`: only what opens
as a review; `other`: a news item, read paragraph by paragraph). The kind comes from
`pipeline.doc_kind`, whose weights were fitted on dev's gold kinds, so dev's own progress figure
reads each document with a kind that is right more often than it will be on unseen text. This
scores dev's progress (the shared scorer's matching, `progress_spans.classify`) with each
document's kind

- `given`: as the pipeline decided it (dev's figure, in-sample);
- `gold`: dev's gold kind;
- `held-out`: the kind decision's cross-validation by document (`doc_kind_training.held_out`, 10
  folds over dev), i.e. the kind as the decision would give it had it never seen the document;
- `A>B`: every document whose gold kind is A read as B (a kind decision's error, forced).

A change to the finder is read per document by saving each mode's counts before it and comparing
after (`--save`, then `--against`): the documents whose tp/fp/fn moved, in each mode.

Usage (about 1 min; dev only, never check):

    python benchmarks/progress_kind_probe.py [--swaps minutes>policy report>other ...] [--docs]
    python benchmarks/progress_kind_probe.py --save /tmp/before.json     # on the tree before a change
    python benchmarks/progress_kind_probe.py --against /tmp/before.json  # after it
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's code, not the installed one
sys.path.insert(0, str(ROOT / "benchmarks"))  # its sibling scripts, as mypy reads them (top-level)

from progress_spans import classify  # noqa: E402

from duban.base.model import Document  # noqa: E402
from duban.extractors.progress import ProgressFinder  # noqa: E402
from duban.extractors.registry import get_extractors  # noqa: E402
from duban.pipeline.doc_kind_training import dev_rows, held_out  # noqa: E402
from duban.pipeline.extract import extract_file  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
SWAPS = ("minutes>policy", "minutes>other", "report>policy", "report>other", "policy>report", "other>report")


Counts = dict[str, tuple[int, int, int]]


def score(
    docs: dict[str, Document], gold: dict[str, dict], kinds: dict[str, str], finder: ProgressFinder
) -> tuple[int, int, int, list[str], Counts]:
    """tp, fp, fn over dev with each document read as `kinds` says, the documents read with
    another kind than given, and each document's own tp, fp, fn."""
    tp = fp = fn = 0
    rows: list[str] = []
    each: Counts = {}
    for doc_id, doc in docs.items():
        given = doc.meta.kind
        doc.meta.kind = kinds[doc_id]  # type: ignore[assignment]
        try:
            preds = [p.text for p in finder.find(doc)]
        finally:
            doc.meta.kind = given
        golds = [g["text"] for g in gold[doc_id].get("progress", [])]
        n, cases = classify(doc_id, golds, preds)
        wrong = sum(c.side == "fp" for c in cases)
        missed = sum(c.side == "fn" for c in cases)
        tp, fp, fn = tp + n, fp + wrong, fn + missed
        each[doc_id] = (n, wrong, missed)
        if kinds[doc_id] != given:
            rows.append(f"    {doc_id} {given}→{kinds[doc_id]}: tp {n} fp {wrong} fn {missed}")
    return tp, fp, fn, rows, each


def moved(before: Counts, after: Counts, kinds: dict[str, str], given: dict[str, str]) -> list[str]:
    """The documents whose tp, fp, fn differ from `before` (a mode of a saved run)."""
    return [
        f"    {doc_id} {given[doc_id]}→{kinds[doc_id]}: tp/fp/fn {tuple(before[doc_id])} → {counts}"
        for doc_id, counts in after.items()
        if doc_id in before and tuple(before[doc_id]) != counts
    ]


def line(name: str, tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"{name:16s} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (tp {tp} fp {fp} fn {fn})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--swaps", nargs="*", default=list(SWAPS), help="gold kind > kind read, e.g. report>other"
    )
    parser.add_argument(
        "--dev", type=Path, default=DEV, help="the dev corpus folder (gold.jsonl, meta.jsonl)"
    )
    parser.add_argument("--docs", action="store_true", help="each document read with another kind than given")
    parser.add_argument("--save", type=Path, help="write each mode's per-document tp, fp, fn here (JSON)")
    parser.add_argument(
        "--against", type=Path, help="a file `--save` wrote: print the documents whose counts moved"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    gold = {
        g["id"]: g
        for g in map(json.loads, (args.dev / "gold.jsonl").read_text(encoding="utf-8").splitlines())
    }
    extractors = get_extractors(("rules",))
    docs = {
        p.stem: extract_file(p, extractors=extractors)
        for p in sorted(args.dev.glob("*.txt"))
        if p.stem in gold
    }
    finder = ProgressFinder.default()
    rows = dev_rows(args.dev)
    modes: dict[str, dict[str, str]] = {
        "given": {i: d.meta.kind or "" for i, d in docs.items()},
        "gold": {i: gold[i]["kind"] for i in docs},
        "held-out": dict(zip([r.doc_id for r in rows], held_out(rows), strict=True)),
    }
    for swap in args.swaps:
        frm, to = swap.split(">")
        modes[swap] = {i: (to if gold[i]["kind"] == frm else d.meta.kind or "") for i, d in docs.items()}
    saved = json.loads(args.against.read_text(encoding="utf-8")) if args.against else {}
    results: dict[str, Counts] = {}
    for name, kinds in modes.items():
        tp, fp, fn, changed, results[name] = score(docs, gold, kinds, finder)
        print(line(name, tp, fp, fn))
        if args.docs and changed:
            print("\n".join(changed))
        if name in saved and (moves := moved(saved[name], results[name], kinds, modes["given"])):
            print("\n".join(moves))
    if args.save:
        args.save.write_text(json.dumps(results), encoding="utf-8")


if __name__ == "__main__":
    main()
