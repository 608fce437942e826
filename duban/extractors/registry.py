"""Named extractors and how their candidates are merged into one result.

Each extractor reads a built `Document` and returns an `Extraction` (candidates with provenance
and confidence); it never writes to the document. It sees what the extractors before it found,
so a complement (the spaCy model after the rules) need not run the rules again. `Extractors.run`
merges the candidates of the chosen extractors and writes the result, so the choice
`--extractors rules,spacy` is data.

The registry names each extractor's factory by its import path and imports it only when chosen:
the extractors never import the registry, so there is no cycle, and `available()` loads nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from duban.base.model import Document
from duban.extractors.extraction import Extraction, Extractor

Factory = Callable[[], Extractor]
#: `--extractors` name → "module:factory" of the built-in extractors.
BUILTIN: dict[str, str] = {
    "rules": "duban.extractors.rules:rule_extractor",
    "spacy": "duban.extractors.spacy_extractor:spacy_extractor",
    "spacy-only": "duban.extractors.spacy_extractor:spacy_only_extractor",
    "hanlp": "duban.extractors.hanlp_adapter:hanlp_extractor",
}


#: extractors that find candidates of their own
PROPOSERS = frozenset({"rules", "spacy-only", "hanlp"})
#: extractors that only review what the extractors before them found (`spacy` withdraws the rules'
#: prose measures it scores low): alone they find nothing, so a run that names one without a
#: proposer before it is refused rather than left to print empty results
COMPLEMENTS = frozenset({"spacy"})

#: the extractors a run uses when none are named
DEFAULT_EXTRACTORS: tuple[str, ...] = ("rules",)


def available() -> list[str]:
    return sorted(BUILTIN)


def check_names(names: Sequence[str]) -> None:
    """Refuse unknown extractor names, and a complement with nothing before it to review
    (ValueError, in the staff's language), without building any: a parent whose workers extract
    would otherwise compile every rule for nothing before its first file, and it need not load the
    extraction pipeline to know the names."""
    unknown = [n for n in names if n not in BUILTIN]
    if unknown:
        raise ValueError(f"未知的提取器：{'、'.join(unknown)}；可选：{'、'.join(available())}")
    for i, name in enumerate(names):
        if name in COMPLEMENTS and not any(n in PROPOSERS for n in names[:i]):
            raise ValueError(
                f"提取器 {name} 只复核排在它前面的提取器找到的结果，单独运行什么也找不到："
                f"请写成 --extractors rules,{name}；只看模型本身的结果请用 spacy-only。"
            )


def _factory(name: str) -> Factory:
    module, attribute = BUILTIN[name].split(":")
    factory: Factory = getattr(importlib.import_module(module), attribute)
    return factory


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
    check_names(names)
    return Extractors([_factory(n)() for n in names], threshold)
