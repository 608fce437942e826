"""The word starts of unit names and issuers stored in the SQLite file (`index.sqlite.starts`):
written once with the name, read by the unit and issuer filters as a key range, filled in an
older file by its migration, and cut again when the dictionaries change."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from duban.index import open_store
from duban.index.filters import Filters
from duban.index.spellings import cutting_key, lowered_starts
from duban.index.sqlite import planner, starts
from duban.index.sqlite_store import SCHEMA_VERSION
from duban.index.testing import joint, load, minutes, policy, welfare

TYPED = ("民政", "政府", "人民政府", "市政府", "发改委", "教育局", "政局", "财政", "5g", "育局")


def _answers(path: Path) -> dict[tuple[str, str], tuple[int, list[str]]]:
    """What each typed name finds as a unit and as an issuer: total and measure ids."""
    found = {}
    with open_store(str(path)) as store:
        for typed in TYPED:
            for field in ("unit", "issuer"):
                result = store.search("", Filters(**{field: typed}), limit=50)
                found[(field, typed)] = (result.total, sorted(hit.measure_id or "" for hit in result.hits))
    return found


def _rows(path: Path, table: str) -> set[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return set(conn.execute(f"SELECT start, name FROM {table}").fetchall())
    finally:
        conn.close()


def test_a_name_is_cut_once_when_it_is_first_written(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with open_store(str(path)) as store:
        load(store, policy(), welfare(), joint())
    units = _rows(path, "unit_starts")
    assert {(start, "市民政局") for start in lowered_starts("市民政局")} <= units
    assert ("民政府", "各区人民政府") not in units and ("政府", "各区人民政府") in units
    issuers = _rows(path, "issuer_starts")
    assert ("教育局", "示范市发展改革委、示范市教育局") in issuers, "each body of a joint issuer"
    assert {name for _, name in issuers} == {
        "示范市人民政府办公室",
        "示范市民政局",
        "示范市发展改革委、示范市教育局",
    }


def test_the_filters_read_the_stored_starts_and_cut_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search neither cuts a name nor reads one that was not stored with its starts."""
    path = tmp_path / "new.db"
    with open_store(str(path)) as store:
        load(store, policy(), minutes(), welfare(), joint())

    def refuse(name: str) -> list[str]:
        raise AssertionError(f"cut at query time: {name}")

    monkeypatch.setattr(starts, "lowered_starts", refuse)
    with open_store(str(path)) as store:
        assert store.search("", Filters(unit="民政")).total == 2
        assert store.search("", Filters(issuer="民政")).total == len(welfare().measures)
        assert store.search("", Filters(issuer="政府")).total == len(policy().measures) + len(
            minutes().measures
        )
        assert store.search("", Filters(unit="民政"), target="documents").total == 1
        db = store._db()  # type: ignore[attr-defined]
        assert planner.unit_names(db, "民政") == ["各级民政部门", "市民政局"]


def test_an_older_file_gains_the_starts_and_answers_as_a_new_one(tmp_path: Path) -> None:
    """A version-8 file (no starts tables) is given every name's and issuer's starts once when
    it is opened: the unit and issuer filters then answer as on a file made new."""
    new, old = tmp_path / "new.db", tmp_path / "old.db"
    for path in (new, old):
        with open_store(str(path)) as store:
            load(store, policy(), minutes(), welfare(), joint())
    expected = _answers(new)
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute("DROP TABLE unit_starts")
    conn.execute("DROP TABLE issuer_starts")
    conn.execute("DROP INDEX documents_issuer")
    conn.execute("DELETE FROM meta WHERE key = 'starts'")
    conn.execute("PRAGMA user_version = 8")
    conn.close()
    assert _answers(old) == expected
    assert expected[("issuer", "民政")][0] == len(welfare().measures)
    assert expected[("unit", "育局")][0] == 0
    for table in starts.TABLES:
        assert _rows(old, table) == _rows(new, table), table
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT value FROM meta WHERE key = 'starts'").fetchone() == (cutting_key(),)
    conn.close()


def test_starts_cut_under_other_dictionaries_are_cut_again(tmp_path: Path) -> None:
    """A file whose starts were cut under another unit lexicon or alias list (another key) has
    them cut again, once, when a process with the current ones opens it."""
    path = tmp_path / "lexicon.db"
    with open_store(str(path)) as store:
        load(store, policy(), welfare())
    kept = _rows(path, "unit_starts")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DELETE FROM unit_starts WHERE name = '市民政局'")
    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'starts'")
    conn.close()
    with open_store(str(path)) as store:
        assert store.search("", Filters(unit="民政")).total == 2
    assert _rows(path, "unit_starts") == kept


def test_an_issuer_filter_finds_the_measures_of_documents_ingested_long_ago(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issuer filter reads the measures of the documents it takes as a side of its own:
    checked only on the newest measures read (up to the cap, a few times), an issuer whose
    documents came in first found none of theirs once newer documents outnumbered them."""
    monkeypatch.setattr(planner, "TOTAL_CAP", 3)
    monkeypatch.setattr(planner, "DEEPER_READS", 0)
    path = tmp_path / "old-first.db"
    with open_store(str(path)) as store:
        load(store, joint(), welfare(), policy(), minutes())  # the joint issuer's measure is the oldest
        assert [hit.text for hit in store.search("", Filters(issuer="教育局")).hits] == [
            joint().measures[0].text
        ]
        assert store.search("经费", Filters(issuer="发改委")).total == 1
        assert store.search("", Filters(issuer="民政", unit="民政")).total == 2
        assert store.search("", Filters(issuer="育局")).total == 0


def test_starts_made_with_the_row_are_written_without_cutting_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ingest worker cuts its document's names (`records.ready_row`); the one writer only
    inserts them, and stores what it would have cut itself."""
    from duban.index.analysis import Analyzer
    from duban.index.records import ready_row

    rows = [ready_row(doc, doc.doc_id, Analyzer()) for doc in (policy(), welfare(), joint())]
    assert all(row.starts is not None and row.starts.key == cutting_key() for row in rows)
    assert rows[1].starts is not None and rows[1].starts.names["市民政局"] == tuple(
        lowered_starts("市民政局")
    )
    expected = tmp_path / "cut_here.db"
    with open_store(str(expected)) as store:
        load(store, policy(), welfare(), joint())

    def no_cutting(name: str) -> list[str]:
        raise AssertionError(f"the writer cut {name}")

    monkeypatch.setattr(starts, "lowered_starts", no_cutting)
    path = tmp_path / "cut_by_worker.db"
    with open_store(str(path)) as store:
        store.write_many([(row, row.doc_id) for row in rows])
    for table in starts.TABLES:
        assert _rows(path, table) == _rows(expected, table)


def test_starts_made_under_another_key_are_cut_again_by_the_writer(tmp_path: Path) -> None:
    """A worker whose dictionaries differed (another key) sent starts the writer does not take."""
    from dataclasses import replace

    from duban.index.analysis import Analyzer
    from duban.index.records import ReadyStarts, ready_row

    row = ready_row(welfare(), welfare().doc_id, Analyzer())
    wrong = replace(row, starts=ReadyStarts(cutting_key() + 1, {"市民政局": ("错",)}))
    path = tmp_path / "other_key.db"
    with open_store(str(path)) as store:
        store.write(wrong, wrong.doc_id)
    assert {(start, "市民政局") for start in lowered_starts("市民政局")} <= _rows(path, "unit_starts")
    assert ("错", "市民政局") not in _rows(path, "unit_starts")
