"""The web app over a real SQLite index built from extracted .txt files, called as WSGI and over HTTP."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, make_server
from wsgiref.types import WSGIApplication
from wsgiref.util import setup_testing_defaults

import pytest
from typer.testing import CliRunner

from index import open_store
from pipeline.app import make_app
from pipeline.extract import extract_file

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
}


@dataclass
class Indexed:
    url: str
    notice: str
    minutes: str


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    """An index with a notice and the minutes that relay it, extracted by the real pipeline."""
    root = tmp_path_factory.mktemp("app")
    ids = []
    url = f"sqlite:///{root / 'index.db'}"
    with open_store(url) as store:
        for name, text in (("notice.txt", NOTICE), ("minutes.txt", MINUTES)):
            path = root / name
            path.write_text(text, encoding="utf-8")
            doc = extract_file(path, name)
            store.write(doc, doc.doc_id)
            ids.append(doc.doc_id)
    return Indexed(url, *ids)


@pytest.fixture(scope="module")
def app(indexed: Indexed) -> WSGIApplication:
    return make_app(indexed.url)


def call(app: WSGIApplication, url: str, method: str = "GET") -> Response:
    """Call the app as wsgiref's server would: the path unquoted to latin-1 text (PEP 3333)."""
    parts = urlsplit(url)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": unquote(parts.path, "iso-8859-1"),
        "QUERY_STRING": parts.query,
    }
    setup_testing_defaults(environ)
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        seen["status"], seen["headers"] = status, dict(headers)
        return lambda data: None

    body = b"".join(app(environ, start_response))
    return Response(int(seen["status"].split()[0]), seen["headers"], body)


def q(**params: str) -> str:
    return urlencode(params)


def test_search_page_shows_measure_with_highlight_units_deadline_and_link(
    app: WSGIApplication, indexed: Indexed
) -> None:
    r = call(app, "/search?" + q(q="台账"))
    assert r.status == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "建立问题整改<mark>台账</mark>" in r.text
    assert "市发展改革委（牵头）" in r.text
    assert "2026年6月底前 → 2026-06-30" in r.text
    assert "未检查" in r.text
    assert f'href="/documents/{indexed.notice}#{indexed.notice}:0"' in r.text
    assert "共 1 条举措" in r.text


def test_search_page_escapes_the_query_and_stored_text(app: WSGIApplication) -> None:
    r = call(app, "/search?" + q(q='<script>alert("x")</script>'))
    assert r.status == 200
    assert "<script>" not in r.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in r.text
    stored = call(app, "/search?" + q(q="违规代码"))
    assert "“&lt;script&gt;”" in stored.text
    assert "<script>" not in stored.text


def test_search_json_returns_hits_with_the_store_fields(app: WSGIApplication, indexed: Indexed) -> None:
    r = call(app, "/search.json?" + q(q="绩效评价"))
    assert r.status == 200
    assert r.headers["Content-Type"] == "application/json; charset=utf-8"
    data = r.json()
    assert data["total"] == 2
    assert data["target"] == "measures"
    for hit in data["hits"]:
        assert set(hit) == HIT_FIELDS
        assert "【绩效评价】" in hit["highlight"]
    assert {hit["doc_id"] for hit in data["hits"]} == {indexed.notice, indexed.minutes}


def test_search_json_filters_by_unit_and_role(app: WSGIApplication, indexed: Indexed) -> None:
    everything = call(app, "/search.json").json()
    assert everything["total"] == 4
    by_unit = call(app, "/search.json?" + q(unit="审计局")).json()
    assert by_unit["total"] == 2
    assert by_unit["filters"] == {"unit": "审计局"}
    assert all(any("审计局" in u["name"] for u in hit["units"]) for hit in by_unit["hits"])
    lead = call(app, "/search.json?" + q(unit="财政局", role="牵头")).json()
    assert [hit["doc_id"] for hit in lead["hits"]] == [indexed.notice]
    assert lead["filters"] == {"unit": "财政局", "role": "lead"}


def test_search_json_deadline_filter_sort_and_pages(app: WSGIApplication) -> None:
    due = call(app, "/search.json?" + q(deadline_before="2026-08", sort="deadline")).json()
    assert [hit["deadlines"][-1]["due"] for hit in due["hits"]] == ["2026-06-30", "2026-08-31"]
    first = call(app, "/search.json?" + q(limit="1", sort="deadline")).json()
    assert first["total"] == 4
    assert len(first["hits"]) == 1
    assert first["next"] is not None
    second = call(app, first["next"]).json()
    assert second["offset"] == 1
    assert second["hits"][0]["measure_id"] != first["hits"][0]["measure_id"]
    page = call(app, "/search?" + q(limit="1", sort="deadline")).text
    assert "下一页" in page
    assert "上一页" not in page


def test_search_documents_with_docs_flag(app: WSGIApplication, indexed: Indexed) -> None:
    data = call(app, "/search.json?" + q(docs="1", kind="纪要")).json()
    assert data["target"] == "documents"
    assert [hit["doc_id"] for hit in data["hits"]] == [indexed.minutes]
    assert data["hits"][0]["measure_id"] is None


def test_document_page_and_json_twin_agree(app: WSGIApplication, indexed: Indexed) -> None:
    data = call(app, f"/documents/{indexed.minutes}.json").json()
    page = call(app, f"/documents/{indexed.minutes}")
    assert page.status == 200
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
    assert "示政办〔2026〕5号" in page.text
    assert "<script>" not in page.text


