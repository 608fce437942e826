"""督办 on the web: FastAPI pages from Jinja2 templates, each with a JSON twin, served by uvicorn.

Every handler builds one JSON-able dict; the page renders that dict and `<path>.json` (or
`?format=json`) returns it, so the two never disagree. The JSON routes are described at
`/openapi.json`.

=================================  ===============================================================
path                               what
=================================  ===============================================================
`/`, `/stats.json`                 search form and index statistics
`/search`, `/search.json`          measures (or documents, `docs=1`) for `q` and the filters of
                                   `index.filters`, with facet counts (unit, status, kind,
                                   deadline month), `exact: false` for a partial match and
                                   `unknown_fields`, a `负责人:` that is no filter field
`/search.xlsx`, `/search.csv`      the same search's every hit (to 10,000) as a spreadsheet
`/documents/<id>[.json]`           a document: its text with the measures marked in place, units,
                                   deadlines, status, what it relays and who relays or reports on it
`/documents/<id>/source`           the original file (`?n=K`: the K-th of identical copies), as
                                   the index records it and only while it hashes as at ingest
                                   (`pipeline.web.sources`); else 410 with what to do; a
                                   page fetched by URL from its saved copy, else sent to the URL
`/crosscheck/<id>[.json]`          a directive's followers and each measure's status and evidence,
                                   with the correction forms
`/ledger[.json|.xlsx|.csv]`        the 督办台账 as of `as_of`: filters, `light`, `sort`, paging,
                                   counts by light; downloads hold every matching row
`/changes[.json]`                  本期变化: the measures whose status the checks changed since
                                   `since` (default: the latest check), and the corrections made
                                   since, grouped as 新完成, 新增逾期, 新增滞后, 其他
                                   (`pipeline.changes`); `directive`, `unit` as the ledger's;
                                   paged over the lines in the groups' order (`limit`, default
                                   500, at most 5,000, `offset`, `next`); made once per state of
                                   the index and its corrections (`changes.ChangesCache`)
`/reminders.json`,                 the 催办通知单 for the ledger's filters (and `days`, `reply_by`,
`/reminders.docx`                  `office`): per unit its overdue, lagging and due-soon tasks; the
                                   .docx has a section per unit (`pipeline.reminders`)
`/units[.json]`                    单位统计 of the ledger's selection (its parameters, `sort`): per
                                   body its 牵头/配合 and status counts, 完成率, tasks due within 7
                                   days, each linked to the ledger filtered by unit and status;
                                   paged (`limit`, default 200, `offset`, `next`)
`/units/<name>[.json]`             one body's tasks in the selection, with its role, grouped 逾期,
                                   滞后, 即将到期, 推进中, 已传达/未传达, 已完成; links to its 催办单
                                   and ledger; an unknown name 404 (`pipeline.web.units`)
`/runs[.json]`                      the latest ingest runs (`limit`), each with the files it did
                                   not take (failed, skipped) and what to do about them
`/corrections[.json]`              staff corrections (POST sets one, `/corrections/<id>/undo`
                                   undoes it; both need the form's CSRF token)
`/upload[.json]`                   upload files (POST, multipart, CSRF token): saved under the
                                   uploads folder and ingested as a run (`pipeline.uploads`);
                                   the answer lists what became of each file
`/login`, `/logout`                the token form, when the server requires one; POST `/logout`
                                   (CSRF token) forgets the browser's session (退出登录)
`/favicon.ico`                     204: there is no icon (pages name an empty one)
=================================  ===============================================================

The cross-check behind the ledger, the cross-check pages and the document page is computed once
per index generation and check date (`pipeline.web.cache`); staff corrections are laid over it
on every request. Bad parameters answer 400 with the error code and a Chinese message, unknown
things 404; nothing else a client sees names a server path or carries a stack trace.
"""

from __future__ import annotations

import errno
import io
import logging
import re
import secrets
import socket
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path, PurePath
from typing import Annotated, Any
from urllib.parse import quote

import anyio.to_thread
from fastapi import Depends, FastAPI, Form, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from duban.base.dates import iso_day
from duban.base.errors import THING_NAMES, DubanError, E
from duban.base.stored import Hit, RunReport, StoredDocument, StoredMeasure
from duban.base.vocab import status_label
from duban.index import open_store
from duban.index.analysis import unknown_fields
from duban.index.filters import STATUSES, UNSET, Filters, parse_filters
from duban.index.highlight import BRACKETS, HTML
from duban.index.spellings import unit_holds, written_out
from duban.index.store import Store
from duban.pipeline import __version__
from duban.pipeline.changes import ChangeList, ChangePage, ChangesCache, parse_since
from duban.pipeline.copies import related_copies
from duban.pipeline.corrections import Correction, Overlay, history, set_status, undo
from duban.pipeline.crosscheck import Link
from duban.pipeline.ledger import LedgerRow, csv_text, ledger_rows, local_time, workbook
from duban.pipeline.reminders import OFFICE, REMIND_DAYS, Reminders, any_to_chase, reminders
from duban.pipeline.reminders import write_docx as write_reminders
from duban.pipeline.search_export import SearchExport, export_search
from duban.pipeline.search_export import csv_text as search_csv_text
from duban.pipeline.search_export import download_name as search_download_name
from duban.pipeline.search_export import write_xlsx as write_search_xlsx
from duban.pipeline.search_hints import unknown_field_hint, why_no_hits
from duban.pipeline.status import CheckResult, DirectiveCheck, directive_name, select_directive, today
from duban.pipeline.uploads import MAX_FIELDS, MAX_FILES, UploadError, Uploads
from duban.pipeline.web import render
from duban.pipeline.web import units as by_unit
from duban.pipeline.web.cache import CacheKey, CheckCache, Computing, SavedCache, UnitIndexCache, cache_key
from duban.pipeline.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    SESSION_COOKIE,
    Security,
    SecurityMiddleware,
    SetupError,
    csrf_ok,
    new_csrf_token,
)
from duban.pipeline.web.sources import (
    SourceElsewhere,
    SourceError,
    opens_inline,
    original,
    source_name,
    source_url,
)

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Ingest runs listed on `/runs`: a nightly job makes one a day, so the default is three weeks.
DEFAULT_RUNS = 20
MAX_RUNS = 200
LEDGER_LIMIT = 50
MAX_LEDGER_LIMIT = 500
MAX_TEXT_SHOWN = 200_000
MAX_UNRESOLVED = 50
SERVING_THREADS = 8
CHECK_WAIT = 10.0  # seconds a page waits for the cross-check before saying it is being prepared
COMPUTING_RETRY = 15  # seconds after which that page loads itself again (and `Retry-After` for scripts)
FILTER_PARAMS: tuple[str, ...] = tuple(f.name for f in fields(Filters))
LEDGER_FILTERS = ("unit", "role", "status", "deadline_before", "deadline_after", "doc_number", "issuer")
SORTS = ("relevance", "deadline")
LEDGER_SORTS = ("number", "deadline", "status", "light", "unit", "directive")
LIGHTS = ("red", "yellow", "green", "none")
# how staff name the pages' own parameters in an error message, beside the name API callers use
# (`每页条数（limit）`), as the filters' messages do (`filters.field_name`)
PARAM_LABELS = {
    "limit": "每页条数",
    "offset": "起始位置",
    "sort": "排序",
    "light": "灯",
    "n": "副本序号",
    "days": "天数",
}
# the word beside each sort key and light a parameter takes, in its error message
CHOICE_WORDS = {
    "relevance": "按相关度",
    "deadline": "按时限",
    "number": "按序号",
    "status": "按状态",
    "light": "按灯",
    "directive": "按文件",
    **{key: f"按{label}" for key, label in by_unit.COLUMN_LABELS.items()},
    "unit": "按单位",
    **render.LIGHT_NAMES,
}
TRUE_VALUES = ("1", "true", "yes", "on")
_DIGITS = re.compile(r"[0-9]{1,10}")
STATUS_ORDER = {s: i for i, s in enumerate(("overdue", "lagging", "not_relayed", "relayed", "planned"))}
LIGHT_ORDER = {"red": 0, "yellow": 1, "": 2, "green": 3}
LEDGER_COLUMNS = (
    ("number", "序号"),
    ("directive", "文件"),
    ("", "举措"),
    ("unit", "牵头单位"),
    ("", "配合单位"),
    ("deadline", "时限"),
    ("status", "状态"),
    ("", "证据"),
)

