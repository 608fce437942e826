"""The loaders package imports each loader only when a file of its type is read: walking a folder
and reading text files never load pypdfium2, lxml or the PDF layout rules."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from duban.base.errors import DubanError
from duban.pipeline import loaders
from duban.pipeline.loaders import SUPPORTED, load, loader_for

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("duban.pipeline.loaders.pdf", "duban.pipeline.loaders.docx", "pypdfium2", "lxml.etree")


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code` (this one has loaded everything)."""
    script = code + "\nimport sys; print('\\n'.join(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_walking_and_reading_text_load_no_pdf_or_docx_loader(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "关于加强督查督办工作的通知\n各部门要于6月底前完成整改。", encoding="utf-8"
    )
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 not read here")
    code = (
        "from pathlib import Path\n"
        "from duban.pipeline.files import walk\n"
        "from duban.pipeline.loaders import load\n"
        f"found = walk([Path({str(tmp_path)!r})], recursive=True)\n"
        "assert [f.relative for f in found.files] == ['a.txt', 'b.pdf'], found.files\n"
        "assert load(found.files[0].path).pages[0].text.startswith('关于')"
    )
    after = _modules_after(code)
    assert "duban.pipeline.loaders.text" in after
    assert not set(HEAVY) & after


@pytest.mark.parametrize(
    ("suffix", "name"),
    [(".pdf", "load_pdf"), (".TXT", "load_text"), (".htm", "load_html"), (".Docx", "load_docx")],
)
def test_each_type_gets_its_loader(suffix: str, name: str) -> None:
    loader = loader_for(suffix)
    assert loader is not None and loader.__name__ == name
    assert suffix.lower() in SUPPORTED


def test_an_unsupported_type_has_no_loader_and_load_names_it(tmp_path: Path) -> None:
    assert loader_for(".numbers") is None and ".numbers" not in loaders.LOADERS
    path = tmp_path / "table.numbers"
    path.write_bytes(b"PK")
    with pytest.raises(DubanError) as info:
        load(path)
    assert info.value.code == "E003" and "table.numbers" in info.value.message
