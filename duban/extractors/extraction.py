"""What an extractor is and what it returns, apart from the registry that names them.

Kept apart so that the extractors import only this (never the registry), and the registry can
name them without importing them: no import cycle, and listing the extractors loads no model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from duban.base.model import Document, Measure, Progress, Relay


@dataclass
class Extraction:
    """What one extractor found in one document."""

    name: str
    measures: list[Measure] = field(default_factory=list)
    relays: list[Relay] = field(default_factory=list)
    progress: list[Progress] = field(default_factory=list)


class Extractor(Protocol):
    name: str

    def extract(self, doc: Document, earlier: Sequence[Extraction] = ()) -> Extraction:
        """Candidates for `doc`; `earlier` holds what the extractors before this one found."""
        ...