# The catalogue's messages are for the command line; staff on the web read these (code kept).
WEB_ERRORS: dict[E, tuple[int, str, str]] = {
    E.FILTER_INVALID: (
        400,
        "参数不正确：{detail}",
        "请检查筛选条件和网址中的参数（日期写成 YYYY-MM 或 YYYY-MM-DD），或回到检索、台账页面重新选择。",
    ),
    E.STATUS_INVALID: (400, "“{value}”不是可以核定的状态", "状态可选：{allowed}。"),
    E.CORRECTION_FIELD: (400, "核定记录{detail}", "经办人必须填写；说明可以不写。"),
    E.BAD_DATE: (400, "“{value}”不是有效日期", "日期请写成 YYYY-MM-DD，例如 2026-06-30。"),
    E.NOT_FOUND: (404, "未找到{what_zh}：{key}", "可能已被删除或重新入库；请从检索或台账页面重新进入。"),
    E.INDEX_UNREACHABLE: (503, "索引暂时无法访问", "请稍后重试；如持续出现，请联系管理员。"),
    E.INDEX_SCHEMA: (503, "索引版本与程序不一致", "请联系管理员升级程序。"),
    E.INDEX_RECORD: (503, "索引中有本程序无法读取的记录", "请联系管理员用当前版本重建索引。"),
    E.INDEX_URL: (503, "索引配置有误", "请联系管理员检查索引设置。"),
}


# --- state -------------------------------------------------------------------------------------------


class State:
    """What the app shares between requests: the index URL, one store per serving thread (a
    SQLite connection belongs to the thread that opened it) and the cached cross-check."""

    def __init__(self, index_url: str, isolate: bool = False) -> None:
        self.index_url = index_url
        self.fetched: Path | None = None  # where `duban ingest URL` keeps its copies (`create_app`)
        self.cache = CheckCache(index_url, isolate=isolate)
        self.saved = SavedCache(index_url, isolate=isolate)
        self.changes = ChangesCache()
        self.unit_indexes = UnitIndexCache()  # the whole ledger by unit (`/units`, the 催办单)
        # today's count by unit is made as soon as a result the pages serve is computed
        self.cache.on_result = self.saved.on_result = self._result_computed
        self._local = threading.local()
        self._stores: list[Store] = []
        self._lock = threading.Lock()

    @property
    def store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.index_url)
            with self._lock:
                self._stores.append(store)
        return store

    def check(self, as_of: str) -> CheckResult:
        """The cross-check as of `as_of`, waiting for it at most `CHECK_WAIT` seconds."""
        return self.cache.get(self.store, as_of, wait=CHECK_WAIT)

    def ledger(self, as_of: str) -> CheckResult:
        """What the ledger pages show: the cross-check when it is ready; before, the statuses the
        last full check saved while the index is as it saw it (seconds after a start or an ingest,
        where the check takes minutes on a large index: the same ledger); else the check, waited
        for as `check` does."""
        ready = self.cache.peek(self.store, as_of)  # and started, for the pages that show links
        if ready is not None:
            self.saved.drop(self.store, as_of)  # no longer asked for; as large as the check's
            return ready
        saved = self.saved.get(self.store, as_of, wait=CHECK_WAIT)
        return saved if saved is not None else self.check(as_of)

    def unit_index(self, result: CheckResult, overlay: Overlay, as_of: str) -> by_unit.UnitIndex:
        """The whole ledger's `UnitIndex` for `result` under `overlay` (`UnitIndexCache.get`)."""
        return self.unit_indexes.get(result, overlay, as_of, _unit_maker(result, overlay, as_of))

    def warm_units(
        self,
        as_of: str,
        result: CheckResult | None = None,
        overlay: Overlay | None = None,
        unless: Callable[[], bool] | None = None,
    ) -> None:
        """Start making the `UnitIndex` of what the pages by unit will ask for as of `as_of` (the
        result they serve now, under the corrections now active), unless it is held or under way
        or `unless()` (`UnitIndexCache.warm`); nothing while that result is still being computed
        (its completion starts it then)."""
        if result is None:
            result = self.served(as_of)
            if result is None:
                return
        if overlay is None:
            overlay = Overlay.load(self.store)
        self.unit_indexes.warm(result, overlay, as_of, _unit_maker(result, overlay, as_of), unless)

    def served(self, as_of: str) -> CheckResult | None:
        """What the ledger pages show as of `as_of` if it is computed (`ledger`, without waiting
        or starting a computation the pages have not asked for), else None."""
        key = cache_key(self.store, as_of)
        return self.cache.held(key) or self.saved.held(key)

    def _result_computed(self, key: CacheKey, result: CheckResult) -> None:
        """A cross-check or saved ledger was computed (in its computing thread): make today's
        count by unit from it, unless it is the saved ledger and the full check, which the pages
        serve instead, is already there. Another day's is made when asked for, not in place of
        today's (the cache holds one)."""
        _, _, as_of = key
        full_held = (lambda: self.cache.held(key) is not None) if result.saved else None
        if as_of != today() or (full_held is not None and full_held()):
            return
        with open_store(self.index_url) as store:  # this thread's own: it ends with the computation
            overlay = Overlay.load(store)
        # asked again as the making starts: the check may have come while the corrections loaded
        self.warm_units(as_of, result, overlay, unless=full_held)

    def close(self) -> None:
        self.cache.close()
        self.saved.close()
        with self._lock:
            stores, self._stores = self._stores, []
        for store in stores:
            try:
                store.close()
            except Exception:  # a store opened by another thread may refuse; it goes with the process
                log.debug("store not closed", exc_info=True)


def _unit_maker(result: CheckResult, overlay: Overlay, as_of: str) -> Callable[[], by_unit.UnitIndex]:
    """What makes the whole ledger's `UnitIndex`: its rows in number order under `overlay`, counted."""
    return lambda: by_unit.UnitIndex.of(ledger_rows(result, None, overlay), as_of)


# --- parameters --------------------------------------------------------------------------------------


def _param(params: Mapping[str, str], name: str) -> str | None:
    """A parameter's value, with an empty one (an untouched form field) counted as not given."""
    value = (params.get(name) or "").strip()
    return value or None


