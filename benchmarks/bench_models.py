"""Throughput of extraction with and without the spaCy model, on one core.

    .venv/bin/python benchmarks/bench_models.py [--repeat 3] [--all] [DIR ...]

Reads the shared dev and seed corpora (or the folders given), builds each document once, then
times the extractors alone (model loaded beforehand; its start-up is reported on its own line),
by wall clock and by CPU time of this single-threaded process (the per-core figure, steadier when
other work shares the machine), each the median of `--repeat` passes taken in turn in one run:
rules, the merged `rules,spacy`, and bare `jieba.lcut` over the same texts (jieba's default
dictionary, HMM on). `--all` adds the model stage alone as it runs merged (`spacy`) and the model
on everything (`spacy-only`). Prints characters per second and KB/s of UTF-8 text per
configuration, and what the model adds to the rules (`rules,spacy` minus `rules`) as a multiple of
`jieba.lcut` on the same text; the requirement is at most 1×. Passes alternate between the
configurations, so a change in the machine's load touches all of them alike.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from duban.base.model import Document  # noqa: E402
from duban.extractors.registry import get_extractors  # noqa: E402
from duban.extractors.spacy_extractor import load_model, model_path  # noqa: E402
from duban.pipeline.extract import build_document  # noqa: E402
from duban.pipeline.loaders import load  # noqa: E402

CONFIGS = ("rules", "rules,spacy")
MORE = ("spacy", "spacy-only")


def documents(folders: list[Path]) -> list[Document]:
    docs = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            docs.append(build_document(load(path, str(path))))
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--all", action="store_true", help="also time `spacy` and `spacy-only`")
    args = ap.parse_args(argv)
    shared = ROOT.parent / "shared" / "corpus"
    folders = args.folders or [shared / "dev", shared / "seed"]
    docs = documents(folders)
    texts = [d.text for d in docs]
    chars = sum(len(t) for t in texts)
    size = sum(len(t.encode("utf-8")) for t in texts)
    started = time.perf_counter()
    load_model(str(model_path()))
    print(
        f"{len(docs)} documents, {chars} characters, {size / 1024:.1f} KB (UTF-8); "
        f"model start-up {time.perf_counter() - started:.2f} s (once per process)"
    )
    names = CONFIGS + (MORE if args.all else ())
    runs: dict[str, Callable[[], None]] = {}
    for name in names:
        chosen = get_extractors(tuple(name.split(",")))
        for doc in docs[:2]:
            chosen.run(doc)  # warm caches (rule files, jieba dictionary)
        runs[name] = _each(chosen.run, docs)
    import jieba

    jieba.initialize()
    runs["jieba.lcut"] = _each(jieba.lcut, texts)
    walls: dict[str, list[float]] = {name: [] for name in runs}
    cpus: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name, run in runs.items():
            t0, c0 = time.perf_counter(), time.process_time()
            run()
            walls[name].append(time.perf_counter() - t0)
            cpus[name].append(time.process_time() - c0)
    print(
        f"{'extractors':<14} {'wall s':>8} {'CPU s':>8} {'chars/s':>10} {'KB/s':>8}  (medians, per CPU second)"
    )
    cpu = {name: statistics.median(values) for name, values in cpus.items()}
    for name in runs:
        wall = statistics.median(walls[name])
        print(
            f"{name:<14} {wall:8.3f} {cpu[name]:8.3f} {chars / cpu[name]:10.0f} {size / 1024 / cpu[name]:8.1f}"
        )
    added = cpu["rules,spacy"] - cpu["rules"]
    print(f"model added to rules: {added:.3f} CPU s = {added / cpu['jieba.lcut']:.2f}x jieba.lcut (limit 1x)")
    return 0


def _each(work: Callable[[Any], object], items: list[Any]) -> Callable[[], None]:
    """One timed pass: `work` on every item."""

    def run() -> None:
        for item in items:
            work(item)

    return run


if __name__ == "__main__":
    raise SystemExit(main())
