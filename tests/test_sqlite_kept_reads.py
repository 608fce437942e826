"""What the SQLite planner keeps within one search, and how it spells out ids, must not change an
answer: a search whose sides are all common reads again under each round's boundary
(`planner.DEEPER_READS`), and its text's reads are kept (`planner._KeptReads`) so that a later
round takes the ids it already read and reads only those below them; a document side's newest ids
are cut from its runs by numpy (`_DocumentSide.newest`); a window's terms that are one run each
are counted by `str.count` alone (`ranking._counter`). Each is compared here with the way it
replaced (reading each time, a run at a time, `_term_frequency` for every term)."""

from __future__ import annotations

import random
from bisect import bisect_right
from pathlib import Path

import numpy as np
import pytest

from duban.base.model import Metadata, Unit
from duban.index import open_store, sqlite_store
from duban.index.analysis import Analyzer, Query, fold
from duban.index.filters import Filters
from duban.index.sqlite import planner, ranking
from duban.index.testing import Item, load, make_document

Read = tuple[list[int], bool]


def _direct(matches: list[int], before: planner._Bound, depth: int) -> Read:
    """What `planner._ids` gives for ids `matches` (newest first): all of a range, or the newest
    `depth + 1` under `before` and whether that was all."""
    if isinstance(before, tuple):
        return [m for m in matches if before[0] <= m < before[1]], True
    below = [m for m in matches if before is None or m < before]
    return below[: depth + 1], len(below) <= depth


def test_kept_reads_answer_as_reading_each_time() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        matches = sorted(rng.sample(range(200), rng.randint(0, 60)), reverse=True)
        kept = planner._KeptReads(lambda before, depth, m=matches: _direct(m, before, depth))  # type: ignore[misc]
        for _ in range(8):
            draw = rng.random()
            if draw < 0.2:
                low = rng.randint(0, 200)
                before: planner._Bound = (low, rng.randint(low, 210))
            else:
                before = None if draw < 0.3 else rng.randint(0, 210)
            depth = rng.randint(0, 30)
            assert kept(before, depth) == _direct(matches, before, depth), (matches, before, depth)


def test_a_deeper_read_reads_only_below_what_was_kept() -> None:
    matches = list(range(1000, 0, -1))
    asked: list[tuple[planner._Bound, int]] = []

    def read(before: planner._Bound, depth: int) -> Read:
        asked.append((before, depth))
        return _direct(matches, before, depth)

    kept = planner._KeptReads(read)
    assert kept(None, 99) == _direct(matches, None, 99)  # ids 1000..901
    # a later round under 950 wants 100 ids: the 49 kept (949..901) and 51 read below 901
    assert kept(950, 99) == _direct(matches, 950, 99)
    assert asked[1] == (901, 50)
    # inside what was read, nothing is read again
    assert kept(990, 9) == _direct(matches, 990, 9)
    assert kept((870, 900), 99) == _direct(matches, (870, 900), 99)
    assert len(asked) == 2


def _run_by_run(side: planner._DocumentSide, below: int | None, low: int, depth: int | None) -> Read:
    """`_DocumentSide.newest` as it was written, a run at a time."""
    top = below - 1 if below is not None else (side.highs[-1] if side.highs else 0)
    found: list[int] = []
    i = bisect_right(side.lows, top) - 1
    while i >= 0 and side.highs[i] >= low:
        first, last = min(top, side.highs[i]), max(low, side.lows[i])
        found.extend(range(first, last - 1, -1))
        if depth is not None and len(found) > depth:
            return found[: depth + 1], False
        i -= 1
    return found, True


def test_document_side_newest_ids_are_those_of_its_runs() -> None:
    rng = random.Random(1)
    for _ in range(1500):
        lows: list[int] = []
        highs: list[int] = []
        at = rng.randint(0, 5)
        for _ in range(rng.randint(0, 12)):
            at += rng.randint(0, 4)
            size = rng.randint(1, 5)
            lows.append(at)
            highs.append(at + size - 1)
            at += size
        order = rng.sample(range(len(lows)), len(lows))  # runs come in any order
        side = planner._DocumentSide(
            np.array([lows[i] for i in order], dtype=np.int64),
            np.array([highs[i] for i in order], dtype=np.int64),
        )
        for _ in range(10):
            below = None if rng.random() < 0.3 else rng.randint(0, at + 3)
            low = rng.randint(0, at + 3) if rng.random() < 0.5 else 0
            depth = None if rng.random() < 0.3 else rng.randint(0, 20)
            assert side.newest(below, low, depth) == _run_by_run(side, below, low, depth)


def test_terms_of_one_run_are_counted_as_term_frequency_counts_them() -> None:
    analyzer = Analyzer()
    texts = [
        "市住房城乡建设局负责老旧小区改造，年底前完成老旧小区改造第三批。",
        "第三十四条 村民委员会应当协助做好燃气安全检查，第三十四条所列事项按月报送。",
        "國務院辦公廳印發通知，要求各地做好燃氣管網更新改造。",  # folded before counting
        "各区人民政府牵头，区人民政府办公室配合，确保按时完成。",
    ]
    rows = list(enumerate(texts))
    for typed in ["第三十四条", "燃气管网改造", "人民政府 老旧小区", "国务院办公厅", "市、区人民政府"]:
        parsed = analyzer.parse_query(typed)
        relaxed = parsed.relaxed()
        for query in [parsed, *([relaxed] if relaxed is not None else [])]:
            terms = [(term.runs, term.words) for term in query.terms]
            counted = ranking._counter(terms)
            for _, text in rows:
                expected = [ranking._term_frequency(runs, words, text) for runs, words in terms]
                assert counted(text) == expected, (typed, text)
            assert ranking.scores(query, rows)  # every text scored


