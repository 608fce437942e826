"""OCR of scanned PDFs and of images (scans and photos of documents) with `rapidocr`.

The PP-OCR models ship inside the rapidocr wheel, so nothing is downloaded at run time; it is a
default dependency because offices send scans as often as text (a stamped notice, a photographed
page). A PDF whose pages have no text layer (E012) or no trustworthy one (E013) is rendered page
by page with pdfium and read by OCR; an image (`.png`, `.jpg`, `.tif` with its frames as pages …)
is read as it is; a .docx whose body is scanned pages pasted in as pictures has them read here too
(`loaders.docx`). Each page is marked as OCR (`extractor="ocr:rapidocr"`) with its mean confidence
in `note`, and the document carries a warning saying so, because OCR text has errors a text layer
has not. It costs about 4 s a page here, so at most `Limits.ocr_max_pages` pages are read. An
install without rapidocr (`pip install --no-deps`) reports scans as before (E012, images skipped
with the hint to convert them).
"""

from __future__ import annotations

import importlib.util
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from duban.base.errors import DubanError, E
from duban.base.limits import current
from duban.base.model import RawDocument, RawPage

log = logging.getLogger(__name__)

_SCALE = 2.0  # 144 dpi: small CJK characters of a scanned A4 page stay legible to the recogniser


def ocr_available() -> bool:
    """Whether the optional OCR extra is installed."""
    return importlib.util.find_spec("rapidocr") is not None


@lru_cache(maxsize=1)
def _engine() -> Any:
    from rapidocr import RapidOCR

    engine = RapidOCR()
    # RapidOCR logs through a coloured stderr handler of its own, so a blank page's "text
    # detection result is empty" reached a nightly batch's log as an ANSI-coloured line outside
    # duban's logging (the page is reported by duban itself: E024, or a page without text). Its
    # records go through duban's logging instead, errors only.
    ocr_log = logging.getLogger("RapidOCR")
    for handler in list(ocr_log.handlers):
        ocr_log.removeHandler(handler)
    ocr_log.propagate = True
    ocr_log.setLevel(logging.ERROR)
    return engine


def ocr_lines(image: Any) -> tuple[list[str], float]:
    """Text lines of one page image in reading order (top to bottom, then left to right), and the
    mean confidence of the recogniser over them (0 when nothing was found)."""
    result = _engine()(image)
    texts = list(getattr(result, "txts", None) or ())
    scores = [float(s) for s in (getattr(result, "scores", None) or ())]
    boxes = getattr(result, "boxes", None)
    if boxes is not None and len(boxes) == len(texts):
        order = sorted(range(len(texts)), key=lambda i: (_top(boxes[i]), _left(boxes[i])))
        texts = [texts[i] for i in order]
    confidence = sum(scores) / len(scores) if scores else 0.0
    return texts, confidence


def bgr(image: Any) -> Any:
    """A Pillow image as the pixel array the recogniser reads (RGB turned to OpenCV's BGR order)."""
    import numpy as np

    return np.asarray(image.convert("RGB"))[:, :, ::-1]


def ocr_page(number: int, pixels: Any, source: str) -> RawPage:
    """Page `number` of `source` read from its pixels (BGR), marked as OCR with its confidence: one
    form for a scanned PDF's, an image's and an OFD's pages."""
    lines, confidence = ocr_lines(pixels)
    log.info("OCR %s page %d: %d lines, confidence %.2f", source, number, len(lines), confidence)
    return RawPage(number, "\n".join(lines), "ocr:rapidocr", note=f"OCR 平均置信度 {confidence:.2f}")


def _top(box: Any) -> float:
    return round(min(float(point[1]) for point in box) / 12)  # rows within ~6 px read as one line


def _left(box: Any) -> float:
    return min(float(point[0]) for point in box)


# Image types read by OCR (GIF is left out: it holds drawings and animations, not scans).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")


