"""Structure: headings, numbered items, table rows and sentences, each with its section path.

Chinese official documents number their parts in a fixed hierarchy (一、 > （一） > 1. > （1） > ①),
with bullets (★ ●) and articles (第X条) beside it (markers in `pipeline.layout_markers`). Every
line of the normalised text becomes a `Block`; the layout stage (`pipeline.layout`) then splits
flattened lines, marks chrome and label lines and links each block to its item; items remember
the headings above them, so a measure knows its section.
"""

from __future__ import annotations

import re
from itertools import pairwise

from duban.base.model import Block, Document, Sentence
from duban.pipeline.layout import lay_out
from duban.pipeline.layout_markers import line_block
from duban.pipeline.layout_markers import match_marker as match_marker
from duban.pipeline.normalize import TAB_SEPARATOR, CellTable, cell_tables, tab_cell_count, tab_row_lines
from duban.pipeline.table_columns import cell_type, fills_task, place
from duban.rules.ruleset import load_rule_file

_PIPE = re.compile(r"\|")
# A run of stops with the closing quotes or brackets after it, or a line break. Written to open
# with one character class (`[。！？；!?;]+…|\n` opens with a repeat, which `re` cannot skip to: it
# tried every position of every block; this skips to the stops, a third less over real documents).
_SENTENCE_END = re.compile(r"[。！？；!?;\n](?:(?<=\n)|[。！？；!?;]*[”’」』）)]*)")
_CLAUSE = re.compile(r"[；;]")
_STOP = re.compile(r"[。；;！？!?]")
# A group row of a table names a part of it (`一、优化营商环境`): a short line.
_GROUP_ROW_MAX = 40
# Words of a table header row (`rules/layout.yaml`).
_HEADER_WORDS = load_rule_file("layout").regex("table_header")


def parse_structure(doc: Document) -> None:
    """Fill `doc.blocks` and `doc.sentences` from the normalised text."""
    text = doc.analysis_text
    lines = line_spans(text)
    texts = [text[start:end] for start, end in lines]
    tab_rows = _tab_rows(texts)
    tables = {table.header[0]: table for table in cell_tables(texts)}
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        if i in tables:
            blocks.extend(_cell_table_rows(text, lines, tables[i]))
            i = tables[i].rows[-1][-1] + 1
            continue
        if _is_cell_line(line):
            j = i
            while j < len(lines) and _is_cell_line(text[lines[j][0] : lines[j][1]]):
                j += 1
            blocks.extend(_cell_run_rows(text, lines[i:j]))
            i = j
            continue
        if " | " in line:
            blocks.append(_table_row(text, start, end, _PIPE))
            i += 1
            continue
        if i in tab_rows:
            blocks.append(_table_row(text, start, end, TAB_SEPARATOR))
            i += 1
            continue
        blocks.append(line_block(line, start, end))
        i += 1
    blocks = lay_out(text, _join_wrapped_rows(text, blocks))
    _assign_table_headers(text, blocks)
    _assign_sections(text, blocks)
    doc.blocks = blocks
    doc.sentences = _sentences(text, blocks)


def _tab_rows(lines: list[str]) -> set[int]:
    """The TAB-separated rows (`normalize.tab_row_lines`) and the lines of two TAB cells beside
    one: a row whose last cell wrapped onto the next line prints its first part that way."""
    rows = tab_row_lines(lines)
    for index in sorted(rows):
        for near in (index - 1, index + 1):
            if 0 <= near < len(lines) and near not in rows and tab_cell_count(lines[near]) == 2:
                rows.add(near)
    return rows


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _is_cell_line(line: str) -> bool:
    """A flattened table prints one cell per line, each ending with `|`."""
    return line.rstrip().endswith("|") and line.count("|") == 1


def _cell_run_rows(text: str, spans: list[tuple[int, int]]) -> list[Block]:
    """Rebuild rows from one-cell-per-line runs: header cells up to the first row number."""
    cells = []
    for start, end in spans:
        line = text[start:end]
        stop = start + line.rstrip().rfind("|")
        while stop > start and text[stop - 1] in " \t":
            stop -= 1
        cells.append((start, stop))
    values = [text[s:e].strip() for s, e in cells]
    width = 0
    if values and _HEADER_WORDS.search(values[0]):
        while width < len(values) and not values[width].isdigit():
            width += 1
    header = values[:width] if width else []
    body = cells[width:]
    rows: list[Block] = []
    for row_cells in _numbered_rows(body, values[width:], width):
        named = header if len(row_cells) == len(header) else []  # else the column model places them
        rows.append(Block("table_row", row_cells[0][0], row_cells[-1][1], cells=row_cells, header=named))
    if header:
        rows.insert(0, Block("table_row", cells[0][0], cells[width - 1][1], cells=cells[:width], header=[]))
        rows[0].marker = "header"
    return rows


