"""The saved ledger kept on disk, so that a server start serves it without computing it again.

The ledger the web pages show first (`status_saved.saved_check`: the statuses the last full check
saved, brought to the day) took some 16 s of CPU over the whole real corpus in a worker process,
and then its pickled result had to come back into the server; after every start of `duban serve`
that work was done again although nothing had changed. It is a function of the index's state and
the day alone, so whoever computes it keeps it here (the web app's worker, and `duban crosscheck`
after it saved the statuses: the nightly job leaves the morning's ledger ready), and a server
starting over the same index on the same day reads it instead.

A kept ledger is used only for exactly what it was computed for. Its header names:
- the index (a hash of its URL: no credentials of an Elasticsearch URL reach the disk),
- the index's `generation()`: any document written, replaced or deleted changes it; statuses do
  not, and need not: at one generation every check saves the same statuses (a check of one
  directive keeps the full check's mark because its result is the same), so the saved ledger of
  a generation and day is one;
- the day (`as_of`): another day moves due dates, so it is computed again from the index;
- this module's `FORMAT` and a digest of duban's own files (`code_digest`): the ledger is what
  the code makes of the saved statuses, and a changed program (an upgrade, a merge in a checkout
  whose version number did not move) must make it again;
- the payload's length and SHA-256, so a damaged file is told from a good one before unpickling.
Anything that does not match, cannot be read or does not unpickle into a saved `CheckResult` is
passed over with a logged warning, and the ledger is computed as before. Staff corrections are
never part of it: the app lays them over on every request.

Where: beside a SQLite index, the hidden folder `.<index file>.ledger` (a write inside the index
would change its generation; backed up and moved with it, like `.uploads`; hidden, so that
`duban ingest -r .` beside the index, which passes over hidden folders, never reports its files as
skipped and exits 3); for Elasticsearch,
`ledger/` in duban's cache folder (`$DUBAN_CACHE_DIR`, else `$XDG_CACHE_HOME/duban`, else
`~/.cache/duban`). The payload is a pickle, which runs code when read: it is read only from a
folder and a file that belong to the user running duban and that no one else may write (checked
on POSIX; anything else is passed over with a warning), and the folder is made private (0700).
Writes are atomic (a temporary file renamed into place) and bounded: a write removes the files
of the index's other generations and keeps at most `KEEP_DAYS` days of its own generation.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import stat
import tempfile
import time
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from duban.index.store import Store
from duban.pipeline.status import CheckResult
from duban.pipeline.status_saved import collector_paused, saved_check
from duban.pipeline.uploads import sqlite_file

log = logging.getLogger(__name__)

FORMAT = 1
"""The layout of a kept file (header line, then the pickled lean `CheckResult`); a file of any
other format is passed over, never read."""

KEEP_DAYS = 3
"""Files kept per index generation (days a server asked for: today, and a day or two looked at)."""

_MAGIC = "duban-ledger"
_SUFFIX = ".ledger"
_HEADER_MAX = 4096
_STALE_TEMP_S = 3600.0  # a temporary file this old was left by a writer that died
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


@dataclass(frozen=True)
class KeepKey:
    """What a kept ledger is for: one state of one index on one day."""

    url: str
    generation: str
    as_of: str

    @property
    def index_tag(self) -> str:
        """The index, as one file whatever URL named it (`sqlite:///rel.db`, `sqlite:////abs.db`
        or a plain path: the nightly job's and the server's may differ); an Elasticsearch URL
        hashed whole (credentials included, so they never reach the disk)."""
        database = sqlite_file(self.url)
        name = str(database.resolve()) if database is not None else self.url
        return _digest(name.encode("utf-8"))[:16]

    @property
    def generation_tag(self) -> str:
        return _digest(self.generation.encode("utf-8"))[:16]

    @property
    def name(self) -> str:
        """The file's name: the index and generation tags and the day, so that a write can find
        and remove the files of the index's other generations without opening them."""
        day = self.as_of if _DAY.fullmatch(self.as_of) else _digest(self.as_of.encode("utf-8"))[:10]
        return f"{self.index_tag}-{self.generation_tag}-{day}{_SUFFIX}"  # no path from a caller's text

    def header(self) -> dict[str, object]:
        return {
            "magic": _MAGIC,
            "format": FORMAT,
            "code": code_digest(),
            "index": self.index_tag,
            "generation": self.generation,
            "as_of": self.as_of,
        }


