"""The web app over a real SQLite index built from extracted .txt files, through Starlette's test
client and through a real uvicorn server: pages and their JSON twins, facets, the ledger and its
downloads, staff corrections, and the server's defences (auth, Host, CSRF, XSS, traversal, limits)."""

from __future__ import annotations

import io
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from openpyxl import load_workbook
from typer.testing import CliRunner

from duban.index import open_store
from duban.pipeline.app import bind_socket, create_app
from duban.pipeline.extract import extract_file
from duban.pipeline.ledger import HEADER
from duban.pipeline.web.security import CSRF_COOKIE, SESSION_COOKIE, Security, SetupError, load_token
from tests.web_server import running

NOTICE = """示范市人民政府办公室关于印发问题整改工作方案的通知
示政办〔2026〕5号
各区人民政府，市政府各部门：
现将《问题整改工作方案》印发给你们，请认真贯彻执行。
一、工作任务
（一）建立问题整改台账，每月更新一次。（牵头单位：市发展改革委；完成时限：2026年6月底前）
（二）开展专项资金绩效评价，形成评价报告。（牵头单位：市财政局；配合单位：市审计局；完成时限：2026年9月30日前）
示范市人民政府办公室
2026年3月1日
"""

MINUTES = """示范市财政局局长办公会议纪要
〔2026〕第2号
4月8日上午，局长主持召开局长办公会议。现纪要如下：
会议传达学习了《示范市人民政府办公室关于印发问题整改工作方案的通知》（示政办〔2026〕5号）精神。
会议要求，预算科要会同市审计局开展专项资金绩效评价，于2026年8月底前形成评价报告。
会议要求，办公室要清理网站“<script>”等违规代码，每季度检查一次。
"""

XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">'
HOSTILE = f"""示范市人民政府办公室关于加强网站安全管理的通知
示政办〔2026〕9号
各区人民政府，市政府各部门：
现将有关事项通知如下，请认真贯彻执行。
一、工作任务
（一）清理网站“{XSS}”等恶意代码。（牵头单位：市大数据局；完成时限：2026年5月底前）
示范市人民政府办公室
2026年3月1日
"""
HOSTILE_TITLE = f"示范市人民政府办公室关于加强网站{XSS}安全管理的通知"

HIT_FIELDS = {
    "text",
    "source",
    "doc_id",
    "page",
    "units",
    "deadlines",
    "status",
    "score",
    "highlight",
    "measure_id",
    "title",
    "kind",
    "exact",
    "ingested_at",  # when its document came into the index (UTC)
    "correction",
    "source_url",  # the original file (`/documents/<id>/source`)
}
LOCAL = "http://127.0.0.1"
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


@dataclass
class Indexed:
    url: str
    notice: str
    minutes: str
    root: Path


def build_index(
    root: Path,
    docs: tuple[tuple[str, str], ...] = (("notice.txt", NOTICE), ("minutes.txt", MINUTES)),
    title: str | None = None,
) -> Indexed:
    """Extract and index `docs`; `title` replaces the first one's title (one the metadata finder
    would not take, such as markup)."""
    ids: list[str] = []
    url = f"sqlite:///{root / 'index.db'}"
    with open_store(url) as store:
        for name, text in docs:
            path = root / name
            path.write_text(text, encoding="utf-8")
            doc = extract_file(path, name)
            record = doc.to_json(include_text=True)
            if title is not None and not ids:
                record["doc"]["title"] = title
            store.write(record, doc.doc_id)
            ids.append(doc.doc_id)
    return Indexed(url, ids[0], ids[1], root)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    """An index with a notice and the minutes that relay it, extracted by the real pipeline."""
    return build_index(tmp_path_factory.mktemp("app"))


def checked(client: TestClient, indexed: Indexed) -> TestClient:
    """`client` once its app has today's cross-check. A page waits for it only `CHECK_WAIT`
    seconds and then says it is being prepared; on a loaded machine the first computation can
    take longer, so tests that read relations wait for it here instead of racing it."""
    deadline = time.monotonic() + 300
    while not client.get(f"/documents/{indexed.notice}.json").json()["crosscheck_ready"]:
        assert time.monotonic() < deadline, "the background cross-check never finished"
        time.sleep(0.1)
    return client


@pytest.fixture(scope="module")
def client(indexed: Indexed) -> TestClient:
    return checked(TestClient(create_app(indexed.url), base_url=LOCAL), indexed)


@pytest.fixture
def fresh(tmp_path: Path) -> tuple[Indexed, TestClient]:
    """An index of its own, for tests that write corrections."""
    indexed = build_index(tmp_path)
    return indexed, TestClient(create_app(indexed.url), base_url=LOCAL)


def q(**params: str) -> str:
    return urlencode(params)


def csrf_of(client: TestClient, page: str = "/login") -> str:
    response = client.get(page)
    assert response.status_code == 200
    token = client.cookies.get(CSRF_COOKIE)
    assert token, "a page with forms sets the CSRF cookie"
    assert f'value="{token}"' in response.text
    return str(token)


# --- search ------------------------------------------------------------------------------------------


def test_search_page_shows_measure_with_highlight_units_deadline_and_link(
    client: TestClient, indexed: Indexed
) -> None:
    r = client.get("/search?" + q(q="台账"))
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "建立问题整改<mark>台账</mark>" in r.text
    assert "市发展改革委（牵头）" in r.text
    assert "2026年6月底前 → 2026-06-30" in r.text
    assert "未检查" in r.text
    assert f'href="/documents/{indexed.notice}#{indexed.notice}:0"' in r.text
    assert "共 1 条举措" in r.text
    assert "部分匹配" not in r.text


def test_search_page_escapes_the_query_and_stored_text(client: TestClient) -> None:
    r = client.get("/search?" + q(q='<script>alert("x")</script>'))
    assert r.status_code == 200
    assert "<script>" not in r.text
    assert "&lt;script&gt;" in r.text
    stored = client.get("/search?" + q(q="违规代码"))
    assert "“&lt;script&gt;”" in stored.text
    assert "<script>" not in stored.text


def test_search_json_returns_hits_with_the_store_fields(client: TestClient, indexed: Indexed) -> None:
    r = client.get("/search.json?" + q(q="绩效评价"))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    data = r.json()
    assert data["total"] == 2
    assert data["target"] == "measures"
    assert data["exact"] is True
    for hit in data["hits"]:
        assert set(hit) == HIT_FIELDS
        assert "【绩效评价】" in hit["highlight"]
    assert {hit["doc_id"] for hit in data["hits"]} == {indexed.notice, indexed.minutes}
    assert client.get("/search?" + q(q="绩效评价", format="json")).json()["total"] == 2