def _numbered_rows(
    cells: list[tuple[int, int]], values: list[str], width: int
) -> list[list[tuple[int, int]]]:
    """The rows of a one-cell-a-line run: each opens at its row number (`1`, `2`, … in turn) and
    runs to the next, so that a row missing a blank cell does not shift the rows after it. Without
    numbers counting from 1 (or without a header), rows are `width` cells each."""
    starts: list[int] = []
    number = 1
    for k, value in enumerate(values):
        if value.strip() != str(number) or (starts and k - starts[-1] < 2):
            continue
        full = starts[-1] + width if starts else -1
        if k < full < len(values) and values[full].strip() == str(number):
            continue  # a cell that equals the next number before a full row's end: a full row wins
        starts.append(k)
        number += 1
    if width > 1 and len(starts) >= 2 and starts[0] == 0:
        return [cells[s:e] for s, e in pairwise([*starts, len(cells)])]
    if width <= 1:
        width = max(1, len(cells))
    return [cells[k : k + width] for k in range(0, len(cells), width)]


def _cell_table_rows(text: str, lines: list[tuple[int, int]], table: CellTable) -> list[Block]:
    """The header row and the rows of a table printed one cell a line (`normalize.cell_tables`):
    each line of a row is one of its cells."""

    def cells(indexes: list[int]) -> list[tuple[int, int]]:
        out = []
        for index in indexes:
            start, end = lines[index]
            part = text[start:end]
            lead = len(part) - len(part.lstrip())
            out.append((start + lead, start + len(part.rstrip())))
        return out

    head_cells = cells(table.header)
    header = [text[s:e] for s, e in head_cells]
    head = Block("table_row", head_cells[0][0], head_cells[-1][1], cells=head_cells)
    head.marker = "header"
    rows = [head]
    for row in table.rows:
        row_cells = cells(row)
        if len(row_cells) > len(header):
            row_cells = _join_unit_cells(text, row_cells)
        named = header if len(row_cells) == len(header) else []  # else the column model places them
        rows.append(Block("table_row", row_cells[0][0], row_cells[-1][1], cells=row_cells, header=named))
    return rows


