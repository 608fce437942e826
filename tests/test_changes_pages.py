"""A page of 本期变化 made by a store's own indexes (`ChangePages`) is the cut of the whole list.

Run on every store that offers `ChangePages`: SQLite here, Elasticsearch when DUBAN_ES_URL is set
(the server-free checks of its requests are in tests/test_store_es_changes.py). The documents are
the shared suite's samples, with units the unit narrowing finds or must not, and their changes
three saves with a note and four stamps kept as given (`testing.sample_changes`)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from duban.base.stored import StatusChange
from duban.index import open_store
from duban.index.store import ChangePages, Store
from duban.index.testing import load, minutes, policy, sample_changes, welfare
from duban.pipeline import changes as changes_mod
from duban.pipeline.changes import changes_page, list_changes, parse_since
from duban.pipeline.corrections import set_status, undo

ES_URL = os.environ.get("DUBAN_ES_URL")


@pytest.fixture(params=["sqlite", pytest.param("elasticsearch", marks=pytest.mark.integration)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        with open_store(f"sqlite:///{tmp_path / 'index.db'}") as opened:
            yield opened
        return
    if not ES_URL:
        pytest.skip("DUBAN_ES_URL not set")
    from duban.index.es_store import ElasticStore

    separator = "&" if "?" in ES_URL else "?"
    elastic = ElasticStore.from_url(f"{ES_URL}{separator}prefix=duban-test-{uuid.uuid4().hex[:10]}")
    yield elastic
    elastic.drop()


def _agree(store: Store, since: str | None, unit: str | None = None, directive: str | None = None) -> int:
    """Pages at several offsets and lengths are made by the index and equal the whole list's
    cut (lines, order, counts, JSON). The list's length."""
    whole = list_changes(store, since, directive=directive, unit=unit)
    total = len(whole.lines)
    for limit in (1, 4, 9, total + 3):
        for offset in sorted(
            o for o in {0, 1, 3, 8, total // 2, total - 2, total - 1, total, total + 1} if o >= 0
        ):
            made = changes_mod._page_in_index(
                store, since, directive, unit, offset, limit, store.corrections(include_undone=True)
            )
            assert made is not None, "made by the index, not cut from the whole list"
            assert made == whole.window(offset, limit), (since, unit, directive, offset, limit)
            assert changes_page(store, since, directive, unit, offset, limit).to_json() == whole.to_json(
                offset, limit
            )
    return total


def test_a_page_made_by_the_index_is_the_whole_lists_cut(store: Store) -> None:
    """Every group (新完成, 新增逾期, 新增滞后, 其他), a correction made and undone among the checks'
    lines, since the latest check and since a date, narrowed to units (any spelling, where a word
    of the name starts; one that names none) and to directives (by number, by title), both."""
    assert isinstance(store, ChangePages)
    load(store, policy(), minutes(), welfare())
    sample_changes(store)
    welfare_measure = next(m for m in store.iter_measures() if m.doc_id == welfare().doc_id)
    made = set_status(store, welfare_measure.measure_id, "done", "已核实", "孙八")
    undo(store, made.id, "孙八")
    early = parse_since("2000-01-01")
    whole = list_changes(store, early)
    assert all(whole.counts()[g] > 0 for g in ("done", "overdue", "lagging", "other"))
    assert _agree(store, early) == len(whole.lines) > 60
    assert _agree(store, None) > 0
    assert _agree(store, parse_since("2097-05-03")) > 0
    assert _agree(store, early, unit="民政") > 4
    assert _agree(store, early, unit="政府") > 4
    assert _agree(store, early, unit="不存在的单位") == 0
    number = "示政办〔2021〕3号"
    assert _agree(store, early, directive=number) > 4
    assert _agree(store, early, directive="示范市养老服务安全整治方案") > 4
    assert _agree(store, early, unit="民政", directive="示范市养老服务安全整治方案") > 2
    assert _agree(store, early, directive="不存在的文件") == 0


def test_a_page_deep_in_a_long_list(store: Store) -> None:
    """A page past 10,000 lines (Elasticsearch's `index.max_result_window`) is the same cut."""
    load(store, policy())
    stamps = ["2097-05-06T01:00:00.000+00:00", "2097-05-06T02:00:00.000+00:00"]
    doc_id = policy().doc_id
    statuses = ["done", "overdue", "relayed"]
    store.add_status_changes(
        StatusChange(
            f"{doc_id}:{n}", doc_id, None, statuses[n % 3], "2097-05-06", stamps[n % 2], "crosscheck"
        )
        for n in range(10_050)
    )
    since = parse_since("2000-01-01")
    whole = list_changes(store, since)
    assert len(whole.lines) == 10_050
    for offset, limit in ((0, 5), (6_695, 10), (9_995, 10), (10_030, 500)):
        page = changes_page(store, since, offset=offset, limit=limit)
        assert page == whole.window(offset, limit), (offset, limit)
