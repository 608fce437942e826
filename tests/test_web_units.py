"""The web's pages by responsible unit (`/units`, `/units/<name>`): counts equal to the ledger
workbook's 单位统计 for the same selection, a unit's page listing exactly its ledger rows with its
role, links that carry the ledger's filters, JSON twins equal to what the pages show, an unknown
unit's 404, and names with brackets or a slash in the URL.

The documents are written for these tests: a notice with five tasks for several units (one named
with a bracketed second name, one as two bodies joined by a slash, one by its short form), and a
unit's report that says one task is done and another lags; indexed in a real SQLite file and
cross-checked (statuses saved, as `duban crosscheck` leaves them)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from fastapi.testclient import TestClient

from duban.index import open_store
from duban.pipeline.app import create_app
from duban.pipeline.corrections import set_status
from duban.pipeline.ledger import ledger_rows, row_bodies, unit_summary
from duban.pipeline.status import CheckResult, check_store
from duban.pipeline.web.units import COUNT_KEYS
from tests.conftest import checked_index
from tests.test_app import build_index, slowed_check

AS_OF = "2026-05-25"
LOCAL = "http://127.0.0.1"
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

NOTICE = """青岚市人民政府办公室关于推进河道保洁工作的通知
青政办发〔2026〕3号
各区人民政府，市政府各部门：
为做好河道保洁工作，现将有关事项通知如下：
一、制定河道保洁考核办法。明确考核指标和奖惩措施。（牵头单位：市水务局（市河长办）；配合单位：市财政局；完成时限：2026年4月30日前）
二、开展沿河排口排查。对沿河排污口逐一登记造册。（牵头单位：市生态环境局；配合单位：市水务局（市河长办）、市城管局；完成时限：2026年5月28日前）
三、落实河道保洁经费。将保洁经费列入年度预算。（牵头单位：市财政局；配合单位：市发改委；完成时限：2026年6月30日前）
四、建设河道监控平台。接入沿河视频监控点位。（牵头单位：市大数据局/市政务服务中心；完成时限：2026年9月30日前）
五、清理河岸违章搭建。对河岸违章搭建集中拆除。（牵头单位：市城管局；配合单位：市水务局（市河长办）；完成时限：2026年5月15日前）
青岚市人民政府办公室
2026年3月2日
"""

REPORT = """青岚市生态环境局关于河道保洁工作进展情况的报告
市人民政府：
根据《青岚市人民政府办公室关于推进河道保洁工作的通知》（青政办发〔2026〕3号）要求，现将有关情况报告如下：
一、沿河排口排查工作。受汛期影响，沿河排污口排查进度滞后，未达序时进度。
二、河岸违章搭建清理工作。我局配合市城管局开展集中拆除，河岸违章搭建已全部拆除完毕。
青岚市生态环境局
2026年5月20日
"""

WATER = "市水务局（市河长办）"
SLASHED = "市大数据局/市政务服务中心"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("units")
    return checked_index(root, (("notice.txt", NOTICE), ("report.txt", REPORT)), AS_OF)


@pytest.fixture(scope="module")
def result(url: str) -> CheckResult:
    with open_store(url) as store:
        return check_store(store, AS_OF, save=False)


@pytest.fixture(scope="module")
def client(url: str) -> TestClient:
    return TestClient(create_app(url), base_url=LOCAL)


def _item(text: str) -> str:
    """The item number a measure opens with (`二、`), which names it in these tests."""
    return text.split("、", 1)[0]


class Links(HTMLParser):
    """Every `href` of a page, with the text of its link."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open = [dict(attrs).get("href") or "", ""]

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links.append((self._open[0], self._open[1].strip()))
            self._open = None


def links_of(html: str) -> list[tuple[str, str]]:
    parser = Links()
    parser.feed(html)
    return parser.links


def query_of(href: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}


def test_the_documents_give_the_units_these_tests_need(result: CheckResult) -> None:
    rows = ledger_rows(result)
    assert len(rows) == 5
    statuses = {_item(r.measure.text): r.status for r in rows}
    assert statuses["一"] == "overdue" and statuses["二"] == "lagging" and statuses["五"] == "done"
    assert {name for r in rows for name, _ in row_bodies(r)} >= {WATER, SLASHED, "市发展改革委"}


