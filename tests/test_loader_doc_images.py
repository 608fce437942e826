"""A scan pasted into a Word 97-2003 file (.doc, .wps, .dot) is read by OCR, as one in a .docx is.

The fixtures in tests/fixtures/doc are converted by LibreOffice from .docx files python-docx wrote
(`make_fixtures.py` there): `scan.doc` holds `fixtures/ocr/notice.png` (our own notice drawn as a
scan) as an inline picture, `scan-floating.doc` the same page as a floating picture between a typed
title and a closing line, `logo.doc` a short report with a small logo. The damaged files are those
fixtures with their picture records overwritten here.
"""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import olefile
import pytest

from duban.base.errors import DubanError
from duban.index import open_store
from duban.pipeline.ingest import ingest
from duban.pipeline.loaders import doc as doc_loader
from duban.pipeline.loaders import load, ocr
from duban.pipeline.loaders.pictures import Picture
from tests.test_loader_docx_images import SCAN, SCAN_LINES, measures, no_ocr, records, word

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "doc"
SCAN_DOC = FIXTURES / "scan.doc"
FLOATING_DOC = FIXTURES / "scan-floating.doc"
LOGO_DOC = FIXTURES / "logo.doc"
NOTICE_DOC = FIXTURES / "notice.doc"
LOGO_REPORT = [
    "县水利局关于农村供水保障工作进展情况的报告",
    "今年以来，我局按照县政府部署开展水源地排查，已完成排查任务的八成。",
    "下一步，我局将于9月底前完成剩余水源地排查，并建立供水工程运行台账。",
]


def error_of(path: Path) -> DubanError:
    with pytest.raises(DubanError) as caught:
        load(path)
    return caught.value


def test_a_scanned_doc_reads_as_the_docx_it_came_from(tmp_path: Path) -> None:
    raw = load(SCAN_DOC)
    assert raw.format == "doc"
    assert [(page.number, page.extractor) for page in raw.pages] == [(1, "ocr:rapidocr")]
    assert raw.pages[0].text.splitlines() == SCAN_LINES
    assert raw.pages[0].note.startswith("OCR 平均置信度")
    assert "OCR" in raw.warnings[0] and "核对原件" in raw.warnings[0] and "scan.doc" in raw.warnings[0]
    from_doc, from_docx = records(SCAN_DOC, word(tmp_path / "scan.docx", SCAN))
    assert measures(from_doc) == measures(from_docx)
    assert ("一、县水利局要在2025年6月30日前完成水源地排查。", ["县水利局"], ["2025-06-30"]) in measures(
        from_doc
    )


def test_a_floating_scan_is_read_in_its_place_between_the_typed_lines() -> None:
    raw = load(FLOATING_DOC)
    assert [page.extractor for page in raw.pages] == ["ocr:rapidocr"]
    assert raw.pages[0].text.splitlines() == ["县政府办公室转发", *SCAN_LINES, "（此页无正文）"]


def test_a_doc_with_real_text_and_a_logo_is_not_read_by_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    no_ocr(monkeypatch)
    raw = load(LOGO_DOC)
    assert [page.extractor for page in raw.pages] == ["msdoc"]
    assert raw.pages[0].text.splitlines() == ["", *LOGO_REPORT] and not raw.warnings  # the logo's line


def test_a_wps_named_scan_is_read_and_without_ocr_the_hint_is_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    no_ocr(monkeypatch)
    wps = shutil.copyfile(SCAN_DOC, tmp_path / "扫描件.wps")
    caught = error_of(wps)
    assert caught.code == "E035" and "扫描页" in caught.message and "pip install 'duban[ocr]'" in caught.hint
    # a typed title is kept, with a warning that the scan was not read
    raw = load(FLOATING_DOC)
    assert raw.pages[0].text.splitlines() == ["县政府办公室转发", "", "（此页无正文）"]
    assert "未安装 OCR" in raw.warnings[0]


