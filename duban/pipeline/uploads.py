"""Files staff upload from the browser (`/upload`): kept under an uploads folder, then ingested by
the same `pipeline.ingest.ingest` the nightly `duban ingest` runs, so each upload is a run on `/runs`.

An uploaded file becomes a document's source, so it must stay where it was saved: it is written
under `<folder>/<YYYY-MM-DD>/` with a safe name (the last part of what the browser sent, no hidden
or lock-file names) and never over another file; a name already taken gets `名称(2).ext`, `名称(3).ext`…
The same file sent twice the same day (same name, same bytes) is not saved twice: the second
upload finds the first copy and the run reports it unchanged.

What each file came to is read off the run: before it, which of the files (or an archive's or
mail's members) the index already holds (by content hash, the document id); after it, the run's
failures and skipped files by source, and the documents now in the index.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Literal

from duban.base.identity import content_hash
from duban.base.limits import Limits
from duban.base.paths import readable, source_of
from duban.base.stored import Failure, RunReport
from duban.index import open_store

log = logging.getLogger(__name__)

MB = 1024 * 1024
DEFAULT_MAX_MB = 100
MAX_NAME_BYTES = 200  # under the 255 bytes of common file systems, with room for `(NNN)`
# Files in one upload. The total is capped by bytes (`max_bytes`, 100 MB by default) and each part
# over 1 MB spools to disk, so many small files cost no more memory than a few large ones; 200 covers
# a month's folder of reports. More are refused in Chinese (`too_many`), never by Starlette's English.
MAX_FILES = 200
MAX_FIELDS = 20  # the CSRF token and the submit button beside the files
COPY_CHUNK = 1024 * 1024
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')

Outcome = Literal["indexed", "unchanged", "failed", "skipped"]


class UploadError(Exception):
    """An upload refused before anything was saved: HTTP status, code, Chinese message and hint."""

    def __init__(self, status: int, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Uploads:
    """Where uploads go and how large one may be; `folder` None means uploads are off, and
    `off_reason` says why (shown on `/upload`)."""

    folder: Path | None
    max_bytes: int = DEFAULT_MAX_MB * MB
    off_reason: str = ""

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    @classmethod
    def configure(
        cls, index_url: str, folder: Path | None = None, max_mb: int = DEFAULT_MAX_MB, enabled: bool = True
    ) -> Uploads:
        """`folder`, or the default beside a SQLite index (`<index>.uploads`); off when asked
        (`--no-uploads`). Raises UploadError (status 0) when uploads are wanted, the index is
        not SQLite and no folder is given: there is no place beside it to keep the files."""
        if max_mb < 1:
            raise UploadError(0, "E057", "--upload-max-mb 至少为 1。")
        if not enabled:
            return cls(None, max_mb * MB, "本服务器启动时关闭了上传（--no-uploads）。")
        chosen = folder if folder is not None else default_folder(index_url)
        if chosen is None:
            raise UploadError(
                0,
                "E057",
                "索引不是 SQLite 文件，上传的文件没有默认的存放位置。"
                "请用 --uploads 文件夹 指定存放上传文件的文件夹，或用 --no-uploads 关闭上传。",
            )
        return cls(chosen.absolute(), max_mb * MB)

    @classmethod
    def off(cls, reason: str = "本服务器没有开启上传。") -> Uploads:
        return cls(None, DEFAULT_MAX_MB * MB, reason)

    @classmethod
    def for_index(cls, index_url: str) -> Uploads:
        """The default of `create_app`: on beside a SQLite index, off (with the reason) otherwise."""
        try:
            return cls.configure(index_url)
        except UploadError as exc:
            return cls.off(exc.message)


def sqlite_file(index_url: str) -> Path | None:
    """The database file of a SQLite index URL (`sqlite:////abs.db`, `sqlite:///rel.db` or a plain
    path, as `index.open_store` reads them); None for Elasticsearch and malformed URLs."""
    url = index_url.strip()
    if url.startswith("sqlite://"):
        rest = url[len("sqlite://") :].split("?", 1)[0]
        return Path(rest[1:]) if rest.startswith("/") and len(rest) > 1 else None
    if "://" in url or not url:
        return None
    return Path(url)


def default_folder(index_url: str) -> Path | None:
    """`<index file>.uploads` beside a SQLite index: backed up and moved with it."""
    database = sqlite_file(index_url)
    if database is None:
        return None
    database = database.absolute()
    return database.with_name(database.name + ".uploads")


def safe_name(name: str) -> str:
    """The file name to save a browser's `name` under: its last part (after `/` or `\\`, so
    `../../x.txt` and `C:\\x.txt` are `x.txt`), without control or reserved characters, leading
    dots or `~$` (hidden and Office lock files, which the walk would pass over), at most
    `MAX_NAME_BYTES` bytes in UTF-8 with its suffix kept; `上传文件` when nothing is left."""
    base = unicodedata.normalize("NFC", name or "")
    base = re.split(r"[/\\]", base)[-1]
    base = _UNSAFE.sub("_", base).strip()
    while base.startswith((".", "~$", " ")):
        base = base[2:] if base.startswith("~$") else base[1:]
    base = base.rstrip(". ")  # Windows drops them, and `name.` would hide the suffix
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = ("." + suffix) if dot else ""
    if len(suffix.encode()) > 20:  # not a suffix duban reads; keep it in the stem
        stem, suffix = base, ""
    stem = stem or "上传文件"
    while len((stem + suffix).encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return stem + suffix


def _numbered(name: str, n: int) -> str:
    if n == 1:
        return name
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}({n}).{suffix}" if dot and stem else f"{name}({n})"


@dataclass(frozen=True)
class Saved:
    """One uploaded file: the name the browser gave, where it was saved, and whether an
    identical file already there was reused instead of a second copy."""

    name: str
    path: Path
    size: int
    reused: bool

    @property
    def source(self) -> str:
        return source_of(self.path.absolute().resolve())


def save(folder: Path, name: str, stream: IO[bytes], limit: int) -> Saved:
    """Copy `stream` into `folder` under `safe_name(name)` (numbered when taken), never over
    another file; an identical file under one of those names is reused. Raises UploadError 413
    past `limit` bytes and 400 for an empty file; a partial copy is removed."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = safe_name(name)
    partial = folder / f".upload-{os.getpid()}-{threading.get_ident()}-{os.urandom(4).hex()}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        with partial.open("xb") as out:
            while chunk := stream.read(COPY_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise too_large(limit)
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise UploadError(400, "E002", f"“{wanted}”是空文件", "请确认附件已下载完整，再重新上传。")
        for n in range(1, 1000):
            target = folder / _numbered(wanted, n)
            if target.exists():
                if target.is_file() and target.stat().st_size == size and _sha256(target) == digest.digest():
                    return Saved(name, target, size, reused=True)
                continue
            try:
                _place(partial, target)
            except FileExistsError:
                continue
            log.info("upload saved: %s (%d bytes)", target, size)
            return Saved(name, target, size, reused=False)
        raise UploadError(409, "E057", f"“{wanted}”同名文件太多", "请改一个文件名后再上传。")
    finally:
        partial.unlink(missing_ok=True)


def _place(partial: Path, target: Path) -> None:
    """Give the copy its name, failing with FileExistsError if the name was taken meanwhile (never
    over another file): a hard link, or where the file system has none, a copy opened exclusively."""
    try:
        os.link(partial, target)
        return
    except FileExistsError:
        raise
    except OSError:  # no hard links here (some network and FAT file systems)
        pass
    with partial.open("rb") as src, target.open("xb") as out:
        while chunk := src.read(COPY_CHUNK):
            out.write(chunk)


def too_large(limit: int) -> UploadError:
    return UploadError(
        413,
        "HTTP413",
        f"上传的文件太大：一次最多 {limit // MB} MB",
        "请分几次上传，或把大文件交给管理员用 duban ingest 入库。",
    )


def too_many(limit: int = MAX_FILES) -> UploadError:
    """More files than one upload may hold: how many it may, and the two ways round it."""
    return UploadError(
        400,
        "E057",
        f"一次选择的文件太多：一次最多上传 {limit} 个文件",
        f"请分几次上传，每次不超过 {limit} 个；或把这些文件打包成一个 .zip 压缩包上传"
        "（压缩包按文件夹读取，其中的每个文件分别入库）。",
    )


def _sha256(path: Path) -> bytes:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(COPY_CHUNK):
            digest.update(chunk)
    return digest.digest()


def day_folder(uploads: Uploads, day: date | None = None) -> Path:
    assert uploads.folder is not None
    return uploads.folder / (day or date.today()).isoformat()


# --- what each file came to -----------------------------------------------------------------------------


@dataclass
class Item:
    """One document an upload held (the file itself, or a member of an archive or mail) and what
    the run did with it."""

    label: str
    outcome: Outcome
    doc_id: str | None = None
    title: str = ""
    measures: int = 0
    code: str = ""
    message: str = ""
    hint: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "outcome": self.outcome,
            "doc_id": self.doc_id,
            "title": self.title,
            "measures": self.measures,
            "code": self.code or None,
            "message": self.message or None,
            "hint": self.hint or None,
        }