@pytest.mark.parametrize(
    "query",
    [{}, {"status": "overdue"}, {"deadline_before": "2026-06"}, {"unit": "城管局"}, {"light": "red"}],
)
def test_counts_per_unit_equal_the_workbooks_unit_sheet(
    client: TestClient, result: CheckResult, query: dict[str, str]
) -> None:
    """Each row of `/units.json` is the 单位统计 sheet's row for the ledger's same selection, in the
    sheet's order; the ledger's own rows for that selection are the reference."""
    params = {"as_of": AS_OF, **query}
    data = client.get("/units.json", params=params).json()
    ledger = client.get("/ledger.json", params={**params, "limit": "500"}).json()
    ids = {row["measure_id"] for row in ledger["rows"]}
    rows = [r for r in ledger_rows(result) if r.measure.measure_id in ids]
    rows = [r for r in rows if r.light == "red"] if query.get("light") else rows
    sheet = unit_summary(rows)
    assert [[u["unit"], *(u[k] for k in COUNT_KEYS if k != "due_soon")] for u in data["units"]] == sheet
    assert data["total"] == len(sheet) and data["measures"] == ledger["total"]


def test_due_soon_counts_the_unfinished_tasks_due_within_a_week(client: TestClient) -> None:
    units = {u["unit"]: u for u in client.get(f"/units.json?as_of={AS_OF}").json()["units"]}
    # 二 (due 05-28) lags, so it is chased as lagging, not as due soon; nothing else is within 7 days
    assert {name: u["due_soon"] for name, u in units.items() if u["due_soon"]} == {}
    later = {u["unit"]: u for u in client.get("/units.json?as_of=2026-06-25").json()["units"]}
    assert later["市财政局"]["due_soon"] == 1 and later["市发展改革委"]["due_soon"] == 1
    assert later[WATER]["due_soon"] == 0


def test_a_unit_page_lists_exactly_its_ledger_rows_with_its_roles(
    client: TestClient, result: CheckResult
) -> None:
    for name, url in (
        (WATER, quote(WATER, safe="")),
        (SLASHED, quote(SLASHED, safe="")),
        ("市财政局", "市财政局"),
    ):
        data = client.get(f"/units/{url}.json?as_of={AS_OF}").json()
        assert data["unit"] == name
        listed = {(r["measure_id"], r["role"]) for g in data["groups"] for r in g["rows"]}
        expected = {
            (r.measure.measure_id, role)
            for r in ledger_rows(result)
            for body, role in row_bodies(r)
            if body == name
        }
        assert listed == expected and data["total"] == len(expected) > 0
    water = client.get(f"/units/{quote(WATER, safe='')}.json?as_of={AS_OF}").json()
    roles = {_item(r["text"]): r["role"] for g in water["groups"] for r in g["rows"]}
    assert roles == {"一": "lead", "二": "co", "五": "co"}


def test_tasks_are_grouped_in_the_order_they_are_chased(client: TestClient) -> None:
    water = client.get(f"/units/{quote(WATER, safe='')}.json?as_of={AS_OF}").json()
    assert [g["key"] for g in water["groups"]] == [
        "overdue",
        "lagging",
        "due_soon",
        "in_progress",
        "other",
        "done",
    ]
    assert [g["label"] for g in water["groups"]][:3] == ["逾期", "滞后", "即将到期"]
    by_group = {g["key"]: [_item(r["text"]) for r in g["rows"]] for g in water["groups"]}
    assert by_group == {
        "overdue": ["一"],
        "lagging": ["二"],
        "due_soon": [],
        "in_progress": [],
        "other": [],
        "done": ["五"],
    }
    later = client.get("/units/市财政局.json?as_of=2026-06-25").json()
    assert [_item(r["text"]) for r in next(g for g in later["groups"] if g["key"] == "due_soon")["rows"]] == [
        "三"
    ]


def test_a_short_form_opens_the_bodys_page(client: TestClient) -> None:
    data = client.get(f"/units/{quote('市发改委')}.json?as_of={AS_OF}").json()
    assert data["unit"] == "市发展改革委"
    assert [(_item(r["text"]), r["role"]) for g in data["groups"] for r in g["rows"]] == [("三", "co")]


def test_the_json_twins_are_the_pages_data(client: TestClient) -> None:
    for path in ("/units", f"/units/{quote(WATER, safe='')}"):
        query = f"?as_of={AS_OF}&deadline_before=2026-06"
        twin = client.get(f"{path}.json{query}").json()
        assert client.get(f"{path}{query}&format=json").json() == twin
        page = client.get(path + query)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        if path == "/units":
            for u in twin["units"]:
                assert (u["href"], u["unit"]) in links_of(page.text)
        else:
            hrefs = {href for href, _ in links_of(page.text)}
            assert twin["ledger_href"] in hrefs and twin["reminders_href"] in hrefs
            for g in twin["groups"]:
                for r in g["rows"]:
                    assert r["text"] in page.text
                    assert f'<h2 id="{g["key"]}">{g["label"]}（{len(g["rows"])}）</h2>' in page.text


