"""The paraphrase probe (`benchmarks/paraphrase_crosscheck.py`): its score and its summary.

The model's scores are stood in for, so this runs in the default install. Documents are written here.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest

from duban.pipeline.crosscheck_content import ContentIndex

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "paraphrase_crosscheck.py"

FOLLOWER = """东坪镇人民政府关于近期重点工作情况的汇报
一是推进户厕改造，今年已完成农户卫生厕所改造一千二百户。
二是每月开展一次村庄环境集中整治。
好。
"""


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("paraphrase_crosscheck", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_score_is_the_mean_of_the_measures_best_restated(
    bench: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Sequence[str]] = []

    def similarities(measures: Sequence[str], sentences: Sequence[str]) -> list[list[float]]:
        seen.append(sentences)
        rows = {
            "改厕": [0.2, 0.96, 0.9],
            "清洁": [0.2, 0.9, 0.97],
            "污水": [0.2, 0.93, 0.91],
            "道路": [0.2, 0.5, 0.5],
        }
        return [rows[m] for m in measures]

    monkeypatch.setattr(bench, "similarities", similarities)
    content = ContentIndex({"F": FOLLOWER}, [])
    score = bench.paraphrase_score(content, "F", ["改厕", "清洁", "污水", "道路"])
    # The three best (0.97, 0.96, 0.93); the road measure, restated nowhere, does not weigh.
    assert score == pytest.approx((0.97 + 0.96 + 0.93) / 3)
    # Sentences shorter than eight characters (`好`) are not embedded.
    assert len(seen[0]) == 3 and all(len(s) >= 8 for s in seen[0])


def test_the_summary_counts_each_side_and_the_new_follower_links(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        {"side": "pair", "score": 0.955, "kind": "minutes", "lexical": False},
        {"side": "pair", "score": 0.951, "kind": "report", "lexical": True},
        {"side": "pair", "score": 0.92, "kind": "report", "lexical": False},
        {"side": "other", "score": 0.952, "kind": "policy", "lexical": False},
    ]
    bench.summary(rows)
    lines = {line.split(":")[0]: line for line in capsys.readouterr().out.splitlines()}
    assert (
        "other 1/1 (minutes/reports 0, not lexical 0); pair 2/3 (minutes/reports 2, not lexical 1)"
        in lines["0.95"]
    )
    assert "pair 1/3 (minutes/reports 1, not lexical 1)" in lines["0.955"]
