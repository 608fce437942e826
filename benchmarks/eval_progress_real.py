"""Progress statements scored against hand labels on real documents: a yardstick that is not dev.

Dev can no longer referee the progress rules (they were tuned on it), and check may be read only
in aggregate. This samples ~40 documents of the genres that carry progress from the shared real
corpus (`corpus/real/docs.jsonl.gz`, by a fixed seed, `SAMPLE`), then 32 more of the short genres
(inspection notices, read-outs, inspection news; `SAMPLE_WIDE`, its own seed, all read whole, so
that recall is measured on ~150 statements, not 48), and scores the extractor against
`progress_real_labels.jsonl`, which holds, per document, how it was read and the statements a
reader judged by the spec's definition, as character offsets into the extracted document's text
(`Document.text`), a status and a reason; never corpus text, only a short hash of each span so that
a change of normalisation that shifts the offsets is caught instead of scoring nonsense.

Label lines:
- `{"doc": id, "read": "full"|"predicted"}`: `full` when the whole document was read for missed
  statements (recall counts there), `predicted` when only the predictions were judged (long work
  reports: precision only); `{"doc": id, "read": "part", "start", "end"}` when one part was read
  whole (a work report's review): inside it as `full`, outside it as `predicted`;
- `{"doc", "start", "end", "sha", "label": "gold", "status", "reason"}`: a statement (a right
  prediction, `reason` "right"; a corrected span or status, `reason` "span"/"status"; a missed
  one, `reason` "missed");
- `{"doc", "start", "end", "sha", "label": "wrong", "status", "reason", "rule"}`: a prediction
  judged not a statement, with why (`not_progress`, `plan`, `requirement`, `proceedings`,
  `problem_found`, `background`, `fragment`), kept for the record.

A prediction matches a gold statement as the shared scorer matches (shared characters at least
half of each side, one to one). Precision is read per rule id (the prediction's provenance); a
prediction in a `predicted` document that matches no label at all is counted apart as unjudged,
not as wrong. Usage:

    python benchmarks/eval_progress_real.py            # scores, per rule
    python benchmarks/eval_progress_real.py --dump ID  # predictions of one document, for judging
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's code, not the installed one

from duban.base.model import Document, Progress, RawDocument, RawPage  # noqa: E402
from duban.extractors.registry import get_extractors  # noqa: E402
from duban.pipeline.extract import build_document, extract_document  # noqa: E402

REAL = ROOT.parent / "shared" / "corpus" / "real" / "docs.jsonl.gz"
LABELS = Path(__file__).with_name("progress_real_labels.jsonl")
SEED = 20261203
# (kind, genre) → how many documents: the genres of the real corpus that carry progress.
SAMPLE: dict[tuple[str, str], int] = {
    ("report", "督查整改审计通报"): 14,
    ("report", "政府工作报告"): 4,
    ("report", "gov.cn国务院文件"): 2,
    ("minutes", "国务院常务会议"): 5,
    ("minutes", "工作会议"): 4,
    ("minutes", "党组会议"): 2,
    ("minutes", "中央政治局会议"): 2,
    ("minutes", "国务院全体会议"): 1,
    ("other", "督查部署新闻"): 6,
}
# A second draw (its own seed, none of the first draw's documents), all read whole: the short genres
# where recall was measured on too few statements (read-outs, inspection notices and news).
SEED_WIDE = 20261204
SAMPLE_WIDE: dict[tuple[str, str], int] = {
    ("report", "督查整改审计通报"): 12,
    ("minutes", "国务院常务会议"): 6,
    ("minutes", "工作会议"): 5,
    ("minutes", "党组会议"): 2,
    ("minutes", "国务院党组会议"): 2,
    ("other", "督查部署新闻"): 5,
}
# A third draw (its own seed, none of the earlier documents): more of the genres that carry most
# statements, the inspection and rectification items, read-outs and city work reports, whose review
# part (the first section, last year's work) is read whole (`"read": "part"` with its bounds).
SEED_THIRD = 20261205
SAMPLE_THIRD: dict[tuple[str, str], int] = {
    ("report", "督查整改审计通报"): 14,
    ("minutes", "国务院常务会议"): 4,
    ("minutes", "工作会议"): 4,
    ("other", "督查部署新闻"): 3,
    ("report", "政府工作报告"): 2,
}
log = logging.getLogger("eval_progress_real")


@dataclass(frozen=True)
class Span:
    doc: str
    start: int
    end: int
    status: str
    rule: str = ""


def sha(text: str) -> str:
    """A short fingerprint of a span: detects shifted offsets without storing the text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def draw(
    docs: list[dict[str, Any]], seed: int, counts: dict[tuple[str, str], int], taken: set[str]
) -> list[dict[str, Any]]:
    """For each genre, a seeded draw of its ids, leaving out the documents already `taken`."""
    rng = random.Random(seed)
    chosen: list[dict[str, Any]] = []
    for (kind, genre), n in counts.items():
        pool = sorted(
            (d for d in docs if d["kind"] == kind and d["genre"] == genre and d["id"] not in taken),
            key=lambda d: d["id"],
        )
        chosen += rng.sample(pool, n)
    return chosen


def sample(path: Path = REAL) -> list[dict[str, Any]]:
    """The sampled documents, in a fixed order: the first draw, then the wider second one."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle if line.strip()]
    first = draw(docs, SEED, SAMPLE, set())
    second = draw(docs, SEED_WIDE, SAMPLE_WIDE, {d["id"] for d in first})
    return first + second + draw(docs, SEED_THIRD, SAMPLE_THIRD, {d["id"] for d in first + second})


def extracted(meta: dict[str, Any], extractors: str) -> Document:
    raw = RawDocument(source=f"{meta['id']}.txt", format="text", pages=[RawPage(1, meta["text"], "text")])
    return extract_document(build_document(raw, meta["id"]), get_extractors(tuple(extractors.split(","))))


def overlap(a: Span | Progress, b: Span) -> bool:
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared > 0 and shared * 2 >= a.end - a.start and shared * 2 >= b.end - b.start


def read_labels(path: Path) -> tuple[dict[str, str], list[dict[str, Any]]]:
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


def ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def score(docs: dict[str, Document], reads: dict[str, str], labels: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision per rule and overall, recall over fully read documents, status accuracy."""
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in labels:
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


def dump(doc: Document) -> None:
    """Each prediction with its offsets, status, rule and context, for a reader to judge."""
    print(f"== {doc.source} kind={doc.meta.kind} chars={len(doc.text)}")
    for p in doc.progress:
        before = doc.text[max(0, p.start - 25) : p.start].replace("\n", "⏎")
        print(f"{p.start}:{p.end} {p.status} {p.provenance} sha={sha(doc.text[p.start : p.end])}")
        print(f"   …{before}【{p.text}】")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--extractors", default="rules")
    parser.add_argument(
        "--dump", nargs="*", help="print the predictions of these documents (all: none given)"
    )
    parser.add_argument("--list", action="store_true", help="print the sampled ids, kinds and genres")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    chosen = sample()
    if args.list:
        for meta in chosen:
            print(meta["id"], meta["kind"], meta["genre"], meta["chars"])
        return
    if args.dump is not None:
        for meta in chosen:
            if not args.dump or meta["id"] in args.dump:
                dump(extracted(meta, args.extractors))
        return
    reads, labels = read_labels(args.labels)
    docs = {meta["id"]: extracted(meta, args.extractors) for meta in chosen if meta["id"] in reads}
    print(json.dumps(score(docs, reads, labels), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