def test_stats_json_and_home_page(app: WSGIApplication) -> None:
    stats = call(app, "/stats.json").json()
    assert stats["documents"] == 2
    assert stats["measures"] == 4
    assert stats["by_unit"]["市审计局"] == 2
    home = call(app, "/")
    assert home.status == 200
    assert "已收录文件 <strong>2</strong> 件" in home.text
    assert f'href="/search?unit={quote("市审计局")}"' in home.text
    assert '<form class="search"' in home.text


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"deadline_before": "2026-13"}, "deadline_before"),
        ({"status": "bogus"}, "status"),
        ({"limit": "many"}, "limit"),
        ({"sort": "random"}, "sort"),
        ({"unit": "财政局", "q": "unit:审计局"}, "unit"),
    ],
)
def test_bad_parameters_are_400_with_the_error_code(
    app: WSGIApplication, params: dict[str, str], field: str
) -> None:
    r = call(app, "/search.json?" + urlencode(params))
    assert r.status == 400
    error = r.json()["error"]
    assert error["code"] == "E050"
    assert field in error["message"]
    assert error["hint"]


def test_bad_parameter_page_is_readable_and_escaped(app: WSGIApplication) -> None:
    r = call(app, "/search?" + q(status="<b>x</b>"))
    assert r.status == 400
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "E050" in r.text
    assert "&lt;b&gt;x&lt;/b&gt;" in r.text
    assert "<b>x</b>" not in r.text


def test_unknown_document_and_path_are_404(app: WSGIApplication) -> None:
    missing = call(app, "/documents/0000.json")
    assert missing.status == 404
    assert missing.json()["error"]["code"] == "E070"
    page = call(app, "/documents/0000")
    assert page.status == 404
    assert "document not found: 0000" in page.text
    assert call(app, "/nowhere").status == 404


def test_only_get_and_head_are_allowed(app: WSGIApplication) -> None:
    post = call(app, "/search.json", method="POST")
    assert post.status == 405
    assert post.headers["Allow"] == "GET, HEAD"
    head = call(app, "/stats.json", method="HEAD")
    assert head.status == 200
    assert head.body == b""
    assert int(head.headers["Content-Length"]) > 0


def test_store_opens_on_the_first_request(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    app = make_app(f"sqlite:///{db}")
    assert not db.exists()
    assert call(app, "/stats.json").json()["documents"] == 0
    assert db.exists()


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""


@pytest.fixture
def server(app: WSGIApplication) -> Iterator[str]:
    httpd = make_server("127.0.0.1", 0, app, handler_class=_QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_over_http_chinese_queries_and_paths_round_trip(
    app: WSGIApplication, indexed: Indexed, server: str
) -> None:
    """Through wsgiref's real server, where paths arrive as latin-1 text and must be decoded."""
    with urllib.request.urlopen(server + "/search.json?" + q(unit="发展改革委")) as r:
        data = json.loads(r.read())
    assert [hit["doc_id"] for hit in data["hits"]] == [indexed.notice]
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(server + "/documents/" + quote("不存在") + ".json")
    assert caught.value.code == 404
    assert json.loads(caught.value.read())["error"]["message"] == "document not found: 不存在"


def test_serve_command_passes_its_options(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import app as app_module
    from pipeline.cli import app as cli

    calls: list[tuple[str, str, int]] = []
    monkeypatch.setattr(app_module, "serve", lambda url, host, port: calls.append((url, host, port)))
    result = CliRunner().invoke(cli, ["serve", "--index", "sqlite:///x.db", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert calls == [("sqlite:///x.db", "127.0.0.1", 0)]


def test_ledger_json_gives_each_directive_measure_a_status(app: WSGIApplication, indexed: Indexed) -> None:
    data = call(app, "/ledger.json?" + q(as_of="2026-04-30")).json()
    assert data["as_of"] == "2026-04-30"
    assert [(row["measure_id"], row["status"]) for row in data["rows"]] == [
        (f"{indexed.notice}:0", "not_relayed"),
        (f"{indexed.notice}:1", "relayed"),
    ]
    evidence = data["rows"][1]["evidence"]
    assert [e["doc_id"] for e in evidence] == [indexed.minutes]
    late = call(app, "/ledger.json?" + q(as_of="2026-11-26", unit="财政局")).json()
    assert [(row["lead"], row["status"], row["light"]) for row in late["rows"]] == [
        (["市财政局"], "overdue", "red")
    ]


def test_ledger_page_shows_lights_and_evidence_without_saving(app: WSGIApplication, indexed: Indexed) -> None:
    page = call(app, "/ledger?" + q(as_of="2026-11-26"))
    assert page.status == 200
    assert page.text.count('class="light-red"') == 2
    assert "红灯" in page.text
    assert f'<a href="/documents/{indexed.minutes}">minutes.txt</a>' in page.text
    assert call(app, "/stats.json").json()["by_status"] == {"unset": 4}


def test_ledger_bad_date_is_400_and_unknown_directive_404(app: WSGIApplication) -> None:
    bad = call(app, "/ledger.json?" + q(as_of="2026-4-3"))
    assert bad.status == 400
    assert bad.json()["error"]["code"] == "E071"
    missing = call(app, "/ledger.json?" + q(directive="不存在〔2099〕1号"))
    assert missing.status == 404
    assert missing.json()["error"]["code"] == "E070"