@dataclass
class FileResult:
    name: str
    saved_as: str
    size: int
    reused: bool
    items: list[Item] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "saved_as": self.saved_as,
            "size": self.size,
            "reused": self.reused,
            "items": [item.to_json() for item in self.items],
        }


@dataclass(frozen=True)
class _Before:
    """The documents an upload's files hold, by source, and which the index held before the run."""

    hashes: dict[str, str | None]
    files: dict[str, str]  # candidate source -> the path the walk gave it
    known: frozenset[str]


def survey(index_url: str, saved: Sequence[Saved], limits: Limits) -> _Before:
    """Before the run: each file's (or member's) content hash, and the ones already indexed."""
    from duban.pipeline.archives import source_bytes
    from duban.pipeline.ingest import walk_files

    candidates, _, _, _ = walk_files([s.path for s in saved], False, limits)
    hashes: dict[str, str | None] = {}
    files: dict[str, str] = {}
    for candidate in candidates:
        files[candidate.source] = candidate.file
        try:
            hashes[candidate.source] = content_hash(source_bytes(candidate.path, readable(candidate.path)))
        except Exception:  # the run reports why it could not read it
            hashes[candidate.source] = None
    ids = [h for h in hashes.values() if h]
    with open_store(index_url) as store:
        known = frozenset(store.summaries(ids)) if ids else frozenset()
    return _Before(hashes, files, known)


