"""Word (.docx) via python-docx: paragraphs and tables in document order.

A .docx is a zip of XML parts, so a hostile or broken one can be a zip bomb, an entity bomb,
XML nested thousands deep, or just a damaged zip. Before python-docx sees it, the package is
checked within the limits (`loaders.package`, shared with the OFD loader): the uncompressed size
of all parts from the zip directory, then `word/document.xml` streamed once through a parser that
resolves no entities, counting elements and refusing a DTD (Word never writes one). Whatever python-docx then raises on a damaged file is E020 naming the file.

Lower units often send a signed, stamped notice as scanned pages pasted into a .docx as pictures.
When the document's own text is next to nothing (`_scanned`), its pictures that look like pages
(`_Picture.page_like`) are read by OCR in document order, each a page, as a scanned PDF's pages are; a
document with no text at all and nothing to read is E035, never a silent empty document.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from lxml import etree

from duban.base.errors import DubanError, E
from duban.base.limits import Limits, current
from duban.base.model import RawDocument, RawPage
from duban.pipeline.loaders.cells import cell_text, row_line
from duban.pipeline.loaders.ocr import word_no_text
from duban.pipeline.loaders.package import check_sizes, parse_part


def load_docx(path: Path, source: str) -> RawDocument:
    check_package(path, source, current())
    try:
        blocks, pictures = _read(path)
    except MemoryError:
        raise
    except DubanError:
        raise
    except Exception as exc:  # a damaged package fails in many libraries' own ways: all are E020
        raise DubanError(E.DOCX_CORRUPT, path=source, detail=_detail(exc)) from exc
    document = _scanned(blocks, pictures, source)
    if document is not None:
        return document
    lines = [line for block in blocks for line in block.lines]
    tables = [block.table for block in blocks if block.table is not None]
    if not any(line.strip() for line in lines):
        raise word_no_text(source, _nothing_detail(pictures))
    text = "\n".join(lines)
    return RawDocument(source=source, format="docx", pages=[RawPage(1, text, "python-docx", tables=tables)])


@dataclass
class _Block:
    """A paragraph or table of the body: its lines, its rows when a table, and the relationship
    ids of the pictures in it, in order."""

    lines: list[str]
    table: list[list[str]] | None = None
    pictures: list[str] = field(default_factory=list)


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


class _Picture:
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


def _scanned(blocks: list[_Block], pictures: dict[str, _Picture], source: str) -> RawDocument | None:
    """The document read with its page-like pictures OCR'd, when its own text is next to nothing
    (see `_FEW_CHARS`); None when it is to be read as text. Each page-like picture is a page, as a
    scan is, in document order, with the typed text before it (a title line) at its head and
    text after the last picture at the end of the last page. Without OCR installed, a document
    that has some text keeps it with a warning; one with none is E035 with the hint to install."""
    from duban.pipeline.loaders.ocr import ocr_available

    body = sum(len(_CJK.findall(line)) for block in blocks if block.table is None for line in block.lines)
    in_tables = sum(
        len(_CJK.findall(line)) for block in blocks if block.table is not None for line in block.lines
    )
    refs = [ref for block in blocks for ref in block.pictures]
    if not refs or in_tables > _TABLE_CHARS or body >= max(_FEW_CHARS, _CHARS_PER_PAGE * len(refs)):
        return None  # real text: its pictures are not even looked at
    order = [ref for ref in refs if pictures[ref].page_like]
    if not order or body >= max(_FEW_CHARS, _CHARS_PER_PAGE * len(order)):
        return None
    typed = any(line.strip() for block in blocks for line in block.lines)
    if not ocr_available():
        if not typed:
            raise word_no_text(source, f"{len(order)} 张图片像是扫描页，未安装 OCR 组件")
        document = _text_only(blocks, source)
        document.warnings.append(
            f"{source}：有 {len(order)} 张图片像是扫描页，未安装 OCR 组件，未识别（`pip install 'duban[ocr]'`）"
        )
        return document
    return _recognise(blocks, pictures, source)


def _recognise(blocks: list[_Block], pictures: dict[str, _Picture], source: str) -> RawDocument:
    """The pages of a scan pasted into a document: each page-like picture OCR'd (`_scanned`)."""
    from duban.pipeline.loaders.ocr import ocr_page

    limit = current().ocr_max_pages
    pages: list[RawPage] = []
    notices: list[str] = []
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    total = skipped = undecoded = 0
    for block in blocks:
        lines.extend(line for line in block.lines if line.strip())
        if block.table is not None:
            tables.append(block.table)
        for ref in block.pictures:
            picture = pictures[ref]
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
        pages.append(RawPage(1, "\n".join(lines), "python-docx", tables=tables))
    recognised = sum(1 for page in pages if page.extractor.startswith("ocr:"))
    if recognised:
        notices.insert(
            0,
            f"{source}：Word 文件中的 {recognised} 张图片是扫描页，已用 OCR 识别；识别文字可能有错，请核对原件",
        )
    if skipped:
        notices.append(f"{source}：共 {total} 张扫描页图片，只识别了前 {limit} 张（OCR 页数上限）")
    if not any(page.text.strip() for page in pages):
        why = f"其中 {undecoded} 张无法解码或过大" if undecoded else "OCR 也未识别出文字"
        raise word_no_text(source, f"{total} 张图片像是扫描页，{why}")
    return RawDocument(source=source, format="docx", pages=pages, warnings=notices)


