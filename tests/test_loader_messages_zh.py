"""What staff read about a file that cannot be read, or only partly, is Chinese.

Each broken input goes through `extract_file` (the CLI's path), and the text a user sees (the
error's message and hint, the document's warnings) must hold no English words: ASCII words of
three or more letters are allowed only inside code spans, in the file's name, in a library's
exception after its type (`BadZipFile: …`), or as names of formats, tools and components.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from duban.base.errors import DubanError
from duban.pipeline.extract import extract_file
from duban.pipeline.loaders import ocr
from tests.pdf_factory import image_pdf, outline_pdf, table_pdf, text_pdf, truncated, untyped_page

# Names, not words: formats, programs, components and markers a message may name.
NAMES = {
    "PDF", "OCR", "zip", "Word", "WPS", "Excel", "PowerPoint", "Office", "LibreOffice", "HTML", "XML",
    "EOF", "PNG", "JPG", "dpi", "pdfplumber", "pypdfium2", "duban", "ocrmypdf", "chi_sim", "pip",
    "install", "qpdf", "docx", "xlsx", "pptx", "pdf", "OLE", "MIME", "UTF", "GB18030", "CSV", "UOF",
    "OFD", "RTF", "OpenDocument", "RedOffice",
}  # fmt: skip
# A library's exception as a technical tail: its type, a colon, its own message to the bracket.
TAIL = re.compile(r"\b[A-Z]\w*(?:Error|Exception|ZipFile|Warning)\b:?[^）)]*")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]{2,}")
# A part or file name inside the package or on disk: `word/document.xml`, `content.xml`.
PART = re.compile(r"[\w.-]*[A-Za-z][\w-]*(?:[/.][\w-]+)+", re.ASCII)

PAGE = ["关于开展城市环境整治的通知", "一、各街道于2025年5月底前完成排查。", "二、区城管局负责督导。"]
SYMBOLS = ["犐犆犛３５．０８０", "犌犅／犜９３８５—２００８", "犆狅犿狆狌狋犲狉 狊狅犳狋狑犪狉犲"]
ROWS = [
    ["序号", "事项", "责任单位"],
    ["1", "清理占道经营", "区城管局"],
    ["2", "整治背街小巷", "各街道办事处"],
]


def english_words(text: str, source: str) -> list[str]:
    """The ASCII words of `text` that are neither names nor inside a file or part name, code or a
    library's exception."""
    text = text.replace(source, " ")
    text = re.sub(r"`[^`]*`", " ", text)
    text = TAIL.sub(" ", text)
    text = PART.sub(" ", text)
    return [word for word in WORD.findall(text) if word not in NAMES]


def shown(path: Path) -> list[str]:
    """What a user reads about `path`: the error's message and hint, or the warnings."""
    try:
        document = extract_file(path, str(path))
    except DubanError as exc:
        return [exc.message, exc.hint]
    return list(document.warnings)


def merged(target: Path, *parts: Path) -> Path:
    """The pages of `parts`, one after another, in one PDF."""
    whole = pdfium.PdfDocument.new()
    for part in parts:
        whole.import_pages(pdfium.PdfDocument(str(part)))
    whole.save(str(target))
    return target