def _int_param(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """A whole number in ASCII digits within [low, high] (`²` and `١` are digits to Python, not here)."""
    raw = _param(params, name)
    if raw is None:
        return default
    if not _DIGITS.fullmatch(raw) or not low <= int(raw) <= high:
        label = PARAM_LABELS.get(name, name)
        raise DubanError(E.FILTER_INVALID, detail=f"{label}（{name}）“{raw}”须是 {low} 到 {high} 之间的整数")
    return int(raw)


def _choice(params: Mapping[str, str], name: str, allowed: Sequence[str], default: str) -> str:
    value = _param(params, name) or default
    if value not in allowed:
        raise DubanError(E.FILTER_INVALID, detail=_not_one_of(name, value, allowed))
    return value


def _not_one_of(name: str, value: str, allowed: Sequence[str]) -> str:
    """A parameter's value that is none of its choices, in staff's words as the filters' messages
    (`状态（status）“x”不是可用的值，可写：…`): the page shows it, and the English it said before
    (`sort 'x' is not one of …`) was the only English on the error pages."""
    words = "、".join(f"{key} {CHOICE_WORDS[key]}" if key in CHOICE_WORDS else key for key in allowed)
    return f"{PARAM_LABELS.get(name, name)}（{name}）“{value}”不是可用的值，可写：{words}"


def _prev_offset(offset: int, limit: int, total: int) -> int | None:
    """Where the 上一页 link of a page from `offset` starts: None on the first page; from past the
    end (a bookmark after the list shrank, an edited address), the last page, not another empty
    one `limit` before."""
    if offset <= 0:
        return None
    if limit > 0 and 0 < total <= offset:
        return (total - 1) // limit * limit
    return max(0, offset - limit)


def _pages(path: str, params: Mapping[str, str], data: Mapping[str, Any]) -> dict[str, str | None]:
    """A paged list's links: 上一页 (`_prev_offset`), 下一页, and the first page (回到第一页, which
    a page past the end offers)."""
    offset, limit = int(data["offset"]), int(data["limit"])
    back = _prev_offset(offset, limit, int(data["total"]))
    return {
        "prev_href": None if back is None else render.link(path, params, offset=back),
        "next_href": render.link(path, params, offset=offset + limit) if data["next"] else None,
        "first_href": render.link(path, params, offset=None),
    }


def parse_day(value: str | None) -> str:
    """The check date, `YYYY-MM-DD` between 1900 and 2999 (default today); E071 otherwise."""
    if value is None:
        return today()
    value = value.strip()
    day = iso_day(value)
    if day is None:
        raise DubanError(E.BAD_DATE, value=value)
    return day


def _filters(params: Mapping[str, str], names: Sequence[str]) -> Filters:
    try:
        return parse_filters(**{name: _param(params, name) for name in names})
    except (ValueError, OverflowError) as exc:  # a date the filters could not read is still a bad request
        raise DubanError(E.FILTER_INVALID, detail=str(exc)) from exc


@dataclass(frozen=True)
class SearchParams:
    """A validated search request: the same checks for the page and its JSON twin."""

    q: str
    filters: Filters
    docs: bool
    sort: str
    limit: int
    offset: int

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> SearchParams:
        return cls(
            q=(params.get("q") or "").strip(),
            filters=_filters(params, FILTER_PARAMS),
            docs=(_param(params, "docs") or "").lower() in TRUE_VALUES,
            sort=_choice(params, "sort", SORTS, "relevance"),
            limit=_int_param(params, "limit", DEFAULT_LIMIT, 0, MAX_LIMIT),
            offset=_int_param(params, "offset", 0, 0, 10_000),
        )


# --- JSON shapes -------------------------------------------------------------------------------------


def correction_json(correction: Correction | None) -> dict[str, Any] | None:
    return None if correction is None else correction.to_json()


@dataclass(frozen=True)
class MeasureView:
    """A stored measure as a page shows it: a staff correction, if any, laid over its status."""

    measure: StoredMeasure
    correction: Correction | None

    @property
    def status(self) -> str | None:
        return self.correction.status if self.correction is not None else self.measure.status

    def to_json(self) -> dict[str, Any]:
        return {
            **self.measure.to_json(),
            "computed_status": self.measure.status,
            "status": self.status,
            "correction": correction_json(self.correction),
        }


@dataclass(frozen=True)
class HitView:
    """A search hit as a page shows it: a staff correction, if any, laid over a measure's status."""

    hit: Hit
    correction: Correction | None

    @property
    def status(self) -> str | None:
        return self.correction.status if self.correction is not None else self.hit.status

    def to_json(self) -> dict[str, Any]:
        return {
            **self.hit.to_json(),
            "status": self.status,
            "correction": correction_json(self.correction),
            "source_url": source_url(self.hit.doc_id) if self.hit.doc_id else None,
        }


def ledger_row_json(row: LedgerRow) -> dict[str, Any]:
    m = row.measure
    return {
        "number": row.number,
        "directive": row.directive,
        "doc_number": row.doc_number,
        "doc_id": row.doc_id,
        "source_url": source_url(row.doc_id) if row.doc_id else None,
        "issuer": row.issuer,
        "measure_id": m.measure_id,
        "text": m.text,
        "section": m.section,
        "lead": m.lead,
        "co": m.co,
        "deadline": m.deadline,
        "due": m.due,
        "status": row.status,
        "status_label": status_label(row.status),
        "computed_status": m.status,
        "light": row.light,
        "correction": correction_json(row.correction),
        # the computed status in a sentence: who said what, what the date does to it
        "why": m.why,
        "evidence": [e.to_json() for e in m.evidence],
    }


def link_json(link: Link) -> dict[str, Any]:
    return {
        "follower": link.follower.to_json(),
        "relation": link.relation,
        "via": link.via,
        "evidence": link.evidence,
        "date": link.follower_date,
        "mentioned": sum(1 for m in link.measures if m.mentioned),
    }


def _sort_key(sort: str) -> Callable[[LedgerRow], Any]:
    keys: dict[str, Callable[[LedgerRow], Any]] = {
        "number": lambda r: r.number,
        "deadline": lambda r: (r.measure.due is None, r.measure.due or "", r.number),
        "status": lambda r: (STATUS_ORDER.get(r.status, len(STATUS_ORDER)), r.status == "done", r.number),
        "light": lambda r: (LIGHT_ORDER.get(r.light, 2), r.number),
        "unit": lambda r: (not r.measure.lead, r.measure.lead[:1], r.number),
        "directive": lambda r: (r.directive, r.number),
    }
    return keys[sort]


# --- the application ---------------------------------------------------------------------------------


def create_app(
    index_url: str,
    security: Security | None = None,
    warm: bool = False,
    isolate: bool = False,
    uploads: Uploads | None = None,
    fetched: Path | None = None,
) -> Any:
    """The ASGI application over the index at `index_url`, wrapped in the security middleware
    (loopback-only Host names and no token by default). `warm` starts today's cross-check at
    start-up, so the first ledger page does not wait for it; `isolate` computes cross-checks in a
    worker process, so they never slow the requests down (what `serve` does). `uploads` (default:
    on beside a SQLite index, `Uploads.for_index`) says where `/upload` keeps files; the upload
    route alone may then carry a body of its size. `fetched` (default: `<index>.fetched` beside a
    SQLite index) is where the 原件 of a document fetched by URL is read from."""
    state = State(index_url, isolate)
    if fetched is None:
        from duban.pipeline.fetch import default_folder

        fetched = default_folder(index_url)
    state.fetched = fetched
    uploads = uploads if uploads is not None else Uploads.for_index(index_url)
    security = replace(
        security or Security.for_bind("127.0.0.1", None),
        upload_max_body=uploads.max_bytes if uploads.enabled else 0,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        # each serving thread holds its own SQLite connection (and page cache): a few threads
        # serve two cores as well as anyio's default forty, with a tenth of the memory
        anyio.to_thread.current_default_thread_limiter().total_tokens = SERVING_THREADS
        if warm:
            threading.Thread(target=_warm, args=(state,), name="duban-warm", daemon=True).start()
        yield
        state.close()

    app = FastAPI(
        title="督办 duban",
        version=__version__,
        description="检索举措、文件与督办台账的 JSON 接口；每个页面都有同名 .json 接口。",
        docs_url=None,  # the interactive docs load scripts from a CDN; the description is /openapi.json
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.duban = state
    app.state.security = security
    app.mount("/static", StaticFiles(directory=str(render.STATIC)), name="static")
    _errors(app)
    _routes(app, state, security)
    _upload_routes(app, state, uploads)
    return SecurityMiddleware(app, security)


def make_app(index_url: str) -> Any:
    """The application with the defaults of a loopback bind (kept for callers of the old API)."""
    return create_app(index_url)


def _warm(state: State) -> None:
    try:
        state.cache.peek(state.store, today())
        state.saved.get(state.store, today(), wait=0)
    except Computing:
        pass
    except Exception:
        log.warning("warming the cross-check failed", exc_info=True)


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or request.query_params.get("format") == "json"


def _error_page(
    request: Request, status: int, code: str, message: str, hint: str, refresh: int | None = None
) -> Response:
    """The error as JSON for scripts and the JSON twins, else as a page; with `refresh`, the page
    loads itself again after that many seconds (a browser does not act on `Retry-After`)."""
    if _wants_json(request) or request.headers.get("accept", "").startswith("application/json"):
        return JSONResponse({"error": {"code": code, "message": message, "hint": hint}}, status_code=status)
    if refresh is not None:
        hint = f"本页每 {refresh} 秒自动刷新一次，算好后即显示，不必守着刷新。"
    body = render.page(
        "error.html", title=f"出错了（{status}）", code=code, message=message, hint=hint, refresh=refresh
    )
    return HTMLResponse(body, status_code=status)


def web_error(exc: DubanError) -> tuple[int, str, str]:
    """Status, Chinese message and hint for a catalogued error; unknown kinds say only the code."""
    known = WEB_ERRORS.get(exc.kind)
    if known is None:
        return 500, f"处理出错（代码 {exc.code}）", "请联系管理员。"
    status, message, hint = known
    values = {**exc.fields, "what_zh": THING_NAMES.get(str(exc.fields.get("what")), "")}
    return status, message.format_map(_Blank(values)), hint


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def _errors(app: FastAPI) -> None:
    @app.exception_handler(DubanError)
    async def duban_error(request: Request, exc: DubanError) -> Response:
        status, message, hint = web_error(exc)
        if exc.kind in _FORM_ERRORS and request.method == "POST":
            hint = FORM_HINT  # a correction form's field, not a filter: the filters' hint misleads
        if status >= 500:
            log.error("%s on %s: %s", exc.code, request.url.path, exc.message)
        return _error_page(request, status, exc.code, message, hint)

    @app.exception_handler(UploadError)
    async def upload_refused(request: Request, exc: UploadError) -> Response:
        return _error_page(request, exc.status or 400, exc.code, exc.message, exc.hint)

    @app.exception_handler(SourceError)
    async def source_refused(request: Request, exc: SourceError) -> Response:
        return _error_page(request, exc.status, exc.code, exc.message, exc.hint)

    @app.exception_handler(Computing)
    async def computing(request: Request, exc: Computing) -> Response:
        response = _error_page(
            request,
            503,
            "E503",
            f"台账（截至 {exc.as_of}）正在计算：首次打开或索引更新后需要一些时间",
            f"请 {COMPUTING_RETRY} 秒后再请求。",
            refresh=COMPUTING_RETRY,
        )
        response.headers["Retry-After"] = str(COMPUTING_RETRY)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        names = ", ".join(str(e.get("loc", ("", ""))[-1]) for e in exc.errors())
        return _error_page(request, 400, "E050", f"参数不正确：{names}", "请检查填写的内容。")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message, hint = HTTP_MESSAGES.get(exc.status_code, ("请求无法处理", ""))
        response = _error_page(request, exc.status_code, f"HTTP{exc.status_code}", message, hint)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        incident = secrets.token_hex(4)
        log.exception("unexpected error %s on %s", incident, request.url.path)
        return _error_page(
            request, 500, "E500", f"服务器内部错误（编号 {incident}）", "请稍后重试，或把编号告诉管理员。"
        )


FORM_HINT = "请返回上一页，按上面的说明改正后再提交。"
_FORM_ERRORS = (E.FILTER_INVALID, E.STATUS_INVALID, E.CORRECTION_FIELD)
"""Refusals of a posted form's field, answered with `FORM_HINT` (back, mend, send again)."""
# What a bare HTTP error says and what to do. 403 is a form whose CSRF token no longer matches the
# browser's cookie (a page left open from before the browser's data was cleared, a form copied
# from another site): it said only 请求无法处理, and staff did not know to reload the page.
HTTP_MESSAGES: dict[int, tuple[str, str]] = {
    403: ("表单已失效，没有提交", "请刷新页面（或从首页重新进入）后再填写提交一次。"),
    404: ("页面不存在", "请检查网址，或从首页、检索、台账重新进入。"),
    405: ("不支持这种请求方式", ""),
    413: ("提交的内容太大", ""),
}


def _csrf(request: Request) -> str:
    """The CSRF token of this browser (the cookie's), or a new one the response will set."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token or len(token) > 100:
        token = request.state.new_csrf = new_csrf_token()
    return token


def _html(request: Request, template: str, **context: Any) -> HTMLResponse:
    csrf = _csrf(request)
    # 退出登录 in the header, for a browser that logged in (a server with a token): staff share
    # office computers, and there was no way out but clearing the browser's data
    signed_in = SESSION_COOKIE in request.cookies
    response = HTMLResponse(render.page(template, csrf=csrf, signed_in=signed_in, **context))
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="strict")
    return response


def _check_csrf(request: Request, submitted: str | None) -> None:
    if not csrf_ok(
        request.cookies.get(CSRF_COOKIE),
        submitted,
        request.headers.get("origin"),
        request.headers.get("host"),
    ):
        raise StarletteHTTPException(403)


def _local_next(value: str | None, default: str) -> str:
    """A redirect target only within this site (`/path`, never `//host` or `http:`)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


Param = Annotated[str | None, Query()]
# lines of 本期变化 a page (and its JSON twin) lists by default and at most: a first check over a
# large index changes every measure (141,000 lines over the real corpus, 76 MB of JSON)
CHANGES_LIMIT = 500
MAX_CHANGES_LIMIT = 5000


@dataclass
class LedgerParams:
    """The ledger's query parameters, declared once for every route that takes them, so that
    `/openapi.json` documents them alike; the handlers read them from the request (`params_of`),
    where they are checked and unknown ones refused."""

    as_of: Param = None
    directive: Param = None
    unit: Param = None
    role: Param = None
    status: Param = None
    deadline_before: Param = None
    deadline_after: Param = None
    doc_number: Param = None
    issuer: Param = None
    light: Param = None


@dataclass
class ReminderParams(LedgerParams):
    """The ledger's parameters and the slips' own (`/reminders.json`)."""

    days: Param = None
    reply_by: Param = None
    office: Param = None


LedgerQuery = Annotated[LedgerParams, Depends()]
ReminderQuery = Annotated[ReminderParams, Depends()]


def _routes(app: FastAPI, state: State, security: Security) -> None:
    def params_of(request: Request) -> dict[str, str]:
        return {k: v for k, v in request.query_params.items()}

    # -- home and statistics ------------------------------------------------------------------------

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        """No icon (the pages name an empty one; a browser showing a JSON twin still asks here):
        204, not a 404 in the browser's console on every page."""
        return Response(status_code=204)

    @app.get("/stats.json", summary="索引统计", tags=["检索"])
    def stats_json() -> dict[str, Any]:
        return state.store.stats().to_json()

    @app.get("/", include_in_schema=False)
    @app.get("/stats", include_in_schema=False)
    def home(request: Request) -> Response:
        data = state.store.stats()
        if _wants_json(request):
            return JSONResponse(data.to_json())
        statuses = {s: status_label(s) for s in (*STATUSES, UNSET)}
        return _html(
            request,
            "home.html",
            title="督办检索",
            stats=data,
            last_run=next(iter(state.store.runs(1)), None),
            params=params_of(request),
            statuses=statuses,
            docs=False,
            json_href="/stats.json",
        )

    # -- ingest runs ----------------------------------------------------------------------------------

    def runs_data(params: Mapping[str, str]) -> tuple[list[RunReport], dict[str, Any]]:
        runs = state.store.runs(_int_param(params, "limit", DEFAULT_RUNS, 1, MAX_RUNS))
        return runs, {"runs": [run.to_json() for run in runs]}

    @app.get("/runs.json", summary="入库记录", tags=["入库"])
    def runs_json(request: Request, limit: Param = None) -> dict[str, Any]:
        """最近的入库（duban ingest）记录，新的在前：每次的文件数、结果，以及未收录的文件（失败、跳过）及处理办法。
        `limit`：条数，1 至 200，默认 20。"""
        return runs_data(params_of(request))[1]  # checked as the page's, with the same message

    @app.get("/runs", include_in_schema=False)
    def runs_page(request: Request) -> Response:
        runs, data = runs_data(params_of(request))
        if _wants_json(request):
            return JSONResponse(data)
        return _html(request, "runs.html", title="入库记录", runs=runs, json_href="/runs.json")

    # -- search -------------------------------------------------------------------------------------

    def search_data(params: Mapping[str, str], html: bool) -> dict[str, Any]:
        return searched(params, html)[1]

    def searched(params: Mapping[str, str], html: bool) -> tuple[list[HitView], dict[str, Any]]:
        """The hits with their staff corrections, and the JSON answer."""
        p = SearchParams.parse(params)
        store = state.store
        result = store.search(
            p.q,
            p.filters,
            target="documents" if p.docs else "measures",
            limit=p.limit,
            offset=p.offset,
            sort="deadline" if p.sort == "deadline" else "relevance",
            marks=HTML if html else BRACKETS,
        )
        overlay = Overlay.load(store)
        views = [
            HitView(
                hit, overlay.find(hit.doc_id, [hit.source], hit.text) if hit.measure_id is not None else None
            )
            for hit in result.hits
        ]
        more = p.offset + len(result.hits) < result.total and p.limit > 0
        return views, {
            "q": p.q,
            "target": result.target,
            "filters": result.filters.to_json(),
            "sort": p.sort,
            "limit": p.limit,
            "offset": p.offset,
            "total": result.total,
            "hint": result.query.hint,  # why a query found nothing (only punctuation), else null
            # why no measure matched exactly, when the index can tell: no statuses yet, or the
            # number of documents that hold all the words (`search_hints`), else null
            "why_no_hits": why.to_json() if (why := why_no_hits(store, p.q, p.filters, result)) else None,
            # the `名字:` prefixes of `q` that are no filter field (`负责人:张三`), searched as words
            "unknown_fields": unknown_fields(p.q),
            "exact": all(h.exact for h in result.hits),
            "took_ms": round(result.took_ms, 2),
            "next": render.link("/search.json", params, offset=p.offset + p.limit) if more else None,
            "facets": None if p.docs else store.facets(p.q, p.filters),
            "hits": [v.to_json() for v in views],
        }

    @app.get("/search.json", summary="检索举措或文件", tags=["检索"])
    def search_json(
        request: Request,
        q: Param = None,
        unit: Param = None,
        role: Param = None,
        status: Param = None,
        kind: Param = None,
        deadline_before: Param = None,
        deadline_after: Param = None,
        issuer: Param = None,
        doc_number: Param = None,
        doc_id: Param = None,
        ingested_after: Param = None,
        ingested_before: Param = None,
        docs: Param = None,
        sort: Param = None,
        limit: Param = None,
        offset: Param = None,
    ) -> dict[str, Any]:
        """`q` 关键词（可含 `unit:` 等字段），其余为筛选条件；`docs=1` 检索文件。`facets` 为命中举措
        按单位、状态、类型、时限月份的计数；`exact` 为 false 表示部分匹配；`unknown_fields` 为 `q` 中
        不是筛选字段的前缀（如 `负责人:张三` 的“负责人”，已当作文字检索）。`ingested_after`/
        `ingested_before` 为入库时间（含）：日期、`YYYY-MM-DDTHH:MM`，或 今天、昨天、最近7天、本周、本月
        （按服务器时区）；每条结果的 `ingested_at` 为其文件的入库时间（UTC）。"""
        return search_data(params_of(request), html=False)

    @app.get("/search", include_in_schema=False)
    def search_page(request: Request) -> Response:
        params = params_of(request)
        if _wants_json(request):
            return JSONResponse(search_data(params, html=False))
        views, data = searched(params, html=True)
        chosen = data["filters"]

        def facet_on(name: str, value: str) -> bool:
            if name == "by_deadline_month":
                return bool(params.get("deadline_after") == value == params.get("deadline_before"))
            field = {"by_unit": "unit", "by_status": "status", "by_kind": "kind"}[name]
            return bool(chosen.get(field) == value or params.get(field) == value)

        def facet_link(name: str, value: str) -> str | None:
            """The search narrowed to this facet value, or None when the query's own words fix the
            field to another value (`牵头单位:…`, `逾期`): a link adding the filter box would give
            the field twice, which the search refuses."""
            if name == "by_deadline_month":
                return render.link(
                    "/search", params, deadline_after=value, deadline_before=value, offset=None
                )
            field = {"by_unit": "unit", "by_status": "status", "by_kind": "kind"}[name]
            if chosen.get(field) not in (None, value) and params.get(field) is None:
                return None
            return render.link("/search", params, **{field: value, "offset": None})

        title = f"检索：{data['q']}" if data["q"] else "检索"
        return _html(
            request,
            "search.html",
            title=title,
            data=data,
            hits=views,
            params=params,
            docs=data["target"] == "documents",
            statuses={s: status_label(s) for s in (*STATUSES, UNSET)},
            facets=data["facets"],
            facet_on=facet_on,
            facet_link=facet_link,
            field_hints=[unknown_field_hint(name) for name in data["unknown_fields"]],
            docs_href=render.link("/search", params, docs="1", offset=None),
            **_pages("/search", params, data),
            json_href=render.link("/search.json", params),
            xlsx_href=render.link("/search.xlsx", params, offset=None, limit=None),
            csv_href=render.link("/search.csv", params, offset=None, limit=None),
        )

    def search_export(params: Mapping[str, str]) -> SearchExport:
        """Every hit of the search the parameters describe (not one page: `limit` and `offset`
        are checked as for /search.json and otherwise ignored), to the export's cap."""
        p = SearchParams.parse(params)
        return export_search(
            state.store,
            p.q,
            p.filters,
            target="documents" if p.docs else "measures",
            sort="deadline" if p.sort == "deadline" else "relevance",
        )

    @app.get("/search.xlsx", summary="下载 Excel 检索结果", tags=["检索"], response_class=Response)
    def search_xlsx(request: Request) -> Response:
        """与 /search.json 相同的参数；包含全部结果（不分页，最多 10000 条，超出时在“说明”表注明）。"""
        export = search_export(params_of(request))
        buffer = io.BytesIO()
        write_search_xlsx(export, buffer)
        return Response(
            buffer.getvalue(),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={
                "Content-Disposition": f'attachment; filename="{search_download_name("xlsx", export.as_of)}"'
            },
        )

    @app.get("/search.csv", summary="下载 CSV 检索结果", tags=["检索"], response_class=Response)
    def search_csv(request: Request) -> Response:
        """UTF-8（带 BOM，Excel 可直接打开）；与 /search.json 相同的参数，不分页，最多 10000 条。"""
        export = search_export(params_of(request))
        return Response(
            ("\ufeff" + search_csv_text(export)).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{search_download_name("csv", export.as_of)}"'
            },
        )

    # -- documents ----------------------------------------------------------------------------------

    def document_data(doc_id: str) -> tuple[StoredDocument, list[MeasureView], dict[str, Any]]:
        """The stored document, its measures with staff corrections, and the JSON twin."""
        store = state.store
        record = store.get(doc_id)
        if record is None:
            raise DubanError(E.NOT_FOUND, what="document", key=doc_id)
        overlay = Overlay.load(store)
        sources = record.paths
        views = [MeasureView(m, overlay.find(doc_id, sources, m.text)) for m in record.measures]
        ready = state.cache.peek(state.store, today())
        check = ready or CheckResult([], [], today())
        followers = [
            {**link_json(link), **link.follower.to_json()}
            for c in check.directives
            if c.directive.doc_id == doc_id
            for link in c.links
        ]
        targets = {
            (link.quoted_number, link.quoted_title): link.directive.doc_id
            for c in check.directives
            for link in c.links
            if link.follower.doc_id == doc_id
        }
        relays = [{**r.to_json(), "target": targets.get((r.doc_number, r.title))} for r in record.relays]
        data = record.to_json()
        for shown_apart in ("text", "measures", "relays"):
            del data[shown_apart]
        data.update(
            source_url=source_url(doc_id),
            # one per source path (`sources`, else `source`), in their order: `?n=K`
            source_urls=[source_url(doc_id, n) for n in range(1, len(sources) + 1)],
            measures=[v.to_json() for v in views],
            relays=relays,
            followers=followers,
            is_directive=any(c.directive.doc_id == doc_id for c in check.directives),
            crosscheck_ready=ready is not None,
            # the same directive stored under other paths (`pipeline.copies`): which governs
            copies=related_copies(store, record),
        )
        return record, views, data

    @app.get("/documents/{doc_id}.json", summary="文件详情", tags=["文件"])
    def document_json(doc_id: str) -> dict[str, Any]:
        """文件的元数据、举措（含人工核定）、传达的上级文件，以及传达或报告本文件的文件。"""
        return document_data(doc_id)[2]

    @app.get("/documents/{doc_id}", include_in_schema=False)
    def document_page(request: Request, doc_id: str) -> Response:
        record, views, data = document_data(doc_id)
        if _wants_json(request):
            return JSONResponse(data)
        return _html(
            request,
            "document.html",
            title=record.doc.title or PurePath(record.source).name or doc_id,  # no server path as a title
            data=data,
            meta=record.doc,
            measures=views,
            relays=data["relays"],
            followers=data["followers"],
            progress=record.progress,
            is_directive=data["is_directive"],
            crosscheck_ready=data["crosscheck_ready"],
            copies=data["copies"],
            copy_of=record.copy_of,
            originals=[
                {"source": s, "url": url, "name": source_name(s), "inline": opens_inline(source_name(s))}
                for s, url in zip(record.paths, data["source_urls"], strict=True)
            ],
            segments=text_segments(record.text[:MAX_TEXT_SHOWN], views),
            truncated=len(record.text) > MAX_TEXT_SHOWN,
            shown_chars=MAX_TEXT_SHOWN,
            json_href=render.doc_href(doc_id, ".json"),
        )

    @app.get(
        "/documents/{doc_id}/source",
        summary="下载原件",
        tags=["文件"],
        response_class=Response,
        responses={
            200: {"content": {"application/octet-stream": {}}},
            410: {"description": "原件已移动或修改"},
        },
    )
    def document_source(request: Request, doc_id: str) -> Response:
        """文件的原件（入库时读取的文件或压缩包、邮件中的文件），`n` 为第几个来源（同一文件有多个
        相同副本时，从 1 起，默认 1）。PDF、图片和文本在浏览器中打开，其余下载；原件已移动、删除或
        修改（与入库时的内容不同）时返回 410 及处理办法。"""
        params = params_of(request)
        n = _int_param(params, "n", 1, 1, 10_000)
        record = state.store.get(doc_id)
        if record is None:
            raise DubanError(E.NOT_FOUND, what="document", key=doc_id)
        try:
            found = original(state.store, record, n, state.fetched)
        except SourceElsewhere as elsewhere:  # a fetched page of which no copy is kept here
            if not elsewhere.url.lower().startswith(("http://", "https://")):
                raise DubanError(E.NOT_FOUND, what="copy", key=f"文件 {doc_id} 的第 {n} 份") from None
            log.info("original %d of %s: no saved copy, sent to %s", n, doc_id, elsewhere.url)
            return RedirectResponse(elsewhere.url, status_code=307)
        log.info("original %d of %s sent (%d bytes)", n, doc_id, len(found.data))
        return Response(found.data, media_type=found.media_type, headers=found.headers)

    # -- cross-check per directive -------------------------------------------------------------------

    def crosscheck_data(doc_id: str, as_of: str) -> dict[str, Any]:
        store = state.store
        result = state.check(as_of)
        found = next((c for c in result.directives if c.directive.doc_id == doc_id), None)
        if found is None:  # a copy's page is its governing directive's (`status.directive_name`)
            head = directive_name(store, doc_id)
            found = next((c for c in result.directives if c.directive.doc_id == head), None)
        if found is None:
            raise DubanError(E.NOT_FOUND, what="directive", key=doc_id)
        rows = ledger_rows(_only(result, found), None, Overlay.load(store))
        return {
            "as_of": as_of,
            "directive": found.directive.to_json(),
            "links": [link_json(link) for link in found.links],
            "rows": [ledger_row_json(row) for row in rows],
        }

    @app.get("/crosscheck/{doc_id}.json", summary="一份上级文件的督办核查", tags=["台账"])
    def crosscheck_json(doc_id: str, as_of: Param = None) -> dict[str, Any]:
        """传达或报告该文件的文件，及其每条举措的状态、证据和人工核定。"""
        return crosscheck_data(doc_id, parse_day(as_of))

    @app.get("/crosscheck/{doc_id}", include_in_schema=False)
    def crosscheck_page(request: Request, doc_id: str) -> Response:
        params = params_of(request)
        data = crosscheck_data(doc_id, parse_day(_param(params, "as_of")))
        if _wants_json(request):
            return JSONResponse(data)
        directive = data["directive"]
        return _html(
            request,
            "crosscheck.html",
            title=f"督办核查：{directive.get('title') or directive.get('source') or doc_id}",
            directive=directive,
            links=data["links"],
            rows=data["rows"],
            as_of=data["as_of"],
            statuses=STATUSES,
            here=render.crosscheck_href(doc_id),
            json_href=render.crosscheck_href(doc_id, ".json"),
        )

    # -- the ledger -----------------------------------------------------------------------------------

    def ledger_selection(params: Mapping[str, str]) -> tuple[str, list[LedgerRow], CheckResult, Counter[str]]:
        filters = _filters(params, LEDGER_FILTERS)
        as_of = parse_day(_param(params, "as_of"))
        directive = _param(params, "directive")
        light = _param(params, "light")
        if light is not None and light not in LIGHTS:
            raise DubanError(E.FILTER_INVALID, detail=_not_one_of("light", light, LIGHTS))
        sort = _choice(params, "sort", LEDGER_SORTS, "number")
        result = state.ledger(as_of)
        if directive is not None:
            chosen = select_directive(
                [c.record for c in result.directives], directive_name(state.store, directive)
            )
            check = next(c for c in result.directives if c.record is chosen)
            result = _only(result, check)
        rows = ledger_rows(result, filters, Overlay.load(state.store))
        lights = Counter(row.light or "none" for row in rows)
        if light is not None:
            rows = [row for row in rows if (row.light or "none") == light]
        rows.sort(key=_sort_key(sort))
        return as_of, rows, result, lights

    def ledger_data(params: Mapping[str, str]) -> dict[str, Any]:
        limit = _int_param(params, "limit", LEDGER_LIMIT, 1, MAX_LEDGER_LIMIT)
        offset = _int_param(params, "offset", 0, 0, 10**7)
        as_of, rows, result, lights = ledger_selection(params)
        page_rows = rows[offset : offset + limit]
        more = offset + len(page_rows) < len(rows)
        return {
            "as_of": as_of,
            "directive": _param(params, "directive"),
            "filters": _filters(params, LEDGER_FILTERS).to_json(),
            "light": _param(params, "light"),
            "sort": _param(params, "sort") or "number",
            "total": len(rows),
            "offset": offset,
            "limit": limit,
            "next": render.link("/ledger.json", params, offset=offset + limit) if more else None,
            "lights": {key: lights.get(key, 0) for key in LIGHTS},
            "all_lights": sum(lights.values()),
            "no_directives": not result.directives,
            # the 催办单 of this selection; none when no unit has a task to chase (the route
            # would only say so): a ledger of green lights, or of tasks not due yet
            "reminders_href": render.link("/reminders.docx", params, offset=None, limit=None, sort=None)
            if any_to_chase(rows, as_of, REMIND_DAYS, _filters(params, LEDGER_FILTERS))
            else None,
            "rows": [ledger_row_json(row) for row in page_rows],
            # from saved statuses (the full check still running) the links are not known yet
            "from_saved": result.saved,
            "unresolved_total": None if result.saved else len(result.unresolved),
            "unresolved": [
                {
                    "directive": link.directive.to_json(),
                    "follower": link.follower.to_json(),
                    "evidence": link.evidence,
                }
                for link in result.unresolved[:MAX_UNRESOLVED]
            ],
        }

    @app.get("/ledger.json", summary="督办台账", tags=["台账"])
    def ledger_json(
        request: Request,
        query: LedgerQuery,
        sort: Param = None,
        limit: Param = None,
        offset: Param = None,
    ) -> dict[str, Any]:
        """每条上级文件举措的状态（人工核定优先）、灯（red/yellow/green）、证据；`lights` 为按灯计数。
        `sort`: number, deadline, status, light, unit, directive。"""
        return ledger_data(params_of(request))

    @app.get("/ledger", include_in_schema=False)
    def ledger_page(request: Request) -> Response:
        params = params_of(request)
        data = ledger_data(params)
        if _wants_json(request):
            return JSONResponse(data)
        return _html(
            request,
            "ledger.html",
            title="督办台账",
            data=data,
            params=params,
            statuses=STATUSES,
            columns=LEDGER_COLUMNS,
            **_pages("/ledger", params, data),
            json_href=render.link("/ledger.json", params),
        )

    def download_name(as_of: str, suffix: str) -> str:
        return f"duban-ledger-{as_of}.{suffix}"

    @app.get("/ledger.xlsx", summary="下载 Excel 台账", tags=["台账"], response_class=Response)
    def ledger_xlsx(request: Request) -> Response:
        """与 /ledger.json 相同的筛选；包含全部符合条件的举措（不分页）。"""
        params = params_of(request)
        as_of, rows, _, _ = ledger_selection(params)
        rows = [_renumbered(row, i) for i, row in enumerate(rows, 1)]
        buffer = io.BytesIO()
        workbook(rows, as_of, changes_of(params)).save(buffer)  # with the 本期变化 sheet
        return Response(
            buffer.getvalue(),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{download_name(as_of, "xlsx")}"'},
        )

    @app.get("/ledger.csv", summary="下载 CSV 台账", tags=["台账"], response_class=Response)
    def ledger_csv(request: Request) -> Response:
        """UTF-8（带 BOM，Excel 可直接打开）；与 /ledger.json 相同的筛选，不分页。"""
        as_of, rows, _, _ = ledger_selection(params_of(request))
        rows = [_renumbered(row, i) for i, row in enumerate(rows, 1)]
        return Response(
            ("\ufeff" + csv_text(rows)).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{download_name(as_of, "csv")}"'},
        )

    # -- 本期变化 -------------------------------------------------------------------------------------

    def changes_of(params: Mapping[str, str]) -> ChangeList:
        since = _param(params, "since")
        return state.changes.get(
            state.store,
            parse_since(since) if since else None,
            _param(params, "directive"),
            _param(params, "unit"),
        )

    def changes_page_of(params: Mapping[str, str]) -> tuple[ChangePage, dict[str, Any]]:
        """The page asked for (`offset`, `limit`) and the page as JSON: its lines
        `offset` to `offset + limit` in the groups' order, with the whole period's `total` and
        `counts`, and the link to the next page."""
        limit = _int_param(params, "limit", CHANGES_LIMIT, 1, MAX_CHANGES_LIMIT)
        offset = _int_param(params, "offset", 0, 0, 10**7)
        since = _param(params, "since")
        found = state.changes.page(
            state.store,
            parse_since(since) if since else None,
            _param(params, "directive"),
            _param(params, "unit"),
            offset,
            limit,
        )
        data = found.to_json()
        more = offset + limit < found.total
        data["next"] = render.link("/changes.json", params, offset=offset + limit) if more else None
        return found, data

    @app.get("/changes.json", summary="本期变化", tags=["台账"])
    def changes_json(
        request: Request,
        since: Param = None,
        directive: Param = None,
        unit: Param = None,
        limit: Param = None,
        offset: Param = None,
    ) -> dict[str, Any]:
        """自 `since`（默认最近一次核查）以来状态有变化的举措和人工核定，分新完成、新增逾期、新增滞后、其他。
        按分组顺序分页：`limit`（默认 500，最多 5000）、`offset`，`next` 为下一页；`total`、`counts` 为全部。"""
        return changes_page_of(params_of(request))[1]

    @app.get("/changes", include_in_schema=False)
    def changes_page(request: Request) -> Response:
        params = params_of(request)
        found, data = changes_page_of(params)
        if _wants_json(request):
            return JSONResponse(data)
        groups = found.grouped()
        listed = len(found.lines)
        return _html(
            request,
            "changes.html",
            title="本期变化",
            data=data,
            groups=groups,
            counts=found.counts,
            first=found.offset + 1,
            last=found.offset + listed,
            params=params,
            json_href=render.link("/changes.json", params),
            **_pages("/changes", params, data),
        )

    # -- reminders (催办通知单) -------------------------------------------------------------------------

    def reminder_slips(params: Mapping[str, str]) -> Reminders:
        """The slips for the ledger's selection (its filters, `light`, `directive`, `as_of`)."""
        days = _int_param(params, "days", REMIND_DAYS, 0, 366)
        reply_by = _param(params, "reply_by")
        office = _param(params, "office") or OFFICE
        if len(office) > 40:
            raise DubanError(E.FILTER_INVALID, detail="单位名称（office）不能超过 40 个字")
        _choice(params, "sort", LEDGER_SORTS, "number")  # the ledger's sort: refused as the ledger refuses it
        # the ledger's selection, the whole of it from the rows kept for the pages by unit (the
        # slips sort their own rows, so the ledger's order does not matter to them)
        as_of, rows, _, _ = unit_selection(params)
        if reply_by is not None:
            reply_by = parse_day(reply_by)
            if reply_by < as_of:
                raise DubanError(
                    E.FILTER_INVALID, detail=f"回复期限（reply_by）{reply_by} 早于统计日期（as_of）{as_of}"
                )
        filters = _filters(params, LEDGER_FILTERS)
        return reminders(rows, as_of, days, filters, reply_by, office)

    @app.get("/reminders.json", summary="催办通知单", tags=["台账"])
    def reminders_json(
        request: Request,
        query: ReminderQuery,
    ) -> dict[str, Any]:
        """与 /ledger.json 相同的筛选；按单位列出逾期、滞后和 `days` 天内到期（默认 7）的未完成举措。"""
        return reminder_slips(params_of(request)).to_json()

    @app.get("/reminders.docx", summary="下载催办通知单（Word）", tags=["台账"], response_class=Response)
    def reminders_docx(request: Request, query: ReminderQuery) -> Response:
        """与 /reminders.json 相同的参数；每个单位一节、另起一页。没有需要催办的事项时为 404。"""
        slips = reminder_slips(params_of(request))
        if not slips.units:
            return _error_page(
                request,
                404,
                E.NOT_FOUND.value.code,
                f"截至 {slips.as_of}，没有需要催办的事项",
                f"符合条件的举措中没有逾期、滞后或 {slips.days} 天内到期的；可调整筛选条件或截至日期。",
            )
        buffer = io.BytesIO()
        write_reminders(slips, buffer)
        name = f"催办通知单-{slips.as_of}.docx"
        return Response(
            buffer.getvalue(),
            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            headers={
                "Content-Disposition": f'attachment; filename="duban-reminders-{slips.as_of}.docx"; '
                f"filename*=UTF-8''{quote(name, safe='')}"
            },
        )

    # -- by responsible unit (单位统计 and a unit's tasks: `pipeline.web.units`) -------------------------

    app.state.unit_indexes = state.unit_indexes  # the tests read how many were made

    def unit_selection(
        params: Mapping[str, str],
    ) -> tuple[str, list[LedgerRow], CheckResult, by_unit.UnitIndex | None]:
        """The ledger's selection for these pages (their own `sort` is not the ledger's). The whole
        ledger (no filter, `light` or `directive`: `/units` as first opened, a unit's page from it)
        comes with its `UnitIndex`, kept once per state of the index (`UnitIndexCache`): the same
        rows `ledger_selection` makes (number order), counted once rather than on each request."""
        chosen = by_unit.selection(params)
        if any(_param(chosen, name) is not None for name in (*LEDGER_FILTERS, "directive", "light")):
            as_of, rows, result, _ = ledger_selection(chosen)
            return as_of, rows, result, None
        as_of = parse_day(_param(chosen, "as_of"))
        result = state.ledger(as_of)
        index = state.unit_index(result, Overlay.load(state.store), as_of)
        return as_of, list(index.rows), result, index

    def selection_json(params: Mapping[str, str], result: CheckResult) -> dict[str, Any]:
        return {
            "directive": _param(params, "directive"),
            "filters": _filters(params, LEDGER_FILTERS).to_json(),
            "light": _param(params, "light"),
            "from_saved": result.saved,
            "no_directives": not result.directives,
        }

    def units_data(params: Mapping[str, str]) -> dict[str, Any]:
        sort = _choice(params, "sort", by_unit.UNIT_SORTS, by_unit.DEFAULT_SORT)
        limit = _int_param(params, "limit", by_unit.UNITS_LIMIT, 1, by_unit.MAX_UNITS_LIMIT)
        offset = _int_param(params, "offset", 0, 0, 10**7)
        as_of, rows, result, index = unit_selection(params)
        listed = by_unit.units_data(rows, as_of, params, sort, limit, offset, index)
        return {**listed, **selection_json(params, result)}

    def units_answer(request: Request, as_json: bool) -> Response:
        params = params_of(request)
        data = units_data(params)
        if as_json:
            return JSONResponse(data)
        return _html(
            request,
            "units.html",
            title="单位统计",
            data=data,
            params=by_unit.selection(params),
            statuses=STATUSES,
            **_pages("/units", params, data),
            json_href=render.link("/units.json", params),
        )

    @app.get("/units.json", summary="按责任单位统计", tags=["台账"], response_class=JSONResponse)
    def units_json(
        request: Request,
        query: LedgerQuery,
        sort: Param = None,
        limit: Param = None,
        offset: Param = None,
    ) -> Response:
        """与 /ledger.json 相同的筛选；每个责任单位一行（同一单位的不同写法合为一行，与 Excel 台账的
        “单位统计”表相同）：牵头、配合、合计、各状态数、其他、完成率（rate）和 7 天内到期数（due_soon），
        及按单位和状态筛选的台账链接。`sort`: unit, lead, co, total（默认）, done, in_progress, lagging,
        overdue, other, rate, due_soon。分页：`limit`（默认 200，至多 5000）个单位、从 `offset` 起，
        `total` 为单位总数，`next` 为下一页。"""
        return units_answer(request, as_json=True)

    @app.get("/units", include_in_schema=False)
    def units_page(request: Request) -> Response:
        return units_answer(request, as_json=_wants_json(request))

    def unit_answer(request: Request, name: str, as_json: bool) -> Response:
        params = params_of(request)
        typed = name.strip()
        if not typed:
            return RedirectResponse(render.link("/units", by_unit.selection(params)), status_code=307)
        body = written_out(typed)  # `/units/市发改委` is the page of the body 市发展改革委
        as_of, rows, result, index = unit_selection(params)
        if body not in (index.bodies() if index is not None else by_unit.bodies(rows)):
            whole = unit_selection({"as_of": as_of})[3]
            everyone = whole.bodies() if whole is not None else set()
            if body not in everyone:
                near = sorted(b for b in everyone if unit_holds(b, typed))[:5]
                hint = "请到检索页按单位名称或简称检索，或从单位统计页面进入。"
                if near:
                    hint = f"相近的单位：{'、'.join(near)}。" + hint
                return _error_page(request, 404, E.NOT_FOUND.value.code, f"台账中没有责任单位“{typed}”", hint)
        data = {
            **by_unit.unit_data(body, rows, as_of, params, ledger_row_json, index),
            **selection_json(params, result),
        }
        if as_json or _wants_json(request):
            return JSONResponse(data)
        return _html(
            request,
            "unit.html",
            title=f"责任单位：{body}",
            data=data,
            params=by_unit.selection(params),
            columns=by_unit.COLUMN_LABELS,
            json_href=data["json_href"],
        )

    @app.get(
        "/units/{name:path}.json",
        summary="一个责任单位的督办事项",
        tags=["台账"],
        response_class=JSONResponse,
    )
    def unit_json(
        request: Request,
        name: str,
        query: LedgerQuery,
    ) -> Response:
        """与 /ledger.json 相同的筛选；该单位（名称需 URL 编码）的各项计数，以及它牵头或配合的举措
        （含角色 `role`），按 逾期、滞后、即将到期、推进中、已传达/未传达、已完成 分组；台账中没有的单位为 404。"""
        return unit_answer(request, name, as_json=True)

    @app.get("/units/{name:path}", include_in_schema=False)
    def unit_page(request: Request, name: str) -> Response:
        return unit_answer(request, name, as_json=False)

    # -- corrections ---------------------------------------------------------------------------------

    @app.get("/corrections.json", summary="人工核定记录", tags=["人工核定"])
    def corrections_json() -> dict[str, Any]:
        """全部人工核定（含已撤销），新的在前。"""
        return {"corrections": [c.to_json() for c in history(state.store)]}

    @app.get("/corrections", include_in_schema=False)
    def corrections_page(request: Request) -> Response:
        items = history(state.store)
        if _wants_json(request):
            return JSONResponse({"corrections": [c.to_json() for c in items]})
        return _html(
            request, "corrections.html", title="人工核定", items=items, json_href="/corrections.json"
        )

    def done(request: Request, target: str, correction: Correction) -> Response:
        if request.headers.get("accept", "").startswith("application/json"):
            return JSONResponse({"correction": correction.to_json()})
        return RedirectResponse(target, status_code=303)

    @app.post("/corrections", include_in_schema=False)
    def correct(
        request: Request,
        measure_id: Annotated[str, Form(max_length=300)],
        status: Annotated[str, Form(max_length=40)],
        by: Annotated[str, Form(max_length=100)] = "",
        note: Annotated[str, Form(max_length=2000)] = "",
        csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=200)] = "",
        next: Annotated[str, Form(max_length=500)] = "",
    ) -> Response:
        _check_csrf(request, csrf_token)
        correction = set_status(state.store, measure_id, status, note, by)
        log.info(
            "correction %s: %s set to %s by %s", correction.id, measure_id, correction.status, correction.by
        )
        state.warm_units(today())  # the pages by unit count the corrected status: made ahead of them
        default = render.crosscheck_href(correction.doc_id)
        return done(request, _local_next(next, default) + "#" + measure_id, correction)

    @app.post("/corrections/{correction_id}/undo", include_in_schema=False)
    def undo_correction(
        request: Request,
        correction_id: str,
        by: Annotated[str, Form(max_length=100)] = "",
        csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=200)] = "",
        next: Annotated[str, Form(max_length=500)] = "",
    ) -> Response:
        _check_csrf(request, csrf_token)
        try:
            correction = undo(state.store, correction_id, by)
        except DubanError as exc:
            refused = already_undone(request, correction_id) if exc.kind is E.NOT_FOUND else None
            if refused is None:
                raise
            return refused
        log.info("correction %s undone by %s", correction.id, correction.undone_by)
        state.warm_units(today())
        back = _local_next(next, "/corrections")
        if next and correction.measure_id:  # back to the row the form was on, as a status set is
            back += "#" + correction.measure_id
        return done(request, back, correction)

    def already_undone(request: Request, correction_id: str) -> Response | None:
        """A correction undone before (a second click, the browser's back button, a colleague)
        is no "未找到核定记录": a 409 saying who undid it and when, and that nothing more is
        needed; None when there is no such correction at all (the 404 stands)."""
        found = next((c for c in history(state.store) if c.id == str(correction_id)), None)
        if found is None or found.undone_at is None:
            return None
        return _error_page(
            request,
            409,
            E.NOT_FOUND.value.code,
            f"这条核定已由 {found.undone_by or '—'} 于 {local_time(found.undone_at)} 撤销，无需再撤销",
            "请刷新页面查看当前状态。",
        )

    # -- login ----------------------------------------------------------------------------------------

    @app.post("/logout", include_in_schema=False)
    def logout(
        request: Request, csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=200)] = ""
    ) -> Response:
        """Forget this browser's session: the next page asks for the token again."""
        _check_csrf(request, csrf_token)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="strict")
        return response

    @app.get("/login", include_in_schema=False)
    def login_page(request: Request, next: Param = None) -> Response:
        return _html(request, "login.html", title="登录", next=_local_next(next, "/"), failed=False)

    @app.post("/login", include_in_schema=False)
    def login(
        request: Request,
        token: Annotated[str, Form(max_length=500)] = "",
        csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=200)] = "",
        next: Annotated[str, Form(max_length=500)] = "",
    ) -> Response:
        _check_csrf(request, csrf_token)
        if not security.token_ok(token):
            log.warning("failed login from %s", request.client.host if request.client else "?")
            failed = _html(request, "login.html", title="登录", next=_local_next(next, "/"), failed=True)
            failed.status_code = 401
            return failed
        response = RedirectResponse(_local_next(next, "/"), status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            security.session_value,
            httponly=True,
            samesite="strict",
        )
        return response


