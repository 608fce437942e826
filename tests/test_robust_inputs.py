"""Broken and hostile inputs: each gets its catalogued code, and the next file is still processed.

Every input is built here (tests/robust_factory.py). `duban extract` runs with its default limits,
so each file goes through a worker process as in production.
"""

from __future__ import annotations

import errno
import io
import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.base.errors import DubanError, E
from duban.base.limits import Limits, configure, current
from duban.base.paths import path_of
from duban.pipeline.cli import app
from duban.pipeline.loaders import load
from duban.pipeline.loaders.docx import check_package
from duban.pipeline.loaders.text import decode_with_warnings, html_to_text
from tests.robust_factory import (
    NOTICE,
    body_xml,
    corrupt_deflate,
    deep_nesting,
    docx_bytes,
    entity_bomb,
    paragraph,
    write,
    zip_bomb,
)

runner = CliRunner()


IN_PROCESS = ("--timeout", "0", "--memory-mb", "0", "--workers", "1")
"""No limit and one worker: files are extracted in this process, where a test's patch applies."""


def extract(*paths: Path, options: tuple[str, ...] = ()) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(app, ["extract", *options, *map(str, paths)])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.exit_code, lines


def good_text(folder: Path) -> Path:
    return write(folder / "zz-good.txt", NOTICE.encode())


@pytest.mark.parametrize(
    ("name", "data", "code", "words"),
    [
        ("zlib", lambda: corrupt_deflate(docx_bytes(body_xml(paragraph(NOTICE) * 50))), "E020", "Error"),
        ("bad-xml", lambda: docx_bytes(b"<w:document><w:body><w:p>"), "E020", "XML"),
        ("empty-body", lambda: docx_bytes(b""), "E020", "空的"),
        ("entities", lambda: docx_bytes(entity_bomb()), "E020", "XML"),
        ("deep", lambda: docx_bytes(deep_nesting()), "E020", "XML"),
        ("truncated", lambda: docx_bytes()[:4000], "E020", "zip"),
        ("bomb", lambda: zip_bomb(210), "E021", "MB"),
    ],
)
def test_broken_docx_is_a_clean_error_and_the_next_file_is_read(
    tmp_path: Path, name: str, data: object, code: str, words: str
) -> None:
    bad = write(tmp_path / f"{name}.docx", data())  # type: ignore[operator]
    status, lines = extract(bad, good_text(tmp_path))
    assert status == 1
    assert lines[0]["source"] == str(bad)
    error = lines[0]["error"]
    assert isinstance(error, dict)
    assert error["code"] == code
    assert f"{name}.docx" in error["message"] and words in error["message"]
    assert error["hint"]
    assert lines[1]["source"].endswith("zz-good.txt") and "error" not in lines[1]  # type: ignore[union-attr]


def test_a_zip_bomb_is_refused_before_anything_is_inflated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = write(tmp_path / "bomb.docx", zip_bomb(3))

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("inflated a part of a package over the limit")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    with pytest.raises(DubanError) as caught:
        check_package(bomb, "bomb.docx", Limits(docx_max_mb=2))
    assert caught.value.code == "E021"


def test_the_element_limit_stops_a_body_of_millions_of_empty_elements(tmp_path: Path) -> None:
    many = write(tmp_path / "many.docx", docx_bytes(body_xml("<w:p/>" * 5000)))
    with pytest.raises(DubanError) as caught:
        check_package(many, "many.docx", Limits(docx_max_elements=1000))
    assert caught.value.code == "E021" and "1,000" in caught.value.message
    check_package(many, "many.docx", Limits(docx_max_elements=10_000))


def test_docx_limits_are_options(tmp_path: Path) -> None:
    many = write(tmp_path / "many.docx", docx_bytes(body_xml(paragraph(NOTICE) + "<w:p/>" * 3000)))
    status, lines = extract(many, options=("--docx-max-elements", "1000"))
    assert status == 1 and lines[0]["error"]["code"] == "E021"  # type: ignore[index]
    status, lines = extract(many, options=("--docx-max-elements", "0"))
    assert status == 0 and "error" not in lines[0]
    before = current()
    try:
        configure(Limits(docx_max_mb=1))
        with pytest.raises(DubanError) as caught:
            load(write(tmp_path / "bomb.docx", zip_bomb(2)))
        assert caught.value.code == "E021"
    finally:
        configure(before)


