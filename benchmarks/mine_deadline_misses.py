"""Time expressions the deadline finder leaves unread on real text, clustered by shape.

The deadline rules were written against dev; on documents nobody tuned them for their recall falls
(check far below dev). This runs the whole pipeline over the genres of the shared real corpus that
carry measures (administrative policies, work reports, inspection items, meeting read-outs), and
inside every extracted measure lists the time-like spans (`N年`, `季度`, `当年`, `…日前`, `期间`, …)
that no extracted deadline covers. Spans are grouped by shape (digits → D, Chinese numerals → N)
with counts and a few contexts, so that a new rule answers a frequent shape, not one document.
`--found` instead lists the deadlines found, by rule, with contexts: where false positives show.
`--ends 前年度天` reads as the lead's aggregate probe on check does (`free-` windows): at every
character of a measure that is one of those, the shortest span ending there that holds a time
character before it and that no found deadline overlaps, counted by shape: what such a probe gains on.

Nothing from the corpus is written into the project; the output is for reading.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import random
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from duban.base.model import Document, Measure, RawDocument, RawPage
from duban.extractors.registry import get_extractors
from duban.pipeline.extract import build_document, extract_document

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real" / "docs.jsonl.gz"
# Genres whose documents assign work; laws and news items rarely hold measures with bounds.
# Regulations (行政法规, 部门规章, 地方性法规) are left out by default: they are many, and their bounds
# are on parties rather than on units; `--genres` reads them (days counted back from an event, `在开工
# 前三十日内`, were found there).
GENRES = {
    "gov.cn国务院文件",
    "地方政策文件",
    "政府工作报告",
    "督查整改审计通报",
    "工作会议",
    "国务院常务会议",
    "党组会议",
    "国务院党组会议",
    "督查部署新闻",
}
TIME_LIKE = re.compile(
    r"(?:\d|[一二两三四五六七八九十〇○]){1,4}(?:个)?(?:年|月|日|季度|周|工作日|天|小时)"
    r"|年内|年底|年末|全年|当年|今年|明年|近期|今后|每[年月季周日天半两三]|按[月季年周]"
    r"|期间|时期|之日|届满|[日月年]前|[日月年]起|上半年|下半年|季度"
    r"|月份|[点时]前|下班前|节前|节后|[“\"]?(?:五一|十一|国庆|春节|元旦|端午|中秋)[”\"]?前"
)
# Spans that say nothing by themselves (`期间`, `时期`, `之日`, `届满`): a shape of one keeps the two
# characters before it (`九五”~期间`, `假日~期间`), so that one kind of period is counted apart from others.
_BARE = frozenset({"期间", "时期", "之日", "届满"})
log = logging.getLogger("mine_deadline_misses")


def documents(
    path: Path, every: int, genres: frozenset[str] = frozenset(GENRES)
) -> list[tuple[dict[str, Any], Document]]:
    """The chosen genres built and extracted in memory, as `duban extract` does for a text file;
    `every` keeps one meeting read-out in that many (they are many and alike)."""
    extractors = get_extractors(("rules",))
    kept: list[tuple[dict[str, Any], Document]] = []
    seen: Counter[str] = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            meta = json.loads(line)
            genre = meta.get("genre")
            if genre not in genres:
                continue
            seen[genre] += 1
            if genre == "国务院常务会议" and seen[genre] % every:
                continue
            raw = RawDocument(
                source=f"{meta['id']}.txt", format="text", pages=[RawPage(1, meta["text"], "text")]
            )
            kept.append((meta, extract_document(build_document(raw, meta["id"]), extractors)))
    return kept


def shape(span: str) -> str:
    return re.sub(r"[一二两三四五六七八九十〇○零]+", "N", re.sub(r"\d+", "D", span))


def misses(docs: list[tuple[dict[str, Any], Document]], top: int, follow: int = 0) -> None:
    """Uncovered time-like spans by shape; `follow` > 0 adds that many following characters to
    the shape (`今年+开工`), to tell a bound's verb from a noun the time word qualifies."""
    counts: Counter[str] = Counter()
    sources: dict[str, set[str]] = defaultdict(set)
    examples: dict[str, list[str]] = defaultdict(list)
    for meta, doc in docs:
        for measure in doc.measures:
            covered = {i for d in measure.deadlines for i in range((d.start or 0), (d.end or 0))}
            # A measure lists a deadline once: its other occurrences are read, too.
            for d in measure.deadlines:
                for again in re.finditer(re.escape(d.text), measure.text) if d.text else ():
                    covered.update(range(measure.start + again.start(), measure.start + again.end()))
            for m in TIME_LIKE.finditer(measure.text):
                at = measure.start + m.start()
                if covered & set(range(at, at + len(m.group()))):
                    continue
                key = shape(m.group())
                if m.group() in _BARE:  # `期间` alone lumps every period: the words before tell them apart
                    key = shape(measure.text[max(0, m.start() - 2) : m.start()]) + "~" + key
                if follow:
                    key += "+" + measure.text[m.end() : m.end() + follow].replace("\n", " ")
                counts[key] += 1
                sources[key].add(meta["id"])
                if len(examples[key]) < 4:
                    context = measure.text[max(0, m.start() - 8) : m.end() + 8].replace("\n", " ")
                    examples[key].append(f"{meta['id']}:{context}")
    # A shape seen in one document only is no ground for a rule: list those seen in two or more.
    for key, n in counts.most_common():
        if len(sources[key]) < 2:
            continue
        top -= 1
        if top < 0:
            break
        log.info("%5d %4d docs %-10s %s", n, len(sources[key]), key, " | ".join(examples[key]))


