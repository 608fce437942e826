"""The original file of a document (`/documents/<id>/source`): its bytes as ingested, with headers
that let a browser show a PDF and download the rest, and never run what a source carries.

Only a path the index records as the document's source is read: the request gives the document id
and the source's number (`?n=K`), the index gives the path. The bytes are those ingest read
(`archives.source_bytes`: a file, or a member of an archive or a saved e-mail, nested or not) and
must still hash to what ingest stored for that source (`identity.content_hash`): a file moved,
deleted or edited since answers 410 with what to do, never a stale or a different file.

Types are chosen by the name's suffix, not by the bytes: a PDF, an image and plain text open in
the browser; Office files, archives, mail and anything unknown are attachments; a web page (or
an SVG, an XML file) is an attachment of type `application/octet-stream` under a sandboxing
Content-Security-Policy, so a scraped page's scripts never run as a page of this site.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from duban.base.errors import DubanError, E
from duban.base.identity import content_hash
from duban.base.paths import is_url, path_of, readable
from duban.base.stored import StoredDocument
from duban.index.store import Store
from duban.pipeline.web.render import source_href

log = logging.getLogger(__name__)

# A page the browser shows in place: a PDF (its viewer), pictures of scans, plain text.
INLINE: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".webp": "image/webp",
    ".txt": "text/plain",
    ".md": "text/plain",
    ".csv": "text/plain",
}
# Downloaded: opened by the program staff have for them.
ATTACHMENT: dict[str, str] = {
    ".doc": "application/msword",
    ".dot": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docm": "application/vnd.ms-word.document.macroEnabled.12",
    ".dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    ".dotm": "application/vnd.ms-word.template.macroEnabled.12",
    ".rtf": "application/rtf",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    ".xltx": "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pps": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".ppsx": "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".ofd": "application/ofd",
    ".tif": "image/tiff",  # browsers do not show TIFF: a download the scan viewer opens
    ".tiff": "image/tiff",
    ".zip": "application/zip",
    ".rar": "application/vnd.rar",
    ".7z": "application/x-7z-compressed",
    ".tar": "application/x-tar",
    ".gz": "application/gzip",
    ".tar.gz": "application/gzip",
    ".tgz": "application/gzip",
    ".eml": "message/rfc822",
    ".msg": "application/vnd.ms-outlook",
}
# Markup a browser would run as a page of this site: never served as such.
ACTIVE = (".html", ".htm", ".xhtml", ".shtml", ".mht", ".mhtml", ".svg", ".svgz", ".xml", ".xsl", ".js")
OCTET = "application/octet-stream"
SANDBOX_CSP = "sandbox; default-src 'none'"
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._()\[\] -]+")


class SourceError(Exception):
    """The original cannot be served: status, code, a Chinese message and what to do."""

    def __init__(self, status: int, error: DubanError) -> None:
        super().__init__(error.message)
        self.status, self.code, self.message, self.hint = status, error.code, error.message, error.hint


@dataclass(frozen=True)
class Original:
    """A source's bytes and how to send them."""

    data: bytes
    name: str
    media_type: str
    inline: bool
    active: bool  # markup: sent with the sandboxing policy

    @property
    def headers(self) -> dict[str, str]:
        headers = {
            "Content-Disposition": disposition(self.name, self.inline),
            "X-Content-Type-Options": "nosniff",
        }
        if self.active:
            headers["Content-Security-Policy"] = SANDBOX_CSP
        return headers


source_url = source_href  # the link to a document's `n`-th original (the first without `?n=`)


def source_name(source: str) -> str:
    """The file's own name: the last part of its path, or of its member key in an archive."""
    return PurePosixPath(source.replace("\\", "/")).name or "原件"


def opens_inline(name: str) -> bool:
    """Whether the browser shows this source in place (a PDF, a picture, text) or downloads it."""
    return _suffix(name) in INLINE


def kind_of(name: str, data: bytes) -> tuple[str, bool, bool]:
    """Media type, inline, active markup, by the name's suffix (the bytes only pick a text's charset)."""
    suffix = _suffix(name)
    if suffix in ACTIVE:
        return OCTET, False, True
    if suffix in INLINE:
        media = INLINE[suffix]
        if media == "text/plain":
            media += "; charset=" + _charset(data)
        return media, True, False
    return ATTACHMENT.get(suffix, OCTET), False, False