def test_utf16_with_a_bom_and_an_odd_byte_count(tmp_path: Path) -> None:
    data = b"\xff\xfe" + NOTICE.encode("utf-16-le") + b"\x41"
    text, warnings = decode_with_warnings(data, "odd.txt")
    assert text == NOTICE
    assert warnings and "奇数" in warnings[0]
    status, lines = extract(write(tmp_path / "odd.txt", data))
    assert status == 0 and lines[0]["warnings"]


@pytest.mark.parametrize("padding", [100, 101])
def test_utf8_after_nul_padding_is_utf8_not_utf16(padding: int) -> None:
    text, warnings = decode_with_warnings(b"\0" * padding + NOTICE.encode(), "padded.txt")
    assert text == NOTICE
    assert f"{padding} 个空字节" in warnings[0]


def test_utf16_without_a_bom_is_still_recognised() -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        text, warnings = decode_with_warnings(("第1条 " + NOTICE + "\n").encode(codec), "wide.txt")
        assert text == "第1条 " + NOTICE + "\n" and not warnings


def test_utf8_with_a_few_bad_bytes_is_read_with_a_warning(tmp_path: Path) -> None:
    data = bytearray((NOTICE * 40).encode())
    data[100] = 0xFF
    data[900] = 0xFE
    text, warnings = decode_with_warnings(bytes(data), "cut.txt")
    assert text.count("\ufffd") >= 2 and "市应急管理局" in text
    assert "UTF-8" in warnings[0]
    status, lines = extract(write(tmp_path / "cut.txt", bytes(data)))
    assert status == 0 and lines[0]["measures"]


def test_gbk_text_is_not_taken_for_damaged_utf8() -> None:
    text, warnings = decode_with_warnings((NOTICE * 3).encode("gbk"), "gbk.txt")
    assert text == NOTICE * 3 and not warnings
    mixed, _ = decode_with_warnings(("Report: " + NOTICE).encode("gbk"), "mixed.txt")
    assert mixed == "Report: " + NOTICE


