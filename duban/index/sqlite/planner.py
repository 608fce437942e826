"""The SQLite query planner: which measure ids a search finds, in what order, and the page of
them it shows; the same for documents, and facet counts over a search's measures.

How a measure search stays fast on a million measures (trade-offs as in Elasticsearch):

* Totals are counted exactly up to `TOTAL_CAP` (10,000, Elasticsearch's `track_total_hits`
  default); `SearchResult` has no "lower bound" flag, so read `total == TOTAL_CAP` as "10,000 or
  more". The measures listed are cut at the same cap.
* Each side of a query (its text, and the unit, status, deadline and document-id filters) is read
  from its own index, newest first, at most `TOTAL_CAP + 1` ids deep: FTS5 in rowid order, a unit
  filter as the few matching names from `unit_names` and then one (name, role, measure_id) index
  range per name and role, merged by SQLite (`MERGE (UNION)`); status and deadlines from their
  indexes. A unit filter matching more than `NAMES_IN_SQL` names (人民政府 matches thousands in
  real documents) is read once whole and kept, with its id set, until the file changes, like an
  Elasticsearch filter bitset: checking ids against it in SQL (`measure_id IN … AND name IN …`)
  made SQLite seek every (id, name) pair, 20-30 s for one search on a 10,000-document index. Once one side was read to its end, a filter side after it is read only half as deep
  as that side has ids (if that is all of it) or else checked on those ids, a covering-index
  lookup each (cheaper than reading a common filter 10,001 deep and checking the rest anyway).
  A text beside filters is read only `FIRST_TEXT_READ` (1,000) deep first, and on to the cap
  only if no filter side then turns out small and complete: a common topic within a
  department's few thousand measures is checked on their older ids instead of being read 10,001
  deep first (15-40 ms of FTS5 reads at a million real measures).
  If some side was read to its end, the smallest such side drives and the other sides are
  checked on its ids (from their sets, or for older ids by reading that side's index over their
  range or by looking each id up in a covering index, whichever reads less): the answer is
  exact. If every side has more, the answer is exact for the measures newer than the point where
  all sides were still complete, read further back (`DEEPER_READS` times) until the page is
  full: a common word with a common filter lists its newest matches, and its total is then a
  lower bound. The document filters (kind, issuer, number, dates, ingest time; the document id
  is a side of its own) are one side, the last: the measures of the documents they take, found
  through an index on `documents` holding each document's doc_id (schema 10) and kept as runs of
  ids until the file changes (`_document_side`), or, beside a smaller side read whole, checked
  on its ids. Checked on the candidates only, as they were, they found none of the measures of
  documents ingested before the newest 40,000 read: `文号:国办发` 14 of its 445 measures on the
  index of the 5,864 real documents, `kind:report` 107 of 6,612, an ingest-time bound before
  the last documents nothing (an issuer such as 民政 likewise, until it had a side of its own).
  That side is read from the filter's index alone (the documents' runs of ids, schema 11), so a
  text beside it is no longer read on to the cap first: a small document side drives and the
  text is checked on its older ids (`issuer:… 人民代表大会`, its text read 10,001 deep first,
  17 ms at a million real measures). A document side not kept, checked on another side's ids,
  is read and kept when it takes fewer than `DOCUMENT_CHECK_RATIO` documents an id, where each
  id's measure row was read. A document number (`文号:〔2019〕128号`) is a substring of each
  document's number, no index to seek: the pass that counts a new number's documents reads their
  runs too (`_number_share`), where counting and then reading them scanned every document twice,
  and a number without an ASCII letter is tested without `lower()` (`_number_condition`).
* Ranking is BM25 computed here from the measures' texts over the newest `RANK_WINDOW` (500)
  candidates (`ranking.scores`); older candidates follow, newest first. FTS5's own bm25() first
  counts every match of each phrase in the index, which makes a common term cost as much as its
  number of matches. Measured against it with `benchmarks/bench_ranking.py` (2026-12-03, this
  planner kept): on the 59 judged queries over ../shared/corpus/dev R@10 0.832 for all three,
  MRR@10 0.723 here against 0.699 with bm25() scoring the same window and 0.699 ranking all
  matches by bm25() (23 of 59 top-10 lists differ); at a million real measures see the figures
  in that script's docstring. Sorting a text query by deadline sorts the same window; a
  filter-only query sorted by deadline is sorted over all its candidates (by SQLite, which keeps
  only the first page).
* A text query without filters (the commonest search) reads only the ids it can show (its
  ranking window) into Python, and SQLite counts the older matches to the cap (`_text_alone`).
* When a filter drives and the text is checked on older ids, it is checked on the measure's
  folded text (`matching.matches`: the term's run as a substring, or all of its words), the test
  the index makes; only the texts that may match are read (`matching.text_prefilter`, in SQL,
  when it has at most `PREFILTER_TESTS` tests: each costs about a third of reading the text).
  The text index is read over those ids' range instead when it has fewer than
  `TEXT_READ_RATIO` matches per id to check (measured on a million real measures), and only
  its matches among those ids come back (`_text_among`: a byte a row in SQL, where every match
  of the range was read into Python, 14,000-20,000 rows for a common phrase). Thousands of texts
  are gated together (`matching.matching_texts`), not by a regular expression each.
  The texts read are kept per file version (`measure_texts`): a strict query that finds nothing
  beside a filter is followed by its relaxed one over the same ids, and a page's facets run the
  search again. A unit side is read over the older ids' range when it has fewer than
  `UNIT_READ_RATIO` (3) rows per id to check there, else each id is looked up (measured).
* A one-character term beside longer ones (`市、县（市、区）人民政府` is four terms) is not an
  FTS5 prefix query, which costs 70-200 ms on a million measures whatever else the query says:
  the longer terms AND the character in the `chars` column (each measure's distinct folded
  characters) read the candidates, one FTS5 intersection (`matching.driving_expression`).
  Checking the character in the text of the longer terms' newest 10,001 matches instead cost
  ~3 µs a row, and made the total a lower bound when they had more.
* Document searches rank, with FTS5's bm25, the newest `RANK_WINDOW` matches (those the filters
  take, with a filter) and list the older ones after them, newest first, as measure searches do:
  every page comes from that one order, and the total counts every match (taken) to the cap.
  Only the documents of the page are read (their texts are long). bm25 has already counted every
  match of each phrase for its idf: a search of one phrase reads its total back from the scores
  (`_phrase_total`) instead of counting the matches a second time. With a filter, the matches'
  ids it takes are read first with its checks only, and bm25 is computed for the window's rows
  (and an older row a page shows) in one more statement (`_taken_page`; in the reading statement
  itself when the filters take under `ONE_STATEMENT_SHARE` of the documents, whose window is
  spread over many matches that a second statement read again): computing it for every
  match taken (up to 10,001: a docsize row and the phrase's positions in a long text each) was
  most of `--docs` with a unit filter at a million measures, 26 ms for a department's topic.
  Sorted by deadline, a text's matches taken are all sorted, each scored for the ties. A unit
  filter's documents are found from its ids in the units' index and the documents' runs of ids
  (`_unit_documents`), no measure's row read, and only as far down as the window of matches
  reaches (`_UnitRows`: a common topic's newest 10,001 matches are in the newest third of the
  documents, and a department in 16% of a million measures has 162,000 ids). What a unit
  filter and the document filters take is one mask of the documents' rows (`_document_rows`, kept), given
  to SQLite as one byte a row and read per match with `substr` (~0.15 µs, where a lookup in an
  `IN` list cost ~0.9 µs and `EXISTS` on the document's row ~2.4 µs). A hit's record is read
  without its relays and progress statements, which it does not show.
* A relaxed query (after a strict one that found nothing) checked on a filter's older ids reads
  their texts `RELAXED_CHECK` at a time, newest first, until the page and the ranking window are
  found (`_enough_relaxed`): the same page, and a total that is then a lower bound.
* A status filter reads the status a staff correction set where one is active (`EFFECTIVE`).
* A deadline period (`时限:2021-12`: both bounds) is read whole, unsorted, from (due, kind,
  measure_id) and kept as a sorted array until the file changes (`_deadline_rows`): SQLite read
  every deadline of the period and sorted them for each read of the side, and read an older range
  of ids through (measure_id, …), every deadline in it (`时限:2021-12 督办` 78-115 ms CPU at a
  million measures). Each read of the side, and a check of it on another side's ids once kept, is
  cut from that array. One bound alone is read in measure id order from (measure_id, …), as before.
* Facet counts (four grouped reads over up to 10,000 ids) are kept per file version, as
  Elasticsearch's request cache keeps aggregations: a page of results asks for the same ones.
"""

from __future__ import annotations

import heapq
import itertools
import json
import math
import re
import sqlite3
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import replace
from operator import neg
from typing import TYPE_CHECKING, Any, TypeVar

from duban.base.model import record
from duban.index.analysis import Query
from duban.index.filters import UNSET, Filters
from duban.index.sqlite import starts
from duban.index.sqlite.matching import (
    characters_condition,
    driving_expression,
    fts_expression,
    matcher,
    matching_texts,
    text_prefilter,
)
from duban.index.sqlite.ranking import scores as bm25_scores
from duban.index.sqlite.schema import file_version
from duban.index.store import FACET_CAP, FACET_UNITS, Facets, Found, Sort

if TYPE_CHECKING:  # numpy loads when a filter's ids are read, not for every search (66 ms of
    import numpy as np  # a 0.22 s `duban search` from the shell)

_K = TypeVar("_K")
_V = TypeVar("_V")

TOTAL_CAP = 10_000  # hits are counted exactly up to this many (Elasticsearch's default too)
RANK_WINDOW = 500  # a query with more candidates is ranked among its newest this many
PROBE_IDS = 10_000  # a side read to its end with at most this many ids: other filters are probed on them
READ_STEP = 1_000  # a document search's unit filter reads at least this many rows past a window's match
READ_ALL_IDS = 30_000  # and all its ids at once when past the newest window this many or fewer are left:
# at ~0.3 µs an id placed, as much as asking for 10,001 rows one by one (~0.8 µs a call)
NAMES_IN_SQL = 8  # a unit filter with more matching names is checked on ids in Python, not by SQL IN
TEXT_READ_RATIO = 4  # read the text index over older ids' range when it has fewer than this many
# matches per id to check: on a million real measures a range read costs 0.7-1.7 µs per match of
# one term (several for terms that must all match), a check 5-7 µs per id (a row lookup and the
# `text_prefilter` test; `matches` only for the few that pass)
UNIT_READ_RATIO = 3  # read a unit side's index over older ids' range when it has fewer than this
# many rows per id to check: on a million generated measures a range read costs 0.51-0.59 µs a
# row and a check 1.6-1.8 µs an id (11 department × topic pairs; 8 read 35,000 rows for 18-21 ms
# where checking 5,000-7,500 ids cost 9-12)
OTHER_READ_RATIO = 8  # the same for the status, deadline and document-id sides
PREFILTER_TESTS = 3  # a text check runs `text_prefilter` in SQL only with at most this many instr()
# tests: on a million real measures each costs ~1 µs a row (SQLite extracts the column again for
# each), while reading a text into Python and testing it there (`matches`) costs ~3 µs; a relaxed
# or folded query has 10-16 tests (its words and the characters that fold into them)
FIRST_TEXT_READ = 1_000  # a text beside filters is read this deep first: with a small filter side
# (a department's few thousand measures) the rest of the text is checked on that side's older ids,
# where reading a common text 10,001 deep cost 15-40 ms on a million real measures
DEEPER_READS = 3  # times a query whose sides are all common reads further back to fill its page
TEXTS_KEPT = 50_000  # measure texts kept per file version (`measure_texts`): ~20 MB
EFFECTIVE = "coalesce(corrected, status)"  # the status that counts: a staff correction's, else computed
EFFECTIVE_M = "coalesce(m.corrected, m.status)"
MEASURE_COLUMNS = (
    "m.measure_id, m.doc_id, m.text, m.page, m.status, m.record, d.source, d.title, d.kind, d.ingested_at"
)


