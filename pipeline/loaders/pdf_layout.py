"""Page furniture in PDFs: running headers and footers, page numbers, tables continued across pages.

Extraction order is content-stream order, not reading order: a footer can come out first. So the
"edges" of a page are its first and last few lines, and a line is furniture when, with its digits
masked, it recurs at the same edge on a good share of the pages, or when it is shaped like a page
number. Table rows are never furniture: a table header repeated on each page is content. On a
single page nothing recurs, so a small line set apart in the outer margin counts as well.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

EDGE_LINES = 3
# A line is a running header/footer when it recurs at one edge of at least this share of pages.
RUNNING_SHARE = 0.4
# A line set apart in the outer tenth of the page, in a font no larger than the body's, is furniture.
MARGIN_BAND = 0.10
MARGIN_GAP = 2.0

_DASH = "-—–－~〜"
_PAGE_NUMBER = re.compile(
    rf"^(?:[{_DASH}]+\s*\d{{1,4}}\s*[{_DASH}]+"
    r"|第\s*\d{1,4}\s*[页⻚](?:\s*[,，/]?\s*共\s*\d{1,4}\s*[页⻚])?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
_URL_LINE = re.compile(r"^(?:https?|file)://\S+(?:\s+第?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*[页⻚]?)?$")
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_ROMAN = re.compile(r"^(?:[IVXLC]{1,7}|[ivxlc]{1,7}|[Ⅰ-Ⅻ]|[ⅰ-ⅻ])$")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


@dataclass
class Line:
    """One line of page text; `table` is the index of the page's table when the line is a row.

    `top` and `bottom` are measured down from the top of the page, when the extractor gave them.
    """

    text: str
    table: int | None = None
    top: float | None = None
    bottom: float | None = None

    @property
    def height(self) -> float:
        return (self.bottom - self.top) if self.top is not None and self.bottom is not None else 0.0


@dataclass
class PageDraft:
    """A page while the loader works on it; becomes a `RawPage` at the end."""

    number: int
    lines: list[Line]
    extractor: str
    height: float = 0.0
    tables: list[list[list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    trusted: bool = True

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def is_page_number(text: str) -> bool:
    """`- 3 -`, `—2—`, `第3页`, `第3页 共9页`, `3/9`, `Page 3`: a page number whatever the page."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def furniture_key(text: str) -> str:
    """What stays the same of a running line from page to page: digits (page numbers, dates) masked."""
    folded = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    if _ROMAN.match(folded):
        return "#"
    return _DIGITS.sub("#", folded)


def _edges(lines: list[Line]) -> tuple[list[int], list[int]]:
    """Indexes of the top and bottom edge lines; they never overlap, and table rows are skipped."""
    text_rows = [i for i, line in enumerate(lines) if line.table is None and line.text.strip()]
    half = math.ceil(len(lines) / 2)
    top = [i for i in text_rows if i < min(EDGE_LINES, half)]
    bottom = [i for i in text_rows if i >= max(len(lines) - EDGE_LINES, half)]
    return top, bottom


def strip_furniture(pages: list[PageDraft]) -> None:
    """Remove running headers/footers and page numbers from every page."""
    texted = [page for page in pages if any(line.text.strip() for line in page.lines)]
    threshold = max(2, math.ceil(RUNNING_SHARE * len(texted)))
    edges = [_edges(page.lines) for page in texted]
    running = [
        _recurring(
            [[page.lines[i].text for i in edge[side]] for page, edge in zip(texted, edges, strict=True)]
        )
        for side in (0, 1)
    ]
    for page, edge in zip(texted, edges, strict=True):
        drop = _furniture(page, edge[0], running[0], threshold) | _furniture(
            page, edge[1], running[1], threshold
        )
        drop |= _trailing_page_number(page, edge[1]) | margin_lines(page)
        page.lines = [line for i, line in enumerate(page.lines) if i not in drop]


