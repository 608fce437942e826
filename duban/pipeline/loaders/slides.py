"""What the slide-deck loaders share (`.pptx`: `loaders.pptx`, `.ppt`: `loaders.ppt`, `.odp`:
`loaders.odf`), so that one deck reads the same whichever format a unit saved it in.

Each loader turns a slide's shapes into `SlideBlock`s, in its own units of position; a slide's
page is its blocks in reading order (the title first, then top to bottom and left to right, the
order in the file breaking ties) and its tables. A deck that gives no page says why in the same
words (`no_text_detail`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from duban.base.model import RawPage


@dataclass
class SlideBlock:
    """What one shape puts on a slide: whether it is the title, its place (top, then left, in the
    loader's units), its order in the file, its lines, and its rows when it is a table."""

    title: bool
    y: float
    x: float
    order: int
    lines: list[str]
    table: list[list[str]] | None = None


def reading_order(blocks: Iterable[SlideBlock]) -> tuple[list[str], list[list[list[str]]]]:
    """A slide's lines and tables, its blocks read title first, then by place."""
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    for block in sorted(blocks, key=lambda b: (not b.title, b.y, b.x, b.order)):
        lines.extend(block.lines)
        if block.table:
            tables.append(block.table)
    return lines, tables


def slide_page(number: int, lines: list[str], tables: list[list[list[str]]], extractor: str) -> RawPage:
    """The page of a shown slide with text, numbered by its place in the deck."""
    return RawPage(number, "\n".join(lines), extractor, tables=tables, note=f"第 {number} 张幻灯片")


def no_text_detail(listed: int, shown: int) -> str:
    """Why a deck with no page of text has none: no slide, all hidden, or slides without text."""
    if not listed:
        return "没有幻灯片"
    if not shown:
        return "所有幻灯片都已隐藏"
    return "幻灯片上没有文字，可能只有图片或图表"
