"""The OFD loader (`loaders/ofd.py`) on packages written by `tests/fixtures/ofd/make_fixtures.py`:
a notice of our own wording laid out as a layout tool writes it, and broken variants of it."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.base.limits import Limits, configure, current
from duban.pipeline.cli import app
from duban.pipeline.cli_index import register
from duban.pipeline.loaders import load, readable_type
from duban.pipeline.loaders.ocr import ocr_available
from duban.pipeline.loaders.ofd import _deltas
from tests.fixtures.ofd import make_fixtures as fx

FIXTURES = Path(__file__).parent / "fixtures" / "ofd"
NOTICE = FIXTURES / "notice.ofd"
runner = CliRunner()


def lines_of(path: Path) -> list[list[str]]:
    return [page.text.splitlines() for page in load(path).pages]


def test_one_page_per_ofd_page_with_lines_in_reading_order() -> None:
    document = load(NOTICE)
    assert document.format == "ofd" and [page.number for page in document.pages] == [1, 2]
    first, second = (page.text.splitlines() for page in document.pages)
    # the template's header band, read on the first page only, above the page's own text
    assert first[:4] == [fx.HEADER, fx.NUMBER, *fx.TITLE]
    assert fx.HEADER not in second
    assert first.index(fx.SALUTATION) < first.index(fx.OPENING[:25])
    assert second[-2:] == [fx.ISSUER, fx.DATE]
    assert not document.warnings


def test_a_line_of_one_text_code_per_character_reads_as_one_line() -> None:
    first = lines_of(NOTICE)[0]
    assert fx.SALUTATION in first


def test_page_blocks_and_a_scaling_ctm_keep_the_item_in_place() -> None:
    text = load(NOTICE).pages[0].text
    assert text.endswith(fx.BLOCK_ITEM[:25] + "\n" + fx.BLOCK_ITEM[25:])


def test_aligned_columns_are_table_rows_and_a_lone_wide_gap_is_a_space(tmp_path: Path) -> None:
    page = load(NOTICE).pages[1]
    assert " | ".join(fx.TABLE[1]) in page.text.splitlines()
    assert page.tables == [fx.TABLE]
    ids = fx.Ids()
    lone = [
        fx.text_object(ids, fx.LEFT, 50, "联系人：王某"),
        fx.text_object(ids, fx.LEFT + 100, 50, "电话：12345"),
    ]
    path = fx.write(tmp_path / "lone.ofd", fx.package_parts([fx.page_xml(lone)], None))
    assert lines_of(path) == [["联系人：王某 电话：12345"]]


def test_delta_x_shorthand() -> None:
    assert _deltas("g 3 5.6 2") == [5.6, 5.6, 5.6, 2.0]


def test_extract_gives_measures_with_units_deadlines_and_pages() -> None:
    result = runner.invoke(app, ["extract", str(NOTICE), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert record["doc"]["issuer"] == fx.ISSUER and record["doc"]["date"] == "2026-12-05"
    found = {
        (m["units"][0]["name"], m["deadlines"][0]["due"], m["page"])
        for m in record["measures"]
        if m["deadlines"]
    }
    assert ("县交通运输局", "2026-12-31", 1) in found
    assert ("县交通运输局", "2027-03-31", 2) in found  # a table row
    assert ("县城市管理局", "2027-04-30", 2) in found


def broken(tmp_path: Path, change: dict[str, str | bytes | None]) -> Path:
    parts: dict[str, str | bytes] = dict(fx.notice_parts())
    for name, data in change.items():
        if data is None:
            parts.pop(name)
        else:
            parts[name] = data
    return fx.write(tmp_path / "通知.ofd", parts)


def _encrypted_entry(tmp_path: Path) -> Path:
    entry = fx.notice_parts()["OFD.xml"].replace(
        "</ofd:DocRoot>", "</ofd:DocRoot><ofd:Encryptions>Encryptions.xml</ofd:Encryptions>"
    )
    return broken(tmp_path, {"OFD.xml": entry, "Encryptions.xml": "<Encryptions/>"})


@pytest.mark.parametrize(
    ("make", "code", "words"),
    [
        (lambda p: _text_file(p), "E026", "不是 zip"),
        (lambda p: _pdf_file(p), "E026", "PDF"),
        (lambda p: broken(p, {"OFD.xml": None}), "E026", "OFD.xml"),
        (lambda p: broken(p, {"Doc_0/Pages/Page_1/Content.xml": None}), "E027", "Page_1"),
        (lambda p: broken(p, {"Doc_0/Document.xml": "<ofd:Document><ofd:Pages>"}), "E027", "XML"),
        (
            lambda p: broken(p, {"OFD.xml": '<!DOCTYPE x [<!ENTITY a "aaaa">]><ofd:OFD xmlns:ofd="x"/>'}),
            "E027",
            "DTD",
        ),
        (_encrypted_entry, "E028", "Encryptions"),
    ],
)
def test_each_failure_has_its_code_and_names_the_file(
    tmp_path: Path, make: object, code: str, words: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(DubanError) as caught:
        load(path)
    assert caught.value.code == code
    assert "通知.ofd" in caught.value.message and words in caught.value.message + caught.value.hint


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "通知.ofd"
    path.write_text("这不是版式文件", encoding="utf-8")
    return path


def _pdf_file(tmp_path: Path) -> Path:
    path = tmp_path / "通知.ofd"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n")
    return path


def test_a_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = broken(tmp_path, {"Doc_0/Res/padding.bin": b"\0" * (3 * 1024 * 1024)})
    saved = current()
    configure(Limits(docx_max_mb=2))
    try:
        with pytest.raises(DubanError) as caught:
            load(path)
    finally:
        configure(saved)
    assert caught.value.code == "E021" and "OFD" in caught.value.message


def test_a_scan_in_jbig2_says_it_cannot_be_read(tmp_path: Path) -> None:
    path = fx.write(tmp_path / "扫描.ofd", fx.scanned_parts(b"\x97JB2\r\n\x1a\n", "Image_0.jb2"))
    with pytest.raises(DubanError) as caught:
        load(path)
    assert caught.value.code == "E029" and "扫描.ofd" in caught.value.message
    assert "JB2" in caught.value.hint


@pytest.mark.skipif(not ocr_available(), reason="rapidocr is not installed")
def test_a_scanned_page_is_read_by_ocr() -> None:
    document = load(FIXTURES / "scanned.ofd")
    assert document.pages[0].extractor == "ocr:rapidocr"
    assert "县交通运输局" in document.pages[0].text
    assert "OCR" in document.warnings[0]


def test_ingest_of_a_folder_takes_the_ofd(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "通知.ofd").write_bytes(NOTICE.read_bytes())
    assert readable_type(folder / "通知.ofd")
    cli = typer.Typer()
    register(cli)
    result = runner.invoke(cli, ["ingest", str(folder), "--index", f"sqlite:///{tmp_path}/i.db", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["ingested"], summary["skipped_count"]) == (1, 0)


def test_the_fixtures_are_what_the_builder_writes(tmp_path: Path) -> None:
    """The committed notice is the builder's output (rerun make_fixtures.py after changing it)."""
    written = fx.write(tmp_path / "n.ofd", fx.notice_parts())
    with zipfile.ZipFile(written) as new, zipfile.ZipFile(NOTICE) as old:
        assert {n: new.read(n) for n in new.namelist()} == {n: old.read(n) for n in old.namelist()}


def test_a_third_party_writers_package_reads_the_same() -> None:
    """easyofd's output (`make_easyofd.py`): its own namespace and a lower-case `size`."""
    (page,) = load(FIXTURES / "easyofd.ofd").pages
    lines = page.text.splitlines()
    assert lines[:4] == [fx.NUMBER, *fx.TITLE, fx.SALUTATION][:4]
    assert page.tables == [fx.TABLE]
    assert lines[-2:] == [fx.ISSUER, fx.DATE]
