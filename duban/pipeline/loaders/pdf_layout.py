"""Page furniture in PDFs: running headers and footers, page numbers, tables continued across pages.

A running header or footer is a line in the top or bottom band of the page that recurs, with its
digits masked, at the same height on a good share of the pages. Content repeats too (a label line
like `牵头单位:…` under every item, a table cell like `县民生实事` in every row), but at whatever
height the flow puts it, and with other content between it and the page edge; so a page's edges
are read in order of height, outermost first, and the furniture is the unbroken run of such lines
from the edge. Extraction order is content-stream order, not reading order (a footer often comes
out first), so order of height is used wherever the extractor placed every line; on pages it did
not place, the first and last few lines in extraction order stand in for the edges.

A page number is a page-number shape (`- 3 -`, `第3页`, `3/9`) at an edge, or a lone number at an
edge that follows the page order (the page's number plus the offset most pages show at that edge,
or counting on from the nearest numbered page); a lone number that does not (a table cell `1` or
`300`) is content. Table rows are never furniture: a table header repeated on each page is
content. On a single page nothing recurs, so a small line set apart in the outer margin counts as
well.

Printing also wraps long lines. With every line placed and its extent known, the lines a page
wrapped are joined again, within a page and over a page break (`join_wrapped_lines`), so that the
text breaks where its source did.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from duban.rules.ruleset import load_rule_file
from duban.rules.vocabulary import outline_start

EDGE_LINES = 3
# A line is a running header/footer when it recurs at one edge of at least this share of pages.
RUNNING_SHARE = 0.4
# Placed furniture lies in the outer fifth of the page (top or bottom).
EDGE_BAND = 0.2
# Two lines are at the same height when their tops differ by at most this many points, or by half
# a line height when that is more (pdfium and pdfplumber measure a glyph's top slightly apart).
SAME_HEIGHT = 2.0
# A line set apart in the outer tenth of the page, in a font no larger than the body's, is furniture.
MARGIN_BAND = 0.10
MARGIN_GAP = 2.0
# A recurring edge line whose text also stands elsewhere is furniture only when the gap between it
# and the body is more than this many times the document's usual gap between lines.
SET_APART = 1.5
# A wrapped line goes on at most WRAP_GAP line heights below, at the left edge (within FLUSH of a
# line height: headings may hang out a little, a paragraph indent is a glyph or more), after a line
# that starts no more than a paragraph indent (WRAP_INDENT line heights) from that edge and ends
# where the next word would not fit (WRAP_SLACK points of rounding).
WRAP_GAP = 1.2
FLUSH = 0.3
WRAP_INDENT = 2.5
WRAP_SLACK = 1.0
# In a document that indents its paragraphs, a wrapped line may end RAGGED line heights short of
# the right edge (beyond its next word's width), a line SHORT_LINE short ends a paragraph, and the
# layout counts as indented from MIN_INDENTED indented paragraph starts.
RAGGED = 2.0
SHORT_LINE = 4.0
MIN_INDENTED = 3
# Lines wrap only in a text block at least this share of the page wide (no line of a page of short
# lines is full).
MIN_BLOCK = 0.6
# pdfium writes U+FFFE for a hyphen it takes to break a word at a line's end, and drops the break.
PDFIUM_HYPHEN = "\ufffe"

# Line shapes written in rules/layout.yaml.
_SHAPES = load_rule_file("layout").require(("page_number", "url_line"))
_PAGE_NUMBER = _SHAPES.regex("page_number")
_URL_LINE = _SHAPES.regex("url_line")
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_ROMAN = re.compile(r"^(?:[IVXLC]{1,7}|[ivxlc]{1,7}|[Ⅰ-Ⅻ]|[ⅰ-ⅻ])$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# A line's first word, when it starts with a Latin letter or digit; else its first glyph stands alone.
WORD = re.compile(r"[A-Za-z0-9][!-~]*")
# Punctuation a line may not start with (kinsoku): the word processor carries the glyph before it
# down too, so the line above ends a glyph short of the right edge although it wrapped.
_NO_LINE_START = frozenset("，。、；：？！）」』】〕》〉”’…,.;:?!)")
# Punctuation a line may not end with: the word processor carries it down with what follows, so
# the line above ends a glyph short too.
_NO_LINE_END = frozenset("（「『【〔《〈“‘(")
_QUOTE_OPEN = frozenset("“‘")
# A table of contents entry runs to the right edge through its leader dots to its page number.
_CONTENTS_ENTRY = re.compile(r"(?:[.…·!]{4,}|\s{4,})\s*(?:[0-9０-９]{1,4}|[IVXivxⅠ-Ⅻⅰ-ⅻ]{1,5})\s*$")
# The characters an entry's page number may end with (the last numeral of `_CONTENTS_ENTRY`).
_NUMERAL = re.compile(r"[0-9０-９IVXivxⅠ-Ⅻⅰ-ⅻ]")
# A full line that ends a sentence (or a bracket), then a numbered heading or item (`outline_start`
# in rules/vocabulary.yaml): a break, not a wrap.
_SENTENCE_END = tuple("。！？；：!?;:）)]］】")
_HALF_WIDTH_END = re.compile(r"[!-,.-~]$")
_HALF_WIDTH_START = re.compile(r"^[!-~]")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def lead_length(text: str) -> int:
    """How many characters at the start of `text` a wrap carries down together (see `Line.lead`).

    A half-width word whole; else the first glyph with the closing punctuation after it, which
    may not start a line (`的；`, `竹：`). An item's number (`一、`) is one glyph: its `、` was
    not carried, the item starts there. Opening punctuation may not end a line, so it comes down
    with the word or glyph after it (`《中`, `“2020`); an opening quote after the first glyph is
    no break either (Unicode's line breaking keeps a quotation mark with both its neighbours:
    `新“第`)."""
    text = text.lstrip()
    word = WORD.match(text)
    if word:
        return len(word.group())
    if outline_start().match(text):
        return 1
    opening = 0
    while opening < len(text) - 1 and text[opening] in _NO_LINE_END:
        opening += 1
    rest = text[opening:]
    word = WORD.match(rest)
    if word:
        return opening + len(word.group())
    size = 1
    while size < len(rest):
        if rest[size] in _NO_LINE_START:
            size += 1
        elif rest[size] in _QUOTE_OPEN and size + 1 < len(rest):
            size += 2
        else:
            break
    return opening + size


@dataclass
class Line:
    """One line of page text; `table` is the index of the page's table when the line is a row.

    `top` and `bottom` are measured down from the top of the page, when the extractor gave them;
    `left` and `right` are the line's horizontal extent, and `lead` the width of its first word
    (its first glyph in CJK, with the closing punctuation after it: `lead_length`): what did not
    fit at the end of the line above when the line wraps.
    Once wrapped lines are joined, `top` is the first one's and `bottom` the last one's, `em` the
    height of one of them.
    """

    text: str
    table: int | None = None
    top: float | None = None
    bottom: float | None = None
    left: float | None = None
    right: float | None = None
    lead: float = 0.0
    em: float = 0.0

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
    width: float = 0.0
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


def lone_number(text: str) -> int | None:
    """The value of a line that is only a number, arabic (`12`) or roman (`iv`, `Ⅳ`); else None."""
    stripped = text.strip()
    if _BARE_NUMBER.match(stripped):
        return int(stripped)
    if not _ROMAN.match(stripped):
        return None
    if len(stripped) == 1 and ("Ⅰ" <= stripped <= "Ⅻ" or "ⅰ" <= stripped <= "ⅻ"):
        return (ord(stripped) - ord("Ⅰ")) % 16 + 1
    values = [_ROMAN_VALUES[c] for c in stripped.upper()]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))


def restore_hyphens(text: str) -> str:
    """pdfium's line-end hyphen marker back to what the page shows: a hyphen, then the line break.

    Whether `infor-` and `mation` make one word is the normaliser's call, as for any hyphen at a
    line's end; the marker itself is not a character of the document.
    """
    return re.sub(f"{PDFIUM_HYPHEN}(?:\r?\n)?", "-\n", text)


@dataclass
class _Edge:
    """One edge of a page: its edge lines from the edge inwards; `placed` when ordered by height.

    `inward` goes on past the edge lines through the whole page; `gaps` are the blank heights
    between one line and the next (none when the lines are not placed).
    """

    page: PageDraft
    side: int
    indexes: list[int]
    placed: bool
    inward: list[int]
    gaps: list[float]

    def set_apart(self, depth: int, spacing: float) -> bool:
        """Whether the edge line at `depth` stands further from the next line inwards than lines do."""
        if not self.placed or depth + 1 >= len(self.inward):
            return True
        outer, inner = self.page.lines[self.inward[depth]], self.page.lines[self.inward[depth + 1]]
        return _gap(outer, inner) > SET_APART * spacing

    def in_band(self, line: Line) -> bool:
        """Whether a line lies in the page's outer band on this side (always, when not placed)."""
        if not self.placed or line.top is None or line.bottom is None:
            return True
        band = EDGE_BAND * self.page.height
        return line.bottom <= band if self.side == 0 else line.top >= self.page.height - band

    def candidates(self) -> list[Line]:
        """The lines that could be furniture: not table rows, inside the band."""
        lines = [self.page.lines[i] for i in self.indexes]
        return [line for line in lines if line.table is None and self.in_band(line)]