def test_search_facets_count_units_statuses_kinds_and_months(client: TestClient) -> None:
    data = client.get("/search.json?" + q(q="绩效评价")).json()
    assert data["facets"]["by_unit"]["市审计局"] == 2
    assert data["facets"]["by_kind"] == {"minutes": 1, "policy": 1}
    assert data["facets"]["by_status"] == {"unset": 2}
    assert data["facets"]["by_deadline_month"] == {"2026-08": 1, "2026-09": 1}
    page = client.get("/search?" + q(q="绩效评价")).text
    assert f'href="/search?{q(q="绩效评价", unit="市财政局")}"'.replace("&", "&amp;") in page
    month = q(q="绩效评价", deadline_after="2026-08", deadline_before="2026-08")
    assert f'href="/search?{month}"'.replace("&", "&amp;") in page
    clicked = client.get("/search.json?" + q(q="绩效评价", kind="minutes")).json()
    assert clicked["total"] == 1
    assert clicked["facets"]["by_kind"] == {"minutes": 1}


def test_facet_links_never_give_a_field_the_query_fixed(client: TestClient) -> None:
    """`单位:审计` in the words fixes the unit; its facet lists the names it matched. A link adding
    `unit=` with another name gave the field twice: a 400 from the app's own page. Those names are
    shown without a link; every link the facets make opens."""
    page = client.get("/search?" + q(q="单位:审计 绩效评价")).text
    facets = page.split('<aside class="facets">')[1].split("</aside>")[0]
    assert "市审计局" in facets
    hrefs = [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', facets)]
    assert hrefs
    for href in hrefs:
        assert client.get(href).status_code == 200, href
    twice = client.get("/search.json?" + q(q="单位:审计", unit="市财政局"))
    assert twice.status_code == 400
    message = twice.json()["error"]["message"]
    assert "单位（unit）给了两个不同的值" in message and "given" not in message


def test_a_partial_match_is_marked(client: TestClient) -> None:
    data = client.get("/search.json?" + q(q="台账 北极熊")).json()
    assert data["total"] >= 1
    assert data["exact"] is False
    assert all(hit["exact"] is False for hit in data["hits"])
    page = client.get("/search?" + q(q="台账 北极熊")).text
    assert 'class="notice partial"' in page
    assert "部分匹配" in page


def test_search_json_filters_by_unit_and_role(client: TestClient, indexed: Indexed) -> None:
    everything = client.get("/search.json").json()
    assert everything["total"] == 4
    by_unit = client.get("/search.json?" + q(unit="审计局")).json()
    assert by_unit["total"] == 2
    assert by_unit["filters"] == {"unit": "审计局"}
    lead = client.get("/search.json?" + q(unit="财政局", role="牵头")).json()
    assert [hit["doc_id"] for hit in lead["hits"]] == [indexed.notice]
    assert lead["filters"] == {"unit": "财政局", "role": "lead"}


def test_search_json_deadline_filter_sort_and_pages(client: TestClient) -> None:
    due = client.get("/search.json?" + q(deadline_before="2026-08", sort="deadline")).json()
    assert [hit["deadlines"][-1]["due"] for hit in due["hits"]] == ["2026-06-30", "2026-08-31"]
    first = client.get("/search.json?" + q(limit="1", sort="deadline")).json()
    assert first["total"] == 4
    assert len(first["hits"]) == 1
    assert first["next"] is not None
    second = client.get(first["next"]).json()
    assert second["offset"] == 1
    assert second["hits"][0]["measure_id"] != first["hits"][0]["measure_id"]
    page = client.get("/search?" + q(limit="1", sort="deadline")).text
    assert "下一页" in page
    assert "上一页" not in page


def test_search_documents_with_docs_flag(client: TestClient, indexed: Indexed) -> None:
    data = client.get("/search.json?" + q(docs="1", kind="纪要")).json()
    assert data["target"] == "documents"
    assert [hit["doc_id"] for hit in data["hits"]] == [indexed.minutes]
    assert data["hits"][0]["measure_id"] is None
    assert data["facets"] is None


def test_a_search_without_exact_hits_says_why_when_the_index_can_tell(
    client: TestClient, indexed: Indexed
) -> None:
    # Nobody has saved a cross-check into this index: a status search finds nothing, and says why.
    data = client.get("/search.json?" + q(status="overdue")).json()
    assert data["total"] == 0 and data["why_no_hits"] == {"unchecked": True, "documents": 0}
    assert "why-unchecked" in client.get("/search?" + q(status="overdue")).text
    # Words of a title and its opening lines, in no measure: the page links to the document search.
    data = client.get("/search.json?" + q(q="局长办公会议")).json()
    assert not data["exact"] and data["why_no_hits"]["documents"] == 1  # only any-word hits
    page = client.get("/search?" + q(q="局长办公会议")).text
    assert "why-documents" in page and "docs=1" in page
    assert client.get("/search.json?" + q(q="整改台账")).json()["why_no_hits"] is None  # hits: no reason


def test_a_query_of_only_punctuation_says_so_on_the_page_as_in_its_twin(client: TestClient) -> None:
    """The JSON twin said why (only punctuation, nothing to search); the page said only 没有找到。
    换个说法, which does not tell staff their words were lost."""
    twin = client.get("/search.json?" + q(q="……！？")).json()
    assert twin["total"] == 0 and twin["hint"]
    page = client.get("/search?" + q(q="……！？"))
    assert twin["hint"] in page.text


def test_a_query_prefix_that_is_no_field_is_pointed_out_on_the_page_and_its_twin(
    client: TestClient,
) -> None:
    # `负责人:` is no filter field: the words are searched, and the page names the fields there are,
    # for a measure search and a document search alike.
    for docs in ({}, {"docs": "1"}):
        data = client.get("/search.json?" + q(q="负责人:张三 台账", **docs)).json()
        assert data["unknown_fields"] == ["负责人"]
        page = client.get("/search?" + q(q="负责人:张三 台账", **docs)).text
        assert "unknown-field" in page and "“负责人:”不是筛选字段" in page and "牵头单位:" in page
    # A known field and a time of day are no such prefix.
    for query in ("牵头单位:市发展改革委", "会议 10:30"):
        assert client.get("/search.json?" + q(q=query)).json()["unknown_fields"] == []
        assert "不是筛选字段" not in client.get("/search?" + q(q=query)).text


# --- documents and cross-check ---------------------------------------------------------------------


def test_document_page_and_json_twin_agree(client: TestClient, indexed: Indexed) -> None:
    data = client.get(f"/documents/{indexed.minutes}.json").json()
    page = client.get(f"/documents/{indexed.minutes}")
    assert page.status_code == 200
    assert data["doc_id"] == indexed.minutes
    assert "text" not in data
    assert len(data["measures"]) == 2
    assert f"<h1>{data['doc']['title']}</h1>" in page.text
    assert f"<h2>举措（{len(data['measures'])}）</h2>" in page.text
    for measure in data["measures"]:
        assert f'<tr id="{measure["measure_id"]}">' in page.text
        shown = measure["text"].replace("<", "&lt;").replace(">", "&gt;")
        assert shown in page.text
    assert data["relays"][0]["doc_number"] == "示政办〔2026〕5号"
    assert data["relays"][0]["target"] == indexed.notice
    assert f'<a href="/documents/{indexed.notice}">' in page.text
    assert "<script>" not in page.text


def test_document_page_marks_measures_in_the_text_and_names_its_followers(
    client: TestClient, indexed: Indexed
) -> None:
    data = client.get(f"/documents/{indexed.notice}.json").json()
    assert data["is_directive"] is True
    assert [(f["doc_id"], f["relation"]) for f in data["followers"]] == [(indexed.minutes, "relays")]
    page = client.get(f"/documents/{indexed.notice}").text
    first = data["measures"][0]
    assert f'<mark id="t-{first["measure_id"]}"' in page
    marked = page.split(f'<mark id="t-{first["measure_id"]}"', 1)[1].split(">", 1)[1].split("</mark>", 1)[0]
    assert marked == first["text"]
    assert "示范市财政局局长办公会议纪要" in page.split("传达或报告本文件的文件")[1]
    assert f'href="/crosscheck/{indexed.notice}"' in page


def test_a_document_page_does_not_wait_for_the_cross_check(indexed: Indexed) -> None:
    """On a cold cache the page answers at once, says the relations are being computed, and has
    them once the background computation is done."""
    client = TestClient(create_app(indexed.url), base_url=LOCAL)
    first = client.get(f"/documents/{indexed.notice}")
    assert first.status_code == 200
    assert "正在计算" in first.text
    assert "传达或报告本文件的文件" not in first.text
    deadline = time.monotonic() + 30
    while not client.get(f"/documents/{indexed.notice}.json").json()["crosscheck_ready"]:
        assert time.monotonic() < deadline, "the background cross-check never finished"
        time.sleep(0.1)
    later = client.get(f"/documents/{indexed.notice}.json").json()
    assert [f["doc_id"] for f in later["followers"]] == [indexed.minutes]


def test_crosscheck_page_lists_followers_measures_and_forms(client: TestClient, indexed: Indexed) -> None:
    data = client.get(f"/crosscheck/{indexed.notice}.json?" + q(as_of="2026-04-30")).json()
    assert data["directive"]["doc_number"] == "示政办〔2026〕5号"
    assert [link["follower"]["doc_id"] for link in data["links"]] == [indexed.minutes]
    assert [row["status"] for row in data["rows"]] == ["not_relayed", "relayed"]
    page = client.get(f"/crosscheck/{indexed.notice}")
    assert page.status_code == 200
    assert page.text.count('action="/corrections"') == 2
    today = client.get(f"/crosscheck/{indexed.notice}.json").json()["rows"]
    assert all(
        row["why"] and f'<span class="meta small why">{escape(row["why"])}</span>' in page.text
        for row in today
    )
    assert 'name="csrf_token"' in page.text
    assert client.get(f"/crosscheck/{indexed.minutes}").status_code == 404


def test_stats_json_and_home_page(client: TestClient) -> None:
    stats = client.get("/stats.json").json()
    assert stats["documents"] == 2
    assert stats["measures"] == 4
    assert stats["by_unit"]["市审计局"] == 2
    home = client.get("/")
    assert home.status_code == 200
    assert "已收录文件 <strong>2</strong> 件" in home.text
    assert f'href="/search?unit={quote("市审计局")}"' in home.text
    assert '<form class="filters" method="get" action="/search">' in home.text


def test_openapi_describes_the_json_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/search.json", "/ledger.json", "/ledger.xlsx", "/ledger.csv", "/stats.json"} <= paths
    assert {"/documents/{doc_id}.json", "/crosscheck/{doc_id}.json", "/corrections.json"} <= paths
    names = {p["name"] for p in spec["paths"]["/search.json"]["get"]["parameters"]}
    assert {"q", "unit", "status", "kind", "deadline_before", "limit", "offset"} <= names


# --- bad requests ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/search.json", {"deadline_before": "2026-13"}, "deadline_before"),
        ("/search.json", {"status": "bogus"}, "status"),
        ("/search.json", {"limit": "many"}, "limit"),
        ("/search.json", {"limit": "²"}, "limit"),
        ("/search.json", {"limit": "١٢"}, "limit"),
        ("/search.json", {"offset": "99999999999999999999"}, "offset"),
        ("/search.json", {"sort": "random"}, "sort"),
        ("/search.json", {"unit": "财政局", "q": "unit:审计局"}, "unit"),
        ("/ledger.json", {"light": "purple"}, "light"),
        ("/ledger.json", {"sort": "colour"}, "sort"),
        ("/ledger.json", {"limit": "0"}, "limit"),
    ],
)
def test_bad_parameters_are_400_with_the_error_code(
    client: TestClient, path: str, params: dict[str, str], field: str
) -> None:
    r = client.get(path + "?" + urlencode(params))
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "E050"
    assert field in error["message"]
    assert "参数不正确" in error["message"]
    assert error["hint"]