# What makes a window time-like: the aggregate probes' characters, and the words that make a year or
# a day one (`全年`, `当天`, `上半年`, `次日`).
TIME_CHAR = re.compile(r"[0-9零一二三四五六七八九十两每本今明年月日季周天期底当全上下半次]")
_WINDOW = 13  # the longest window the probes read


def core_windows(text: str, ends: str, taken: set[int]) -> list[tuple[int, str]]:
    """(start, span) of the shortest window (up to 13 characters) ending at each character of
    `ends` in `text` that holds a time character before that end and no character of `taken`: what
    a probe adding every such window would match first. The end itself (`年`, `天`) is not counted
    as the time character, or every `青年` and `蓝天` would be one."""
    out: list[tuple[int, str]] = []
    for end, char in enumerate(text):
        if char not in ends or end in taken:
            continue
        for start in range(end, max(-1, end - _WINDOW), -1):
            if start in taken:
                break
            if TIME_CHAR.search(text, start, end):
                out.append((start, text[start : end + 1]))
                break
    return out


def read_offsets(measure: Measure) -> set[int]:
    """The offsets in a measure's text that its deadlines cover; a measure lists a deadline once,
    so the other occurrences of its text count as read, too."""
    taken = {
        i - measure.start
        for d in measure.deadlines
        for i in range(d.start or measure.start, d.end or measure.start)
    }
    for d in measure.deadlines:
        for again in re.finditer(re.escape(d.text), measure.text) if d.text else ():
            taken.update(range(again.start(), again.end()))
    return taken


def windows(docs: list[tuple[dict[str, Any], Document]], ends: str, top: int) -> None:
    """Uncovered windows ending in `ends`, by shape, with the two characters before each: the
    shapes the aggregate probes' `free-` windows gain on, so that a rule answers a frequent one."""
    counts: Counter[str] = Counter()
    sources: dict[str, set[str]] = defaultdict(set)
    examples: dict[str, list[str]] = defaultdict(list)
    for meta, doc in docs:
        for measure in doc.measures:
            taken = read_offsets(measure)
            for start, span in core_windows(measure.text, ends, taken):
                key = shape(span)
                counts[key] += 1
                sources[key].add(meta["id"])
                if len(examples[key]) < 4:
                    context = measure.text[max(0, start - 8) : start + len(span) + 8].replace("\n", " ")
                    examples[key].append(f"{meta['id']}:{context}")
    for key, n in counts.most_common(top):
        log.info("%5d %4d docs %-10s %s", n, len(sources[key]), key, " | ".join(examples[key]))


def found(docs: list[tuple[dict[str, Any], Document]], per_rule: int) -> None:
    by_rule: dict[str, list[str]] = defaultdict(list)
    for meta, doc in docs:
        for measure in doc.measures:
            for d in measure.deadlines:
                a, b = (d.start or 0) - measure.start, (d.end or 0) - measure.start
                context = f"{measure.text[max(0, a - 12) : a]}[{d.text}]{measure.text[b : b + 10]}"
                by_rule[d.provenance or "?"].append(f"{meta['id']}:{context.replace(chr(10), ' ')}")
    rng = random.Random(1)
    for rule, items in sorted(by_rule.items(), key=lambda kv: -len(kv[1])):
        log.info("%5d %s", len(items), rule)
        for item in rng.sample(items, min(per_rule, len(items))):
            log.info("        %s", item)


def corpus_parser(doc: str | None) -> argparse.ArgumentParser:
    """The arguments every real-corpus deadline miner takes: the corpus, how many read-outs to
    skip, the genres to read."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REAL)
    parser.add_argument("--every", type=int, default=4, help="one State Council read-out in N")
    parser.add_argument(
        "--genres",
        default=",".join(sorted(GENRES)),
        help="comma-separated genres to read (regulations: 行政法规,部门规章,地方性法规)",
    )
    return parser


def main() -> int:
    parser = corpus_parser(__doc__)
    parser.add_argument("--top", type=int, default=60, help="shapes to list")
    parser.add_argument("--found", action="store_true", help="list found deadlines by rule instead")
    parser.add_argument("--follow", type=int, default=0, help="characters after a span kept in its shape")
    parser.add_argument(
        "--ends", default="", help="list uncovered windows ending in these characters instead"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not args.corpus.exists():
        log.info("no shared real corpus at %s: nothing to mine", args.corpus)
        return 0
    docs = documents(args.corpus, args.every, frozenset(args.genres.split(",")))
    log.info("%d documents, %d measures", len(docs), sum(len(d.measures) for _, d in docs))
    if args.found:
        found(docs, 8)
    elif args.ends:
        windows(docs, args.ends, args.top)
    else:
        misses(docs, args.top, args.follow)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