def test_links_carry_the_filters(client: TestClient) -> None:
    query = {"as_of": AS_OF, "deadline_before": "2026-06", "issuer": "青岚", "sort": "overdue"}
    page = client.get("/units", params=query)
    links = links_of(page.text)
    water = next(href for href, text in links if text == WATER)
    assert water.startswith("/units/" + quote(WATER, safe="") + "?")
    assert query_of(water) == {"as_of": AS_OF, "deadline_before": "2026-06", "issuer": "青岚"}
    data = client.get("/units.json", params=query).json()
    assert data["units"][0]["overdue"] == max(u["overdue"] for u in data["units"])
    row = next(u for u in data["units"] if u["unit"] == WATER)
    overdue = row["links"]["overdue"]
    assert overdue in {href for href, _ in links}
    assert query_of(overdue) == {
        "as_of": AS_OF,
        "deadline_before": "2026-06",
        "issuer": "青岚",
        "unit": WATER,
        "status": "overdue",
    }
    ledger = client.get(overdue).text
    assert "制定河道保洁考核办法" in ledger and "开展沿河排口排查" not in ledger
    assert query_of(row["links"]["lead"])["role"] == "lead"
    unit = client.get(water.replace("?", ".json?", 1)).json()
    assert query_of(unit["reminders_href"]) == {
        "as_of": AS_OF,
        "deadline_before": "2026-06",
        "issuer": "青岚",
        "unit": WATER,
    }
    assert unit["reminders_href"].startswith("/reminders.docx?")
    slips = client.get(unit["reminders_href"].replace(".docx", ".json", 1)).json()
    assert [u["unit"] for u in slips["units"]] == [WATER]
    assert query_of(unit["ledger_href"])["unit"] == WATER


def test_the_ledger_and_every_page_link_to_the_units(client: TestClient) -> None:
    ledger = client.get(f"/ledger?as_of={AS_OF}&status=overdue&sort=deadline")
    by_unit = next(href for href, text in links_of(ledger.text) if text == "按单位统计")
    assert query_of(by_unit) == {"as_of": AS_OF, "status": "overdue"}  # the ledger's sort is not ours
    assert client.get(by_unit).status_code == 200
    assert ("/units", "单位") in links_of(client.get("/").text)


def test_a_unit_without_tasks_in_the_selection_is_shown_empty(client: TestClient) -> None:
    data = client.get(f"/units/{quote(SLASHED, safe='')}.json?as_of={AS_OF}&status=done").json()
    assert data["total"] == 0 and data["reminders_href"] is None
    assert all(v == 0 for v in data["counts"].values())


def test_an_unknown_unit_is_a_404_in_chinese_with_what_to_do(client: TestClient) -> None:
    page = client.get(f"/units/{quote('市水利局')}?as_of={AS_OF}")
    assert page.status_code == 404
    assert "台账中没有责任单位“市水利局”" in page.text and "检索" in page.text
    near = client.get(f"/units/{quote('城管')}.json?as_of={AS_OF}")
    assert near.status_code == 404
    assert "市城管局" in near.json()["error"]["hint"]


def test_bad_parameters_are_400(client: TestClient) -> None:
    assert client.get(f"/units.json?as_of={AS_OF}&sort=number").status_code == 400
    assert client.get("/units.json?as_of=2026-13-01").status_code == 400
    assert client.get(f"/units/市财政局.json?as_of={AS_OF}&status=finished").status_code == 400


def test_names_are_escaped_on_the_page(client: TestClient) -> None:
    page = client.get(f"/units/{quote('<b>市局', safe='')}?as_of={AS_OF}")
    assert page.status_code == 404
    assert "<b>市局" not in page.text and "&lt;b&gt;市局" in page.text


