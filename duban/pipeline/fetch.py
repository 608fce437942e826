"""Web pages fetched by URL for `duban ingest URL…` / `--urls 文件`: a directive on a portal
(政府信息公开, 通知公告) and its attachments, as the nightly batch would fetch them.

Each page is fetched over http(s) (`urllib.request`: no cookies, no JavaScript), saved as the
server sent its bytes under a folder beside the index (`<index>.fetched/<host>/<path>`, as uploads
are kept beside it by `pipeline.uploads`), and handed to the same ingest as a file, with the URL as
its source (`Fetched`: the saved file is what the loader reads, the URL what the index, the ledger
and the web pages show; `web.sources` serves the saved copy as the document's 原件). The saved
bytes are read by the loaders as any file: a page in GBK or UTF-8 by the HTML loader's decoding
(`loaders.text.decode_with_warnings`), whatever charset the server declared.

Attachments: the links of a fetched page whose path ends in a suffix of a document duban reads
(`.pdf .doc .docx .wps .xls .xlsx .et .ofd .zip …`; not pages, not pictures) are fetched too, at
most `max_attachments` a page, and ingested as their own documents with their own URL. So is a
document the page shows embedded rather than linked, as portals very often do: the `src` of an
`<iframe>`, `<frame>` or `<embed>` and the `data` of an `<object>` ending in such a suffix (or,
for `<embed>` and `<object>`, declared a PDF or OFD by `type`), the same tags' lazily loaded
`data-src`, `data-original` or `data-url` by the same rules, and the `file` parameter of a
viewer (pdf.js's `viewer.html?file=%2F…%2Fx.pdf`, OFD viewers of the same shape) framed or
linked, resolved against the viewer's URL as pdf.js resolves it; a viewer's `file` that names a
download script (`file=/getfile?id=123`, no suffix) is taken when the answer's media type or
Content-Disposition name says a document, and a page answered there (a login or an error page)
is closed unread and not taken, no failure. The viewer page itself, and a framed page, are not
fetched (no JavaScript is run, and one page's attachments is all). Any host:
portals keep attachments on a file server or a CDN of another name (`www.x.gov.cn` links
`file.x.gov.cn/…/附件1.xlsx`), and the link is on the page the user chose, so nothing is crawled
beyond one page's attachments. Pictures are left out: a link to a picture on a portal is a news
photo far more often than a scanned notice, and each would cost seconds of OCR.

A second run does not download what has not changed: the manifest beside the copies
(`manifest.jsonl`, one JSON object per URL) keeps each URL's saved path, ETag, Last-Modified, the
content hash and a page's attachment links; the next request is conditional (304 keeps the copy,
and a page's attachments are asked for again, each conditionally), and a copy downloaded again
with the same hash is not rewritten. The ingest then finds those copies unchanged by their hash,
as it finds an unchanged file.

Manners: a User-Agent naming duban, `robots.txt` respected (RFC 9309: a path it disallows is
reported as E066 and not fetched; a missing one allows all; one the server fails to give means
no), for the first URL and for every redirect's target, whose host's rules are read in turn (once
a run for each scheme and host), a delay between two requests to the same host, a timeout for
every wait on the server and a bound on the whole response, at most 5 redirects, and a bound on
the bytes of one response. Every
URL not taken is a `Failure` with its code (E063 cannot connect, E064 HTTP error status, E065 too
large or not a document, E066 refused by robots.txt or not http(s)), and the batch goes on.
`FetchResult.tally` gives the run report's counts (`RunReport.fetch`): downloaded, 304, the same
bytes again, refused by robots.txt, not a document, and the other failures by code.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
import urllib.robotparser
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from email.message import Message
from html.parser import HTMLParser
from http.client import HTTPException, HTTPMessage
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit, urlunsplit

from duban import __version__
from duban.base.archive_paths import ARCHIVE_SUFFIXES
from duban.base.errors import DubanError, E
from duban.base.identity import content_hash
from duban.base.paths import is_url
from duban.base.stored import Failure, FetchCounts

log = logging.getLogger(__name__)

__all__ = ["FetchOptions", "Fetcher", "fetch_urls", "is_url", "read_url_list", "saved_copy"]

MB = 1024 * 1024
MANIFEST = "manifest.jsonl"
USER_AGENT = (
    f"duban/{__version__} (document fetcher of a supervision office; python-urllib)"  # ASCII: a header
)
ROBOTS_AGENT = "duban"  # the token robots.txt groups are matched against
MAX_REDIRECTS = 5
WHOLE_RESPONSE_TIMES = 10
"""The whole response must arrive within this many times the timeout (5 minutes by default): the
timeout bounds each wait on the server, and a server sending a byte every few seconds would
otherwise hold the batch for as long as it liked."""
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_MB = 100
DEFAULT_DELAY = 1.0
DEFAULT_MAX_ATTACHMENTS = 20
_CHUNK = 64 * 1024
PAGE_SUFFIXES = (".html", ".htm")


@functools.cache
def _suffixes() -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """Every suffix duban reads (loaders and containers) and the suffixes a link must end in to be
    fetched as an attachment (no pages, no pictures), longest first (`.tar.gz` before `.gz`); and
    the pictures'. Worked out at the first fetch: the loaders' table is not loaded for the web app,
    which imports this module for `saved_copy` only."""
    from duban.pipeline.loaders import IMAGE_SUFFIXES, LOADERS

    readable = sorted({*LOADERS, *ARCHIVE_SUFFIXES}, key=len, reverse=True)
    documents = [s for s in readable if s not in PAGE_SUFFIXES and s not in IMAGE_SUFFIXES]
    return tuple(readable), tuple(documents), frozenset(IMAGE_SUFFIXES)


# The suffix of a response whose URL and file name say nothing, by its media type.
_MEDIA_SUFFIX = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/rtf": ".rtf",
    "text/rtf": ".rtf",
    "application/ofd": ".ofd",
    "application/zip": ".zip",
    "application/x-zip-compressed": ".zip",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\]')
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_NOT_FOUND_REMEDY = "网页已不存在或网址有误；请在网站上找到该文件现在的网址，改正后重新运行。"
_FORBIDDEN_REMEDY = (
    "网站拒绝了访问（可能需要登录，或只允许特定来源访问）；duban 不登录网站。请在浏览器中打开并保存网页及附件，"
    "再用 duban ingest 文件 处理。"
)
_SERVER_REMEDY = "网站暂时出错；下次运行会再次抓取，也可稍后单独重试该网址。"
_BUSY_REMEDY = "网站认为访问过于频繁；请用 --fetch-delay 调大同一网站两次请求的间隔后重试。"
_REDIRECT_REMEDY = (
    f"网址重定向超过 {MAX_REDIRECTS} 次（可能是循环重定向）；请在浏览器中打开，复制最终的网址后重试。"
)
_NOT_DOCUMENT_REMEDY = (
    "duban 只读取网页和 .pdf、.docx、.xlsx、.ofd 等文件；请确认网址指向公告正文或附件（不是图片、视频或下载列表），"
    "或在浏览器中保存后用 duban ingest 文件 处理。"
)
_ROBOTS_REMEDY = (
    "该网站的 robots.txt 不允许自动程序抓取此网址，duban 遵守该规定；请在浏览器中打开并保存网页及附件，"
    "再用 duban ingest 文件 处理。"
)
_SCHEME_REMEDY = "只支持 http:// 和 https:// 开头的网址；请检查网址（本机或共享文件夹中的文件请直接写路径）。"


@dataclass(frozen=True)
class FetchOptions:
    """Where fetched copies are kept and how politely they are fetched; see the module docstring."""

    folder: Path
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_MB * MB
    delay: float = DEFAULT_DELAY
    max_attachments: int = DEFAULT_MAX_ATTACHMENTS
    user_agent: str = USER_AGENT


def default_folder(index_url: str) -> Path | None:
    """`<index file>.fetched` beside a SQLite index (backed up and moved with it, as uploads are);
    None for Elasticsearch, which has no file to be beside."""
    from duban.pipeline.uploads import sqlite_file

    database = sqlite_file(index_url)
    if database is None:
        return None
    database = database.absolute()
    return database.with_name(database.name + ".fetched")


def read_url_list(path: Path) -> list[str]:
    """The URLs of a list file: one a line, blank lines and lines starting with `#` left out
    (a `#` inside a URL is its fragment, so only a whole line is a comment). UTF-8, with or
    without BOM, else GB18030 (a list written with Windows' Notepad)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@dataclass
class Entry:
    """What the manifest keeps of one URL: its saved copy (relative to the folder), the validators
    for a conditional request, the content hash, and a page's attachment links."""

    url: str
    path: str
    hash: str
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    fetched_at: str = ""
    attachments: list[str] = field(default_factory=list)


class Manifest:
    """`manifest.jsonl` in the folder: read whole at the start, written whole (atomically) at the end,
    so a run killed halfway leaves the previous one (its copies are then downloaded once more)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.entries: dict[str, Entry] = {}
        path = folder / MANIFEST
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return
        for line in lines:
            try:
                entry = Entry(**json.loads(line))
            except (ValueError, TypeError) as exc:  # a damaged line costs one download, nothing more
                log.warning("manifest %s: line skipped (%s)", path, exc)
                continue
            self.entries[entry.url] = entry

    def owner(self, relative: str) -> str | None:
        """The URL whose copy is kept at `relative`, if any."""
        return next((e.url for e in self.entries.values() if e.path == relative), None)

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / MANIFEST
        temporary = path.with_name(f".{MANIFEST}.{os.getpid()}")
        with temporary.open("w", encoding="utf-8") as out:
            for entry in sorted(self.entries.values(), key=lambda e: e.url):
                out.write(json.dumps(asdict(entry), ensure_ascii=False) + "\n")
        temporary.replace(path)


def saved_copy(folder: Path, source: str) -> Path | None:
    """The saved copy of a URL source, for the web app's 原件: the file of its manifest entry, or for
    a member of a fetched archive (`<url of x.zip>/<member>`) the archive's copy and the member's
    key (`archives.source_bytes` reads it); None when the folder keeps no copy of it."""
    entries = Manifest(folder).entries
    entry = entries.get(source)
    if entry is not None:
        return folder / entry.path
    for url, found in entries.items():
        if source.startswith(url + "/") and found.path.lower().endswith(ARCHIVE_SUFFIXES):
            return folder / found.path / source[len(url) + 1 :]
    return None


@dataclass(frozen=True)
class Fetched:
    """A URL taken: its saved copy and how it came (`downloaded`, `same`: downloaded with the
    hash of the copy kept, `not_modified`: 304)."""

    url: str
    path: Path
    how: str


@dataclass
class FetchResult:
    """Every URL of a run, fetched or failed (pages first, each followed by its attachments); of the
    failures, the URLs robots.txt refused (`refused`, E066, listed among the failures too), and the
    URLs a viewer or a typed frame named without a suffix that answered with a page (`not_documents`:
    not taken, and no failure: the guess that they were documents was wrong, and staff have nothing
    to put right)."""

    fetched: list[Fetched] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    not_documents: list[str] = field(default_factory=list)

    def tally(self) -> FetchCounts:
        """The run report's counts (`RunReport.fetch`): each URL asked for counted once."""
        counts = FetchCounts(robots=len(self.refused), not_document=len(self.not_documents))
        for item in self.fetched:
            setattr(counts, item.how, getattr(counts, item.how) + 1)
        refused = set(self.refused)
        for failure in self.failures:
            if failure.source not in refused:
                counts.failed[failure.code] = counts.failed.get(failure.code, 0) + 1
        return counts


@dataclass(frozen=True)
class _Response:
    status: int
    url: str  # after redirects
    headers: Message | None
    body: bytes


class _Redirects(urllib.request.HTTPRedirectHandler):
    """At most `MAX_REDIRECTS` redirects in all, to http(s) only (urllib would follow one to ftp://).
    urllib's own bounds count distinct URLs and repeats of one (a loop of two pages went eight
    times round), so the hops are counted here on the request. Each hop's target is handed to
    `follow` first (the fetcher's robots.txt check of the host it leads to, and its delay), which
    raises DubanError to stop there; the request's `duban_*` marks go on to the next hop."""

    max_redirections = max_repeats = 100  # never reached: `redirect_request` stops first

    def __init__(self, follow: Callable[[urllib.request.Request, str], None] | None = None) -> None:
        super().__init__()
        self.follow = follow

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise DubanError(
                E.FETCH_REFUSED,
                url=req.full_url,
                detail=f"重定向到非 http(s) 网址 {newurl}",
                remedy=_SCHEME_REMEDY,
            )
        hops = getattr(req, "duban_hops", 0) + 1
        if hops > MAX_REDIRECTS:
            raise urllib.error.HTTPError(req.full_url, code, "too many redirects", headers, fp)
        if self.follow is not None:
            try:
                self.follow(req, newurl)
            except DubanError:
                with contextlib.suppress(Exception):  # urllib closes the 3xx answer only after a redirect
                    fp.close()
                raise
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.duban_hops = hops  # type: ignore[attr-defined]
            for mark in ("duban_url", "duban_robots"):
                if hasattr(req, mark):
                    setattr(new, mark, getattr(req, mark))
        return new


_FRAMES = {"a": "href", "iframe": "src", "frame": "src", "embed": "src", "object": "data"}
"""The tags whose attribute names what the page links or shows: `<a href>`, and the documents a
portal embeds (`<iframe src="/…/x.pdf">`, `<embed src>`, `<object data>`)."""
_LAZY = ("data-src", "data-original", "data-url")
"""Where a frame loaded lazily keeps its document until a script moves it into `src` (`<iframe
src="about:blank" data-src="/…/x.pdf">`, lazysizes' and portal templates' spelling); read after
`src` and taken by the same rules, since no script is run here."""
_EMBEDDED_TYPES = frozenset({"application/pdf", "application/x-pdf", "application/ofd"})
"""The `type` of an `<embed>` or `<object>` that says a document is shown whatever its URL's end
(`<embed src="/down.do?id=3" type="application/pdf">`); the server then names it by its media type
or its Content-Disposition."""
_VIEWER_PARAMETER = "file"
_ENCODED_AGAIN = re.compile(r"^(?:%2f|https?%3a)", re.IGNORECASE)


class _Links(HTMLParser):
    """What the page links or embeds (`_FRAMES`), in the order it comes, each with whether its tag
    declared a document's media type; and the page's `<base href>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.links: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "base":
            if self.base is None and values.get("href"):
                self.base = (values["href"] or "").strip()
            return
        if tag not in _FRAMES:
            return
        typed = tag in ("embed", "object") and (values.get("type") or "").strip().lower() in _EMBEDDED_TYPES
        names = (_FRAMES[tag],) if tag == "a" else (_FRAMES[tag], *_LAZY)
        for name in names:
            target = values.get(name)
            if target and target.strip():
                self.links.append((target.strip(), typed))


def ascii_url(url: str) -> str:
    """The URL as a request line needs it: a Chinese path or query percent-encoded as UTF-8 (what
    browsers send), an internationalised host in IDNA, what is already encoded left alone."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    netloc = host + (f":{parts.port}" if parts.port else "")
    safe = "/%:@!$&'()*+,;=-._~"
    return urlunsplit(
        (parts.scheme.lower(), netloc, quote(parts.path, safe=safe), quote(parts.query, safe=safe + "?"), "")
    )


def attachment_links(body: bytes, page_url: str, headers: Message | None, limit: int) -> list[str]:
    """The documents a page links or embeds (see the module docstring), absolute, without fragments,
    each once (however spelt), at most `limit`; other links and frames (pages, pictures, mail,
    scripts) are left alone, and a viewer's own URL gives way to the document it shows."""
    parser = _Links()
    with contextlib.suppress(Exception):  # markup broken anywhere still gives the links before it
        parser.feed(page_text(body, headers))
        parser.close()
    base = urljoin(page_url, parser.base) if parser.base else page_url
    found: list[str] = []
    seen = {_same(page_url)}
    for href, typed in parser.links:
        url = _document(urljoin(base, href).split("#", 1)[0], typed)
        if url is None or _same(url) in seen:
            continue
        seen.add(_same(url))
        found.append(url)
    if len(found) > limit:
        log.warning("%s: %d attachment links, the first %d fetched", page_url, len(found), limit)
    return found[:limit]


def _same(url: str) -> str:
    """What two spellings of one URL share (`/附件.pdf` linked, `%2F%E9%99%84%E4%BB%B6.pdf` given
    to a viewer): its form on the wire."""
    try:
        return ascii_url(url)
    except ValueError:
        return url


def _document(url: str, typed: bool) -> str | None:
    """The URL of the document a link or frame leads to: the URL itself when its path ends in a
    document's suffix (or its tag declared a document's type), the file a viewer shows, else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return None
    if unquote(parts.path).lower().endswith(_suffixes()[1]):
        return url
    shown = viewed_file(url)
    if shown is not None:
        return shown
    return url if typed else None


def viewer_page(path: str) -> bool:
    """Whether a path is a document viewer's: a page (pdf.js's `web/viewer.html`, `ofdview.html`)
    or a name with `view` in it (`/ofd/viewer?file=`); a download script's `file` parameter
    (`down.jsp?file=…`) is often a path on the server's disk, not a URL, and is left alone."""
    name = unquote(path).rstrip("/").rsplit("/", 1)[-1].lower()
    return name.endswith(PAGE_SUFFIXES) or "view" in name


