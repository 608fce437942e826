"""Relevance for measure searches: BM25 computed in Python over a window of candidates."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import lru_cache

from duban.index.analysis import Query, fold
from duban.index.sqlite.matching import _other_preimages


def scores(query: Query, rows: Sequence[tuple[int, str]]) -> dict[int, float]:
    """BM25 over the candidate window, from the measures' texts: a term counts its run's
    occurrences, plus half of those of its words found apart; document frequencies are the
    window's. FTS5's own bm25() would first count every match of each phrase in the index,
    which is what made a common term cost as much as its number of matches."""
    if not rows:
        return {}
    terms = [(term.runs, term.words) for term in query.terms]
    counted = _counter(terms)
    # folding is per character and never deletes one: a text holding no character other than
    # itself that folds into a character of the terms' runs and words has the same counts
    # folded, and is not folded (~30 µs a text: 14 of a relaxed window's 22 ms); worked out at
    # the first text missing a term (the fold table's inverse, built once a process)
    characters = "".join(s for runs, words in terms for s in (*runs, *words))
    frequencies: list[list[float]] = []
    for _, text in rows:
        found = counted(text)
        if all(found):
            frequencies.append(found)
            continue
        foldable = _other_preimages(characters)
        if foldable is not None and foldable.search(text) is not None:
            again = counted(folded_text(text))
            found = [tf or tf_folded for tf, tf_folded in zip(found, again, strict=True)]
        frequencies.append(found)
    return weighted(rows, frequencies)


def weighted(rows: Sequence[tuple[int, str]], frequencies: Sequence[Sequence[float]]) -> dict[int, float]:
    """BM25 of each row from its terms' frequencies (one list a row, a count a term), the
    document frequencies and average length being the window's."""
    k1, b = 1.2, 0.75
    average = max(1.0, sum(len(text) for _, text in rows) / len(rows))
    n = len(rows)
    terms = len(frequencies[0]) if frequencies else 0
    idf = [
        math.log(1 + (n - df + 0.5) / (df + 0.5)) + 0.1
        for df in (sum(1 for found in frequencies if found[i] > 0) for i in range(terms))
    ]
    scores: dict[int, float] = {}
    for (rowid, text), found in zip(rows, frequencies, strict=True):
        norm = k1 * (1 - b + b * len(text) / average)
        scores[rowid] = sum(w * tf * (k1 + 1) / (tf + norm) for w, tf in zip(idf, found, strict=True))
    return scores


@lru_cache(maxsize=8192)
def folded_text(text: str) -> str:
    """A measure's folded text, kept for the texts ranked lately: folding a long text costs more
    than all its counting, and a relaxed query (most of its words missing from each text) folds
    every text of its window, on every page asked for."""
    return fold(text)


def _counter(terms: Sequence[tuple[Sequence[str], Sequence[str]]]) -> Callable[[str], list[float]]:
    """Each term's frequency in a text (`_term_frequency`), for many texts. When every term is
    one run whose words are none or that run itself (a relaxed query's bigrams, a word that is
    the whole term), its frequency is the run's count, one `str.count` a term: calling
    `_term_frequency` for each of a relaxed query's 8-16 terms in each of the window's 500 texts
    was 11-20 ms of a search at a million real measures (the same numbers either way)."""
    single = [
        runs[0] if len(runs) == 1 and (not words or tuple(words) == tuple(runs)) else None
        for runs, words in terms
    ]
    if all(run is not None for run in single):
        runs = [run for run in single if run is not None]
        return lambda text: [text.count(run) for run in runs]
    return lambda text: [_term_frequency(runs, words, text) for runs, words in terms]


def _term_frequency(runs: Sequence[str], words: Sequence[str], text: str) -> float:
    together = sum(map(text.count, runs))
    if not words:
        return together
    apart = min(map(text.count, words))
    return together + 0.5 * (apart - together) if apart > together else together
