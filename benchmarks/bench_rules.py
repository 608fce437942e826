"""How fast the rule stage runs, beside bare `jieba.lcut` over the same text.

    .venv/bin/python benchmarks/bench_rules.py [--corpus ../shared/corpus/dev] [--size-kb 1024] [--runs 5]

The dev corpus texts are repeated until they hold about `--size-kb` of UTF-8 text, built into
documents once (normalisation, structure and metadata: reported apart, not part of the rule stage),
and then, for each of `--runs` runs, passed through the rule extractor (measures with their units and
deadlines, relays, progress) and, right after, through `jieba.lcut`. It prints the median throughput
of each in KB/s and the ratio rule time / jieba time, which the issue requires to be at most 1.0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from duban.base.model import Document  # noqa: E402
from duban.extractors.rules import rule_extractor  # noqa: E402
from duban.pipeline.extract import build_document  # noqa: E402
from duban.pipeline.loaders import load  # noqa: E402


def corpus_documents(corpus: Path, size_kb: int) -> tuple[list[Document], int, float]:
    """Documents built from the corpus texts repeated to about `size_kb`; their size and build time."""
    paths = sorted(corpus.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no .txt files in {corpus}")
    raws = [load(p) for p in paths]
    started = time.perf_counter()
    docs: list[Document] = []
    size = 0
    while size < size_kb * 1024:
        for raw in raws:
            doc = build_document(raw)
            docs.append(doc)
            size += len(doc.analysis_text.encode("utf-8"))
    return docs, size, time.perf_counter() - started


def paired_medians(
    first: Callable[[], object], second: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Median seconds of each of two jobs, run alternately so that both see the same machine load."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for job, out in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            job()
            out.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    ap.add_argument("--size-kb", type=int, default=1024)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    docs, size, build_seconds = corpus_documents(args.corpus, args.size_kb)
    extractor = rule_extractor()
    texts = [doc.analysis_text for doc in docs]

    rules_seconds, jieba_seconds = paired_medians(
        lambda: [extractor.extract(doc) for doc in docs],
        lambda: [jieba.lcut(text) for text in texts],
        args.runs,
    )

    kb = size / 1024
    print(f"text: {kb:.0f} KB in {len(docs)} documents; medians of {args.runs} runs")
    print(f"build_document (not in the rule stage): {kb / build_seconds:8.1f} KB/s (one run)")
    print(f"rule stage:                             {kb / rules_seconds:8.1f} KB/s  ({rules_seconds:.2f} s)")
    print(f"jieba.lcut:                             {kb / jieba_seconds:8.1f} KB/s  ({jieba_seconds:.2f} s)")
    ratio = rules_seconds / jieba_seconds
    print(
        f"ratio rule time / jieba time: {ratio:.2f} ({'within' if ratio <= 1.0 else 'OVER'} the 1.0 budget)"
    )
    long_lines(args.runs)
    return 0


# A page flattened onto one line without punctuation must take time linear in its length: the unit
# finder reads such lines clause by clause, and a pattern that backtracks would take minutes.
LONG_LINE_PIECES = ("市财政局", "由市委组织部牵头", "（牵头单位：市财政局", "各部门要加强")


def long_lines(runs: int) -> None:
    """Seconds the unit finder takes on 150,000-character lines made of one repeated piece, beside a
    line a tenth as long (a ratio near 10 is linear; near 100, quadratic)."""
    from duban.extractors.units import UnitFinder

    finder = UnitFinder.default()
    for piece in LONG_LINE_PIECES:
        long_text = piece * (150_000 // len(piece))
        short_s, long_s = paired_medians(
            partial(finder.find, long_text[: len(long_text) // 10]), partial(finder.find, long_text), runs
        )
        print(
            f"unit finder, 150,000-character line of {piece!r}: {long_s:.2f} s (×{long_s / short_s:.1f} a tenth)"
        )


if __name__ == "__main__":
    sys.exit(main())
