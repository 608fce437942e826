"""The full-text rows a write transaction holds for its end (`schema.held`, `writing._TextRows`):
the full-text tables hold the same terms as rows inserted with each document, a rollback leaves
none behind, and a document written and removed in one transaction leaves no term."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from duban.index.analysis import Analyzer
from duban.index.records import DocumentRow, prepare, ready_row
from duban.index.sqlite.schema import connect, transaction
from duban.index.sqlite.writing import delete_document, write_row
from duban.index.testing import joint, minutes, policy, welfare

URL = "sqlite:///held"


def rows() -> list[DocumentRow]:
    analyzer = Analyzer()
    return [ready_row(doc, doc.doc_id, analyzer) for doc in (policy(), minutes(), welfare(), joint())]


def terms(db: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every (term, row, column, offset) each full-text table holds, read through `fts5vocab`."""
    found = {}
    for table in ("documents_fts", "measures_fts"):
        db.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_terms USING fts5vocab(main, {table}, instance)"
        )
        found[table] = sorted(db.execute(f"SELECT term, doc, col, offset FROM temp.{table}_terms"))
    return found


def test_rows_held_for_the_commit_are_the_rows_written_with_each_document(tmp_path: Path) -> None:
    made = rows()
    analyzer = Analyzer()
    held, _ = connect(tmp_path / "held.db", URL)
    with transaction(held, URL):
        for row in made:
            write_row(held, row, row.ready, analyzer)
        # the batch's full-text rows wait for the commit (one statement a table there)
        assert held.execute("SELECT count(*) FROM documents_fts_docsize").fetchone() == (0,)
        assert held.execute("SELECT count(*) FROM documents").fetchone() == (len(made),)
    at_once, _ = connect(tmp_path / "at_once.db", URL)
    for row in made:  # outside a transaction: each document's rows go in with it
        write_row(at_once, row, row.ready, analyzer)
        assert at_once.execute("SELECT count(*) FROM documents_fts_docsize").fetchone()[0] > 0
    found = terms(held)
    assert found["documents_fts"] and found["measures_fts"]
    assert found == terms(at_once)
    measures = held.execute("SELECT count(*) FROM measures").fetchone()[0]
    assert held.execute("SELECT count(*) FROM measures_fts_docsize").fetchone() == (measures,)
    held.close()
    at_once.close()


def test_a_rolled_back_transaction_leaves_no_full_text_rows(tmp_path: Path) -> None:
    made = rows()
    analyzer = Analyzer()
    db, _ = connect(tmp_path / "index.db", URL)
    with pytest.raises(RuntimeError), transaction(db, URL):
        write_row(db, made[0], made[0].ready, analyzer)
        raise RuntimeError("a failed batch")
    assert terms(db) == {"documents_fts": [], "measures_fts": []}
    with transaction(db, URL):  # nothing held from the batch that failed comes along
        write_row(db, made[1], made[1].ready, analyzer)
    rowids = {row[1] for row in terms(db)["documents_fts"]}
    assert rowids == {db.execute("SELECT id FROM documents").fetchone()[0]}
    assert db.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    db.close()


def test_a_document_written_and_removed_in_one_transaction_leaves_no_term(tmp_path: Path) -> None:
    made = rows()
    analyzer = Analyzer()
    db, _ = connect(tmp_path / "index.db", URL)
    with transaction(db, URL):
        for row in made[:2]:
            write_row(db, row, row.ready, analyzer)
        assert delete_document(db, made[0].doc_id)
    kept = terms(db)
    assert {row[1] for row in kept["documents_fts"]} == {
        db.execute("SELECT id FROM documents WHERE doc_id = ?", (made[1].doc_id,)).fetchone()[0]
    }
    alone, _ = connect(tmp_path / "alone.db", URL)
    with transaction(alone, URL):
        write_row(alone, made[0], made[0].ready, analyzer)  # the same row ids as above, then removed
        write_row(alone, made[1], made[1].ready, analyzer)
    with transaction(alone, URL):
        delete_document(alone, made[0].doc_id)
    assert kept == terms(alone)
    db.close()
    alone.close()


def test_a_row_without_ready_tokens_is_held_too(tmp_path: Path) -> None:
    """A store given documents (not a worker's rows) makes the tokens in the writer: the same terms."""
    made = rows()
    analyzer = Analyzer()
    plain, _ = connect(tmp_path / "plain.db", URL)
    with transaction(plain, URL):
        for doc in (policy(), minutes(), welfare(), joint()):
            write_row(plain, prepare(doc, doc.doc_id), None, analyzer)
    ready, _ = connect(tmp_path / "ready.db", URL)
    with transaction(ready, URL):
        for row in made:
            write_row(ready, row, row.ready, analyzer)
    assert terms(plain) == terms(ready)
    plain.close()
    ready.close()
