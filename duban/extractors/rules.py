"""The rule extractor: measures (with units and deadlines), relays and progress from `rules/`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from duban.base.model import Document
from duban.extractors.extraction import Extraction
from duban.extractors.measures import MeasureFinder
from duban.extractors.progress import ProgressFinder
from duban.extractors.relays import RelayFinder


@dataclass
class RuleExtractor:
    measures: MeasureFinder
    relays: RelayFinder
    progress: ProgressFinder
    name: str = "rules"

    def extract(self, doc: Document, earlier: Sequence[Extraction] = ()) -> Extraction:
        return Extraction(
            name=self.name,
            measures=self.measures.find(doc),
            relays=self.relays.find(doc),
            progress=self.progress.find(doc),
        )


def rule_extractor() -> RuleExtractor:
    return RuleExtractor(MeasureFinder.default(), RelayFinder.default(), ProgressFinder.default())