def _recurring(edge_texts: list[list[str]]) -> dict[str, int]:
    """On how many pages each masked edge line occurs (once per page)."""
    counts: dict[str, int] = {}
    for texts in edge_texts:
        for key in {furniture_key(text) for text in texts}:
            counts[key] = counts.get(key, 0) + 1
    return counts


def _furniture(page: PageDraft, edge: list[int], counts: dict[str, int], threshold: int) -> set[int]:
    """The edge's furniture lines; bare numbers only when the edge has just one (a page has one number)."""
    found = {i for i in edge if _is_furniture(page.lines[i].text, counts, threshold)}
    numbers = {i for i in found if furniture_key(page.lines[i].text) == "#"}
    return found - numbers if len(numbers) > 1 else found


def _is_furniture(text: str, counts: dict[str, int], threshold: int) -> bool:
    stripped = text.strip()
    if is_page_number(stripped) or _URL_LINE.match(stripped):
        return True
    return counts.get(furniture_key(stripped), 0) >= threshold


def margin_lines(page: PageDraft) -> set[int]:
    """Indexes of lines alone in the top or bottom margin: the one-page case of a running header.

    A line counts when it lies in the outer band of the page, is set apart from its neighbour by
    more than twice its own height, and is not set larger than the median line (a title is).
    """
    placed = sorted(
        (line.top, index)
        for index, line in enumerate(page.lines)
        if line.top is not None and line.table is None
    )
    if len(placed) < 3 or page.height <= 0:
        return set()
    body = sorted(page.lines[index].height for _, index in placed)[len(placed) // 2]
    band = MARGIN_BAND * page.height
    first, second, before, last = placed[0][1], placed[1][1], placed[-2][1], placed[-1][1]
    candidates = [
        (first, second, (page.lines[first].bottom or 0) <= band),
        (last, before, (page.lines[last].top or 0) >= page.height - band),
    ]
    return {
        index
        for index, neighbour, in_band in candidates
        if in_band and _set_apart(page.lines[index], page.lines[neighbour], body)
    }


def _set_apart(line: Line, neighbour: Line, body: float) -> bool:
    if line.top is None or line.bottom is None or neighbour.top is None or neighbour.bottom is None:
        return False
    gap = max(neighbour.top - line.bottom, line.top - neighbour.bottom)
    return 0 < line.height <= body * 1.05 and gap > MARGIN_GAP * line.height


def _trailing_page_number(page: PageDraft, bottom: list[int]) -> set[int]:
    """A bare number as a page's last line is its page number when it equals the page's own number."""
    if not bottom or bottom[-1] != len(page.lines) - 1:
        return set()
    last = page.lines[-1].text.strip()
    return {bottom[-1]} if _BARE_NUMBER.match(last) and int(last) == page.number else set()


def mark_continued_tables(pages: list[PageDraft]) -> None:
    """Note tables that go on from the previous page: at its top, same column count, no text between.

    A continued table keeps its own entry in the page's `tables`; the note names the page it
    continues from and carries the header of the table's first part, so each page's rows keep
    their column names.
    """
    headers: dict[int, list[str]] = {}
    for index in range(1, len(pages)):
        previous, page = pages[index - 1], pages[index]
        if not _continues(previous, page):
            continue
        before = previous.tables[-1]
        header = headers.get(index - 1, before[0]) if len(previous.tables) == 1 else before[0]
        headers[index] = header
        repeated = " (header repeated)" if page.tables[0][0] == header else ""
        page.notes.append(
            f"table 1 continues the table of page {previous.number}{repeated}; header: {' | '.join(header)}"
        )


def _continues(previous: PageDraft, page: PageDraft) -> bool:
    if not (page.tables and previous.tables and page.lines and previous.lines):
        return False
    if page.lines[0].table != 0 or previous.lines[-1].table != len(previous.tables) - 1:
        return False
    before, after = previous.tables[-1], page.tables[0]
    return bool(before and after) and len(before[0]) == len(after[0])