def _placed(page: PageDraft) -> bool:
    return page.height > 0 and all(line.top is not None and line.bottom is not None for line in page.lines)


def _on_page(page: PageDraft, line: Line) -> bool:
    return line.top is not None and line.bottom is not None and line.bottom > 0 and line.top < page.height


def _edges(page: PageDraft) -> tuple[_Edge, _Edge]:
    """The top and bottom edge lines, outermost first; they never overlap.

    By height when every line was placed, else in extraction order. Hidden text placed wholly
    off the page is no part of either edge.
    """
    placed = _placed(page)
    order = list(range(len(page.lines)))
    gaps: list[float] = []
    if placed:
        order = sorted(
            (i for i in order if _on_page(page, page.lines[i])), key=lambda i: (page.lines[i].top, i)
        )
        gaps = [g for a, b in itertools.pairwise(order) if (g := _gap(page.lines[a], page.lines[b])) > 0]
    half = math.ceil(len(order) / 2)
    top = order[: min(EDGE_LINES, half)]
    bottom = order[max(len(order) - EDGE_LINES, half) :][::-1]
    return _Edge(page, 0, top, placed, order, gaps), _Edge(page, 1, bottom, placed, order[::-1], gaps)


def _gap(one: Line, other: Line) -> float:
    """The blank height between two placed lines, whichever is above."""
    if one.top is None or one.bottom is None or other.top is None or other.bottom is None:
        return 0.0
    return max(other.top - one.bottom, one.top - other.bottom)


