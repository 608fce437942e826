"""Throughput of extraction with and without the spaCy model, on one core.

    .venv/bin/python benchmarks/bench_models.py [--repeat 3] [DIR ...]

Reads the shared dev and seed corpora (or the folders given), builds each document once, then
times the extractors alone (model loaded beforehand; its start-up is reported on its own line),
by wall clock and by CPU time of this single-threaded process (the per-core figure, stable when
other work shares the machine):
rules, the model stage as it runs merged (`spacy`: only what the rules leave uncovered), the model
on everything (`spacy-only`), and the merged `rules,spacy`. Prints characters per second and
KB/s of UTF-8 text per configuration; the requirement is ≥ 100 KB/s per core for the merged run.
The last lines time bare `jieba.lcut` over the same texts and state what the model adds to the
rules (`rules,spacy` minus `rules`) as a multiple of it; the requirement is at most 1×.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from duban.base.model import Document  # noqa: E402
from duban.extractors.registry import get_extractors  # noqa: E402
from duban.extractors.spacy_extractor import load_model, model_path  # noqa: E402
from duban.pipeline.extract import build_document  # noqa: E402
from duban.pipeline.loaders import load  # noqa: E402

CONFIGS = ("rules", "spacy", "spacy-only", "rules,spacy")


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
    args = ap.parse_args(argv)
    shared = ROOT.parent / "shared" / "corpus"
    folders = args.folders or [shared / "dev", shared / "seed"]
    docs = documents(folders)
    chars = sum(len(d.text) for d in docs)
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    started = time.perf_counter()
    load_model(str(model_path()))
    print(
        f"{len(docs)} documents, {chars} characters, {size / 1024:.1f} KB (UTF-8); "
        f"model start-up {time.perf_counter() - started:.2f} s (once per process)"
    )
    print(f"{'extractors':<14} {'wall s':>8} {'CPU s':>8} {'chars/s':>10} {'KB/s':>8}  (per CPU second)")
    cpus: dict[str, float] = {}
    for names in CONFIGS:
        chosen = get_extractors(tuple(names.split(",")))
        for doc in docs[:2]:
            chosen.run(doc)  # warm caches (rule files, jieba dictionary)
        best = cpu = float("inf")
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            for doc in docs:
                chosen.run(doc)
            best, cpu = min(best, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
        cpus[names] = cpu
        print(f"{names:<14} {best:8.3f} {cpu:8.3f} {chars / cpu:10.0f} {size / 1024 / cpu:8.1f}")
    jieba_cpu = _jieba_cpu([d.text for d in docs], args.repeat)
    added = cpus["rules,spacy"] - cpus["rules"]
    print(
        f"{'jieba.lcut':<14} {'':8} {jieba_cpu:8.3f} {chars / jieba_cpu:10.0f} {size / 1024 / jieba_cpu:8.1f}"
    )
    print(f"model added to rules: {added:.3f} CPU s = {added / jieba_cpu:.2f}x jieba.lcut (limit 1x)")
    paths = [p for folder in folders for p in sorted(folder.glob("*.txt"))]
    chosen = get_extractors(("rules", "spacy"))
    cpu = float("inf")
    for _ in range(args.repeat):
        c0 = time.process_time()
        for path in paths:
            chosen.run(build_document(load(path, str(path))))
        cpu = min(cpu, time.process_time() - c0)
    print(
        f"{'whole pipeline':<14} {'':8} {cpu:8.3f} {chars / cpu:10.0f} {size / 1024 / cpu:8.1f}"
        "  (load, normalise, structure, rules,spacy)"
    )
    return 0


def _jieba_cpu(texts: list[str], repeat: int) -> float:
    """Best CPU seconds of bare `jieba.lcut` (default dictionary, HMM on) over the texts."""
    import jieba

    jieba.initialize()
    best = float("inf")
    for _ in range(repeat):
        c0 = time.process_time()
        for text in texts:
            jieba.lcut(text)
        best = min(best, time.process_time() - c0)
    return best


if __name__ == "__main__":
    raise SystemExit(main())
