"""The progress shape miner counts forms per document, on texts written for the test."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from duban.extractors.training.mine_progress_shapes import mine, review_lines, shapes


def test_review_lines_stop_at_the_plan() -> None:
    text = "一年来，某县已建成学校3所。\n二、下一步工作打算\n加快推进项目建设。\n"
    assert review_lines(text) == ["一年来，某县已建成学校3所。"]


def test_shapes_name_cues_lead_ins_and_relay_forms() -> None:
    text = (
        "按照市委统一部署，某县已投入资金500万元，开展了专项整治，道路工程完成。\n"
        "为确保实效，传达了省委巡视组反馈意见。现将《某某办法》转发给你们。\n"
    )
    got = shapes(text)
    assert "投入" in got["already"]
    assert "开展" in got["past"]
    assert "工程" in got["complete"]
    assert "按照" in got["lead_open"] and "部署" in got["lead_close"]
    assert "确保" in got["purpose"]
    assert {"反馈意见", "将《》转发"} <= got["relay"]


def test_mine_counts_each_form_once_per_document(tmp_path: Path) -> None:
    corpus = tmp_path / "docs.jsonl.gz"
    rows = [
        {"kind": "report", "text": "某县已建成学校3所，已建成医院1所。"},
        {"kind": "report", "text": "某区已建成公园2个。"},
        {"kind": "policy", "text": "已建成的设施应当维护。"},
    ]
    with gzip.open(corpus, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    assert mine(corpus, {"report"})["already"]["建成"] == 2
