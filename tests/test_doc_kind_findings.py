"""The learned document kind reads an inspection's findings as a report, its training rows are built
whatever the shipped weights, and the kind benchmark forces a kind on the whole pipeline."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from duban.pipeline import metadata
from duban.pipeline.doc_kind import FEATURES, KINDS, features, predict, weights
from duban.pipeline.doc_kind_training import dev_rows, held_out, real_rows
from duban.pipeline.extract import build_document
from duban.pipeline.loaders import load

EVAL = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_kind.py"

# Texts written for these tests: an untitled inspection notice that hands its findings over, and an
# untitled directive.
FINDINGS = (
    "5月8日，县督导组对城区部分小区进行了暗访，现将检查发现的问题通报如下：\n"
    "1.东风小区垃圾清运不及时，责任单位：城关镇。\n"
    "2.建设路沿线存在占道经营现象，责任单位：县城管局。\n"
    "以上问题请于5月15日前整改到位。"
)
DIRECTIVE = (
    "为加快推进城区绿化提升，各镇要结合实际制定方案，县住建局牵头，县财政局配合，于6月底前完成。\n"
    "各部门要加强协作，确保按期完成。"
)


def test_findings_are_a_feature_only_of_the_findings_text() -> None:
    at = FEATURES.index("findings_cues")
    assert features(FINDINGS, "")[at] > 1.0
    assert features(DIRECTIVE, "")[at] == 0.0


def test_findings_weigh_towards_a_report() -> None:
    table = weights()
    assert table is not None
    at = FEATURES.index("findings_cues")
    assert table["report"][at] > max(table[k][at] for k in KINDS if k != "report")
    assert predict(FINDINGS, "") == "report"
    assert predict(DIRECTIVE, "") == "policy"


def _corpus(tmp_path: Path) -> Path:
    (tmp_path / "A1.txt").write_text(FINDINGS, encoding="utf-8")
    (tmp_path / "A2.txt").write_text(DIRECTIVE, encoding="utf-8")
    (tmp_path / "A3.txt").write_text("不在 meta.jsonl 中的文件不读。", encoding="utf-8")
    meta = [{"id": "A1", "kind": "report"}, {"id": "A2", "kind": "policy"}]
    (tmp_path / "meta.jsonl").write_text("\n".join(json.dumps(m) for m in meta) + "\n", encoding="utf-8")
    gold = [{"id": "A1", "kind": "report", "measures": []}, {"id": "A2", "kind": "policy", "measures": []}]
    (tmp_path / "gold.jsonl").write_text("\n".join(json.dumps(g) for g in gold) + "\n", encoding="utf-8")
    return tmp_path


def test_training_rows_never_need_the_weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Refitting after a feature was added: the shipped weights no longer load, the rows still build."""

    def stale(text: str, title: str) -> None:
        raise ValueError("weights do not match the features")

    monkeypatch.setattr(metadata, "kind_probabilities", stale)
    rows = dev_rows(_corpus(tmp_path))
    assert [(r.doc_id, r.gold) for r in rows] == [("A1", "report"), ("A2", "policy")]
    assert all(len(r.features) == len(FEATURES) for r in rows)


def _labels(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    labels = tmp_path / "labels.jsonl"
    labels.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return labels


def test_real_labels_build_rows_and_skip_what_is_missing(tmp_path: Path) -> None:
    """Hand-read kinds of real pages are a second training source, read as dev's documents are."""
    corpus = _corpus(tmp_path)
    labels = _labels(
        tmp_path,
        [
            {"doc": "A1", "kind": "report", "reason": "督导组通报问题"},
            {"doc": "A2", "kind": "policy", "reason": "部署任务"},
            {"doc": "A9", "kind": "other", "reason": "文件不在语料中"},
        ],
    )
    rows = real_rows(labels, corpus)
    assert [(r.doc_id, r.gold) for r in rows] == [("A1", "report"), ("A2", "policy")]
    assert all(len(r.features) == len(FEATURES) for r in rows)


def test_real_labels_refuse_an_unknown_kind(tmp_path: Path) -> None:
    labels = _labels(tmp_path, [{"doc": "A1", "kind": "news", "reason": "not a kind of the spec"}])
    with pytest.raises(ValueError, match="unknown kind"):
        real_rows(labels, _corpus(tmp_path))


def test_held_out_never_predicts_a_row_with_weights_that_saw_it(tmp_path: Path) -> None:
    """Each fold's rows are predicted by weights fitted without them: a lone row of its kind in a
    fold cannot be learnt from itself."""
    rows = dev_rows(_corpus(tmp_path))
    lone = [rows[0], rows[1], rows[1]]  # one report, two policies; 3 folds: the report is held out alone
    found = held_out(lone, folds=3)
    assert found[0] == "policy"  # the only report was never seen when it was predicted
    assert len(found) == 3


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_kind", EVAL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_forces_the_kind_and_restores_the_pipeline(bench: ModuleType, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    paths = [corpus / "A1.txt", corpus / "A2.txt"]
    forced = bench.extract_as(paths, {"A1": "minutes", "A2": "other"})
    assert {d: forced[d]["doc"]["kind"] for d in forced} == {"A1": "minutes", "A2": "other"}
    own = bench.extract_as(paths, None)
    # the patch is gone after the run: the pipeline decides again
    for path in paths:
        assert own[path.stem]["doc"]["kind"] == build_document(load(path, path.name)).meta.kind
    assert own["A2"]["doc"]["kind"] != "other" or own["A1"]["doc"]["kind"] != "minutes"
