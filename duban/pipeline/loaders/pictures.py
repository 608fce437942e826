"""Scanned pages pasted into a Word file as pictures, read by OCR (`loaders.docx`, `loaders.rtf`,
`loaders.doc`, and an OpenDocument text's `loaders.odf`).

Lower units often send a signed, stamped notice as scanned pages pasted into a Word file. A loader
hands its body over as `Block`s (text lines, tables and the pictures among them, in document
order); `scanned` decides whether the document is such a scan (its own text next to nothing, some
pictures the size of a page) and, if so, reads each page-like picture by OCR as a page, with the
same marks, confidence note, warning and page limit as a scanned PDF's pages (`loaders.ocr`).
Pillow and the recogniser are imported only when a document gets that far.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from duban.base.errors import DubanError
from duban.base.limits import current
from duban.base.model import RawDocument, RawPage
from duban.pipeline.loaders.ocr import word_no_text


@dataclass
class Block:
    """A run of a document's body: its lines, the tables among them (`in_table` when the lines are
    a table's rows), and the pictures in it, in order."""

    lines: list[str]
    tables: list[list[list[str]]] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    in_table: bool = False


# When a document counts as a scan pasted in: fewer CJK characters outside tables than a covering
# note (“现将……转发给你们，请认真贯彻落实” under a title and document number, `_FEW_CHARS`) or than
# `_CHARS_PER_PAGE` a page-like picture (ten scanned pages of an attachment after a longer note),
# and no more table text than a form's labels (`_TABLE_CHARS`: a ledger typed in a table beside a
# stamped picture is real text). A typed page holds 300 to 800 characters, so a document with real
# text (a report with a chart or a few photos) is above both and its pictures are never read: OCR
# costs about 4 s a page and reads a chart's labels or a photo's banners as noise.
_FEW_CHARS = 100
_CHARS_PER_PAGE = 30
_TABLE_CHARS = 300
# A picture that can be a scanned page, by its pixels: the long side at least 800 px and the
# short side at least 300 px. A page scanned at the lowest usual setting (100 dpi) is 827 x 1169 px
# and a strip cut from a scan (a notice's heading and first items) is still ~1000 px wide, while a
# letterhead's emblem or logo is a few hundred px and a 4.2 cm round seal scanned at 300 dpi about
# 500 x 500 px. Pixels, not the size shown in the document: Word shows a pasted scan at whatever
# width it was dragged to, and VML pictures give their size in other units.
_PAGE_LONG_SIDE = 800
_PAGE_SHORT_SIDE = 300
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class Picture:
    """An embedded picture: its bytes (None when missing or linked from outside), and its size in
    pixels read from its header when first asked (None when Pillow cannot identify it, e.g. a
    WMF/EMF drawing): a document with real text never has its pictures looked at."""

    def __init__(self, data: bytes | None) -> None:
        self.data = data

    @cached_property
    def size(self) -> tuple[int, int] | None:
        from PIL import Image, UnidentifiedImageError

        if self.data is None:
            return None
        try:
            with warnings.catch_warnings():  # over the bound is refused by `_pixels`, not warned
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(self.data)) as image:
                    return image.size
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, EOFError):
            return None

    @property
    def page_like(self) -> bool:
        if self.size is None:
            return False
        long_side, short_side = max(self.size), min(self.size)
        return long_side >= _PAGE_LONG_SIDE and short_side >= _PAGE_SHORT_SIDE


def few_words(blocks: list[Block], pictures: int) -> bool:
    """Whether a document with `pictures` page-like pictures has too little text of its own to be
    anything but a scan pasted in (`_FEW_CHARS`): a loader may ask before it gathers pictures."""
    body = sum(len(_CJK.findall(line)) for block in blocks if not block.in_table for line in block.lines)
    in_tables = sum(len(_CJK.findall(line)) for block in blocks if block.in_table for line in block.lines)
    return pictures > 0 and in_tables <= _TABLE_CHARS and body < max(_FEW_CHARS, _CHARS_PER_PAGE * pictures)


# The error for a document with nothing to read, from (source, detail): a Word file's E035 by default,
# an OpenDocument text's E049 (`loaders.odf`); either hints to install OCR when it is missing.
NoText = Callable[[str, str], DubanError]


