"""The extraction benchmark (`benchmarks/bench_extract.py`) measures the issue's ratio on real text:
`--real N` reads N documents spread over the whole real corpus, each as a one-page text file."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_extract.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_extract", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_real_documents_are_spread_over_the_corpus(bench: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for n in range(10):
            handle.write(json.dumps({"id": f"NX{n}", "text": f"第{n}项：县财政局要按季度报送进展。"}) + "\n")
    raws = bench.real_documents(path, 3)
    assert [raw.source for raw in raws] == ["NX0.txt", "NX3.txt", "NX6.txt"]
    assert [page.text for page in raws[1].pages] == ["第3项：县财政局要按季度报送进展。"]
    assert len(bench.real_documents(path, 50)) == 10


def test_each_run_is_timed_in_wall_and_cpu_seconds(bench: ModuleType) -> None:
    runs = bench.time_it(lambda: sum(range(10_000)), 2)
    assert len(runs) == 2
    assert all(wall >= 0 and cpu >= 0 for wall, cpu in runs)
