"""The hand labels of progress on real documents (`benchmarks/progress_real_labels.jsonl`): their
format, how a document's statements are scored against them, and the documents they were read on.

Two users read these labels: the yardstick (`benchmarks/eval_progress_real.py`), which scores the
extractor's output, and the progress model's training (`progress_train`), which learns from them
and, cross-validating by document, scores what a held-out model would add. Both must read a label,
a read mode and a match the same way, or the training's held-out figure and the yardstick's would
measure different things; so the reading and the scoring live here, once.

Label lines:
- `{"doc": id, "read": "full"|"predicted"}`: `full` when the whole document was read for missed
  statements (recall counts there), `predicted` when only the predictions were judged (long work
  reports: precision only); `{"doc": id, "read": "part", "start", "end"}` when one part was read
  whole (a work report's review): inside it as `full`, outside it as `predicted`;
- `{"doc", "start", "end", "sha", "label": "gold", "status", "reason"}`: a statement;
- `{"doc", "start", "end", "sha", "label": "wrong", "status", "reason", "rule"}`: a prediction
  judged not a statement, with why.
Offsets are into the extracted document's text (`Document.text`); only a short hash of each span
is stored, never its text, so that a change of normalisation that shifts offsets is caught.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parents[3]
LABELS = ROOT / "benchmarks" / "progress_real_labels.jsonl"
REAL = ROOT.parent / "shared" / "corpus" / "real" / "docs.jsonl.gz"


@dataclass(frozen=True)
class Span:
    doc: str
    start: int
    end: int
    status: str
    rule: str = ""


class Stated(Protocol):
    """A predicted statement as the scoring reads it (`Progress` is one)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def status(self) -> str: ...

    @property
    def provenance(self) -> str: ...


class Read(Protocol):
    """A document as the scoring reads it: its text and its statements (`Document` is one)."""

    @property
    def text(self) -> str: ...

    @property
    def progress(self) -> Sequence[Stated]: ...


def sha(text: str) -> str:
    """A short fingerprint of a span: detects shifted offsets without storing the text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def overlap(a: Stated | Span, b: Span) -> bool:
    """The shared scorer's match on offsets: shared characters at least half of each side."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared > 0 and shared * 2 >= a.end - a.start and shared * 2 >= b.end - b.start


def read_labels(path: Path = LABELS) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """How each document was read (`full`, `predicted`, or `part` as `part:start:end`) and its spans."""
    reads: dict[str, str] = {}
    spans: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if "read" in row:
            reads[row["doc"]] = f"part:{row['start']}:{row['end']}" if row["read"] == "part" else row["read"]
        else:
            spans.append(row)
    return reads, spans


def read_at(read: str, start: int, end: int) -> str:
    """How the text at a span was read: a part read whole counts as `full` inside its bounds."""
    if not read.startswith("part:"):
        return read
    _, lo, hi = read.split(":")
    return "full" if start < int(hi) and end > int(lo) else "predicted"


def real_texts(ids: Iterable[str], path: Path = REAL) -> dict[str, dict[str, Any]]:
    """The real corpus's records (id, kind, genre, text) of the documents `ids`."""
    wanted = set(ids)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        found = (json.loads(line) for line in handle if line.strip())
        return {d["id"]: d for d in found if d["id"] in wanted}


def ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def score(docs: Mapping[str, Read], reads: dict[str, str], labels: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision per rule and overall, recall over fully read documents, status accuracy.

    A prediction matches a gold statement one to one (`overlap`); one that matches none is wrong
    where the text was read whole or where it overlaps a label, else (a `predicted` document's
    unlabelled text) unjudged, counted apart."""
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in labels:
        if row["doc"] not in docs:
            continue
        text = docs[row["doc"]].text[row["start"] : row["end"]]
        if sha(text) != row["sha"]:
            raise SystemExit(f"{row['doc']} {row['start']}:{row['end']}: offsets shifted (hash differs)")
        by_doc[row["doc"]].append(row)
    rules: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for doc_id, doc in docs.items():
        gold = [
            Span(doc_id, r["start"], r["end"], r["status"]) for r in by_doc[doc_id] if r["label"] == "gold"
        ]
        wrong = [
            Span(doc_id, r["start"], r["end"], r["status"]) for r in by_doc[doc_id] if r["label"] == "wrong"
        ]
        used: set[int] = set()
        for p in doc.progress:
            rule = p.provenance.removeprefix("rule:")
            read = read_at(reads[doc_id], p.start, p.end)
            hit = next((i for i, g in enumerate(gold) if i not in used and overlap(p, g)), None)
            if hit is not None:
                used.add(hit)
                outcome = "tp"
                total["status_ok"] += p.status == gold[hit].status
            elif read == "full" or any(overlap(p, w) for w in wrong) or any(overlap(p, g) for g in gold):
                outcome = "fp"
            else:
                outcome = "unjudged"
            rules[rule][outcome] += 1
            total[outcome] += 1
            total[f"{outcome}_{read}"] += 1
        if reads[doc_id] != "predicted":
            # A part read whole counts its statements apart too: long work reports fail otherwise.
            where = "part" if reads[doc_id].startswith("part:") else "short"
            total["gold_full"] += len(gold)
            total["matched_full"] += len(used)
            total[f"gold_{where}"] += len(gold)
            total[f"matched_{where}"] += len(used)
    tp, fp = total["tp"], total["fp"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = total["matched_full"] / total["gold_full"] if total["gold_full"] else 0.0
    return {
        "precision": round(precision, 3),
        "recall_full": round(recall, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "status": round(total["status_ok"] / tp, 3) if tp else 0.0,
        "tp": tp,
        "fp": fp,
        "unjudged": total["unjudged"],
        # Short documents read whole (inspections, minutes, news, letters) apart from long work
        # reports whose predictions only were judged: the two genres fail differently.
        "precision_full": ratio(total["tp_full"], total["tp_full"] + total["fp_full"]),
        "precision_predicted": ratio(total["tp_predicted"], total["tp_predicted"] + total["fp_predicted"]),
        "gold_full": total["gold_full"],
        "recall_short": ratio(total["matched_short"], total["gold_short"]),
        "recall_part": ratio(total["matched_part"], total["gold_part"]),
        "gold_part": total["gold_part"],
        "rules": {
            rule: {
                **dict(c),
                "precision": round(c["tp"] / (c["tp"] + c["fp"]), 3) if c["tp"] + c["fp"] else None,
            }
            for rule, c in sorted(rules.items(), key=lambda kv: -sum(kv[1].values()))
        },
    }
