"""PDF loading: pdfium for the text, pdfplumber only for pages with ruled tables, then checks.

pdfium reads ~50x faster than pdfplumber, so it reads every page; pdfplumber's layout analysis
runs only where a cheap look at the page's vector paths finds a grid (see `pdf_tables`). Each
extractor is the fallback of the other on pages whose fonts it cannot decode. Running headers,
footers and page numbers are removed (see `pdf_layout`); pages whose text layer decodes to wrong
characters are kept but marked untrusted. Line joining and character folding are left to
`pipeline.normalize`.

A damaged file that pdfium reads but pdfminer does not (another page count after pdfium repaired
the cross-reference table, a page tree it cannot parse) keeps pdfium's text, with a warning; what
pdfium cannot read is E010. A file over the page or object budget is E014, before more work.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import os
import re
import statistics
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from duban.base.errors import DubanError, E
from duban.base.limits import current
from duban.base.model import RawDocument, RawPage
from duban.pipeline.loaders.pdf_layout import (
    PDFIUM_HYPHEN,
    Line,
    PageDraft,
    join_wrapped_lines,
    lead_length,
    mark_continued_tables,
    strip_furniture,
)
from duban.pipeline.loaders.pdf_tables import (
    PageObjects,
    find_tables,
    on_addresses,
    pdfium_lines,
    plumber_lines,
    scan_objects,
)

log = logging.getLogger(__name__)

# A glyph's box as pdfium gives it: left, bottom, right, top.
CharBox = tuple[float, float, float, float]

PDFIUM = "pypdfium2"
# The work budget of one PDF, on by default (0 switches one off): pages, and page objects (text
# runs, paths, images, also inside forms; each costs a content-stream operator or more) over the
# whole file. Real policy documents stay far below (the dev PDFs: at most 800 objects a page).
# `Limits` has no PDF fields yet, so the environment sets them; a field of that name wins.
PDF_MAX_PAGES = 2000
PDF_MAX_OBJECTS = 2_000_000
# pdfplumber's layout analysis of a page with more objects than this would take minutes: such a
# page keeps pdfium's text.
PLUMBER_MAX_OBJECTS = 50_000
PLUMBER = "pdfplumber"
# Text with at least this many unreadable glyphs, making up this share of it, is garbled.
UNREADABLE_MIN = 3
UNREADABLE_SHARE = 0.05
# A broken font that maps Latin letters into CJK puts them into one narrow code-point range.
ALPHABET_SPAN = 0x80
ALPHABET_MIN_LETTERS = 4
ALPHABET_MIN_RUN = 3
# A glyph that starts this share of its height left of the one before it is out of reading order;
# once ordered, a gap of this share of the line's height between two glyphs keeps pdfium's space.
BACKSTEP = 0.25
SPACE_GAP = 0.1
# Page notes: the kinds of page without text and the reasons a text layer is untrusted are read
# by code (these prefixes) but also shown to staff (E012/E013's detail, the page warnings), so
# what follows a prefix is Chinese.
_NO_TEXT = "no text layer: "
_BLANK = "空白页"
_UNTRUSTED = "untrusted text layer: "
# A line ends at a line break or at pdfium's line-end hyphen marker (which swallows the break).
_LINE = re.compile(f"[^\r\n{PDFIUM_HYPHEN}]*{PDFIUM_HYPHEN}?")
_CID = re.compile(r"\(cid:\d+\)")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PUA = re.compile("[\ue000-\uf8ff\U000f0000-\U0010fffd]")
_RARE_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x20000, 0x3134F))


def load_pdf(path: Path, source: str) -> RawDocument:
    """Read a PDF into pages of text and tables; raise a catalogued error for what cannot be read."""
    _check_header(path, source)
    pdf = _open(path, source)
    reader = _Reader(pdf, path, source)
    try:
        _check_pages(len(pdf), source)
        drafts = [reader.page(index) for index in range(len(pdf))]
    finally:
        reader.close()
    return _finish(drafts, source, reader.warnings)


def _finish(drafts: list[PageDraft], source: str, warnings: list[str]) -> RawDocument:
    """The document-wide passes: no-text check, furniture, table continuations, trust."""
    texted = [draft for draft in drafts if draft.lines]
    if not texted:
        raise DubanError(E.PDF_NO_TEXT, path=source, detail=_no_text_detail(drafts))
    strip_furniture(drafts)
    join_wrapped_lines(drafts)
    mark_continued_tables(drafts)
    _judge_trust(texted)
    if not any(draft.trusted for draft in texted):
        raise DubanError(E.PDF_UNTRUSTED, path=source, detail=_untrusted_detail(texted))
    warnings += _page_warnings(drafts, source)
    pages = [
        RawPage(d.number, d.text, d.extractor, trusted=d.trusted, tables=d.tables, note="; ".join(d.notes))
        for d in drafts
    ]
    return RawDocument(source=source, format="pdf", pages=pages, warnings=warnings)


def _check_header(path: Path, source: str) -> None:
    """A file that does not start like a PDF (an HTML page saved as .pdf, say) gets a clear message."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise DubanError(
            E.PDF_CORRUPT,
            path=source,
            detail="不是 PDF 文件：开头没有 %PDF- 标记，可能是改了扩展名的网页或其他文件",
        )


