"""How a table row becomes text, shared by the Word loaders (.docx and .doc) so that a task table
reads the same whichever of the two formats a unit sent: each cell on one line, cells joined by
` | ` (the separator `pipeline.layout` reads table rows by)."""

from __future__ import annotations

CELL_SEPARATOR = " | "


def cell_text(text: str) -> str:
    """A wrapped cell's lines are one value."""
    return "".join(part.strip() for part in text.splitlines())


def row_line(cells: list[str]) -> str:
    """The line a table row is read as."""
    return CELL_SEPARATOR.join(cells)
