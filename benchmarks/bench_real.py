"""The whole extraction over the shared real corpus: time beside bare `jieba.lcut`, errors, measures by kind.

`corpus/real/docs.jsonl.gz` holds 5,864 real documents that nobody tuned the extractors for. This
runs the full text pipeline (normalise, structure, metadata, the chosen extractors) over each one
in memory, exactly as `duban extract` does for a text file, and reports:

- documents/s and KB/s for the pipeline and for bare `jieba.lcut` over the same texts, median of
  `--repeat` runs, and their ratio (the extraction issue asks for at most 2x), in wall time and in
  CPU time of this process (steadier when other jobs load the machine; the load average is printed);
- with `--stages`, the CPU time of each stage (normalise, script, structure, metadata, each finder
  of the rule extractor, merge) beside `jieba.lcut`, to show where a ratio comes from;
- which build ran: the extraction modules compiled by mypyc (`make compile`) or pure Python;
- every document whose extraction raised (none expected), with the exception;
- the distribution of measures per document by the corpus's own kind label.

`--sample N` takes every k-th document so that a quick run still spans all kinds.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import statistics
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jieba

import duban.extractors.measures
from duban.base.model import RawDocument, RawPage
from duban.extractors.extraction import Extraction
from duban.extractors.merge import merge
from duban.extractors.registry import Extractors, get_extractors
from duban.extractors.rules import RuleExtractor
from duban.pipeline.extract import build_document, document_of, extract_document
from duban.pipeline.metadata import parse_metadata
from duban.pipeline.normalize import normalise
from duban.pipeline.structure import parse_structure

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real" / "docs.jsonl.gz"
log = logging.getLogger("bench_real")


def read_corpus(path: Path, sample: int) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle if line.strip()]
    if sample and sample < len(docs):
        step = len(docs) / sample
        docs = [docs[int(i * step)] for i in range(sample)]
    return docs


def raw_documents(docs: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], RawDocument]]:
    for doc in docs:
        source = f"{doc['id']}.txt"
        yield doc, RawDocument(source=source, format="text", pages=[RawPage(1, doc["text"], "text")])


def percentile(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0


def stage_times(docs: list[dict[str, Any]], extractors: Extractors) -> dict[str, float]:
    """CPU seconds of each stage over `docs`, the stages run as `build_document` and the rule
    extractor run them (the same calls, timed one by one)."""
    rules = [m for m in extractors.members if isinstance(m, RuleExtractor)]
    if len(rules) != 1 or len(extractors.members) != 1:
        raise SystemExit("--stages times the rule extractor alone (--extractors rules)")
    finder = rules[0]
    times: dict[str, float] = defaultdict(float)
    clock = time.process_time
    for meta, raw in raw_documents(docs):
        t0 = clock()
        norm = normalise(raw)
        t1 = clock()
        doc = document_of(raw, norm, meta["id"])
        t2 = clock()
        parse_structure(doc)
        t3 = clock()
        doc.meta = parse_metadata(doc)
        t4 = clock()
        measures = finder.measures.find(doc)
        t5 = clock()
        relays = finder.relays.find(doc)
        t6 = clock()
        progress = finder.progress.find(doc)
        t7 = clock()
        merge(doc, [Extraction(finder.name, measures, relays, progress)], extractors.threshold)
        t8 = clock()
        for name, spent in (
            ("normalise", t1 - t0),
            ("script", t2 - t1),
            ("structure", t3 - t2),
            ("metadata", t4 - t3),
            ("measures", t5 - t4),
            ("relays", t6 - t5),
            ("progress", t7 - t6),
            ("merge", t8 - t7),
        ):
            times[name] += spent
    return times


def build() -> str:
    """Which build of the extraction modules runs: `make compile` puts a mypyc-compiled module
    beside each source, and it wins the import (some 20% less time, the same output)."""
    path = duban.extractors.measures.__file__ or ""
    return "pure Python" if path.endswith(".py") else "compiled (mypyc)"


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=REAL)
    parser.add_argument("--sample", type=int, default=0, help="every k-th document, N in all (0: all)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--extractors", default="rules")
    parser.add_argument("--stages", action="store_true", help="also the CPU time of each stage")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not args.corpus.exists():
        log.info("no shared real corpus at %s: nothing to measure", args.corpus)
        return 0
    docs = read_corpus(args.corpus, args.sample)
    size_kb = sum(len(d["text"].encode("utf-8")) for d in docs) / 1024
    extractors = get_extractors(tuple(args.extractors.split(",")))
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()

    errors: dict[str, str] = {}
    counts: dict[str, list[int]] = defaultdict(list)
    pipeline_runs: list[float] = []
    jieba_runs: list[float] = []
    pipeline_cpu: list[float] = []
    jieba_cpu: list[float] = []
    for run in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for meta, raw in raw_documents(docs):
            try:
                built = extract_document(build_document(raw, meta["id"]), extractors)
            except Exception as exc:  # the report names every failure; none is expected
                errors[meta["id"]] = f"{type(exc).__name__}: {exc}"
                continue
            if run == 0:
                counts[meta.get("kind") or "other"].append(len(built.measures))
        pipeline_runs.append(time.perf_counter() - t0)
        pipeline_cpu.append(time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        for meta in docs:
            tokenizer.lcut(meta["text"])
        jieba_runs.append(time.perf_counter() - t0)
        jieba_cpu.append(time.process_time() - c0)

    pipe, seg = statistics.median(pipeline_runs), statistics.median(jieba_runs)
    pipe_cpu, seg_cpu = statistics.median(pipeline_cpu), statistics.median(jieba_cpu)
    log.info(
        "%d documents, %.0f KB, %d run(s), extractors=%s, build: %s",
        len(docs),
        size_kb,
        args.repeat,
        args.extractors,
        build(),
    )
    log.info("%-10s %9s %8s %9s %9s", "stage", "median s", "docs/s", "KB/s", "cpu s")
    log.info("%-10s %9.1f %8.1f %9.1f %9.1f", "pipeline", pipe, len(docs) / pipe, size_kb / pipe, pipe_cpu)
    log.info("%-10s %9.1f %8.1f %9.1f %9.1f", "jieba.lcut", seg, len(docs) / seg, size_kb / seg, seg_cpu)
    log.info("time ratio pipeline / jieba.lcut: %.2f wall, %.2f cpu", pipe / seg, pipe_cpu / seg_cpu)
    log.info("load average: %s", load_average())
    if args.stages:
        times = stage_times(docs, extractors)
        log.info("cpu time by stage (one run) beside jieba.lcut (%.1f s):", seg_cpu)
        for name, spent in times.items():
            log.info("  %-10s %7.2f s  %5.3f", name, spent, spent / seg_cpu)
        log.info("  %-10s %7.2f s  %5.3f", "all", sum(times.values()), sum(times.values()) / seg_cpu)
    log.info("documents with errors: %d", len(errors))
    for doc_id, message in sorted(errors.items())[:20]:
        log.info("  %s %s", doc_id, message)
    log.info(
        "measures per document by kind: %-8s %6s %6s %6s %6s %6s", "", "docs", "zero", "median", "p90", "max"
    )
    for kind, values in sorted(counts.items()):
        zero = sum(1 for v in values if v == 0)
        log.info(
            "  %-8s %6d %6d %6d %6d %6d",
            kind,
            len(values),
            zero,
            int(statistics.median(values)),
            percentile(values, 0.9),
            max(values),
        )
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