def _open(path: Path, source: str) -> pdfium.PdfDocument:
    """Open with the empty user password (owner-only protection opens); say why when it fails."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise DubanError(E.PDF_ENCRYPTED, path=source) from exc
        detail = "文件不完整：末尾没有 %%EOF 结束标记" if not _has_eof(path) else f"文件已损坏：{exc}"
        raise DubanError(E.PDF_CORRUPT, path=source, detail=detail) from exc


def budget(name: str, default: int) -> int:
    """A PDF budget: the active limits' field `name` if they have one, else `$DUBAN_<NAME>`, else
    `default`; a bad environment value is logged and the default used."""
    value = getattr(current(), name, None)
    if isinstance(value, int):
        return value
    raw = os.environ.get(f"DUBAN_{name.upper()}", "")
    try:
        return int(raw) if raw.strip() else default
    except ValueError:
        log.warning("DUBAN_%s=%r is not a whole number; using %d", name.upper(), raw, default)
        return default


def _check_pages(count: int, source: str) -> None:
    limit = budget("pdf_max_pages", PDF_MAX_PAGES)
    if limit and count > limit:
        raise DubanError(E.PDF_TOO_LARGE, path=source, detail=f"{count:,} 页，上限 {limit:,} 页")


def _has_eof(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 4096))
        return b"%%EOF" in handle.read()


class _Reader:
    """Reads pages with pdfium, opening pdfplumber on the same file only when a page needs it."""

    def __init__(self, pdf: pdfium.PdfDocument, path: Path, source: str) -> None:
        self.pdf = pdf
        self.path = path
        self.source = source
        self.warnings: list[str] = []
        self._plumber: Any = None
        self._plumber_pages: list[Any] | None = None
        self._plumber_failed = False
        self._max_objects = budget("pdf_max_objects", PDF_MAX_OBJECTS)
        self._objects = 0

    def close(self) -> None:
        if self._plumber is not None:
            _close_quietly(self._plumber)
        self.pdf.close()

    def page(self, index: int) -> PageDraft:
        try:
            page = self.pdf[index]
            textpage = page.get_textpage()
        except pdfium.PdfiumError as exc:
            raise DubanError(
                E.PDF_CORRUPT, path=self.source, detail=f"第 {index + 1} 页已损坏：{exc}"
            ) from exc
        try:
            return self._draft(index, page, textpage)
        except pdfium.PdfiumError as exc:
            raise DubanError(
                E.PDF_CORRUPT, path=self.source, detail=f"第 {index + 1} 页已损坏：{exc}"
            ) from exc
        finally:
            textpage.close()
            page.close()

    def _spend(self, index: int, objects: PageObjects) -> None:
        """Count a page's objects against the file's budget; over it, the file is refused."""
        self._objects += objects.total
        if self._max_objects and self._objects > self._max_objects:
            raise DubanError(
                E.PDF_TOO_LARGE,
                path=self.source,
                detail=f"前 {index + 1} 页已有 {self._objects:,} 个页面对象，上限 {self._max_objects:,} 个",
            )

    def _draft(self, index: int, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> PageDraft:
        draft = _pdfium_draft(index + 1, page, textpage)
        text = draft.text
        objects = scan_objects(page, find_rules=bool(draft.lines))
        self._spend(index, objects)
        if not text.strip():
            return PageDraft(index + 1, [], PDFIUM, notes=[_NO_TEXT + _no_text_kind(objects)])
        if objects.total > PLUMBER_MAX_OBJECTS:
            if objects.ruled or is_garbled(text):
                self.warnings.append(
                    f"{self.source}：第 {index + 1} 页有 {objects.total:,} 个页面对象，过多，未分析表格，"
                    "只读取了文字；请对照 PDF 原件核对该页的表格"
                )
            return draft
        if objects.ruled:
            tabled = self._with_tables(index, textpage, text)
            if tabled is not None:
                return tabled
        if is_garbled(text):
            rescued = self._plumber_text(index, text)
            if rescued is not None:
                return rescued
        return draft

    def _with_tables(self, index: int, textpage: pdfium.PdfTextPage, pdfium_text: str) -> PageDraft | None:
        """The page as pdfplumber lays it out with its tables, or None when it finds no table."""
        page = self._plumber_page(index)
        if page is None:
            return None
        try:
            return _tabled_draft(index + 1, page, textpage, pdfium_text)
        except Exception as exc:  # pdfminer raises many kinds of error on damaged content
            self.warnings.append(
                f"{self.source}：第 {index + 1} 页的表格分析失败（{type(exc).__name__}），只读取了文字；"
                "请对照 PDF 原件核对该页的表格"
            )
            return None
        finally:
            _close_quietly(page)

    def _plumber_text(self, index: int, pdfium_text: str) -> PageDraft | None:
        """pdfplumber's reading of a page pdfium garbled, if it is less garbled."""
        page = self._plumber_page(index)
        if page is None:
            return None
        try:
            draft = PageDraft(
                index + 1,
                plumber_lines(page, []),
                PLUMBER,
                height=float(page.height),
                width=float(page.width),
            )
        except Exception:  # pdfminer raises many kinds of error on damaged content
            return None
        finally:
            _close_quietly(page)
        if unreadable(draft.text) >= unreadable(pdfium_text):
            return None
        draft.notes.append(f"{PDFIUM} could not decode the fonts")
        return draft

    def _plumber_page(self, index: int) -> Any:
        """pdfplumber's page `index`, or None (once warned) when pdfplumber cannot read the file.

        pdfminer parses a damaged file its own way: it may raise on the page tree (a bad
        dictionary, a MediaBox holding a name), or find another number of pages than pdfium,
        which repaired the cross-reference table; its pages then need not be pdfium's, so none
        is used. pdfium's text stands either way.
        """
        if self._plumber_failed:
            return None
        if self._plumber_pages is None:
            try:
                import pdfplumber

                self._plumber = pdfplumber.open(str(self.path))
                self._plumber_pages = list(self._plumber.pages)
            except Exception as exc:  # pdfminer raises many kinds of error on damaged files
                return self._plumber_fails(
                    f"表格分析组件 pdfplumber 无法读取此文件（{type(exc).__name__}: {exc}）"
                )
            if len(self._plumber_pages) != len(self.pdf):
                return self._plumber_fails(
                    f"PDF 文件的交叉引用表已损坏（pdfplumber 读出 {len(self._plumber_pages)} 页，"
                    f"{PDFIUM} 读出 {len(self.pdf)} 页）"
                )
        return self._plumber_pages[index]

    def _plumber_fails(self, why: str) -> None:
        self._plumber_failed = True
        self.warnings.append(
            f"{self.source}：{why[:300]}；只读取了文字（由 {PDFIUM} 提取），未读取表格，请对照 PDF 原件核对表格"
        )


