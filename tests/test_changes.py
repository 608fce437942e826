"""本期变化: each save of statuses records the statuses it changed, and `duban changes`, the
ledger's 本期变化 sheet and `/changes[.json]` list them grouped as a weekly report opens.

The documents are written here: a notice of a city office with three tasks (each with a lead
unit and a deadline far ahead, so that the re-check an ingest runs as of today leaves them
unexpired) and a progress report that says the first is finished and the second lags."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.base.model import Unit
from duban.base.stored import ReplacedMeasure, StatusChange, StoredMeasure
from duban.index import open_store
from duban.index.sqlite_store import SCHEMA_VERSION
from duban.index.store import Store
from duban.pipeline import changes as changes_mod
from duban.pipeline.app import create_app
from duban.pipeline.changes import changes_page, list_changes, parse_since
from duban.pipeline.cli import app
from duban.pipeline.corrections import set_status, undo
from duban.pipeline.ingest import ingest
from duban.pipeline.status import check_store
from duban.pipeline.status_saved import saved_check
from duban.pipeline.versions import pair_tasks

NOTICE = """松河市人民政府办公室关于落实街区改造三项任务的通知

松河政办发〔2097〕21号

各区人民政府，市政府各部门：
为改善街区面貌，现将三项任务安排如下：
一、完成排水管网清淤改造。对主城区排水管网全面清淤，更换破损管段。牵头单位：市水务局；配合单位：市住房城乡建设局；完成时限：2097年6月底前。
二、建成街道助老食堂。每个街道至少开办一处助老食堂，为老年人提供平价餐食。牵头单位：市民政局；完成时限：2097年9月底前。
三、整治沿街广告招牌。拆除破旧广告招牌，规范店招设置。牵头单位：市城市管理局；完成时限：2097年12月底前。

松河市人民政府办公室
2097年3月2日
"""

REPORT = """松河市街区改造工作专班关于街区改造任务推进情况的报告

市人民政府：
根据《松河市人民政府办公室关于落实街区改造三项任务的通知》（松河政办发〔2097〕21号）要求，现将推进情况报告如下：
一、排水管网清淤改造已全部完工，主城区破损管段已经更换，该项任务已完成。
二、街道助老食堂建设进度滞后，部分街道场地尚未落实，平价餐食还未供应。

