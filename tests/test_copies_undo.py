"""Undoing a hand-set status on one copy of a directive stored twice undoes what was carried to
the other copy, and only that; what the store's JSON says when a removed directive's copies come
back. Every directive here is written for these tests, through the real CLI over a SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from duban.base.stored import Correction
from duban.index import open_store
from duban.index.store import DocumentSummary
from duban.pipeline.corrections import carried_with
from duban.pipeline.status import directive_name
from tests.test_copies import (
    CHROME_TOP,
    TASKS,
    _two_copies,
    cli,
    directive,
    documents,
    ledger,
    write,
)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'duban.db'}"


def corrections(url: str) -> list[Correction]:
    with open_store(url) as store:
        return store.corrections(include_undone=True)


def _record_id(said: str) -> str:
    return said.rsplit("记录编号 ", 1)[1].split("）", 1)[0]


def test_undoing_a_status_set_on_a_copy_undoes_it_on_the_governing_one(tmp_path: Path, url: str) -> None:
    copy, head = _two_copies(tmp_path, url)
    before = ledger(url, tmp_path)[2]["状态"]
    made = _record_id(
        cli(
            "correct",
            "set",
            copy.measures[2].measure_id,
            "已完成",
            "-m",
            "现场查看",
            "--by",
            "王五",
            "--index",
            url,
        )
    )
    assert ledger(url, tmp_path)[2]["状态"] == "已完成" != before
    carried = [c for c in corrections(url) if c.follows == made]
    assert len(carried) == 1 and carried[0].doc_id == head.doc_id
    said = cli("correct", "undo", made, "--by", "赵六", "--index", url)
    assert carried[0].id in said and "一并撤销" in said
    assert ledger(url, tmp_path)[2]["状态"] == before
    kept = {c.id: c for c in corrections(url)}
    for done in (made, carried[0].id):  # both stay in the history, with who undid them and when
        assert kept[done].undone_by == "赵六" and kept[done].undone_at
    assert kept[made].note == "现场查看"


def test_undoing_the_carried_one_undoes_the_one_it_came_from(tmp_path: Path, url: str) -> None:
    """Staff see the carried status in the ledger, on the governing copy, and undo it there: the
    copy's own one goes too, or the next ingest of the 文号 would carry it back."""
    copy, _ = _two_copies(tmp_path, url)
    made = _record_id(
        cli("correct", "set", copy.measures[0].measure_id, "逾期", "--by", "王五", "--index", url)
    )
    carried = next(c for c in corrections(url) if c.follows == made)
    cli("correct", "undo", carried.id, "--by", "王五", "--index", url)
    assert all(c.undone_at for c in corrections(url))
    cli(
        "ingest", str(write(tmp_path / "third" / "notice.txt", CHROME_TOP + directive(TASKS))), "--index", url
    )
    assert not [c for c in corrections(url) if not c.undone_at]


def test_a_status_set_by_hand_on_the_governing_copy_stays_when_the_copys_is_undone(
    tmp_path: Path, url: str
) -> None:
    copy, head = _two_copies(tmp_path, url)
    theirs = _record_id(
        cli("correct", "set", copy.measures[1].measure_id, "已完成", "--by", "王五", "--index", url)
    )
    assert ledger(url, tmp_path)[1]["状态"] == "已完成"
    mine = _record_id(
        cli("correct", "set", head.measures[1].measure_id, "推进中", "--by", "张三", "--index", url)
    )
    assert len([c for c in corrections(url) if c.doc_id == head.doc_id and not c.undone_at]) == 2
    said = cli("correct", "undo", theirs, "--by", "王五", "--index", url)
    assert "一并撤销" in said
    active = [c for c in corrections(url) if not c.undone_at]
    assert [c.id for c in active] == [mine]
    assert ledger(url, tmp_path)[1]["状态"] == "推进中"


def test_a_status_that_came_back_with_a_released_copy_is_undone_on_both(tmp_path: Path, url: str) -> None:
    """Set on the governing copy, which is then deleted: the copy that comes back carries the
    status; undoing it there undoes the first one as well (their history is one)."""
    copy, head = _two_copies(tmp_path, url)
    made = _record_id(
        cli("correct", "set", head.measures[2].measure_id, "滞后", "--by", "张三", "--index", url)
    )
    cli("delete", head.doc_id, "--index", url)
    back = next(c for c in corrections(url) if c.follows == made)
    assert back.doc_id == copy.doc_id and ledger(url, tmp_path)[2]["状态"] == "滞后"
    cli("correct", "undo", back.id, "--by", "张三", "--index", url)
    assert all(c.undone_at for c in corrections(url))


def test_carried_with_follows_the_links_either_way_and_nothing_else() -> None:
    first = Correction(id="1", doc_id="a")
    carried = Correction(id="2", doc_id="b", follows="1")
    again = Correction(id="3", doc_id="c", follows="2")
    by_hand = Correction(id="4", doc_id="b")
    elsewhere = Correction(id="5", doc_id="d", follows="9")
    active = [first, carried, again, by_hand, elsewhere]
    assert {c.id for c in carried_with(first, active)} == {"2", "3"}
    assert {c.id for c in carried_with(again, active)} == {"1", "2"}
    assert carried_with(by_hand, active) == []


def test_prune_json_lists_the_copies_that_came_back(tmp_path: Path, url: str) -> None:
    copy, head = _two_copies(tmp_path, url)
    Path(head.source).unlink()
    assert json.loads(cli("prune", "--dry-run", "--json", "--index", url))["returned"] == []
    said = json.loads(cli("prune", "--json", "--index", url))
    assert [row["doc_id"] for row in said["removed"]] == [head.doc_id]
    assert said["returned"] == [
        {
            "doc_id": copy.doc_id,
            "sources": list(copy.sources),
            "title": copy.doc.title,
            "copy_of": head.doc_id,
        }
    ]
    assert documents(url)[Path(copy.source).name].copy_of is None
    # nothing removed, nothing back: the field is there, empty
    assert json.loads(cli("prune", "--json", "--index", url)) == {
        "dry_run": False,
        "removed": [],
        "returned": [],
    }


def test_a_copy_named_by_path_number_or_title_is_found_without_reading_every_summary(
    tmp_path: Path, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`directive_name` asks the store's indexes (source paths, numbers, titles), not the summary
    of every numbered document: a web ledger filtered by a path or 文号 paid that each request."""
    copy, head = _two_copies(tmp_path, url)
    read: list[int] = []
    with open_store(url) as store:
        summaries = store.summaries

        def counted(ids: Iterable[str], head: int = 0) -> dict[str, DocumentSummary]:
            wanted = list(ids)
            read.append(len(wanted))
            return summaries(wanted, head)

        monkeypatch.setattr(store, "summaries", counted)
        named = {
            name: directive_name(store, name)
            for name in (
                copy.source,
                copy.doc_id,
                "松政办发[2026]第21号",
                "不存在的文件.txt",
                "国办发〔2020〕9号",
            )
        }
        monkeypatch.setattr(store, "summaries", summaries)
        assert named[copy.source] == head.doc_id and named[copy.doc_id] == head.doc_id
        # the number both share names the governing one through the copy's mark, as before
        assert named["松政办发[2026]第21号"] == head.doc_id
        assert (
            named["不存在的文件.txt"] == "不存在的文件.txt"
            and named["国办发〔2020〕9号"] == "国办发〔2020〕9号"
        )
        assert directive_name(store, str(copy.doc.title)) == head.doc_id  # the title they share
        assert directive_name(store, head.source) == head.source  # the governing one is named as given
    assert all(count <= 1 for count in read)  # only the governing one, for its presence