@dataclass
class _Occurrence:
    """A candidate line at one edge of a page: its page's number, its height, its value if a number."""

    number: int
    top: float | None
    height: float
    value: int | None = None
    roman: bool = False


def _same_height(line: Line, seen: _Occurrence) -> bool:
    if line.top is None or seen.top is None:
        return True
    return abs(line.top - seen.top) <= max(SAME_HEIGHT, 0.5 * max(line.height, seen.height))


def _in_sequence(earlier: _Occurrence, later: _Occurrence) -> bool:
    """Two page numbers in page order: the later is larger by about the pages between (one skip)."""
    step = later.number - earlier.number
    return (
        earlier.value is not None and later.value is not None and 1 <= later.value - earlier.value <= step + 1
    )


class _Document:
    """What the pages say together: where each text stands, recurring lines and numbers per side."""

    def __init__(self, pages: list[PageDraft], edges: list[tuple[_Edge, _Edge]]) -> None:
        self.threshold = max(2, math.ceil(RUNNING_SHARE * len(pages)))
        self.recurring: tuple[dict[str, list[_Occurrence]], dict[str, list[_Occurrence]]] = ({}, {})
        self.numbers: tuple[list[_Occurrence], list[_Occurrence]] = ([], [])
        self._standing: list[tuple[str, int, float | None, float]] = []
        self._placements: dict[str, list[_Occurrence]] | None = None
        self._keys: dict[str, str] = {}
        offsets: tuple[Counter[int], Counter[int]] = (Counter(), Counter())
        for page, sides in zip(pages, edges, strict=True):
            self._place(page, sides)
            for edge in sides:
                page_offsets: set[int] = set()
                for line in edge.candidates():
                    seen = _Occurrence(page.number, line.top, line.height)
                    self.recurring[edge.side].setdefault(self.key(line.text), []).append(seen)
                    seen.value = lone_number(line.text)
                    if seen.value is not None:
                        seen.roman = not _BARE_NUMBER.match(line.text.strip())
                        self.numbers[edge.side].append(seen)
                        page_offsets.add(seen.value - page.number)
                offsets[edge.side].update(page_offsets)
        self.offsets = tuple(
            {offset for offset, count in side.items() if count >= self.threshold} for side in offsets
        )
        gaps = sorted(gap for sides in edges for gap in sides[0].gaps)
        self.spacing = gaps[len(gaps) // 2] if gaps else 0.0

    def key(self, text: str) -> str:
        """`furniture_key` of a line's text, worked out once: edge lines are looked up again and again."""
        key = self._keys.get(text)
        if key is None:
            key = self._keys[text] = furniture_key(text)
        return key

    def _place(self, page: PageDraft, sides: tuple[_Edge, _Edge]) -> None:
        """Note where each text line of the page stands; unplaced, only lines off the edges count."""
        edge_lines = {*sides[0].indexes, *sides[1].indexes}
        for index, line in enumerate(page.lines):
            if line.table is not None or (not sides[0].placed and index in edge_lines):
                continue
            top = line.top if sides[0].placed else None
            self._standing.append((line.text, page.number, top, line.height))

    @property
    def placements(self) -> dict[str, list[_Occurrence]]:
        """Where each text stands, by furniture key: every line's key is worked out only when a
        recurring edge line asks (`also_content`), which two documents in three never do."""
        if self._placements is None:
            self._placements = {}
            for text, number, top, height in self._standing:
                self._placements.setdefault(self.key(text), []).append(_Occurrence(number, top, height))
        return self._placements

    def also_content(self, line: Line) -> bool:
        """Whether the line's text also stands at another height (or off the edges): content repeats."""
        return any(
            seen.top is None or not _same_height(line, seen)
            for seen in self.placements.get(self.key(line.text), [])
        )

    def recurs(self, line: Line, side: int) -> bool:
        """Whether the line's masked text stands at this edge, at its height, on enough pages."""
        seen = self.recurring[side].get(self.key(line.text), [])
        return len({s.number for s in seen if _same_height(line, s)}) >= self.threshold

    def is_page_number(self, edge: _Edge, depth: int, line: Line, value: int) -> bool:
        """Whether a lone number follows the page order.

        It does when its offset from the page's own number is the document's, when the nearest
        page before or after with a lone number of the same kind at the same edge and height
        continues the count, or when it is the page's own number as its last line, set apart.
        """
        page = edge.page
        if value - page.number in self.offsets[edge.side]:
            return True
        roman = not _BARE_NUMBER.match(line.text.strip())
        here = _Occurrence(page.number, line.top, line.height, value, roman)
        peers = [s for s in self.numbers[edge.side] if s.roman == roman and _same_height(line, s)]
        before = [s for s in peers if s.number < page.number]
        after = [s for s in peers if s.number > page.number]
        if before and _in_sequence(max(before, key=lambda s: s.number), here):
            return True
        if after and _in_sequence(here, min(after, key=lambda s: s.number)):
            return True
        if edge.side != 1 or depth != 0 or value != page.number:
            return False
        if not edge.placed or len(edge.indexes) < 2:
            return True
        return _set_apart(line, page.lines[edge.indexes[1]], float("inf"))


def strip_furniture(pages: list[PageDraft]) -> None:
    """Remove running headers/footers and page numbers from every page."""
    texted = [page for page in pages if any(line.text.strip() for line in page.lines)]
    edges = [_edges(page) for page in texted]
    document = _Document(texted, edges)
    for page, sides in zip(texted, edges, strict=True):
        drop = _furniture(document, sides[0]) | _furniture(document, sides[1]) | margin_lines(page)
        page.lines = [line for i, line in enumerate(page.lines) if i not in drop]


def _furniture(document: _Document, edge: _Edge) -> set[int]:
    """The unbroken run of furniture lines from the page's edge inwards.

    When a line of the run also stands at another height (a title, a label under every item),
    the run must end in a gap wider than the usual line spacing, as a header block does; else it
    is cut before that line.
    """
    run: list[int] = []
    also_body: int | None = None
    for depth, index in enumerate(edge.indexes):
        line = edge.page.lines[index]
        if line.table is not None or not edge.in_band(line):
            break
        if not _page_number(document, edge, depth, line):
            if lone_number(line.text) is not None or not document.recurs(line, edge.side):
                break
            if also_body is None and document.also_content(line):
                also_body = depth
        run.append(index)
    if also_body is not None and not edge.set_apart(len(run) - 1, document.spacing):
        run = run[:also_body]
    return set(run)


def _page_number(document: _Document, edge: _Edge, depth: int, line: Line) -> bool:
    """A page-number shape or a browser's URL footer anywhere at the edge, or a number in page order."""
    stripped = line.text.strip()
    if is_page_number(stripped) or _URL_LINE.match(stripped):
        return True
    number = lone_number(stripped)
    return number is not None and document.is_page_number(edge, depth, line, number)


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
    """Whether the line, no larger than `body`, is more than MARGIN_GAP of its heights from its neighbour."""
    if line.top is None or line.bottom is None or neighbour.top is None or neighbour.bottom is None:
        return False
    gap = max(neighbour.top - line.bottom, line.top - neighbour.bottom)
    return 0 < line.height <= body * 1.05 and gap > MARGIN_GAP * line.height


def join_wrapped_lines(pages: list[PageDraft]) -> None:
    """Join each line a page wrapped to the line it continues, as the text was before printing.

    A wrapped line runs to the right text edge and its paragraph goes on at the left text edge
    just below. Where the next line's first word would have fitted at the line's end, the break
    was meant. Printers measure glyphs differently from the page, so right edges of wrapped lines
    are ragged by a glyph or two; that slack is allowed only in a document that indents its
    paragraphs' first lines, where a line at the left edge cannot start a paragraph. A
    right-aligned line (a signature, a date) does not start near the left edge. Table rows and
    table of contents entries are never joined, nor a line that ends a sentence to a numbered
    heading or item (`3.6`, `（二）`, `第五条`) that starts the next. Pages whose lines were not
    all placed with their extent are left as they are.

    A paragraph that goes on over a page break is joined too: the head of the next page's first
    paragraph moves up to the end of the page it continues, so that the paragraph stays whole.
    """
    placed = _text_edges(pages)
    ragged = _indents_paragraphs([(page, edges) for page, edges in placed if edges is not None])
    for page, edges in placed:
        if edges is None:
            continue
        joined: list[Line] = []
        for line in page.lines:
            if joined and _below(joined[-1], line) and _wraps(joined[-1], line, edges, ragged):
                joined[-1] = _join(joined[-1], line)
            else:
                joined.append(line)
        page.lines = joined
    for (page, edges), (following, next_edges) in itertools.pairwise(placed):
        if edges is None or next_edges is None or following.number != page.number + 1:
            continue
        if not page.lines or not following.lines or not _continues_over(page, following):
            continue
        if _wraps(page.lines[-1], following.lines[0], edges, ragged, next_left=next_edges[0]):
            page.lines[-1] = _join(page.lines[-1], following.lines.pop(0))


def _continues_over(page: PageDraft, following: PageDraft) -> bool:
    """Whether the page's flow ends with its lowest line and the next page's starts with its highest."""
    last, first = page.lines[-1], following.lines[0]
    return last.bottom == max(line.bottom or 0.0 for line in page.lines) and first.top == min(
        line.top or 0.0 for line in following.lines
    )


def _em(line: Line) -> float:
    """The height of one printed line of `line` (joined lines span several)."""
    return line.em or line.height


def _extent_known(line: Line) -> bool:
    return None not in (line.top, line.bottom, line.left, line.right)


def _text_edges(pages: list[PageDraft]) -> list[tuple[PageDraft, tuple[float, float] | None]]:
    """Each page with the left and right edges of its text block, or None.

    The left edge is the page's leftmost line start. The right edge is the page's rightmost line
    end, but no less than the median of that over the pages of its size: pages share margins,
    and a page of a few short lines must not make its longest line look full. None when a page's
    lines are not all placed with their extent, or when no line runs across most of the page (a
    page of short lines: then the longest of them is not full).
    """
    extents: dict[int, tuple[float, float]] = {}
    for page in pages:
        body = [line for line in page.lines if line.table is None]
        if body and all(_extent_known(line) for line in body):
            left = min(line.left or 0.0 for line in body)
            extents[id(page)] = (left, max(line.right or 0.0 for line in body))
    rights: dict[int, list[float]] = {}
    for page in pages:
        if id(page) in extents:
            rights.setdefault(round(page.height), []).append(extents[id(page)][1])
    usual = {size: statistics.median(found) for size, found in rights.items()}
    found: list[tuple[PageDraft, tuple[float, float] | None]] = []
    for page in pages:
        if id(page) not in extents:
            found.append((page, None))
            continue
        left, right = extents[id(page)][0], max(extents[id(page)][1], usual[round(page.height)])
        block = right - left >= MIN_BLOCK * page.width
        found.append((page, (left, right) if block else None))
    return found


def _below(line: Line, after: Line) -> bool:
    """Whether `after` is the next line down, with no more than the usual gap between lines."""
    if line.bottom is None or after.top is None:
        return False
    return 0 <= after.top - line.bottom <= WRAP_GAP * _em(after)


def _indents_paragraphs(pages: list[tuple[PageDraft, tuple[float, float]]]) -> bool:
    """Whether lines after a short line (a paragraph's end) mostly start indented, not at the edge."""
    indented = flush = 0
    for page, (left, right) in pages:
        body = [line for line in page.lines if line.table is None]
        for line, after in itertools.pairwise(body):
            em = _em(after)
            if not _below(line, after) or (line.right or 0.0) > right - SHORT_LINE * em:
                continue
            offset = (after.left or 0.0) - left
            indented += FLUSH * em < offset <= WRAP_INDENT * em
            flush += offset <= FLUSH * em
    return indented >= MIN_INDENTED and indented > flush


def _wraps(
    line: Line, after: Line, edges: tuple[float, float], ragged: bool, next_left: float | None = None
) -> bool:
    """Whether `after`, the next line of the flow, continues `line`'s paragraph (see above).

    `edges` are those of `line`'s page; `next_left` is the left edge of `after`'s when it is on
    the next page.
    """
    if line.table is not None or after.table is not None or _contents_entry(line.text):
        return False
    if line.text.rstrip().endswith(_SENTENCE_END) and outline_start().match(after.text.lstrip()):
        return False
    left, right = edges
    em = _em(after)
    flush = left if next_left is None else next_left
    if abs((after.left or 0.0) - flush) > FLUSH * em or (line.left or 0.0) - left > WRAP_INDENT * em:
        return False
    end = (line.right or 0.0) + after.lead
    return end > right + WRAP_SLACK or (ragged and end > right - RAGGED * em)


def _contents_entry(text: str) -> bool:
    """Whether the line is a table of contents entry; only a line ending in a numeral can be one, and
    most lines are let go on that (searching the whole line for leader dots costs more)."""
    return bool(_NUMERAL.match(text.rstrip()[-1:])) and bool(_CONTENTS_ENTRY.search(text))


def _join(line: Line, after: Line) -> Line:
    """The two lines as one; a space goes back only between two half-width words."""
    before, text = line.text.rstrip(), after.text.lstrip()
    space = " " if _HALF_WIDTH_END.match(before[-1:]) and _HALF_WIDTH_START.match(text) else ""
    return Line(
        f"{before}{space}{text}",
        top=line.top,
        bottom=after.bottom,
        left=line.left,
        right=after.right,
        lead=line.lead,
        em=_em(line),
    )


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
