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
A gold span's `reason` says what the rules did with it when it was labelled (`right`, `status`,
`span`, `missed`), or `rejudged` where an earlier label broke the conventions below; a statement
re-judged not to be one is kept as `wrong` with `rejudged` and an empty `rule` (it was labelled,
not predicted), so that it stays a negative for training wherever the text was read.

How a statement is judged: one way for every label, as the labels are a training set as well as a
yardstick (stop 54; the spec's definition of progress and its conventions, `EXTRACTION.md`, with
dev's gold where they leave room):
- Unit: one statement per sentence, or per `；`-clause where each clause states its own action or
  finding, split further only where the status changes (`…已覆盖城乡，但…尚未建立` is two).
- Figures: in a review of the period (a work report's review, a read-out's `会议指出/认为` review, an
  audit's results), every sentence stating a figure reached or a result achieved is `done`, economic
  figures included (dev: `城乡居民人均可支配收入分别增长5.1%和6.9%`), whether or not it names a
  target; a trend without a figure (`趋于稳定`, `进一步提高`, `加快`, `保持稳定`) and a stage reached
  (`已进入攻坚阶段`) are `in_progress`. Targets and forecasts (`增长6%左右`, `预计…`) are not.
- Background: the setting a text starts from (the world economy, `当前…面临`, a topic's importance,
  what a regulation provides, a document's evaluation of itself), and a general assessment of a
  period or of a body's role that names no task the document deals with (dev GL03 `过去五年…各项
  事业取得显著成绩`, GF01 `近年来，审计机关…发挥了重要作用`), are not progress; the review of the
  task it deals with is (GF01 `审计发现的问题及时得到纠正`, GL09 `…工作取得阶段性重大成果`). So is
  the weight a policy, a system or a body's work carried (`…对…发挥了重要作用`, `…起到了重要作用`,
  `积累了宝贵经验`), even with trends beside it (GF01 `社会保障体系不断完善，收支规模不断扩大，为…
  发挥了重要作用`: nothing), unless it names the results themselves (GL14 `…推出了一大批…成果，有效
  发挥了…作用`: `done`). A
  difficulty or shortfall the review names (`产能过剩的矛盾仍然突出`, `基础还不够稳固`, dev GG11)
  is `lagging`; a lead-in to them (`还存在不少困难和问题`) is not; a sentence weighing both
  (`势头总的很好，但任务仍然艰巨繁重`, dev GL09) is one `in_progress` statement.
- A body's reported actions: work a body carried out (`…开展了…`, `召开…会议`, `印发了…`, an
  inspection team `派出`/`进驻`/`启程分赴…开展督查`) is `done`; its announced next
  step with a time or in a news item about it (`将于近日进驻`, `拟于10月开展第七次大督查`, `…巡视将对
  …开展专项巡视`) is `planned`. Not progress: the event the text itself records (the meeting being
  held, `会议听取了…汇报`, `审议通过`, a notice being issued, `日前…进行公开通报`, a reporter's
  narrative), a relayed document's or speech's summary (`全会高度评价…`), and a body's own
  commitment in its minutes (`国务院将…`, a measure). An inspection's feedback told as the event
  (`督察组近日陆续向…反馈督察意见`, dev GG05: nothing; `…分别向…反馈了巡视情况`, `召开…反馈会议`,
  `向…通报了巡视发现的重要问题`) and an audit's own work told in its results (`审计署组织…重点审计了
  …`, `审计了…个单位…项目`, dev GF01: nothing) are that event too; the round's feedback stated
  complete is `done` (`…已经完成了对8个省(区)督察意见的反馈`, dev GG06; `…反馈工作全部完成`).
- Findings of an inspection, an audit or a notice of cases: each problem found, each named case
  (`某某违规收受礼金问题`) is `lagging`, one per case, its named persons or bodies included (dev
  GG13, GK08 and GD15 span the sentence from its subject); a sentence that names all the persons
  first and the misconduct after (`甲，乙…等人违规…等，受到严肃处理`), or lists the cases joined
  by `、`/`，`, is one case statement up to the sanction; what was done about them (`受到严肃处理`,
  `已向…出具整改建议函`, `问责…人`), and a case told with its sanction as its predicate (`某某等人
  因…不力被问责`, dev GG13 `对事故负有主要责任的…受到…处分`), are `done`; rectification required
  (`要求…整改`) is a measure. Dev is split on misconduct an audit finds (GF01 counts `…存在…违纪违规
  等问题` as lagging, GG01 not `审计查出虚报套取…问题金额169.32亿元`); the labels count it, as most
  earlier labels of notices did; check decides which way the rules go.
- The model's additions are judged by the same rules, no more leniently; a prediction wrong only
  for its bounds is labelled `span`, a piece of a statement `fragment` (neither is a negative for
  training).
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