def _upload_routes(app: FastAPI, state: State, uploads: Uploads) -> None:
    """`/upload`: the form, and the POST that saves the files and ingests them (`pipeline.uploads`)."""
    from duban.pipeline.loaders import READS  # the list `duban ingest`'s hint gives
    from duban.pipeline.uploads import counts, day_folder, ingest_uploads, save, too_large, too_many

    def form_page(request: Request) -> Response:
        return _html(
            request,
            "upload.html",
            title="上传文件",
            enabled=uploads.enabled,
            off_reason=uploads.off_reason,
            max_mb=uploads.max_bytes // (1024 * 1024),
            max_files=MAX_FILES,
            reads=READS,
        )

    @app.get("/upload", include_in_schema=False)
    def upload_form(request: Request) -> Response:
        return form_page(request)

    async def received(request: Request) -> Response:
        if not uploads.enabled:
            raise UploadError(
                403, "HTTP403", uploads.off_reason, "请联系管理员，或把文件交给每晚的 duban ingest。"
            )
        cookie = request.cookies.get(CSRF_COOKIE) or ""
        _check_csrf(request, cookie)  # no cookie, or another site's Origin: refused before the body is read
        try:
            form = await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS)
        except StarletteHTTPException as exc:  # Starlette's multipart limits, in English: ours instead
            detail = str(exc.detail)
            log.info("upload refused by the form parser: %s", detail)
            if detail.startswith("Too many files"):
                raise too_many() from exc
            raise UploadError(
                400, "E057", "上传的表单无法读取", "请回到上传页面重新选择文件后提交。"
            ) from exc
        try:
            _check_csrf(request, str(form.get(CSRF_FIELD) or ""))
            files = [
                f
                for f in (*form.getlist("files"), *form.getlist("file"))  # `file`: a script's single file
                if not isinstance(f, str) and (f.filename or f.size)  # an untouched file field sends ""
            ]
            if not files:
                raise UploadError(400, "E057", "没有选择文件", "请点“选择文件”选好要上传的文件后再提交。")
            for f in files:
                if not f.size:
                    name = f.filename or "上传文件"
                    raise UploadError(400, "E002", f"“{name}”是空文件", "请确认附件已下载完整，再重新上传。")
            if sum(f.size or 0 for f in files) > uploads.max_bytes:
                raise too_large(uploads.max_bytes)
            folder = day_folder(uploads)
            saved = []
            left = uploads.max_bytes
            for f in files:
                one = await anyio.to_thread.run_sync(save, folder, f.filename or "", f.file, left)
                left -= one.size
                saved.append(one)
        finally:
            await form.close()
        log.info("upload of %d files: %s", len(saved), ", ".join(str(s.path.name) for s in saved))
        report, found = await anyio.to_thread.run_sync(ingest_uploads, state.index_url, saved)
        data = {
            "run_id": report.run_id,
            "run_href": "/runs#run-" + report.run_id,
            "status": report.status,
            "counts": counts(found),
            "stopped": report.stopped.to_json() if report.stopped else None,
            "files": [
                {
                    **result.to_json(),
                    "items": [
                        {**item.to_json(), "href": render.doc_href(item.doc_id) if item.doc_id else None}
                        for item in result.items
                    ],
                }
                for result in found
            ],
        }
        if request.url.path.endswith(".json") or request.headers.get("accept", "").startswith(
            "application/json"
        ):
            return JSONResponse(data)
        return _html(request, "upload_result.html", title="上传结果", data=data, json_href=None)

    @app.post("/upload", include_in_schema=False)
    async def upload(request: Request) -> Response:
        return await received(request)

    @app.post("/upload.json", summary="上传文件并入库", tags=["入库"])
    async def upload_json(request: Request) -> Response:
        """multipart 表单：`files`（一个或多个文件，类型由 duban 判断）和 `csrf_token`（须与
        `duban_csrf` cookie 相同）。文件保存到上传文件夹后按 duban ingest 的方式入库；返回本次入库的
        `run_id`，以及每个文件（压缩包、邮件按其中的文件）的结果：indexed（新入库，含 `href`、举措数）、
        unchanged（索引中已有）、failed 或 skipped（代码、原因、处理办法）。"""
        return await received(request)