def _folding_every_text(query: Query, rows: list[tuple[int, str]]) -> dict[int, float]:
    """`ranking.scores` as it was written: every text a term is missing from is folded (the
    counts compared; the weighting of counts is `ranking.weighted` either way)."""
    terms = [(term.runs, term.words) for term in query.terms]
    frequencies = []
    for _, text in rows:
        found = [ranking._term_frequency(runs, words, text) for runs, words in terms]
        if not all(found):
            again = [ranking._term_frequency(runs, words, fold(text)) for runs, words in terms]
            found = [tf or tf_folded for tf, tf_folded in zip(found, again, strict=True)]
        frequencies.append(found)
    return ranking.weighted(rows, frequencies)


def test_a_window_scores_the_same_without_folding_texts_folding_cannot_change() -> None:
    """A text is folded for its counts only when it holds a character other than itself that
    folds into a character of the terms (`ranking.scores`): the scores are those of folding every
    text a term is missing from, over texts with traditional, compatibility and full-width forms."""
    analyzer = Analyzer()
    rng = random.Random(5)
    pieces = [
        "第三十四条",
        "第三",
        "四條",
        "㈢十四",
        "燃气",
        "燃氣",
        "管网",
        "管網",
        "改造",
        "國務院",
        "国务院",
        "办公厅",
        "辦公廳",
        "人民政府",
        "区",
        "區",
        "ＡＢ",
        "ab",
        "，",
        "。",
        "老旧小区",
    ]
    rows = [(i, "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))) for i in range(300)]
    for typed in ["第三十四条", "燃气管网改造", "人民政府 老旧小区", "国务院办公厅", "ab 改造", "区"]:
        parsed = analyzer.parse_query(typed)
        for query in [parsed, *([parsed.relaxed()] if parsed.relaxed() is not None else [])]:
            assert ranking.scores(query, rows) == _folding_every_text(query, rows), typed


def _store(path: Path) -> None:
    """40 documents of 4 measures, one policy in five: every policy measure holds the topic, and
    the first measure of one minutes document in seven. With small limits a `kind:minutes` search
    of the topic then reads several rounds, both its sides common, the text read in the first
    one far below the boundary the minutes set (as `kind:minutes 第三十三条` at a million real
    measures)."""
    with open_store(str(path)) as store:
        for i in range(40):
            kind = "policy" if i % 5 == 0 else "minutes"
            meta = Metadata(f"示范市第{i + 1}号文件", kind, None, "示范市人民政府", "2021-01-01")
            topical = [kind == "policy" or (j == 0 and i % 7 == 0) for j in range(4)]
            items = [
                Item(
                    f"第{i + 1}批燃气管网改造第{j + 1}项" if topic else f"第{j + 1}项按月通报",
                    [Unit("市住房城乡建设局", "lead")],
                )
                for j, topic in enumerate(topical)
            ]
            load(store, make_document(f"d{i + 1}.txt", meta, items))


@pytest.mark.parametrize("query", ["kind:minutes 燃气管网", "kind:minutes 燃气管网改造", "kind:minutes 改造"])
def test_a_search_of_several_rounds_answers_as_reading_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    path = tmp_path / "kept.db"
    _store(path)
    monkeypatch.setattr(planner, "TOTAL_CAP", 12)
    monkeypatch.setattr(planner, "FIRST_TEXT_READ", 4)
    monkeypatch.setattr(planner, "RANK_WINDOW", 5)
    monkeypatch.setattr(planner, "PROBE_IDS", 2)  # no side is small enough to drive
    monkeypatch.setattr(planner, "COMMON_DOCUMENTS", 1.0)
    rows: list[int] = []
    read_ids = planner._ids

    def counted(db: object, sql: str, *args: object, **parts: str) -> Read:
        found = read_ids(db, sql, *args, **parts)  # type: ignore[arg-type]
        if sql == planner._TEXT_IDS:
            rows.append(len(found[0]))
        return found

    monkeypatch.setattr(planner, "_ids", counted)

    def answer() -> list[tuple[int, list[tuple[str | None, float]]]]:
        with open_store(str(path)) as store:
            sqlite_store._PAGES_SEEN.clear()  # each page searched, not kept from the other run
            planner._TEXTS_SEEN.clear()
            pages = [store.search(query, Filters(), limit=5, offset=offset) for offset in (0, 5, 10)]
        return [(page.total, [(hit.measure_id, hit.score) for hit in page.hits]) for page in pages]

    kept = answer()
    kept_rows = sum(rows)
    rows.clear()
    monkeypatch.setattr(planner, "_KeptReads", lambda read: read)  # each round reads again
    again = answer()
    assert kept == again
    assert kept[0][0] > 0
    assert kept_rows < sum(rows)  # the later rounds took the ids the first had read
