"""Damaged and oversized PDFs: pdfium's text is kept where only pdfplumber fails, everything else
ends in a catalogued PDF error, and in a batch the next file is still processed.

Every PDF is drawn here (tests/pdf_factory.py) and then damaged: a MediaBox holding a name, a page
pdfminer does not count, a page tree pdfminer cannot parse, flipped bits, truncation.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.base.errors import DubanError, E
from duban.pipeline.cli import app
from duban.pipeline.loaders.pdf import PDF_MAX_PAGES, load_pdf
from tests.pdf_factory import (
    broken_page_tree,
    flipped,
    name_mediabox,
    table_pdf,
    text_pdf,
    truncated,
    untyped_page,
)

BEFORE = "关于推进数字政府建设的通知"
AFTER = "各单位于2025年6月底前报送进展情况。"
ROWS = [
    ["序号", "任务", "牵头单位", "完成时限"],
    ["1", "完善政务数据共享机制，推进系统整合", "市政务服务数据管理局", "2025年6月底前"],
    ["2", "建设一体化在线政务服务平台", "市发展和改革委员会", "长期坚持"],
]
WIDTHS = [15, 55, 40, 36]
PAGES = [
    ["关于加强安全生产工作的通知", "一、压实企业主体责任。"],
    ["二、市应急管理局负责组织检查。", "三、于2025年3月底前完成整改。"],
    ["四、各区每月报送工作进展。", "特此通知。"],
]
PDF_CODES = {"E010", "E011", "E012", "E013", "E014"}
runner = CliRunner()


@pytest.fixture
def tabled(tmp_path: Path) -> Path:
    return table_pdf(tmp_path / "tabled.pdf", BEFORE, ROWS * 12, AFTER, WIDTHS)


def _text(path: Path) -> str:
    return "\n".join(page.text for page in load_pdf(path, path.name).pages)


def test_the_undamaged_table_is_read_by_pdfplumber(tabled: Path) -> None:
    """The baseline the damaged copies below fall back from."""
    document = load_pdf(tabled, tabled.name)
    assert any(page.tables for page in document.pages)
    assert not document.warnings


@pytest.mark.parametrize("damage", [name_mediabox, untyped_page, broken_page_tree])
def test_pdfplumber_failure_keeps_pdfium_text_with_a_warning(
    tabled: Path, tmp_path: Path, damage: Callable[[Path, Path], Path]
) -> None:
    path = damage(tabled, tmp_path / "damaged.pdf")
    document = load_pdf(path, path.name)
    text = "\n".join(page.text for page in document.pages)
    assert BEFORE in text and AFTER in text and "市发展和改革委员会" in text
    assert all(page.extractor == "pypdfium2" for page in document.pages)
    assert any("pdfplumber" in warning and "pypdfium2" in warning for warning in document.warnings)


def test_a_page_count_mismatch_is_named_in_the_warning(tabled: Path, tmp_path: Path) -> None:
    path = untyped_page(tabled, tmp_path / "untyped.pdf")
    document = load_pdf(path, path.name)
    pages = len(document.pages)
    assert any(f"pdfplumber 读出 {pages - 1} 页，pypdfium2 读出 {pages} 页" in w for w in document.warnings)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("flips", [1, 16, 256])
def test_flipped_bits_give_a_document_or_a_pdf_error(
    tabled: Path, tmp_path: Path, seed: int, flips: int
) -> None:
    path = flipped(tabled, tmp_path / "flipped.pdf", seed, flips)
    try:
        document = load_pdf(path, path.name)
    except DubanError as error:
        assert error.code in PDF_CODES, error
    else:
        assert document.pages


@pytest.mark.parametrize("keep", [0.05, 0.3, 0.6, 0.9, 0.99])
def test_truncated_table_pdf_is_corrupt(tabled: Path, tmp_path: Path, keep: float) -> None:
    path = truncated(tabled, tmp_path / "cut.pdf", keep)
    with pytest.raises(DubanError) as caught:
        load_pdf(path, path.name)
    assert caught.value.kind is E.PDF_CORRUPT


def test_page_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = text_pdf(tmp_path / "three.pdf", PAGES)
    monkeypatch.setenv("DUBAN_PDF_MAX_PAGES", "3")
    assert "特此通知" in _text(path)
    monkeypatch.setenv("DUBAN_PDF_MAX_PAGES", "2")
    with pytest.raises(DubanError) as caught:
        load_pdf(path, path.name)
    assert caught.value.kind is E.PDF_TOO_LARGE
    assert "3 页" in caught.value.message and "2 页" in caught.value.message


def test_object_budget_counts_the_whole_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each drawn line is one text object: six lines pass a budget of six and fail one of five."""
    path = text_pdf(tmp_path / "three.pdf", PAGES)
    monkeypatch.setenv("DUBAN_PDF_MAX_OBJECTS", "6")
    assert "特此通知" in _text(path)
    monkeypatch.setenv("DUBAN_PDF_MAX_OBJECTS", "5")
    with pytest.raises(DubanError) as caught:
        load_pdf(path, path.name)
    assert caught.value.kind is E.PDF_TOO_LARGE
    assert "第 3 页" in caught.value.message or "前 3 页" in caught.value.message


def test_zero_switches_a_budget_off_and_a_bad_value_keeps_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = text_pdf(tmp_path / "three.pdf", PAGES)
    monkeypatch.setenv("DUBAN_PDF_MAX_PAGES", "0")
    monkeypatch.setenv("DUBAN_PDF_MAX_OBJECTS", "many")
    assert "特此通知" in _text(path)


def test_a_batch_goes_on_past_broken_and_oversized_pdfs(tabled: Path, tmp_path: Path) -> None:
    """Through `duban extract` with its default limits and budgets (worker processes), in order.

    The budget comes from the defaults: workers fork from a server started once, so an
    environment variable set by a test after that would not reach them.
    """
    long = text_pdf(tmp_path / "c-long.pdf", [["第一页。"]] * (PDF_MAX_PAGES + 1))
    files = [
        truncated(tabled, tmp_path / "a-cut.pdf", 0.5),
        name_mediabox(tabled, tmp_path / "b-mediabox.pdf"),
        long,
        untyped_page(tabled, tmp_path / "d-untyped.pdf"),
        text_pdf(tmp_path / "e-good.pdf", PAGES),
    ]
    result = runner.invoke(app, ["extract", *map(str, files)])
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    by_name = {Path(record["source"]).name: record for record in records}
    assert set(by_name) == {path.name for path in files}
    assert by_name["a-cut.pdf"]["error"]["code"] == "E010"
    assert by_name["c-long.pdf"]["error"]["code"] == "E014"
    for name in ("b-mediabox.pdf", "d-untyped.pdf", "e-good.pdf"):
        assert "error" not in by_name[name] or not by_name[name]["error"], by_name[name]