def test_ingest_takes_a_scanned_doc_with_its_warning(tmp_path: Path) -> None:
    folder = tmp_path / "报送"
    folder.mkdir()
    shutil.copyfile(SCAN_DOC, folder / "扫描通知.doc")
    shutil.copyfile(NOTICE_DOC, folder / "通知.doc")
    url = f"sqlite:///{tmp_path}/index.db"
    report = ingest([folder], index_url=url, progress=False)
    assert (report.ingested, report.failures, report.skipped) == (2, [], [])
    with open_store(url) as store:
        (scan,) = [doc for doc in store.iter_documents() if doc.source.endswith("扫描通知.doc")]
    assert any("核对原件" in warning for warning in scan.warnings)


def picture_records(data: bytes) -> tuple[int, int]:
    """The offsets of the FBSE record and of its BLIP record in the Data stream of `scan.doc`:
    after the PICF header (cbHeader bytes) and the shape container."""
    header = struct.unpack_from("<H", data, 4)[0]
    shape = struct.unpack_from("<I", data, header + 4)[0]
    fbse = header + 8 + shape
    assert struct.unpack_from("<H", data, fbse + 2)[0] == 0xF007
    blip = fbse + 8 + 36 + data[fbse + 8 + 33]
    assert struct.unpack_from("<H", data, blip + 2)[0] == 0xF01E  # PNG
    return fbse, blip


def damaged(tmp_path: Path, name: str, source: Path, stream: str, change: object) -> Path:
    path = shutil.copyfile(source, tmp_path / name)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        data = bytearray(ole.openstream(stream).read())
        change(data)  # type: ignore[operator]
        ole.write_stream(stream, bytes(data))
    return path


def test_a_damaged_picture_is_only_a_picture_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_ocr(monkeypatch)
    data = olefile.OleFileIO(str(SCAN_DOC)).openstream("Data").read()
    fbse, blip = picture_records(data)

    def put(at: int, value: int, form: str = "<I") -> object:
        return lambda stream: struct.pack_into(form, stream, at, value)

    def both(*changes: object) -> object:
        return lambda stream: [change(stream) for change in changes]  # type: ignore[operator]

    changes = {
        "picf-size.doc": put(0, 0xFFFFFFF0),  # PICF.lcb past the stream
        "picf-header.doc": put(4, 0xFFFF, "<H"),  # cbHeader past lcb
        "shape-size.doc": put(0x48, 0x7FFFFFFF),  # the shape container past the PICF
        "fbse-size.doc": put(fbse + 4, 0x7FFFFFFF),
        # no BLIP embedded and none after the entry: foDelay is read, inside WordDocument or past it
        "fbse-delay.doc": both(put(fbse + 4, 36), put(blip + 2, 0, "<H")),
        "fbse-far.doc": both(put(fbse + 4, 36), put(blip + 2, 0, "<H"), put(fbse + 8 + 28, 0xFFFFFFF0)),
        "blip-size.doc": put(blip + 4, 0),  # a BLIP with no bytes
        "blip-pixels.doc": lambda stream: stream.__setitem__(slice(blip + 60, blip + 200), b"\xff" * 140),
        "metafile.doc": put(blip + 2, 0xF01A, "<H"),  # an EMF drawing, not a page
        "zeros.doc": lambda stream: stream.__setitem__(slice(0, len(stream)), bytes(len(stream))),
    }
    for name, change in changes.items():
        path = damaged(tmp_path, name, SCAN_DOC, "Data", change)
        caught = error_of(path)
        assert caught.code == "E035" and name in caught.message, name
    assert "不像扫描页" in error_of(tmp_path / "metafile.doc").message


