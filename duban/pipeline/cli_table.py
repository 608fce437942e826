"""A boxed text table for the terminal, drawn without rich: `duban search` prints one.

Importing rich's console and table costs about a third of a search started from the shell, and a
table of hits needs little of it: columns that share the terminal's width (fixed ones, and ones
taking a share of the rest), cells folded to their column, Chinese characters counted as two
cells wide (`unicodedata.east_asian_width`), the matched words in bold yellow on a terminal that
shows colour. Text is wrapped between words for Latin text and between any two characters of
Chinese text; a word wider than its column is cut.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from duban.base.model import Deadline, Unit
from duban.base.vocab import ROLE_LABELS

#: One piece of a cell's text and whether it is marked (a matched word).
Span = tuple[str, bool]

_MARK_ON = "\x1b[1;33m"  # bold yellow, as rich drew the matches
_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"


@dataclass(frozen=True)
class Column:
    """A column: a fixed content `width`, or else `ratio`, its share of the width left over."""

    header: str
    width: int | None = None
    ratio: int = 1
    right: bool = False


def units_cell(units: Iterable[Unit]) -> str:
    """A cell of units, one a line, a lead or co unit with its role (`市财政局（牵头）`)."""
    return "\n".join(
        u.name + (f"（{ROLE_LABELS.get(u.role, u.role)}）" if u.role != "responsible" else "") for u in units
    )


def deadlines_cell(deadlines: Iterable[Deadline]) -> str:
    """A cell of deadlines, one a line, each with the date or period it was read as (`→ 2026-06-30`)."""
    return "\n".join(d.text + (f" → {d.due or d.period}" if d.due or d.period else "") for d in deadlines)


def char_width(char: str) -> int:
    """Terminal cells `char` takes: 2 for wide (CJK) characters, 0 for combining marks and
    control characters, else 1."""
    if char < " " or "\x7f" <= char < "\xa0":
        return 0
    if unicodedata.east_asian_width(char) in "WF":
        return 2
    return 0 if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf") else 1


def text_width(text: str) -> int:
    """Terminal cells `text` takes on one line."""
    return sum(char_width(c) for c in text)


def marked_spans(text: str, open_mark: str, close_mark: str) -> list[Span]:
    """`text` with its matches (between `open_mark` and `close_mark`) as marked spans."""
    parts = text.replace(close_mark, open_mark).split(open_mark)
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


def terminal_width(default: int = 80) -> int:
    """The width to draw at: $COLUMNS when set, else the terminal's (stdout, stderr or stdin, so
    that a pipe into `less` still gets it), else `default`."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for fd in (1, 2, 0):
        try:
            return os.get_terminal_size(fd).columns or default
        except (OSError, ValueError):
            continue
    return default


def wants_colour() -> bool:
    """Colour on a terminal unless $NO_COLOR is set or $TERM is dumb; $FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def column_widths(columns: Sequence[Column], total: int) -> list[int]:
    """Content width of each column for a table `total` cells wide (borders and one space of
    padding either side of each cell included): fixed columns keep theirs, the others share the
    rest by ratio, none narrower than 4."""
    room = total - (len(columns) + 1) - 2 * len(columns) - sum(c.width or 0 for c in columns)
    shares = sum(c.ratio for c in columns if c.width is None)
    widths: list[int] = []
    left, ratios_left = room, shares
    for column in columns:
        if column.width is not None:
            widths.append(column.width)
            continue
        width = round(left * column.ratio / ratios_left) if ratios_left else 0
        left, ratios_left = left - width, ratios_left - column.ratio
        widths.append(max(width, 4))
    return widths


def wrap(spans: Iterable[Span], width: int) -> list[list[Span]]:
    """The lines of a cell folded to `width` cells: breaks at newlines, between words of Latin
    text and between any two wide characters; a word wider than the column is cut."""
    lines: list[list[tuple[str, bool]]] = [[]]
    used = 0
    folded = False  # the current line continues the one above (no space may open it)
    chars = [(c, marked) for text, marked in spans for c in text]
    i = 0
    while i < len(chars):
        char = chars[i][0]
        if char == "\n":
            lines.append([])
            used, i, folded = 0, i + 1, False
            continue
        end = i + 1  # a word: a run of narrow, non-space characters; a wide character alone
        if char != " " and char_width(char) == 1:
            while end < len(chars) and chars[end][0] not in " \n" and char_width(chars[end][0]) == 1:
                end += 1
        word = chars[i:end]
        size = sum(char_width(c) for c, _ in word)
        if used + size <= width:
            if not (char == " " and used == 0 and folded):
                lines[-1].extend(word)
                used += size
        elif char == " ":
            lines.append([])
            used, folded = 0, True
        elif size <= width:
            lines.append(list(word))
            used, folded = size, True
        else:  # longer than a line: cut it, filling the current line first
            for piece in word:
                step = char_width(piece[0])
                if used + step > width and used:
                    lines.append([])
                    used, folded = 0, True
                lines[-1].append(piece)
                used += step
        i = end
    return [_spans(_rstrip(line)) for line in lines]


def _rstrip(line: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    while line and line[-1][0] == " ":
        line.pop()
    return line


def _spans(chars: list[tuple[str, bool]]) -> list[Span]:
    spans: list[Span] = []
    for char, marked in chars:
        if spans and spans[-1][1] == marked:
            spans[-1] = (spans[-1][0] + char, marked)
        else:
            spans.append((char, marked))
    return spans


def _cell_line(spans: list[Span], width: int, right: bool, colour: bool, style: str = _MARK_ON) -> str:
    size = sum(text_width(text) for text, _ in spans)
    body = "".join(f"{style}{text}{_RESET}" if marked and colour else text for text, marked in spans)
    pad = " " * max(width - size, 0)
    return f" {pad}{body} " if right else f" {body}{pad} "


def render(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Sequence[Span]]],
    caption: str = "",
    width: int | None = None,
    colour: bool = False,
) -> str:
    """The table as text: a header, the rows separated by lines, the caption centred below.
    `width` defaults to the terminal's; `colour` draws marked spans (and the header) in bold."""
    widths = column_widths(columns, terminal_width() if width is None else width)

    def rule(left: str, line: str, middle: str, right: str) -> str:
        return left + middle.join(line * (w + 2) for w in widths) + right

    def row_lines(cells: Sequence[Sequence[Span]], style: str = _MARK_ON) -> list[str]:
        folded = [wrap(cell, w) for cell, w in zip(cells, widths, strict=True)]
        height = max(len(lines) for lines in folded)
        out = []
        for n in range(height):
            parts = [
                _cell_line(lines[n] if n < len(lines) else [], w, c.right, colour, style)
                for lines, w, c in zip(folded, widths, columns, strict=True)
            ]
            out.append("│" + "│".join(parts) + "│")
        return out

    out = [rule("┌", "─", "┬", "┐")]
    out += row_lines([[(c.header, True)] for c in columns], _BOLD)
    out.append(rule("╞", "═", "╪", "╡"))
    for i, cells in enumerate(rows):
        if i:
            out.append(rule("├", "─", "┼", "┤"))
        out += row_lines(cells)
    out.append(rule("└", "─", "┴", "┘"))
    if caption:
        table_width = text_width(out[0])
        pad = max(table_width - text_width(caption), 0) // 2
        out.append(" " * pad + caption)
    return "\n".join(out)