def viewed_file(url: str) -> str | None:
    """The document a viewer URL shows: its `file` parameter (decoded once, as the viewer's
    `URLSearchParams` does, and once more when it was encoded twice) resolved against the viewer's
    URL, as pdf.js resolves it, when it ends in a document's suffix, or when it is a path or URL
    ending in no suffix duban reads (`file=/getfile?id=123`, a download script: the fetch takes it
    only when the answer's media type or Content-Disposition name says a document, see
    `Fetcher.fetch`); None otherwise (a page's or a picture's suffix, a bare token such as an id)."""
    parts = urlsplit(url)
    if not parts.query or not viewer_page(parts.path):
        return None
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if key.lower() != _VIEWER_PARAMETER or not value.strip():
            continue
        value = value.strip()
        if _ENCODED_AGAIN.match(value):
            value = unquote(value)
        shown = urljoin(url, value).split("#", 1)[0]
        target = urlsplit(shown)
        if target.scheme.lower() not in ("http", "https"):
            continue
        path = unquote(target.path)
        if path.lower().endswith(_suffixes()[1]):
            return shown
        last = path.rsplit("/", 1)[-1]
        if ("/" in value or "?" in value) and last and not _suffix(last):
            return shown
    return None


def _by_type(url: str) -> bool:
    """Whether an attachment's URL names no document by its path (a typed `<embed>`, a viewer's
    `file=/getfile?id=3`): only the server's answer can say it is one."""
    return not unquote(urlsplit(url).path).lower().endswith(_suffixes()[1])


