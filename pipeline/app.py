"""督办 on the web: search the index and read documents in a browser, every page with a JSON twin.

Datasette-style: `/search` renders HTML and `/search.json` returns the same data, because each
handler builds one JSON-able dict and the HTML is rendered from that dict. Only the standard library
is used (wsgiref, html.escape), so serving needs nothing the index does not already need.

=============================  ====================================================================
path                           what
=============================  ====================================================================
`/`, `/stats.json`             search form and store statistics
`/search`, `/search.json`      hits for `q` plus filters (`unit`, `status`, `kind`, `deadline_before`…
                               as in `index.filters`), `docs=1` for documents, `sort`, `limit`,
                               `offset`
`/documents/<doc_id>[.json]`   a document's metadata, measures, relays and progress
`/ledger`, `/ledger.json`      the 督办台账: each directive measure's status as of `as_of` (default
                               today), for one `directive` or all, narrowed by unit, role, status,
                               deadline, document number or issuer; computed, never saved
=============================  ====================================================================

Bad parameters answer 400 with the `DubanError` (code, message, hint), an unknown document 404.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from html import escape
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, quote, urlencode
from wsgiref.simple_server import make_server
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from index import open_store
from index.filters import STATUSES, UNSET, Filters, parse_filters
from index.highlight import BRACKETS, HTML
from index.store import Store
from pipeline.errors import DubanError, E
from pipeline.ledger import STATUS_LABELS as LEDGER_STATUS_LABELS
from pipeline.ledger import LedgerRow, ledger_rows
from pipeline.status import check_store, parse_as_of

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
FILTER_PARAMS: tuple[str, ...] = tuple(f.name for f in fields(Filters))
LEDGER_FILTERS = ("unit", "role", "status", "deadline_before", "deadline_after", "doc_number", "issuer")
SORTS = ("relevance", "deadline")
TRUE_VALUES = ("1", "true", "yes", "on")

ROLE_LABELS = {"lead": "牵头", "co": "配合", "responsible": "责任"}
STATUS_LABELS = {**LEDGER_STATUS_LABELS, UNSET: "未检查"}
LIGHT_LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
KIND_LABELS = {"policy": "政策文件", "minutes": "会议纪要", "report": "报告", "other": "其他"}
PROGRESS_LABELS = {"done": "已完成", "in_progress": "推进中", "lagging": "滞后", "planned": "计划"}
HTTP_STATUS = {E.FILTER_INVALID: 400, E.BAD_DATE: 400, E.NOT_FOUND: 404, E.INDEX_UNREACHABLE: 503}

CSS = """
body{font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;
 max-width:62rem;margin:1rem auto;padding:0 1rem;line-height:1.6;color:#222}
header{display:flex;gap:1rem;align-items:baseline;border-bottom:1px solid #ddd;margin-bottom:1rem}
header a{text-decoration:none}.json{margin-left:auto;font-size:.85em}
form.search{display:flex;flex-wrap:wrap;gap:.4rem .8rem;align-items:end;margin:1rem 0}
form.search label{display:flex;flex-direction:column;font-size:.85em}
input,select,button{font:inherit;padding:.15rem .3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f6f6;white-space:nowrap}
mark{background:#ffe58f;padding:0 .1em}
ol.hits{padding-left:1.5rem}ol.hits li{margin:.9rem 0}
.meta{color:#555;font-size:.9em}.status{padding:0 .3em;border-radius:3px;background:#eee}
.status-overdue,.status-lagging,.status-not_relayed{background:#fde2e1}
.status-done,.light-green{background:#dff3e3}.light-yellow{background:#fff3c4}.light-red{background:#fde2e1}
.error{border:1px solid #e0a0a0;background:#fff4f4;padding:.6rem 1rem}
nav.pages{display:flex;gap:1rem;margin:1rem 0}
"""


@dataclass(frozen=True)
class Request:
    """What a handler needs from the WSGI environ: the path, whether JSON is wanted, the parameters."""

    path: str
    json: bool
    params: Mapping[str, str]


@dataclass(frozen=True)
class Page:
    """A handler's answer: `data` is the JSON twin; `html` renders that same data as a page."""

    data: Any
    html: Callable[[], str]


Handler = Callable[["DubanApp", Request, "re.Match[str]"], Page]


class DubanApp:
    """The WSGI application; the store opens on the first request, so building the app is cheap.

    Each serving thread opens its own store: a SQLite connection may only be used by the thread
    that opened it, and a threaded server (or a test calling from two threads) must still work.
    """

    def __init__(self, index_url: str) -> None:
        self.index_url = index_url
        self._local = threading.local()

    @property
    def store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.index_url)
        return store

    def close(self) -> None:
        """Close the calling thread's store (the one `serve` used)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is not None:
            store.close()
            self._local.store = None

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET").upper()
        request = parse_request(environ)
        if method not in ("GET", "HEAD"):
            status, body, ctype = 405, *_error_body(request, 405, "method not allowed", "Use GET.")
            return _respond(start_response, status, body, ctype, method, [("Allow", "GET, HEAD")])
        try:
            page = self.dispatch(request)
            status = 200
            if request.json:
                body, ctype = _json_bytes(page.data), "application/json; charset=utf-8"
            else:
                body, ctype = page.html().encode("utf-8"), "text/html; charset=utf-8"
        except DubanError as exc:
            status = HTTP_STATUS.get(exc.kind, 500)
            body, ctype = _error_body(request, status, exc.message, exc.hint, exc)
        return _respond(start_response, status, body, ctype, method)

    def dispatch(self, request: Request) -> Page:
        for pattern, handler in ROUTES:
            match = pattern.fullmatch(request.path)
            if match is not None:
                return handler(self, request, match)
        raise DubanError(E.NOT_FOUND, what="page", key=request.path)


def make_app(index_url: str) -> WSGIApplication:
    """The WSGI application over the index at `index_url`; nothing connects until a request."""
    return DubanApp(index_url)


def serve(index_url: str, host: str = "127.0.0.1", port: int = 8080) -> None:
    """Serve the app with wsgiref until interrupted (one request at a time; for a team, not the web)."""
    app = DubanApp(index_url)
    with make_server(host, port, app) as server:
        print(f"督办 duban serving {index_url} at http://{host}:{server.server_port}/ (Ctrl-C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            app.close()


# --- requests and responses ----------------------------------------------------------------------------


def _wsgi_text(value: str) -> str:
    """PEP 3333 passes bytes as latin-1 text; turn them back into the UTF-8 text the client sent."""
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def parse_request(environ: WSGIEnvironment) -> Request:
    """The path (a trailing `.json` asks for the JSON twin) and the first value of each parameter."""
    path = _wsgi_text(environ.get("PATH_INFO", "") or "/")
    wants_json = path.endswith(".json")
    if wants_json:
        path = path[: -len(".json")] or "/"
    query_string = _wsgi_text(environ.get("QUERY_STRING", ""))
    parsed = parse_qs(query_string, keep_blank_values=True)
    params = {key: values[0] for key, values in parsed.items()}
    return Request(path, wants_json, params)


def _json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _respond(
    start_response: StartResponse,
    status: int,
    body: bytes,
    content_type: str,
    method: str,
    extra: list[tuple[str, str]] | None = None,
) -> list[bytes]:
    """Send headers; pages carry no scripts, so the policy forbids all but inline styles and forms."""
    headers = [
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("X-Content-Type-Options", "nosniff"),
        ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"),
        *(extra or []),
    ]
    start_response(f"{status} {HTTPStatus(status).phrase}", headers)
    return [] if method == "HEAD" else [body]


def _error_body(
    request: Request, status: int, message: str, hint: str, exc: DubanError | None = None
) -> tuple[bytes, str]:
    if request.json:
        error = exc.to_json() if exc is not None else {"code": str(status), "message": message, "hint": hint}
        return _json_bytes({"error": error}), "application/json; charset=utf-8"
    code = f"{exc.code} " if exc is not None else ""
    form = ledger_form if request.path == "/ledger" else search_form
    body = (
        f'<div class="error"><p><strong>{escape(code)}{escape(message)}</strong></p>'
        f"<p>{escape(hint)}</p></div>{form(request.params)}"
    )
    return layout(f"出错了 {status}", body).encode("utf-8"), "text/html; charset=utf-8"


# --- parameters ----------------------------------------------------------------------------------------


def _param(params: Mapping[str, str], name: str) -> str | None:
    """A parameter's value, with an empty one (an untouched form field) counted as not given."""
    value = params.get(name, "").strip()
    return value or None


def _int_param(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = _param(params, name)
    if raw is None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise DubanError(
            E.FILTER_INVALID, detail=f"{name} '{raw}' is not a whole number from {low} to {high}"
        )
    return int(raw)


@dataclass(frozen=True)
class SearchParams:
    """A validated search request: the same checks for the HTML page and its JSON twin."""

    q: str
    filters: Filters
    docs: bool
    sort: str
    limit: int
    offset: int

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> SearchParams:
        filters = parse_filters(**{name: _param(params, name) for name in FILTER_PARAMS})
        sort = _param(params, "sort") or "relevance"
        if sort not in SORTS:
            raise DubanError(E.FILTER_INVALID, detail=f"sort '{sort}' is not one of {', '.join(SORTS)}")
        return cls(
            q=params.get("q", "").strip(),
            filters=filters,
            docs=(_param(params, "docs") or "").lower() in TRUE_VALUES,
            sort=sort,
            limit=_int_param(params, "limit", DEFAULT_LIMIT, 0, MAX_LIMIT),
            offset=_int_param(params, "offset", 0, 0, 10**9),
        )


def _link(path: str, params: Mapping[str, str], **changes: str | int) -> str:
    """`path` with `params` (empty ones dropped) updated by `changes`, as a query string."""
    merged = {k: str(v) for k, v in {**params, **changes}.items() if str(v).strip()}
    return f"{path}?{urlencode(merged)}" if merged else path


def doc_href(doc_id: str, suffix: str = "") -> str:
    return "/documents/" + quote(doc_id, safe="") + suffix


# --- handlers ------------------------------------------------------------------------------------------


def home(app: DubanApp, request: Request, _match: re.Match[str]) -> Page:
    data = app.store.stats()
    return Page(data, lambda: render_home(data, request))


def search(app: DubanApp, request: Request, _match: re.Match[str]) -> Page:
    p = SearchParams.parse(request.params)
    result = app.store.search(
        p.q,
        p.filters,
        target="documents" if p.docs else "measures",
        limit=p.limit,
        offset=p.offset,
        sort="deadline" if p.sort == "deadline" else "relevance",
        marks=BRACKETS if request.json else HTML,
    )
    more = p.offset + len(result.hits) < result.total and p.limit > 0
    data = {
        "q": p.q,
        "target": result.target,
        "filters": result.filters.to_json(),
        "sort": p.sort,
        "limit": p.limit,
        "offset": p.offset,
        "total": result.total,
        "took_ms": round(result.took_ms, 2),
        "next": _link("/search.json", request.params, offset=p.offset + p.limit) if more else None,
        "hits": [hit.to_json() for hit in result.hits],
    }
    return Page(data, lambda: render_search(data, request))


def document(app: DubanApp, request: Request, match: re.Match[str]) -> Page:
    doc_id = match.group("doc_id")
    record = app.store.get(doc_id)
    if record is None:
        raise DubanError(E.NOT_FOUND, what="document", key=doc_id)
    data = {k: v for k, v in record.items() if k != "text"}
    return Page(data, lambda: render_document(data))


def ledger(app: DubanApp, request: Request, _match: re.Match[str]) -> Page:
    """The ledger is computed on each request and not saved: a GET must not change the index."""
    filters = parse_filters(**{name: _param(request.params, name) for name in LEDGER_FILTERS})
    as_of = parse_as_of(_param(request.params, "as_of"))
    directive = _param(request.params, "directive")
    result = check_store(app.store, as_of, directive, save=False)
    rows = ledger_rows(result, filters)
    data = {
        "as_of": as_of,
        "directive": directive,
        "filters": filters.to_json(),
        "total": len(rows),
        "rows": [ledger_row_json(row) for row in rows],
        "unresolved": [
            {
                "directive": link.directive.to_json(),
                "follower": link.follower.to_json(),
                "evidence": link.evidence,
            }
            for link in result.unresolved
        ],
    }
    return Page(data, lambda: render_ledger(data, request))


def ledger_row_json(row: LedgerRow) -> dict[str, Any]:
    m = row.measure
    return {
        "number": row.number,
        "directive": row.directive,
        "doc_number": row.doc_number,
        "doc_id": row.doc_id,
        "issuer": row.issuer,
        "measure_id": m.measure_id,
        "text": m.text,
        "section": m.section,
        "lead": m.lead,
        "co": m.co,
        "deadline": m.deadline,
        "due": m.due,
        "status": m.status,
        "light": row.light,
        "evidence": [e.to_json() for e in m.evidence],
    }


ROUTES: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(r"/(?:stats)?"), home),
    (re.compile(r"/search"), search),
    (re.compile(r"/documents/(?P<doc_id>[^/]+)"), document),
    (re.compile(r"/ledger"), ledger),
]


# --- HTML ----------------------------------------------------------------------------------------------


def layout(title: str, body: str, json_href: str | None = None) -> str:
    """The page shell; `title` is plain text, `body` is HTML built with every user value escaped."""
    twin = f'<a class="json" href="{escape(json_href)}">JSON</a>' if json_href else ""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · 督办</title><style>{CSS}</style></head><body>"
        '<header><strong><a href="/">督办 duban</a></strong>'
        f'<a href="/search">检索</a><a href="/ledger">台账</a>{twin}</header>'
        f"<main><h1>{escape(title)}</h1>{body}</main></body></html>"
    )


def _options(name: str, labels: Mapping[str, str], chosen: str | None, blank: str = "（不限）") -> str:
    options = [f'<option value="">{escape(blank)}</option>']
    for value, label in labels.items():
        selected = " selected" if value == chosen else ""
        options.append(f'<option value="{escape(value)}"{selected}>{escape(label)}</option>')
    return f'<select name="{name}">{"".join(options)}</select>'


def _field(label: str, name: str, params: Mapping[str, str], placeholder: str = "") -> str:
    value, hint = escape(params.get(name, "")), escape(placeholder)
    return f'<label>{escape(label)}<input name="{name}" value="{value}" placeholder="{hint}"></label>'


def search_form(params: Mapping[str, str]) -> str:
    """The search form, filled in with the request's own values (escaped) so a search can be refined."""
    checked = " checked" if (params.get("docs") or "").lower() in TRUE_VALUES else ""
    statuses = {s: STATUS_LABELS[s] for s in (*STATUSES, UNSET)}
    return (
        '<form class="search" method="get" action="/search">'
        + _field("关键词", "q", params, "如：整改台账 牵头单位:市发展改革委")
        + _field("责任单位", "unit", params, "如：财政局")
        + f"<label>角色{_options('role', ROLE_LABELS, params.get('role'))}</label>"
        + f"<label>状态{_options('status', statuses, params.get('status'))}</label>"
        + f"<label>文件类型{_options('kind', KIND_LABELS, params.get('kind'))}</label>"
        + _field("时限不晚于", "deadline_before", params, "YYYY-MM")
        + _field("时限不早于", "deadline_after", params, "YYYY-MM")
        + _field("发文单位", "issuer", params)
        + _field("文号", "doc_number", params)
        + f"<label>排序{_options('sort', {'deadline': '按时限'}, params.get('sort'), '按相关度')}</label>"
        + f'<label>检索文件<input type="checkbox" name="docs" value="1"{checked}></label>'
        + "<button>检索</button></form>"
    )


def _table(rows: Iterable[tuple[str, str]], head: tuple[str, str]) -> str:
    """A two-column table; cells are HTML already escaped by the caller."""
    body = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows)
    return f"<table><tr><th>{head[0]}</th><th>{head[1]}</th></tr>{body}</table>"


def render_home(stats: Mapping[str, Any], request: Request) -> str:
    def counts(
        key: str, href: Callable[[str], str], label: Callable[[str], str] = str
    ) -> list[tuple[str, str]]:
        return [
            (f'<a href="{escape(href(name))}">{escape(label(name))}</a>', str(n))
            for name, n in (stats.get(key) or {}).items()
        ]

    def month(m: str) -> str:
        return _link("/search", {"deadline_after": m, "deadline_before": m, "sort": "deadline"})

    parts = [
        search_form(request.params),
        f"<p>已收录文件 <strong>{int(stats.get('documents', 0))}</strong> 件，"
        f"举措 <strong>{int(stats.get('measures', 0))}</strong> 条，"
        f"入库 {int(stats.get('runs', 0))} 次。</p>",
        "<h2>文件类型</h2>",
        _table(
            counts(
                "by_kind",
                lambda k: _link("/search", {"kind": k, "docs": "1"}),
                lambda k: KIND_LABELS.get(k, k),
            ),
            ("类型", "文件数"),
        ),
        "<h2>督办状态</h2>",
        _table(
            counts("by_status", lambda s: _link("/search", {"status": s}), lambda s: STATUS_LABELS.get(s, s)),
            ("状态", "举措数"),
        ),
        "<h2>责任单位（前 50）</h2>",
        _table(counts("by_unit", lambda u: _link("/search", {"unit": u})), ("单位", "举措数")),
        "<h2>时限分布</h2>",
        _table(counts("by_deadline_month", month), ("月份", "时限数")),
    ]
    return layout("督办检索", "".join(parts), "/stats.json")


def _units_html(units: Iterable[Mapping[str, Any]]) -> str:
    parts = []
    for u in units:
        role = str(u.get("role"))
        parts.append(f"{escape(str(u.get('name', '')))}（{escape(ROLE_LABELS.get(role, role))}）")
    return "、".join(parts)


def _deadlines_html(deadlines: Iterable[Mapping[str, Any]]) -> str:
    parts = []
    for d in deadlines:
        due = f" → {escape(str(d['due']))}" if d.get("due") else ""
        parts.append(escape(str(d.get("text", ""))) + due)
    return "；".join(parts)


def _status_html(status: str | None) -> str:
    key = status or UNSET
    return f'<span class="status status-{escape(key)}">{escape(STATUS_LABELS.get(key, key))}</span>'


def _hit_html(hit: Mapping[str, Any]) -> str:
    """One hit; its `highlight` comes from the store with HTML marks, the text in it already escaped."""
    doc = doc_href(str(hit["doc_id"]))
    page = f" 第{int(hit['page'])}页" if hit.get("page") else ""
    source = f'<a href="{escape(doc)}">{escape(str(hit.get("title") or hit["source"]))}</a>{page}'
    if hit.get("measure_id") is None:
        path = escape(str(hit["source"]))
        return f'<li><p>{source}</p><p>{hit["highlight"]}</p><p class="meta">{path}</p></li>'
    anchor = escape(doc + "#" + quote(str(hit["measure_id"]), safe=":"))
    details = [
        f"责任单位：{_units_html(hit.get('units') or []) or '—'}",
        f"时限：{_deadlines_html(hit.get('deadlines') or []) or '—'}",
        f"状态：{_status_html(hit.get('status'))}",
    ]
    return (
        f'<li><p><a href="{anchor}">{hit["highlight"]}</a></p>'
        f'<p class="meta">{" ｜ ".join(details)}</p><p class="meta">出处：{source}</p></li>'
    )


def render_search(data: Mapping[str, Any], request: Request) -> str:
    what = "文件" if data["target"] == "documents" else "举措"
    summary = f"<p>共 {int(data['total'])} 条{what}（{escape(str(data['took_ms']))} 毫秒）。</p>"
    hits = "".join(_hit_html(hit) for hit in data["hits"])
    listing = (
        f'<ol class="hits" start="{int(data["offset"]) + 1}">{hits}</ol>' if hits else "<p>没有找到。</p>"
    )
    nav = []
    if data["offset"] > 0:
        previous = max(0, int(data["offset"]) - int(data["limit"]))
        nav.append(f'<a href="{escape(_link("/search", request.params, offset=previous))}">上一页</a>')
    if data["next"]:
        following = int(data["offset"]) + int(data["limit"])
        nav.append(f'<a href="{escape(_link("/search", request.params, offset=following))}">下一页</a>')
    pages = f'<nav class="pages">{"".join(nav)}</nav>' if nav else ""
    title = f"检索：{data['q']}" if data["q"] else "检索"
    body = search_form(request.params) + summary + listing + pages
    return layout(title, body, _link("/search.json", request.params))


def _meta_rows(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    meta = data.get("doc") or {}
    kind = str(meta.get("kind") or "other")
    return [
        ("类型", escape(KIND_LABELS.get(kind, kind))),
        ("文号", escape(str(meta.get("doc_number") or "—"))),
        ("发文单位", escape(str(meta.get("issuer") or "—"))),
        ("日期", escape(str(meta.get("date") or "—"))),
        ("来源", "<br>".join(escape(str(s)) for s in data.get("sources") or [data.get("source", "")])),
        ("文件编号", escape(str(data.get("doc_id", "")))),
    ]


def render_document(data: Mapping[str, Any]) -> str:
    meta = data.get("doc") or {}
    doc_id = str(data.get("doc_id", ""))
    title = str(meta.get("title") or data.get("source") or doc_id)
    rows = []
    for i, m in enumerate(data.get("measures") or [], 1):
        anchor = escape(str(m.get("measure_id") or i))
        rows.append(
            f'<tr id="{anchor}"><td>{i}</td><td>{escape(str(m.get("text", "")))}</td>'
            f"<td>{_units_html(m.get('units') or [])}</td>"
            f"<td>{_deadlines_html(m.get('deadlines') or [])}</td>"
            f"<td>{_status_html(m.get('status'))}</td><td>{escape(str(m.get('page', '')))}</td></tr>"
        )
    measures = (
        "<table><tr><th>#</th><th>举措</th><th>责任单位</th><th>时限</th><th>状态</th><th>页</th></tr>"
        + "".join(rows)
        + "</table>"
        if rows
        else "<p>未识别出举措。</p>"
    )
    relays = "".join(
        f"<li>{escape(str(r.get('title') or ''))} {escape(str(r.get('doc_number') or ''))}"
        f'<p class="meta">{escape(str(r.get("text", "")))}（第{escape(str(r.get("page", "")))}页）</p></li>'
        for r in data.get("relays") or []
    )
    progress = "".join(
        f"<li>{escape(PROGRESS_LABELS.get(str(p.get('status')), str(p.get('status'))))}："
        f"{escape(str(p.get('text', '')))}（第{escape(str(p.get('page', '')))}页）</li>"
        for p in data.get("progress") or []
    )
    search_here = escape(_link("/search", {"doc_id": doc_id}))
    body = (
        _table(_meta_rows(data), ("项目", "内容"))
        + f'<p><a href="{search_here}">在本文件中检索</a></p>'
        + f"<h2>举措（{len(rows)}）</h2>{measures}"
        + (f"<h2>传达的上级文件</h2><ul>{relays}</ul>" if relays else "")
        + (f"<h2>进展</h2><ul>{progress}</ul>" if progress else "")
    )
    return layout(title, body, doc_href(doc_id, ".json"))


def ledger_form(params: Mapping[str, str]) -> str:
    statuses = {s: STATUS_LABELS[s] for s in STATUSES}
    return (
        '<form class="search" method="get" action="/ledger">'
        + _field("截至日期", "as_of", params, "YYYY-MM-DD，默认今天")
        + _field("上级文件", "directive", params, "文号、标题或编号")
        + _field("责任单位", "unit", params, "如：财政局")
        + f"<label>角色{_options('role', {'lead': '牵头', 'co': '配合'}, params.get('role'))}</label>"
        + f"<label>状态{_options('status', statuses, params.get('status'))}</label>"
        + _field("时限不晚于", "deadline_before", params, "YYYY-MM")
        + "<button>生成台账</button></form>"
    )


def _evidence_html(evidence: Iterable[Mapping[str, Any]]) -> str:
    items = []
    for e in evidence:
        source = escape(str(e.get("source") or e.get("doc_id") or ""))
        if e.get("doc_id"):
            source = f'<a href="{escape(doc_href(str(e["doc_id"])))}">{source}</a>'
        label = escape(STATUS_LABELS.get(str(e.get("status")), str(e.get("status"))))
        items.append(
            f'<li>{label}：{escape(str(e.get("text", "")))}<br><span class="meta">{source}</span></li>'
        )
    return f"<ul>{''.join(items)}</ul>" if items else "—"


def render_ledger(data: Mapping[str, Any], request: Request) -> str:
    rows = []
    for row in data["rows"]:
        doc = doc_href(str(row["doc_id"]))
        measure = escape(doc + "#" + quote(str(row["measure_id"]), safe=":"))
        light = str(row["light"])
        status = escape(STATUS_LABELS.get(str(row["status"]), str(row["status"])))
        due = f"{escape(str(row['deadline'] or ''))}<br>{escape(str(row['due'] or ''))}"
        rows.append(
            f"<tr><td>{int(row['number'])}</td>"
            f'<td><a href="{escape(doc)}">{escape(str(row["directive"]))}</a>'
            f"<br>{escape(str(row['doc_number']))}</td>"
            f'<td><a href="{measure}">{escape(str(row["text"]))}</a></td>'
            f"<td>{escape('、'.join(row['lead']))}</td><td>{escape('、'.join(row['co']))}</td><td>{due}</td>"
            f'<td class="light-{escape(light)}">{status}<br>{escape(LIGHT_LABELS.get(light, ""))}</td>'
            f"<td>{_evidence_html(row['evidence'])}</td></tr>"
        )
    table = (
        "<table><tr><th>序号</th><th>文件</th><th>举措</th><th>牵头单位</th><th>配合单位</th><th>时限</th>"
        "<th>状态</th><th>证据</th></tr>" + "".join(rows) + "</table>"
        if rows
        else "<p>没有符合条件的举措。</p>"
    )
    unresolved = "".join(
        f"<li>{escape(str(u['follower'].get('title') or u['follower'].get('source') or ''))} 传达了 "
        f"{escape(str(u['evidence']))}</li>"
        for u in data["unresolved"]
    )
    body = (
        ledger_form(request.params)
        + f"<p>截至 {escape(str(data['as_of']))}，共 {int(data['total'])} 条举措。</p>"
        + table
        + (f"<h2>传达了未入库的文件</h2><ul>{unresolved}</ul>" if unresolved else "")
    )
    return layout("督办台账", body, _link("/ledger.json", request.params))