松河市街区改造工作专班
2097年5月6日
"""

EARLY = "2097-04-01"  # before every deadline
LATE = "2098-01-20"  # after every deadline: the task nobody reports on is overdue


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _ingest(url: str, path: Path) -> None:
    report = ingest([path], index_url=url, progress=False)
    assert report.ingested == 1


@pytest.fixture
def url(tmp_path: Path) -> str:
    """An index holding the notice, checked once before the deadlines (every task unrelayed),
    then the report ingested (whose re-check, as of today, finds one task done, one lagging)."""
    index = f"sqlite:///{tmp_path / 'index.db'}"
    _ingest(index, _write(tmp_path, "notice.txt", NOTICE))
    with open_store(index) as store:
        check_store(store, EARLY)
    _ingest(index, _write(tmp_path, "report.txt", REPORT))
    return index


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    with open_store(url) as opened:
        yield opened


def _task(text: str) -> str:
    return text.split("。")[0]


def test_each_save_records_only_the_statuses_it_changed(store: Store) -> None:
    recorded = store.status_changes()
    by_cause: dict[str, list[tuple[str | None, str]]] = {}
    for change in reversed(recorded):
        by_cause.setdefault(change.cause, []).append((change.old, change.new))
    # the first check gives each task its first status; the re-check after the ingest changes two
    assert by_cause["crosscheck"] == [(None, "not_relayed")] * 3
    assert sorted(by_cause["ingest"]) == [("not_relayed", "done"), ("not_relayed", "lagging")]
    assert {c.as_of for c in recorded if c.cause == "crosscheck"} == {EARLY}
    notice = next(d for d in store.iter_documents() if d.doc.kind == "policy")
    assert {c.doc_id for c in recorded} == {notice.doc_id}
    # a check that changes nothing records nothing
    check_store(store, EARLY)
    assert store.status_changes() == recorded


def test_the_latest_check_is_what_the_list_shows_by_default(store: Store) -> None:
    found = list_changes(store)
    assert found.latest and found.since == store.status_changes(limit=1)[0].at
    groups = {
        key: [(_task(line.measure), line.old, line.new) for line in lines]
        for key, _, lines in found.grouped()
    }
    assert groups == {
        "done": [("一、完成排水管网清淤改造", "not_relayed", "done")],
        "overdue": [],
        "lagging": [("二、建成街道助老食堂", "not_relayed", "lagging")],
        "other": [],
    }
    (done,) = found.grouped()[0][2]
    assert done.units == ("市水务局", "市住房城乡建设局")
    assert done.doc_number == "松河政办发〔2097〕21号"
    assert done.cause_text == "入库后核查" and done.change_text == "未传达 → 已完成"
    assert found.summary() == "新完成 1 项，新增逾期 0 项，新增滞后 1 项，其他状态变化 0 项"
    # since long ago: the first check's first statuses too, under 其他
    everything = list_changes(store, parse_since("2000-01-01"))
    assert everything.counts() == {"done": 1, "overdue": 0, "lagging": 1, "other": 3}
    assert {line.old_text for line in everything.lines if line.group == "other"} == {"首次核查"}


def test_a_later_check_makes_the_unreported_task_newly_overdue(store: Store) -> None:
    check_store(store, LATE)
    found = list_changes(store)
    assert [(key, len(lines)) for key, _, lines in found.grouped()] == [
        ("done", 0),
        ("overdue", 1),
        ("lagging", 0),
        ("other", 0),
    ]
    (line,) = found.lines
    assert (_task(line.measure), line.old, line.new, line.as_of) == (
        "三、整治沿街广告招牌",
        "not_relayed",
        "overdue",
        LATE,
    )
    # the lagging task a body reports on is not overdue for its passed date: no change
    assert len(store.status_changes()) == 6


def test_a_saved_ledger_on_a_later_day_records_the_due_date_passed(store: Store) -> None:
    check_store(store, EARLY)  # a full check of today's index, so the saved statuses stand for it
    assert saved_check(store, LATE) is not None
    (newest,) = store.status_changes(limit=1)
    assert (newest.cause, newest.old, newest.new, newest.as_of) == (
        "due date passed",
        "not_relayed",
        "overdue",
        LATE,
    )
    # the default period starts at the latest check, so the ingest's changes are still listed
    found = list_changes(store)
    assert found.counts() == {"done": 1, "overdue": 1, "lagging": 1, "other": 0}
    assert [line.cause for line in found.grouped()[1][2]] == ["due date passed"]
    assert saved_check(store, LATE) is not None
    assert len(store.status_changes()) == 6, "brought to the same day again, nothing changes"


def test_staff_corrections_are_listed_not_recorded_twice(store: Store) -> None:
    lagging = next(m for m in store.iter_measures() if m.status == "lagging")
    made = set_status(store, str(lagging.measure_id), "done", "电话核实已开办", "王五")
    recorded = store.status_changes()
    found = list_changes(store)
    (line,) = [line for line in found.lines if line.cause == "correction"]
    assert (line.old, line.new, line.by, line.note) == ("lagging", "done", "王五", "电话核实已开办")
    assert line.group == "done" and line.cause_text == "人工核定（王五）"
    undo(store, made.id, "王五")
    again = list_changes(store)
    assert [
        (line.cause, line.old, line.new) for line in again.lines if line.cause.startswith("correction")
    ] == [
        ("correction undone", "done", "lagging"),
        ("correction", "lagging", "done"),
    ]
    assert store.status_changes() == recorded


# the notice as its office corrected it: the third task's wording mended (one word) and a fourth
# task added
CORRECTED = NOTICE.replace("拆除破旧广告招牌", "拆除陈旧广告招牌").replace(
    "\n\n松河市人民政府办公室\n2097",
    "\n四、补齐背街小巷路灯。更换损坏灯具，消除照明盲区。牵头单位：市城市管理局；完成时限：2097年10月底前。"
    "\n\n松河市人民政府办公室\n2097",
)


def test_a_corrected_directive_lists_only_what_changed(url: str, tmp_path: Path) -> None:
    """The notice re-issued at its path is a new document with new measure ids: its tasks are
    told against what they were in the version it replaced, so the task done already is not
    新完成 again, and the task the correction adds is a first status."""
    assert CORRECTED.count("四、") == 1 and "陈旧" in CORRECTED
    _ingest(url, _write(tmp_path, "notice.txt", CORRECTED))
    with open_store(url) as store:
        before = len(store.status_changes())
        check_store(store, EARLY)
        found = list_changes(store)
        assert len(store.status_changes()) == before + 1
        notice = next(d for d in store.iter_documents() if d.doc.kind == "policy")
        statuses = [m.status for m in notice.measures]
    assert statuses == ["done", "lagging", "not_relayed", "not_relayed"]
    assert found.counts() == {"done": 0, "overdue": 0, "lagging": 0, "other": 1}
    (line,) = found.lines
    assert (_task(line.measure), line.old_text, line.new) == (
        "四、补齐背街小巷路灯",
        "首次核查",
        "not_relayed",
    )
    assert line.doc_id == notice.doc_id and notice.replaces is not None


def test_a_task_is_paired_with_the_same_task_of_the_old_version() -> None:
    """Equal texts (width and spacing aside) pair first; else the nearest text with the same units
    at `SIMILAR` or more, each old task once; a new task and one whose units changed pair with none."""
    road = "市交通局负责完成环城公路拓宽工程，2098年6月底前通车。"
    old = [
        ReplacedMeasure("o:0", "市教育局负责新建两所中学。", ("市教育局",), "done"),
        ReplacedMeasure("o:1", road, ("市交通局",), "overdue"),
        ReplacedMeasure("o:2", "市卫健委负责建成社区医院。", ("市卫健委",), "relayed"),
        ReplacedMeasure(
            "o:3", "市交通局负责完成环城公路拓宽工程，2098年5月底前通车。", ("市交通局",), "done"
        ),
    ]

    def measure(ordinal: int, text: str, *units: str) -> StoredMeasure:
        return StoredMeasure(text=text, measure_id=f"n:{ordinal}", units=tuple(Unit(u) for u in units))

    new = [
        measure(0, "市教育局负责新建两所 中学。", "市教育局"),
        measure(1, road.replace("6月", "7月"), "市交通局"),
        measure(2, "市卫健委负责建成社区医院。", "市卫健委", "市医保局"),  # same text: its units do not count
        measure(3, "市文旅局负责开放城市书房。", "市文旅局"),
        measure(4, road.replace("6月", "8月"), "市交通局"),
        measure(5, "市卫健委负责建成社区医院并投入使用。", "市卫健委", "市民政局"),
    ]
    pairs = {n.measure_id: o.measure_id for n, o in pair_tasks(new, old)}
    assert pairs == {"n:0": "o:0", "n:2": "o:2", "n:1": "o:1", "n:4": "o:3"}


def test_the_directive_and_unit_filters(store: Store) -> None:
    assert len(list_changes(store, directive="松河政办发〔2097〕21号").lines) == 2
    assert list_changes(store, directive="不存在的文件").lines == ()
    (line,) = list_changes(store, unit="民政局").lines
    assert line.new == "lagging"


def test_an_index_file_of_the_previous_version_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "v7.db"
    index = f"sqlite:///{path}"
    _ingest(index, _write(tmp_path, "notice.txt", NOTICE))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TABLE status_changes")
    # the last version without the table (not SCHEMA_VERSION - 1: version 9 came after it)
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    with open_store(index) as store:
        assert store.status_changes() == []
        check_store(store, EARLY)
        assert [c.new for c in store.status_changes()] == ["not_relayed"] * 3
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_a_bad_since_is_a_bad_date() -> None:
    with pytest.raises(DubanError):
        parse_since("上周一")
    assert parse_since("2097-05-06T08:00:00+08:00") == "2097-05-06T00:00:00.000+00:00"


def test_the_changes_command(url: str) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["changes", "--index", url])
    assert shown.exit_code == 0, shown.output
    assert "新完成 1 项，新增逾期 0 项，新增滞后 1 项" in shown.output
    assert "【新完成】1 项" in shown.output and "未传达 → 已完成" in shown.output
    assert "【新增逾期】" not in shown.output
    listed = runner.invoke(
        app, ["changes", "--since", "2000-01-01", "--unit", "城市管理局", "--json", "--index", url]
    )
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.output)
    assert data["counts"] == {"done": 0, "overdue": 0, "lagging": 0, "other": 1}
    assert data["groups"][3]["lines"][0]["old"] is None
    for wrong in (["--since", "昨天"], ["--since", "2097-01-01", "--last"]):
        refused = runner.invoke(app, ["changes", *wrong, "--index", url])
        assert refused.exit_code == 2


def test_the_ledger_workbook_has_the_changes_sheet(url: str, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    made = CliRunner().invoke(app, ["ledger", "--xlsx", str(out), "--as-of", EARLY, "--index", url])
    assert made.exit_code == 0, made.output
    sheet = load_workbook(out)["本期变化"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["分类", "文件", "文号", "举措"]
    assert [(r[0], r[5], r[6]) for r in rows[1:]] == [
        ("新完成", "未传达", "已完成"),
        ("新增滞后", "未传达", "滞后"),
    ]


def test_the_changes_page_and_its_json_twin(url: str) -> None:
    client = TestClient(create_app(url), base_url="http://127.0.0.1")
    data = client.get("/changes.json").json()
    assert data["counts"] == {"done": 1, "overdue": 0, "lagging": 1, "other": 0}
    assert client.get("/changes?format=json").json() == data
    page = client.get("/changes")
    assert page.status_code == 200
    assert "新完成（1 项）" in page.text and "二、建成街道助老食堂" in page.text
    assert client.get("/changes.json?since=2000-01-01&unit=民政局").json()["total"] == 2
    assert client.get("/changes.json?since=前天").status_code == 400
    assert 'href="/changes"' in client.get(f"/ledger?as_of={EARLY}").text
    xlsx = client.get(f"/ledger.xlsx?as_of={EARLY}")
    assert "本期变化" in load_workbook(io.BytesIO(xlsx.content)).sheetnames


def test_the_page_and_its_twin_list_a_long_period_a_page_at_a_time(url: str) -> None:
    """A first check over a large index changes every measure: the page and its JSON twin list
    `limit` lines from `offset` in the groups' order, with the whole period's counts and a link
    to the next page; the pages together are the whole list."""
    client = TestClient(create_app(url), base_url="http://127.0.0.1")
    with open_store(url) as store:
        whole = list_changes(store, parse_since("2000-01-01"))
    assert len(whole.lines) == 5
    first = client.get("/changes.json?since=2000-01-01&limit=2").json()
    assert (first["total"], first["offset"], first["limit"]) == (5, 0, 2)
    assert first["counts"] == {"done": 1, "overdue": 0, "lagging": 1, "other": 3}
    assert [len(g["lines"]) for g in first["groups"]] == [1, 0, 1, 0]
    assert first["next"] == "/changes.json?since=2000-01-01&limit=2&offset=2"
    lines = []
    data = first
    while True:
        lines += [line for group in data["groups"] for line in group["lines"]]
        if data["next"] is None:
            break
        data = client.get(data["next"]).json()
    assert lines == [line.to_json() for line in whole.ordered]
    assert client.get("/changes.json?limit=0").status_code == 400
    assert client.get("/changes.json?limit=5001").status_code == 400
    page = client.get("/changes?since=2000-01-01&limit=2&offset=2").text
    assert "第 3–4 项，共 5 项" in page and "上一页" in page and "下一页" in page
    section = page.split('<section class="changes-other">', 1)[1].split("</section>", 1)[0]
    assert "其他状态变化（3 项）" in section
    assert section.count("<tr>") == 3  # the header and this page's two lines of the group
    assert "本组共 3 项，本页列出其中 2 项" in section
    assert "新完成（1 项）" not in page  # a group with none of the page's lines is left out


def test_the_list_is_made_once_and_never_served_stale(url: str) -> None:
    """The web app keeps a list it made, and makes it again when a correction, its undoing or a
    new check changed what it is read from."""
    app = create_app(url)
    client = TestClient(app, base_url="http://127.0.0.1")
    cache = app.app.state.duban.changes
    data = client.get("/changes.json").json()
    assert client.get("/changes.json").json() == data and client.get("/changes").status_code == 200
    assert cache.made == 1
    with open_store(url) as store:
        lagging = next(m for m in store.iter_measures() if m.status == "lagging")
        made = set_status(store, str(lagging.measure_id), "done", "现场查看已开办", "赵六")
    corrected = client.get("/changes.json").json()
    assert corrected["counts"]["done"] == data["counts"]["done"] + 1 and cache.made == 2
    with open_store(url) as store:
        undo(store, made.id, "赵六")
    undone = client.get("/changes.json").json()
    # (a correction is stamped to the second: it may sort after the check of the same second)
    assert "correction undone" in [line["cause"] for line in undone["groups"][2]["lines"]]
    assert undone["total"] == corrected["total"] + 1 and cache.made == 3
    with open_store(url) as store:
        check_store(store, LATE)  # the task nobody reports on falls overdue
    later = client.get("/changes.json").json()
    assert later["counts"]["overdue"] == 1 and later["since"] != data["since"]
    assert cache.made == 4


def test_a_correction_adds_its_line_to_the_checks_lines_kept(url: str) -> None:
    """A correction set or undone on a page makes the list again from the checks' lines kept
    (named once per check), and the list is the one made from nothing: same lines, same order,
    at each step, for the whole period and narrowed to a unit."""
    app = create_app(url)
    cache = app.app.state.duban.changes
    everything = parse_since("2000-01-01")
    with open_store(url) as store:
        for since, unit in ((None, None), (everything, None), (everything, "民政局")):
            cache.get(store, since, unit=unit)
        assert cache.checked == 3
        lagging = next(m for m in store.iter_measures() if m.status == "lagging")
        made = set_status(store, str(lagging.measure_id), "done", "电话核实已办结", "钱七")
        for since, unit in ((None, None), (everything, None), (everything, "民政局")):
            kept = cache.get(store, since, unit=unit)
            assert kept == list_changes(store, since, unit=unit)
        assert "correction" in [line.cause for line in cache.get(store, everything).lines]
        undo(store, made.id, "钱七")
        undone = cache.get(store, everything)
        assert undone == list_changes(store, everything)
        assert [line.cause for line in undone.lines].count("correction undone") == 1
        assert cache.checked == 3 and cache.made == 7
        check_store(store, LATE)  # a new check names its lines again
        assert cache.get(store, everything) == list_changes(store, everything)
        assert cache.checked == 4


def _many_changes(store: Store, stamps: list[str]) -> None:
    """Changes of the notice's tasks saved at `stamps` (as a save stamps them), each stamp
    setting every status in turn, so that each group has lines at many instants, and one line
    of a measure that left the index."""
    measures = [m for m in store.iter_measures() if m.status is not None]
    cycle = ["done", "relayed", "overdue", "in_progress", "lagging", "not_relayed"]
    made = [
        StatusChange(
            m.measure_id, str(m.doc_id), "relayed", cycle[(i + j) % len(cycle)], EARLY, at, "crosscheck"
        )
        for i, at in enumerate(stamps)
        for j, m in enumerate(measures)
    ]
    gone = StatusChange(
        f"{measures[0].doc_id}:99", str(measures[0].doc_id), None, "done", EARLY, stamps[0], "ingest"
    )
    store.add_status_changes([*made, gone])


def _pages_agree(
    store: Store, since: str | None, unit: str | None = None, directive: str | None = None
) -> int:
    """Every page `changes_page` makes, at every offset and several lengths, is the same cut of
    the whole list (`list_changes`): lines, order, counts and JSON. The list's length."""
    whole = list_changes(store, since, directive=directive, unit=unit)
    total = len(whole.lines)
    for limit in (1, 2, 3, 7, total + 5):
        for offset in range(0, total + 2):
            page = changes_page(store, since, directive, unit, offset=offset, limit=limit)
            assert page == whole.window(offset, limit), (offset, limit)
            assert page.to_json() == whole.to_json(offset, limit)
    return total