def search_measures(
    db: sqlite3.Connection, query: Query, filters: Filters, limit: int, offset: int, sort: Sort
) -> tuple[list[Found], int]:
    """A page of the measures `query` finds, and their total (see the module docstring)."""
    match = fts_expression(query)
    names = unit_names(db, filters.unit) if filters.unit is not None else None
    if names is not None and not names:
        return [], 0
    need = offset + limit
    alone = _text_alone(db, query, match, filters, need)
    if alone is not None:
        candidates, total = alone
        texts: dict[int, str] = {}
        settled = len(candidates)
    else:
        candidates, texts, settled = candidates_of(db, query, match, filters, names, need)
        candidates = candidates[:TOTAL_CAP]
        total = len(candidates)
    # a text query ranks (or sorts by deadline) its newest RANK_WINDOW candidates of the
    # first read and lists any older ones after them, newest first (so does a filter-only
    # query sorted by deadline): every page comes from the same order
    window = candidates[: min(RANK_WINDOW if match is not None else TOTAL_CAP, settled)]
    scores: dict[int, float] = {}
    if match is not None:
        missing = [rowid for rowid in window if rowid not in texts]
        texts.update(measure_texts(db, missing))
        scores = bm25_scores(query, [(rowid, texts[rowid]) for rowid in window])
        window = sorted(window, key=lambda rowid: (-scores[rowid], -rowid))
    if sort == "deadline" and match is None and need < len(window):
        # no scores to break ties: SQLite sorts the candidates and keeps the first `need`
        order = f"ORDER BY first_due IS NULL, first_due, id DESC LIMIT {int(need)}"
        page = [rowid for (rowid,) in _rows(db, "SELECT id FROM measures", window, tail=order)][offset:]
    else:
        if sort == "deadline":
            due = dict(_rows(db, "SELECT id, first_due FROM measures", window))
            window = sorted(
                window,
                key=lambda rowid: (due[rowid] is None, due[rowid] or "", -scores.get(rowid, 0.0), -rowid),
            )
        page = (window + candidates[len(window) :])[offset:need]
    found = {row[0]: row[1:] for row in _rows(db, _PAGE, page)}
    beyond = [(rowid, found[rowid][2]) for rowid in page if rowid not in scores]
    if match is not None and beyond:
        scores.update(bm25_scores(query, beyond))
    listed = []
    for rowid in page:
        mid, doc_id, text, page_no, status, stored, src, title, kind, ingested_at = found[rowid]
        listed.append(
            Found(
                doc_id,
                src,
                text,
                json.loads(stored),
                scores.get(rowid, 0.0),
                measure_id=mid,
                page=page_no,
                status=status,
                title=title,
                kind=kind,
                ingested_at=ingested_at,
            )
        )
    return listed, total


def _text_alone(
    db: sqlite3.Connection, query: Query, match: str | None, filters: Filters, need: int
) -> tuple[list[int], int] | None:
    """The newest ids a text query without filters can show (its ranking window, or the page
    asked for if deeper) and its total, or None for any other query. The same answer as
    `candidates_of`, which would read all 10,001 ids into Python to count them: here the ids
    that can be shown are read and SQLite counts the older matches (a rare pair of words has
    fewer than the window and is not counted at all)."""
    if match is None or not filters.is_empty():
        return None
    reading, characters = driving_expression(query)
    if reading is None or characters:
        return None
    depth = min(max(RANK_WINDOW, need), TOTAL_CAP)
    shown = [rowid for (rowid,) in db.execute(f"{_TEXT_IDS.format(below='')} LIMIT {int(depth)}", [reading])]
    if len(shown) < depth or depth == TOTAL_CAP:
        return shown, len(shown)
    # only the matches older than those read are counted: the newest are not matched twice
    older = f"SELECT rowid FROM measures_fts WHERE measures_fts MATCH ? AND rowid < {int(shown[-1])}"
    return shown, min(TOTAL_CAP, len(shown) + _count(db, older, [reading]))


def measure_texts(
    db: sqlite3.Connection, ids: Sequence[int], condition: str = "", values: Sequence[Any] = ()
) -> list[tuple[int, str]]:
    """The texts of these measures that pass `condition` (a test every match passes,
    `text_prefilter`: the caller decides on the texts), and of those already kept whatever they
    hold. Texts read are kept, per file version, up to `TEXTS_KEPT`: a search whose strict query
    finds nothing runs its relaxed one over the same filter's ids, and a page's facets run the
    search again; each read of a text by its id costs about 2 µs on a million measures (a
    B-tree seek), thousands of them for a text beside a department's filter."""
    key = file_version(db)
    kept = _TEXTS_SEEN.get(key)
    if kept is None:
        _TEXTS_SEEN.clear()
        kept = _TEXTS_SEEN[key] = {}
    found = [(rowid, kept[rowid]) for rowid in ids if rowid in kept]
    read = _rows(db, "SELECT id, text FROM measures", [i for i in ids if i not in kept], condition, values)
    if len(kept) + len(read) > TEXTS_KEPT:
        kept.clear()
    kept.update(read[:TEXTS_KEPT])
    return found + read


_TEXTS_SEEN: dict[tuple[int, int], dict[int, str]] = {}


def unit_names(db: sqlite3.Connection, unit: str) -> list[str]:
    """The distinct unit names that hold `unit` or another spelling of it where a word of the
    name starts (`index.spellings.unit_holds`), in name order: each name's starts were stored
    when it was first written (`sqlite.starts`), so this is one key range per spelling (no name
    is cut here: cutting the ~5,000 names holding 政府 cost a process's first `单位:政府` on the
    real corpus a few tenths of a second). The answer is kept until the file changes."""
    key = (*file_version(db), unit)
    found = _NAMES_SEEN.get(key)
    if found is None:
        found = starts.names_starting(db, "unit_starts", unit)
        _keep(_NAMES_SEEN, key, found, 256)
    return found


_NAMES_SEEN: dict[tuple[int, int, str], list[str]] = {}


def _unit_side(
    db: sqlite3.Connection, names: list[str], roles: tuple[str, ...] | None
) -> tuple[list[int], set[int]]:
    """Every measure id with one of these (many) unit names and roles, newest first, and as
    a set: read once from the (name, role, measure_id) index and kept until the file changes,
    as Elasticsearch keeps a filter's bitset (a unit such as 人民政府 has thousands of names).
    SQLite joins the ids into one string: 30,000-40,000 ids as rows cost 10-12 ms of Python
    tuples at a million real measures, where SQLite reads them in about 2 ms."""
    key = (*file_version(db), roles, *names)
    found = _UNIT_SIDES.get(key)
    if found is None:
        ids: set[int] = set()
        for i in range(0, len(names), 500):
            chunk = names[i : i + 500]
            sql = f"SELECT group_concat(measure_id) FROM units WHERE name IN ({', '.join('?' * len(chunk))})"
            params = [*chunk, *(roles or ())]
            (joined,) = db.execute(sql + _role_condition(roles), params).fetchone()
            ids.update(map(int, joined.split(",")) if joined else ())
        found = (sorted(ids, reverse=True), ids)
        _keep(_UNIT_SIDES, key, found, 32)
    return found


_UNIT_SIDES: dict[tuple[Any, ...], tuple[list[int], set[int]]] = {}


def candidates_of(
    db: sqlite3.Connection,
    query: Query,
    match: str | None,
    filters: Filters,
    names: list[str] | None,
    need: int,
) -> tuple[list[int], dict[int, str], int]:
    """The ids of the matching measures, newest first (see the module docstring), the texts
    it read on the way, and how many of the ids the first read settled (the ranking window
    never reaches past those, so every page of a query sees the same order)."""
    readers: list[tuple[str, Callable[[_Bound, int], tuple[list[int], bool]]]] = []
    reading, characters = driving_expression(query) if match is not None else (None, [])
    if reading is not None:
        readers.append(
            ("text", _KeptReads(lambda before, depth: _ids(db, _TEXT_IDS, [reading], before, depth)))
        )
    if filters.doc_id is not None:
        readers.append(("doc", lambda before, depth: _ids(db, _DOC_IDS, [filters.doc_id], before, depth)))
    if filters.status is not None:
        unset = filters.status == UNSET
        condition = f"{EFFECTIVE} IS NULL" if unset else f"{EFFECTIVE} = ?"
        values = [] if unset else [filters.status]
        readers.append(
            (
                "status",
                lambda before, depth: _ids(db, _STATUS_IDS, values, before, depth, condition=condition),
            )
        )
    if names is not None or filters.role is not None:
        roles = filters.unit_roles()
        readers.append(("unit", lambda before, depth: _unit_ids(db, names, roles, before, depth)))
    if filters.deadline_after or filters.deadline_before or filters.deadline_kind:
        readers.append(("deadline", lambda before, depth: _deadline_ids(db, filters, before, depth)))
    if _document_fields(filters) is not None:  # last: checked on a smaller side's ids if any
        readers.append(("document", lambda before, depth: _document_ids(db, filters, before, depth)))
    if not readers:
        readers.append(("all", lambda before, depth: _ids(db, _ALL_IDS, [], before, depth)))
    found: list[int] = []
    texts: dict[int, str] = {}
    first = 0
    before: int | None = None
    for _ in range(DEEPER_READS + 1):
        sides = _read_sides(db, filters, names, readers, before)
        want = max(need, RANK_WINDOW) - len(found)
        part, part_texts, boundary = _resolve(db, query, filters, names, sides, dict(readers), reading, want)
        if match is None and query.excluded:  # `-word` alone: FTS5 cannot negate on its own
            rows = dict(measure_texts(db, part))
            test = matcher(query)
            part = [rowid for rowid in part if test(rows[rowid])]
        if characters:  # one-character terms beside longer ones: checked on the candidates
            held = {
                rowid
                for (rowid,) in _rows(db, "SELECT id FROM measures", part, *characters_condition(characters))
            }
            part = [rowid for rowid in part if rowid in held]
        found += part
        texts.update(part_texts)
        first = first or len(found)
        if boundary is None or len(found) >= need:
            break
        before = boundary
    return found, texts, first or len(found)