@pytest.mark.parametrize(
    ("path", "params", "words"),
    [
        ("/search", {"q": "评价", "limit": "很多"}, "每页条数（limit）“很多”须是 0 到 100 之间的整数"),
        ("/search", {"q": "评价", "offset": "-1"}, "起始位置（offset）"),
        (
            "/search",
            {"q": "评价", "sort": "time"},
            "排序（sort）“time”不是可用的值，可写：relevance 按相关度",
        ),
        ("/ledger", {"sort": "colour"}, "排序（sort）“colour”不是可用的值"),
        ("/ledger", {"light": "blue"}, "灯（light）“blue”不是可用的值，可写：red 红灯"),
        ("/units", {"sort": "name"}, "lead 按牵头"),
        ("/runs", {"limit": "0"}, "每页条数（limit）“0”须是 1 到"),
    ],
)
def test_a_bad_page_parameter_is_explained_in_chinese(
    client: TestClient, path: str, params: dict[str, str], words: str
) -> None:
    """The walk of the web app found the pages' own parameters (paging, sorting, the light)
    refused in English (`sort 'x' is not one of …`) where the filters' say it in staff's words."""
    page = client.get(path + "?" + urlencode(params))
    assert page.status_code == 400
    assert words in page.text
    assert "is not" not in page.text and "whole number" not in page.text
    twin = client.get(path + ".json?" + urlencode(params)).json()["error"]
    assert words in twin["message"] and twin["hint"]