def _pixels(picture: _Picture, source: str, number: int, notices: list[str]) -> Any:
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


def _text_only(blocks: list[_Block], source: str) -> RawDocument:
    lines = [line for block in blocks for line in block.lines]
    tables = [block.table for block in blocks if block.table is not None]
    page = RawPage(1, "\n".join(lines), "python-docx", tables=tables)
    return RawDocument(source=source, format="docx", pages=[page])


def _nothing_detail(pictures: dict[str, _Picture]) -> str:
    """What an empty document holds, for its E035: no pictures, or only small ones."""
    if not pictures:
        return "正文是空的，也没有图片"
    return f"只有 {len(pictures)} 张图片，不像扫描页（如标志、印章；如是扫描件，可能分辨率太低）"


def check_package(path: Path, source: str, limits: Limits) -> None:
    """Refuse a package that is damaged, over the size or element limits, or carries a DTD,
    without inflating more of it than the limits allow (`loaders.package`)."""
    try:
        with zipfile.ZipFile(path) as package:
            check_sizes(package, source, limits, "Word")
            try:
                body = package.getinfo("word/document.xml")
            except KeyError as exc:
                raise DubanError(E.DOCX_CORRUPT, path=source, detail="缺少正文 word/document.xml") from exc
            if body.file_size == 0:
                raise DubanError(E.DOCX_CORRUPT, path=source, detail="正文 word/document.xml 是空的")
            with package.open(body) as stream:
                parse_part(stream, source, limits, part="正文", what="Word", corrupt=E.DOCX_CORRUPT)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise DubanError(E.DOCX_CORRUPT, path=source, detail=_detail(exc)) from exc


def _read(path: Path) -> tuple[list[_Block], dict[str, _Picture]]:
    """The body's blocks in document order, and the pictures they refer to by relationship id."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    blocks: list[_Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(_Block([paragraph_text(item._p)], pictures=_pictures(item._p)))
        elif isinstance(item, Table):
            rows = [
                [cell_text(_cell_text(cell._tc)) for cell in _unique_cells(row.cells)] for row in item.rows
            ]
            blocks.append(_Block([row_line(row) for row in rows], rows, _pictures(item._tbl)))
    refs = {ref for block in blocks for ref in block.pictures}
    return blocks, {ref: _picture(document.part, ref) for ref in refs}


def _picture(part: Any, ref: str) -> _Picture:
    """The picture a relationship id names. Its bytes are the package's part, already within the
    package's size limit (`check_package`)."""
    rel = part.rels.get(ref)
    if rel is None or rel.is_external:
        return _Picture(None)
    return _Picture(rel.target_part.blob)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# The runs of a paragraph as Word shows it: wherever a run sits (inside a tracked insertion
# `w:ins` or move `w:moveTo`, a simple field's result `w:fldSimple`, a content control `w:sdt`, a
# smart tag, a hyperlink), but not deleted or moved away (`w:del`, `w:moveFrom`) and not a text
# box's own paragraphs (`w:txbxContent`: not body text, as the .doc loader reads it).
# python-docx's `Paragraph.text` reads only the runs that are the paragraph's children or a
# hyperlink's, so a notice edited with tracks on lost its inserted words (`逾期未报的，由某室督促
# 整改`) where the `.doc` of the same text kept them. Each run's own text is python-docx's.
_RUNS = etree.XPath(
    "./descendant::w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom)"
    " and count(ancestor::w:txbxContent) = $boxes]",
    namespaces={"w": _W},
)
_BOXES = etree.XPath("count(ancestor::w:txbxContent)", namespaces={"w": _W})
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# The pictures of a block, in document order: DrawingML's `a:blip r:embed` and legacy VML's
# `v:imagedata r:id` (Word 2003 and WPS), but not a `mc:Fallback`'s copy of a picture already given
# in its `mc:Choice`, nor a picture deleted under tracked changes.
_PICTURES = etree.XPath(
    "(.//a:blip | .//v:imagedata)[not(ancestor::mc:Fallback) and not(ancestor::w:del)]"
    "/@*[local-name() = 'embed' or local-name() = 'id'][namespace-uri() = $r]",
    namespaces={
        "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
        "v": "urn:schemas-microsoft-com:vml",
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
        "w": _W,
    },
    smart_strings=False,
)


def _pictures(element: Any) -> list[str]:
    """The relationship ids of the pictures in a paragraph or table (`_PICTURES`), in order."""
    return [str(ref) for ref in _PICTURES(element, r=_R)]


def paragraph_text(p: Any) -> str:
    """The text of a `w:p` element as Word shows it (`_RUNS`)."""
    return "".join(run.text for run in _RUNS(p, boxes=_BOXES(p)))


def _cell_text(tc: Any) -> str:
    """A table cell's paragraphs, one a line, as python-docx's `_Cell.text` joins them."""
    return "\n".join(paragraph_text(p) for p in tc.iterchildren(f"{{{_W}}}p"))


def _detail(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__


def _unique_cells(cells: list[Any]) -> list[Any]:
    """Merged cells repeat in python-docx rows; keep each once."""
    seen: set[int] = set()
    out = []
    for cell in cells:
        key = id(cell._tc)
        if key not in seen:
            seen.add(key)
            out.append(cell)
    return out
