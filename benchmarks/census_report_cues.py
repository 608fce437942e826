"""The requirements that reports leave unread: a census over the shared real corpus's reports.

Every sentence of a report (`kind` `report` in `corpus/real/docs.jsonl.gz`: inspection, audit and
rectification items, city work reports, handling letters) that carries a requirement or commitment
cue (`CUE`: `要`, `将`, `需`, `应`, `请`, `确保`, `力争`, `加快`, `建议`, `必须`, `下一步` …) and that no
extracted measure covers (half its characters or more) is counted by where it stands and why no
rule took it:

- `mode`: how the finder reads its place (`plan`: a report's plan part, `review`: its account of
  work done, `news`, `minutes`), and the corpus genre;
- `cause`: `veto` (the rules alone take it, the learned veto drops it), `rule_dropped` (a prose
  rule reads it as a measure but the finder's later filters leave it out: a report's account, a
  group heading), `rejected` (a reject filter), `no_cue` (no rule of its mode reads it).

`--dump FILE` writes each such sentence as JSON Lines, with its document id, for reading by hand;
nothing from the corpus goes into the project. `--titled` counts instead the titled paragraphs of
the reports' plan parts (a short title sentence, then a body) by how much of them measures cover:
the shape `measure.plan_item.v1` reads. The figures of issue 9 are in the CHANGELOG.

    python benchmarks/census_report_cues.py [--dump /tmp/uncovered.jsonl] [--titled]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's code, not the installed one

from duban.base.model import Document, RawDocument, RawPage  # noqa: E402
from duban.extractors.measures import (  # noqa: E402
    _SENTENCE,
    MeasureFinder,
    _is_title_sentence,
    plan_sections,
)
from duban.extractors.registry import get_extractors  # noqa: E402
from duban.pipeline.extract import build_document, extract_document  # noqa: E402

REAL = ROOT.parent / "shared" / "corpus" / "real" / "docs.jsonl.gz"
CUE = re.compile(r"要|将|需|应|请|确保|力争|加快|建议|必须|务必|争取|下一步|限期|推动|推进")
SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")
# Shorter sentences are headings and fragments.
MIN_SENTENCE = 8
# A paragraph shorter than this is no titled task.
MIN_PARAGRAPH = 30

log = logging.getLogger("census_report_cues")


def reports(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if doc["kind"] == "report":
                yield doc


def covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether measures cover at least half of [start, end)."""
    shared = sum(max(0, min(b, end) - max(a, start)) for a, b in spans)
    return shared * 2 >= end - start


def uncovered(doc: Document, spans: list[tuple[int, int]], bare: MeasureFinder) -> Iterator[dict[str, Any]]:
    """The cue sentences of `doc` no measure covers, each with its mode and cause."""
    text = doc.analysis_text
    rule_spans = [(m.start, m.end) for m in bare.find(doc)]
    plans = plan_sections(doc, bare.rules)
    news = bare._news(text)
    for match in SENTENCE.finditer(text):
        start, end = match.start(), match.end()
        sentence = match.group().strip()
        if len(sentence) < MIN_SENTENCE or not CUE.search(sentence) or covered(start, end, spans):
            continue
        mode = bare._mode(doc, start, news, plans)
        rule = bare._prose_rule(sentence, mode)
        if covered(start, end, rule_spans):
            cause = "veto"
        elif rule:
            cause = "rule_dropped"
        else:
            cause = "rejected" if bare._rejected(sentence) else "no_cue"
        yield {"start": start, "end": end, "mode": mode, "rule": rule, "cause": cause, "sentence": sentence}


def titled(doc: Document, spans: list[tuple[int, int]], bare: MeasureFinder) -> Iterator[str]:
    """How much of each titled paragraph in `doc`'s plan part measures cover: none, part, full."""
    text = doc.analysis_text
    plans = plan_sections(doc, bare.rules)
    for block in doc.blocks:
        if block.kind != "paragraph" or block.end - block.start < MIN_PARAGRAPH:
            continue
        if not any(s <= block.start < e for s, e in plans):
            continue
        first = _SENTENCE.match(text, block.start, block.end)
        if not first or first.end() >= block.end or not _is_title_sentence(text[first.start() : first.end()]):
            continue
        shared = sum(max(0, min(b, block.end) - max(a, block.start)) for a, b in spans)
        share = shared / (block.end - block.start)
        yield "none" if share == 0 else "full" if share >= 0.9 else "part"


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=REAL)
    parser.add_argument("--dump", type=Path, help="write each uncovered cue sentence here (JSON Lines)")
    parser.add_argument("--titled", action="store_true", help="count the plan parts' titled paragraphs")
    args = parser.parse_args()
    if not args.corpus.exists():
        log.info("no shared real corpus at %s: nothing to count", args.corpus)
        return 0
    extractors = get_extractors(("rules",))
    bare = MeasureFinder.default(learned=False)
    counts: Counter[tuple[str, str, str]] = Counter()
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    for meta in reports(args.corpus):
        raw = RawDocument(source=f"{meta['id']}.txt", format="text", pages=[RawPage(1, meta["text"], "text")])
        doc = extract_document(build_document(raw, meta["id"]), extractors)
        spans = [(m.start, m.end) for m in doc.measures]
        if args.titled:
            counts.update((meta["genre"], "titled", share) for share in titled(doc, spans, bare))
            continue
        for found in uncovered(doc, spans, bare):
            counts[(meta["genre"], found["mode"], found["cause"])] += 1
            if dump:
                dump.write(json.dumps({"id": meta["id"], **found}, ensure_ascii=False) + "\n")
    if dump:
        dump.close()
    for (genre, mode, cause), n in sorted(counts.items(), key=lambda kv: -kv[1]):
        log.info("%6d  %-12s %-8s %s", n, mode, cause, genre)
    log.info("%6d  in all", sum(counts.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