def test_a_damaged_drawing_store_loses_only_the_floating_picture(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_ocr(monkeypatch)
    word_stream = olefile.OleFileIO(str(FLOATING_DOC)).openstream("WordDocument").read()
    _, places = doc_loader._fib_arrays(word_stream)
    dgg, size = places[doc_loader._DGG_INFO]
    for name, change in {
        "dgg-size.doc": lambda table: struct.pack_into("<I", table, dgg + 4, 0x7FFFFFFF),
        "dgg-zeros.doc": lambda table: table.__setitem__(slice(dgg, dgg + size), bytes(size)),
        "dgg-ones.doc": lambda table: table.__setitem__(slice(dgg + 8, dgg + size), b"\xff" * (size - 8)),
    }.items():
        raw = load(damaged(tmp_path, name, FLOATING_DOC, "1Table", change))
        assert [page.extractor for page in raw.pages] == ["msdoc"], name
        assert raw.pages[0].text.splitlines() == ["县政府办公室转发", "", "（此页无正文）"], name


def test_pictures_go_with_the_line_or_table_row_they_are_in() -> None:
    """The blocks `loaders.pictures` reads: a picture in a paragraph goes with its line, one in a
    table cell with the table, one in blank paragraphs at the end with a last block of its own;
    a picture character in a field's code is no picture."""
    builder = doc_loader._Builder()
    located = doc_loader._Located(inline=[(0, 200, 7)])
    characters = "标题\x01\r甲\x07乙\x01\x07\x07\x13 INCLUDEPICTURE \x01\x14\x01\x15\r末行\r\x01\r"
    piece = doc_loader._Piece(0, characters, 0, 2, 0)
    cell = doc_loader._Mark(in_table=True, depth=1)
    row = doc_loader._Mark(in_table=True, ttp=True, depth=1)
    runs = doc_loader._Runs([8, 18], [18, 20], [cell, row])  # bytes: the cells' marks, the row's
    doc_loader._assemble(piece, [], runs, [], builder, located)
    builder.finish()
    blocks = builder.blocks()
    assert [(block.lines, block.in_table, len(block.pictures)) for block in blocks] == [
        (["标题"], False, 1),
        (["甲 | 乙"], True, 1),
        ([""], False, 1),  # the field's result; its code's picture character is dropped
        (["末行"], False, 0),
        ([], False, 1),
    ]
    assert [block.tables for block in blocks if block.in_table] == [[[["甲", "乙"]]]]
    assert all(isinstance(picture, Picture) and picture.data is None for _, picture, _ in builder.pictures)


def test_jpeg_with_two_uids_and_dib_pictures_are_taken_whole(tmp_path: Path) -> None:
    """The BLIP kinds LibreOffice does not write: a JPEG whose record instance says it has two
    UIDs (0x46B), and a DIB (a bitmap without its file header), both in a PICF's BLIP store entry
    as Word writes them."""
    import io

    from PIL import Image

    page = Image.new("L", (1000, 400), 255)
    jpeg = io.BytesIO()
    page.save(jpeg, "JPEG")
    bmp = io.BytesIO()
    page.convert("P").save(bmp, "BMP")  # 8-bit with a colour table: the pixels follow it

    def record(version_instance: int, kind: int, body: bytes) -> bytes:
        return struct.pack("<HHI", version_instance, kind, len(body)) + body

    def picf(kind: int, instance: int, picture: bytes) -> bytes:
        uids = 16 * (2 if instance & 1 else 1)
        blip = record(instance << 4, kind, bytes(uids) + b"\xff" + picture)
        fbse = record(
            0x2 | 2 << 4, 0xF007, bytes(20) + struct.pack("<III", len(blip), 1, 0) + bytes(4) + blip
        )
        body = record(0xF, 0xF004, b"") + fbse
        return struct.pack("<IHH", 0x44 + len(body), 0x44, 0x64) + bytes(0x44 - 8) + body

    taken = doc_loader._inline_picture(picf(0xF01D, 0x46B, jpeg.getvalue()), b"", 0)
    assert taken == jpeg.getvalue()
    dib = bmp.getvalue()[14:]
    taken = doc_loader._inline_picture(picf(0xF01F, 0x7A8, dib), b"", 0)
    assert taken is not None and Picture(taken).size == (1000, 400)
    with Image.open(io.BytesIO(taken)) as image:
        assert image.convert("L").getpixel((500, 200)) == 255
    assert doc_loader._inline_picture(picf(0xF01A, 0x3D4, b"\x01\x00\x00\x00"), b"", 0) is None  # EMF
