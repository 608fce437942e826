"""Progress misses by span shape: is a missed or wrong statement a matter of where it ends?

The shared scorer matches a predicted statement to a gold one only when they share at least half of
each side's characters. A statement found but drawn too wide (several results in one span, a
lead-in clause glued on) or too narrow (a fragment, a second piece of one statement) then costs a
miss and a false statement at once. This classifies every unmatched gold statement (FN) and every
unmatched prediction (FP) by its overlap with the other side:

- FN `covered_by_longer`: a prediction holds at least half of the gold statement, but the gold is
  less than half of the prediction (the prediction is too long);
- FN `fragmented`: one or more predictions lie mostly inside it, but none holds half of it;
- FN `taken`: a prediction would match, but the scorer gave it to another gold statement;
- FP `too_long`: it holds at least half of a gold statement but is more than twice as long;
- FP `fragment_of`: at least half of it lies in a gold statement that it does not cover by half;
- FP `duplicate`: it would match a gold statement that another prediction took;
- `no_overlap`: shares less than half of either side with anything.

Two sources (the matching is the shared scorer's, one to one, best first per gold statement):

    python benchmarks/progress_spans.py --gold ../shared/corpus/dev/gold.jsonl --pred out.jsonl [--show]
    python benchmarks/progress_spans.py --real [--show]   # the real yardstick's fully read parts

`--show` prints each case's text (dev and the real corpus only, never check).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def norm(text: str) -> str:
    """As the shared scorer: NFKC, white space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def shared(a: str, b: str) -> int:
    """Characters two texts share, as the shared scorer counts them."""
    if not a or not b or not set(a) & set(b):
        return 0
    return sum(m.size for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


@dataclass
class Case:
    doc: str
    side: str  # "fn" or "fp"
    shape: str
    text: str
    other: str = ""  # the statement on the other side it overlaps most


def _nearest(shares: list[int]) -> int | None:
    """The index of the statement sharing most characters, None when none shares any."""
    best = max(range(len(shares)), key=shares.__getitem__, default=None)
    return best if best is not None and shares[best] else None


def classify(doc: str, golds: Sequence[str], preds: Sequence[str]) -> tuple[int, list[Case]]:
    """Match as the scorer does, then name the shape of each unmatched side; returns tp and cases."""
    g = [norm(t) for t in golds]
    p = [norm(t) for t in preds]
    common = [[shared(gt, pt) for pt in p] for gt in g]
    used: dict[int, int] = {}
    for gi, gt in enumerate(g):
        best, best_pi = 0.0, None
        for pi, pt in enumerate(p):
            c = common[gi][pi]
            if pi in used or c < 0.5 * len(gt) or c < 0.5 * len(pt):
                continue
            if c / max(len(gt), len(pt)) > best:
                best, best_pi = c / max(len(gt), len(pt)), pi
        if best_pi is not None:
            used[best_pi] = gi
    matched_g = set(used.values())
    cases: list[Case] = []
    for gi, gt in enumerate(g):
        if gi in matched_g:
            continue
        row = common[gi]
        shape = "no_overlap"
        if any(row[pi] >= 0.5 * len(gt) and row[pi] >= 0.5 * len(p[pi]) for pi in range(len(p))):
            shape = "taken"
        elif any(row[pi] >= 0.5 * len(gt) for pi in range(len(p))):
            shape = "covered_by_longer"
        elif any(row[pi] >= 0.5 * len(p[pi]) for pi in range(len(p))):
            shape = "fragmented"
        nearest = _nearest(row)
        other = preds[nearest] if nearest is not None else ""
        cases.append(Case(doc, "fn", shape, golds[gi], other))
    for pi, pt in enumerate(p):
        if pi in used:
            continue
        col = [common[gi][pi] for gi in range(len(g))]
        shape = "no_overlap"
        if any(col[gi] >= 0.5 * len(g[gi]) and col[gi] >= 0.5 * len(pt) for gi in range(len(g))):
            shape = "duplicate"
        elif any(col[gi] >= 0.5 * len(g[gi]) for gi in range(len(g))):
            shape = "too_long"
        elif any(col[gi] >= 0.5 * len(pt) for gi in range(len(g))):
            shape = "fragment_of"
        nearest = _nearest(col)
        other = golds[nearest] if nearest is not None else ""
        cases.append(Case(doc, "fp", shape, preds[pi], other))
    return len(used), cases


def dev_pairs(gold: Path, pred: Path) -> list[tuple[str, list[str], list[str]]]:
    """Per gold document: its gold statements' texts and the extractor's."""
    preds: dict[str, list[str]] = {}
    for line in pred.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            preds[Path(row["source"]).stem] = [s["text"] for s in row.get("progress") or []]
    out = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.append((row["id"], [s["text"] for s in row.get("progress") or []], preds.get(row["id"], [])))
    return out


def real_pairs() -> list[tuple[str, list[str], list[str]]]:
    """The real yardstick's documents read whole (a part read whole: the statements that touch it)."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # as `review_word_cover` imports it
    import eval_progress_real as ev

    reads, labels = ev.read_labels()
    out = []
    for meta in ev.sample():
        read = reads.get(meta["id"])
        if read is None or read == "predicted":
            continue
        doc = ev.extracted(meta, "rules")
        lo, hi = 0, len(doc.text)
        if read.startswith("part:"):
            _, first, last = read.split(":")
            lo, hi = int(first), int(last)
        golds = [
            doc.text[int(r["start"]) : int(r["end"])]
            for r in labels
            if r["doc"] == meta["id"] and r["label"] == "gold" and int(r["start"]) < hi and int(r["end"]) > lo
        ]
        preds = [p.text for p in doc.progress if p.start < hi and p.end > lo]
        out.append((meta["id"], golds, preds))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path)
    parser.add_argument("--pred", type=Path)
    parser.add_argument("--real", action="store_true", help="the real yardstick's labels instead")
    parser.add_argument("--show", action="store_true", help="print each case (dev and real only)")
    args = parser.parse_args()
    pairs = real_pairs() if args.real else dev_pairs(args.gold, args.pred)
    tp, cases = 0, []
    for doc, golds, preds in pairs:
        n, found = classify(doc, golds, preds)
        tp += n
        cases += found
    counts = Counter((c.side, c.shape) for c in cases)
    fn = sum(v for (side, _), v in counts.items() if side == "fn")
    fp = sum(v for (side, _), v in counts.items() if side == "fp")
    print(f"tp {tp}  fn {fn}  fp {fp}")
    for (side, shape), n in sorted(counts.items()):
        print(f"  {side} {shape:18s} {n}")
    if args.show:
        for c in sorted(cases, key=lambda c: (c.side, c.shape, c.doc)):
            print(f"\n[{c.side} {c.shape}] {c.doc}: {c.text}")
            if c.other:
                print(f"    ~ {c.other}")


if __name__ == "__main__":
    main()