@pytest.mark.parametrize(
    ("path", "params", "total", "limit"),
    [
        ("/search", {"q": "评价"}, "search", 20),
        ("/ledger", {"as_of": "2026-06-25"}, "ledger", 50),
        ("/units", {"as_of": "2026-06-25"}, "units", 200),
    ],
)
def test_a_page_past_the_end_says_so_and_links_back(
    client: TestClient, path: str, params: dict[str, str], total: str, limit: int
) -> None:
    """A bookmark from when the list was longer, or an edited address: the page said 没有找到 or
    没有符合条件的举措 under a count of hits (and the ledger 第 1001–1000 条), with 上一页 to
    another empty page; now it says the list ended, how long it is, and links to its last and
    first pages."""
    whole = client.get(f"{path}.json?" + urlencode(params)).json()["total"]
    assert whole > 0
    page = client.get(path + "?" + urlencode({**params, "offset": "1000"}))
    assert page.status_code == 200
    assert f"第 1001 {'个单位' if total == 'units' else '条'}起没有了：共 {whole} " in page.text
    assert "回到第一页" in page.text
    assert "没有找到" not in page.text and "没有符合条件" not in page.text
    assert "1001–1000" not in page.text
    if total != "units":  # the units page keeps its pager to a list longer than one page
        last = (whole - 1) // limit * limit
        assert f'offset={last}">上一页' in page.text or (last == 0 and ">上一页" in page.text)


@pytest.mark.parametrize("as_of", ["0000-01-01", "2026-4-3", "9999-12-31", "2026-02-30", "²０２６-01-01"])
def test_bad_dates_are_400_not_500(client: TestClient, as_of: str) -> None:
    for path in ("/ledger.json", "/ledger", "/ledger.xlsx", "/ledger.csv"):
        r = client.get(path + "?" + q(as_of=as_of))
        assert r.status_code == 400, (path, as_of)
        assert "E071" in r.text


def test_bad_parameter_page_is_readable_and_escaped(client: TestClient) -> None:
    r = client.get("/search?" + q(status="<b>x</b>"))
    assert r.status_code == 400
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "E050" in r.text
    assert "&lt;b&gt;x&lt;/b&gt;" in r.text
    assert "<b>x</b>" not in r.text


def test_unknown_document_and_path_are_404_in_chinese(client: TestClient) -> None:
    missing = client.get("/documents/0000.json")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "E070"
    page = client.get("/documents/0000")
    assert page.status_code == 404
    assert "未找到文件：0000" in page.text
    assert "duban search" not in page.text, "staff are not told to run a command"
    nowhere = client.get("/nowhere")
    assert nowhere.status_code == 404
    assert "页面不存在" in nowhere.text


def test_methods_other_than_get_and_head_are_refused(client: TestClient) -> None:
    post = client.post("/search.json")
    assert post.status_code == 405
    assert post.headers["allow"] == "GET"
    head = client.head("/stats.json")
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["content-length"]) > 0


def test_a_slow_request_is_cut_off_with_503(indexed: Indexed, monkeypatch: pytest.MonkeyPatch) -> None:
    from duban.index.sqlite_store import SQLiteStore

    def slow(self: Any) -> dict[str, Any]:
        time.sleep(1.5)
        return {}

    monkeypatch.setattr(SQLiteStore, "stats", slow)
    security = Security.for_bind("127.0.0.1", None, timeout=0.3)
    client = TestClient(create_app(indexed.url, security), base_url=LOCAL)
    started = time.monotonic()
    r = client.get("/stats.json")
    assert r.status_code == 503
    assert "处理超时" in r.json()["error"]["message"]
    assert time.monotonic() - started < 1.4


def test_unexpected_errors_show_no_trace_or_server_path(
    indexed: Indexed, monkeypatch: pytest.MonkeyPatch
) -> None:
    from duban.index.sqlite_store import SQLiteStore

    def broken(self: Any) -> dict[str, Any]:
        raise RuntimeError(f"boom in {indexed.root}/secret.py line 3")

    monkeypatch.setattr(SQLiteStore, "stats", broken)
    client = TestClient(create_app(indexed.url), base_url=LOCAL, raise_server_exceptions=False)
    for path in ("/", "/stats.json"):
        r = client.get(path)
        assert r.status_code == 500
        assert "服务器内部错误" in r.text
        assert str(indexed.root) not in r.text
        assert "Traceback" not in r.text and "RuntimeError" not in r.text


def test_an_unreachable_index_does_not_reveal_its_path(tmp_path: Path) -> None:
    folder = tmp_path / "secret-folder"
    folder.mkdir()
    client = TestClient(create_app(f"sqlite:///{folder}"), base_url=LOCAL, raise_server_exceptions=False)
    r = client.get("/stats.json")
    assert r.status_code == 503
    assert r.json()["error"]["code"] == "E041"
    assert "secret-folder" not in r.text


# --- the ledger ------------------------------------------------------------------------------------


def test_ledger_json_gives_each_directive_measure_a_status(client: TestClient, indexed: Indexed) -> None:
    data = client.get("/ledger.json?" + q(as_of="2026-04-30")).json()
    assert data["as_of"] == "2026-04-30"
    assert [(row["measure_id"], row["status"]) for row in data["rows"]] == [
        (f"{indexed.notice}:0", "not_relayed"),
        (f"{indexed.notice}:1", "relayed"),
    ]
    evidence = data["rows"][1]["evidence"]
    assert [e["doc_id"] for e in evidence] == [indexed.minutes]
    late = client.get("/ledger.json?" + q(as_of="2026-11-26", unit="财政局")).json()
    assert [(row["lead"], row["status"], row["light"]) for row in late["rows"]] == [
        (["市财政局"], "overdue", "red")
    ]
    # the status in a sentence, beside the evidence: what the date did to it
    assert "已过" in late["rows"][0]["why"] and "2026-11-26" in late["rows"][0]["why"]


def test_ledger_page_shows_lights_in_chinese_and_evidence_without_saving(
    client: TestClient, indexed: Indexed
) -> None:
    page = client.get("/ledger?" + q(as_of="2026-11-26"))
    assert page.status_code == 200
    assert page.text.count('<tr class="light-red">') == 2
    assert "红灯" in page.text
    assert ">red<" not in page.text and "green" not in page.text.split("<table", 1)[1].replace(
        "light-green", ""
    )
    assert f'<a href="/documents/{indexed.minutes}" title="minutes.txt">minutes.txt</a>' in page.text
    rows = client.get("/ledger.json?" + q(as_of="2026-11-26")).json()["rows"]
    overdue = [row["why"] for row in rows if row["status"] == "overdue"]
    assert overdue and all(f'<span class="meta small why">{escape(w)}</span>' in page.text for w in overdue)
    assert client.get("/stats.json").json()["by_status"] == {"unset": 4}