def test_a_page_is_made_by_the_index_as_the_whole_list_cuts_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page of 本期变化 counts and reads its rows in the index and names only them; it is the
    cut of the whole list, corrections made and undone (stamped to the second) placed among the
    checks' lines as the whole list's merge places them, a check line first at one instant."""
    made = set_status(
        store,
        next(m.measure_id for m in store.iter_measures() if m.status == "lagging"),
        "done",
        "已核实",
        "孙八",
    )
    second = parse_since(made.at)  # the correction's instant in the saves' form
    moment = dt.datetime.fromisoformat(second)
    around = [
        (moment + dt.timedelta(milliseconds=ms)).isoformat(timespec="milliseconds") for ms in (-1, 0, 1, 500)
    ]
    _many_changes(store, sorted(around, reverse=True))
    undo(store, made.id, "孙八")
    for since in (parse_since("2000-01-01"), second, None):
        assert _pages_agree(store, since) >= 4
    # narrowed to a unit: the measures whose units hold it (any spelling), corrections too
    assert _pages_agree(store, parse_since("2000-01-01"), "民政局") == 8
    assert _pages_agree(store, parse_since("2000-01-01"), "水务") > 4
    assert _pages_agree(store, parse_since("2000-01-01"), "不存在的单位") == 0
    # narrowed to a directive (by number, by title, by id; with a unit too; one that names none)
    directive = next(d for d in store.iter_documents() if d.doc.doc_number)
    by_number = _pages_agree(store, parse_since("2000-01-01"), directive=str(directive.doc.doc_number))
    assert by_number > 0
    assert _pages_agree(store, parse_since("2000-01-01"), directive=str(directive.doc.title)) >= by_number
    assert _pages_agree(store, parse_since("2000-01-01"), directive=directive.doc_id) == by_number
    assert _pages_agree(store, None, directive=str(directive.doc.doc_number)) >= 0
    assert _pages_agree(store, parse_since("2000-01-01"), "民政局", str(directive.doc.doc_number)) >= 0
    assert _pages_agree(store, parse_since("2000-01-01"), directive="不存在的文件") == 0
    # only the page's lines are named: its directive read, not every line's
    calls: list[int] = []
    real = changes_mod._check_line

    def counting(change: StatusChange, records: Any) -> Any:
        calls.append(1)
        return real(change, records)

    monkeypatch.setattr(changes_mod, "_check_line", counting)
    page = changes_page(store, parse_since("2000-01-01"), offset=4, limit=3)
    assert len(page.lines) == 3 and len(calls) <= 3 and page.total == 20


def test_a_stamp_of_another_form_is_listed_from_the_whole_list(store: Store) -> None:
    """A change kept as given with a stamp of another form (an import's, a zone other than UTC)
    may sort as text otherwise than in time: its period's pages are cut from the whole list."""
    measure = next(m for m in store.iter_measures() if m.status == "done")
    store.add_status_changes(
        [
            StatusChange(
                measure.measure_id,
                str(measure.doc_id),
                "done",
                "overdue",
                LATE,
                "2097-05-06T08:00:00+08:00",
                "crosscheck",
            )
        ]
    )
    since = parse_since("2000-01-01")
    assert changes_mod._page_in_index(store, since, None, None, 0, 5, []) is None
    assert changes_page(store, since, offset=0, limit=3) == list_changes(store, since).window(0, 3)
    assert changes_mod._page_in_index(store, parse_since("2099-01-01"), None, None, 0, 5, []) is not None


def test_the_first_page_names_no_whole_list(url: str) -> None:
    """The web app's first page of a period is made by the index: no whole list is made, so a
    first check of a large index is not named whole for the first page, nor for a unit's or a
    directive's."""
    app = create_app(url)
    client = TestClient(app, base_url="http://127.0.0.1")
    cache = app.app.state.duban.changes
    data = client.get("/changes.json?since=2000-01-01&limit=2").json()
    assert client.get("/changes?since=2000-01-01&limit=2").status_code == 200
    assert (cache.checked, cache.made) == (0, 1)
    with open_store(url) as store:
        assert data == list_changes(store, parse_since("2000-01-01")).to_json(0, 2) | {"next": data["next"]}
    assert client.get("/changes.json?unit=民政局").json()["total"] == 1
    assert cache.checked == 0
    assert client.get("/changes.json?directive=松河政办发〔2097〕21号").json()["total"] == 2
    assert cache.checked == 0


def test_the_changes_index_is_added_to_a_file_of_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "v14.db"
    index = f"sqlite:///{path}"
    _ingest(index, _write(tmp_path, "notice.txt", NOTICE))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP INDEX status_changes_new")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    with open_store(index) as store:
        check_store(store, EARLY)
        assert changes_page(store, limit=2).counts == {"done": 0, "overdue": 0, "lagging": 0, "other": 3}
    conn = sqlite3.connect(path)
    names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "status_changes_new" in names
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_the_ledger_offers_a_reminder_slip_only_with_something_to_chase(url: str) -> None:
    """Green lights alone (done tasks) leave no unit to chase: the ledger and its JSON twin offer
    no 催办单 for them, and asking for it anyway gets a page that says why."""
    client = TestClient(create_app(url), base_url="http://127.0.0.1")
    assert client.get("/ledger.json?light=yellow").json()["reminders_href"] == "/reminders.docx?light=yellow"
    assert client.get("/reminders.docx?light=yellow").status_code == 200
    green = client.get("/ledger.json?light=green").json()
    assert green["lights"]["green"] == 1 and green["reminders_href"] is None
    page = client.get("/ledger?light=green").text
    assert "/reminders.docx" not in page and "催办单（无需催办）" in page
    assert "/reminders.docx?light=yellow" in client.get("/ledger?light=yellow").text
    refused = client.get("/reminders.docx?light=green")
    assert refused.status_code == 404 and "没有需要催办的事项" in refused.text
    assert client.get("/reminders.json?light=green").json()["units"] == []


def test_a_page_past_the_end_of_the_changes_says_so_and_links_back(url: str) -> None:
    """A bookmarked page after the list shrank: the page said 第 101–100 项，共 5 项 over empty
    groups, with 上一页 to another empty page; now it says the list ended and links to its last
    page and its first."""
    client = TestClient(create_app(url), base_url="http://127.0.0.1")
    page = client.get("/changes?since=2000-01-01&limit=2&offset=100").text
    assert "第 101 项起没有了：共 5 项" in page and "回到第一页" in page
    assert "101–100" not in page
    assert 'offset=4">上一页' in page  # the last page holds the fifth line
