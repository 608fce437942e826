"""How a parsed query meets the SQLite index: as an FTS5 MATCH expression, and as the same test
made in Python on a measure's text (when a filter drives the search and the text is checked on
the ids it gave, or a query is only `-word` exclusions, which FTS5 cannot negate alone)."""

from __future__ import annotations

from functools import cache

from duban.base.script import _t2s_table
from duban.index.analysis import Query, Term, _fold_table, bigrams, fold


def fts_expression(query: Query) -> str | None:
    """An FTS5 MATCH expression: each term as a contiguous bigram phrase (its own, or an
    alternative's) OR all of its words; terms joined by AND, or by OR for a relaxed query."""
    positive = (" OR " if query.any_term else " AND ").join(_term_expressions(query))
    exclusion = query.exclusion()
    if positive and exclusion is not None:  # FTS5 has no unary NOT: an exclusion alone filters in _matches
        return f"({positive}) NOT ({' OR '.join(_term_expressions(exclusion))})"
    return positive or None


def _term_expressions(query: Query) -> list[str]:
    """One FTS5 expression per distinct term of the query."""
    parts: list[str] = []
    for term in query.terms:
        alternatives = [f"grams : {_quote(' '.join(bigrams(alt)))}" for alt in term.alternatives]
        if len(term.run) == 1:
            options = [f"grams : {_quote(term.run)} *", f"words : {_quote(term.run)}", *alternatives]
            parts.append(f"({' OR '.join(options)})")
            continue
        # a word that is the whole run is found only where the phrase is: the phrase alone will do
        words = "" if term.run in term.words else " AND ".join(_quote(w) for w in term.words)
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


@cache
def _preimages() -> dict[str, str]:
    """For each character that some other character folds into, all the characters that fold
    into it (itself included)."""
    # only the characters either table changes can fold to another (read from the tables, not
    # by converting every code point: this is built on the first query that needs it)
    t2s, table = _t2s_table(), _fold_table()
    found: dict[str, set[str]] = {}
    for code in set(t2s) | set(table):
        if code >= 0x30000 or 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        for target in t2s.get(code, ch).translate(table):
            found.setdefault(target, {target}).add(ch)
    return {target: "".join(sorted(sources)) for target, sources in found.items()}