def test_ledger_counts_by_light_pages_and_sorts(client: TestClient) -> None:
    data = client.get("/ledger.json?" + q(as_of="2026-06-25")).json()
    assert data["lights"] == {"red": 0, "yellow": 1, "green": 0, "none": 1}
    yellow = client.get("/ledger.json?" + q(as_of="2026-06-25", light="yellow")).json()
    assert [row["due"] for row in yellow["rows"]] == ["2026-06-30"]
    assert yellow["lights"] == data["lights"], "the counts stay those of the whole selection"
    first = client.get("/ledger.json?" + q(as_of="2026-06-25", limit="1", sort="deadline")).json()
    assert (first["total"], len(first["rows"]), first["rows"][0]["due"]) == (2, 1, "2026-06-30")
    second = client.get(first["next"]).json()
    assert second["rows"][0]["due"] == "2026-09-30"
    assert second["next"] is None
    by_status = client.get("/ledger.json?" + q(as_of="2026-04-30", sort="status")).json()
    assert [row["status"] for row in by_status["rows"]] == ["not_relayed", "relayed"]
    page = client.get("/ledger?" + q(as_of="2026-06-25", limit="1")).text
    assert "下一页" in page
    assert "黄灯 1" in page


def test_ledger_is_computed_once_per_index_generation(indexed: Indexed) -> None:
    app = create_app(indexed.url)
    client = TestClient(app, base_url=LOCAL)
    cache = app.app.state.duban.cache
    for _ in range(3):
        assert client.get("/ledger.json?" + q(as_of="2026-04-30")).status_code == 200
    client.get("/ledger.json?" + q(as_of="2026-04-30", unit="财政局"))
    assert cache.computed == 1
    client.get("/ledger.json?" + q(as_of="2026-05-01"))
    assert cache.computed == 2 and len(cache) == 2  # two dates of one generation


def test_a_new_generation_lets_the_earlier_results_go(fresh: tuple[Indexed, TestClient]) -> None:
    indexed, client = fresh
    cache = client.app.app.state.duban.cache  # type: ignore[attr-defined]
    for as_of in ("2026-04-30", "2026-05-01"):
        assert client.get("/ledger.json?" + q(as_of=as_of)).status_code == 200
    assert (cache.computed, len(cache)) == (2, 2)
    with open_store(indexed.url) as store:
        assert store.delete(indexed.minutes)  # a write the cross-check reads: a new generation
    assert client.get("/ledger.json?" + q(as_of="2026-05-01")).status_code == 200
    assert (cache.computed, len(cache)) == (3, 1)  # the earlier generation's two are let go


