"""The deadline miner (`benchmarks/mine_deadline_misses.py`) reads the genres it is asked for: the
regulations it leaves out by default are where days counted back from an event were found."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

MINER = Path(__file__).resolve().parents[1] / "benchmarks" / "mine_deadline_misses.py"


@pytest.fixture(scope="module")
def miner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mine_deadline_misses", MINER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "docs.jsonl.gz"
    rows = [
        {"id": "NP1", "genre": "地方性法规", "text": "第五条 建设单位应当在开工前三十日内报送计划。"},
        {"id": "NP2", "genre": "地方政策文件", "text": "一、各区要在2024年6月底前完成排查。"},
    ]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return path


def test_regulations_are_left_out_by_default(miner: ModuleType, corpus: Path) -> None:
    assert [meta["id"] for meta, _ in miner.documents(corpus, 1)] == ["NP2"]


def test_the_genres_asked_for_are_read(miner: ModuleType, corpus: Path) -> None:
    docs = miner.documents(corpus, 1, frozenset({"地方性法规"}))
    assert [meta["id"] for meta, _ in docs] == ["NP1"]


def test_a_core_window_is_the_shortest_time_span_ending_there(miner: ModuleType) -> None:
    text = "工会每年走访一次青年，力争当天办结。"
    assert miner.core_windows(text, "年天", set()) == [(2, "每年"), (7, "次青年"), (13, "当天")]


def test_a_window_stops_at_a_found_deadline(miner: ModuleType) -> None:
    text = "每年走访一次，当天办结。"
    taken = set(range(0, 6))  # `每年走访一次` found
    assert miner.core_windows(text, "年天", taken) == [(7, "当天")]