def test_while_the_cross_check_is_computed_the_pages_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the ledger: no statuses saved and the check still running, 503 "being computed"."""
    indexed = build_index(tmp_path)
    release = slowed_check(monkeypatch)
    monkeypatch.setattr("duban.pipeline.app.CHECK_WAIT", 0.2)
    client = TestClient(create_app(indexed.url), base_url=LOCAL)
    try:
        for path in ("/units.json", "/units", f"/units/{quote('市财政局')}.json"):
            busy = client.get(path)
            assert busy.status_code == 503 and busy.headers["retry-after"] == "15"
            assert "正在计算" in busy.text
    finally:
        release.set()


def test_the_unfiltered_summary_writes_its_links_without_encoding_each(
    result: CheckResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`/units` as first opened lists every body (30,000 on a real index): its count links are
    written from the quoted name, not encoded nine times a body by `link`, and are the same
    strings `link` makes, for names with spaces, slashes, ampersands and brackets too."""
    from duban.pipeline.web import units as by_unit
    from duban.pipeline.web.render import link

    calls = 0

    def counted(*args: object, **kwargs: object) -> str:
        nonlocal calls
        calls += 1
        return link(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(by_unit, "link", counted)
    listed = by_unit.summary_rows(ledger_rows(result), AS_OF, {})
    assert listed
    assert calls <= len(listed)  # the unit page's own href, once a body
    monkeypatch.undo()
    for name in ["示范区城管局", "卫生 健康/疾控", "A&B=C 办", "各区（县）政府"]:
        made = by_unit._ledger_links(name, {})
        assert made["lead"] == link("/ledger", {}, unit=name, role="lead")
        assert made["total"] == made["other"] == link("/ledger", {}, unit=name)
        assert made["overdue"] == link("/ledger", {}, unit=name, status="overdue")
        assert made["due_soon"] == f"/units/{quote(name, safe='')}#due_soon"


def test_the_summary_is_paged_as_the_ledger_is(client: TestClient) -> None:
    """A real index names tens of thousands of bodies: `/units` lists a page of them (`limit`,
    `offset`, `next`) with 上一页/下一页, its JSON twin the same page, the total still all."""
    whole = client.get("/units.json", params={"as_of": AS_OF}).json()
    assert whole["total"] == len(whole["units"]) >= 3 and whole["next"] is None
    first = client.get("/units.json", params={"as_of": AS_OF, "limit": "2"}).json()
    assert [u["unit"] for u in first["units"]] == [u["unit"] for u in whole["units"][:2]]
    assert first["total"] == whole["total"] and first["next"]
    second = client.get(first["next"]).json()
    assert [u["unit"] for u in second["units"]] == [u["unit"] for u in whole["units"][2:4]]
    page = client.get("/units", params={"as_of": AS_OF, "limit": "2", "offset": "2"}).text
    texts = {text for _, text in links_of(page)}
    assert {"上一页", "下一页"} <= texts or ("上一页" in texts and whole["total"] <= 4)
    assert [u["unit"] for u in second["units"]] == [
        text for href, text in links_of(page) if href.startswith("/units/")
    ][: len(second["units"])]
    assert client.get("/units.json", params={"as_of": AS_OF, "limit": "0"}).status_code == 400


def test_the_whole_ledgers_counts_are_made_once_per_state_of_the_index(tmp_path: Path) -> None:
    """`/units` at any sort or offset, a unit's page and its twin read one count of the whole
    ledger, made by the first of them; a staff correction (which changes no generation of the
    index) makes it again, so the pages show the corrected status at once, as the ledger does;
    a filtered selection is counted on its own and leaves the kept count alone."""
    url = checked_index(tmp_path, (("notice.txt", NOTICE), ("report.txt", REPORT)), AS_OF)
    app = create_app(url)
    client = TestClient(app, base_url=LOCAL)
    kept = app.app.state.unit_indexes  # the security middleware wraps the FastAPI app
    state = app.app.state.duban
    state.cache.get(state.store, AS_OF, wait=None)  # the full check, not the saved statuses before it
    first = client.get("/units.json", params={"as_of": AS_OF}).json()
    client.get("/units.json", params={"as_of": AS_OF, "sort": "overdue", "offset": "1"})
    client.get("/units", params={"as_of": AS_OF, "sort": "unit"})
    page = client.get(f"/units/{quote('市财政局', safe='')}.json", params={"as_of": AS_OF}).json()
    client.get(f"/units/{quote('市财政局', safe='')}", params={"as_of": AS_OF})
    assert client.get("/units/市税务局.json", params={"as_of": AS_OF}).status_code == 404
    assert kept.made == 1
    filtered = client.get("/units.json", params={"as_of": AS_OF, "status": "overdue"}).json()
    assert {u["unit"] for u in filtered["units"]} < {u["unit"] for u in first["units"]}
    assert kept.made == 1
    assert page["counts"]["done"] == 0 and page["counts"]["lead"] == 1
    led = next(r for g in page["groups"] for r in g["rows"] if r["role"] == "lead")
    with open_store(url) as store:
        set_status(store, led["measure_id"], "done", "电话核实已完成", "张三")
    again = client.get(f"/units/{quote('市财政局', safe='')}.json", params={"as_of": AS_OF}).json()
    assert again["counts"]["done"] == 1 and kept.made == 2
    summary = {u["unit"]: u for u in client.get("/units.json", params={"as_of": AS_OF}).json()["units"]}
    assert summary["市财政局"]["done"] == 1 and summary["市财政局"]["rate"] == 0.5
    assert kept.made == 2
