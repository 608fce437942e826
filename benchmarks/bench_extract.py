"""Extraction throughput: KB/s of `duban extract` over text beside bare `jieba.lcut` on the same text.

Runs the whole pipeline (normalise, structure, metadata, rules) over the shared dev and seed texts,
or over the bundled samples when the shared corpus is absent; prints medians and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import jieba

from duban.extractors.registry import get_extractors
from duban.pipeline.extract import build_document, extract_document
from duban.pipeline.loaders import load

ROOT = Path(__file__).resolve().parents[1]


def corpus() -> list[Path]:
    shared = ROOT.parent / "shared" / "corpus"
    files = sorted((shared / "dev").glob("*.txt")) + sorted((shared / "seed").glob("*.txt"))
    return files or sorted((ROOT / "samples").glob("*.txt"))


def time_it(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--extractors", default="rules")
    args = parser.parse_args()
    files = corpus()
    raws = [load(p) for p in files]
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
    jieba_median = statistics.median(results["jieba.lcut"])
    print(f"{len(files)} files, {size_kb:.1f} KB of text, {args.repeat} runs, extractors={args.extractors}")
    print(f"{'stage':<12} {'median s':>9} {'p95 s':>8} {'KB/s':>9} {'time / jieba':>13}")
    for name, runs in results.items():
        median = statistics.median(runs)
        p95 = sorted(runs)[max(0, int(len(runs) * 0.95) - 1)]
        print(f"{name:<12} {median:9.4f} {p95:8.4f} {size_kb / median:9.1f} {median / jieba_median:13.2f}")


if __name__ == "__main__":
    main()