def slowed_check(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The web app's full cross-check held until the event is set (a large index, in effect)."""
    from duban.pipeline.web import cache

    real = cache.check_store
    release = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> Any:
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(cache, "check_store", slow)
    return release


def test_a_slow_cross_check_answers_503_while_it_is_computed(
    indexed: Indexed, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = slowed_check(monkeypatch)
    monkeypatch.setattr("duban.pipeline.app.CHECK_WAIT", 0.2)
    client = TestClient(create_app(indexed.url), base_url=LOCAL)
    busy = client.get("/ledger.json")
    assert busy.status_code == 503
    assert busy.headers["retry-after"] == "15"
    assert "正在计算" in busy.json()["error"]["message"]
    assert "15 秒后再请求" in busy.json()["error"]["hint"]
    # the page loads itself again, so staff need not keep pressing refresh; other errors do not
    page = client.get("/ledger")
    assert page.status_code == 503 and "正在计算" in page.text and "自动刷新" in page.text
    assert '<meta http-equiv="refresh" content="15">' in page.text
    assert 'http-equiv="refresh"' not in client.get("/documents/不存在").text
    release.set()
    deadline = time.monotonic() + 20
    while (r := client.get("/ledger.json")).status_code == 503:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert r.status_code == 200
    assert r.json()["total"] == 2


def test_the_cross_check_can_run_in_a_worker_process(indexed: Indexed) -> None:
    app = create_app(indexed.url, isolate=True)
    with TestClient(app, base_url=LOCAL) as client:
        state = app.app.state.duban
        deadline = time.monotonic() + 60
        while (r := client.get("/ledger.json?" + q(as_of="2026-04-30"))).status_code == 503:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert [row["status"] for row in r.json()["rows"]] == ["not_relayed", "relayed"]
        assert state.cache.computed == 1


def test_ledger_bad_date_is_400_and_unknown_directive_404(client: TestClient) -> None:
    bad = client.get("/ledger.json?" + q(as_of="2026-4-3"))
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "E071"
    missing = client.get("/ledger.json?" + q(directive="不存在〔2099〕1号"))
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "E070"


def test_ledger_downloads_hold_every_matching_row(client: TestClient) -> None:
    xlsx = client.get("/ledger.xlsx?" + q(as_of="2026-11-26", limit="1"))
    assert xlsx.status_code == 200
    assert "attachment" in xlsx.headers["content-disposition"]
    assert 'filename="duban-ledger-2026-11-26.xlsx"' in xlsx.headers["content-disposition"]
    ws = load_workbook(io.BytesIO(xlsx.content))["台账"]
    assert ws.max_row == 1 + 2
    assert [c.value for c in ws[2]][HEADER.index("状态")] == "逾期"
    csv = client.get("/ledger.csv?" + q(as_of="2026-11-26", unit="审计局"))
    assert csv.status_code == 200
    assert csv.content.startswith(b"\xef\xbb\xbf")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",")[: len(HEADER)] == list(HEADER)
    assert len(lines) == 2
    assert "红" in lines[1]


# --- corrections -----------------------------------------------------------------------------------


def test_a_correction_needs_the_csrf_token(fresh: tuple[Indexed, TestClient]) -> None:
    indexed, client = fresh
    form = {"measure_id": f"{indexed.notice}:0", "status": "done", "by": "张三"}
    assert client.post("/corrections", data=form).status_code == 403
    token = csrf_of(client)
    assert client.post("/corrections", data={**form, "csrf_token": "forged"}).status_code == 403
    other_site = client.post(
        "/corrections", data={**form, "csrf_token": token}, headers={"Origin": "http://evil.example"}
    )
    assert other_site.status_code == 403
    assert client.get("/corrections.json").json()["corrections"] == []
    ok = client.post(
        "/corrections", data={**form, "csrf_token": token}, headers={"Origin": LOCAL}, follow_redirects=False
    )
    assert ok.status_code == 303
    assert len(client.get("/corrections.json").json()["corrections"]) == 1


def test_a_correction_is_shown_everywhere_and_can_be_undone(fresh: tuple[Indexed, TestClient]) -> None:
    indexed, client = fresh
    token = csrf_of(client)
    target = f"{indexed.notice}:1"
    r = client.post(
        "/corrections",
        data={
            "measure_id": target,
            "status": "已完成",
            "note": "电话核实<b>已完成</b>",
            "by": "督查室张三",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == f"/crosscheck/{indexed.notice}#{target}"
    rows = {
        row["measure_id"]: row for row in client.get("/ledger.json?" + q(as_of="2026-11-26")).json()["rows"]
    }
    assert (rows[target]["status"], rows[target]["computed_status"], rows[target]["light"]) == (
        "done",
        "overdue",
        "green",
    )
    assert rows[target]["correction"]["by"] == "督查室张三"
    hit = client.get("/search.json?" + q(q="绩效评价", doc_id=indexed.notice)).json()["hits"][0]
    assert (hit["status"], hit["correction"]["note"]) == ("done", "电话核实<b>已完成</b>")
    doc = client.get(f"/documents/{indexed.notice}.json").json()
    assert doc["measures"][1]["status"] == "done"
    page = client.get(f"/crosscheck/{indexed.notice}").text
    assert "人工核定" in page and "督查室张三" in page
    assert "电话核实&lt;b&gt;已完成&lt;/b&gt;" in page
    correction_id = rows[target]["correction"]["id"]
    assert client.post(f"/corrections/{correction_id}/undo", data={"by": "李四"}).status_code == 403
    undone = client.post(
        f"/corrections/{correction_id}/undo", data={"by": "李四", "csrf_token": token}, follow_redirects=False
    )
    assert undone.status_code == 303
    rows = {
        row["measure_id"]: row for row in client.get("/ledger.json?" + q(as_of="2026-11-26")).json()["rows"]
    }
    assert (rows[target]["status"], rows[target]["correction"]) == ("overdue", None)
    listed = client.get("/corrections.json").json()["corrections"]
    assert [(c["status"], c["undone_by"]) for c in listed] == [("done", "李四")]
    assert "已由 李四" in client.get("/corrections").text


def test_a_correction_form_with_bad_values_is_refused(fresh: tuple[Indexed, TestClient]) -> None:
    indexed, client = fresh
    token = csrf_of(client)
    base = {"measure_id": f"{indexed.notice}:0", "status": "done", "by": "张三", "csrf_token": token}
    assert client.post("/corrections", data={**base, "status": "finished"}).status_code == 400
    assert client.post("/corrections", data={**base, "by": " "}).status_code == 400
    assert client.post("/corrections", data={**base, "measure_id": "nope:0"}).status_code == 404
    assert client.post("/corrections/999/undo", data={"by": "张三", "csrf_token": token}).status_code == 404
    assert (
        client.post("/corrections", data={**base, "next": "//evil.example/x"}, follow_redirects=False)
        .headers["location"]
        .startswith("/crosscheck/")
    )


def test_a_stale_form_says_to_reload_the_page(fresh: tuple[Indexed, TestClient]) -> None:
    """A form whose CSRF token the browser no longer has (its data cleared, the page left open):
    the 403 said only 请求无法处理; staff are now told the form lapsed and to reload."""
    indexed, client = fresh
    form = {"measure_id": f"{indexed.notice}:0", "status": "done", "by": "张三", "csrf_token": "old"}
    page = client.post("/corrections", data=form)
    assert page.status_code == 403
    assert "表单已失效" in page.text and "刷新页面" in page.text
    assert client.get("/corrections.json").json()["corrections"] == []


def test_undoing_twice_says_who_undid_it_and_returns_to_the_row(fresh: tuple[Indexed, TestClient]) -> None:
    """The second click of 撤销核定 (or the same form after the browser's back button) said
    未找到核定记录 as if the correction had never been; it now says who undid it and when. The
    undo returns to the row its form was on, as setting a status does."""
    indexed, client = fresh
    token = csrf_of(client)
    target = f"{indexed.notice}:0"
    here = f"/crosscheck/{indexed.notice}"
    client.post(
        "/corrections",
        data={"measure_id": target, "status": "done", "by": "王五", "csrf_token": token, "next": here},
    )
    (made,) = client.get("/corrections.json").json()["corrections"]
    form = {"by": "赵六", "csrf_token": token, "next": here}
    first = client.post(f"/corrections/{made['id']}/undo", data=form, follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == f"{here}#{target}"
    again = client.post(f"/corrections/{made['id']}/undo", data=form)
    assert again.status_code == 409
    assert "已由 赵六" in again.text and "无需再撤销" in again.text
    assert "未找到" not in again.text
    assert client.post("/corrections/999/undo", data=form).status_code == 404


def test_a_correction_form_error_does_not_speak_of_filters(fresh: tuple[Indexed, TestClient]) -> None:
    """经办人 left empty: the page said to check the filters' spelling and date format."""
    indexed, client = fresh
    form = {"measure_id": f"{indexed.notice}:0", "status": "done", "by": " ", "csrf_token": csrf_of(client)}
    page = client.post("/corrections", data=form)
    assert page.status_code == 400
    assert "经办人（by）必须填写" in page.text
    assert "筛选条件" not in page.text and "返回上一页" in page.text
    assert "E073" in page.text


def test_a_posted_status_that_is_none_is_refused_with_400_not_a_server_error(
    fresh: tuple[Indexed, TestClient],
) -> None:
    """E072 (a correction's status) was missing from the web's table of codes: the form would
    have answered 500 处理出错 for a typing slip."""
    indexed, client = fresh
    form = {
        "measure_id": f"{indexed.notice}:0",
        "status": "finished",
        "by": "张三",
        "csrf_token": csrf_of(client),
    }
    page = client.post("/corrections", data=form)
    assert page.status_code == 400
    assert "E072" in page.text and "“finished”不是可以核定的状态" in page.text
    assert "返回上一页" in page.text


def test_a_document_without_a_title_is_named_by_its_file_not_the_server_path(tmp_path: Path) -> None:
    """A document whose title was not found (a scanned PDF, a short note) had its full path on
    the server as the page's title and heading, and as the link text of its search hits."""
    folder = tmp_path / "收文" / "2026"
    folder.mkdir(parents=True)
    path = folder / "扫描件.txt"
    path.write_text(NOTICE, encoding="utf-8")
    doc = extract_file(path, str(path))  # the source as a folder ingest records it: the full path
    record = doc.to_json(include_text=True)
    record["doc"]["title"] = None
    url = f"sqlite:///{tmp_path / 'index.db'}"
    with open_store(url) as store:
        store.write(record, doc.doc_id)
    client = TestClient(create_app(url), base_url=LOCAL)
    page = client.get(f"/documents/{doc.doc_id}")
    assert "<title>扫描件.txt · 督办</title>" in page.text
    assert "<h1>扫描件.txt</h1>" in page.text
    assert str(path) in page.text, "the 来源 line still gives the whole path"
    hits = client.get("/search?" + q(q="问题整改台账", docs="1")).text
    assert ">扫描件.txt</a>" in hits


def test_pages_name_their_icon_so_the_browser_asks_no_missing_file(client: TestClient) -> None:
    """Chromium asked every page for /favicon.ico, a 404 in its console on each page load."""
    assert '<link rel="icon" href="data:,">' in client.get("/").text
    assert "img-src 'self' data:" in client.get("/").headers["content-security-policy"]
    assert client.get("/favicon.ico").status_code == 204, "asked for beside a JSON twin"


def test_a_correction_survives_reingest_of_an_edited_file_and_a_recheck(tmp_path: Path) -> None:
    from duban.pipeline.cli import app as cli

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notice.txt").write_text(NOTICE, encoding="utf-8")
    (folder / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'index.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(folder), "--index", url, "-q"]).exit_code == 0
    client = TestClient(create_app(url), base_url=LOCAL)
    row = client.get("/ledger.json?" + q(as_of="2026-11-26", unit="财政局")).json()["rows"][0]
    token = csrf_of(client)
    client.post(
        "/corrections",
        data={"measure_id": row["measure_id"], "status": "lagging", "by": "王五", "csrf_token": token},
    )
    (folder / "notice.txt").write_text(NOTICE.replace("2026年3月1日", "2026年3月2日"), encoding="utf-8")
    assert runner.invoke(cli, ["ingest", str(folder), "--index", url, "-q"]).exit_code == 0
    assert runner.invoke(cli, ["crosscheck", "--index", url, "--as-of", "2026-11-26"]).exit_code == 0
    after = client.get("/ledger.json?" + q(as_of="2026-11-26", unit="财政局")).json()["rows"][0]
    assert after["doc_id"] != row["doc_id"], "the edited file is a new document"
    assert (after["status"], after["computed_status"], after["correction"]["by"]) == (
        "lagging",
        "overdue",
        "王五",
    )


# --- security --------------------------------------------------------------------------------------


def test_a_non_local_bind_needs_a_token(tmp_path: Path) -> None:
    with pytest.raises(SetupError, match="访问口令"):
        Security.for_bind("0.0.0.0", None)
    with pytest.raises(SetupError, match="太短"):
        load_token(env={"DUBAN_WEB_TOKEN": "short"})
    token_file = tmp_path / "token"
    token_file.write_text("s3cret-token-0123456789\n", encoding="utf-8")
    assert load_token(token_file, env={}) == "s3cret-token-0123456789"
    assert load_token(env={"DUBAN_WEB_TOKEN_FILE": str(token_file)}) == "s3cret-token-0123456789"
    with pytest.raises(SetupError, match="读不到口令文件"):
        load_token(tmp_path / "missing", env={})
    result = CliRunner().invoke(
        _serve_cli(), ["serve", "--host", "0.0.0.0", "--index", "sqlite:///x.db"], env={"DUBAN_WEB_TOKEN": ""}
    )
    assert result.exit_code == 2
    assert "必须设置访问口令" in result.output


def _serve_cli() -> Any:
    import typer

    from duban.pipeline import cli_app

    app = typer.Typer()
    cli_app.register(app)

    @app.command()
    def other() -> None:
        """A second command, so Typer keeps `serve` as a sub-command."""

    return app


def test_with_a_token_every_request_is_checked(indexed: Indexed) -> None:
    token = "s3cret-token-0123456789"
    app = create_app(indexed.url, Security.for_bind("0.0.0.0", token))
    client = TestClient(app, base_url="http://duban.internal")
    assert client.get("/stats.json").status_code == 401
    assert (
        client.get("/stats.json", headers={"Authorization": "Bearer wrong-token-0123456789"}).status_code
        == 401
    )
    assert client.get("/stats.json", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    page = client.get("/ledger?as_of=2026-04-30", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=" + quote("/ledger?as_of=2026-04-30", safe="")
    assert client.get("/static/style.css").status_code == 200
    login = client.get("/login")
    assert login.status_code == 200
    csrf = str(client.cookies.get(CSRF_COOKIE))
    bad = client.post("/login", data={"token": "nope", "csrf_token": csrf, "next": "/ledger"})
    assert bad.status_code == 401
    assert client.cookies.get(SESSION_COOKIE) is None
    good = client.post(
        "/login", data={"token": token, "csrf_token": csrf, "next": "/ledger"}, follow_redirects=False
    )
    assert (good.status_code, good.headers["location"]) == (303, "/ledger")
    assert (
        "httponly" in good.headers["set-cookie"].lower()
        and "samesite=strict" in good.headers["set-cookie"].lower()
    )
    assert client.get("/stats.json").status_code == 200
    # a forged session alone (cleared first: httpx2's jar would keep the server's cookie beside it)
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, "0" * 64)
    assert client.get("/stats.json").status_code == 401


def test_staff_can_log_out_on_a_shared_computer(indexed: Indexed) -> None:
    """A browser that logged in had no way out but clearing its data: every page now offers
    退出登录 (a form with the CSRF token), after which the pages ask for the token again."""
    token = "office-token-0123456789"
    client = TestClient(
        create_app(indexed.url, Security.for_bind("0.0.0.0", token)), base_url="http://duban.lan"
    )
    assert "退出登录" not in client.get("/login").text, "offered only once logged in"
    csrf = str(client.cookies.get(CSRF_COOKIE))
    client.post("/login", data={"token": token, "csrf_token": csrf, "next": "/"})
    home = client.get("/")
    assert home.status_code == 200
    assert 'action="/logout"' in home.text and "退出登录" in home.text
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    out = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/login")
    assert client.cookies.get(SESSION_COOKIE) is None
    again = client.get("/ledger", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].startswith("/login")
    assert 'action="/logout"' not in TestClient(create_app(indexed.url), base_url=LOCAL).get("/").text


def test_host_header_is_checked_on_a_local_bind(indexed: Indexed) -> None:
    app = create_app(indexed.url)
    for host in ("127.0.0.1", "localhost:8080", "[::1]:8080"):
        assert TestClient(app, base_url=f"http://{host}").get("/stats.json").status_code == 200, host
    rebound = TestClient(app, base_url="http://attacker.example").get("/stats.json")
    assert rebound.status_code == 400
    assert "主机名不被允许" in rebound.json()["error"]["message"]


def test_security_headers_forbid_scripts_and_framing(client: TestClient) -> None:
    r = client.get("/")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "script-src" not in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"


def test_titles_and_texts_are_escaped_on_every_page(tmp_path: Path) -> None:
    indexed = build_index(tmp_path, (("hostile.txt", HOSTILE), ("minutes.txt", MINUTES)), HOSTILE_TITLE)
    client = TestClient(create_app(indexed.url), base_url=LOCAL)
    token = csrf_of(client)
    client.post(
        "/corrections",
        data={
            "measure_id": f"{indexed.notice}:0",
            "status": "done",
            "by": XSS[:40],
            "note": XSS,
            "csrf_token": token,
        },
    )
    pages = [
        "/search?" + q(q="恶意代码"),
        "/search?" + q(q="网站", docs="1"),
        f"/documents/{indexed.notice}",
        f"/crosscheck/{indexed.notice}",
        "/ledger?" + q(as_of="2026-04-30"),
        "/corrections",
        "/",
    ]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert "<script>" not in r.text, path
        assert "<img" not in r.text, path
        tags = _Tags()
        tags.feed(r.text)
        assert not {"script", "img"} & tags.names, path
        assert not any(name.startswith("on") for name in tags.attributes), path
    shown = client.get(f"/documents/{indexed.notice}").text
    assert "<h1>示范市人民政府办公室关于加强网站&lt;script&gt;" in shown
    assert "清理网站“&lt;script&gt;" in shown


class _Tags(HTMLParser):
    """The element and attribute names a browser would build from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2f..%2fcli.py",
        "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/documents/..%2F..%2F..%2Fetc%2Fpasswd",
        "/documents/%2e%2e",
        "/crosscheck/..%2Findex.db",
    ],
)
def test_paths_cannot_leave_the_app(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (400, 404)
    assert "root:" not in r.text
    assert "def " not in r.text
    assert "SQLite format" not in r.text


def test_large_requests_are_refused(fresh: tuple[Indexed, TestClient]) -> None:
    indexed, client = fresh
    token = csrf_of(client)
    big = {
        "measure_id": f"{indexed.notice}:0",
        "status": "done",
        "by": "张三",
        "note": "很" * 40_000,
        "csrf_token": token,
    }
    r = client.post("/corrections", data=big)
    assert r.status_code == 413
    assert client.get("/corrections.json").json()["corrections"] == []
    long_url = client.get("/search.json?q=" + "a" * 9000)
    assert long_url.status_code == 414
    pasted = client.get("/search?" + q(q="加强" * 600))  # a paragraph pasted as the query
    assert pasted.status_code == 414
    assert "请缩短" in pasted.text, "says what to do, not only 网址太长"


def test_a_streamed_body_over_the_limit_is_cut_off(fresh: tuple[Indexed, TestClient]) -> None:
    _, client = fresh

    def chunks() -> Any:
        for _ in range(100):
            yield b"x" * 4096

    r = client.post(
        "/corrections", content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code == 413


# --- serving -----------------------------------------------------------------------------------------


def test_a_port_in_use_gives_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    db.touch()  # serve refuses a missing index (E045) before it binds
    taken = bind_socket("127.0.0.1", 0)
    port = str(taken.getsockname()[1])
    try:
        with pytest.raises(SetupError, match="已被占用"):
            bind_socket("127.0.0.1", int(port))
        result = CliRunner().invoke(
            _serve_cli(), ["serve", "--index", str(db), "--port", port], env={"DUBAN_WEB_TOKEN": ""}
        )
        assert result.exit_code == 2
        assert f"端口 {port} 已被占用" in result.output
        assert "Traceback" not in result.output
    finally:
        taken.close()


def test_serve_command_passes_its_options(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from duban.pipeline import app as app_module

    db = tmp_path / "x.db"
    db.touch()  # serve refuses a missing index (E045)

    calls: list[tuple[str, str, int, bool]] = []
    folders: list[Path | None] = []
    fetched_folders: list[Path | None] = []

    def serve(
        url: str,
        host: str,
        port: int,
        security: Security,
        announce: Any,
        uploads: Any,
        fetched: Path | None = None,
    ) -> None:
        calls.append((url, host, port, bool(security.token)))
        folders.append(uploads.folder)
        fetched_folders.append(fetched)

    monkeypatch.setattr(app_module, "serve", serve)
    result = CliRunner().invoke(
        _serve_cli(), ["serve", "--index", str(db), "--port", "0"], env={"DUBAN_WEB_TOKEN": ""}
    )
    assert result.exit_code == 0, result.output
    assert calls == [(str(db), "127.0.0.1", 0, False)]
    assert fetched_folders == [None]  # create_app puts them beside the index
    args = ["serve", "--index", str(db), "--fetched", str(tmp_path / "pages")]
    assert CliRunner().invoke(_serve_cli(), args, env={"DUBAN_WEB_TOKEN": ""}).exit_code == 0
    assert fetched_folders[-1] == tmp_path / "pages"
    calls.clear()
    folders.clear()
    result = CliRunner().invoke(
        _serve_cli(), ["serve", "--index", str(db), "--port", "0"], env={"DUBAN_WEB_TOKEN": ""}
    )
    assert calls == [(str(db), "127.0.0.1", 0, False)]
    token = "s3cret-token-0123456789"
    result = CliRunner().invoke(
        _serve_cli(),
        ["serve", "--index", str(db), "--host", "0.0.0.0"],
        env={"DUBAN_WEB_TOKEN": token},
    )
    assert result.exit_code == 0, result.output
    assert calls[-1] == (str(db), "0.0.0.0", 8080, True)
    assert folders[0] == db.absolute().with_name("x.db.uploads"), "uploads beside the index by default"
    for options, folder in (([], tmp_path / "in"), (["--no-uploads"], None)):
        args = ["serve", "--index", str(db), "--uploads", str(tmp_path / "in"), *options]
        result = CliRunner().invoke(_serve_cli(), args, env={"DUBAN_WEB_TOKEN": ""})
        assert result.exit_code == 0, result.output
        assert folders[-1] == folder


def test_over_http_an_idle_connection_blocks_no_one(indexed: Indexed) -> None:
    """Through real uvicorn: a client that connects and says nothing does not stall the others,
    Chinese queries and paths round-trip, and errors arrive as JSON with their code."""
    with running(indexed.url) as base:
        idle = socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])))
        idle.sendall(b"GET /stats.json HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # headers never finished
        try:
            started = time.monotonic()
            with urllib.request.urlopen(base + "/search.json?" + q(unit="发展改革委"), timeout=10) as r:
                data = json.loads(r.read())
            assert time.monotonic() - started < 5
            assert [hit["doc_id"] for hit in data["hits"]] == [indexed.notice]
            with pytest.raises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(base + "/documents/" + quote("不存在") + ".json", timeout=10)
            assert caught.value.code == 404
            assert json.loads(caught.value.read())["error"]["message"] == "未找到文件：不存在"
        finally:
            idle.close()