def _read_sides(
    db: sqlite3.Connection,
    filters: Filters,
    names: list[str] | None,
    readers: list[tuple[str, Callable[[_Bound, int], tuple[list[int], bool]]]],
    before: _Bound,
) -> list[_Side]:
    """Each side's newest ids; once some side was read to its end with at most `PROBE_IDS`
    ids, a filter side is not read but checked on those ids (a covering-index lookup each),
    which gives its ids among them: all that the intersection needs."""
    sides: list[_Side] = []
    # the text first, and only `FIRST_TEXT_READ` deep when filters follow: read on to the cap
    # below unless a filter side turns out small and complete (it then drives, `_resolve`)
    first = min(FIRST_TEXT_READ, TOTAL_CAP)
    short_text = readers[0][0] == "text" and len(readers) > 1 and not isinstance(before, tuple)
    short_text = short_text and first < TOTAL_CAP
    for name, read in readers:
        if short_text and not sides:
            sides.append(_Side(name, *read(before, first)))
            continue
        small = [side for side in sides if side.complete and len(side.ids) <= PROBE_IDS]
        if small and name not in ("text", "all"):
            driver = min(small, key=lambda side: len(side.ids))
            # a side with fewer ids than the driver is read whole more cheaply than probed; the
            # document side costs a read of all its measures whatever the depth (`_document_few`)
            shallow = len(driver.ids) >= 64 and (
                name != "document" or _document_few(db, filters, len(driver.ids))
            )
            ids, complete = read(before, len(driver.ids) // 2) if shallow else ([], False)
            if not complete:
                passed = {rowid for (rowid,) in _check(db, name, driver.ids, filters, names)}
                ids = [rowid for rowid in driver.ids if rowid in passed]
            sides.append(_Side(name, ids, True))
        else:
            sides.append(_Side(name, *read(before, TOTAL_CAP)))
    text = sides[0]
    if (
        short_text
        and not text.complete
        and not any(side.complete and len(side.ids) <= PROBE_IDS for side in sides)
    ):
        # no small filter drives: the text's newest ids to the cap, as if read at once
        more, complete = readers[0][1](text.ids[-1], TOTAL_CAP - len(text.ids))
        sides[0] = _Side(text.name, text.ids + more, complete)
    return sides


def _resolve(
    db: sqlite3.Connection,
    query: Query,
    filters: Filters,
    names: list[str] | None,
    sides: list[_Side],
    readers: dict[str, Callable[[_Bound, int], tuple[list[int], bool]]],
    reading: str | None = None,
    want: int = TOTAL_CAP,
) -> tuple[list[int], dict[int, str], int | None]:
    """The matches among what the sides read, their texts if read, and the id above which
    the answer is exact (None: all of it is); `reading` is the text side's FTS5 expression,
    `want` how many matches the search needs (a relaxed query's texts are checked until then)."""
    boundary: int | None = None
    complete = [side for side in sides if side.complete]
    if complete:
        driver = min(complete, key=lambda side: len(side.ids))
        candidates = driver.ids
    else:
        driver = sides[0]
        boundary = max(side.ids[-1] for side in sides)
        candidates = [rowid for rowid in driver.ids if rowid >= boundary]
    unchecked: list[_Side] = []
    texts: dict[int, str] = {}
    for side in sides:
        if side is driver or side.name == "all":
            continue
        known = set(side.ids)
        if side.complete:
            candidates = [rowid for rowid in candidates if rowid in known]
            continue
        oldest = side.ids[-1]
        candidates = [rowid for rowid in candidates if rowid in known or rowid < oldest]
        if candidates and candidates[-1] < oldest:
            unchecked.append(side)
    for side in sorted(unchecked, key=lambda side: side.name == "text"):  # the text last
        oldest = side.ids[-1]
        older = [rowid for rowid in candidates if rowid < oldest]
        if not older:
            continue
        if reads_range(side, older):
            reader = readers[side.name]
            covered = getattr(reader, "covered", None)  # a text's reads kept in this search
            held = covered(older[-1], oldest) if covered is not None else None
            if held is not None:
                passed = set(held)
            elif side.name == "text" and reading is not None:
                passed = _text_among(db, reading, older, oldest)  # its matches among `older` only
            else:
                passed = set(reader((older[-1], oldest), TOTAL_CAP)[0])
        elif side.name == "text":
            # only the texts that may match are read (`text_prefilter`) when that test is cheap;
            # `matches` decides
            condition, values = text_prefilter(query)
            if len(values) > PREFILTER_TESTS:
                condition, values = "", []
            if query.any_term:
                # a relaxed query is checked newest first until enough match (`_enough_relaxed`)
                newer = sum(1 for rowid in candidates if rowid >= oldest)
                texts, last = _enough_relaxed(db, query, older, condition, values, want - newer)
                if last is not None:
                    boundary = last if boundary is None else max(boundary, last)
            else:
                texts = matching_texts(query, measure_texts(db, older, condition, values))
            passed = set(texts)
        else:
            passed = {rowid for (rowid,) in _check(db, side.name, older, filters, names)}
        candidates = [rowid for rowid in candidates if rowid >= oldest or rowid in passed]
    return candidates, texts, boundary


RELAXED_CHECK = 1_000  # a relaxed query's texts checked on a filter's older ids, this many at a time


def _enough_relaxed(
    db: sqlite3.Connection,
    query: Query,
    older: Sequence[int],
    condition: str,
    values: Sequence[Any],
    want: int,
) -> tuple[dict[int, str], int | None]:
    """The matches of a relaxed query among `older` (newest first), checked `RELAXED_CHECK` at a
    time until `want` of them match, and the oldest id checked if some were left (None: all were
    checked). A relaxed query (any of its words) follows a strict one that found nothing, and
    its words are common: beside a department's or a document filter's thousands of measures it
    read and tested every text (7,159 for 国务院办公厅, 13-19 ms warm, 40-55 cold at a million real
    measures) to list the newest `RANK_WINDOW`, which the first thousand or two hold. The page and
    its order are the same; the total is then what was found, a lower bound, as a common text
    beside a common filter gives (`DEEPER_READS`), and a deeper page or the facets check on."""
    texts: dict[int, str] = {}
    for start in range(0, len(older), RELAXED_CHECK):
        part = older[start : start + RELAXED_CHECK]
        texts.update(matching_texts(query, measure_texts(db, part, condition, values)))
        if len(texts) >= want and start + RELAXED_CHECK < len(older):
            return texts, part[-1]
    return texts, None


def reads_range(side: _Side, older: Sequence[int]) -> bool:
    """Whether a side read partly (newest first) is better read over the range of the older
    candidate ids `older` (newest first) than checked on each of them: when the rows its index
    holds there, estimated from the density of the part read, are fewer than the side's ratio
    (`TEXT_READ_RATIO`, `UNIT_READ_RATIO`) times the ids to check."""
    oldest = side.ids[-1]
    density = len(side.ids) / max(1, side.ids[0] - oldest + 1)
    ratio = {"text": TEXT_READ_RATIO, "unit": UNIT_READ_RATIO}.get(side.name, OTHER_READ_RATIO)
    return density * (oldest - older[-1]) < ratio * len(older)


def _check(
    db: sqlite3.Connection, side: str, ids: list[int], filters: Filters, names: list[str] | None
) -> list[Any]:
    """Those of `ids` (perhaps repeated) that satisfy one side's filter, read from that side's
    compact index keyed by measure id (not from the measures table)."""
    if side == "unit" and names is not None and len(names) > NAMES_IN_SQL:
        # many names: SQLite would seek every (id, name) pair of `measure_id IN … AND name IN …`
        # (ids × names seeks: seconds for a common word like 人民政府 with its thousands of names)
        _, members = _unit_side(db, names, filters.unit_roles())
        return [(rowid,) for rowid in ids if rowid in members]
    if side == "unit":
        where: list[str] = []
        params: list[Any] = []
        if names is not None:
            where.append(f"name IN ({', '.join('?' * len(names))})")
            params.extend(names)
        roles = filters.unit_roles()
        if roles is not None:
            where.append(_role_condition(roles).removeprefix(" AND "))
            params.extend(roles)
        # a few (name, role) ranges of units_name: the ids are looked up in them, on pages
        # that stay cached, rather than all over units_measure
        index = "units_name" if roles is not None and names is not None and len(names) <= 2 else None
        select = f"SELECT measure_id FROM units{f' INDEXED BY {index}' if index else ''}"
        return _rows(db, select, ids, " AND ".join(where), params, "measure_id")
    if side == "deadline":
        rows = _DEADLINE_ROWS.get((*file_version(db), *_deadline_key(filters)))
        if rows is not None:  # a period read this search or before: no index seek an id
            import numpy as np

            if not len(rows) or not ids:
                return []
            at = np.searchsorted(rows, ids)
            held = rows[np.minimum(at, len(rows) - 1)] == ids
            return [(rowid,) for rowid, hit in zip(ids, held.tolist(), strict=True) if hit]
        due, params = _deadline_conditions(filters)
        return _rows(db, "SELECT measure_id FROM deadlines", ids, " AND ".join(due), params, "measure_id")
    if side == "document":
        kept = _document_kept(db, filters)
        if kept is None and _document_share(db, filters)[0] < DOCUMENT_CHECK_RATIO * len(ids):
            kept = _document_side(db, filters)
        if kept is not None:
            return [(rowid,) for rowid in kept.among(ids)]
        # each measure's doc_id looked up among the documents' ids, read once from an index on
        # `documents`: joining each measure to its document's row read past the document's text
        # to reach `ingested_at` (19 ms for 5,138 ids on the real corpus's index), and without
        # the `+` SQLite read every measure of those documents through measures_doc (25 ms)
        where, params = _document_conditions(_document_fields(filters) or Filters())
        taken = f"+doc_id IN (SELECT d.doc_id FROM documents d WHERE {' AND '.join(where)})"
        return _rows(db, "SELECT id FROM measures", ids, taken, params)
    if side == "status":
        if filters.status == UNSET:
            return _rows(db, "SELECT id FROM measures", ids, f"{EFFECTIVE} IS NULL")
        return _rows(db, "SELECT id FROM measures", ids, f"{EFFECTIVE} = ?", [filters.status])
    return _rows(db, "SELECT id FROM measures", ids, "doc_id = ?", [filters.doc_id])


def _document_fields(filters: Filters) -> Filters | None:
    """The document filters the document side reads (kind, issuer, number, dates, ingest time),
    or None if none is given: `doc_id` is a side of its own, read from measures_doc."""
    fields = replace(filters.document_part(), doc_id=None)
    return None if fields.is_empty() else fields


class _DocumentSide:
    """The ids of every measure of the documents a document filter takes, as disjoint runs of
    ids (`lows[i]`..`highs[i]`, in id order): read newest first, or asked which of some ids they hold,
    without making a list or a set of all of them (163,687 ids for `入库:今天` on the real corpus's
    index: 10 ms of Python)."""

    def __init__(self, lows: np.ndarray, highs: np.ndarray) -> None:
        import numpy as np

        order = np.lexsort((highs, lows))
        self._lows, self._highs = lows[order], highs[order]
        self.lows: list[int] = self._lows.tolist()
        self.highs: list[int] = self._highs.tolist()

    def among(self, ids: Sequence[int]) -> list[int]:
        """Those of `ids` the runs hold, in their order: each placed among the runs by numpy at
        once (a bisection in Python an id cost ~1 µs: 9 ms of `issuer:人民政府 义务教育`'s 8,700)."""
        import numpy as np

        if not ids or not self.lows:
            return []
        wanted = np.asarray(ids, dtype=np.int64)
        at = np.searchsorted(self._lows, wanted, side="right") - 1
        held = (at >= 0) & (wanted <= self._highs[np.maximum(at, 0)])
        return wanted[held].tolist()

    def newest(self, below: int | None, low: int = 0, depth: int | None = None) -> tuple[list[int], bool]:
        """The ids under `below` (all if None) and at least `low`, newest first, at most
        `depth + 1` of them, and whether that was all. The runs are cut and spelled out by numpy
        (each run's ids as its highest minus a count): a run at a time in Python cost ~7 µs a
        run, 7 ms for the 10,001 newest ids of `kind:minutes` (about 1,000 runs) at a million
        real measures, at each read of the side."""
        import numpy as np

        top = below - 1 if below is not None else (self.highs[-1] if self.highs else 0)
        last = bisect_right(self.lows, top)  # runs [first, last) hold ids in [low, top]
        first = int(np.searchsorted(self._highs[:last], low, side="left"))
        if first >= last or top < low:
            return [], True
        highs = np.minimum(self._highs[first:last][::-1], top)
        lengths = highs - np.maximum(self._lows[first:last][::-1], low) + 1
        ends = np.cumsum(lengths)
        wanted = int(ends[-1]) if depth is None else min(int(ends[-1]), depth + 1)
        used = int(np.searchsorted(ends, np.int64(wanted), side="left")) + 1  # the runs giving them
        highs, lengths, ends = highs[:used], lengths[:used], ends[:used]
        offsets = np.arange(int(ends[-1])) - np.repeat(ends - lengths, lengths)
        ids = np.repeat(highs, lengths) - offsets
        return ids[:wanted].tolist(), depth is None or int(ends[-1]) <= depth


def _document_side(db: sqlite3.Connection, filters: Filters) -> _DocumentSide:
    """The measures of the documents the document filters take, read once and kept until the
    file changes (an Elasticsearch filter bitset again). The documents come from an index on
    `documents` (kind, issuer, number, date and ingest time each with the doc_id, and since
    schema 11 with the document's lowest measure id and its count of measures): a document's
    measures are written together, so their ids are one run, kept as such rather than read one
    by one, and read from that index alone (a first `kind:policy` at a million real measures
    190 → 24 ms CPU: its documents' 500,000 entries of measures_doc were read for the runs); the
    ids of a document whose measures are not one run (a NULL lowest id: the migration found them
    so) are read. Checking a document filter on the newest candidates only, as before, found none
    of the measures of documents ingested before the newest 40,000 (`文号:国办发` 14 of 445
    on that index)."""
    fields = _document_fields(filters) or Filters()
    key = (*file_version(db), fields)
    found = _DOCUMENT_SIDES.get(key)
    if found is not None:
        return found
    found = _SHARE_SIDES.pop(key, None)  # read by the count of a document number's documents
    if found is None:
        where, params = _document_conditions(fields)
        found = _DocumentSide(*_id_runs(db, where, params))
    _keep(_DOCUMENT_SIDES, key, found, 32)
    return found


def _id_runs(
    db: sqlite3.Connection,
    where: list[str],
    params: list[Any],
    low: int = 0,
    joined: Sequence[Any] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The runs of measure ids of the documents `where` takes (lowest and highest ids), from the
    document-filter index (`first_measure`, `measure_count`); a document whose measures are not
    one run (a file migrated from schema 10) gives each of its ids from `low` on as a run of one.
    SQLite joins the lowest ids and the counts into two strings (as `_ALL_RUNS`): a row per
    document made 50,000 tuples for a filter that takes every document of a million generated
    measures (`issuer:人民政府`), 70 ms where this takes 10; a document without measures adds
    nothing (an empty run). `joined` is that row if already read (`_number_share`)."""
    import numpy as np

    condition = " AND ".join(where)
    if joined is None:
        joined = db.execute(_DOCUMENT_RANGES.format(condition=condition), params).fetchone()
    lowest, counts = (np.fromstring(each or "", dtype=np.int64, sep=",") for each in joined[:2])
    held = (lowest >= 0) & (counts > 0)
    lows, highs = lowest[held], lowest[held] + counts[held] - 1
    if not joined[2]:
        return lows, highs
    scattered = [
        doc_id
        for (doc_id,) in db.execute(
            f"SELECT d.doc_id FROM documents d WHERE {condition} AND d.first_measure IS NULL "
            "AND d.measure_count > 0",
            params,
        )
    ]
    single: list[int] = []
    for i in range(0, len(scattered), 500):
        chunk = scattered[i : i + 500]
        sql = f"SELECT id FROM measures WHERE id >= ? AND doc_id IN ({', '.join('?' * len(chunk))})"
        single += [rowid for (rowid,) in db.execute(sql, [low, *chunk])]
    ids = np.array(single, dtype=np.int64)
    return np.concatenate([lows, ids]), np.concatenate([highs, ids])


_DOCUMENT_SIDES: dict[tuple[Any, ...], _DocumentSide] = {}


def _document_kept(db: sqlite3.Connection, filters: Filters) -> _DocumentSide | None:
    """The document side of `filters` if it was read at this file version, else None."""
    return _DOCUMENT_SIDES.get((*file_version(db), _document_fields(filters) or Filters()))


DOCUMENT_READ_RATIO = 4  # the document side is read whole beside a smaller side when it is
# estimated to hold fewer than this many measures per id to check: reading its documents' entries
# of measures_doc costs ~0.2 µs a measure on the real corpus's index, checking an id ~1-2 µs (the
# measure's row looked up): `kind:report` beside `财政`'s 5,138 ids 23 → 16 ms


def _document_share(db: sqlite3.Connection, filters: Filters) -> tuple[int, float]:
    """The documents the document filters take, counted on an index on `documents`, and the
    share of all measures they are estimated to hold (as they are of all documents; the highest
    ids stand for the counts, which SQLite would count row by row); kept until the file changes."""
    fields = _document_fields(filters) or Filters()
    key = (*file_version(db), fields)
    found = _DOCUMENT_COUNTS.get(key)
    if found is None:
        where, params = _document_conditions(fields)
        (every,) = db.execute("SELECT max(id) FROM documents").fetchone()
        documents = _number_share(db, key, where, params, every or 0) if fields.doc_number else None
        if documents is None:
            (documents,) = db.execute(
                f"SELECT count(*) FROM documents d WHERE {' AND '.join(where)}", params
            ).fetchone()
        found = int(documents), int(documents) / max(1, every or 0)
        _keep(_DOCUMENT_COUNTS, key, found, 256)
    return found


_DOCUMENT_COUNTS: dict[tuple[Any, ...], tuple[int, float]] = {}


def _number_share(
    db: sqlite3.Connection, key: tuple[Any, ...], where: list[str], params: list[Any], every: int
) -> int | None:
    """The documents a filter with a document number takes, counted in the pass that reads their
    runs of ids, the side kept for `_document_side` (`_SHARE_SIDES`); None if they are
    `COMMON_DOCUMENTS` or more (read over the newest measures instead, `_document_window`: the
    pass stops there and the caller counts them). A number is a substring (`instr`) of each
    document's number, a scan of every document with no index to seek, and a new number is asked
    once a search: counting it, then reading its runs, scanned every document twice (2 × ~25 ms
    CPU for `文号:〔2019〕128号` at a million generated measures, 50,000 documents)."""
    few = max(1, math.ceil(COMMON_DOCUMENTS * every))
    sql = _FEW_RANGES.format(condition=" AND ".join(where), few=few)
    joined = db.execute(sql, params).fetchone()
    if joined[3] >= few:
        return None
    _keep(_SHARE_SIDES, key, _DocumentSide(*_id_runs(db, where, params, joined=joined)), 32)
    return int(joined[3])


_SHARE_SIDES: dict[tuple[Any, ...], _DocumentSide] = {}
DOCUMENT_CHECK_RATIO = 10  # a document side not kept is read (and kept) to check ids on when it
# takes fewer than this many documents per id to check: its runs cost ~0.3 µs a document (50,000
# in 15 ms at a million generated measures), checking an id in SQL ~4 µs (its measure's row and
# the document's filter: 33 ms for the 8,000 matches of a topic beside `issuer:人民政府` there)


def _document_few(db: sqlite3.Connection, filters: Filters, checks: int) -> bool:
    """Whether the document side is kept, or its measures (estimated, `_document_share`) are few
    enough beside `checks` ids to check (`DOCUMENT_READ_RATIO`) to be read whole."""
    if _document_kept(db, filters) is not None:
        return True
    _, share = _document_share(db, filters)
    (measures,) = db.execute("SELECT max(id) FROM measures").fetchone()
    return share * (measures or 0) < DOCUMENT_READ_RATIO * checks


COMMON_DOCUMENTS = 0.2  # a document filter taking at least this share of the documents is first
# read over the newest measures only (`_document_window`). At a million real measures (schema 11,
# CPU ms): `入库:今年` (every document) 43 → 5 ms at every search, where each of the newest
# 10,001 measures' documents was checked; `kind:policy` (49% of the documents) first 24 → 3.4,
# after 1.4 → 3.4 (its side was kept after a read of it whole); with 0.1, `文号:〔2021〕` (a
# seventh, its condition an instr() on each name) first 28 → 21 but after 1.3 → 21


def _document_ids(
    db: sqlite3.Connection, filters: Filters, before: _Bound, depth: int
) -> tuple[list[int], bool]:
    """Newest ids of the document side (`_document_side`), older than `before` or within its range.

    A filter that takes most documents (`COMMON_DOCUMENTS`, such as `入库:本月`) is first read
    over the newest measures, about as many as it should find there (`_document_window`): if
    enough of them pass, those are its newest ids; else its documents' measures are read whole,
    as for any other."""
    if not isinstance(before, tuple) and _document_kept(db, filters) is None:
        _, share = _document_share(db, filters)
        if share >= COMMON_DOCUMENTS:
            found = _document_window(db, filters, before, depth, int((depth + 1) / share) + 64)
            if found is not None:
                return found
    side = _document_side(db, filters)
    if isinstance(before, tuple):
        return side.newest(before[1], before[0])
    return side.newest(before, depth=depth)


def _document_window(
    db: sqlite3.Connection, filters: Filters, before: int | None, depth: int, width: int
) -> tuple[list[int], bool] | None:
    """The newest ids of the document side among the newest `width` measure ids (under `before`),
    at most `depth + 1`, and whether that is all of them; None if that range holds `depth` or
    fewer and older ones may follow. The runs are those of the documents with a measure in the
    range, read from the filter's index (its entries hold each document's run, schema 11) with
    no row read: checking each of the newest 10,001 measures' documents instead read every row
    and the filter's whole set of doc_ids, at each search (70 ms for `文号:示政办`, which takes every
    document, on a million generated measures), and nothing was kept for the next."""
    if before is None:
        (top,) = db.execute("SELECT max(id) FROM measures").fetchone()
        top = int(top or 0)
    else:
        top = before - 1
    low = max(0, top - width + 1)
    where, params = _document_conditions(_document_fields(filters) or Filters())
    where.append("(d.first_measure IS NULL OR d.first_measure + d.measure_count > ?)")
    found, _ = _DocumentSide(*_id_runs(db, where, [*params, low], low)).newest(before, low=low, depth=depth)
    if len(found) > depth:
        return found[: depth + 1], False
    if low == 0:
        return found, True
    return None


def _unit_ids(
    db: sqlite3.Connection,
    names: list[str] | None,
    roles: tuple[str, ...] | None,
    before: _Bound,
    depth: int,
) -> tuple[list[int], bool]:
    """Newest ids of measures with one of these unit names (and roles): one index range per
    (name, role), merged; with roles alone, the index on (role, measure_id), a range per role."""
    if names is None:
        if not roles:
            return [], True
        union = " UNION ".join([_ROLE_BRANCH] * len(roles))
        return _ids(db, f"{union} ORDER BY 1 DESC", list(roles), before, depth)
    if len(names) > NAMES_IN_SQL:
        every, _ = _unit_side(db, names, roles)
        if isinstance(before, tuple):
            return [rowid for rowid in every if before[0] <= rowid < before[1]], True
        # bisected through `neg` (ascending): negating the whole list for each read cost
        # ~1.3 ms a read of 有关部门's 42,000 ids at a million real measures
        older = every if before is None else every[bisect_left(every, -before + 1, key=neg) :]
        return older[: depth + 1], len(older) <= depth
    branches: list[tuple[str, str]] = []
    for name in names[:100]:
        branches += [(name, each) for each in (roles if roles is not None else _roles(db, name))]
    if len(names) > 100 or len(branches) > 200:  # SQLite takes at most 500 terms in a UNION
        marks = ", ".join("?" * len(names))
        params = [*names, *(roles or ())]
        return _ids(
            db,
            _UNIT_NAMES_IDS,
            params,
            before,
            depth,
            names=marks,
            role=_role_condition(roles),
        )
    if not branches:
        return [], True
    # each branch reads its index range newest first; SQLite merges them (MERGE (UNION))
    union = " UNION ".join([_UNIT_BRANCH] * len(branches))
    return _ids(db, f"{union} ORDER BY 1 DESC", [v for branch in branches for v in branch], before, depth)


def search_documents(
    db: sqlite3.Connection, query: Query, filters: Filters, limit: int, offset: int, sort: Sort
) -> tuple[list[Found], int]:
    """A page of the documents `query` finds, and their total: the newest `RANK_WINDOW` matches
    (that the filters take) ranked by FTS5's bm25, the older ones after them, newest first."""
    where, params = _document_conditions(filters.document_part())
    document_filters = bool(where)
    names = unit_names(db, filters.unit) if filters.unit is not None else None
    measure_where, measure_params = measure_conditions(filters.measure_part(), names)
    placed = _unit_documents(db, filters, names) if measure_where else None
    taken: str | None = None  # the doc_ids of the documents with a measure the filters take
    if placed is None and measure_where:
        # the documents with a matching measure, read once: as a subquery SQLite read them again
        # for the count after the page
        taken = db.execute(
            f"SELECT json_group_array(doc_id) FROM (SELECT DISTINCT m.doc_id FROM measures m "
            f"WHERE {' AND '.join(measure_where)})",
            measure_params,
        ).fetchone()[0]
        where.append("d.doc_id IN (SELECT value FROM json_each(?))")
        params.append(taken)
    match = fts_expression(query)
    if placed is not None and match is None:
        # the rows of the documents a unit filter takes (or of those it does not) on `d.id`
        rows_json, negated = placed.listed(db)
        where.append(f"d.id {'NOT IN' if negated else 'IN'} (SELECT value FROM json_each(?))")
        params.append(rows_json)
    # the page's ids are chosen first and only its documents read: selecting a document's text
    # and record for every ranked row made SQLite read hundreds of long texts to show ten
    if match is not None and not where and placed is None and sort == "relevance":
        page = _ranked_page("documents_fts", RANK_WINDOW)
        ranked = db.execute(
            f"SELECT hit.id, hit.score, hit.alt FROM {page} ORDER BY hit.score DESC, hit.id LIMIT ? OFFSET ?",
            [match, limit, offset],
        ).fetchall()
        chosen = [(rowid, score) for rowid, score, _ in ranked]
        total = _phrase_total(db, match, ranked)
        if total is None:
            total = _count(db, "SELECT 1 FROM documents_fts WHERE documents_fts MATCH ?", [match])
        start, end = max(offset, RANK_WINDOW), min(offset + limit, total)
        if start < end:
            # a page past the window lists the older matches newest first, each with its bm25
            # (computed for the page's rows only: SQLite skips the OFFSET before the columns)
            chosen += db.execute(
                f"SELECT rowid, {_DOCUMENT_SCORE} FROM documents_fts WHERE documents_fts MATCH ? "
                "ORDER BY rowid DESC LIMIT ? OFFSET ?",
                [match, end - start, start],
            ).fetchall()
    elif match is not None:
        # the newest TOTAL_CAP + 1 matches are checked against the filters (CASE …) and the ids
        # they take read once, newest first: their number is the total, and bm25 is computed
        # for the newest RANK_WINDOW of them only (`_taken_page`), as without a filter. Computing
        # it for every match taken (up to 10,001, each a docsize row and the phrase's positions
        # in a long text) was most of `--docs` with a unit filter at a million measures.
        # The documents a unit filter and the document filters take are one byte a document row
        # (`_UnitRows.states`), read per match with `substr` (~0.15 µs): as `rowid IN (list)` each
        # match was a lookup in SQLite's ephemeral index (~0.9 µs: 9 of the 26 ms of 财政局's
        # 10,001 matches of a topic at a million generated measures), as `EXISTS` on the
        # document's row ~2.4 µs (a long row read up to `kind` on the real corpus's index)
        # A unit's documents are read from its newest ids down as far as the window's matches
        # reach (`_UnitRows`): a row not read yet is byte 2, asked of `duban_unit_taken`, which
        # reads further down (~0.5 µs a call, for rows below what was read before only)
        states: np.ndarray | None = None
        if placed is not None:
            states = placed.states()
        if document_filters:
            documents = _document_rows(db, filters)
            states = documents.astype("u1") if states is None else _both_states(states, documents)
        checks: list[str] = []
        values: list[Any] = []
        if states is not None:
            if placed is not None and placed.low > placed.runs.first:
                db.create_function("duban_unit_taken", 1, placed.reader(db))
                checks.append(
                    "(substr(?, documents_fts.rowid + 1, 1) = x'01' OR (substr(?, documents_fts.rowid + 1, 1) "
                    "= x'02' AND duban_unit_taken(documents_fts.rowid)))"
                )
                values += [states.tobytes()] * 2
            else:
                checks.append("substr(?, documents_fts.rowid + 1, 1) = x'01'")
                values.append(states.tobytes())
        if taken is not None:
            checks.append(
                "documents_fts.rowid IN (SELECT d.id FROM documents d WHERE d.doc_id IN "
                "(SELECT value FROM json_each(?)))"
            )
            values.append(taken)
        condition = " AND ".join(checks)
        if sort == "relevance":
            # the share of the documents the filters may take (a unit's rows not read yet count)
            share = 1.0
            if states is not None and taken is None:
                share = int((states != 0).sum()) / max(1, len(states))
            chosen, total = _taken_page(db, match, condition, values, limit, offset, share)
        else:
            # sorted by deadline over every match taken, the score breaking ties: bm25 for each
            score = f"CASE WHEN {condition} THEN {_DOCUMENT_SCORE} END" if checks else _DOCUMENT_SCORE
            window = (
                f"(SELECT rowid AS id, {score} AS score FROM documents_fts WHERE documents_fts MATCH ? "
                f"ORDER BY rowid DESC LIMIT {TOTAL_CAP + 1}) AS hit"
            )
            rows = db.execute(
                f"SELECT hit.id, hit.score, d.first_due FROM {window} JOIN documents d ON d.id = hit.id "
                "WHERE hit.score IS NOT NULL",
                [*values, match],
            ).fetchall()
            # only the page's rows are ordered (as `sorted(rows)[:n]`, ties alike)
            first = heapq.nsmallest(
                offset + limit, rows, key=lambda row: (row[2] is None, row[2] or "", -row[1], row[0])
            )
            chosen = [(rowid, score) for rowid, score, _ in first[offset:]]
            total = min(len(rows), TOTAL_CAP)
    else:
        hits = _all_hits("documents_fts")
        source = (
            f"{hits} JOIN documents d ON d.id = hit.id" if match is not None else _NO_HITS + " documents d"
        )
        params = ([match] if match is not None else []) + params
        order = "hit.score DESC, d.id" if match is not None else "d.id"
        if sort == "deadline":
            order = f"d.first_due IS NULL, d.first_due, {order}"
        condition = " AND ".join(where) or "1"
        chosen = db.execute(
            f"SELECT d.id, hit.score FROM {source} WHERE {condition} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        total = _count(db, f"SELECT 1 FROM {source} WHERE {condition}", params)
    found = {
        row[0]: row[1:]
        for row in _rows(
            db,
            # a document hit shows neither its relays nor its progress statements: left out in SQL
            # (a law's are 15 KB of a 16 KB record, read into typed records at ~0.5 ms a hit)
            "SELECT id, doc_id, source, title, kind, text, json_remove(record, '$.relays', '$.progress'), "
            "ingested_at FROM documents",
            [i for i, _ in chosen],
        )
    }
    listed = []
    for rowid, value in chosen:
        doc_id, src, title, kind, text, stored, ingested_at = found[rowid]
        listed.append(
            Found(
                doc_id,
                src,
                text,
                json.loads(stored),
                float(value),
                title=title,
                kind=kind,
                ingested_at=ingested_at,
            )
        )
    return listed, total


def _taken_page(
    db: sqlite3.Connection,
    match: str,
    condition: str,
    values: Sequence[Any],
    limit: int,
    offset: int,
    share: float = 1.0,
) -> tuple[list[tuple[int, float]], int]:
    """A page of a filtered document search by relevance, as (row id, score), and its total: the
    matches the filters take among the newest `TOTAL_CAP + 1`, the newest `RANK_WINDOW` of them
    ranked by FTS5's bm25 (ties by row id) and the older ones after them, newest first, as an
    unfiltered document search and a measure search list theirs. Every page comes from that one
    order, and the total counts every match taken (up to the cap).

    bm25 is computed for the window's rows (and any older row the page shows) only: ranking
    every match taken computed it for up to 10,001 long documents, 26 ms of a department's topic
    search at a million generated measures. When the filters take a large `share` of the
    documents, the taken ids are read with the filters' checks only and the window scored in a
    second statement (`_document_scores`), over the window's few matches. When they take less
    than `ONE_STATEMENT_SHARE`, the window is spread over many matches (`kind:minutes 人民政府`:
    120 of the newest 10,001, from the newest to the oldest), and a second statement read them
    all again, positions and all (25-30 ms at a million real measures): one statement then
    reads the taken ids and scores the first `RANK_WINDOW` of them as the scan reaches them
    (`duban_ranked` counts the rows taken, called for those only: ~0.7 µs a call). The scores
    are FTS5's own either way, so the answer is the same."""
    if share >= ONE_STATEMENT_SHARE or not condition:
        taken = _taken_ids(db, match, condition, values)
        scores: dict[int, float] = {}
        needed = taken[:RANK_WINDOW]
    else:
        counted = itertools.count(1)
        db.create_function("duban_ranked", 0, lambda: next(counted) <= RANK_WINDOW)
        # the filters' checks once a match; CASE evaluates a THEN only when its WHEN holds, so the
        # counter sees the taken rows only, and a taken row past the window is marked by a string
        rows = db.execute(
            f"SELECT id, score FROM (SELECT rowid AS id, CASE WHEN {condition} THEN CASE WHEN duban_ranked() "
            f"THEN {_DOCUMENT_SCORE} ELSE '' END END AS score FROM documents_fts WHERE documents_fts MATCH ? "
            f"ORDER BY rowid DESC LIMIT {TOTAL_CAP + 1}) WHERE score IS NOT NULL",
            [*values, match],
        ).fetchall()[:TOTAL_CAP]
        taken = [rowid for rowid, _ in rows]
        scores = dict(rows[:RANK_WINDOW])
        needed = []
    window = taken[:RANK_WINDOW]
    older = taken[max(offset, RANK_WINDOW) : offset + limit]
    scores.update(_document_scores(db, match, needed + older))
    ranked = sorted(window, key=lambda rowid: (-scores[rowid], rowid))
    page = (ranked + older)[offset:] if offset < RANK_WINDOW else older
    return [(rowid, scores[rowid]) for rowid in page[:limit]], len(taken)


ONE_STATEMENT_SHARE = 0.3  # `_taken_page` scores its window in the reading statement below this


def _taken_ids(db: sqlite3.Connection, match: str, condition: str, values: Sequence[Any]) -> list[int]:
    """The matches the filters take among the newest `TOTAL_CAP + 1`, newest first (at most
    `TOTAL_CAP`), read with the filters' checks only (no bm25)."""
    taken_id = f"CASE WHEN {condition} THEN rowid END" if condition else "rowid"
    return [
        rowid
        for (rowid,) in db.execute(
            f"SELECT id FROM (SELECT {taken_id} AS id FROM documents_fts WHERE documents_fts MATCH ? "
            f"ORDER BY rowid DESC LIMIT {TOTAL_CAP + 1}) WHERE id IS NOT NULL",
            [*values, match],
        )
    ][:TOTAL_CAP]


def _document_scores(db: sqlite3.Connection, match: str, rowids: Sequence[int]) -> dict[int, float]:
    """FTS5's bm25 of these matching document rows (as `_all_hits` scores), in one statement:
    the matches over their range of row ids, those listed picked by one byte a row (`substr`, as
    the filters are read), so bm25 runs for them only. One statement, so the phrases' counts for
    their idf (each match of each phrase in the index) are made once."""
    if not rowids:
        return {}
    marks = bytearray(max(rowids) + 1)
    for rowid in rowids:
        marks[rowid] = 1
    rows = db.execute(
        f"SELECT rowid, {_DOCUMENT_SCORE} FROM documents_fts WHERE documents_fts MATCH ? "
        "AND rowid BETWEEN ? AND ? AND substr(?, rowid + 1, 1) = x'01'",
        [match, min(rowids), max(rowids), bytes(marks)],
    )
    return dict(rows.fetchall())


class _UnitRows:
    """The documents holding a measure that a unit or role filter takes, as a mask over the
    documents' row ids (`mask[id]`), read from the newest measure ids down as far as a search
    needs (`cover`): `low` is the lowest measure id from which all the filter's ids are placed,
    so the mask is exact for every document whose run of ids starts there or above. A document
    search with a text needs the documents of its window only (the newest 10,001 matches: the
    newest third of the documents for a common topic), and reading all of a unit's ids cost a
    department in 16% of a million generated measures 14 ms at its first search."""

    def __init__(
        self, db: sqlite3.Connection, filters: Filters, names: list[str] | None, runs: _RunIndex
    ) -> None:
        import numpy as np

        self.names = names
        self.roles = filters.unit_roles()
        self.runs = runs
        self.mask = np.zeros(int(runs.rows.max()) + 1 if len(runs.rows) else 0, dtype=bool)
        self.low = runs.end  # nothing read yet
        self.read = 0  # ids read
        if names is not None and len(names) > NAMES_IN_SQL:
            self.cover(db)  # a range of ids is a seek per (name, role): of many names, read all
        else:
            # a window of TOTAL_CAP + 1 matches holds as many documents, so the newest that many
            # rows are read now (a text with fewer matches reads less than it would need); what
            # they hold tells how many ids the rest have: when reading them all costs less than
            # asking for the window's rows one by one, they are read too
            newest = TOTAL_CAP + 1
            self.cover(db, len(self.mask) - newest)
            if self.read * max(len(self.mask) - newest, 0) <= READ_ALL_IDS * newest:
                self.cover(db)
        self._listed: tuple[str, bool] | None = None
        self._states: tuple[int, np.ndarray] | None = None

    def cover(self, db: sqlite3.Connection, row: int = 0) -> None:
        """Read the filter's ids that the documents from row `row` up need and place them."""
        need = self.runs.lowest_from(row)
        if need >= self.low:
            return
        if need <= self.runs.first:
            need = 0
        for ids in self._read(db, need, self.low):
            self.mask[self.runs.place(ids)] = True
            self.read += len(ids)
        self.low = need
        self._listed = None

    def _read(self, db: sqlite3.Connection, low: int, high: int) -> list[np.ndarray]:
        """The filter's measure ids in [low, high), from the units' index: a range of each
        (name, role) entry, or every entry of the names when the whole of them is wanted."""
        roles = self.roles
        whole = low == 0 and high >= self.runs.end
        bounds = "" if whole else " AND measure_id >= ? AND measure_id < ?"
        span = () if whole else (low, high)
        if self.names is None:
            sql = f"SELECT group_concat(measure_id) FROM units WHERE 1{_role_condition(roles)}{bounds}"
            return [_joined_ids(db, sql, [*(roles or ()), *span])]
        if not whole and roles is None:
            roles = _all_roles(db)  # the range is one index seek per (name, role)
        parts = []
        for i in range(0, len(self.names), 500):
            chunk = self.names[i : i + 500]
            sql = (
                f"SELECT group_concat(measure_id) FROM units WHERE name IN ({', '.join('?' * len(chunk))})"
                f"{_role_condition(roles)}{bounds}"
            )
            parts.append(_joined_ids(db, sql, [*chunk, *(roles or ()), *span]))
        return parts

    def states(self) -> np.ndarray:
        """Each document row's state as one byte: 1 taken, 0 not (or no measures), 2 not read
        yet (its run starts below `low`)."""
        import numpy as np

        if self._states is None or self._states[0] != self.low:
            read = self.runs.start_of_row[: len(self.mask)] >= self.low
            self._states = (self.low, np.where(read, self.mask, 2).astype(np.uint8))
        return self._states[1]

    def reader(self, db: sqlite3.Connection) -> Callable[[int], bool]:
        """Whether a row not read yet is taken, for one search's window (its matches come
        newest first): a row below what this search has read reads the ids down to `READ_STEP`
        rows below it, twice as many rows at each further call, so a window reaching far down
        reads in a few ranges and never much past its oldest row. The mask is looked up as bytes
        (a numpy element costs twice as much, and this is called for each such match)."""
        read = len(self.mask)
        flags = b""
        step = READ_STEP

        def taken(row: int) -> bool:
            nonlocal read, flags, step
            if row < read:
                read = max(row - step, 0)
                self.cover(db, read)
                flags = self.mask.tobytes()
                step *= 2
            return flags[row] == 1

        return taken

    def listed(self, db: sqlite3.Connection) -> tuple[str, bool]:
        """The rows taken as a JSON list, or those not taken if they are fewer (True then: a
        common unit is in most documents, and SQLite reads a long list in ~0.4 µs an entry)."""
        self.cover(db)
        if self._listed is None:
            rows = self.runs.rows
            held = self.mask[rows]
            negated = 2 * int(held.sum()) > len(rows)
            chosen = rows[~held if negated else held]
            self._listed = ("[" + ",".join(map(str, chosen.tolist())) + "]", negated)
        return self._listed


def _unit_documents(db: sqlite3.Connection, filters: Filters, names: list[str] | None) -> _UnitRows | None:
    """The documents holding a measure that a unit or role filter alone takes, to be read as far
    as a search needs (`_UnitRows.cover`), or None when the filter has another measure condition
    (status, deadlines) or some document's measures are not one run of ids.

    The filter's measure ids are read from the units' (name, role, measure_id) index only, and
    each is placed in its document by the documents' runs of ids (`_document_runs`, schema 11): reading
    each measure's row for its doc_id cost a unit in 16% of a million generated measures (财政局,
    162,000 of them) 140-440 ms CPU a search. What is read is kept until the file changes, like a
    filter's ids (`_unit_side`)."""
    if filters.unit is None and filters.role is None:
        return None
    if not replace(filters.measure_part(), unit=None, role=None).is_empty():
        return None
    key = (*file_version(db), filters.unit_roles(), *(names or ()))
    found = _UNIT_DOCUMENTS.get(key)
    if found is None:
        runs = _document_runs(db)
        if runs is None:
            return None
        found = _UnitRows(db, filters, names, runs)
        _keep(_UNIT_DOCUMENTS, key, found, 32)
    return found


_UNIT_DOCUMENTS: dict[tuple[Any, ...], _UnitRows] = {}


def _all_roles(db: sqlite3.Connection) -> tuple[str, ...]:
    """Every role the units' table holds, one seek each on its (role, measure_id) index, kept
    until the file changes: a unit filter of any role read over a range of ids names them, so
    that each (name, role) entry is one index range."""
    key = file_version(db)
    found = _ROLES_SEEN.get(key)
    if found is None:
        roles: list[str] = []
        while (
            row := db.execute(
                "SELECT role FROM units WHERE role > ? ORDER BY role LIMIT 1", (roles[-1] if roles else "",)
            ).fetchone()
        ) is not None:
            roles.append(row[0])
        found = tuple(roles)
        _ROLES_SEEN.clear()
        _ROLES_SEEN[key] = found
    return found


_ROLES_SEEN: dict[tuple[int, int], tuple[str, ...]] = {}


class _RunIndex:
    """The documents' runs of measure ids as a search places ids by them: the runs' lowest and
    highest ids and their documents' rows, in order of their lowest id (`place`); every
    document's row (`rows`); each row's lowest id (`start_of_row`, `end` for a row without
    measures); the lowest id of the documents from a row up (`lowest_from`); and the lowest
    id of any run (`first`) and one past the highest (`end`)."""

    def __init__(self, starts: np.ndarray, ends: np.ndarray, with_runs: np.ndarray, rows: np.ndarray) -> None:
        import numpy as np

        order = np.argsort(starts)  # runs do not overlap: no two start alike (a stable sort took 2 ms more)
        self.starts, self.ends, self.run_rows = starts[order], ends[order], with_runs[order]
        self.end = int(ends.max()) + 1 if len(ends) else 0
        self.first = int(self.starts[0]) if len(starts) else 0
        self.rows = rows
        lowest = np.full(int(rows.max()) + 2 if len(rows) else 1, self.end, dtype=np.int64)
        lowest[with_runs] = starts
        self.start_of_row = lowest
        self._from = np.minimum.accumulate(lowest[::-1])[::-1]

    def place(self, ids: np.ndarray) -> np.ndarray:
        """The rows of the documents holding these measure ids (an id in no run left out): a
        binary search among the runs, in numpy."""
        import numpy as np

        at = np.searchsorted(self.starts, ids, side="right") - 1
        inside = at >= 0
        inside[inside] &= ids[inside] <= self.ends[at[inside]]
        return self.run_rows[at[inside]]

    def lowest_from(self, row: int) -> int:
        """The lowest measure id of the documents whose row is `row` or above."""
        return int(self._from[min(max(row, 0), len(self._from) - 1)])


def _document_rows(db: sqlite3.Connection, filters: Filters) -> np.ndarray:
    """The documents the document filters of `filters` take, as a mask over their row ids, read
    from the filters' indexes on `documents` (`SELECT id`: each holds the row id) and kept until
    the file changes (`_document_side` keeps their measures' runs)."""
    import numpy as np

    fields = filters.document_part()
    key = (*file_version(db), fields)
    found = _DOCUMENT_ROWS.get(key)
    if found is None:
        where, params = _document_conditions(fields)
        ids = _joined_ids(
            db, f"SELECT group_concat(d.id) FROM documents d WHERE {' AND '.join(where)}", params
        )
        found = np.zeros(int(ids.max()) + 1 if len(ids) else 0, dtype=bool)
        found[ids] = True
        _keep(_DOCUMENT_ROWS, key, found, 32)
    return found


_DOCUMENT_ROWS: dict[tuple[Any, ...], np.ndarray] = {}


def _both_states(states: np.ndarray, documents: np.ndarray) -> np.ndarray:
    """A unit filter's states of the rows (`_UnitRows.states`) where the document filters take
    the row, else 0 (a row past either's end is not taken)."""
    size = min(len(states), len(documents))
    return states[:size] * documents[:size]


def _joined_ids(db: sqlite3.Connection, sql: str, params: Sequence[Any]) -> np.ndarray:
    """The ids an SQL `group_concat` joins, as a numpy array: SQLite joins them in about a tenth
    of the time Python takes to make a tuple of each row."""
    import numpy as np

    (joined,) = db.execute(sql, params).fetchone()
    return np.fromstring(joined or "", dtype=np.int64, sep=",")


def _document_runs(db: sqlite3.Connection) -> _RunIndex | None:
    """Every document's run of measure ids (schema 11: its lowest id and count), read from a
    covering index on `documents` and kept until the file changes; None if some document's
    measures are not one run (the migration from schema 10 found them so)."""
    import numpy as np

    key = file_version(db)
    found = _DOCUMENT_RUNS.get(key)
    if found is not None or key in _DOCUMENT_RUNS:
        return found
    *joined, scattered = db.execute(_ALL_RUNS).fetchone()
    if scattered:
        found = None
    else:
        lowest, counts, rows = (np.fromstring(each or "", dtype=np.int64, sep=",") for each in joined)
        taken = counts > 0  # a document without measures has no run
        found = _RunIndex(lowest[taken], lowest[taken] + counts[taken] - 1, rows[taken], rows)
    _DOCUMENT_RUNS.clear()
    _DOCUMENT_RUNS[key] = found
    return found


_DOCUMENT_RUNS: dict[tuple[int, int], _RunIndex | None] = {}
# each document: its lowest measure id, its count and its row, from the covering index on
# (kind, doc_id, first_measure, measure_count); and how many with measures have no run (NULL)
# (three lists joined in one pass, in the same order: 10 ms for 50,000 documents where one list
# of the three joined as text took 21 and rows as tuples 24)
_ALL_RUNS = (
    "SELECT group_concat(coalesce(first_measure, -1)), group_concat(measure_count), group_concat(id), "
    "count(*) FILTER (WHERE first_measure IS NULL AND measure_count > 0) "
    "FROM documents INDEXED BY documents_kind"
)


@record
class _Side:
    """One side of a query: the newest ids it selects, and whether that is all of them."""

    name: str
    ids: list[int]
    complete: bool


_PAGE = f"SELECT m.id, {MEASURE_COLUMNS} FROM measures m JOIN documents d ON d.doc_id = m.doc_id"


def _rows(
    db: sqlite3.Connection,
    select: str,
    ids: Sequence[int],
    where: str = "",
    params: Sequence[Any] = (),
    column: str | None = None,
    tail: str = "",
) -> list[Any]:
    """`select` (from `measures`, perhaps aliased `m`, or keyed by `column`) for these ids, then
    `tail` (an ORDER BY … LIMIT)."""
    if not ids:
        return []
    column = column or ("m.id" if "measures m" in select else "id")
    listed = ",".join(map(str, map(int, ids)))  # integers only, so inlined: no JSON to parse
    sql = f"{select} WHERE {column} IN ({listed}){f' AND ({where})' if where else ''}{' ' + tail if tail else ''}"
    return db.execute(sql, params).fetchall()


# id lists newest first; `{below}` takes the "older than" bound of a deeper read
_TEXT_IDS = "SELECT rowid FROM measures_fts WHERE measures_fts MATCH ?{below} ORDER BY rowid DESC"
_DOC_IDS = "SELECT id FROM measures WHERE doc_id = ?{below} ORDER BY id DESC"
_STATUS_IDS = "SELECT id FROM measures WHERE {condition}{below} ORDER BY id DESC"
_UNIT_BRANCH = "SELECT measure_id FROM units WHERE name = ? AND role = ?{below}"
_UNIT_NAMES_IDS = "SELECT measure_id FROM units WHERE name IN ({names}){role}{below} ORDER BY measure_id DESC"
_ROLE_BRANCH = "SELECT measure_id FROM units WHERE role = ?{below}"
_ALL_IDS = "SELECT id FROM measures WHERE 1{below} ORDER BY id DESC"
_DEADLINE_IDS = "SELECT measure_id FROM deadlines WHERE {condition}{below} ORDER BY measure_id DESC"
# the documents a document filter takes: their lowest measure ids and how many each has, joined in
# the same order, from the filter's index on `documents` alone (schema 11): one run of ids from
# there, or NULL (-1 here) when the file's migration found its measures not one run; and how many
# documents with measures have no run
_DOCUMENT_RANGES = (
    "SELECT group_concat(coalesce(d.first_measure, -1)), group_concat(d.measure_count), "
    "count(*) FILTER (WHERE d.first_measure IS NULL AND d.measure_count > 0) FROM documents d WHERE {condition}"
)
# the same of at most `few` documents, and how many they are (`_number_share`)
_FEW_RANGES = (
    "SELECT group_concat(coalesce(first_measure, -1)), group_concat(measure_count), "
    "count(*) FILTER (WHERE first_measure IS NULL AND measure_count > 0), count(*) "
    "FROM (SELECT d.first_measure, d.measure_count FROM documents d WHERE {condition} LIMIT {few})"
)


# read a side from its newest id, or older than an id, or (all of it) within [low, high)
_Bound = int | tuple[int, int] | None


def _ids(
    db: sqlite3.Connection,
    sql: str,
    params: Sequence[Any],
    before: _Bound,
    depth: int,
    **parts: str,
) -> tuple[list[int], bool]:
    """Distinct ids, newest first, from the template `sql` (read at most `depth + 1` rows deep,
    older than `before` if given, or all those in a range), and whether that was all."""
    column = sql.split()[1]
    limit = f" LIMIT {int(depth) + 1}"
    if isinstance(before, tuple):
        below, limit = f" AND {column} < {int(before[1])} AND {column} >= {int(before[0])}", ""
    else:
        below = "" if before is None else f" AND {column} < {int(before)}"
    rows = db.execute(f"{sql.format(below=below, **parts)}{limit}", params).fetchall()
    ids = [rowid for (rowid,) in rows]
    return list(dict.fromkeys(ids)), not limit or len(rows) <= depth


class _KeptReads:
    """A side's reads (`_ids`) within one search, kept as the newest ids read and the range
    they cover whole, so that a later read that falls inside it is answered from it, and one
    reaching below it reads only the ids below. A search whose sides are all common reads again
    under each round's boundary (`DEEPER_READS`), and the text read on to the cap in one round
    had already gone far below that boundary when the filter is the rarer side: `kind:minutes
    第三十三条` read the phrase 10,001 deep four times over at a million real measures (~30 ms
    each), mostly the same matches. The answers are those of reading each time (the same ids,
    newest first, and the same `complete`)."""

    def __init__(self, read: Callable[[_Bound, int], tuple[list[int], bool]]) -> None:
        self._read = read
        self._high: int | None = None  # the ids read are every one under this (None: all) ...
        self._ids: list[int] = []  # ... down to the oldest of them, newest first
        self._complete = False  # and there are none older
        self._started = False

    def __call__(self, before: _Bound, depth: int) -> tuple[list[int], bool]:
        ids = self._ids
        if isinstance(before, tuple):  # all of a range [low, high)
            held = self.covered(*before)
            return (held, True) if held is not None else self._read(before, depth)
        if not self._covers(before):
            found, complete = self._read(before, depth)
            self._high, self._ids, self._complete, self._started = before, list(found), complete, True
            return found, complete
        # newest first: the first id under `before` is where its negation sorts after -before
        known = ids[0 if before is None else bisect_right(ids, -before, key=neg) :]
        if len(known) > depth:
            return known[: depth + 1], False
        if self._complete:  # nothing older
            return known, True
        if before is not None and before < ids[-1]:  # below what was read: not kept
            return self._read(before, depth)
        more, complete = self._read(ids[-1], depth - len(known))
        ids.extend(more)
        self._complete = complete
        return known + more, complete

    def covered(self, low: int, high: int) -> list[int] | None:
        """All the ids of the range [low, high), newest first, if the reads kept cover it, else
        None (a range read then: `_text_among` for the text beside older candidate ids)."""
        ids = self._ids
        if self._covers(high) and (self._complete or (ids and low >= ids[-1])):
            return [rowid for rowid in ids if low <= rowid < high]
        return None

    def _covers(self, before: int | None) -> bool:
        """Whether the ids read hold every id under `before` down to their oldest."""
        if not self._started:
            return False
        return self._high is None or (before is not None and before <= self._high)


def _text_among(db: sqlite3.Connection, reading: str, ids: Sequence[int], high: int) -> set[int]:
    """Those of `ids` (newest first, under `high`) that FTS5 matches `reading`: the matches over
    their range,
    each taken or left by one byte a row (`substr`, ~0.15 µs) in SQLite. A text checked on a
    filter's older ids read every match of the range into Python first: 14,000-20,000 of a
    common phrase (`第二十二条` beside `issuer:国办印发《`'s 5,900 ids, `人民代表大会` beside
    `单位:省人民政府`), ~1.5 µs a row of tuples and ints, for the few among the ids."""
    low = ids[-1]
    marks = bytearray(high - low)
    for rowid in ids:
        marks[rowid - low] = 1
    rows = db.execute(
        "SELECT rowid FROM measures_fts WHERE measures_fts MATCH ? AND rowid >= ? AND rowid < ? "
        "AND substr(?, rowid - ? + 1, 1) = x'01'",
        [reading, low, high, bytes(marks), low],
    )
    return {rowid for (rowid,) in rows}


def _roles(db: sqlite3.Connection, name: str) -> list[str]:
    """The roles a unit name has, one index seek each (not a scan of all its rows)."""
    roles: list[str] = []
    while True:
        found = db.execute(
            "SELECT role FROM units WHERE name = ? AND role > ? ORDER BY role LIMIT 1",
            (name, roles[-1] if roles else ""),
        ).fetchone()
        if found is None:
            return roles
        roles.append(found[0])


def _deadline_ids(
    db: sqlite3.Connection, filters: Filters, before: _Bound, depth: int
) -> tuple[list[int], bool]:
    """A deadline side's ids as `_ids` reads them. With both bounds of a period (`时限:2021-12`)
    SQLite reads every deadline of the period from (due, kind, measure_id) and sorts them all to
    give the newest 10,001 (28 ms for a month's 30,000 at a million measures), and a read over an
    older range of ids went through (measure_id, …), every deadline of the range (48-75 ms for
    `时限:2021-12 督办`): the period's rows are read once, unsorted, kept (`_deadline_rows`), and
    each read is cut from them."""
    where, params = _deadline_conditions(filters)
    if filters.deadline_after is None or filters.deadline_before is None:
        return _ids(db, _DEADLINE_IDS, params, before, depth, condition=" AND ".join(where))
    import numpy as np

    rows = _deadline_rows(db, filters)
    if isinstance(before, tuple):  # all of a range [low, high)
        low, high = (int(np.searchsorted(rows, bound)) for bound in before)
        return list(dict.fromkeys(rows[low:high][::-1].tolist())), True
    high = len(rows) if before is None else int(np.searchsorted(rows, before))
    # the rows `ORDER BY measure_id DESC LIMIT depth + 1` gives (a measure with two deadlines in
    # the period is two rows), and whether that was all
    newest = rows[max(0, high - int(depth) - 1) : high][::-1].tolist()
    return list(dict.fromkeys(newest)), high <= depth


def _deadline_rows(db: sqlite3.Connection, filters: Filters) -> np.ndarray:
    """The measure id of every deadline row in a period (both bounds), ascending, one an id per
    row: read through SQLite's `group_concat` from (due, kind, measure_id), sorted by numpy, and
    kept until the file changes (a month at a million measures: 30,000 rows, 7-10 ms, where
    SQLite's sorted read of the newest 10,001 cost 22-33)."""
    import numpy as np

    key = (*file_version(db), *_deadline_key(filters))
    found = _DEADLINE_ROWS.get(key)
    if found is None:
        where, params = _deadline_conditions(filters)
        joined = f"SELECT group_concat(measure_id) FROM deadlines WHERE {' AND '.join(where)}"
        found = np.sort(_joined_ids(db, joined, params))
        _keep(_DEADLINE_ROWS, key, found, 16)
    return found


def _deadline_key(filters: Filters) -> tuple[str | None, str | None, str | None]:
    return filters.deadline_after, filters.deadline_before, filters.deadline_kind


_DEADLINE_ROWS: dict[tuple[Any, ...], np.ndarray] = {}


def _deadline_conditions(filters: Filters) -> tuple[list[str], list[Any]]:
    return _given(
        ("due >= ?", filters.deadline_after),
        ("due <= ?", filters.deadline_before),
        ("kind = ?", filters.deadline_kind),
    )


def _given(*pairs: tuple[str, Any]) -> tuple[list[str], list[Any]]:
    """The SQL conditions, and their parameters, of the (condition, value) pairs whose value is set."""
    chosen = [(sql, value) for sql, value in pairs if value is not None]
    return [sql for sql, _ in chosen], [value for _, value in chosen]


def _ranked_page(table: str, window: int) -> str:
    """The best-ranked of the newest `window` matches of a full-text table, as `hit(id, score,
    alt)`: bm25 is computed for the window only, not for every match of a common term; `alt` is
    bm25 with the bigrams weighted as the words (`_phrase_total` reads the phrase's count from
    the two; the second call reuses the first's statistics)."""
    return (
        f"(SELECT rowid AS id, -bm25({table}, 1.0, 0.5) AS score, -bm25({table}, 1.0, 1.0) AS alt "
        f"FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT {int(window)}) AS hit"
    )


_ONE_PHRASE = re.compile(r'grams : "[^"]*"')


def _phrase_total(
    db: sqlite3.Connection, match: str, ranked: Sequence[tuple[int, float, float]]
) -> int | None:
    """The total of a document search whose expression is one bigram phrase, read from the scores
    FTS5's bm25 gave a listed document, or None (count it).

    bm25 counts every document holding each phrase for its idf (30-48 ms for 人民政府 at a
    million measures), and counting the matches to the cap read them all again (15-38 ms). For
    one phrase its count is the total, and each score is idf·f·(k1+1)/(f + K), with f the
    phrase's weighted frequency in the document: the same document scored with the bigrams
    weighted 0.5 and 1.0 gives 1/s = 1/(2.2·idf) + K/(2.2·idf·f) twice, f doubled, so
    idf = 1/(2.2·(2/alt − 1/score)), and idf = log((N − n + 0.5)/(n + 0.5)) gives the count n
    (N, the rows FTS5 counts, from its averages record). Any doubt (a count not within 1e-4 of
    a whole number, a score of 0) falls back to counting; so does a phrase in half the rows or
    more, whose idf FTS5 floors at 1e-6, unless half the rows is past the cap."""
    if not ranked or not _ONE_PHRASE.fullmatch(match):
        return None
    _, score, alt = ranked[0]
    if not (score > 0 and alt > 0) or 2 / alt - 1 / score <= 0:
        return None
    idf = 1 / (2.2 * (2 / alt - 1 / score))
    rows = _fts_rows(db, "documents_fts")
    if abs(idf - 1e-6) < 1e-9:
        return TOTAL_CAP if rows / 2 >= TOTAL_CAP else None
    ratio = math.exp(idf)
    hits = (rows + 0.5 - 0.5 * ratio) / (1 + ratio)
    whole = round(hits)
    if abs(hits - whole) > 1e-4 or not 0 < whole <= rows:
        return None
    return min(whole, TOTAL_CAP)


def _fts_rows(db: sqlite3.Connection, table: str) -> int:
    """The rows of an FTS5 table as its bm25 counts them: the first varint of its averages
    record (`%_data` row 1)."""
    found = db.execute(f"SELECT block FROM {table}_data WHERE id = 1").fetchone()
    value = 0
    for i, byte in enumerate(found[0][:9] if found else b""):
        if i == 8:
            return (value << 8) | byte
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value
    return value


_DOCUMENT_SCORE = "-bm25(documents_fts, 1.0, 0.5)"  # as `_all_hits` scores


def _all_hits(table: str) -> str:
    """The newest `TOTAL_CAP + 1` matches of a full-text table as `hit(id, score)`, to filter."""
    return (
        f"(SELECT rowid AS id, -bm25({table}, 1.0, 0.5) AS score FROM {table} WHERE {table} MATCH ? "
        f"ORDER BY rowid DESC LIMIT {TOTAL_CAP + 1}) AS hit"
    )


# without a text query every row is a hit with score 0
_NO_HITS = "(SELECT 0.0 AS score) AS hit,"


def _count(db: sqlite3.Connection, sql: str, params: Sequence[Any]) -> int:
    """The number of rows `sql` selects, counted up to `TOTAL_CAP`."""
    return int(db.execute(f"SELECT count(*) FROM ({sql} LIMIT {TOTAL_CAP})", params).fetchone()[0])


def measure_conditions(filters: Filters, names: list[str] | None = None) -> tuple[list[str], list[Any]]:
    """SQL conditions (over `measures m` joined to `documents d`) for `filters`: each measure
    filter is a probe of a covering index by `m.id`. `names` are the unit names that the unit
    filter matches (`unit_names`): Python decides which names a unit filter takes, so SQL is
    given them, as one JSON list (人民政府 matches thousands)."""
    where, params = _document_conditions(filters.document_part())
    if filters.unit is not None or filters.role is not None:
        unit: list[str] = []
        if filters.unit is not None:
            if names is None:
                raise ValueError("a unit filter needs the names it matches (unit_names)")
            unit.append("u.name IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(names, ensure_ascii=False))
        roles = filters.unit_roles()
        if roles is not None:
            unit.append(_role_condition(roles, "u.role").removeprefix(" AND "))
            params.extend(roles)
        # the measures read from the units' (name, role, measure_id) index, not each measure
        # probed for its units: `--docs` with `单位:民政` (75 names) and a text probed every
        # measure of a million real ones once per name, 47-80 s CPU; read so, 30-50 ms (a unit
        # in 16% of the measures, 0.3 s: each of its measures' rows is still read for its doc_id)
        where.append(f"m.id IN (SELECT u.measure_id FROM units u WHERE {' AND '.join(unit)})")
    due, due_params = _deadline_conditions(filters)
    if due:
        where.append(f"EXISTS (SELECT 1 FROM deadlines WHERE measure_id = m.id AND {' AND '.join(due)})")
        params.extend(due_params)
    if filters.status == UNSET:
        where.append(f"{EFFECTIVE_M} IS NULL")
    elif filters.status is not None:
        where.append(f"{EFFECTIVE_M} = ?")
        params.append(filters.status)
    return where, params


def _document_conditions(filters: Filters) -> tuple[list[str], list[Any]]:
    where, params = _given(
        ("d.doc_id = ?", filters.doc_id),
        ("d.kind = ?", filters.kind),
        (_number_condition(filters.doc_number), filters.doc_number),
        ("d.date >= ?", filters.date_from),
        ("d.date <= ?", filters.date_to),
        # both stores write `ingested_at` as UTC `…+00:00`, the form the bounds are parsed to
        ("d.ingested_at >= ?", filters.ingested_after),
        ("d.ingested_at <= ?", filters.ingested_before),
    )
    if filters.issuer is not None:  # where a word of the issuer starts, as for units
        condition, bounds = starts.issuer_condition("d.issuer", filters.issuer)
        where.append(condition)
        params.extend(bounds)
    return where, params


def _number_condition(number: str | None) -> str:
    """A document number's test, as a substring of each document's number, ASCII letters in
    either case: SQLite's built-in `lower()` folds A-Z only (no ICU is loaded), so a number
    without an ASCII letter (`〔2019〕128号`, `示政办`) is the same substring either way, and is
    tested without `lower()`, which was most of the test's cost (a scan of 50,000 numbers 18-24
    → 6-10 ms CPU at a million generated measures, load 5-6)."""
    if number is not None and _ASCII_LETTER.search(number) is None:
        return "instr(d.doc_number, ?) > 0"
    return "instr(lower(d.doc_number), lower(?)) > 0"


_ASCII_LETTER = re.compile("[A-Za-z]")


def _role_condition(roles: tuple[str, ...] | None, column: str = "role") -> str:
    """` AND role IN (?, …)` for the roles a role filter takes (`Filters.unit_roles`), else ``."""
    if roles is None:
        return ""
    return f" AND {column} IN ({', '.join('?' * len(roles))})"


def facet_counts(db: sqlite3.Connection, query: Query, filters: Filters) -> tuple[Facets, int]:
    """Counts over every measure `query` finds, up to `FACET_CAP`: the candidates a search pages
    through; and how many it found. Four grouped reads over up to 10,000 ids cost a few hundred
    milliseconds, and a page of results asks for the same facets again and again: the answer is
    kept until the file changes (Elasticsearch's request cache does the same for aggregations)."""
    key = (
        *file_version(db),
        *settings(),
        fts_expression(query),
        tuple(term.run for term in query.excluded),
        filters,
    )
    found = _FACETS_SEEN.get(key)
    if found is None:
        found = _facet_counts(db, query, filters)
        _keep(_FACETS_SEEN, key, found, 256)
    return {name: dict(counts) for name, counts in found[0].items()}, found[1]


_FACETS_SEEN: dict[tuple[Any, ...], tuple[Facets, int]] = {}


def settings() -> tuple[float, ...]:
    """The planner's limits, part of what kept answers are keyed by (tests change them)."""
    return (
        TOTAL_CAP,
        RANK_WINDOW,
        PROBE_IDS,
        NAMES_IN_SQL,
        DEEPER_READS,
        FIRST_TEXT_READ,
        RELAXED_CHECK,
        ONE_STATEMENT_SHARE,
    )


def _facet_counts(db: sqlite3.Connection, query: Query, filters: Filters) -> tuple[Facets, int]:
    names = unit_names(db, filters.unit) if filters.unit is not None else None
    found: list[int] = []
    if names is None or names:
        found, _, _ = candidates_of(db, query, fts_expression(query), filters, names, FACET_CAP)
    listed = ",".join(map(str, map(int, found[:FACET_CAP])))  # integers only, so inlined
    if not listed:
        return {"by_unit": {}, "by_status": {}, "by_kind": {}, "by_deadline_month": {}}, 0

    def pairs(sql: str) -> dict[str, int]:
        return {str(key): int(n) for key, n in db.execute(sql.format(ids=listed))}

    counts = {
        "by_unit": pairs(
            f"""SELECT name, count(DISTINCT measure_id) FROM units WHERE measure_id IN ({{ids}})
                GROUP BY name ORDER BY 2 DESC, 1 LIMIT {FACET_UNITS}"""
        ),
        "by_status": pairs(
            f"""SELECT coalesce({EFFECTIVE}, '{UNSET}'), count(*) FROM measures WHERE id IN ({{ids}})
                GROUP BY 1 ORDER BY 2 DESC, 1"""
        ),
        "by_kind": pairs(
            """SELECT d.kind, count(*) FROM measures m JOIN documents d ON d.doc_id = m.doc_id
               WHERE m.id IN ({ids}) GROUP BY 1 ORDER BY 2 DESC, 1"""
        ),
        "by_deadline_month": pairs(
            """SELECT substr(due, 1, 7), count(DISTINCT measure_id) FROM deadlines
               WHERE measure_id IN ({ids}) AND due IS NOT NULL GROUP BY 1 ORDER BY 1"""
        ),
    }
    return counts, len(found)


def _keep(kept: dict[_K, _V], key: _K, value: _V, most: int) -> None:
    """Keep `value` under `key` in one of the planner's caches, emptied when it holds `most`: each
    is keyed by the file's version and what was asked, so an entry of an older version is never
    asked again and a full cache starts over rather than grow in a long-lived process."""
    if len(kept) >= most:
        kept.clear()
    kept[key] = value
