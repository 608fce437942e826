"""`benchmarks/reach_probe.py`: the filter that tells how much gold a cruder reading would reach.
It must keep what the extractor found, add exactly the pieces its mode names, and refuse a mode it
does not know (a silent no-op would read as "nothing to reach"). Texts written for the test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks import reach_probe

TEXT = "一、工作进展\n已完成道路改造3公里，新建公园2处；绿化工程正在推进。\n二、下一步\n加快管网建设。\n"


def _doc(tmp_path: Path) -> dict[str, Any]:
    source = tmp_path / "r.txt"
    source.write_text(TEXT, encoding="utf-8")
    start = TEXT.index("已完成")
    end = TEXT.index("；")
    return {
        "source": str(source),
        "doc": {"kind": "report"},
        "measures": [
            {"text": "加快管网建设。", "start": TEXT.index("加快"), "end": len(TEXT) - 1, "units": []}
        ],
        "progress": [{"text": TEXT[start:end], "status": "done", "start": start, "end": end}],
    }


def _texts(doc: dict[str, Any], field: str) -> list[str]:
    return [p["text"] for p in doc[field]]


def test_clause_mode_keeps_the_statements_and_adds_every_clause(tmp_path: Path) -> None:
    out = reach_probe.rewrite(_doc(tmp_path), "progress:clause")
    texts = _texts(out, "progress")
    assert texts[0] == "已完成道路改造3公里，新建公园2处"
    assert "新建公园2处" in texts and "绿化工程正在推进" in texts and "加快管网建设" in texts


def test_split_and_neighbour_modes_read_around_the_statement(tmp_path: Path) -> None:
    split = _texts(reach_probe.rewrite(_doc(tmp_path), "progress:ours_plus_split"), "progress")
    assert split[1:] == ["已完成道路改造3公里", "新建公园2处"]
    after = _texts(reach_probe.rewrite(_doc(tmp_path), "progress:adj_next"), "progress")
    assert after[1:] == ["绿化工程正在推进"]
    assert _texts(reach_probe.rewrite(_doc(tmp_path), "progress:drop_kind=report"), "progress") == []


def test_uncovered_sentences_are_added_as_measures(tmp_path: Path) -> None:
    texts = _texts(reach_probe.rewrite(_doc(tmp_path), "measures:uncovered"), "measures")
    assert texts[0] == "加快管网建设。"
    assert "已完成道路改造3公里，新建公园2处；绿化工程正在推进" in texts
    assert not [t for t in texts[1:] if "管网" in t]


def test_runs_mode_adds_the_parts_of_a_statement_by_place(tmp_path: Path) -> None:
    every = _texts(reach_probe.rewrite(_doc(tmp_path), "progress:runs=all"), "progress")
    assert every[1:] == ["已完成道路改造3公里", "新建公园2处"]
    head = _texts(reach_probe.rewrite(_doc(tmp_path), "progress:runs=head"), "progress")
    assert head[1:] == ["已完成道路改造3公里"]
    tail = _texts(reach_probe.rewrite(_doc(tmp_path), "progress:runs=tail"), "progress")
    assert tail[1:] == ["新建公园2处"]
    assert _texts(reach_probe.rewrite(_doc(tmp_path), "progress:runs=inner"), "progress") == [every[0]]
    family = _texts(reach_probe.rewrite(_doc(tmp_path), "progress:runs=all:done_past"), "progress")
    assert family == [every[0]]  # the statement has no provenance of that family
    with pytest.raises(SystemExit):
        reach_probe.rewrite(_doc(tmp_path), "progress:runs=middle")


def test_cut_mode_replaces_a_statement_around_its_cue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = "已完成道路改造3公里，新建公园2处"
    # No `了` in the statement: nothing to cut around.
    assert _texts(reach_probe.rewrite(_doc(tmp_path), "progress:cut=:tail"), "progress") == [whole]
    monkeypatch.setenv("REACH_CUE", "新建")
    assert _texts(reach_probe.rewrite(_doc(tmp_path), "progress:cut=:tail"), "progress") == ["新建公园2处"]
    assert _texts(reach_probe.rewrite(_doc(tmp_path), "progress:cut=:only"), "progress") == ["新建公园2处"]
    two = _texts(reach_probe.rewrite(_doc(tmp_path), "progress:cut=:two_before"), "progress")
    assert two == ["已完成道路改造3公里", "新建公园2处"]
    monkeypatch.setenv("REACH_MIN", "20")  # the head before the cue is shorter: kept whole
    assert _texts(reach_probe.rewrite(_doc(tmp_path), "progress:cut=:two_before"), "progress") == [whole]
    assert _texts(reach_probe.rewrite(_doc(tmp_path), "progress:cut=:tail_min"), "progress") == [whole]
    with pytest.raises(SystemExit):
        reach_probe.rewrite(_doc(tmp_path), "progress:cut=:halves")


def test_an_unknown_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        reach_probe.rewrite(_doc(tmp_path), "progress:everything")


def test_it_filters_json_lines_as_a_pipe(tmp_path: Path) -> None:
    line = json.dumps(_doc(tmp_path), ensure_ascii=False)
    done = subprocess.run(
        [sys.executable, "benchmarks/reach_probe.py"],
        input="notice line\n" + line + "\n",
        capture_output=True,
        text=True,
        check=True,
        env={"REACH": "progress:sentence", "PATH": ""},
        cwd=Path(__file__).resolve().parent.parent,
    )
    first, second = done.stdout.splitlines()
    assert first == "notice line"
    assert "绿化工程正在推进。" not in _texts(json.loads(second), "progress")
    assert "已完成道路改造3公里，新建公园2处；绿化工程正在推进" in _texts(json.loads(second), "progress")


def test_deadline_modes_add_time_phrases_inside_after_or_anywhere(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    doc["measures"][0]["text"] = "年底前加快管网建设。"
    inside = reach_probe.rewrite(doc, "deadlines:re=年底前")
    assert [d["text"] for d in inside["measures"][0]["deadlines"]] == ["年底前"]
    anywhere = reach_probe.rewrite(_doc(tmp_path), r"deadlines:doc_re=\d+公里")
    assert [d["text"] for d in anywhere["measures"][0]["deadlines"]] == ["3公里"]
    after = reach_probe.rewrite(_doc(tmp_path), r"deadlines:after_re=\d+公里")
    assert after["measures"][0]["deadlines"] == []  # nothing follows the last measure


def test_uncovered_pattern_mode_reads_only_matching_sentences_of_one_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _texts(reach_probe.rewrite(_doc(tmp_path), "measures:uncovered_re=正在"), "measures")
    assert texts[1:] == ["已完成道路改造3公里，新建公园2处；绿化工程正在推进"]
    monkeypatch.setenv("REACH_KIND", "minutes")
    assert len(reach_probe.rewrite(_doc(tmp_path), "measures:uncovered_re=正在")["measures"]) == 1


def test_relay_and_unit_modes(tmp_path: Path) -> None:
    doc = _doc(tmp_path) | {
        "relays": [
            {"title": "甲", "provenance": "rule:relay.spirit.v2"},
            {"title": "乙", "provenance": "rule:relay.quoted_title.v3"},
        ]
    }
    assert [r["title"] for r in reach_probe.rewrite(doc, "relays:drop_rule=relay.spirit")["relays"]] == ["乙"]
    units = reach_probe.rewrite(_doc(tmp_path), "units:re=管网")["measures"][0]["units"]
    assert [u["name"] for u in units] == ["管网"]


def test_cells_mode_adds_the_longest_cell_of_a_flattened_row(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    source = Path(doc["source"])
    source.write_text("1  修缮老旧小区供水管道  区住建局  6月底前\n说明一行\n", encoding="utf-8")
    texts = _texts(reach_probe.rewrite(doc, "measures:cells_re=月底前"), "measures")
    assert texts[1:] == ["修缮老旧小区供水管道"]
