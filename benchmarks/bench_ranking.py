"""Measure ranking: the SQLite planner's BM25 (computed in Python over the newest candidates)
against FTS5's own bm25(), for quality on the judged queries and for latency at scale.

    .venv/bin/python benchmarks/bench_ranking.py --quality sqlite:///dev.db      # 59 judged queries
    .venv/bin/python benchmarks/bench_ranking.py --latency sqlite:///real-1m.db  # text query kinds

The rankings compared (same candidates, same totals; only the order of the listed measures differs):

* `planner` — what the store does: BM25 from the measures' texts over the newest `RANK_WINDOW`
  (500) candidates (`duban.index.sqlite.ranking.scores`), older candidates after them.
* `fts5 window` — FTS5's bm25() (words weighted 1.0, bigrams 0.5, as the document search) for the
  same window; a candidate that the FTS5 expression does not match (a one-character term checked
  in SQL, a relaxed query's terms apart) scores 0.
* `fts5 all` — FTS5's bm25() over every candidate up to the cap (`RANK_WINDOW` = `TOTAL_CAP`):
  the best-scored of all matches first, as a search engine ranks.

Quality is recall@10 and MRR@10 of `eval_search.py` (its judgments, resolved leniently when the
extraction changed since they were written); latency is CPU ms per query, median and p95, of the
text query kinds of `bench_index.py`'s real mix, pages uncached.

Figures (2026-12-03, 2 cores, load about 7; the planner kept):

    ranking       R@10   MRR@10  changed top-10   CPU ms median / p95, text kinds at 1M real measures
    planner       0.832  0.723   -                 21.9 /  80.4
    fts5 window   0.832  0.699   23 of 59          33.1 / 136.6  (2-char term 27 / 36 against 12 / 13)
    fts5 all      0.832  0.699   23 of 59         104.9 / 223.5  (topic word 177 / 195 against 21 / 25)

The judged queries (dev corpus, 1,224 measures) rarely have more than 500 candidates, so both
FTS5 rankings order the same candidates and differ only by the scoring; the planner's BM25 over
the texts (a term's run, plus half its words found apart) puts the judged measures higher.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_index  # noqa: E402
import eval_search  # noqa: E402

from duban.index import open_store  # noqa: E402
from duban.index.analysis import Query  # noqa: E402
from duban.index.sqlite import planner  # noqa: E402
from duban.index.sqlite.matching import fts_expression  # noqa: E402
from duban.index.store import Store  # noqa: E402

MODES = ("planner", "fts5 window", "fts5 all")
TEXT_KINDS = (
    "unit name",
    "topic word",
    "rare word",
    "deadline word",
    "2-char term",
    "two terms",
    "unit filter + text",
    "status + text",
    "text, deadline sort",
)


class Scorer(Protocol):
    """`ranking.scores`'s signature, argument names included: a positional-only `Callable` would not
    stand in for it where the planner binds the name (`planner.bm25_scores`)."""

    def __call__(self, query: Query, rows: Sequence[tuple[int, str]]) -> dict[int, float]: ...


def fts5_scorer(db: sqlite3.Connection) -> Scorer:
    """`ranking.scores`'s signature, scored by FTS5's bm25() for the given ids."""

    def scores(query: Query, rows: Sequence[tuple[int, str]]) -> dict[int, float]:
        match = fts_expression(query)
        if not rows or match is None:
            return {rowid: 0.0 for rowid, _ in rows}
        # one read over the window's rowid range: with `rowid IN (…)` SQLite runs the MATCH (and
        # bm25's count of every phrase over the whole index) once per id
        low, high = min(rowid for rowid, _ in rows), max(rowid for rowid, _ in rows)
        found = dict(
            db.execute(
                "SELECT rowid, -bm25(measures_fts, 1.0, 0.5) FROM measures_fts "
                "WHERE measures_fts MATCH ? AND rowid BETWEEN ? AND ?",
                [match, low, high],
            ).fetchall()
        )
        return {rowid: float(found.get(rowid, 0.0)) for rowid, _ in rows}

    return scores


@contextmanager
def ranking(mode: str, store: Store) -> Iterator[None]:
    """The store ranks by `mode` inside (the planner's scorer and window swapped, then restored)."""
    saved = planner.bm25_scores, planner.RANK_WINDOW
    db = store._db()  # type: ignore[attr-defined]
    if mode != "planner":
        planner.bm25_scores = fts5_scorer(db)
    if mode == "fts5 all":
        planner.RANK_WINDOW = planner.TOTAL_CAP
    try:
        yield
    finally:
        planner.bm25_scores, planner.RANK_WINDOW = saved
        bench_index._forget_pages()


def quality(url: str, queries: Path) -> None:
    with open_store(url) as store:
        measures = {m.measure_id: m.text for m in store.iter_measures()}
        judged = eval_search.resolve(eval_search.load_queries(queries), measures, lenient=True)
        print(f"{len(judged)} judged queries over {len(measures):,} measures ({url})")
        print(f"{'ranking':<14}{'R@10':>7}{'MRR@10':>8}  changed top-10 lists")
        reference: dict[str, list[str]] = {}
        for mode in MODES:
            with ranking(mode, store):
                outcomes, changed = [], 0
                for item in judged:
                    hits = [h.measure_id or "" for h in store.search(item.query, limit=eval_search.K).hits]
                    reference.setdefault(item.query, hits)
                    changed += hits != reference[item.query]
                    outcomes.append(eval_search.score(item, hits))
            n = len(outcomes)
            print(
                f"{mode:<14}{sum(o.recall for o in outcomes) / n:>7.3f}"
                f"{sum(o.rr for o in outcomes) / n:>8.3f}  {changed}"
            )


def latency(url: str, rounds: int, seed: int) -> None:
    mix = bench_index.real_query_mix(bench_index.real_vocabulary(url))
    with open_store(url) as store:
        print(f"CPU ms per query, median / p95, {rounds} of each kind ({url}; load {_load()})", flush=True)
        for mode in MODES:
            rng = random.Random(seed)
            draws = [mix(rng) for _ in range(rounds + 1)]
            cpu: dict[str, list[float]] = {}
            with ranking(mode, store):
                for number, kinds in enumerate(draws):
                    for name, run in kinds:
                        if name not in TEXT_KINDS:
                            continue
                        bench_index._forget_pages()
                        started = time.process_time()
                        run(store)
                        if number:  # the first round warms up
                            cpu.setdefault(name, []).append((time.process_time() - started) * 1000)
            every = [t for values in cpu.values() for t in values]
            print(f"{mode}: all text kinds {statistics.median(every):.1f} / {bench_index._p95(every):.1f}")
            for name, values in cpu.items():
                print(
                    f"  {name:<22}{statistics.median(values):>8.1f} / {bench_index._p95(values):.1f}",
                    flush=True,
                )


def _load() -> str:
    import os

    return f"{os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quality", metavar="URL", help="index of the dev corpus, for the judged queries")
    parser.add_argument("--latency", metavar="URL", help="a large SQLite index (bench_index.py --real)")
    parser.add_argument("--queries", type=Path, default=eval_search.DEFAULT_QUERIES)
    parser.add_argument("--rounds", type=int, default=20, help="queries of each kind per ranking")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not (args.quality or args.latency):
        parser.error("give --quality URL and/or --latency URL")
    if args.quality:
        quality(args.quality, args.queries)
    if args.latency:
        latency(args.latency, args.rounds, args.seed)


if __name__ == "__main__":
    main()
