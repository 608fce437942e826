"""Merging without comparing all pairs: the same result as the all-pairs scan, in n log n."""

from __future__ import annotations

import random
import time

from duban.base.model import Document, Measure
from duban.extractors.extraction import Extraction
from duban.extractors.merge import merge


def measure(start: int, length: int, source: str, confidence: float) -> Measure:
    return Measure(
        text="x" * length,
        start=start,
        end=start + length,
        page=1,
        provenance=[source],
        confidence=confidence,
    )


def all_pairs(results: list[Extraction], threshold: float) -> list[tuple[int, int, tuple[str, ...], float]]:
    """The reference: each candidate joins the first merged measure it overlaps by 60% of the shorter."""
    merged: list[Measure] = []
    for result in results:
        for cand in result.measures:
            same = None
            for m in merged:
                shared = min(m.end, cand.end) - max(m.start, cand.start)
                if shared > 0 and shared / min(m.end - m.start, cand.end - cand.start) >= 0.6:
                    same = m
                    break
            if same is None:
                merged.append(
                    Measure(
                        cand.text,
                        cand.start,
                        cand.end,
                        1,
                        provenance=list(cand.provenance),
                        confidence=cand.confidence,
                    )
                )
                continue
            same.provenance += [p for p in cand.provenance if p not in same.provenance]
            same.confidence = 1 - (1 - same.confidence) * (1 - cand.confidence)
    kept = sorted((m for m in merged if m.confidence >= threshold), key=lambda m: m.start)
    return [(m.start, m.end, tuple(m.provenance), round(m.confidence, 9)) for m in kept]


def random_results(rng: random.Random, n: int) -> list[Extraction]:
    results = []
    for source in ("rule:a", "model:b", "rule:c"):
        found = [
            measure(
                rng.randrange(0, n * 20), rng.choice([3, 10, 40, 200]), source, rng.choice([0.3, 0.6, 0.9])
            )
            for _ in range(n)
        ]
        results.append(Extraction(source, found))
    return results


def document_like(rng: random.Random, n: int) -> list[Extraction]:
    """Items one after another, each found by every extractor with slightly different bounds."""
    results = []
    for source in ("rule:a", "model:b"):
        found = []
        for i in range(n):
            start, length = i * 60 + rng.randrange(0, 5), rng.randrange(15, 50)
            found.append(measure(start + rng.randrange(-3, 4), length + rng.randrange(-3, 4), source, 0.6))
        results.append(Extraction(source, found))
    return results


def copied(results: list[Extraction]) -> list[Extraction]:
    return [
        Extraction(
            r.name, [measure(m.start, m.end - m.start, m.provenance[0], m.confidence) for m in r.measures]
        )
        for r in results
    ]


def test_the_same_measures_as_the_all_pairs_scan() -> None:
    rng = random.Random(13)
    for n in (1, 5, 40, 300):
        for _ in range(5):
            results = random_results(rng, n)
            expected = all_pairs(copied(results), 0.5)
            doc = Document(
                source="t", format="text", text="", analysis_text="", script="simplified", pages=[]
            )
            merge(doc, copied(results), 0.5)
            got = [(m.start, m.end, tuple(m.provenance), round(m.confidence, 9)) for m in doc.measures]
            assert got == expected


def test_tens_of_thousands_of_measures_merge_in_a_moment() -> None:
    rng = random.Random(7)
    results = document_like(rng, 30_000)
    doc = Document(source="t", format="text", text="", analysis_text="", script="simplified", pages=[])
    started = time.process_time()
    merge(doc, results, 0.5)
    assert time.process_time() - started < 10  # the all-pairs scan took minutes here
    both = sum("model:b" in m.provenance and "rule:a" in m.provenance for m in doc.measures)
    assert both > 25_000, "most items are found by both extractors and merged into one"


def test_document_like_results_match_the_reference() -> None:
    results = document_like(random.Random(3), 500)
    doc = Document(source="t", format="text", text="", analysis_text="", script="simplified", pages=[])
    merge(doc, copied(results), 0.5)
    got = [(m.start, m.end, tuple(m.provenance), round(m.confidence, 9)) for m in doc.measures]
    assert got == all_pairs(copied(results), 0.5)