def _join_unit_cells(text: str, cells: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A row with more cells than its header, its neighbouring cells that each name bodies joined
    into one (`县市场监管局` / `县财政局`): a unit cell that a line break inside it printed on
    two lines, which left the row too wide for any column to be placed."""
    out = [cells[0]]
    for cell in cells[1:]:
        if (
            len(out) > 1
            and cell_type(text[slice(*out[-1])]) == "unit"
            and cell_type(text[slice(*cell)]) == "unit"
        ):
            out[-1] = (out[-1][0], cell[1])
        else:
            out.append(cell)
    return out


def _table_row(text: str, start: int, end: int, separator: re.Pattern[str]) -> Block:
    """A row split into its non-blank cells at `separator` (`|`, or a run of TABs from a pasted table)."""
    cells = []
    pos = start
    bounds = [(m.start(), m.end()) for m in separator.finditer(text, start, end)] + [(end, end)]
    for sep_start, sep_end in bounds:
        part = text[pos:sep_start]
        lead = len(part) - len(part.lstrip())
        stripped = part.strip()
        if stripped:
            cells.append((pos + lead, pos + lead + len(stripped)))
        pos = sep_end
    return Block("table_row", start, end, cells=cells)


def _join_wrapped_rows(text: str, blocks: list[Block]) -> list[Block]:
    """A row whose task cell wrapped onto the next line (`1 | 开展排查，建立` / `整改台账 | 市局 |
    6月底前 |`) as one row: the first line leaves its last cell open (no `|` after it), and the two
    lines' cells make the header's width once that cell is joined."""
    out: list[Block] = []
    width = 0
    for block in blocks:
        if block.kind != "table_row":
            if block.kind != "chrome":
                width = 0
            out.append(block)
            continue
        values = [text[s:e] for s, e in block.cells]
        if block.marker == "header" or (values and sum(_is_header_cell(v) for v in values) * 2 > len(values)):
            width = len(values)
            out.append(block)
            continue
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind == "table_row"
            and last.cells
            and width
            and len(last.cells) < width
            and _open_cell(text, last)
            and len(last.cells) + len(block.cells) - 1 == width
        ):
            cells = [*last.cells[:-1], (last.cells[-1][0], block.cells[0][1]), *block.cells[1:]]
            out[-1] = Block("table_row", last.start, block.end, cells=cells, header=last.header)
            continue
        out.append(block)
    return out


def _open_cell(text: str, row: Block) -> bool:
    """Whether a row's line ends inside its last cell (no `|` closes it before the line break)."""
    end = row.cells[-1][1]
    line_end = text.find("\n", end)
    return "|" not in text[end : len(text) if line_end < 0 else line_end]


def _assign_table_headers(text: str, blocks: list[Block]) -> None:
    """A row of header words names the columns of the rows that follow it.

    Each row gets the names of the columns its cells fill (`block.header`, one per cell): all of
    them in order when it has a cell for each, else the columns that the column model
    (`pipeline.table_columns`) places its cells in. A row that fills no task column continues the
    row above it (its time or unit cells are that row's): it becomes that row's `body`."""
    header: list[str] = []
    last_row = -1
    for index, block in enumerate(blocks):
        if block.kind in ("chrome", "label") or block.role == "group":
            # A group heading between rows (`一、…（共5项）`) and a label line under a row
            # (`完成时限：…`) keep the table's header.
            continue
        if block.kind != "table_row":
            if header and _is_group_row(text, blocks, index):
                block.role = "group"
                continue
            header = []
            last_row = -1
            continue
        if block.marker == "header":
            header = [text[s:e] for s, e in block.cells]
            last_row = -1
            continue
        values = [text[s:e] for s, e in block.cells]
        if not block.header and values and sum(_is_header_cell(v) for v in values) * 2 > len(values):
            header = values
            block.marker = "header"
            last_row = -1
            continue
        if block.header or not header:
            last_row = index if block.header else -1
            continue
        columns = place(header, values)
        if columns is None:
            continue
        block.header = [header[col] for col in columns]
        if fills_task(header, columns):
            last_row = index
        elif last_row >= 0:
            block.role = "body"
            block.parent = last_row


def _is_group_row(text: str, blocks: list[Block], index: int) -> bool:
    """A short line between the rows of a table (`一、优化营商环境`, `（二）民生保障`): a row that
    groups the rows below it, printed as a line of its own once its empty cells were dropped. It
    keeps the table's header, and is not a task."""
    block = blocks[index]
    line = text[block.start : block.end].strip()
    if block.kind not in ("heading", "item", "paragraph") or len(line) > _GROUP_ROW_MAX or _STOP.search(line):
        return False
    for after in blocks[index + 1 :]:
        if after.kind in ("chrome", "label"):
            continue
        values = [text[s:e] for s, e in after.cells]
        return (
            after.kind == "table_row"
            and after.marker != "header"
            and not sum(_is_header_cell(v) for v in values) * 2 > len(values)
        )
    return False


def _is_header_cell(value: str) -> bool:
    value = value.strip()
    return 0 < len(value) <= 8 and bool(_HEADER_WORDS.search(value))


def _assign_sections(text: str, blocks: list[Block]) -> None:
    stack: list[tuple[int, str]] = []
    for index, block in enumerate(blocks):
        if block.kind in ("heading", "item"):
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            block.section = [title for _, title in stack]
            if block.kind == "heading" or _opens_section(text, block) or has_children(blocks, index):
                stack.append((block.level, _section_title(text, block)))
        else:
            block.section = [title for _, title in stack]


def _opens_section(text: str, block: Block) -> bool:
    line = text[block.start : block.end]
    return line.rstrip().endswith(("：", ":"))


def _section_title(text: str, block: Block) -> str:
    body = text[block.start + len(block.marker) : block.end].strip()
    first = re.split(r"[。；;：:]", body, maxsplit=1)[0]
    return first[:40]


def _sentences(text: str, blocks: list[Block]) -> list[Sentence]:
    out: list[Sentence] = []
    for index, block in enumerate(blocks):
        if block.kind == "table_row":
            out.append(Sentence(block.start, block.end, index))
            continue
        pos = block.start
        for m in _SENTENCE_END.finditer(text, block.start, block.end):
            end = m.end()
            # A match is never empty and, but for a line break, holds a stop: only text before
            # a line break can be blank (this skips a copy and a strip of every sentence).
            if text[m.start()] != "\n" or text[pos:end].strip():
                out.append(Sentence(pos, end, index))
            pos = end
        if pos < block.end and text[pos : block.end].strip():
            out.append(Sentence(pos, block.end, index))
    return out


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The `；`-separated parts of text[start:end], each keeping its semicolon; a blank tail is dropped."""
    parts: list[tuple[int, int]] = []
    pos = start
    for m in _CLAUSE.finditer(text, start, end):
        parts.append((pos, m.end()))
        pos = m.end()
    if pos < end and text[pos:end].strip():
        parts.append((pos, end))
    return parts


def has_children(blocks: list[Block], index: int) -> bool:
    """Whether the item at `index` is followed by deeper items before its next sibling."""
    level = blocks[index].level
    for i in range(index + 1, len(blocks)):  # not a slice: that would copy the rest of the document per item
        block = blocks[i]
        if block.kind in ("heading", "item"):
            return block.level > level
        if block.kind == "table_row":
            return False
    return False
