"""How a parsed query meets the SQLite index: as an FTS5 MATCH expression, and as the same test
made in Python on a measure's text (when a filter drives the search and the text is checked on
the ids it gave, or a query is only `-word` exclusions, which FTS5 cannot negate alone)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import cache, lru_cache, partial
from itertools import accumulate

from duban.base.script import char_table
from duban.index.analysis import INDEXED_CHARACTERS, Query, Term, _fold_table, bigrams, fold


def fts_expression(query: Query) -> str | None:
    """An FTS5 MATCH expression: each term as a contiguous bigram phrase (its own, or an
    alternative's) OR all of its words; terms joined by AND, or by OR for a relaxed query."""
    positive = (" OR " if query.any_term else " AND ").join(_term_expressions(query))
    exclusion = query.exclusion()
    if positive and exclusion is not None:  # FTS5 has no unary NOT: an exclusion alone filters in _matches
        return f"({positive}) NOT ({' OR '.join(_term_expressions(exclusion))})"
    return positive or None


def driving_expression(query: Query) -> tuple[str | None, list[str]]:
    """The FTS5 expression that reads a query's candidates, and the single characters its text
    must also hold that the index cannot answer (checked in SQL on the candidates,
    `characters_condition`).

    A one-character term is a prefix query in FTS5 (`grams : "市" *`), which merges the postings
    of every bigram starting with that character over the whole index whatever the rowid range
    asked for (70-200 ms on a million measures). Beside a longer term (all terms required), the
    longer terms read the candidates. A character of `INDEXED_CHARACTERS` (those that stand alone
    in unit names: 省 市 区 县 乡 镇 …) is required in the `chars` column, so FTS5 intersects the
    lists: the measures whose folded text holds the character, as the substring test (`matches`)
    finds them, also where it only ends a run (`城市`) and segmentation did not split it off. Any
    other character is checked in the folded text of the candidates, ~3 µs a row (30 ms for the
    newest 10,001 at a million measures), and a total past them is then a lower bound."""
    single = [term.run for term in query.terms if len(term.run) == 1 and not term.alternatives]
    longer = [term for term in query.terms if len(term.run) > 1 or term.alternatives]
    if query.any_term or not single or not longer:
        return fts_expression(query), []
    reading = fts_expression(Query(query.text, tuple(longer), query.filters, excluded=query.excluded))
    indexed = [ch for ch in dict.fromkeys(single) if ch in INDEXED_CHARACTERS]
    if indexed and reading is not None:
        reading = " AND ".join([f"({reading})", *(f"chars : {_quote(ch)}" for ch in indexed)])
    return reading, [ch for ch in single if ch not in INDEXED_CHARACTERS]


def characters_condition(characters: list[str], column: str = "text") -> tuple[str, list[str]]:
    """SQL over a raw text column: it holds each of these characters once folded (some character
    folding to it: folding works character by character, so this is exact)."""
    preimages = _preimages()
    parts: list[str] = []
    params: list[str] = []
    for ch in characters:
        sources = preimages.get(ch, ch)
        parts.append("(" + " OR ".join([f"instr({column}, ?) > 0"] * len(sources)) + ")")
        params.extend(sources)
    return " AND ".join(parts), params


def _term_expressions(query: Query) -> list[str]:
    """One FTS5 expression per distinct term of the query."""
    parts: list[str] = []
    for term in query.terms:
        alternatives = [f"grams : {_quote(' '.join(bigrams(alt)))}" for alt in term.alternatives]
        if len(term.run) == 1:
            options = [f"grams : {_quote(term.run)} *", f"words : {_quote(term.run)}", *alternatives]
            parts.append(f"({' OR '.join(options)})")
            continue
        # a word that is the whole run is found only where the phrase is: the phrase alone will do;
        # words implied by a longer one of them add nothing to the AND (`Term.implied`)
        needed = [w for w in term.words if w not in term.implied]
        words = "" if term.run in term.words else " AND ".join(_quote(w) for w in needed)
        options = [f"grams : {_quote(' '.join(term.grams))}", *alternatives]
        if words:
            options.append(f"words : ({words})")
        parts.append(f"({' OR '.join(options)})" if len(options) > 1 else options[0])
    return list(dict.fromkeys(parts))


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def matches(query: Query, text: str) -> bool:
    """The full-text condition checked on a measure's text (when a filter drives the search):
    every term (any term, for a relaxed query) has a run or alternative in the folded text, or
    all of its words. The text is folded only when it has, for each character of the run, some
    character that folds to it."""
    if any(_term_in(term, text) for term in query.excluded):
        return False
    found = (_term_in(term, text) for term in query.terms)
    return any(found) if query.any_term else all(found)


def text_prefilter(query: Query, column: str = "text") -> tuple[str, list[str]]:
    """SQL over a raw text column that every text `matches` accepts also passes: per term, its
    run, an alternative or all its words as they are, or some character that folds into the run
    (which only `matches` can then decide). Rows that fail are never read into Python: most of
    the ids a filter-driven search checks do not hold its words."""
    parts: list[str] = []
    params: list[str] = []
    for term in query.terms:
        runs = list(dict.fromkeys(term.runs))
        options = [f"instr({column}, ?) > 0"] * len(runs)
        params.extend(runs)
        # all the words together hold a run when one of them is that run: the run's test says it
        if term.words and not set(runs) & set(term.words):
            options.append("(" + " AND ".join([f"instr({column}, ?) > 0"] * len(term.words)) + ")")
            params.extend(term.words)
        if term.alternatives:  # `matches` folds the text for a term with alternatives whatever it holds
            options.append("1")
        else:
            preimages = _preimages()
            others = sorted({p for ch in term.run for p in preimages.get(ch, ch) if p != ch})
            options.extend([f"instr({column}, ?) > 0"] * len(others))
            params.extend(others)
        parts.append("(" + " OR ".join(options) + ")")
    return (" OR " if query.any_term else " AND ").join(parts), params


def matcher(query: Query) -> Callable[[str], bool]:
    """`matches` for one query over many texts: each text is first tested for what any match
    must hold (`_gate`, worked out once per query), which rejects most texts a filter-driven
    search checks in about a microsecond, where `matches` alone spends 6-25 µs a text on its
    tests one by one (a relaxed query has a term per word). Each gate is one regular expression
    (its strings or its characters), searched before the runs: a text holding the runs holds
    every gate, and one lacking a gate was tested for the runs, then string by string (a
    quarter less time over 6,000 real measure texts and 60 strict and relaxed queries)."""
    checked = [_gate(term) for term in query.terms]
    if not checked:
        return partial(matches, query)
    if query.any_term:
        literals = _shortest({literal for found, _ in checked for literal in found})
        classes = "".join(others.pattern[1:-1] for _, others in checked if others is not None)
        checked = [(literals, re.compile(f"[{classes}]") if classes else None)]
    # a term whose run is in the text as it is matches: enough for the query without exclusions
    runs = [] if query.excluded else [term.run for term in query.terms]
    enough = any if query.any_term else all

    searches = [
        re.compile(
            "|".join([*map(re.escape, found), *([others.pattern] if others is not None else [])])
        ).search
        for found, others in checked
    ]

    def test(text: str) -> bool:
        for search in searches:
            if search(text) is None:
                return False
        if runs and enough(run in text for run in runs):
            return True
        return matches(query, text)

    return test


def _gate_strings(term: Term) -> tuple[str, ...]:
    """`_gate(term)` as the strings one of which is in every text it passes: its literals and the
    characters of its class."""
    literals, _ = _gate(term)
    others = "".join((*term.runs, *term.words)) if term.alternatives else term.run
    return (*literals, *_other_characters(others))


BATCH_TEXTS = 64  # `matching_texts` gates this many texts or more in one pass over them joined


def matching_texts(query: Query, rows: Sequence[tuple[int, str]]) -> dict[int, str]:
    """Those of `rows` (id, text) whose text `matches` the query, as `matcher(query)` decides.

    Many texts (a filter's thousands of older ids) are first gated together: joined into one
    string, each gate string (`_gate_strings`) is found with `str.find` from text to text, so
    a text holding none of a term's is rejected without a test of its own. One regular
    expression a text spent 2-5 µs on each of a department's 5,700 texts beside a relaxed query
    (an alternation of bigrams and a class, tried at each character), most of them rejected."""
    test = matcher(query)
    if len(rows) < BATCH_TEXTS or query.excluded or not query.terms:
        return {rowid: text for rowid, text in rows if test(text)}
    gates = [_gate_strings(term) for term in query.terms]
    if query.any_term:  # any term's gate: one of all their strings
        gates = [tuple(dict.fromkeys(s for strings in gates for s in strings))]
    texts = [text for _, text in rows]
    held = set(range(len(texts)))
    for strings in gates:  # every term's gate
        held.intersection_update(_holding(texts, strings))
    # a text holding the terms' runs as they are matches (it holds every gate: `matcher`), found
    # by `in` alone: beside a filter whose texts mostly hold a common term (人民政府 in a
    # township government's 7,000 measures) the whole test cost ~5 µs a text, 34 ms in all
    runs = [term.run for term in query.terms]
    enough = any if query.any_term else all
    return {
        rows[i][0]: texts[i]
        for i in sorted(held)
        if enough(run in texts[i] for run in runs) or test(texts[i])
    }


_SEPARATOR = "\x00"


def _holding(texts: list[str], strings: tuple[str, ...]) -> list[int]:
    """The indexes (ascending) of the texts that hold one of `strings`: each string found in the
    texts joined by a separator none of the strings holds (so no occurrence spans two texts),
    and each text it is found in skipped past. The texts' own characters do not matter: an
    occurrence is placed by its offset among the texts' starts."""
    if any(_SEPARATOR in s for s in strings):
        return [i for i, text in enumerate(texts) if any(s in text for s in strings)]
    joined = _SEPARATOR.join(texts)
    starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
    end = len(joined)
    held = bytearray(len(texts))
    for string in strings:
        at = joined.find(string)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            held[i] = 1
            at = joined.find(string, starts[i + 1] if i + 1 < len(starts) else end)
    return [i for i, mark in enumerate(held) if mark]


@lru_cache(maxsize=1024)
def _gate(term: Term) -> tuple[tuple[str, ...], re.Pattern[str] | None]:
    """What every text `_term_in` accepts holds, as strings (one of them is in the text) and a
    character class (or a character of it is): its run, or one of its words (all are needed, and
    a word inside the run is there whenever the run is), or a character other than itself that
    folds into the run (`_other_preimages`). A term with alternatives (医保 → 医疗保障) holds one
    of its runs or its first word as it is, or a character other than itself that folds into a
    character of a run or word: folding is per character and never deletes one, so a run or word
    that only the folded text holds has such a character in it. Without this gate every text
    checked for such a term was folded (~13 µs a text: 35 ms for a district department's 2,690
    older measures beside `医保`, where the gate rejects one in about a microsecond)."""
    if term.alternatives:
        return _shortest({*term.runs, *term.words[:1]}), _other_preimages("".join((*term.runs, *term.words)))
    inside = [word for word in term.words if word in term.run]
    literals = (max(inside, key=len),) if inside else (term.run, *(term.words[:1]))
    return literals, _other_preimages(term.run)


def _shortest(literals: set[str]) -> tuple[str, ...]:
    """The strings none of the others is inside: a text holding a longer one holds that one too."""
    return tuple(sorted(s for s in literals if not any(o != s and o in s for o in literals)))


def _term_in(term: Term, text: str) -> bool:
    if any(run in text for run in term.runs) or (term.words and all(w in text for w in term.words)):
        return True
    if not term.alternatives and not _may_fold_into(term.run, text):
        return False
    folded = fold(text)
    return any(run in folded for run in term.runs) or bool(
        term.words and all(w in folded for w in term.words)
    )


def _may_fold_into(run: str, text: str) -> bool:
    """Whether folding `text` could make `run` (or its words) appear in it when it is not there
    as is: the text has, for each character of the run, some character that folds to it, and for
    at least one of them a character other than itself (else folding leaves those characters, one
    for one, where they are)."""
    others = _other_preimages(run)
    if others is None or others.search(text) is None:  # no character here folds into the run's
        return False
    preimages = _preimages()
    other = False
    for ch in run:
        sources = preimages.get(ch, ch)
        if ch in text:
            other = other or any(p in text for p in sources if p != ch)
        elif any(p in text for p in sources):
            other = True
        else:
            return False
    return other


@lru_cache(maxsize=1024)
def _other_preimages(run: str) -> re.Pattern[str] | None:
    """A character class of the characters other than themselves that fold into some character
    of `run` (None if there are none): a text without any of them folds nothing into the run, so
    one scan in C rejects it (most texts a filter-driven search checks do not hold the term)."""
    others = _other_characters(run)
    return re.compile("[" + "".join(map(re.escape, others)) + "]") if others else None


@lru_cache(maxsize=1024)
def _other_characters(run: str) -> str:
    """The characters of `_other_preimages(run)`, sorted, as a string."""
    preimages = _preimages()
    return "".join(sorted({p for ch in run for p in preimages.get(ch, ch) if p != ch}))


@cache
def _preimages() -> dict[str, str]:
    """For each character that some other character folds into, all the characters that fold
    into it (itself included)."""
    # only the characters either table changes can fold to another (read from the tables, not
    # by converting every code point: this is built on the first query that needs it)
    t2s, table = char_table(), _fold_table()
    found: dict[str, set[str]] = {}
    for code in set(t2s) | set(table):
        if code >= 0x30000 or 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        for target in t2s.get(code, ch).translate(table):
            found.setdefault(target, {target}).add(ch)
    return {target: "".join(sorted(sources)) for target, sources in found.items()}
