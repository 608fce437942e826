"""Merging: candidates from several extractors become one result with provenance and confidence.

Two measure candidates are the same measure when their spans overlap by most of the shorter one;
the merged measure keeps the rule span (rules quote items whole), unions units and deadlines by
name, lists every producer in `provenance`, and combines confidences as independent evidence
(1 - Π(1 - c)). Candidates below the threshold are dropped.

A candidate is compared only with the merged measures whose spans can reach it, found by bisecting
their sorted starts (a span longer than the longest merged one cannot be missed), so a document
with tens of thousands of measures merges in about n log n instead of comparing all pairs. Among
those it joins the earliest merged, as the all-pairs scan did, so the output is the same.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable
from typing import TypeVar

from duban.base.model import Deadline, Document, Measure, Unit
from duban.extractors.extraction import Extraction

_OVERLAP = 0.6
T = TypeVar("T")


def _overlap(a: Measure, b: Measure) -> float:
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared / min(a.end - a.start, b.end - b.start) if shared > 0 else 0.0


def _union_units(into: list[Unit], extra: list[Unit]) -> None:
    names = {u.name for u in into}
    for unit in extra:
        if unit.name not in names and not any(unit.name in n or n in unit.name for n in names):
            into.append(unit)
            names.add(unit.name)


def _union_deadlines(into: list[Deadline], extra: list[Deadline]) -> None:
    for d in extra:
        if not any(
            d.start is not None and o.start is not None and d.start < (o.end or 0) and o.start < (d.end or 0)
            for o in into
        ):
            into.append(d)


class _Spans:
    """Merged measures in the order they were added, and their starts sorted for range lookups."""

    def __init__(self) -> None:
        self.measures: list[Measure] = []
        self._starts: list[tuple[int, int]] = []  # (start, order added)
        self._longest = 0

    def add(self, measure: Measure) -> None:
        bisect.insort(self._starts, (measure.start, len(self.measures)))
        self.measures.append(measure)
        self._longest = max(self._longest, measure.end - measure.start)

    def first_same(self, cand: Measure) -> Measure | None:
        """The earliest-added measure overlapping `cand` by most of the shorter of the two."""
        low = bisect.bisect_left(self._starts, (cand.start - self._longest, -1))
        high = bisect.bisect_left(self._starts, (cand.end, -1))
        first: int | None = None
        for _, order in self._starts[low:high]:
            if (first is None or order < first) and _overlap(self.measures[order], cand) >= _OVERLAP:
                first = order
        return None if first is None else self.measures[first]


def merge(doc: Document, results: list[Extraction], threshold: float = 0.5) -> None:
    """Write the merged candidates of `results` into `doc` (measures, relays, progress)."""
    spans = _Spans()
    for result in results:
        for cand in result.measures:
            same = spans.first_same(cand)
            if same is None:
                spans.add(cand)
                continue
            same.provenance += [p for p in cand.provenance if p not in same.provenance]
            same.confidence = 1 - (1 - same.confidence) * (1 - cand.confidence)
            _union_units(same.units, cand.units)
            _union_deadlines(same.deadlines, cand.deadlines)
    doc.measures = sorted((m for m in spans.measures if m.confidence >= threshold), key=lambda m: m.start)
    doc.relays = [r for result in results for r in result.relays]
    doc.progress = [p for result in results for p in result.progress]
    if len(results) > 1:
        doc.relays = _dedupe(doc.relays, lambda r: (r.title or "", r.doc_number or ""))
        doc.progress = _dedupe(doc.progress, lambda p: (p.start, p.end))


def _dedupe(items: list[T], key: Callable[[T], Hashable]) -> list[T]:
    seen: set[Hashable] = set()
    out: list[T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out