def scanned(
    blocks: list[Block],
    source: str,
    form: str,
    extractor: str,
    *,
    what: str = "Word 文件",
    no_text: NoText = word_no_text,
) -> RawDocument | None:
    """The document read with its page-like pictures OCR'd, when its own text is next to nothing
    (see `_FEW_CHARS`); None when it is to be read as text. `form` and `extractor` are the
    loader's, for the document and for a page of typed text only; `what` names the kind of file in
    the OCR warning and `no_text` makes its error. Each page-like picture is a page, as a scan is,
    in document order, with the typed text before it (a title line) at its head and text after the
    last picture at the end of the last page. Without OCR installed, a document that has some text
    keeps it with a warning; one with none is `no_text` (E035 for a Word file) with the hint to
    install it."""
    from duban.pipeline.loaders.ocr import ocr_available

    every = [picture for block in blocks for picture in block.pictures]
    if not few_words(blocks, len(every)):
        return None  # real text: its pictures are not even looked at
    order = [picture for picture in every if picture.page_like]
    if not order or not few_words(blocks, len(order)):
        return None
    typed = any(line.strip() for block in blocks for line in block.lines)
    if not ocr_available():
        if not typed:
            raise no_text(source, f"{len(order)} 张图片像是扫描页，未安装 OCR 组件")
        document = _text_only(blocks, source, form, extractor)
        document.warnings.append(
            f"{source}：有 {len(order)} 张图片像是扫描页，未安装 OCR 组件，未识别（`pip install 'duban[ocr]'`）"
        )
        return document
    return _recognise(blocks, source, form, extractor, what, no_text)


def _recognise(
    blocks: list[Block], source: str, form: str, extractor: str, what: str, no_text: NoText
) -> RawDocument:
    """The pages of a scan pasted into a document: each page-like picture OCR'd (`scanned`)."""
    from duban.pipeline.loaders.ocr import ocr_page

    limit = current().ocr_max_pages
    pages: list[RawPage] = []
    notices: list[str] = []
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    total = skipped = undecoded = 0
    for block in blocks:
        lines.extend(line for line in block.lines if line.strip())
        tables.extend(block.tables)
        for picture in block.pictures:
            if not picture.page_like:
                continue
            total += 1
            if limit and len(pages) >= limit:
                skipped += 1
                continue
            pixels = _pixels(picture, source, total, notices)
            if pixels is None:
                undecoded += 1
                continue
            page = ocr_page(len(pages) + 1, pixels, source)
            text = "\n".join([*lines, page.text]) if page.text else "\n".join(lines)
            pages.append(RawPage(page.number, text, page.extractor, tables=tables, note=page.note))
            lines, tables = [], []
    if pages and (lines or tables):  # text after the last picture ends the last page
        last = pages[-1]
        last.text = "\n".join([last.text, *lines]) if last.text else "\n".join(lines)
        last.tables.extend(tables)
    elif lines or tables:  # no picture could be read: the typed text alone
        pages.append(RawPage(1, "\n".join(lines), extractor, tables=tables))
    recognised = sum(1 for page in pages if page.extractor.startswith("ocr:"))
    if recognised:
        notices.insert(
            0,
            f"{source}：{what}中的 {recognised} 张图片是扫描页，已用 OCR 识别；识别文字可能有错，请核对原件",
        )
    if skipped:
        notices.append(f"{source}：共 {total} 张扫描页图片，只识别了前 {limit} 张（OCR 页数上限）")
    if not any(page.text.strip() for page in pages):
        why = f"其中 {undecoded} 张无法解码或过大" if undecoded else "OCR 也未识别出文字"
        raise no_text(source, f"{total} 张图片像是扫描页，{why}")
    return RawDocument(source=source, format=form, pages=pages, warnings=notices)


def _pixels(picture: Picture, source: str, number: int, notices: list[str]) -> Any:
    """A page-like picture's pixels for the recogniser, or None with a warning when it cannot be
    decoded. Pillow's decompression-bomb limit holds (`Image.MAX_IMAGE_PIXELS`, ~89 M pixels):
    a picture over it is refused, not decoded, whatever Pillow would only warn about."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    from duban.pipeline.loaders.ocr import bgr

    assert picture.data is not None and picture.size is not None
    width, height = picture.size
    if Image.MAX_IMAGE_PIXELS and width * height > Image.MAX_IMAGE_PIXELS:
        notices.append(f"{source}：第 {number} 张扫描页图片有 {width} x {height} 像素，超出上限，未识别")
        return None
    try:
        with Image.open(io.BytesIO(picture.data)) as image:
            return bgr(ImageOps.exif_transpose(image))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, EOFError) as exc:
        notices.append(f"{source}：第 {number} 张扫描页图片无法解码（{type(exc).__name__}），未识别")
        return None


def _text_only(blocks: list[Block], source: str, form: str, extractor: str) -> RawDocument:
    lines = [line for block in blocks for line in block.lines]
    tables = [table for block in blocks for table in block.tables]
    page = RawPage(1, "\n".join(lines), extractor, tables=tables)
    return RawDocument(source=source, format=form, pages=[page])


def nothing_detail(blocks: list[Block]) -> str:
    """What a document without text holds, for its E035: no pictures, or only small ones."""
    pictures = {id(picture) for block in blocks for picture in block.pictures}
    if not pictures:
        return "正文是空的，也没有图片"
    return f"只有 {len(pictures)} 张图片，不像扫描页（如标志、印章；如是扫描件，可能分辨率太低）"
