"""Pages of a word-processor body read in order, for the loaders whose format marks page breaks on
paragraphs and tables rather than storing pages (OpenDocument text, UOF text): a break asked for
waits for the next block, and opens a page only after one that has text, so a break before any
text, or two in a row, makes no empty page."""

from __future__ import annotations

from duban.base.model import RawPage


class PageBuffer:
    """The lines and tables read so far, page by page; set `pending` where a break is marked."""

    def __init__(self) -> None:
        self.pages: list[tuple[list[str], list[list[list[str]]]]] = [([], [])]
        self.pending = False  # a page break waits for the next block
        self.filled = False  # the current page has text (a break before any text makes no page)

    def add(self, lines: list[str], table: list[list[str]] | None = None) -> None:
        """A block's lines (a paragraph's, or a table's rows with the table itself)."""
        if self.pending and self.filled:
            self.pages.append(([], []))
            self.filled = False
        self.pending = False
        self.filled = self.filled or any(line.strip() for line in lines)
        self.pages[-1][0].extend(lines)
        if table is not None:
            self.pages[-1][1].append(table)

    def raw_pages(self, extractor: str) -> list[RawPage]:
        """The pages that have text, numbered as they were laid out."""
        return [
            RawPage(number, "\n".join(lines), extractor, tables=tables)
            for number, (lines, tables) in enumerate(self.pages, start=1)
            if any(line.strip() for line in lines)
        ]
