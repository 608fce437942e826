"""A scan pasted into a Word file saved as OpenDocument text (.odt) is read by OCR, as the .docx is.

The fixtures in tests/fixtures/odf are converted by LibreOffice from the .docx documents of
../doc/make_fixtures.py (`make_fixtures.py` there, `pictures()`): `scan.odt` holds
`fixtures/ocr/notice.png` (our own notice drawn as a scan) as an inline picture, `scan-floating.odt`
the same page as a floating picture between a typed title and a closing line, `logo.odt` a short
report with a small logo. The other documents are those fixtures with their `content.xml` or their
picture part changed here.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from duban.base.errors import DubanError
from duban.index import open_store
from duban.pipeline.ingest import ingest
from duban.pipeline.loaders import load, ocr
from tests.test_loader_doc_images import LOGO_REPORT
from tests.test_loader_docx_images import SCAN, SCAN_LINES, measures, no_ocr, records, word

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "odf"
SCAN_ODT = FIXTURES / "scan.odt"
FLOATING_ODT = FIXTURES / "scan-floating.odt"
LOGO_ODT = FIXTURES / "logo.odt"
NOTICE_ODT = FIXTURES / "notice.odt"


def error_of(path: Path) -> DubanError:
    with pytest.raises(DubanError) as caught:
        load(path)
    return caught.value


def picture_part(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        (name,) = [name for name in package.namelist() if name.startswith("Pictures/")]
    return name


def changed(source: Path, target: Path, parts: dict[str, bytes]) -> Path:
    """`source` with some parts' bytes replaced (the mimetype first and stored, as ODF wants)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = parts.get(info.filename, old.read(info.filename))
            new.writestr(info, data, compress_type=info.compress_type)
    return target