def _only(result: CheckResult, check: DirectiveCheck) -> CheckResult:
    return CheckResult([check], [], result.as_of)


def _renumbered(row: LedgerRow, number: int) -> LedgerRow:
    """A download numbers its rows in the order it lists them."""
    return LedgerRow(
        number, row.directive, row.doc_number, row.doc_id, row.issuer, row.measure, row.light, row.correction
    )


def text_segments(text: str, measures: Sequence[MeasureView]) -> list[dict[str, Any]]:
    """The text cut into plain runs and measure runs (by their character spans), so a page can mark
    each measure in place; overlapping or out-of-range spans are left unmarked."""
    spans = sorted(
        (
            (v.measure.start, v.measure.end, v)
            for v in measures
            if v.measure.start is not None and v.measure.end is not None
        ),
        key=lambda s: (s[0], s[1]),
    )
    out: list[dict[str, Any]] = []
    at = 0
    for start, end, v in spans:
        if start < at or end <= start or end > len(text):
            continue
        if start > at:
            out.append({"text": text[at:start], "measure": None})
        title = "；".join(
            part
            for part in (
                render.units_text(v.measure.units),
                render.deadlines_text(v.measure.deadlines),
                status_label(v.status),
            )
            if part
        )
        out.append({"text": text[start:end], "measure": {**v.to_json(), "title": title}})
        at = end
    if at < len(text):
        out.append({"text": text[at:], "measure": None})
    return out