def lean(result: CheckResult) -> CheckResult:
    """`result` without its directives' full texts, which no page reads from it (what the web app
    holds and what is kept: the texts were most of its size)."""
    for check in result.directives:
        check.record = replace(check.record, text="")
    return result


def keep_saved(store: Store, as_of: str) -> bytes | None:
    """`saved_check` as of `as_of` (nothing written back), lean and pickled (`encode`), and kept
    on disk for this state of the index, unless the index changed while it was read (its
    generation read before and after differ: the result may be of neither state, so it is
    returned, not kept); None when the index changed since the last full check. The pickle, not
    the result, is returned: it is what a worker process sends back anyway, and the server reads
    it with the collector paused (`decode`), where the worker's answer unpickled with it running
    took three times as long (17 s of CPU against 5 s over the real corpus)."""
    generation = store.generation()
    found = saved_check(store, as_of, write_back=False)
    if found is None:
        return None
    payload = encode(lean(found))
    if store.generation() == generation:
        write(folder_for(store.url), KeepKey(store.url, generation, as_of), payload)
    return payload


def encode(result: CheckResult) -> bytes:
    """`result` pickled, as it is kept and sent from a worker process, its equal strings made one
    first (`share_strings`: in place, so `result` is the caller's to let go)."""
    share_strings(result)
    return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def share_strings(result: CheckResult) -> None:
    """Make every string of `result` that equals another the same object. A pickle writes an object
    it has written before as a reference, and reading it back makes one object, not another copy:
    the real corpus's ledger held 3.4 million strings of which 490,000 differ (each measure's
    statuses, provenance, generation and relation names, read from its own JSON), and shared they
    made its pickle 145 MB instead of 227, read in 2.9 s of CPU instead of 3.6 and written in 3.9
    instead of 8.7 (the walk here takes some 5), and the server holds that many fewer objects.
    Values do not change (`repr` is the same); tuples are rebuilt, lists, dicts and the records'
    fields replaced in place; an object of any other kind is left as it is."""
    canon: dict[str, str] = {}
    seen: set[int] = set()

    def shared(value: object) -> object:
        kind = type(value)
        if kind is str:
            return canon.setdefault(value, value)  # type: ignore[arg-type]
        if kind in _ATOMS or id(value) in seen:
            return value
        seen.add(id(value))
        if kind is tuple:
            return tuple([shared(item) for item in value])  # type: ignore[attr-defined]
        if kind is list:
            items: list[object] = value  # type: ignore[assignment]
            items[:] = [shared(item) for item in items]
            return value
        fields = value if kind is dict else getattr(value, "__dict__", None)
        if isinstance(fields, dict):  # a dict, or a record's fields (frozen ones too)
            for name, item in fields.items():
                fields[name] = shared(item)
        return value

    shared(result)


_ATOMS = (int, float, bool, type(None), bytes)


def decode(payload: bytes) -> CheckResult:
    """A result `encode` made, unpickled with the cycle collector paused: the two million objects
    of the real corpus's ledger form no cycle, and a collector running through them as they are
    made took two thirds of the time (`status_saved.collector_paused`)."""
    with collector_paused():
        result = pickle.loads(payload)
    if not isinstance(result, CheckResult):
        raise TypeError(f"not a CheckResult: {type(result).__name__}")
    return result


def folder_for(index_url: str) -> Path:
    """Where the ledgers of `index_url` are kept: `.<index file>.ledger` beside a SQLite index,
    else `ledger/` in duban's cache folder."""
    database = sqlite_file(index_url)
    if database is not None:
        database = database.absolute()
        return database.with_name(f".{database.name}.ledger")
    from duban.index.segment import cache_dir  # the folder the built dictionaries use

    return cache_dir() / "ledger"


