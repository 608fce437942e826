"""Normalisation: one clean text per document, with a map back to the loader's characters.

Real documents break lines inside sentences (PDF layout, the seed's column text, even across blank
lines), put spaces between CJK characters, and use Kangxi-radical look-alikes from broken fonts.
Every rewrite here is a regex pass that carries the offset map along, so that any span of the
normalised text can be traced back to the raw page text it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from duban.base.model import Page, RawDocument
from duban.pipeline.layout import is_chrome, is_label, layout_rules
from duban.pipeline.layout_markers import match_marker
from duban.rules.vocabulary import doc_number_core, genres

# Characters that are look-alikes of ordinary CJK ideographs and NFKC maps to them.
_LOOKALIKES = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014"
# Whitespace between two CJK characters. The pattern opens with the space itself and checks the
# character before it with a look-behind placed after it: led by a look-behind, `re` would try the
# pattern at every position of the text; led by a character set, it skips to the spaces (4x faster).
_SPACE = "[ \t\u3000\u00a0]"
_CJK_SPACE = re.compile(f"{_SPACE}(?<=[{_CJK}{_CJK_PUNCT}]{_SPACE}){_SPACE}*(?=[{_CJK}{_CJK_PUNCT}])")
# One look-ahead for both ends: two branches tried every run of spaces twice.
_LINE_END_SPACE = re.compile(r"[ \t\u3000\u00a0\r]+(?=\n|\Z)")
# Cells of a table pasted as text (Word, a web page) are separated by one or more TABs.
TAB_SEPARATOR = re.compile(r"\t+")
_CONTROL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u200b-\u200d\ufeff]")

# Line shapes written in rules/layout.yaml.
_SHAPES = layout_rules().require(
    ("block_start", "date_line", "heading_marker", "number_column", "table_end", "speech_end")
)
# A line that ends one of these may not be continued by the next line.
_TERMINAL = tuple("。！？；：!?;:")
# A line that starts like this opens a new block (heading, item, table row, signature, date).
_BLOCK_START = _SHAPES.regex("block_start")
_DATE_LINE = _SHAPES.regex("date_line")
_DOC_NUMBER_LINE = re.compile(r"^\s*\S{0,12}" + doc_number_core().pattern + r"\s*$")
_TITLE_END = re.compile(r"(?:关于.*|的.{0,6})" + genres() + r"\s*$|会议纪要\s*$")
# The document's first line is its title when it ends like one (`…召开常务会议`, `…责任清单`).
# Fewer genres than a title's end: a short first line ending in 措施, 要点 or 计划 (`保护措施`) is
# as often a heading of a form or a standard as a document's title.
_OPENING_TITLE = re.compile(r"^[^。；，,]*(?:会议|" + genres("core", "record") + r"|规则|细则|清单|公告)\s*$")
_HEADING_MARKER = _SHAPES.regex("heading_marker")
_CONTINUATION_START = tuple("，。、；：）)」』”’！？,;:!?")
_CONTINUES = tuple("，、,（(“‘《")
# Runs of characters that take one display column (everything but CJK and full-width forms).
_NARROW_RUN = re.compile(f"[^{_CJK}{_CJK_PUNCT}\u3400-\u9fff]+")
# `来源：某某日报`, `客服热线:0755…`: a short label-and-value line, page chrome or a form field.
_FIELD_LINE = re.compile(r"^[^，。；（(]{1,12}[:：]\s*\S")
# Web-page chrome around scraped documents: breadcrumbs, sources, timestamps. Never joined.
_CHROME_LINE = layout_rules().regex("chrome_line")
_PAGE_NUMBER_LINE = re.compile(r"^\s*[-—–－]\s*\d{1,4}\s*[-—–－]\s*$")


@dataclass
class Normalised:
    text: str
    offsets: list[int]
    pages: list[Page]


def _rewrite(
    text: str, offsets: list[int], pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str]
) -> tuple[str, list[int]]:
    """Apply a substitution and keep each output character pointing at a raw character.

    A replacement of the same length keeps the offsets one to one; a shorter or longer one points
    every new character at the start of what it replaced.
    """
    parts: list[str] = []
    new_offsets: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        parts.append(text[last:start])
        new_offsets.extend(offsets[last:start])
        replacement = repl(match)
        parts.append(replacement)
        if len(replacement) == end - start:
            new_offsets.extend(offsets[start:end])
        else:
            anchor = offsets[start] if start < len(offsets) else (offsets[-1] if offsets else 0)
            new_offsets.extend([anchor] * len(replacement))
        last = end
    if not parts:
        return text, offsets
    parts.append(text[last:])
    new_offsets.extend(offsets[last:])
    return "".join(parts), new_offsets


def _nfkc_char(match: re.Match[str]) -> str:
    folded = unicodedata.normalize("NFKC", match.group())
    return folded if len(folded) == 1 else match.group()


def join_broken_lines(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Join a line to the next when the break falls inside a sentence, even across blank lines.

    `offsets` holds one raw offset per character of `text`. The output copies pieces of `text`
    (each kept line without its outer whitespace, each kept break), so it is collected as runs of
    `text`: a page whose lines all stand is one run, returned as it came, and the rest are sliced
    once a run, not once a line."""
    lines = text.split("\n")
    wide = _typical_width(lines)
    wrapped = _wrapped_layout(lines, wide)
    # Rows of a TAB-separated table, and every line of a table printed one cell a line, stand alone.
    rows = tab_row_lines(lines) | {index for table in cell_tables(lines) for index in table.lines()}
    prev_row = False  # the previous non-blank line is a TAB-separated table row
    open_cell = False  # the current output line is a table cell that has not closed with `|` yet
    broken = False  # a line break has been written (the first output line is the title's place)
    runs: list[list[int]] = []  # [start, end) of the runs of `text` the output is made of
    pos = 0
    prev: str | None = None
    newline = 0  # where the break after the previous non-blank line is
    for index, line in enumerate(lines):
        start, pos = pos, pos + len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        is_cell = _is_cell(stripped)
        is_row = index in rows
        if (
            prev is not None
            and not (open_cell and is_cell)
            and (prev_row or is_row or not _joins(prev, stripped, wide, wrapped, not broken))
        ):
            # the break kept is the one that followed the previous line
            if runs[-1][1] == newline:
                runs[-1][1] = newline + 1
            else:
                runs.append([newline, newline + 1])
            broken = True
            open_cell = _is_cell(prev) and not is_cell
        elif open_cell and is_cell:
            open_cell = False
        first = start + len(line) - len(line.lstrip())
        if runs and runs[-1][1] == first:
            runs[-1][1] = first + len(stripped)
        else:
            runs.append([first, first + len(stripped)])
        prev = stripped
        prev_row = is_row
        newline = pos - 1
    if len(runs) == 1 and runs[0] == [0, len(text)]:
        return text, offsets
    joined: list[int] = []
    for begin, end in runs:
        joined.extend(offsets[begin:end])
    return "".join([text[begin:end] for begin, end in runs]), joined


