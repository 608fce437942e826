"""`duban extract` hands files to workers: its parent process does not load the pipeline's stages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from duban.pipeline.extract import build_document

ROOT = Path(__file__).resolve().parents[1]
STAGES = {"duban.pipeline.metadata", "duban.pipeline.normalize", "duban.pipeline.structure"}


def _parent_run(*args: str) -> tuple[set[str], str]:
    """The modules the `duban` process holds after the command, and what it printed."""
    code = (
        "import sys; from duban.pipeline.cli import main; sys.argv = ['duban', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True
    )
    return set(done.stderr.split()), done.stdout


def test_the_extract_parent_leaves_the_stages_to_its_workers(tmp_path: Path) -> None:
    page = tmp_path / "notice.txt"
    page.write_text(
        "关于做好防汛工作的通知\n一、加强监测预警。各县区要于2030年6月底前完成隐患排查。\n", encoding="utf-8"
    )
    modules, out = _parent_run("extract", str(page))
    assert "2030年6月底前" in out  # the worker extracted the file
    assert not STAGES & modules


def test_build_document_still_reads_a_page_in_process() -> None:
    from duban.base.model import RawDocument, RawPage

    raw = RawDocument(
        source="x.txt", format="text", pages=[RawPage(1, "一、加强领导。\n二、完善机制。", "text")]
    )
    doc = build_document(raw)
    assert [b.marker for b in doc.blocks] == ["一、", "二、"]