def _close_quietly(closable: Any) -> None:
    """Close a pdfplumber page or file: closing re-reads parts of a damaged file and may raise, but
    nothing read is lost then."""
    try:
        closable.close()
    except Exception as exc:  # pdfminer raises many kinds of error on damaged files
        log.debug("closing %r failed: %s", closable, exc)


def _tabled_draft(number: int, page: Any, textpage: pdfium.PdfTextPage, pdfium_text: str) -> PageDraft | None:
    """pdfplumber's lines and tables; text and cells re-read by pdfium where pdfplumber's fonts fail."""
    tables = find_tables(page)
    if not tables:
        return None
    draft = PageDraft(
        number, plumber_lines(page, tables), PLUMBER, height=float(page.height), width=float(page.width)
    )
    if is_garbled(draft.text) and not is_garbled(pdfium_text) and page.rotation == 0:
        draft.lines = pdfium_lines(textpage, page, tables)
        draft.extractor = PDFIUM
        draft.notes.append(f"pdfplumber could not decode the fonts; text and cells from {PDFIUM}")
    draft.tables = [table.rows for table in tables]
    return draft


def _pdfium_draft(number: int, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> PageDraft:
    """pdfium's lines, each placed by the boxes of its glyphs when pdfium's indexes line up.

    A page without a readable MediaBox (a name where four numbers belong) is not placed: pdfium
    then measures it as US Letter, and on a taller page the top lines would fall above that
    page's edge and be read as hidden text. A line-end hyphen marker becomes the hyphen the page
    shows, and ends its line. A placed line whose glyphs pdfium gave out of their order on the
    page is read in box order (`in_box_order`).

    The glyph boxes of all the page's lines are read at once (`_GlyphBoxes`) and the order of
    every line is tested on them together; only a line out of order goes through `in_box_order` glyph
    by glyph, the others need three boxes each (first glyph, last glyph, end of the first word).
    """
    raw = textpage.get_text_range()
    left, bottom, right, top = page.get_bbox()
    placed = (
        len(raw) == textpage.count_chars()
        and page.get_rotation() == 0
        and page.get_mediabox(fallback_ok=False) is not None
    )
    matches = [match for match in _LINE.finditer(raw) if match.group().strip()]
    glyphs = _GlyphBoxes(textpage, raw, [match.span() for match in matches]) if placed else None
    lines: list[Line] = []
    for match in matches:
        text = match.group().replace(PDFIUM_HYPHEN, "-")
        if glyphs is None:
            lines.append(Line(text))
            continue
        start = match.start()
        boxes = None
        if glyphs.out_of_order(start):
            text, boxes = in_box_order(text, [glyphs.box(index) for index in range(start, match.end())])
        first = len(text) - len(text.lstrip())
        ends = (first, len(text.rstrip()) - 1, first + lead_length(text) - 1)
        box, last, word = [boxes[i] for i in ends] if boxes else [glyphs.box(start + i) for i in ends]
        lines.append(
            Line(
                text,
                top=top - box[3],
                bottom=top - box[1],
                left=box[0] - left,
                right=last[2] - left,
                lead=word[2] - box[0],
            )
        )
    return PageDraft(number, lines, PDFIUM, height=top - bottom, width=right - left)


# pdfium's FPDFText_GetLooseCharBox on plain addresses (see `on_addresses`): pypdfium2's
# declaration wants an FS_RECTF object per call, and building one costs more than the call.
_LOOSE_CHAR_BOX = on_addresses(
    pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p
)
# Whether a code point is one `str.isspace` counts, indexed by code point up to U+3001: none lies
# above U+3000, the ideographic space.
_SPACE_TABLE = np.array([chr(code).isspace() for code in range(0x3002)])


class _GlyphBoxes:
    """The loose boxes of a page's characters, read in one pass, and its lines out of order.

    `textpage.get_charbox` costs a Python wrapper and an FS_RECTF object per character (a page
    has a thousand); here one ctypes call per character writes into one buffer, pdfium's
    (left, top, right, bottom) floats, and `box` gives them as `get_charbox` does: (left, bottom,
    right, top), the same float32 values widened to Python floats. The characters read are those
    of `spans` (start, end), the page's lines: the line breaks and blank lines between them are
    no glyphs, and their boxes (left at 0) are never asked for. The backstep test of
    `_out_of_order` runs on the whole page as arrays: the lines where it holds are the only ones
    `in_box_order` needs to see.
    """

    def __init__(self, textpage: pdfium.PdfTextPage, raw: str, spans: list[tuple[int, int]]) -> None:
        buffer = (ctypes.c_float * (4 * len(raw)))()
        address = ctypes.addressof(buffer)
        count = sum(end - start for start, end in spans)
        handle = itertools.repeat(ctypes.cast(textpage.raw, ctypes.c_void_p).value, count)
        indexes = itertools.chain.from_iterable(itertools.starmap(range, spans))
        targets = itertools.chain.from_iterable(
            range(address + 16 * start, address + 16 * end, 16) for start, end in spans
        )
        if not all(map(_LOOSE_CHAR_BOX, handle, indexes, targets)):
            raise pdfium.PdfiumError("Failed to get charbox.")
        self._floats = memoryview(buffer).cast("B").cast("f")
        self._line_of, self._late = self._backstepping_lines(raw, np.ctypeslib.as_array(buffer))

    @staticmethod
    def _backstepping_lines(
        raw: str, floats: npt.NDArray[np.float32]
    ) -> tuple[npt.NDArray[np.intp], set[int]]:
        """The line of each character (numbered as `_LINE` cuts them), and the lines out of order.

        A glyph steps back when it starts more than BACKSTEP of its height left of the glyph
        before it on its line (spaces are no glyphs), computed in doubles as `_out_of_order` does.
        """
        codes = np.frombuffer(raw.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        ends = (codes == ord("\n")) | (codes == ord("\r")) | (codes == ord(PDFIUM_HYPHEN))
        line_of: npt.NDArray[np.intp] = np.cumsum(ends, dtype=np.intp) - ends
        glyphs = np.flatnonzero(~_SPACE_TABLE[np.minimum(codes, len(_SPACE_TABLE) - 1)])
        before, after = glyphs[:-1], glyphs[1:]
        boxes = floats.astype(np.float64).reshape(-1, 4)
        left, top, bottom = boxes[:, 0], boxes[:, 1], boxes[:, 3]
        steps = left[after] < left[before] - BACKSTEP * (top[after] - bottom[after])
        return line_of, set(line_of[after[steps & (line_of[before] == line_of[after])]].tolist())

    def out_of_order(self, start: int) -> bool:
        """Whether the line starting at character `start` has a glyph that steps back."""
        return bool(self._late) and int(self._line_of[start]) in self._late

    def box(self, index: int) -> CharBox:
        """The loose box of character `index` as `get_charbox` gives it: left, bottom, right, top."""
        floats, at = self._floats, 4 * index
        return (floats[at], floats[at + 3], floats[at + 2], floats[at + 1])


def in_box_order(text: str, boxes: list[CharBox]) -> tuple[str, list[CharBox]]:
    """One line's glyphs left to right as the page shows them, when pdfium's order says otherwise.

    A word processor prints a line font by font: the quotes and digits of a CJK line set in a
    Latin font (`“”`, `2020`) may come after its CJK glyphs in the content stream, and pdfium
    gives them at the end of the line (`研究部署 十四五 规划 “ ”`), with a space of its own in
    each gap they left. Such a line, its glyphs all on one visual line (they share a band of
    height), is read by the left edges of its glyphs. Two glyphs then stand apart by a space
    where the page leaves a gap between them (the spacing of digits beside CJK: `在 2020 年`) and
    pdfium saw a gap beside one of them; the gaps the moved glyphs fill lose theirs. `boxes` are
    pdfium's (left, bottom, right, top), one per character of `text`; what comes back is aligned
    the same way. Any other line is returned as is.
    """
    glyphs = [i for i, char in enumerate(text) if not char.isspace()]
    if len(glyphs) < 2 or not _out_of_order(glyphs, boxes):
        return text, boxes
    lows, highs = [boxes[i][1] for i in glyphs], [boxes[i][3] for i in glyphs]
    if max(lows) >= min(highs):  # not one visual line: superscripts, a column pdfium merged
        return text, boxes
    em = statistics.median(high - low for low, high in zip(lows, highs, strict=True))
    ordered = sorted(glyphs, key=lambda i: boxes[i][0])
    chars, placed = [text[ordered[0]]], [boxes[ordered[0]]]
    for before, after in itertools.pairwise(ordered):
        gap_from, gap_to = boxes[before][2], boxes[after][0]
        spaced = text[before + 1 : before + 2].isspace() or (after > 0 and text[after - 1].isspace())
        if spaced and gap_to - gap_from > SPACE_GAP * em:
            chars.append(" ")
            placed.append((gap_from, boxes[before][1], gap_from, boxes[before][3]))
        chars.append(text[after])
        placed.append(boxes[after])
    return "".join(chars), placed


def _out_of_order(glyphs: list[int], boxes: list[CharBox]) -> bool:
    """Whether a glyph starts left of the glyph pdfium gave before it, by more than a quarter of
    its height (overlaps of kerning and bold are far less)."""
    return any(
        boxes[after][0] < boxes[before][0] - BACKSTEP * (boxes[after][3] - boxes[after][1])
        for before, after in itertools.pairwise(glyphs)
    )


def _no_text_kind(objects: PageObjects) -> str:
    if objects.images:
        return "只有图片"
    if objects.paths:
        return "文字是矢量轮廓，没有字体"
    return _BLANK


def _no_text_detail(drafts: list[PageDraft]) -> str:
    """E.g. `3 页，只有图片`, for the catalogue's "no text layer (…)"; mixed kinds are counted."""
    kinds = Counter(
        note.removeprefix(_NO_TEXT) for d in drafts for note in d.notes if note.startswith(_NO_TEXT)
    )
    if len(kinds) == 1:
        what = next(iter(kinds))
    else:
        what = "；".join(f"{count} 页{kind}" for kind, count in kinds.most_common())
    return f"{len(drafts)} 页，{what}"


def unreadable(text: str, private_use: bool = False) -> int:
    """Glyphs the extractor could not map: `(cid:N)`, U+FFFD, control codes; optionally private use."""
    count = len(_CID.findall(text)) + text.count("\ufffd") + len(_CONTROL.findall(text))
    return count + (len(_PUA.findall(text)) if private_use else 0)


def _visible(text: str) -> int:
    """Characters that are not spaces, counting each `(cid:N)` as one."""
    return len("".join(_CID.sub("\ufffd", text).split()))


def is_garbled(text: str, private_use: bool = False) -> bool:
    """Too many unreadable glyphs for this to be the page's text; a stray odd bullet is tolerated."""
    bad = unreadable(text, private_use)
    return bad >= UNREADABLE_MIN and bad >= UNREADABLE_SHARE * max(1, _visible(text))


@cache
def _gb2312_hanzi() -> frozenset[str]:
    """The 6763 hanzi of GB 2312 (levels 1 and 2): what ordinary simplified text is written in."""
    chars: set[str] = set()
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


@cache
def _uncommon_han() -> re.Pattern[str]:
    """The CJK ideographs (`_RARE_HAN_RANGES`: extension A, the basic block, extensions B to G)
    less the GB 2312 hanzi, as one character class.

    Nearly every character of a Chinese page is a hanzi and nearly all of those are GB 2312's;
    the class finds the few others without a step of Python per character (compiled once, in
    about 10 ms).
    """
    common = sorted(ord(char) for char in _gb2312_hanzi())
    pieces = []
    for low, high in _RARE_HAN_RANGES:
        start = low
        for point in common:
            if start <= point <= high:
                if point > start:
                    pieces.append(f"{chr(start)}-{chr(point - 1)}")
                start = point + 1
        if start <= high:
            pieces.append(f"{chr(start)}-{chr(high)}")
    return re.compile(f"[{''.join(pieces)}]")


def remapped_alphabet(texts: list[str]) -> frozenset[str]:
    """The CJK characters a symbol-mapped font turned Latin letters into (`ICS` → `犐犆犛`), if any.

    Such a font puts the alphabet into one narrow code-point range, outside GB 2312, and the letters
    come in runs (words). Real rare or traditional characters spread over the whole CJK block,
    so the narrowest range holding most of a document's rare characters is the tell.
    """
    counts = Counter(c for text in texts for c in _uncommon_han().findall(text))
    window = _densest_window(sorted(ord(c) for c in counts))
    letters = frozenset(chr(point) for point in window)
    if len(letters) < ALPHABET_MIN_LETTERS:
        return frozenset()
    if 2 * sum(counts[c] for c in letters) < sum(counts.values()):
        return frozenset()
    return letters if any(_longest_run(text, letters) >= ALPHABET_MIN_RUN for text in texts) else frozenset()


def _densest_window(points: list[int]) -> list[int]:
    """The most code points that fit in one range of ALPHABET_SPAN."""
    best: list[int] = []
    low = 0
    for high, point in enumerate(points):
        while point - points[low] >= ALPHABET_SPAN:
            low += 1
        if high + 1 - low > len(best):
            best = points[low : high + 1]
    return best


def _longest_run(text: str, letters: frozenset[str]) -> int:
    return max((len(run) for run in _runs(text, letters)), default=0)


def _runs(text: str, letters: frozenset[str]) -> list[str]:
    """The stretches of `text` made only of `letters`: the would-be Latin words."""
    return re.findall(f"[{re.escape(''.join(sorted(letters)))}]+", text) if letters else []


def _judge_trust(pages: list[PageDraft]) -> None:
    """Mark pages whose text layer decodes to wrong characters; their text is kept, flagged."""
    letters = remapped_alphabet([page.text for page in pages])
    for page in pages:
        text = page.text
        remapped = sum(1 for c in text if c in letters) if letters else 0
        if remapped >= ALPHABET_MIN_RUN:
            page.trusted = False
            sample = " ".join(_runs(text, letters)[:3])
            page.notes.append(f"{_UNTRUSTED}{remapped} 个拉丁字母被解码成了汉字，如 {sample} …")
        if is_garbled(text, private_use=True):
            page.trusted = False
            bad = unreadable(text, private_use=True)
            page.notes.append(f"{_UNTRUSTED}{_visible(text)} 个字符中有 {bad} 个无法识别")


def _untrusted_detail(pages: list[PageDraft]) -> str:
    reasons = sorted(
        {
            note.removeprefix(_UNTRUSTED)
            for page in pages
            for note in page.notes
            if note.startswith(_UNTRUSTED)
        }
    )
    return f"{len(pages)} 页有文字，但都不可信；例如 {reasons[0]}"


def _pages(numbers: list[str]) -> str:
    return f"第 {'、'.join(numbers)} 页"


def _page_warnings(drafts: list[PageDraft], source: str) -> list[str]:
    """The pages staff must look at themselves: untrusted text, and pages without text (a blank
    page needs nothing)."""
    untrusted = [str(d.number) for d in drafts if d.lines and not d.trusted]
    no_text = [
        f"第 {d.number} 页（{note.removeprefix(_NO_TEXT)}）"
        for d in drafts
        for note in d.notes
        if note.startswith(_NO_TEXT) and not note.endswith(_BLANK)
    ]
    warnings: list[str] = []
    if untrusted:
        warnings.append(
            f"{source}：{_pages(untrusted)}的文字层不可信（字体解码出错误的字符），提取结果请对照 PDF 原件核对"
        )
    if no_text:
        warnings.append(
            f"{source}：{'、'.join(no_text)}没有文字层，其内容未提取；请先做文字识别"
            "（如 `ocrmypdf -l chi_sim in.pdf out.pdf`），再提取识别后的文件"
        )
    return warnings
