"""Planned and lagging statement forms on real text, counted, with whether the progress finder reads them.

The spec's `planned` (a task given a new date: `预计年底前完成`) and `lagging` (`尚未`, `未达序时进度`,
`进度滞后`) statements are rarer than `done` ones, so dev holds few of them and the rules for them were
written from a handful. This reads the genres of the shared real corpus that report progress (work
reports, inspection and rectification items, meeting read-outs, inspection news), finds every clause
(cut at `，；。`) that carries one of the candidate forms in `FORMS` (a cue word near a date or a task
word), and counts per form: clauses, documents, and how many the finder covers (a statement of the
form's status overlaps the cue), and, with `--show FORM`, each clause of a form (digits → D) with what the finder made of it.
`下一步将…` without a date is counted as a control: the spec does not make it progress.

Nothing from the corpus is written into the project; the output is for reading.

    python benchmarks/mine_progress_forms.py [--limit N] [--show FORM]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's code, not the installed one

from duban.base.model import RawDocument, RawPage  # noqa: E402
from duban.extractors.registry import get_extractors  # noqa: E402
from duban.pipeline.extract import build_document, extract_document  # noqa: E402

REAL = ROOT.parent / "shared" / "corpus" / "real" / "docs.jsonl.gz"
GENRES = {"督查整改审计通报", "政府工作报告", "国务院常务会议", "工作会议", "党组会议", "督查部署新闻"}
_DATE = r"(?:\d{4}年|今年|年内|年底|年末|\d{1,2}月|月底|月末|上半年|下半年|\d{1,2}日|近期|本月|下月)"
# Candidate forms: (name, status the spec gives it, pattern). A form names a shape, not a document.
FORMS: list[tuple[str, str, str]] = [
    ("预计…完成", "planned", r"预计[^，,；;。]{0,20}(?:完成|建成|投用|投产|实现|竣工|到位)"),
    ("计划+日期", "planned", r"计划(?:于|在|到)?" + _DATE),
    ("力争+日期", "planned", r"力争[^，,；;。]{0,6}" + _DATE),
    ("将于+日期", "planned", r"(?:将于|拟于|定于)" + _DATE),
    ("有望…完成", "planned", r"有望[^，,；;。]{0,12}(?:完成|建成|实现|投用)"),
    ("日期+前完成", "planned", _DATE + r"[^，,；;。]{0,4}前(?:全部|全面)?(?:完成|建成|办结|到位)"),
    ("下一步将(对照)", "none", r"下一步[，,]?(?:将|我们将)"),
    ("尚未", "lagging", r"尚未"),
    ("仍未/还未", "lagging", r"(?:仍未|还未|至今未|迟迟未)"),
    ("未达序时进度", "lagging", r"未(?:达到?|完成)序时进度"),
    ("进度滞后", "lagging", r"(?:进度|进展|工作)[^，,；;。]{0,2}滞后"),
    ("进展缓慢", "lagging", r"(?:进展|推进|进度)[^，,；;。]{0,2}(?:缓慢|较慢|偏慢)"),
    ("未按期/逾期", "lagging", r"(?:未按期|未按时|逾期未|未如期)"),
    ("未完成", "lagging", r"(?:未完成|没有完成|未能完成)"),
    ("未开工", "lagging", r"(?:未开工|未动工|尚未开工)"),
    ("差距", "lagging", r"(?:存在差距|差距较大|有较大差距)"),
]
_CLAUSE = re.compile(r"[^，,；;。！？!?\n]+")


def shape(text: str) -> str:
    return re.sub(r"\d+", "D", text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="read at most this many documents")
    parser.add_argument("--show", default="", help="print every clause of this form, with coverage")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    compiled = [(name, status, re.compile(p)) for name, status, p in FORMS]
    extractors = get_extractors(("rules",))
    clauses: Counter[str] = Counter()
    covered: Counter[str] = Counter()
    right: Counter[str] = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    read = 0
    with gzip.open(REAL, "rt", encoding="utf-8") as handle:
        for line in handle:
            meta: dict[str, Any] = json.loads(line)
            if meta.get("genre") not in GENRES:
                continue
            if not any(p.search(meta["text"]) for _, _, p in compiled):
                continue
            raw = RawDocument(
                source=f"{meta['id']}.txt", format="text", pages=[RawPage(1, meta["text"], "text")]
            )
            doc = extract_document(build_document(raw, meta["id"]), extractors)
            read += 1
            text = doc.analysis_text
            for clause in _CLAUSE.finditer(text):
                for name, status, pattern in compiled:
                    found = pattern.search(clause.group())
                    if found is None:
                        continue
                    cs, ce = clause.start() + found.start(), clause.start() + found.end()
                    over = [p for p in doc.progress if p.start < ce and p.end > cs]
                    clauses[name] += 1
                    docs[name].add(meta["id"])
                    covered[name] += bool(over)
                    right[name] += any(p.status == status for p in over)
                    if name == args.show:
                        mark = ",".join(sorted({p.status for p in over})) or "-"
                        print(f"{meta['id']}\t{mark}\t{shape(clause.group().strip())[:60]}")
            if args.limit and read >= args.limit:
                break
    print(f"documents read: {read}")
    print(f"{'form':16}{'status':>10}{'clauses':>9}{'docs':>6}{'covered':>9}{'as status':>10}")
    for name, status, _ in FORMS:
        print(f"{name:16}{status:>10}{clauses[name]:9}{len(docs[name]):6}{covered[name]:9}{right[name]:10}")


if __name__ == "__main__":
    main()