def content(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("content.xml").decode("utf-8")


def test_a_scanned_odt_reads_as_the_docx_it_came_from(tmp_path: Path) -> None:
    raw = load(SCAN_ODT)
    assert raw.format == "odt"
    assert [(page.number, page.extractor) for page in raw.pages] == [(1, "ocr:rapidocr")]
    assert raw.pages[0].text.splitlines() == SCAN_LINES
    assert raw.pages[0].note.startswith("OCR 平均置信度")
    assert "OCR" in raw.warnings[0] and "核对原件" in raw.warnings[0] and "scan.odt" in raw.warnings[0]
    docx = load(word(tmp_path / "scan.docx", SCAN))
    assert raw.pages[0].text == docx.pages[0].text
    from_odt, from_docx = records(SCAN_ODT, tmp_path / "scan.docx")
    assert measures(from_odt) == measures(from_docx)
    assert ("一、县水利局要在2025年6月30日前完成水源地排查。", ["县水利局"], ["2025-06-30"]) in measures(
        from_odt
    )


def test_a_floating_scan_is_read_in_its_place_between_the_typed_lines() -> None:
    raw = load(FLOATING_ODT)
    assert [page.extractor for page in raw.pages] == ["ocr:rapidocr"]
    assert raw.pages[0].text.splitlines() == ["县政府办公室转发", *SCAN_LINES, "（此页无正文）"]


def test_a_scan_anchored_to_the_page_or_in_a_table_cell_is_read(tmp_path: Path) -> None:
    xml = content(SCAN_ODT)
    start, end = xml.index("<draw:frame "), xml.index("</draw:frame>") + len("</draw:frame>")
    frame = xml[start:end].replace('text:anchor-type="as-char"', 'text:anchor-type="page"')
    paragraph = xml.rindex("<text:p ", 0, start)
    on_page = xml[:paragraph] + frame + xml[xml.index("</text:p>", end) + len("</text:p>") :]
    page = changed(SCAN_ODT, tmp_path / "page.odt", {"content.xml": on_page.encode()})
    assert load(page).pages[0].text.splitlines() == SCAN_LINES
    cell = (
        xml[:paragraph]
        + '<table:table table:name="T"><table:table-column/><table:table-row><table:table-cell>'
        + xml[paragraph : xml.index("</text:p>", end) + len("</text:p>")]
        + "</table:table-cell></table:table-row></table:table>"
        + xml[xml.index("</text:p>", end) + len("</text:p>") :]
    )
    in_cell = changed(SCAN_ODT, tmp_path / "cell.odt", {"content.xml": cell.encode()})
    assert load(in_cell).pages[0].text.splitlines() == SCAN_LINES


def test_an_odt_with_real_text_and_a_logo_is_not_read_by_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    no_ocr(monkeypatch)
    raw = load(LOGO_ODT)
    assert [page.extractor for page in raw.pages] == ["odf"]
    assert raw.pages[0].text.splitlines() == ["", *LOGO_REPORT] and not raw.warnings  # the logo's line


def test_without_ocr_e049_says_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    no_ocr(monkeypatch)
    caught = error_of(SCAN_ODT)
    assert caught.code == "E049" and "扫描页" in caught.message and "pip install 'duban[ocr]'" in caught.hint
    # a typed title is kept, with a warning that the scan was not read
    raw = load(FLOATING_ODT)
    assert raw.pages[0].text.splitlines() == ["县政府办公室转发", "", "（此页无正文）"]
    assert "未安装 OCR" in raw.warnings[0]


def test_ingest_takes_a_scanned_odt_with_its_warning(tmp_path: Path) -> None:
    folder = tmp_path / "报送"
    folder.mkdir()
    shutil.copyfile(SCAN_ODT, folder / "扫描通知.odt")
    shutil.copyfile(NOTICE_ODT, folder / "通知.odt")
    url = f"sqlite:///{tmp_path}/index.db"
    report = ingest([folder], index_url=url, progress=False)
    assert (report.ingested, report.failures, report.skipped) == (2, [], [])
    with open_store(url) as store:
        (scan,) = [doc for doc in store.iter_documents() if doc.source.endswith("扫描通知.odt")]
    assert any("核对原件" in warning for warning in scan.warnings)


def test_damaged_or_linked_pictures_are_not_read_and_do_not_crash(tmp_path: Path) -> None:
    name = picture_part(SCAN_ODT)
    with zipfile.ZipFile(SCAN_ODT) as package:
        png = package.read(name)
    # not a picture at all: nothing that looks like a page
    garbage = changed(SCAN_ODT, tmp_path / "garbage.odt", {name: b"\x00not a picture" * 50})
    caught = error_of(garbage)
    assert caught.code == "E049" and "图片" in caught.message
    # a page-sized picture whose pixels are cut off: not decoded, said so
    truncated = changed(SCAN_ODT, tmp_path / "truncated.odt", {name: png[: len(png) // 3]})
    caught = error_of(truncated)
    assert caught.code == "E049" and "无法解码" in caught.message
    # the part's bytes do not match its checksum: the picture is skipped, the file is not E047
    with zipfile.ZipFile(SCAN_ODT) as package:
        info = package.getinfo(name)
    broken = tmp_path / "crc.odt"
    data = bytearray(SCAN_ODT.read_bytes())
    at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
    data[at] ^= 0xFF
    broken.write_bytes(bytes(data))
    assert error_of(broken).code == "E049"
    # a picture linked from outside the package is never fetched
    linked = content(SCAN_ODT).replace(f'xlink:href="{name}"', 'xlink:href="http://example.invalid/scan.png"')
    caught = error_of(changed(SCAN_ODT, tmp_path / "linked.odt", {"content.xml": linked.encode()}))
    assert caught.code == "E049"
    # the logo report with its logo damaged still reads as text
    logo = picture_part(LOGO_ODT)
    raw = load(changed(LOGO_ODT, tmp_path / "logo.odt", {logo: b"\xff" * 10}))
    assert raw.pages[0].text.splitlines() == ["", *LOGO_REPORT]
