"""Pages fetched by URL (`duban ingest URL`, `--urls`; `pipeline.fetch`), from a real HTTP server
on 127.0.0.1 serving pages written here: a GBK notice with its task list as a `.docx` attachment,
a UTF-8 page, a 404, a redirect, a slow answer, a `robots.txt` that disallows a folder, and ETag
or Last-Modified answered with 304 on the next run. Never any network beyond 127.0.0.1."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import docx
import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from duban.base.paths import still_there
from duban.index import open_store
from duban.pipeline.cli_index import register
from duban.pipeline.fetch import (
    Fetcher,
    FetchOptions,
    attachment_links,
    disposition_name,
    local_path,
    read_url_list,
    saved_copy,
)

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

# own wording: a county notice whose body has one task and whose task list is an attachment
NOTICE = (
    "<html><head><title>关于做好冬季供暖保障工作的通知</title></head><body>"
    "<div class='nav'>首页 &gt; 政府信息公开 &gt; 通知公告</div>"
    "<h1>关于做好冬季供暖保障工作的通知</h1>"
    "<p>各乡镇人民政府，县直各部门：</p>"
    "<p>为保障群众温暖过冬，现将有关事项通知如下。</p>"
    "<p>一、县住房城乡建设局要于2026年11月15日前完成供热管网检修。</p>"
    "<p>二、县发展改革局牵头做好煤炭储备工作，每月报送一次储备情况。</p>"
    "<p>附件：<a href='/files/renwu.docx'>1.重点任务分解表.docx</a>"
    " <a href='{other}/files/shuoming.txt#p2'>2.说明.txt</a>"
    " <a href='/zwgk/list.html'>返回列表</a> <a href='/img/photo.jpg'>图片</a></p>"
    "</body></html>"
)
TASKS = [
    "县应急管理局要于2026年12月底前完成供暖企业安全检查。",
    "县市场监管局负责每季度开展一次燃气价格检查。",
]
UTF8_PAGE = (
    "<html><head><meta charset='utf-8'><title>关于开展校园食品安全检查的通知</title></head><body>"
    "<p>关于开展校园食品安全检查的通知</p>"
    "<p>县教育局要于2026年9月30日前完成全县学校食堂检查。</p></body></html>"
)
MOVED_PAGE = (
    "<html><head><meta charset='utf-8'></head><body><p>关于加强河道巡查的通知</p>"
    "<p>县水利局要于2026年8月底前完成主要河道巡查。</p></body></html>"
)
NOTE = "县财政局要于2026年10月底前拨付供暖补贴资金。\n"
ROBOTS = "User-agent: *\nDisallow: /neibu/\n"


def notice(base: str) -> str:
    """The notice as served at `base`: its second attachment on a host of another name (`localhost`,
    the same server), as portals keep files on a file server."""
    return NOTICE.format(other=base.replace("127.0.0.1", "localhost"))


def task_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("重点任务分解表")
    for task in TASKS:
        document.add_paragraph(task)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (the timeout's test)


@dataclass
class Site:
    """The server: its routes by path, and every request it saw (path and headers)."""

    base: str
    routes: dict[str, Route]
    seen: list[tuple[str, Message]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def asked(self, path: str) -> list[Message]:
        return [headers for seen, headers in self.seen if seen == path]


def _handler(site: Callable[[], Site]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            here = site()
            here.seen.append((self.path, self.headers))
            route = here.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                time.sleep(route.delay)
            etag = route.headers.get("ETag")
            modified = route.headers.get("Last-Modified")
            if (etag and self.headers.get("If-None-Match") == etag) or (
                modified and self.headers.get("If-Modified-Since") == modified
            ):
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextlib.contextmanager
def serving(routes: Callable[[str], dict[str, Route]]) -> Iterator[Site]:
    """A server on 127.0.0.1 (a port of its own: another host to the fetch) with the routes made
    for its base URL."""
    holder: list[Site] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(lambda: holder[0]))
    server.handle_error = lambda *args: None  # type: ignore[method-assign]  # a client that hung up
    base = f"http://127.0.0.1:{server.server_address[1]}"
    holder.append(Site(base, routes(base)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder[0]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    with serving(
        lambda base: {
            "/robots.txt": Route(ROBOTS.encode(), headers={"Content-Type": "text/plain"}),
            "/files/shuoming.txt": Route(NOTE.encode("gbk"), headers={"Content-Type": "text/plain"}),
            "/tzgg/t20261101_1.html": Route(
                notice(base).encode("gbk"),
                headers={"Content-Type": "text/html; charset=GBK", "ETag": '"v1"'},
            ),
            "/files/renwu.docx": Route(
                task_docx(),
                headers={
                    "Content-Type": "application/octet-stream",
                    "Last-Modified": "Sun, 01 Nov 2026 08:00:00 GMT",
                },
            ),
            "/tzgg/utf8.html": Route(UTF8_PAGE.encode(), headers={"Content-Type": "text/html"}),
            "/old/notice": Route(status=301, headers={"Location": "/new/notice.html"}),
            "/new/notice.html": Route(MOVED_PAGE.encode(), headers={"Content-Type": "text/html"}),
            "/slow.html": Route(UTF8_PAGE.encode(), headers={"Content-Type": "text/html"}, delay=3),
            "/neibu/secret.html": Route(UTF8_PAGE.encode(), headers={"Content-Type": "text/html"}),
            "/video.mp4": Route(b"\0\0\0 ftypisom", headers={"Content-Type": "video/mp4"}),
            "/down.do?id=7": Route(
                task_docx(),
                headers={
                    "Content-Type": "application/octet-stream",
                    "Content-Disposition": "attachment; filename*=UTF-8''%E4%BB%BB%E5%8A%A1%E8%A1%A8.docx",
                },
            ),
        }
    ) as here:
        yield here


def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def ingest_json(index: str, *args: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(
        cli(),
        [
            "ingest",
            *args,
            "--index",
            index,
            "--json",
            "--fetch-delay",
            "0",
            "--timeout",
            "0",
            "--memory-mb",
            "0",
            "--workers",
            "1",
            "-q",
        ],
    )
    assert result.stdout.strip(), result.output
    return result.exit_code, json.loads(result.stdout.strip().splitlines()[-1])


def measures_by_source(index: str) -> dict[str, list[str]]:
    with open_store(index) as store:
        return {doc.source: [m.text for m in doc.measures] for doc in store.iter_documents()}


def test_a_notice_and_its_attachment_are_indexed_with_their_urls_as_sources(
    site: Site, tmp_path: Path
) -> None:
    index = f"sqlite:///{tmp_path}/idx.db"
    page, attachment = site.url("/tzgg/t20261101_1.html"), site.url("/files/renwu.docx")
    code, report = ingest_json(index, page)
    assert code == 0, report
    found = measures_by_source(index)
    other = site.url("/files/shuoming.txt").replace("127.0.0.1", "localhost")  # any host
    assert set(found) == {page, attachment, other}  # not the list page nor the picture
    assert any("供热管网检修" in m for m in found[page])  # the GBK page decoded
    assert any("供暖企业安全检查" in m for m in found[attachment])
    assert any("供暖补贴" in m for m in found[other])
    assert report["ingested"] == 3
    saved = tmp_path / "idx.db.fetched" / "127.0.0.1_{}".format(site.base.rsplit(":", 1)[1])
    assert (saved / "tzgg" / "t20261101_1.html").read_bytes() == notice(site.base).encode("gbk")  # as sent
    assert (saved / "files" / "renwu.docx").is_file()
    assert (tmp_path / "idx.db.fetched" / "manifest.jsonl").is_file()
    agent = site.asked("/tzgg/t20261101_1.html")[0]["User-Agent"]
    assert agent.startswith("duban/")
    assert site.asked("/img/photo.jpg") == [] and site.asked("/zwgk/list.html") == []
    # search hits show the URL
    result = CliRunner().invoke(cli(), ["search", "供热管网", "--index", index, "--json"])
    assert json.loads(result.stdout.splitlines()[0])["source"] == page


def test_a_walk_beside_the_index_leaves_the_fetched_copies_to_the_fetch(site: Site, tmp_path: Path) -> None:
    """`duban ingest -r .` next to the index reaches `<index>.fetched`: its copies are the fetch's
    (indexed under their URLs), not files of their own, and its manifest is no skipped file."""
    index = f"sqlite:///{tmp_path}/idx.db"
    page = site.url("/tzgg/t20261101_1.html")
    code, _ = ingest_json(index, page)
    assert code == 0
    (tmp_path / "tongzhi.txt").write_text("一、各科室要于2026年12月底前报送年度总结。\n", encoding="utf-8")
    code, report = ingest_json(index, "-r", str(tmp_path))
    assert code == 0, report  # nothing skipped: the manifest was not walked
    assert report["ingested"] == 1 and report["failed"] == 0
    sources = set(measures_by_source(index))
    assert not any(source.startswith(str(tmp_path / "idx.db.fetched")) for source in sources)
    assert page in sources and str((tmp_path / "tongzhi.txt").resolve()) in sources


def test_a_second_run_downloads_nothing_that_has_not_changed(site: Site, tmp_path: Path) -> None:
    index = f"sqlite:///{tmp_path}/idx.db"
    page = site.url("/tzgg/t20261101_1.html")
    ingest_json(index, page, site.url("/tzgg/utf8.html"))
    code, report = ingest_json(index, page, site.url("/tzgg/utf8.html"))
    assert code == 0
    assert (report["ingested"], report["unchanged"]) == (0, 4)
    second = site.asked("/tzgg/t20261101_1.html")[1]
    assert second["If-None-Match"] == '"v1"'  # answered 304: the copy is kept
    assert site.asked("/files/renwu.docx")[1]["If-Modified-Since"] == "Sun, 01 Nov 2026 08:00:00 GMT"
    # the page changes: downloaded again and indexed again, its attachment still unchanged
    site.routes["/tzgg/t20261101_1.html"] = Route(
        notice(site.base).replace("11月15日", "11月20日").encode("gbk"),
        headers={"Content-Type": "text/html; charset=GBK", "ETag": '"v2"'},
    )
    code, report = ingest_json(index, page)
    assert (report["ingested"], report["unchanged"]) == (1, 2)
    assert any("11月20日" in m for m in measures_by_source(index)[page])


def test_a_server_without_validators_is_not_rewritten(site: Site, tmp_path: Path) -> None:
    options = FetchOptions(tmp_path / "copies", delay=0)
    url = site.url("/tzgg/utf8.html")  # answered without ETag or Last-Modified
    first = Fetcher(options).fetch_all([url]).fetched[0]
    written = first.path.stat().st_mtime_ns
    again = Fetcher(options).fetch_all([url]).fetched[0]
    assert (first.how, again.how) == ("downloaded", "same")  # same hash: the copy is kept as it is
    assert again.path == first.path and again.path.stat().st_mtime_ns == written


def test_errors_have_their_codes_and_the_batch_goes_on(site: Site, tmp_path: Path) -> None:
    index = f"sqlite:///{tmp_path}/idx.db"
    urls = tmp_path / "urls.txt"
    urls.write_text(
        "# 今晚要抓取的网页\n\n"
        + "\n".join(
            site.url(p)
            for p in (
                "/tzgg/missing.html",
                "/neibu/secret.html",
                "/video.mp4",
                "/old/notice",
                "/tzgg/utf8.html",
            )
        )
        + "\nftp://127.0.0.1/x.pdf\nhttp://127.0.0.1:1/closed.html\n",
        encoding="utf-8",
    )
    code, report = ingest_json(index, "--urls", str(urls))
    assert code == 1
    codes = {f["source"]: f["code"] for f in report["failures"]}  # type: ignore[attr-defined]
    assert codes == {
        site.url("/tzgg/missing.html"): "E064",
        site.url("/neibu/secret.html"): "E066",
        site.url("/video.mp4"): "E065",
        "ftp://127.0.0.1/x.pdf": "E066",
        "http://127.0.0.1:1/closed.html": "E063",
    }
    missing = next(f for f in report["failures"] if f["code"] == "E064")  # type: ignore[attr-defined]
    assert "404" in missing["message"] and site.url("/tzgg/missing.html") in missing["message"]
    assert site.asked("/neibu/secret.html") == []  # robots.txt: never asked for
    assert set(measures_by_source(index)) == {site.url("/old/notice"), site.url("/tzgg/utf8.html")}
    runs = CliRunner().invoke(cli(), ["runs", "--index", index, "--json"])
    listed = {f["source"] for f in json.loads(runs.stdout)["runs"][0]["failures"]}
    assert site.url("/video.mp4") in listed


def test_a_slow_server_times_out_as_e063(site: Site, tmp_path: Path) -> None:
    fetcher = Fetcher(FetchOptions(tmp_path / "copies", timeout=0.5, delay=0))
    result = fetcher.fetch_all([site.url("/slow.html"), site.url("/tzgg/utf8.html")])
    assert [f.code for f in result.failures] == ["E063"]
    assert "0.5" in result.failures[0].message or "秒" in result.failures[0].message
    assert [f.url for f in result.fetched] == [site.url("/tzgg/utf8.html")]


def test_too_large_a_response_is_e065(site: Site, tmp_path: Path) -> None:
    site.routes["/big.pdf"] = Route(b"%PDF-" + b"x" * 3000, headers={"Content-Type": "application/pdf"})
    fetcher = Fetcher(FetchOptions(tmp_path / "copies", max_bytes=1000, delay=0))
    result = fetcher.fetch_all([site.url("/big.pdf")])
    assert [f.code for f in result.failures] == ["E065"]
    assert "--fetch-max-mb" in result.failures[0].hint


def test_a_redirect_loop_stops_after_five(site: Site, tmp_path: Path) -> None:
    site.routes["/loop"] = Route(status=302, headers={"Location": "/loop2"})
    site.routes["/loop2"] = Route(status=302, headers={"Location": "/loop"})
    result = Fetcher(FetchOptions(tmp_path / "copies", delay=0)).fetch_all([site.url("/loop")])
    assert [f.code for f in result.failures] == ["E064"]
    assert len(site.asked("/loop")) + len(site.asked("/loop2")) == 6  # the first and five redirects


def test_requests_to_one_host_are_spaced(site: Site, tmp_path: Path) -> None:
    fetcher = Fetcher(FetchOptions(tmp_path / "copies", delay=0.3))
    started = time.monotonic()
    fetcher.fetch_all([site.url("/tzgg/utf8.html"), site.url("/new/notice.html")])  # robots + 2 pages
    assert time.monotonic() - started >= 0.6


def test_an_attachment_named_only_by_content_disposition(site: Site, tmp_path: Path) -> None:
    fetched, _ = Fetcher(FetchOptions(tmp_path / "copies", delay=0)).fetch(site.url("/down.do?id=7"), True)
    assert fetched.path.name == "任务表.docx"
    assert fetched.path.suffix == ".docx"


def test_content_disposition_names() -> None:
    def header(value: str) -> Message:
        message = Message()
        message["Content-Disposition"] = value
        return message

    assert disposition_name(header("attachment; filename*=UTF-8''%E9%99%84%E4%BB%B6.xlsx")) == "附件.xlsx"
    raw_gbk = "分解表.xls".encode("gbk").decode("latin-1")  # how http.client hands raw bytes over
    assert disposition_name(header(f'attachment; filename="{raw_gbk}"')) == "分解表.xls"
    raw_utf8 = "分解表.xls".encode().decode("latin-1")
    assert disposition_name(header(f"attachment; filename={raw_utf8}")) == "分解表.xls"
    assert disposition_name(header('attachment; filename="%E8%A1%A8.pdf"')) == "表.pdf"
    assert disposition_name(header("inline")) is None


def test_attachment_links_take_documents_only() -> None:
    page = (
        "<html><head><base href='http://a.example/x/'></head><body>"
        "<a href='fj/%E4%BB%BB%E5%8A%A1.xlsx'>任务</a><a href='b.et'>表</a><a href='c.ofd'>版式</a>"
        "<a href='pkg.tar.gz'>包</a><a href='next.html'>下一页</a><a href='p.png'>图</a>"
        "<a href='mailto:x@y.cn'>信</a><a href='javascript:void(0)'>打印</a><a href='b.et#top'>表</a>"
        "</body></html>"
    ).encode()
    links = attachment_links(page, "http://a.example/x/page.html", None, 10)
    assert links == [
        "http://a.example/x/fj/%E4%BB%BB%E5%8A%A1.xlsx",
        "http://a.example/x/b.et",
        "http://a.example/x/c.ofd",
        "http://a.example/x/pkg.tar.gz",
    ]
    assert len(attachment_links(page, "http://a.example/x/page.html", None, 2)) == 2


def test_local_paths() -> None:
    assert (
        str(local_path("https://www.x.gov.cn/zwgk/tzgg/t1.html", ".html")) == "www.x.gov.cn/zwgk/tzgg/t1.html"
    )
    assert str(local_path("https://www.x.gov.cn/zwgk/", ".html")) == "www.x.gov.cn/zwgk/index.html"
    assert str(local_path("http://h:8080/art.jsp?id=3", ".html")).startswith("h_8080/art.jsp_")
    assert str(local_path("http://h/../../etc/passwd", ".txt")) == "h/etc/passwd.txt"  # never above
    named = local_path("http://h/down.do?id=7", ".docx", "../任务表.docx")
    assert named.parent.name.startswith("down.do_") and named.name == "_._任务表.docx"


def test_url_list_skips_comments_and_blank_lines(tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_bytes(
        "\ufeff# 通知公告\n\n  https://a.example/1.html  \n#https://b.example/\nhttps://a.example/2.pdf\n".encode()
    )
    assert read_url_list(listed) == ["https://a.example/1.html", "https://a.example/2.pdf"]


def test_prune_keeps_url_documents_and_delete_removes_them(site: Site, tmp_path: Path) -> None:
    index = f"sqlite:///{tmp_path}/idx.db"
    page = site.url("/tzgg/utf8.html")
    ingest_json(index, page)
    assert still_there(page)
    pruned = CliRunner().invoke(cli(), ["prune", "--index", index, "--json"])
    assert json.loads(pruned.stdout)["removed"] == []
    assert set(measures_by_source(index)) == {page}
    deleted = CliRunner().invoke(cli(), ["delete", page, "--index", index])
    assert deleted.exit_code == 0, deleted.output
    assert measures_by_source(index) == {}


def test_the_original_of_a_url_document_is_its_saved_copy(site: Site, tmp_path: Path) -> None:
    from duban.pipeline.app import create_app

    index = f"sqlite:///{tmp_path}/idx.db"
    page, attachment = site.url("/tzgg/t20261101_1.html"), site.url("/files/renwu.docx")
    ingest_json(index, page)
    with open_store(index) as store:
        ids = {doc.source: doc.doc_id for doc in store.iter_documents()}
    client = TestClient(create_app(index), base_url="http://127.0.0.1")
    served = client.get(f"/documents/{ids[attachment]}/source")
    assert served.status_code == 200
    assert served.content == site.routes["/files/renwu.docx"].body
    assert "attachment" in served.headers["content-disposition"]
    html = client.get(f"/documents/{ids[page]}/source")
    assert html.content == notice(site.base).encode("gbk")  # the page's own bytes, sandboxed
    assert "sandbox" in html.headers["content-security-policy"]
    # without the saved copies (another folder chosen) the browser is sent to the page itself
    elsewhere = TestClient(create_app(index, fetched=tmp_path / "elsewhere"), base_url="http://127.0.0.1")
    moved = elsewhere.get(f"/documents/{ids[page]}/source", follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (307, page)
    assert saved_copy(tmp_path / "idx.db.fetched", page) is not None


def test_a_page_where_a_file_was_linked_is_e065(site: Site, tmp_path: Path) -> None:
    site.routes["/files/gone.docx"] = Route(
        "<html><body>首页</body></html>".encode(), headers={"Content-Type": "text/html"}
    )
    result = Fetcher(FetchOptions(tmp_path / "copies", delay=0)).fetch_all([site.url("/files/gone.docx")])
    assert [f.code for f in result.failures] == ["E065"]
    assert "网页" in result.failures[0].message


def test_the_command_asks_for_something_to_ingest_and_a_folder_beside_elasticsearch(tmp_path: Path) -> None:
    nothing = CliRunner().invoke(cli(), ["ingest", "--index", f"sqlite:///{tmp_path}/idx.db"])
    assert nothing.exit_code == 2 and "网址" in nothing.output
    elastic = CliRunner().invoke(
        cli(), ["ingest", "https://www.example.gov.cn/a.html", "--index", "http://es:9200"]
    )
    assert elastic.exit_code == 2 and "--fetched" in elastic.output


def test_a_page_gzipped_unasked_is_saved_inflated(site: Site, tmp_path: Path) -> None:
    site.routes["/gz.html"] = Route(
        gzip.compress(UTF8_PAGE.encode()), headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    fetched, _ = Fetcher(FetchOptions(tmp_path / "copies", delay=0)).fetch(site.url("/gz.html"))
    assert fetched.path.read_bytes() == UTF8_PAGE.encode()


def test_two_urls_with_one_place_keep_two_copies(site: Site, tmp_path: Path) -> None:
    site.routes["/zwgk/"] = Route(UTF8_PAGE.encode(), headers={"Content-Type": "text/html"})
    site.routes["/zwgk/index.html"] = Route(MOVED_PAGE.encode(), headers={"Content-Type": "text/html"})
    result = Fetcher(FetchOptions(tmp_path / "copies", delay=0)).fetch_all(
        [site.url("/zwgk/"), site.url("/zwgk/index.html")]
    )
    first, second = (item.path for item in result.fetched)
    assert first.name == "index.html" and second.name.startswith("index_") and second.suffix == ".html"
    assert (first.read_bytes(), second.read_bytes()) == (UTF8_PAGE.encode(), MOVED_PAGE.encode())


# own wording: a notice page that shows its documents embedded, as portals do, rather than linking them
EMBEDDING = (
    "<html><head><meta charset='utf-8'><title>关于做好汛期安全工作的通知</title></head><body>"
    "<p>关于做好汛期安全工作的通知（正文见下）</p>"
    "<iframe src='/uploads/2026/zhengwen.pdf' width='100%' height='800'></iframe>"
    "<embed src='../../uploads/2026/fujian1.pdf' type='application/pdf' />"
    "<object data='/show.do?id=5' type='application/pdf'><p>浏览器不能显示</p></object>"
    "<iframe src='/static/pdfjs/web/viewer.html?file=..%2F..%2Fdocs%2Ffujian2.pdf#page=1'></iframe>"
    "<a href='/ofdview/viewer.html?file=%2Fuploads%2F2026%2Fbiaoge.ofd'>在线阅读附件3</a>"
    "<iframe src='/zwgk/tzgg/xiangguan.html'></iframe>"
    "<iframe src='/static/pdfjs/web/viewer.html?file=%2Fuploads%2F2026%2Fzhengwen.pdf'></iframe>"
    "</body></html>"
)
SHOWN = {
    "/uploads/2026/zhengwen.pdf": "县水利局要于2026年6月1日前完成水库汛前检查。",
    "/uploads/2026/fujian1.pdf": "县应急管理局负责于2026年5月20日前开展一次防汛演练。",
    "/show.do?id=5": "县自然资源局要于2026年6月15日前完成地质灾害隐患点巡查。",
    "/static/docs/fujian2.pdf": "县气象局要于2026年5月底前完成预警发布系统调试。",
}


def _pdf(tmp_path: Path, name: str, line: str) -> bytes:
    from tests.pdf_factory import text_pdf

    return text_pdf(tmp_path / name, [["关于做好汛期安全工作的通知", line]]).read_bytes()


def test_documents_a_page_embeds_are_its_attachments(site: Site, tmp_path: Path) -> None:
    """An `<iframe>`, `<embed>` or `<object>` showing a PDF, a pdf.js viewer framed with its `file`
    percent-encoded and relative (to the viewer, as pdf.js reads it), and an OFD viewer linked: each
    document fetched and ingested under its own URL; the viewers and the framed page never asked for,
    and a document both framed and shown in a viewer fetched once."""
    page = "/zwgk/tzgg/t20260501_2.html"
    site.routes[page] = Route(EMBEDDING.encode(), headers={"Content-Type": "text/html"})
    for number, (path, line) in enumerate(SHOWN.items()):
        site.routes[path] = Route(
            _pdf(tmp_path, f"{number}.pdf", line), headers={"Content-Type": "application/pdf"}
        )
    ofd = (Path(__file__).parent / "fixtures" / "ofd" / "notice.ofd").read_bytes()
    site.routes["/uploads/2026/biaoge.ofd"] = Route(ofd, headers={"Content-Type": "application/ofd"})
    for viewer in ("/static/pdfjs/web/viewer.html", "/ofdview/viewer.html", "/zwgk/tzgg/xiangguan.html"):
        site.routes[viewer] = Route(UTF8_PAGE.encode(), headers={"Content-Type": "text/html"})
    index = f"sqlite:///{tmp_path}/idx.db"
    code, report = ingest_json(index, site.url(page))
    assert code == 0, report
    found = measures_by_source(index)
    shown = [site.url(path) for path in SHOWN]
    assert set(found) == {site.url(page), *shown, site.url("/uploads/2026/biaoge.ofd")}
    for url, line in zip(shown, SHOWN.values(), strict=True):
        assert any(line[-7:-1] in m for m in found[url]), (url, found[url])  # its own task
    assert any("护栏排查" in m for m in found[site.url("/uploads/2026/biaoge.ofd")])
    for never in ("/static/pdfjs/web/viewer.html", "/ofdview/viewer.html", "/zwgk/tzgg/xiangguan.html"):
        assert not any(seen.split("?")[0] == never for seen, _ in site.seen), never
    assert len(site.asked("/uploads/2026/zhengwen.pdf")) == 1
    assert report["ingested"] == 6


def test_embedded_and_viewed_documents_are_found_and_pages_are_not() -> None:
    page = (
        "<html><body>"
        "<iframe src='fj/a.pdf'></iframe><frame src='fj/b.docx'>"
        "<embed src='fj/c.pdf'><object data='fj/d.ofd'></object>"
        "<embed src='/flash/player.swf'><object data='/get?id=9'></object>"  # no suffix, no type
        "<object data='/get?id=8' type='Application/PDF'></object>"
        "<iframe src='/pdfjs/web/viewer.html?file=http%3A%2F%2Ffile.a.example%2Fe.pdf'></iframe>"
        "<iframe src='/pdfjs/web/viewer.html?file=%252Ffj%252Ff.pdf'></iframe>"  # encoded twice
        "<a href='/ofd/viewer?file=/fj/g.ofd'>阅读</a>"
        "<a href='/down.jsp?file=/data/h.pdf'>下载</a>"  # a download script's path on its disk
        "<iframe src='/pdfjs/web/viewer.html?file=/api/read?id=4'></iframe>"  # a script: its answer decides
        "<iframe src='/pdfjs/web/viewer.html?file=/x/next.html'></iframe>"  # a page named
        "<iframe src='/pdfjs/web/viewer.html?file=12345'></iframe>"  # an id, not a path
        "<iframe src='other.html'></iframe><iframe src='javascript:void(0)'></iframe>"
        "<a href='fj/%E9%99%84%E4%BB%B6.pdf'>附件</a>"
        "<iframe src='/pdfjs/web/viewer.html?file=%2Fx%2Ffj%2F%E9%99%84%E4%BB%B6.pdf'></iframe>"
        "</body></html>"
    ).encode()
    links = attachment_links(page, "http://a.example/x/page.html", None, 20)
    assert links == [
        "http://a.example/x/fj/a.pdf",
        "http://a.example/x/fj/b.docx",
        "http://a.example/x/fj/c.pdf",
        "http://a.example/x/fj/d.ofd",
        "http://a.example/get?id=8",
        "http://file.a.example/e.pdf",
        "http://a.example/fj/f.pdf",
        "http://a.example/fj/g.ofd",
        "http://a.example/api/read?id=4",
        "http://a.example/x/fj/%E9%99%84%E4%BB%B6.pdf",  # the viewer's spelling of it: the same file
    ]


@pytest.fixture
def file_server() -> Iterator[Site]:
    """A second server, another host to the fetch (as a portal's file server or CDN), whose
    robots.txt keeps its internal folder from robots."""
    with serving(
        lambda base: {
            "/robots.txt": Route(
                b"User-agent: *\nDisallow: /neibu/\n", headers={"Content-Type": "text/plain"}
            ),
            "/neibu/tongzhi.html": Route(UTF8_PAGE.encode(), headers={"Content-Type": "text/html"}),
            "/gongkai/tongzhi.html": Route(MOVED_PAGE.encode(), headers={"Content-Type": "text/html"}),
        }
    ) as here:
        yield here


def test_a_redirect_to_another_host_asks_that_hosts_robots_txt(
    site: Site, file_server: Site, tmp_path: Path
) -> None:
    """The first host allows both paths; the host they are sent on to forbids one: it is refused
    as a first URL there would be (E066, never asked for), the other fetched, its robots.txt read once."""
    site.routes["/go/a"] = Route(status=302, headers={"Location": file_server.url("/neibu/tongzhi.html")})
    site.routes["/go/b"] = Route(status=301, headers={"Location": file_server.url("/gongkai/tongzhi.html")})
    result = Fetcher(FetchOptions(tmp_path / "copies", delay=0)).fetch_all(
        [site.url("/go/a"), site.url("/go/b")]
    )
    assert [(f.source, f.code) for f in result.failures] == [(site.url("/go/a"), "E066")]
    message = result.failures[0].message
    assert "robots.txt" in message and file_server.url("/neibu/tongzhi.html") in message
    assert "robots.txt" in result.failures[0].hint
    assert file_server.asked("/neibu/tongzhi.html") == []
    assert [f.url for f in result.fetched] == [site.url("/go/b")]
    assert result.fetched[0].path.read_bytes() == MOVED_PAGE.encode()
    assert len(file_server.asked("/robots.txt")) == 1  # kept for the run
    assert result.refused == [site.url("/go/a")]
    assert result.tally().robots == 1 and result.tally().failed == {}


def test_a_redirect_within_one_host_to_a_forbidden_path_is_refused(site: Site, tmp_path: Path) -> None:
    site.routes["/old/neibu"] = Route(status=302, headers={"Location": "/neibu/secret.html"})
    result = Fetcher(FetchOptions(tmp_path / "copies", delay=0)).fetch_all([site.url("/old/neibu")])
    assert [f.code for f in result.failures] == ["E066"]
    assert site.asked("/neibu/secret.html") == []


# own wording: a notice whose documents load lazily, and viewers that name a download script
LAZY_AND_SCRIPTED = (
    "<html><head><meta charset='utf-8'><title>关于开展春季植树活动的通知</title></head><body>"
    "<p>关于开展春季植树活动的通知</p>"
    "<iframe src='about:blank' data-src='/uploads/2027/zhishu.pdf' class='lazy'></iframe>"
    "<iframe data-original='/static/loading.html'></iframe>"
    "<iframe src='/pdfjs/web/viewer.html?file=%2Fgetfile.do%3Fid%3D12'></iframe>"
    "<a href='/pdfjs/web/viewer.html?file=/getfile.do?id=13'>在线阅读</a>"
    "</body></html>"
)


def test_lazy_frames_and_viewers_of_a_download_script(site: Site, tmp_path: Path) -> None:
    """An iframe's `data-src` PDF is an attachment as its `src` would be; a viewer's `file` without
    a suffix is taken when the script answers a PDF with its name, and not when it answers a page
    (no failure, not saved: a count of its own)."""
    site.routes["/zwgk/t20270301_1.html"] = Route(
        LAZY_AND_SCRIPTED.encode(), headers={"Content-Type": "text/html"}
    )
    site.routes["/uploads/2027/zhishu.pdf"] = Route(
        _pdf(tmp_path, "a.pdf", "县林业局要于2027年4月10日前完成造林地块核查。"),
        headers={"Content-Type": "application/pdf"},
    )
    site.routes["/getfile.do?id=12"] = Route(
        _pdf(tmp_path, "b.pdf", "县园林绿化中心负责于2027年3月底前备足苗木。"),
        headers={
            "Content-Type": "application/pdf",
            "Content-Disposition": "inline; filename*=UTF-8''%E8%8B%97%E6%9C%A8%E6%96%B9%E6%A1%88.pdf",
        },
    )
    site.routes["/getfile.do?id=13"] = Route(
        "<html><body>请先登录</body></html>".encode(), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    site.routes["/static/loading.html"] = Route(UTF8_PAGE.encode(), headers={"Content-Type": "text/html"})
    result = Fetcher(FetchOptions(tmp_path / "copies", delay=0)).fetch_all(
        [site.url("/zwgk/t20270301_1.html")]
    )
    assert result.failures == []
    by_url = {f.url: f for f in result.fetched}
    assert set(by_url) == {
        site.url("/zwgk/t20270301_1.html"),
        site.url("/uploads/2027/zhishu.pdf"),
        site.url("/getfile.do?id=12"),
    }
    assert by_url[site.url("/getfile.do?id=12")].path.name == "苗木方案.pdf"
    assert result.not_documents == [site.url("/getfile.do?id=13")]
    assert len(site.asked("/getfile.do?id=13")) == 1
    assert site.asked("/static/loading.html") == [] and site.asked("/pdfjs/web/viewer.html") == []
    assert result.tally().to_json() == {
        "downloaded": 3,
        "not_modified": 0,
        "same": 0,
        "robots": 0,
        "not_document": 1,
        "failed": {},
    }


def test_lazy_frame_attributes_take_documents_only() -> None:
    page = (
        "<html><body>"
        "<iframe src='/blank.html' data-src='fj/a.pdf'></iframe>"
        "<frame data-url='fj/b.ofd'><embed data-src='/show?id=2' type='application/pdf'>"
        "<iframe data-src='fj/c.html'></iframe><img data-original='fj/d.pdf'>"
        "<a href='#' data-url='fj/e.pdf'>打印</a>"
        "</body></html>"
    ).encode()
    assert attachment_links(page, "http://a.example/x/page.html", None, 20) == [
        "http://a.example/x/fj/a.pdf",
        "http://a.example/x/fj/b.ofd",
        "http://a.example/show?id=2",
    ]


def test_a_viewers_script_answering_a_message_or_a_script_is_not_a_document(
    site: Site, tmp_path: Path
) -> None:
    """A download script a viewer names answers `text/plain` (`文件不存在`) or the viewer's own
    script when it has no file: neither is taken as a text document; a `text/plain` answer that
    names its `.txt` file is."""
    page = (
        "<html><head><meta charset='utf-8'><title>关于做好秋季防火工作的通知</title></head><body>"
        "<iframe src='/viewer/web/viewer.html?file=%2Fdown.do%3Fid%3D7'></iframe>"
        "<a href='/viewer/web/viewer.html?file=/down.do?id=8'>在线查看</a>"
        "<a href='/viewer/web/viewer.html?file=/down.do?id=9'>附件</a>"
        "</body></html>"
    )
    site.routes["/tzgg/fanghuo.html"] = Route(page.encode(), headers={"Content-Type": "text/html"})
    site.routes["/down.do?id=7"] = Route(
        "文件不存在或已删除".encode(), headers={"Content-Type": "text/plain; charset=utf-8"}
    )
    site.routes["/down.do?id=8"] = Route(
        b"var viewer = {};", headers={"Content-Type": "application/javascript"}
    )
    site.routes["/down.do?id=9"] = Route(
        "各乡镇要于2027年10月15日前清理林区可燃物。".encode(),
        headers={
            "Content-Type": "text/plain; charset=utf-8",
            "Content-Disposition": "attachment; filename*=UTF-8''%E9%98%B2%E7%81%AB.txt",
        },
    )
    result = Fetcher(FetchOptions(tmp_path / "copies", delay=0)).fetch_all([site.url("/tzgg/fanghuo.html")])
    assert result.failures == []
    assert sorted(result.not_documents) == [site.url("/down.do?id=7"), site.url("/down.do?id=8")]
    taken = {f.url: f.path.name for f in result.fetched}
    assert set(taken) == {site.url("/tzgg/fanghuo.html"), site.url("/down.do?id=9")}
    assert taken[site.url("/down.do?id=9")] == "防火.txt"


def test_the_run_report_counts_what_the_websites_answered(site: Site, tmp_path: Path) -> None:
    """Printed and in `--json` (and so in `duban runs`): a first night downloads, a second is
    answered 304 where the server keeps validators and the same bytes where it does not; robots
    refusals and failures by code both nights."""
    index = f"sqlite:///{tmp_path}/idx.db"
    urls = [
        site.url("/tzgg/t20261101_1.html"),
        site.url("/neibu/secret.html"),
        site.url("/tzgg/missing.html"),
    ]
    code, first = ingest_json(index, *urls)
    assert code == 1
    assert first["fetch"] == {
        "downloaded": 3,  # the page, its .docx and its .txt on the other host's name
        "not_modified": 0,
        "same": 0,
        "robots": 1,
        "not_document": 0,
        "failed": {"E064": 1},
    }
    printed = CliRunner().invoke(
        cli(), ["ingest", *urls, "--index", index, "--fetch-delay", "0", "--workers", "1"]
    )
    assert printed.exit_code == 1
    line = next(line for line in printed.stdout.splitlines() if "抓取" in line)
    assert line.strip() == (
        "抓取 5 个网址：下载 0 个，未修改（304）2 个，下载后内容未变 1 个，robots.txt 不允许 1 个，失败 1 个（E064 1 个）"
    )
    runs = json.loads(CliRunner().invoke(cli(), ["runs", "--index", index, "--json"]).stdout)["runs"]
    assert [run["fetch"]["not_modified"] for run in runs] == [2, 0]  # newest first
    listed = CliRunner().invoke(cli(), ["runs", "--index", index])
    assert listed.stdout.count("抓取 5 个网址") == 2
    from duban.pipeline.app import create_app

    page = TestClient(create_app(index), base_url="http://127.0.0.1").get("/runs")
    assert page.status_code == 200 and "未修改（304）2 个" in page.text
    (tmp_path / "a.txt").write_text("一、各科室要于2027年1月底前报送年度总结。\n", encoding="utf-8")
    code, files_only = ingest_json(index, str(tmp_path / "a.txt"))
    assert code == 0 and "fetch" not in files_only  # a run without URLs keeps its JSON as it was
