"""One directive ingested twice under two paths (two portals' copies, a re-issue under a new name):
counted once by the ledger, the check and 本期变化, its statuses carried over, both searchable.

Every directive here is written for these tests; the ingest, cross-check, ledger and changes run
through the real CLI over a real SQLite file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from duban.base.model import Unit
from duban.base.stored import StoredDocument, StoredMeasure
from duban.index import open_store
from duban.pipeline.app import create_app
from duban.pipeline.changes import changes_page, list_changes, parse_since
from duban.pipeline.cli import app
from duban.pipeline.copies import AGREE, as_earlier, pair_copies, same_directive

runner = CliRunner()

TASKS = [
    "一、县水利局负责完成全县小型水库安全鉴定，于2026年5月31日前报县政府。",
    "二、县农业农村局负责组织高标准农田建设验收，于2026年8月31日前完成。",
    "三、各乡镇人民政府负责排查山塘隐患，于2026年10月31日前完成整治。",
]
HEAD = "松溪县人民政府办公室关于抓好水利设施安全度汛工作的通知\n松政办发〔2026〕21号\n各乡镇人民政府，县直有关单位：\n"
TAIL = "松溪县人民政府办公室\n{date}\n"
CHROME_TOP = "网站首页 > 信息公开 > 通知公告\n发布日期：2026-02-20  浏览次数：35  【打印】【关闭】\n"
CHROME_END = "关闭本页  网站声明  主办：松溪县政府办公室\n"
REPORT = """松溪县水利局关于水利设施安全度汛工作进展的报告
县人民政府：
根据《松溪县人民政府办公室关于抓好水利设施安全度汛工作的通知》（松政办发〔2026〕21号），现将进展报告如下：
全县小型水库安全鉴定已全部完成，鉴定报告已于5月20日报县政府。
高标准农田建设验收尚未开展，正在制定验收方案。
松溪县水利局
2026年6月10日
"""


def directive(tasks: list[str], date: str = "2026年2月18日", number: str = "松政办发〔2026〕21号") -> str:
    return (
        HEAD.replace("松政办发〔2026〕21号", number)
        + "".join(t + "\n" for t in tasks)
        + TAIL.format(date=date)
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def ledger(url: str, tmp: Path) -> list[dict[str, str]]:
    out = tmp / "ledger.csv"
    cli("ledger", "--csv", str(out), "--as-of", "2026-07-01", "--index", url)
    with out.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def documents(url: str) -> dict[str, StoredDocument]:
    with open_store(url) as store:
        return {Path(d.source).name: d for d in store.iter_documents()}


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'duban.db'}"


def test_a_portal_copy_is_counted_once_and_keeps_the_statuses(tmp_path: Path, url: str) -> None:
    first = write(tmp_path / "county" / "notice.txt", directive(TASKS))
    report = write(tmp_path / "report.txt", REPORT)
    cli("ingest", str(first), str(report), "--index", url)
    cli("crosscheck", "--as-of", "2026-07-01", "--index", url)
    assert len(ledger(url, tmp_path)) == 3
    copy = write(tmp_path / "city" / "notice.html.txt", CHROME_TOP + directive(TASKS) + CHROME_END)
    said = cli("ingest", str(copy), "--index", url)
    assert "副本" in said and "notice.txt" in said and "松政办发〔2026〕21号" in said
    stored = documents(url)
    # the same issue: the later ingest governs, the first is its copy (not an earlier issue)
    assert stored["notice.txt"].copy_of is not None
    assert stored["notice.txt"].copy_of.doc_id == stored["notice.html.txt"].doc_id
    assert stored["notice.txt"].copy_of.earlier is False
    assert stored["notice.html.txt"].copy_of is None
    rows = ledger(url, tmp_path)
    assert len(rows) == 3  # once, not twice
    assert [r["状态"] for r in rows][:2] == ["已完成", "滞后"]
    # the governing copy's tasks took over the statuses: nothing new to tell
    changes = cli("changes", "--index", url)
    assert "首次核查" not in changes and "新完成 0 项" in changes
    check = json.loads(cli("crosscheck", "--json", "--as-of", "2026-07-01", "--index", url).splitlines()[0])
    assert check["directive"]["doc_id"] == stored["notice.html.txt"].doc_id
    named = cli("crosscheck", str(first), "--json", "--as-of", "2026-07-01", "--index", url)
    assert json.loads(named.splitlines()[0])["directive"]["doc_id"] == check["directive"]["doc_id"]
    # both stay searchable
    found = cli("search", "山塘隐患", "--docs", "--json", "--index", url)
    assert {json.loads(line)["doc_id"] for line in found.splitlines()} == {
        d.doc_id for d in stored.values() if "notice" in d.source
    }
    # re-ingesting both changes nothing
    again = cli("ingest", str(first), str(copy), "--index", url)
    assert "副本" not in again
    after = documents(url)
    assert {n: (d.doc_id, d.copy_of) for n, d in after.items()} == {
        n: (d.doc_id, d.copy_of) for n, d in stored.items()
    }
    assert len(ledger(url, tmp_path)) == 3


@pytest.mark.parametrize("corrected_first", [False, True])
def test_a_re_issue_governs_in_either_order(tmp_path: Path, url: str, corrected_first: bool) -> None:
    """A corrected re-issue under a new name (one date changed, a later issue date) governs
    whichever arrived first; the first issue is noted as an earlier version."""
    fixed = [TASKS[0], TASKS[1].replace("8月31日", "9月15日"), TASKS[2]]
    old = write(tmp_path / "a" / "first.txt", directive(TASKS))
    new = write(tmp_path / "b" / "corrected.txt", directive(fixed, date="2026年3月2日"))
    for path in (new, old) if corrected_first else (old, new):
        cli("ingest", str(path), "--index", url)
    stored = documents(url)
    assert stored["corrected.txt"].copy_of is None
    mark = stored["first.txt"].copy_of
    assert mark is not None and mark.doc_id == stored["corrected.txt"].doc_id and mark.earlier
    rows = ledger(url, tmp_path)
    assert [r["截止日期"] for r in rows] == ["2026-05-31", "2026-09-15", "2026-10-31"]
    runs = json.loads(cli("runs", "--json", "--index", url))["runs"][0]  # the newest
    assert [c["source"] for c in runs["copies"]] == [str(old.resolve())]


def test_a_shared_number_with_other_tasks_stays_apart(tmp_path: Path, url: str) -> None:
    """A 文号 typed by mistake on another directive (a template left unchanged) does not merge:
    its tasks are other tasks."""
    other = [
        "一、县教育局负责完成校舍安全排查，于2026年4月30日前报县政府。",
        "二、县卫生健康局负责开展食堂卫生检查，于2026年6月30日前完成。",
        "三、县交通运输局负责整治校车接送站点，于2026年9月1日前完成。",
    ]
    write(tmp_path / "water.txt", directive(TASKS))
    write(tmp_path / "school.txt", directive(other))
    said = cli("ingest", str(tmp_path / "water.txt"), str(tmp_path / "school.txt"), "--index", url)
    assert "副本" not in said
    assert all(d.copy_of is None for d in documents(url).values())
    assert len(ledger(url, tmp_path)) == 6


def test_the_directive_page_names_the_other_copy(tmp_path: Path, url: str) -> None:
    write(tmp_path / "one" / "notice.txt", directive(TASKS))
    cli("ingest", str(tmp_path / "one" / "notice.txt"), "--index", url)
    write(tmp_path / "two" / "portal.txt", CHROME_TOP + directive(TASKS))
    cli("ingest", str(tmp_path / "two" / "portal.txt"), "--index", url)
    stored = documents(url)
    head, copy = stored["portal.txt"], stored["notice.txt"]
    client = TestClient(create_app(url), base_url="http://127.0.0.1")
    page = client.get(f"/documents/{head.doc_id}.json").json()
    assert [(c["doc_id"], c["governs"], c["sources"]) for c in page["copies"]] == [
        (copy.doc_id, False, copy.paths)
    ]
    theirs = client.get(f"/documents/{copy.doc_id}.json").json()
    assert theirs["copy_of"]["doc_id"] == head.doc_id
    assert [(c["doc_id"], c["governs"]) for c in theirs["copies"]] == [(head.doc_id, True)]
    html = client.get(f"/documents/{head.doc_id}").text
    assert "另有下列入库副本" in html and copy.paths[0] in html


def _measure(text: str, unit: str) -> StoredMeasure:
    return StoredMeasure(text=text, measure_id=f"m:{abs(hash(text))}", units=(Unit(unit),))


def test_a_task_with_page_chrome_glued_on_pairs_with_its_clean_copy() -> None:
    clean = _measure(TASKS[2], "各乡镇人民政府")
    glued = _measure(TASKS[2] + "松溪县人民政府办公室2026年2月18日关闭本页网站声明", "各乡镇人民政府")
    assert pair_copies([glued], as_earlier([clean])) == [(glued, as_earlier([clean])[0])]
    short = _measure("抓好落实。", "各乡镇人民政府")
    assert pair_copies([_measure("抓好落实。要求各地定期报送", "各乡镇人民政府")], as_earlier([short])) == []


def test_two_thirds_of_the_tasks_must_agree() -> None:
    from duban.base.model import Metadata

    meta = Metadata("通知", "policy", "松政办发〔2026〕21号", "松溪县人民政府办公室", "2026-02-18")
    units = ["县水利局", "县农业农村局", "各乡镇人民政府"]
    mine = StoredDocument(
        doc_id="a", doc=meta, measures=tuple(_measure(t, u) for t, u in zip(TASKS, units, strict=True))
    )
    one_new = (*mine.measures[:2], _measure("三、县林业局负责完成林区防火巡查。", "县林业局"))
    two_new = (mine.measures[0], *one_new[2:], _measure("四、县文旅局负责排查景区隐患。", "县文旅局"))
    assert pytest.approx(2 / 3) == AGREE
    assert same_directive(mine, StoredDocument(doc_id="b", doc=meta, measures=one_new))
    assert not same_directive(mine, StoredDocument(doc_id="c", doc=meta, measures=two_new))
    # another issuer with the same number is another directive
    elsewhere = Metadata("通知", "policy", "松政办发[2026]21号", "柳城县人民政府办公室", "2026-02-18")
    assert not same_directive(mine, StoredDocument(doc_id="d", doc=elsewhere, measures=mine.measures))
    assert same_directive(
        mine,
        StoredDocument(doc_id="e", doc=Metadata(doc_number="松政办发(2026)第21号"), measures=mine.measures),
    )


def _two_copies(tmp_path: Path, url: str) -> tuple[StoredDocument, StoredDocument]:
    """The notice and a report on it checked, then a portal's copy of the notice ingested: one
    governs (the later ingest, else the id: both may come in the same second), the other is
    marked a copy of it. (copy, governing)."""
    first = write(tmp_path / "county" / "notice.txt", directive(TASKS))
    cli("ingest", str(first), str(write(tmp_path / "report.txt", REPORT)), "--index", url)
    cli("crosscheck", "--as-of", "2026-07-01", "--index", url)
    portal = write(tmp_path / "city" / "portal.txt", CHROME_TOP + directive(TASKS) + CHROME_END)
    cli("ingest", str(portal), "--index", url)
    stored = documents(url)
    copy, head = sorted((stored["notice.txt"], stored["portal.txt"]), key=lambda d: d.copy_of is None)
    assert copy.copy_of is not None and copy.copy_of.doc_id == head.doc_id and head.copy_of is None
    return copy, head


def test_a_copy_named_anywhere_stands_for_the_directive_that_governs_it(tmp_path: Path, url: str) -> None:
    copy, head = _two_copies(tmp_path, url)
    first = copy.source
    out = tmp_path / "named.csv"
    for name in (str(first), copy.doc_id):
        cli("ledger", "--csv", str(out), "--directive", name, "--as-of", "2026-07-01", "--index", url)
        with out.open(encoding="utf-8-sig") as handle:
            assert len(list(csv.DictReader(handle))) == 3
    # a status set by hand on the governing copy is a change of the directive the copy's name names
    cli("correct", "set", f"{head.measures[2].measure_id}", "已完成", "--by", "张三", "--index", url)
    listed = json.loads(
        cli("changes", "--directive", str(first), "--since", "2000-01-01", "--json", "--index", url)
    )
    assert head.doc_id in {line["doc_id"] for group in listed["groups"] for line in group["lines"]}
    # a page of 本期变化 counted by the index is the cut of the whole list, whichever name is given
    with open_store(url) as store:
        since = parse_since("2000-01-01")
        for name in (str(first), copy.doc_id, head.doc_id, "松政办发〔2026〕21号"):
            whole = list_changes(store, since, directive=name)
            assert whole.lines and any(line.doc_id == head.doc_id for line in whole.lines)
            for offset, limit in ((0, 500), (0, 1), (1, 2), (len(whole.lines), 3)):
                assert changes_page(store, since, name, offset=offset, limit=limit) == whole.window(
                    offset, limit
                )
    slips = cli("remind", "--directive", str(first), "--as-of", "2026-07-01", "--json", "--index", url)
    assert "高标准农田" in slips
    client = TestClient(create_app(url), base_url="http://127.0.0.1")
    page = client.get("/ledger.json", params={"directive": str(first), "as_of": "2026-07-01"})
    assert page.status_code == 200 and page.json()["total"] == 3
    check = client.get(f"/crosscheck/{copy.doc_id}.json", params={"as_of": "2026-07-01"})
    assert check.status_code == 200 and check.json()["directive"]["doc_id"] == head.doc_id


def test_a_status_set_by_hand_on_a_copy_follows_to_the_directive_that_governs(
    tmp_path: Path, url: str
) -> None:
    first = write(tmp_path / "county" / "notice.txt", directive(TASKS))
    cli("ingest", str(first), "--index", url)
    task = documents(url)["notice.txt"].measures[2].measure_id
    cli("correct", "set", task, "已完成", "-m", "电话核实", "--by", "李四", "--index", url)
    portal = write(tmp_path / "city" / "portal.txt", CHROME_TOP + directive(TASKS) + CHROME_END)
    cli("ingest", str(portal), "--index", url)
    rows = ledger(url, tmp_path)
    assert len(rows) == 3 and rows[2]["状态"] == "已完成"
    # made on the copy's task after the mark: the governing one shows it as well
    cli(
        "correct",
        "set",
        documents(url)["notice.txt"].measures[0].measure_id,
        "滞后",
        "--by",
        "李四",
        "--index",
        url,
    )
    assert ledger(url, tmp_path)[0]["状态"] == "滞后"


def test_deleting_the_governing_copy_brings_the_other_back_at_once(tmp_path: Path, url: str) -> None:
    copy, head = _two_copies(tmp_path, url)
    said = cli("delete", head.doc_id, "--index", url)
    assert "重新作为上级文件" in said and Path(copy.source).name in said
    back = documents(url)[Path(copy.source).name]
    assert back.copy_of is None
    assert [m.status for m in back.measures][:2] == [m.status for m in head.measures][:2]
    rows = ledger(url, tmp_path)
    assert len(rows) == 3 and [r["状态"] for r in rows][:2] == ["已完成", "滞后"]
    changes = cli("changes", "--index", url)
    assert "首次核查" not in changes
    assert copy.doc_id == back.doc_id


def test_pruning_the_governing_copy_brings_the_other_back(tmp_path: Path, url: str) -> None:
    copy, head = _two_copies(tmp_path, url)
    Path(head.source).unlink()
    said = cli("prune", "--index", url)
    assert "重新作为上级文件" in said
    assert documents(url)[Path(copy.source).name].copy_of is None


def test_the_runs_page_names_the_copies(tmp_path: Path, url: str) -> None:
    write(tmp_path / "one" / "notice.txt", directive(TASKS))
    cli("ingest", str(tmp_path / "one" / "notice.txt"), "--index", url)
    write(tmp_path / "two" / "<b>portal</b>.txt", CHROME_TOP + directive(TASKS))
    cli("ingest", str(tmp_path / "two" / "<b>portal</b>.txt"), "--index", url)
    html = TestClient(create_app(url), base_url="http://127.0.0.1").get("/runs").text
    assert "另一份副本" in html and "松政办发〔2026〕21号" in html
    assert "&lt;b&gt;portal&lt;/b&gt;.txt" in html and "<b>portal</b>" not in html


def test_the_later_ingest_governs_within_one_second(
    tmp_path: Path, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stamps keep whole seconds: a copy ingested in the same second as the first (a nightly run
    taking both portals' pages, a quick machine) still governs as the later ingest, the run being
    settled over what the index held; before, the ids decided, one way or the other."""
    import duban.index.sqlite.writing as writing
    import duban.index.sqlite_store as sqlite_store

    for module in (writing, sqlite_store):  # the writer's batches and its single writes
        monkeypatch.setattr(module, "now", lambda: "2026-12-06T08:00:00+00:00")
    first = write(tmp_path / "county" / "notice.txt", directive(TASKS))
    cli("ingest", str(first), "--index", url)
    copy = write(tmp_path / "city" / "notice.html.txt", CHROME_TOP + directive(TASKS) + CHROME_END)
    cli("ingest", str(copy), "--index", url)
    stored = documents(url)
    assert stored["notice.txt"].ingested_at == stored["notice.html.txt"].ingested_at
    assert stored["notice.txt"].copy_of is not None
    assert stored["notice.txt"].copy_of.doc_id == stored["notice.html.txt"].doc_id
    assert stored["notice.html.txt"].copy_of is None