# --- serving ---------------------------------------------------------------------------------------------


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket, or SetupError with a message staff can act on (port in use, bad address)."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise SetupError(
                f"端口 {port} 已被占用（可能已有一个 duban serve 在运行）。"
                f"请换一个端口，例如 --port {port + 1}，或先关闭占用它的程序。"
            ) from exc
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise SetupError(
                f"没有权限监听端口 {port}：1024 以下的端口需要管理员权限，请用 8080 等端口。"
            ) from exc
        raise SetupError(
            f"无法监听 {host}:{port}（{exc.strerror or exc}）。请检查 --host 是否为本机地址。"
        ) from exc
    sock.set_inheritable(True)
    return sock


def serve(
    index_url: str,
    host: str = "127.0.0.1",
    port: int = 8080,
    security: Security | None = None,
    announce: Callable[[str], None] = print,
    uploads: Uploads | None = None,
    fetched: Path | None = None,
) -> None:
    """Serve the app with uvicorn until interrupted: connections are handled concurrently, idle
    ones closed after 5 s, and each request bounded in size and time (see `pipeline.web.security`)."""
    import uvicorn

    security = security or Security.for_bind(host, None)
    sock = bind_socket(host, port)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{sock.getsockname()[1]}/"
    app = create_app(
        index_url,
        security,
        warm=True,
        isolate=True,
        uploads=uploads,
        fetched=fetched.absolute() if fetched else None,
    )
    config = uvicorn.Config(
        app,
        log_level="warning",
        timeout_keep_alive=5,
        limit_concurrency=200,
        backlog=128,
        h11_max_incomplete_event_size=16 * 1024,
        server_header=False,
        proxy_headers=False,
        access_log=False,
    )
    server = uvicorn.Server(config)
    login = "（需要访问口令）" if security.token else ""
    announce(f"督办 duban 已启动：{address} {login}— 用浏览器打开这个地址；按 Ctrl-C 停止。")
    if uploads is not None and uploads.enabled:
        announce(f"网页上传的文件保存在 {uploads.folder}（关闭上传：--no-uploads）。")
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
