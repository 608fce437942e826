"""Extraction throughput: KB/s of `duban extract` over text beside bare `jieba.lcut` on the same text.

Runs the whole pipeline (normalise, structure, metadata, rules) over the shared dev and seed texts,
or over the bundled samples when the shared corpus is absent, or with `--real N` over N documents
spread over the shared real corpus (every k-th: all kinds, texts nobody tuned for); prints medians
and the ratio in wall time and in CPU time of this process. The issue's goal (time ≤ 0.4 × jieba)
is read on the CPU column: on a machine other jobs load, wall time measures them too.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from pathlib import Path

import jieba

from duban.base.model import RawDocument, RawPage
from duban.extractors.registry import get_extractors
from duban.pipeline.extract import build_document, extract_document
from duban.pipeline.loaders import load

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"


def corpus() -> list[Path]:
    files = sorted((SHARED / "dev").glob("*.txt")) + sorted((SHARED / "seed").glob("*.txt"))
    return files or sorted((ROOT / "samples").glob("*.txt"))


def real_documents(path: Path, count: int) -> list[RawDocument]:
    """`count` documents of a `docs.jsonl.gz` corpus taken evenly over it (the first of every k),
    as `duban extract` reads a text file of each."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        docs = [json.loads(line) for line in handle if line.strip()]
    step = max(1, len(docs) // max(count, 1))
    return [
        RawDocument(source=f"{doc['id']}.txt", format="text", pages=[RawPage(1, doc["text"], "text")])
        for doc in docs[::step][:count]
    ]


def time_it(fn, repeat: int) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    """(wall, CPU) seconds of each of `repeat` runs."""
    runs = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        runs.append((time.perf_counter() - t0, time.process_time() - c0))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--extractors", default="rules")
    parser.add_argument("--real", type=int, default=0, metavar="N", help="N documents of corpus/real instead")
    args = parser.parse_args()
    if args.real:
        raws = real_documents(SHARED / "real" / "docs.jsonl.gz", args.real)
        what = f"{len(raws)} real documents"
    else:
        raws = [load(p) for p in corpus()]
        what = f"{len(raws)} files"
    texts = ["\n".join(page.text for page in raw.pages) for raw in raws]
    size_kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    extractors = get_extractors(tuple(args.extractors.split(",")))
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    docs = [build_document(raw) for raw in raws]

    def full() -> None:
        for raw in raws:
            extract_document(build_document(raw), extractors)

    def rules_only() -> None:
        for doc in docs:
            extractors.run(doc)

    def lcut() -> None:
        for text in texts:
            tokenizer.lcut(text)

    full()
    results = {
        "pipeline": time_it(full, args.repeat),
        "extractors": time_it(rules_only, args.repeat),
        "jieba.lcut": time_it(lcut, args.repeat),
    }
    jieba_wall = statistics.median(wall for wall, _ in results["jieba.lcut"])
    jieba_cpu = statistics.median(cpu for _, cpu in results["jieba.lcut"])
    print(f"{what}, {size_kb:.1f} KB of text, {args.repeat} runs, extractors={args.extractors}")
    print(
        f"{'stage':<12} {'median s':>9} {'p95 s':>8} {'KB/s':>9} {'time / jieba':>13} {'cpu s':>8} {'cpu / jieba':>12}"
    )
    for name, runs in results.items():
        walls = sorted(wall for wall, _ in runs)
        median = statistics.median(walls)
        cpu = statistics.median(c for _, c in runs)
        p95 = walls[max(0, int(len(walls) * 0.95) - 1)]
        print(
            f"{name:<12} {median:9.4f} {p95:8.4f} {size_kb / median:9.1f} {median / jieba_wall:13.2f}"
            f" {cpu:8.3f} {cpu / jieba_cpu:12.2f}"
        )


if __name__ == "__main__":
    main()