def zipped(target: Path, members: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, data in members.items():
            package.writestr(name, data)
    target.write_bytes(buffer.getvalue())
    return target


def _cut_pdf(folder: Path) -> Path:
    return truncated(text_pdf(folder / "whole.pdf", [PAGE]), folder / "截断.pdf", 0.5)


def _web_page_as_pdf(folder: Path) -> Path:
    path = folder / "网页.pdf"
    path.write_text("<html><body>通知</body></html>", encoding="utf-8")
    return path


def _untrusted_only(folder: Path) -> Path:
    return text_pdf(folder / "符号字体.pdf", [SYMBOLS])


def _some_pages_untrusted(folder: Path) -> Path:
    return text_pdf(folder / "部分乱码.pdf", [SYMBOLS, PAGE])


def _a_scanned_page_among_text(folder: Path) -> Path:
    return merged(folder / "夹扫描页.pdf", text_pdf(folder / "t.pdf", [PAGE]), image_pdf(folder / "i.pdf", 1))


def _pdfplumber_fails(folder: Path) -> Path:
    tabled = table_pdf(folder / "表格.pdf", PAGE[0], ROWS * 12, PAGE[2], [15, 70, 50])
    return untyped_page(tabled, folder / "页树损坏.pdf")


def _text_renamed(suffix: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / f"改名{suffix}"
        path.write_text("\n".join(PAGE), encoding="utf-8")
        return path

    return make


def _cut_package(suffix: str, part: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        whole = zipped(folder / f"whole{suffix}", {part: b"<x>" + b"a" * 5000 + b"</x>"})
        path = folder / f"截断{suffix}"
        path.write_bytes(whole.read_bytes()[:2000])
        return path

    return make


def _package_without_body(folder: Path) -> Path:
    return zipped(folder / "缺正文.docx", {"[Content_Types].xml": b"<Types/>", "word/other.xml": b"<x/>"})


def _not_xml_uof(folder: Path) -> Path:
    path = folder / "坏文档.uof"
    path.write_text("这不是 XML\n", encoding="utf-8")
    return path


def _damaged_image(folder: Path) -> Path:
    path = folder / "坏图.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    return path


BROKEN: dict[str, Callable[[Path], Path]] = {
    "truncated pdf": _cut_pdf,
    "not a pdf": _web_page_as_pdf,
    "untrusted pdf": _untrusted_only,
    "some pages untrusted": _some_pages_untrusted,
    "a page without text": _a_scanned_page_among_text,
    "pdfplumber cannot read it": _pdfplumber_fails,
    "text renamed docx": _text_renamed(".docx"),
    "text renamed xlsx": _text_renamed(".xlsx"),
    "text renamed pptx": _text_renamed(".pptx"),
    "truncated xlsx": _cut_package(".xlsx", "xl/workbook.xml"),
    "docx without its body": _package_without_body,
    "uof that is not XML": _not_xml_uof,
    "damaged image": _damaged_image,
}


@pytest.mark.parametrize("make", BROKEN.values(), ids=BROKEN.keys())
def test_what_a_broken_file_shows_is_chinese(tmp_path: Path, make: Callable[[Path], Path]) -> None:
    path = make(tmp_path)
    texts = shown(path)
    assert texts, "a broken input says something"
    for text in texts:
        assert not english_words(text, str(path)), text


WITHOUT_OCR: dict[str, Callable[[Path], Path]] = {
    "scanned pages": lambda folder: image_pdf(folder / "扫描件.pdf", 2),
    "text as outlines": lambda folder: outline_pdf(folder / "轮廓.pdf", 2),
    "symbol-font text only": _untrusted_only,
}


@pytest.mark.parametrize("make", WITHOUT_OCR.values(), ids=WITHOUT_OCR.keys())
def test_a_pdf_without_usable_text_and_without_ocr_says_so_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], Path]
) -> None:
    """Where OCR is installed such a PDF is read by it; without, E012/E013 give the pages' state."""
    monkeypatch.setattr("duban.pipeline.loaders.ocr_available", lambda: False)
    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    path = make(tmp_path)
    message, hint = shown(path)
    assert re.search(r"\d 页", message), message
    assert not english_words(message, str(path)) and not english_words(hint, str(path)), message


def test_the_check_itself_catches_english(tmp_path: Path) -> None:
    """The old wording fails the check; file names, code and exception tails do not."""
    source = str(tmp_path / "a-report.pdf")
    assert english_words("pages 2, 5: untrusted text layer (wrong characters)", source)
    assert english_words(f"{source}：PDF 文件无法读取（truncated: no %%EOF at the end）", source)
    assert not english_words(
        f"{source}：Word 文件无法读取（文件结构损坏：KeyError: no item named x）", source
    )
    assert not english_words("请先执行 `pip install 'duban[ocr]'`", source)