# Media types a download script answers with when it has no document to give: a page (a login or
# an error page), a bare message (`text/plain`: `文件不存在`), a script or data for the viewer's own
# code. None of them is the notice a viewer shows.
_NOT_DOCUMENT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "text/javascript",
        "application/javascript",
        "application/x-javascript",
        "application/json",
        "text/css",
    }
)


def _a_page(headers: Message) -> bool:
    """Whether an answer named by type only is not a document: a page's, a message's or a script's
    media type, and no file name of a document in its Content-Disposition (servers send downloads
    as text/html or text/plain too, and then name the file)."""
    if headers.get_content_type() not in _NOT_DOCUMENT_TYPES:
        return False
    name = disposition_name(headers)
    return not (name and name.lower().endswith(_suffixes()[1]))


class _NotDocument(Exception):
    """An attachment named by type only answered with a page, a message or a script: not taken,
    and not a failure."""


def page_text(body: bytes, headers: Message | None) -> str:
    """A page's text for finding its links: the charset the server declares, else its `<meta>`'s,
    else the HTML loader's detection (UTF-8, then GB18030 …); gb2312 and GBK read as GB18030."""
    declared = headers.get_content_charset() if headers is not None else None
    meta = _META_CHARSET.search(body[:4096])
    for charset in (declared, meta.group(1).decode("ascii") if meta else None):
        if not charset:
            continue
        codec = "gb18030" if charset.lower().replace("-", "") in ("gb2312", "gbk", "gb18030") else charset
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            return body.decode(codec)
    from duban.pipeline.loaders.text import decode_with_warnings

    try:
        return decode_with_warnings(body, "")[0]
    except DubanError:
        return body.decode("utf-8", errors="replace")