def disposition(name: str, inline: bool) -> str:
    """`inline|attachment; filename="<ASCII>"; filename*=UTF-8''<name>` (RFC 6266 / 5987): the
    ASCII name for old clients, the Chinese one for every browser in use."""
    kind = "inline" if inline else "attachment"
    stem, suffix = name[: len(name) - len(_suffix(name))], _suffix(name)
    fallback = _UNSAFE_ASCII.sub("_", stem).strip("_ .")
    if not re.search(r"[A-Za-z0-9]", fallback):
        fallback = "document"
    fallback = (fallback[:80] + _UNSAFE_ASCII.sub("", suffix))[:100]
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


class SourceElsewhere(Exception):
    """A URL source (a page fetched by `duban ingest URL`) of which no saved copy is kept here:
    the route sends the browser to the page itself."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def original(store: Store, record: StoredDocument, n: int, fetched: Path | None = None) -> Original:
    """The `n`-th source (from 1) of `record` as the index records it, checked against the hash
    ingest stored; SourceError (404 no such source, 410 gone or changed, 503 unreadable) else.
    A URL source is served from its saved copy in `fetched` (`pipeline.fetch.saved_copy`, the
    folder `duban ingest URL` saved it in), checked the same way; SourceElsewhere when that
    folder keeps no copy of it (another folder was chosen, or the copy was removed)."""
    from duban.pipeline.archives import source_bytes  # zipfile and mail parsing only

    paths = record.paths
    if not 1 <= n <= len(paths):
        # `?n=` past the document's copies (an edited address): say how many there are
        raise DubanError(
            E.NOT_FOUND, what="copy", key=f"文件 {record.doc_id} 的第 {n} 份（共 {len(paths)} 份）"
        )
    source = paths[n - 1]
    name = source_name(source)
    try:
        if is_url(source):
            path = _fetched_copy(fetched, source)
            name = path.name  # the copy's suffix (`/art.jsp` is kept as `art.jsp.html`)
        else:
            path = path_of(source)
        data = source_bytes(path, readable(path))
    except (FileNotFoundError, NotADirectoryError) as exc:
        if is_url(source):
            raise SourceElsewhere(source) from exc
        raise _gone(record.doc_id, source, name) from exc
    except DubanError as exc:
        if exc.kind is E.FILE_NOT_FOUND:
            if is_url(source):
                raise SourceElsewhere(source) from exc
            raise _gone(record.doc_id, source, name) from exc
        log.warning("original of %s unreadable (%s): %s", record.doc_id, exc.code, source)
        raise _changed(name) from exc  # a damaged or encrypted archive: not what was ingested
    except OSError as exc:
        log.warning("original of %s unreadable: %s (%s)", record.doc_id, source, exc)
        raise SourceError(503, DubanError(E.ORIGINAL_UNREADABLE, name=name)) from exc
    expected = store.known_hashes([source]).get(source) or (record.doc_id if _is_hash(record.doc_id) else "")
    if expected and content_hash(data) != expected:
        log.info("original of %s changed since ingest: %s", record.doc_id, source)
        raise _changed(name)
    media, inline, active = kind_of(name, data)
    return Original(data, name, media, inline, active)


def _fetched_copy(folder: Path | None, url: str) -> Path:
    from duban.pipeline.fetch import saved_copy  # only for a fetched page: urllib, no loaders

    path = saved_copy(folder, url) if folder is not None else None
    if path is None:
        raise SourceElsewhere(url)
    return path


def _gone(doc_id: str, source: str, name: str) -> SourceError:
    log.info("original of %s gone: %s", doc_id, source)
    return SourceError(410, DubanError(E.ORIGINAL_GONE, name=name))


def _changed(name: str) -> SourceError:
    return SourceError(410, DubanError(E.ORIGINAL_CHANGED, name=name))


def _suffix(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".tar.gz"):
        return name[-7:].lower()
    return PurePosixPath(lower).suffix


def _charset(data: bytes) -> str:
    """UTF-8 when the text is, else GB18030 (what Chinese Windows writes)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _is_hash(value: str) -> bool:
    return len(value) == 32 and all(c in "0123456789abcdef" for c in value)
