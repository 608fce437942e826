"""Named extractors and how their candidates are merged into one result.

Each extractor reads a built `Document` and returns an `Extraction` (candidates with provenance
and confidence); it never writes to the document. It sees what the extractors before it found,
so a complement (the spaCy model after the rules) need not run the rules again. `Extractors.run` merges the candidates of the
chosen extractors and writes the result, so the choice `--extractors rules,spacy` is data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


Factory = Callable[[], Extractor]
_FACTORIES: dict[str, Factory] = {}


def register(name: str) -> Callable[[Factory], Factory]:
    """Register an extractor factory under a name used by `--extractors`."""

    def wrap(factory: Factory) -> Factory:
        _FACTORIES[name] = factory
        return factory

    return wrap


def available() -> list[str]:
    _load_builtin()
    return sorted(_FACTORIES)


def _load_builtin() -> None:
    """Import the modules whose `@register` calls fill the registry (no import-time work else)."""
    import duban.extractors.rules  # noqa: F401
    from duban.extractors import hanlp_adapter, spacy_extractor  # noqa: F401


@dataclass
class Extractors:
    """The chosen extractors, run in order, merged by `extractors.merge`."""

    members: list[Extractor]
    threshold: float = 0.5

    def run(self, doc: Document) -> None:
        from duban.extractors.merge import merge

        results: list[Extraction] = []
        for member in self.members:
            results.append(member.extract(doc, tuple(results)))
        merge(doc, results, self.threshold)


def get_extractors(names: tuple[str, ...], threshold: float = 0.5) -> Extractors:
    """Build the extractors named, e.g. ("rules", "spacy"); unknown names raise ValueError."""
    _load_builtin()
    unknown = [n for n in names if n not in _FACTORIES]
    if unknown:
        raise ValueError(f"unknown extractor(s) {', '.join(unknown)}; choose from {', '.join(available())}")
    return Extractors([_FACTORIES[n]() for n in names], threshold)