def disposition_name(headers: Message | None) -> str | None:
    """The file name a `Content-Disposition` header gives: RFC 5987/6266 `filename*=UTF-8''…` first,
    else `filename=`, whose raw bytes (http.client reads headers as Latin-1) are UTF-8 or GBK, and
    which some servers percent-encode; None when there is none."""
    value = headers.get("Content-Disposition") if headers is not None else None
    if not value:
        return None
    star = re.search(r"filename\*\s*=\s*([A-Za-z0-9_-]*)'[^']*'([^;\s]+)", value, re.IGNORECASE)
    if star:
        charset = star.group(1) or "utf-8"
        with contextlib.suppress(LookupError):
            return unquote(star.group(2).strip('"'), encoding=charset, errors="replace") or None
    plain = re.search(r'filename\s*=\s*(?:"([^"]*)"|([^;]+))', value, re.IGNORECASE)
    if not plain:
        return None
    name = (plain.group(1) if plain.group(1) is not None else plain.group(2)).strip()
    try:
        raw = name.encode("latin-1")
    except UnicodeEncodeError:
        return name or None
    for codec in ("utf-8", "gb18030"):
        try:
            name = raw.decode(codec)
            break
        except UnicodeDecodeError:
            continue
    if re.search(r"%[0-9A-Fa-f]{2}", name):
        name = unquote(name, errors="replace")
    return name or None