def test_a_file_without_read_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, which reads anything: the refusal is simulated where the file is read."""
    locked = write(tmp_path / "locked.txt", NOTICE.encode())
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "locked.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    status, lines = extract(locked, good_text(tmp_path), options=IN_PROCESS)
    assert status == 1
    assert lines[0]["error"]["code"] == "E005"  # type: ignore[index]
    assert "没有读取权限" in lines[0]["error"]["message"]  # type: ignore[index]
    assert "error" not in lines[1]


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode("工作要点".encode("gbk") + b".txt")
    odd = write(tmp_path / name, NOTICE.encode())
    bad = write(tmp_path / (os.fsdecode("坏".encode("gbk")) + ".docx"), b"not a zip")
    status, lines = extract(tmp_path)
    assert status == 1
    by_kind = {("error" in line): line for line in lines}
    source = str(by_kind[False]["source"])
    assert source.startswith(str(tmp_path) + "/\\xb9\\xa4") and source.endswith(".txt")
    assert path_of(source) == odd, "the escaped name leads back to the file"
    assert by_kind[False]["measures"]
    message = by_kind[True]["error"]["message"]  # type: ignore[index]
    assert "坏.docx（文件名为 GBK 编码）" in message
    assert odd.exists() and bad.exists()


def test_a_folder_that_cannot_be_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    good_text(tmp_path)
    real = os.scandir

    def refuse(path: object = ".") -> object:
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refuse)
    status, lines = extract(tmp_path, options=("--recursive",))
    assert status == 1
    errors = [line["error"] for line in lines if "error" in line]
    assert [e["code"] for e in errors] == ["E006"]  # type: ignore[index]
    assert any(str(line["source"]).endswith("zz-good.txt") for line in lines if "error" not in line)


def test_unsupported_files_in_a_folder_are_listed_with_hints(tmp_path: Path) -> None:
    good_text(tmp_path)
    for name in ("文稿.pages", "通知.wps", "汇报.dps", "动图.gif", "名单.numbers"):
        write(tmp_path / name, b"x")
    write(tmp_path / ".DS_Store", b"x")
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 3
    for name in ("文稿.pages", "通知.wps", "汇报.dps", "动图.gif", "名单.numbers"):
        assert f"跳过 E003 {tmp_path / name}" in result.stderr
    assert "soffice --headless --convert-to docx" in result.stderr
    assert "导出为 PDF" in result.stderr and "另存为 PNG 或 JPG" in result.stderr
    assert ".DS_Store" not in result.stderr


def test_an_unexpected_exception_is_a_bug_report_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duban.pipeline.extract as extract_module

    def broken(raw: object, doc_id: str = "") -> object:
        raise IndexError("list index out of range")

    monkeypatch.setattr(extract_module, "build_document", broken)
    bad = write(tmp_path / "a.txt", NOTICE.encode())
    status, lines = extract(bad, options=IN_PROCESS)
    assert status == 1
    error = lines[0]["error"]
    assert error["code"] == "E080"  # type: ignore[index]
    assert "这是程序缺陷 (bug)" in error["message"] and "a.txt" in error["message"]  # type: ignore[index]
    assert "IndexError" in error["message"]  # type: ignore[index]


def test_unclosed_tags_take_linear_time() -> None:
    for markup in ("<a " * 300_000, "<script>" * 100_000 + "x", "<br" * 200_000):
        started = time.process_time()
        html_to_text(markup)
        assert time.process_time() - started < 3
    assert html_to_text("<p>一</p><script>x</script><style>y</style>二<br>三") == "一\n二\n三"
    assert html_to_text("甲<script>never closed<p>乙") == "甲"


def test_a_docx_made_by_python_docx_still_reads(tmp_path: Path) -> None:
    raw = load(write(tmp_path / "ok.docx", docx_bytes()))
    assert NOTICE in raw.pages[0].text
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as package:
        assert "word/document.xml" in package.namelist()


OCR_FIXTURES = Path(__file__).parent / "fixtures" / "ocr"


def test_a_scanned_pdf_is_read_by_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    """An image-only PDF (a scanner's) is read by rapidocr, page marked, lines in reading order;
    without rapidocr it is E012 with the way to get it."""
    from duban.pipeline import loaders

    scan = OCR_FIXTURES / "notice-scan.pdf"
    with monkeypatch.context() as patched:
        patched.setattr(loaders, "ocr_available", lambda: False)
        with pytest.raises(DubanError) as caught:
            load(scan)
    assert caught.value.code == "E012" and "duban[ocr]" in caught.value.hint
    raw = load(scan)
    assert raw.format == "pdf" and [page.extractor for page in raw.pages] == ["ocr:rapidocr"]
    lines = raw.pages[0].text.splitlines()
    assert lines[0] == "关于做好农村供水保障工作的通知"
    assert lines[2] == "一、县水利局要在2025年6月30日前完成水源地排查。"
    assert "置信度" in raw.pages[0].note and "OCR" in raw.warnings[0]


def test_a_blank_scan_read_by_ocr_is_not_told_to_install_ocr(tmp_path: Path) -> None:
    """OCR ran and found no text (a blank page scanned): E012 still, but its hint was to install
    the OCR component, which is installed; now it says to check the original and scan again."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "空白扫描.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.drawImage(ImageReader(Image.new("RGB", (400, 560), "white")), 0, 0, *A4)
    canvas.showPage()
    canvas.save()
    with pytest.raises(DubanError) as caught:
        load(path)
    assert caught.value.code == "E012" and caught.value.kind is E.PDF_OCR_NO_TEXT
    assert "OCR 也未识别出文字（识别了 1 页）" in caught.value.message
    assert "duban[ocr]" not in caught.value.hint and "重新扫描" in caught.value.hint


def test_ocr_reads_at_most_its_page_limit() -> None:
    before = current()
    try:
        configure(Limits(ocr_max_pages=1))
        raw = load(OCR_FIXTURES / "notice.tif")
    finally:
        configure(before)
    assert len(raw.pages) == 1 and "只识别了前 1 页" in raw.warnings[-1]


def test_extract_stops_a_file_at_its_time_limit_and_goes_on(tmp_path: Path) -> None:
    """Twenty megabytes of notices take far longer than two seconds however fast the stages get."""
    big = write(
        tmp_path / "a-big.txt", ("各部门要于6月底前完成整改，市应急管理局牵头负责。\n" * 400_000).encode()
    )
    started = time.monotonic()
    status, lines = extract(big, good_text(tmp_path), options=("--timeout", "2"))
    assert time.monotonic() - started < 60
    assert status == 1
    assert lines[0]["error"]["code"] == "E081" and "2 秒" in lines[0]["error"]["message"]  # type: ignore[index]
    assert "--timeout" in lines[0]["error"]["hint"]  # type: ignore[index]
    assert lines[1]["measures"] and "error" not in lines[1]


def test_gb18030_with_a_few_bad_bytes_is_read_with_a_warning() -> None:
    data = bytearray((NOTICE * 40).encode("gb18030"))
    for i in (101, 701, 1301):
        data[i] = 0xFF
    text, warnings = decode_with_warnings(bytes(data), "gbk-damaged.txt")
    assert "\ufffd" in text and text.count("市应急管理局") >= 35
    assert "GB18030" in warnings[0]