@cache
def code_digest() -> str:
    """A digest of every file of the installed duban package (code, rules, word lists): what makes
    a ledger of the saved statuses. Read once per process (some 6 MB, milliseconds)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(_digest(path.read_bytes()).encode("ascii"))
    return digest.hexdigest()


def read(folder: Path, key: KeepKey) -> CheckResult | None:
    """The ledger kept for `key`, or None (none kept, or one that cannot be trusted: logged)."""
    path = folder / key.name
    try:
        with path.open("rb") as file:
            if not _private(folder) or not _private(path, os.fstat(file.fileno())):
                return None
            line = file.readline(_HEADER_MAX)
            header = json.loads(line.decode("utf-8"))
            wanted = key.header()
            if not isinstance(header, dict) or {k: header.get(k) for k in wanted} != wanted:
                log.warning("保存的台账 %s 不是本索引此状态、此日期或本程序版本的，已忽略", path)
                return None
            payload = file.read()
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("保存的台账 %s 无法读取（%s），已忽略，台账将重新计算", path, exc)
        return None
    if len(payload) != header.get("size") or _digest(payload) != header.get("sha256"):
        log.warning("保存的台账 %s 已损坏（长度或校验值不符），已忽略，台账将重新计算", path)
        return None
    try:
        result = decode(payload)
    except Exception as exc:  # a payload that passed the checksum but not this program's classes
        log.warning("保存的台账 %s 无法还原（%s），已忽略，台账将重新计算", path, exc)
        return None
    if not result.saved or result.as_of != key.as_of:
        log.warning("保存的台账 %s 内容不是此日期的台账，已忽略", path)
        return None
    return result


def write(folder: Path, key: KeepKey, payload: bytes) -> Path | None:
    """Keep `payload` (a lean saved ledger, `encode`d) for `key`, atomically, and remove the files of the
    index's other generations and its days past `KEEP_DAYS`; the file, or None when it could not
    be written (logged: keeping is a saving of time, never a reason for the caller to fail)."""
    started = time.perf_counter()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(folder):
            return None
        header = {**key.header(), "size": len(payload), "sha256": _digest(payload)}
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{key.index_tag}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(json.dumps(header).encode("utf-8") + b"\n")
                file.write(payload)
                file.flush()
                os.fsync(file.fileno())
            path = folder / key.name
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.warning("台账无法保存到 %s（%s）；下次启动将重新计算", folder, exc)
        return None
    _prune(folder, key)
    log.info(
        "ledger as of %s kept in %s (%.1f MB, %.1f s)",
        key.as_of,
        path,
        len(payload) / 2**20,
        time.perf_counter() - started,
    )
    return path


def _prune(folder: Path, key: KeepKey) -> None:
    """Remove the index's kept ledgers of other generations, all but its newest `KEEP_DAYS` days,
    and temporary files that a writer which died left behind."""
    mine = sorted(folder.glob(f"{key.index_tag}-*{_SUFFIX}"))
    own = [p for p in mine if p.name.startswith(f"{key.index_tag}-{key.generation_tag}-")]
    stale = [p for p in mine if p not in own] + own[: max(0, len(own) - KEEP_DAYS)]
    now = time.time()
    for temporary in folder.glob(f".{key.index_tag}-*.tmp"):
        try:
            if now - temporary.stat().st_mtime > _STALE_TEMP_S:
                stale.append(temporary)
        except OSError:
            continue
    for path in stale:
        try:
            path.unlink()
        except OSError as exc:
            log.warning("旧的保存台账 %s 无法删除：%s", path, exc)


def _private(path: Path, found: os.stat_result | None = None) -> bool:
    """Whether `path` belongs to this user and no one else may write it (logged when not): what
    makes reading a pickle from it as safe as running this user's own code. Not checked where
    the system has no user ids."""
    if not hasattr(os, "geteuid"):
        return True
    found = found if found is not None else path.stat()
    if found.st_uid == os.geteuid() and not found.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return True
    log.warning(
        "保存的台账位置 %s 不属于当前用户或他人可写，为安全起见不读写其中的台账（请改为仅本用户可写）", path
    )
    return False


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