def _suffix(name: str) -> str:
    lower = name.lower()
    for suffix in _suffixes()[0]:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[len(name) - len(suffix) :].lower()
    return ""


def _clean(part: str) -> str:
    """One path part safe to write: no separators, control or reserved characters, no leading dot
    (`..` and hidden names), at most 150 bytes in UTF-8 with its suffix kept."""
    part = _UNSAFE.sub("_", part.replace("/", "_")).strip()
    part = ("_" + part[1:]) if part.startswith(".") else part
    suffix = _suffix(part)
    stem = part[: len(part) - len(suffix)] if suffix else part
    while len((stem + suffix).encode()) > 150:
        stem = stem[:-1]
    return (stem + suffix) or "_"


def local_path(url: str, suffix: str, name: str | None = None) -> PurePosixPath:
    """Where under the folder the copy of `url` goes: `<host>/<path>`, a query's short hash added to
    the last part (`list.jsp_1a2b3c4d.html`), `index` for a path ending in `/`, and `suffix` added
    when the URL's own name does not end in it (a page served as `/art.jsp`, a file as `/down?id=3`).
    A file named by its `Content-Disposition` (`name`) goes in a folder of the URL's last part."""
    parts = urlsplit(url)
    host = (parts.hostname or "host") + (f"_{parts.port}" if parts.port else "")
    segments = [unquote(s, errors="replace") for s in parts.path.split("/")]
    folders = [_clean(s) for s in segments[:-1] if s not in ("", ".", "..")]
    last = _clean(segments[-1]) if segments[-1] not in ("", ".", "..") else "index"
    tag = "_" + hashlib.sha1(parts.query.encode()).hexdigest()[:8] if parts.query else ""
    if name:
        return PurePosixPath(_clean(host), *folders, last + tag, _clean(name))
    own = _suffix(last)
    stem = last[: len(last) - len(own)] if own == suffix else last
    return PurePosixPath(_clean(host), *folders, stem + tag + suffix)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Fetcher:
    """Fetches URLs politely (see the module docstring) into `options.folder`, one at a time."""

    def __init__(self, options: FetchOptions) -> None:
        self.options = options
        self.manifest = Manifest(options.folder)
        # no cookie processor: no cookies; each redirect's target checked (`_follow`)
        self._opener = urllib.request.build_opener(_Redirects(self._follow))
        self._last: dict[str, float] = {}  # host → when the last request to it was sent
        self._robots: dict[str, urllib.robotparser.RobotFileParser | DubanError] = {}

    def fetch_all(self, urls: Iterable[str]) -> FetchResult:
        """Every URL and the attachments of every page, each once; the manifest saved at the end."""
        result = FetchResult()
        done: set[str] = set()
        try:
            for url in urls:
                if url in done:
                    continue
                done.add(url)
                page = self._take(url, result, attachment=False)
                for link in page:
                    if link not in done:
                        done.add(link)
                        self._take(link, result, attachment=True)
        finally:
            with contextlib.suppress(OSError):
                self.manifest.save()
        return result

    def _take(self, url: str, result: FetchResult, attachment: bool) -> list[str]:
        """Fetch one URL into `result`; the attachment links of a page (none for an attachment)."""
        try:
            fetched, links = self.fetch(url, attachment)
        except DubanError as exc:
            log.warning("%s %s", exc.code, exc.message)
            result.failures.append(Failure.of(url, exc))
            if exc.fields.get("robots"):
                result.refused.append(url)
            return []
        except _NotDocument as exc:
            log.info("%s: answered %s, not a document: not taken", url, exc)
            result.not_documents.append(url)
            return []
        log.info("%s %s → %s", fetched.how, url, fetched.path)
        result.fetched.append(fetched)
        return links

    def fetch(self, url: str, attachment: bool = False) -> tuple[Fetched, list[str]]:
        """The saved copy of `url` (downloaded, or kept when unchanged) and, for a page, its
        attachment links; DubanError (E063–E066) when it cannot be taken. An attachment whose
        path names no document (`_by_type`) is taken only when the answer's headers say it is one:
        a page is closed unread (`_NotDocument`)."""
        try:
            parts = urlsplit(url)
            wire = ascii_url(url)  # reads the port: ValueError for `host:abc`
        except ValueError as exc:
            raise DubanError(E.FETCH_REFUSED, url=url, detail="网址格式有误", remedy=_SCHEME_REMEDY) from exc
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise DubanError(E.FETCH_REFUSED, url=url, detail="不是 http(s) 网址", remedy=_SCHEME_REMEDY)
        self._check_robots(url, wire)
        entry = self.manifest.entries.get(url)
        kept = self.options.folder / entry.path if entry is not None else None
        headers: dict[str, str] = {}
        if entry is not None and kept is not None and kept.is_file():
            if entry.etag:
                headers["If-None-Match"] = entry.etag
            if entry.last_modified:
                headers["If-Modified-Since"] = entry.last_modified
        response = self._get(url, wire, headers, document_only=attachment and _by_type(url))
        if response.status == 304 and entry is not None and kept is not None:
            return Fetched(url, kept, "not_modified"), self._links_again(entry, attachment)
        name = disposition_name(response.headers)
        suffix, named = self._type(url, response, name)
        digest = content_hash(response.body)
        if entry is not None and kept is not None and entry.hash == digest and kept.is_file():
            path, how = kept, "same"
        else:
            path, how = self._save(url, suffix, name if named else None, response.body, entry), "downloaded"
        links: list[str] = []
        if not attachment and suffix in PAGE_SUFFIXES:
            links = attachment_links(
                response.body, response.url, response.headers, self.options.max_attachments
            )
        assert response.headers is not None
        self.manifest.entries[url] = Entry(
            url=url,
            path=path.relative_to(self.options.folder).as_posix(),
            hash=digest,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            content_type=response.headers.get_content_type(),
            fetched_at=_now(),
            attachments=links,
        )
        return Fetched(url, path, how), links

    def _links_again(self, entry: Entry, attachment: bool) -> list[str]:
        return [] if attachment else entry.attachments[: self.options.max_attachments]

    def _type(self, url: str, response: _Response, name: str | None) -> tuple[str, bool]:
        """The suffix the copy is saved with (the loader reads by it) and whether the server's file
        name is used; E065 for a response duban does not read, or a page where a file was linked
        (a portal answering a moved attachment with its home page, status 200)."""
        media = response.headers.get_content_type() if response.headers is not None else ""
        own = _suffix(unquote(urlsplit(response.url).path) or "") or _suffix(unquote(urlsplit(url).path))
        is_page = media in ("text/html", "application/xhtml+xml")
        if own and own not in PAGE_SUFFIXES:
            if is_page and response.body.lstrip()[:1] == b"<":
                raise DubanError(
                    E.FETCH_NOT_DOCUMENT,
                    url=url,
                    detail=f"链接的是 {own} 文件，网站返回的却是网页",
                    remedy="附件可能已移走或需要登录；请在浏览器中打开该网页，找到附件现在的链接后重试。",
                )
            return own, False
        if name and _suffix(name) and _suffix(name) not in _suffixes()[2]:
            return _suffix(name), True
        if own in PAGE_SUFFIXES or is_page:
            return ".html", False
        if media in _MEDIA_SUFFIX:
            return _MEDIA_SUFFIX[media], False
        shown = media or "未知类型"
        raise DubanError(
            E.FETCH_NOT_DOCUMENT,
            url=url,
            detail=f"不是 duban 读取的网页或文件（{shown}{'，' + name if name else ''}）",
            remedy=_NOT_DOCUMENT_REMEDY,
        )

    def _save(self, url: str, suffix: str, name: str | None, body: bytes, entry: Entry | None) -> Path:
        """Write the copy (through a temporary file, so a copy is never half written): at the place
        the manifest keeps for this URL when it has one, else at `local_path`, with the URL's short
        hash added when another URL's copy is there already (`/a/` and `/a/index.html`)."""
        relative = local_path(url, suffix, name)
        if entry is not None and PurePosixPath(entry.path).suffix == relative.suffix:
            relative = PurePosixPath(entry.path)
        owner = self.manifest.owner(relative.as_posix())
        if owner is not None and owner != url:
            tag = hashlib.sha1(url.encode()).hexdigest()[:8]
            own = _suffix(relative.name) or relative.suffix  # `.tar.gz` whole: the walk reads by it
            relative = relative.with_name(f"{relative.name[: len(relative.name) - len(own)]}_{tag}{own}")
        path = self.options.folder / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
            temporary.write_bytes(body)
            temporary.replace(path)
        except OSError as exc:
            raise DubanError(
                E.FETCH_NOT_DOCUMENT,
                url=url,
                detail=f"无法保存到 {path}（{exc.strerror or exc}）",
                remedy="请检查抓取文件夹（--fetched）的写入权限和磁盘空间后重试。",
            ) from exc
        return path

    # -- robots.txt ------------------------------------------------------------------------------

    def _check_robots(self, url: str, wire: str, via: str | None = None) -> None:
        """Raise E066 (marked `robots`) when the rules of `wire`'s host (read once a run for each
        scheme and host, RFC 9309) disallow it; `url` is the URL the staff or the page gave, and
        `via` the redirect's target when `wire` is one."""
        parts = urlsplit(wire)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._robots[origin] = self._read_robots(origin, url)
        if isinstance(rules, DubanError):
            raise DubanError(rules.kind, **{**rules.fields, "url": url})
        if not rules.can_fetch(ROBOTS_AGENT, wire):
            where = f"（重定向到 {via}）" if via else ""
            raise DubanError(
                E.FETCH_REFUSED,
                url=url,
                detail=f"网站的 robots.txt 不允许抓取此网址{where}",
                remedy=_ROBOTS_REMEDY,
                robots=True,
            )

    def _follow(self, request: urllib.request.Request, target: str) -> None:
        """Before a redirect is followed: the target's robots.txt consulted as the first URL's was
        (portals redirect `www.` to the bare name, http to https, to a file server or a CDN, whose
        rules may differ), and the delay kept for a host not asked before in this request. Not for
        the redirects of a robots.txt itself, which RFC 9309 has followed as they come."""
        if getattr(request, "duban_robots", False):
            return
        try:
            wire = ascii_url(target)
        except ValueError as exc:
            raise DubanError(
                E.FETCH_REFUSED,
                url=getattr(request, "duban_url", request.full_url),
                detail=f"重定向到格式有误的网址 {target}",
                remedy=_SCHEME_REMEDY,
            ) from exc
        url = getattr(request, "duban_url", request.full_url)
        self._check_robots(url, wire, via=target)
        host = urlsplit(wire).netloc.lower()
        if host != urlsplit(request.full_url).netloc.lower():
            self._wait_for(host)

    def _read_robots(self, origin: str, url: str) -> urllib.robotparser.RobotFileParser | DubanError:
        """The site's rules (RFC 9309): a 4xx answer allows everything, a 5xx one (or none) forbids
        everything for this run, as the RFC asks, reported as E066 or E063 for each URL there."""
        rules = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            response = self._get(origin + "/robots.txt", origin + "/robots.txt", {}, robots=True)
        except DubanError as exc:
            if exc.kind is E.FETCH_STATUS and 400 <= int(exc.fields.get("status", 0)) < 500:
                rules.parse([])
                return rules
            if exc.kind is E.FETCH_STATUS:
                return DubanError(
                    E.FETCH_REFUSED,
                    url=url,
                    detail=f"网站 {origin} 的 robots.txt 暂时无法读取（HTTP {exc.fields.get('status')}），"
                    "按规定视为不允许抓取",
                    remedy=_SERVER_REMEDY,
                    robots=True,
                )
            if exc.kind is E.FETCH_UNREACHABLE:
                return DubanError(E.FETCH_UNREACHABLE, url=url, detail=str(exc.fields.get("detail", "")))
            rules.parse([])  # a robots.txt too large or odd: not a reason to refuse the site
            return rules
        rules.parse(page_text(response.body, response.headers).splitlines())
        return rules

    # -- HTTP ------------------------------------------------------------------------------------

    def _wait_for(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            left = self.options.delay - (time.monotonic() - last)
            if left > 0:
                time.sleep(left)
        self._last[host] = time.monotonic()

    def _get(
        self, url: str, wire: str, headers: dict[str, str], robots: bool = False, document_only: bool = False
    ) -> _Response:
        """One GET (redirects followed, each hop's robots.txt consulted: `_follow`), its body read
        within the bounds; 304 returned as such, every other failure raised as E063/E064/E065/E066.
        With `document_only`, an answer whose headers say a page (`_a_page`) is closed before its
        body is read and raised as `_NotDocument`: its headers decide, as a HEAD's would, without
        a second request that some download scripts answer differently."""
        self._wait_for(urlsplit(wire).netloc.lower())
        request = urllib.request.Request(
            wire,
            headers={"User-Agent": self.options.user_agent, "Accept-Encoding": "identity", **headers},
        )
        request.duban_url = url  # type: ignore[attr-defined]  # named in the errors of every hop
        request.duban_robots = robots  # type: ignore[attr-defined]
        timeout = self.options.timeout or None
        try:
            response = self._opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as exc:
            with contextlib.suppress(Exception):
                exc.close()
            if exc.code == 304:
                return _Response(304, url, exc.headers, b"")
            raise _status_error(url, exc.code, exc.reason) from exc
        except DubanError:
            raise
        except (urllib.error.URLError, HTTPException, OSError, ValueError) as exc:
            raise DubanError(E.FETCH_UNREACHABLE, url=url, detail=_connect_detail(exc, timeout)) from exc
        with response:
            final = response.geturl()
            if document_only and _a_page(response.headers):
                raise _NotDocument(response.headers.get_content_type())
            length = response.headers.get("Content-Length")
            limit = self.options.max_bytes if not robots else 512 * 1024
            if limit and length and length.isdigit() and int(length) > limit:
                raise _too_large(url, int(length), limit)
            body = self._read(url, response, limit, timeout)
            body = _decoded(url, body, response.headers.get("Content-Encoding", ""), limit)
        return _Response(response.status, final, response.headers, body)

    def _read(self, url: str, response: Any, limit: int, timeout: float | None) -> bytes:
        deadline = time.monotonic() + timeout * WHOLE_RESPONSE_TIMES if timeout else None
        chunks: list[bytes] = []
        size = 0
        try:
            while chunk := response.read(_CHUNK):
                chunks.append(chunk)
                size += len(chunk)
                if limit and size > limit:
                    raise _too_large(url, size, limit)
                if deadline is not None and time.monotonic() > deadline:
                    raise DubanError(
                        E.FETCH_UNREACHABLE,
                        url=url,
                        detail=f"{(timeout or 0) * WHOLE_RESPONSE_TIMES:.0f} 秒内没有传完（已收到 {size} 字节）",
                    )
        except DubanError:
            raise
        except (HTTPException, OSError) as exc:
            raise DubanError(E.FETCH_UNREACHABLE, url=url, detail=_connect_detail(exc, timeout)) from exc
        return b"".join(chunks)


def _decoded(url: str, body: bytes, encoding: str, limit: int) -> bytes:
    """The body as the server meant it: some servers gzip a page though asked for `identity`, and
    the loaders read the saved bytes, so they are inflated here (within the same size bound)."""
    kind = encoding.strip().lower()
    if kind not in ("gzip", "x-gzip", "deflate") or not body:
        return body
    inflater = zlib.decompressobj(wbits=47 if kind != "deflate" else 15)  # 47: gzip or zlib header
    try:
        data = inflater.decompress(body, limit + 1 if limit else 0)
    except zlib.error:
        if kind == "deflate":  # raw deflate, as some servers send it
            with contextlib.suppress(zlib.error):
                data = zlib.decompressobj(wbits=-15).decompress(body, limit + 1 if limit else 0)
                return _bounded(url, data, limit)
        return body  # not compressed after all: kept as sent
    return _bounded(url, data, limit)


def _bounded(url: str, data: bytes, limit: int) -> bytes:
    if limit and len(data) > limit:
        raise _too_large(url, len(data), limit)
    return data


def _too_large(url: str, size: int, limit: int) -> DubanError:
    return DubanError(
        E.FETCH_NOT_DOCUMENT,
        url=url,
        detail=f"文件超过 {limit // MB} MB 的上限（{size / MB:.1f} MB 以上）",
        remedy="如确为正常文件，请用 --fetch-max-mb 调高上限后重试，或在浏览器中下载后用 duban ingest 文件 处理。",
    )


def _status_error(url: str, status: int, reason: object) -> DubanError:
    if 300 <= status < 400:
        return DubanError(
            E.FETCH_STATUS,
            url=url,
            status=status,
            detail=f"重定向超过 {MAX_REDIRECTS} 次",
            remedy=_REDIRECT_REMEDY,
        )
    if status in (404, 410):
        remedy, detail = _NOT_FOUND_REMEDY, "网页不存在"
    elif status in (401, 403, 407, 451):
        remedy, detail = _FORBIDDEN_REMEDY, "拒绝访问"
    elif status == 429:
        remedy, detail = _BUSY_REMEDY, "请求过于频繁"
    elif status >= 500:
        remedy, detail = _SERVER_REMEDY, "网站内部错误"
    else:
        remedy, detail = _NOT_FOUND_REMEDY, str(reason or "请求被拒绝")
    return DubanError(E.FETCH_STATUS, url=url, status=status, detail=detail, remedy=remedy)


def _connect_detail(exc: BaseException, timeout: float | None) -> str:
    """What went wrong in words staff can pass on: the name not found, refused, timed out, HTTPS."""
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, socket.gaierror):
        return "找不到该网站（域名解析失败）"
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"等待超过 {timeout:.0f} 秒没有响应" if timeout else "等待响应超时"
    if isinstance(reason, ConnectionRefusedError):
        return "连接被拒绝"
    if isinstance(reason, ConnectionResetError):
        return "连接被网站断开"
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return f"HTTPS 证书或加密连接有误：{reason}"
    return f"{type(reason).__name__}: {reason}"[:200]


def fetch_urls(urls: Sequence[str], options: FetchOptions) -> FetchResult:
    """Fetch the URLs (and their pages' attachments) into `options.folder`."""
    return Fetcher(options).fetch_all(urls)