def results(index_url: str, saved: Sequence[Saved], before: _Before, report: RunReport) -> list[FileResult]:
    """Each uploaded file with what became of each document in it (see the module docstring)."""
    failed = {f.source: f for f in report.failures}
    skipped = {f.source: f for f in report.skipped}
    ids = [h for h in before.hashes.values() if h]
    with open_store(index_url) as store:
        now = store.summaries(ids) if ids else {}
    out: list[FileResult] = []
    for upload in saved:
        root = upload.source
        result = FileResult(upload.name, upload.path.name, upload.size, upload.reused)

        def mine(source: str, root: str = root) -> bool:
            return source == root or source.startswith(root + "/")

        def label(source: str, root: str = root, shown: str = upload.path.name) -> str:
            return shown + source[len(root) :]

        for source, failure in (*failed.items(), *skipped.items()):
            if mine(source):
                kind: Outcome = "skipped" if source in skipped else "failed"
                result.items.append(_not_taken(label(source), kind, failure))
        for source, digest in before.hashes.items():
            if not mine(source) or source in failed or source in skipped:
                continue
            summary = now.get(digest) if digest else None
            if summary is None:
                stop = report.stopped
                result.items.append(
                    Item(
                        label(source),
                        "failed",
                        code=stop.code if stop else "E057",
                        message=stop.message if stop else "没有收录（原因不明）",
                        hint=stop.hint if stop else "请到入库记录查看本次入库，或联系管理员。",
                    )
                )
                continue
            result.items.append(
                Item(
                    label(source),
                    "unchanged" if digest in before.known else "indexed",
                    doc_id=summary.doc_id,
                    title=summary.doc.title or "",
                    measures=len(summary.measure_ids),
                )
            )
        result.items.sort(key=lambda item: item.label)
        out.append(result)
    return out


def _not_taken(label: str, kind: Outcome, failure: Failure) -> Item:
    """The row of a file not taken. The run's message starts with the file's path on the server
    (`/srv/…/walk.db.uploads/2026-12-06/x.pdf：PDF 文件无法读取…`), as `/runs` and the job's log need
    it; here the row already names the file, and the uploads folder is nothing staff can open."""
    message = failure.message.removeprefix(f"{failure.source}：")
    return Item(label, kind, code=failure.code, message=message, hint=failure.hint)


_RUN_LOCK = threading.Lock()


def ingest_uploads(index_url: str, saved: Sequence[Saved]) -> tuple[RunReport, list[FileResult]]:
    """Ingest the saved files as `duban ingest` does by default (its workers and per-file limits),
    one upload's run at a time in this server, and say what became of each. The cross-check is
    not re-run inside the request (it takes minutes on a large index): `refresh_statuses` runs
    after it in a thread of its own, as the CLI's default `--recheck` would."""
    from duban.pipeline.ingest import ingest, refresh_statuses
    from duban.pipeline.worker import auto_workers

    limits = Limits()
    with _RUN_LOCK:
        before = survey(index_url, saved, limits)
        report = ingest(
            [s.path for s in saved],
            index_url=index_url,
            workers=min(auto_workers(), max(1, len(before.hashes))),
            progress=False,
            limits=limits,
            recheck=False,
        )
        found = results(index_url, saved, before, report)
    if report.ingested:

        def recheck() -> None:
            try:
                with open_store(index_url) as store:
                    refresh_statuses(store, report)
            except Exception:
                log.warning("cross-check after an upload failed", exc_info=True)

        threading.Thread(target=recheck, name="duban-upload-recheck", daemon=True).start()
    return report, found


def counts(found: Iterable[FileResult]) -> dict[str, int]:
    tally = {"indexed": 0, "unchanged": 0, "failed": 0, "skipped": 0}
    for result in found:
        for item in result.items:
            tally[item.outcome] += 1
    return tally