def tab_cell_count(line: str) -> int:
    """How many non-blank cells the TABs of `line` separate (1 for a line without TABs).

    A line whose only TAB follows a numbering marker (`1.\\t…`, `一、\\t…`, as Word pastes a
    numbered list) is one cell: it is an item, not a two-column row.
    """
    cells = [cell for cell in TAB_SEPARATOR.split(line.strip()) if cell.strip()]
    if len(cells) == 2:
        found = match_marker(cells[0].strip())
        if found is not None and found[0] == cells[0].strip():
            return 1
    return len(cells)


def tab_row_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines that are rows of a TAB-separated table.

    A line of three or more TAB cells is a row on its own; a line of two is one only beside another
    non-blank line of two (a two-column table), so that a stray TAB inside a lone sentence is not a
    table. Blank lines between rows do not break a run.
    """
    # A line without a TAB is one cell (asked here only of non-blank lines): no split needed.
    counted = [
        (index, tab_cell_count(line) if "\t" in line else 1)
        for index, line in enumerate(lines)
        if line.strip()
    ]
    rows: set[int] = set()
    for k, (index, count) in enumerate(counted):
        if count >= 3:
            rows.add(index)
        elif count == 2:
            neighbours = counted[max(k - 1, 0) : k] + counted[k + 1 : k + 2]
            if any(other == 2 for _, other in neighbours):
                rows.add(index)
    return rows


@dataclass
class CellTable:
    """A table printed one cell a line (a web page's table copied as text): the indexes of its
    header lines and, for each row, the indexes of its lines (the row number first)."""

    header: list[int]
    rows: list[list[int]]

    def lines(self) -> set[int]:
        return {*self.header, *(index for row in self.rows for index in row)}


# The first header cell of such a table: the row-number column (`序号`, `编 号`).
_NUMBER_COLUMN = _SHAPES.regex("number_column")
_ROW_NUMBER = re.compile(r"^\d{1,3}$")
_HEADER_CELL_MAX = 12
_SENTENCE_MARK = re.compile(r"[。；;，,：:！？]")
_HEADER_MAX = 10
# A line that ends the last row of such a table: a section heading or the next table's header.
_TABLE_END = _SHAPES.regex("table_end")


def cell_tables(lines: list[str]) -> list[CellTable]:
    """Tables printed one cell a line, found by their shape: a header of short lines that opens
    with the row-number column (`序号` / `项目内容` / `牵头单位`), then rows that each open with a
    line holding only their number (`1` / task / unit, `2` / …). Blank lines between cells do not
    matter; a row may miss an empty cell. Without the numbers counting up from 1 over at least two
    rows, nothing is a table: a lone `序号` line or a list of figures is text."""
    present = [(index, "".join(line.split())) for index, line in enumerate(lines) if line.strip()]
    tables: list[CellTable] = []
    k = 0
    while k < len(present):
        if not _NUMBER_COLUMN.match(present[k][1]):
            k += 1
            continue
        h = k + 1
        while (
            h < len(present)
            and h - k < _HEADER_MAX
            and not _ROW_NUMBER.match(present[h][1])
            and len(present[h][1]) <= _HEADER_CELL_MAX
            and not _SENTENCE_MARK.search(present[h][1])
        ):
            h += 1
        width = h - k
        if width < 2 or h >= len(present) or present[h][1] != "1":
            k += 1
            continue
        rows = _cell_rows(present, h, width)
        if len(rows) < 2:
            k += 1
            continue
        tables.append(CellTable([index for index, _ in present[k:h]], rows))
        k = next(p for p, (index, _) in enumerate(present) if index == rows[-1][-1]) + 1
    return tables


def _cell_rows(present: list[tuple[int, str]], start: int, width: int) -> list[list[int]]:
    """The rows from `start` (a line `1`): each runs to the line of the next number. A row takes
    at most `width - 1` cells; a number cell that happens to equal the next row number is read as
    one only where a full row would end, if such a line exists. A row whose next number stands
    further on, within twice the header's width, is longer: one of its cells was printed on two
    lines (a line break inside it), and cut at the width the table would end there."""
    rows: list[list[int]] = []
    number = 1
    k = start
    while k < len(present) and present[k][1] == str(number):
        after = range(k + 1, min(k + width + 1, len(present)))
        following = [j for j in after if present[j][1] == str(number + 1)]
        if not following:
            longer = range(k + width + 1, min(k + 2 * width + 1, len(present)))
            following = [j for j in longer if present[j][1] == str(number + 1)][:1]
            if following and any(_ends_table(present[j][1]) for j in range(k + 1, following[0])):
                following = []  # a section heading between: the table ends before it
        if following:
            nxt = k + width if k + width in following else following[0]
        else:
            nxt = k + 1
            while nxt < len(present) and nxt - k < width and not _ends_table(present[nxt][1]):
                nxt += 1
        if nxt == k + 1:
            break
        rows.append([index for index, _ in present[k:nxt]])
        if not following:
            break
        number += 1
        k = nxt
    return rows


def _ends_table(line: str) -> bool:
    return bool(_TABLE_END.match(line) or _NUMBER_COLUMN.match(line))


def _row_tab_offsets(text: str, offsets: list[int]) -> set[int]:
    """Raw offsets of the TABs that separate cells of table rows, which the CJK-space pass keeps."""
    if "\t" not in text:
        return set()
    lines = text.split("\n")
    rows = tab_row_lines(lines)
    kept: set[int] = set()
    pos = 0
    for index, line in enumerate(lines):
        if index in rows:
            kept.update(offsets[pos + i] for i, char in enumerate(line) if char == "\t")
        pos += len(line) + 1
    return kept


def _is_cell(line: str) -> bool:
    """A flattened table prints one cell a line, each closed by `|`; a long cell wraps."""
    return line.endswith("|") and line.count("|") == 1


@lru_cache(maxsize=8192)
def _width(line: str) -> int:
    """Display width: CJK and full-width characters take two columns, Latin letters one. Cached:
    the joiner asks for the width of the same line several times (as `prev`, against each bound)."""
    # Counted through the narrow runs: a CJK line has few, and each is one match, not one a character.
    return 2 * len(line) - sum(map(len, _NARROW_RUN.findall(line)))


def _typical_width(lines: list[str]) -> int:
    """The display width of a full line (90th percentile): shorter marker lines are headings."""
    lengths = sorted(_width(line.strip()) for line in lines if line.strip())
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _open_bracket(line: str) -> bool:
    """A line that ends inside a bracket (`（牵头单位：`) goes on, whatever its last character."""
    return line.rfind("（") > line.rfind("）") or line.rfind("(") > line.rfind(")")


_CLOSED_ITEM = re.compile(r"[。；;][”’」』]?[（(][^（）()]{2,80}[）)]$")


def _wrapped_layout(lines: list[str], wide: int) -> bool:
    """Whether full lines mostly end mid-sentence (a PDF's or column's wrapping), not at a full stop.

    In such a layout a full-width line that happens to end with 。 still continues its paragraph.
    """
    full = [line.strip() for line in lines if wide and _width(line.strip()) >= 0.8 * wide]
    if len(full) < 5:
        return False
    # An item closed by its unit marker (`…。（商务部负责）`, `…（牵头单位：市公安局）`) or a table row
    # ends where it should, not mid-sentence.
    open_ended = sum(
        1
        for line in full
        if not line.endswith((*_TERMINAL, "）", ")", "|"))
        and " | " not in line
        and not _CLOSED_ITEM.search(line)
    )
    return open_ended * 2 >= len(full)


def _joins(prev: str, nxt: str, wide: int, wrapped: bool = False, first: bool = False) -> bool:
    if _ends_sentence(prev, wide, wrapped) and not nxt.startswith(_CONTINUATION_START):
        # Most lines of a page end a sentence, and such a line is not joined unless the next line
        # opens with a continuation: none of the other tests can say yes. Asked first, it spares
        # them (chrome, labels, fields) on most lines; the layout asks about chrome and labels later.
        return False
    if _stands_apart(prev) or _stands_apart(nxt) or is_label(nxt):
        return False
    if _FIELD_LINE.match(prev) and _width(prev) < 0.7 * wide:
        return False
    if is_label(prev) and not _open_bracket(prev):
        return False
    if nxt.startswith(_CONTINUATION_START) or _open_bracket(prev):
        return True
    if _HEADING_MARKER.match(prev) and _width(prev) < 0.6 * wide and not prev.endswith(_CONTINUES):
        return False
    if len(prev) <= 15 and _OPENING_TITLE.search(prev):
        return False
    if prev.endswith("|"):
        return False
    if _BLOCK_START.match(nxt) or _DATE_LINE.match(nxt) or _DOC_NUMBER_LINE.match(nxt):
        return False
    if _DATE_LINE.match(prev) or _DOC_NUMBER_LINE.match(prev) or _PAGE_NUMBER_LINE.match(prev):
        return False
    if len(prev) <= 40 and _TITLE_END.search(prev):
        return False
    if first and len(prev) <= 40 and _OPENING_TITLE.search(prev):
        return False
    if not wrapped and _heading_line(prev, nxt, wide):
        return False
    # An item closed by its unit marker (`…。（商务部负责）`) is complete, and a short line without
    # punctuation after a closing bracket is a sign-off (`江州市人民政府办公室`), not the item's tail.
    if _CLOSED_ITEM.search(prev) or (
        prev.endswith(("）", ")")) and len(nxt) <= 30 and not re.search(r"[，。；,;、]", nxt)
    ):
        return False
    # A closing bracket or quote ends an item when the next line starts a new one (handled above);
    # otherwise the sentence goes on.
    return not (prev.endswith(("）", ")")) and len(prev) < 12)


def _ends_sentence(prev: str, wide: int, wrapped: bool) -> bool:
    """A line that ends with a stop outside brackets, and is not a full-width line of a wrapped
    layout (where a stop may fall at the end of a line inside a paragraph)."""
    return prev.endswith(_TERMINAL) and not _open_bracket(prev) and not (wrapped and _width(prev) >= wide - 2)


@lru_cache(maxsize=8192)
def _stands_apart(line: str) -> bool:
    """A table row printed with ` | `, or web-page chrome: never joined to a neighbour. Cached:
    the joiner asks about each line twice, as the next line and then as the previous one."""
    return " | " in line or bool(_CHROME_LINE.search(line)) or is_chrome(line)


# A line that ends with a speech verb or a time phrase introduces what follows (`会议强调` / `要…。`).
_SPEECH_END = _SHAPES.regex("speech_end")


def _heading_line(prev: str, nxt: str, wide: int) -> bool:
    """A short line without end punctuation over a full paragraph, in a page whose lines are not
    wrapped (`2024年工作安排` over `2024年是…。`): a heading of its own, not a broken line. A wrapped
    line is as wide as the page; a title broken in two has a short second half, not a paragraph."""
    return (
        _width(prev) < 0.4 * wide
        and len(nxt) >= max(20, 2 * len(prev))
        and not prev.endswith(_CONTINUES)
        and not any(ch in prev for ch in "，,；;。、")
        and not _SPEECH_END.search(prev)
        and bool(re.search(r"[。；;！!？?]", nxt))
    )


def normalise(raw: RawDocument) -> Normalised:
    """Concatenate the pages, clean them, and keep page boundaries and the raw-offset map."""
    texts: list[str] = []
    page_spans: list[tuple[int, int, int, str, bool]] = []
    cursor = 0
    for page in raw.pages:
        body = page.text.replace("\r\n", "\n").replace("\r", "\n")
        texts.append(body)
        page_spans.append((page.number, cursor, cursor + len(body), page.extractor, page.trusted))
        cursor += len(body) + 1
    text = "\n".join(texts)
    offsets = list(range(len(text)))
    text, offsets = _rewrite(text, offsets, _CONTROL, lambda m: "")
    text, offsets = _rewrite(text, offsets, _LOOKALIKES, _nfkc_char)
    text, offsets = _rewrite(text, offsets, _LINE_END_SPACE, lambda m: "")
    row_tabs = _row_tab_offsets(text, offsets)
    text, offsets = join_broken_lines(text, offsets)
    current = offsets

    def cjk_space(match: re.Match[str]) -> str:
        # Whitespace between CJK characters is layout, except the TABs between a table's cells.
        keep = any(
            char == "\t" and current[match.start() + i] in row_tabs for i, char in enumerate(match.group())
        )
        return match.group() if keep else ""

    text, offsets = _rewrite(text, offsets, _CJK_SPACE, cjk_space)
    pages = _map_pages(offsets, page_spans)
    return Normalised(text=text, offsets=offsets, pages=pages)


def _map_pages(offsets: list[int], spans: list[tuple[int, int, int, str, bool]]) -> list[Page]:
    """Page boundaries in normalised offsets, from the raw offsets each page covered."""
    pages: list[Page] = []
    index = 0
    n = len(offsets)
    if len(spans) == 1 and spans[0][1] <= spans[0][2]:
        # One page (every text file) covers the whole text: no need to walk the offsets.
        number, _, _, extractor, trusted = spans[0]
        return [Page(number=number, start=0, end=n, extractor=extractor, trusted=trusted)]
    for number, raw_start, raw_end, extractor, trusted in spans:
        start = index
        while index < n and offsets[index] <= raw_end:
            index += 1
        if raw_start > raw_end:
            continue
        pages.append(Page(number=number, start=start, end=index, extractor=extractor, trusted=trusted))
    if pages:
        pages[-1].end = n
    return pages