def load_image(path: Path, source: str) -> RawDocument:
    """Read a scan or photo of a document by OCR, each frame of a multi-page TIFF a page; E025 when
    the image cannot be decoded (damaged, truncated, too many pixels), E024 when no text is found."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    limit = current().ocr_max_pages
    pages: list[RawPage] = []
    warnings = [f"{source}：图片文件，已用 OCR 识别；识别文字可能有错，请核对原件"]
    try:
        with Image.open(path) as image:
            total = getattr(image, "n_frames", 1)
            for index in range(total if not limit else min(total, limit)):
                image.seek(index)
                # a phone photo keeps its rotation in EXIF; a palette or 16-bit scan becomes RGB
                pages.append(ocr_page(index + 1, bgr(ImageOps.exif_transpose(image)), source))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, EOFError) as exc:
        raise DubanError(
            E.IMAGE_CORRUPT, path=source, detail=f"图片无法解码：{type(exc).__name__}: {exc}"[:200]
        ) from exc
    if limit and total > limit:
        warnings.append(f"{source}：共 {total} 页，只识别了前 {limit} 页（OCR 页数上限）")
    if not any(page.text.strip() for page in pages):
        raise DubanError(E.IMAGE_NO_TEXT, path=source, detail=f"{total} 页")
    return RawDocument(source=source, format="image", pages=pages, warnings=warnings)


def load_pdf_ocr(path: Path, source: str) -> RawDocument:
    """Read a scanned PDF by OCR; E012 (`PDF_OCR_NO_TEXT`, whose hint is not to install OCR) when no
    page yields any text."""
    import pypdfium2 as pdfium

    limit = current().ocr_max_pages
    pages: list[RawPage] = []
    warnings = [f"{source}：没有可用的文字层，已用 OCR 识别；识别文字可能有错，请核对原件"]
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise DubanError(E.PDF_CORRUPT, path=source, detail=f"文件已损坏：{exc}") from exc
    try:
        total = len(pdf)
        for index in range(total if not limit else min(total, limit)):
            page = pdf[index]
            image = page.render(scale=_SCALE).to_numpy()
            page.close()
            pages.append(ocr_page(index + 1, image, source))
        if limit and total > limit:
            warnings.append(f"{source}：共 {total} 页，只识别了前 {limit} 页（OCR 页数上限）")
    finally:
        pdf.close()
    if not any(page.text.strip() for page in pages):
        raise DubanError(E.PDF_OCR_NO_TEXT, path=source, detail=f"识别了 {len(pages)} 页")
    return RawDocument(source=source, format="pdf", pages=pages, warnings=warnings)


def word_no_text(source: str, detail: str, *, docx: bool = True) -> DubanError:
    """The E035 error for a Word file (.docx, .doc, .wps, .rtf) with no text: often a signed,
    stamped notice pasted in as scanned pictures. The hint says how to have them read: install
    OCR when it is missing; a .docx's pictures that could not be read are saved as images or
    printed to PDF (both read by OCR); a .doc, .wps or .rtf is saved as .docx, where the pictures
    its own loader leaves (a `.doc`'s drawings and grouped pictures, an RTF's metafiles) become
    pictures the .docx loader reads."""
    if not ocr_available():
        remedy = (
            "如内容是粘贴的扫描图片：安装 OCR 组件（`pip install 'duban[ocr]'`）后 duban 会识别 .docx 中的"
            "扫描图片；或将图片另存为 PNG/JPG、“打印”为 PDF 后用 `ocrmypdf -l chi_sim` 识别。"
        )
    elif docx:
        remedy = (
            "如内容是粘贴的扫描图片，请在 Word/WPS 中将图片“另存为图片”（PNG/JPG），或“打印”为 PDF，"
            "再处理另存的文件（duban 会识别其中的文字）；否则请确认文件没有选错。"
        )
    else:
        remedy = (
            "如内容是粘贴的扫描图片，请在 Word/WPS 中“另存为 .docx”，或“打印”为 PDF，再处理另存的文件"
            "（duban 会识别其中扫描图片的文字）；否则请确认文件没有选错。"
        )
    return DubanError(E.WORD_NO_TEXT, path=source, detail=detail, remedy=remedy)
