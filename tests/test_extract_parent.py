"""`duban extract` hands files to workers: its parent process does not load the pipeline's stages."""

from __future__ import annotations

from pathlib import Path

from duban.pipeline.extract import build_document
from tests.conftest import cli_in_fresh_process

STAGES = {"duban.pipeline.metadata", "duban.pipeline.normalize", "duban.pipeline.structure"}


def test_the_extract_parent_leaves_the_stages_to_its_workers(tmp_path: Path) -> None:
    page = tmp_path / "notice.txt"
    page.write_text(
        "关于做好防汛工作的通知\n一、加强监测预警。各县区要于2030年6月底前完成隐患排查。\n", encoding="utf-8"
    )
    modules, out = cli_in_fresh_process("extract", str(page))
    assert "2030年6月底前" in out  # the worker extracted the file
    assert not STAGES & modules


def test_build_document_still_reads_a_page_in_process() -> None:
    from duban.base.model import RawDocument, RawPage

    raw = RawDocument(
        source="x.txt", format="text", pages=[RawPage(1, "一、加强领导。\n二、完善机制。", "text")]
    )
    doc = build_document(raw)
    assert [b.marker for b in doc.blocks] == ["一、", "二、"]
