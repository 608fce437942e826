"""The members of `.rar`, `.7z`, `.tar` and `.tar.gz`/`.tgz` archives, through libarchive.

Chinese offices send `.rar` and `.7z` attachments as often as `.zip`; Python's standard library
reads neither. libarchive (the system's `libarchive13`, through the `libarchive-c` binding) reads
RAR 4 and 5, 7z and tar (gzip-compressed too); `.zip` stays on `zipfile` (`pipeline.archives`).
This module lists and reads such an archive as the walk, the reader and `duban prune` need, with
the safety a zip gets, and is free of the loaders (the index layer's prune lists members here).

libarchive reads an archive as a stream, entry after entry, so the checks are made as the entries
come, from what each header declares, before the data of the next is touched: the count of
members, the total declared uncompressed size (`--docx-max-mb`, as for a zip) and the ratio of
that total to the archive's size on the disk (these formats do not list a member's compressed
size, so the ratio bound of a zip's member is taken over the whole archive). A read never returns
more than the member's declared size (a member without one is read up to what the limit leaves).

Solid archives (7z, a solid RAR) compress their members as one stream: reading member k
decompresses all that comes before it, and listing a solid RAR decompresses it all (libarchive
skips a member by decompressing it). Both are bounded by the declared sizes checked above, and a
member is read in a worker under the per-file limits, as any file is; the members of one archive
are read one after another through one open reader (`Cursor`), so reading them all decompresses
the archive once, not once per member. Listing a 7z or a non-solid RAR decompresses nothing.

Names: 7z and RAR 5 store Unicode; tar and RAR 4 without its Unicode flag store bytes, which Chinese
Windows tools write in GBK: they are decoded as UTF-8 when they are, else as GB18030 (as a zip's).
An archive whose headers are encrypted cannot be listed (`HeadersEncrypted`, E038); an encrypted
member is flagged (`Member.encrypted`, E009 for that member only).

An archive is a file or, when it is a member of another container (a `.rar` attached to a
message), its bytes in memory (libarchive's memory reader). Its format is what its first bytes say
(`container_kind`) when they say one: a `.rar` that is really a `.zip` is read as a zip, not
refused as a damaged RAR; `.tar.bz2`/`.tbz2` and `.tar.xz`/`.txz` are tar behind a filter.
"""

from __future__ import annotations

import ctypes
import io
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from duban.base.errors import DubanError, E
from duban.base.limits import MB, Limits

LIBARCHIVE_SUFFIXES = (".rar", ".7z", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
"""Archives read through libarchive (by the end of the name: `.tar.gz` has the suffix `.gz`)."""
RATIO_FLOOR = 10 * MB
MAX_RATIO = 200
MAX_MEMBERS = 10_000
"""As many members as a `.docx` may have parts (`loaders.package.MAX_PARTS`)."""


class ReaderMissing(Exception):
    """libarchive-c or the system's libarchive is not installed: these archives cannot be read."""


class HeadersEncrypted(Exception):
    """The archive's list of members is encrypted: nothing in it can be listed without a password."""


def uses_libarchive(path: Path | str) -> bool:
    """Whether a file is an archive of a type read through libarchive (by its name)."""
    return str(path).lower().endswith(LIBARCHIVE_SUFFIXES)


def kind_of(path: Path | str) -> str:
    """The archive's type as staff name it: RAR, 7z, tar (by its name)."""
    name = str(path).lower()
    return "RAR" if name.endswith(".rar") else "7z" if name.endswith(".7z") else "tar"


Source = Path | bytes
"""An archive on the disk, or the bytes of one that is a member of another container."""
HEAD_SIZE = 512
"""Enough of an archive's first bytes to tell its format (a tar says so at offset 257)."""
_MAGIC = (
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "tar"),  # gzip, bzip2, xz: a compressed tar (a lone .gz is not read)
    (b"BZh", "tar"),
    (b"\xfd7zXZ\x00", "tar"),
)


def head_of(source: Source) -> bytes:
    """The first bytes of an archive (`HEAD_SIZE`); the OS error for a file that cannot be read."""
    if isinstance(source, bytes):
        return source[:HEAD_SIZE]
    with source.open("rb") as handle:
        return handle.read(HEAD_SIZE)


def sniffed_kind(head: bytes) -> str | None:
    """The archive format an archive's first bytes show (ZIP, RAR, 7z, tar), None when they show
    none (a damaged file, or an old tar without the `ustar` mark: its name decides)."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[257:262] == b"ustar":
        return "tar"
    return None


def container_kind(name: str, head: bytes) -> str:
    """The format to read an archive named `name` by: what its first bytes show, else its name's
    (ZIP for `.zip`, else `kind_of`)."""
    return sniffed_kind(head) or ("ZIP" if name.lower().endswith(".zip") else kind_of(name))


def libarchive() -> ModuleType:
    """The `libarchive` binding, imported now; `ReaderMissing` when it or the shared library is not
    there (libarchive-c loads the library on import: a missing one fails with an OSError, or an
    AttributeError when `find_library` found none and the process itself was searched)."""
    try:
        import libarchive as binding
    except (ImportError, OSError, AttributeError) as exc:
        raise ReaderMissing(f"{type(exc).__name__}: {exc}"[:200]) from exc
    return binding


@dataclass(frozen=True)
class Member:
    """One entry of an archive as its header declares it."""

    name: str
    size: int | None
    """The declared uncompressed size; None when the header declares none."""
    encrypted: bool
    is_dir: bool


def _c(binding: ModuleType, name: str) -> Any:
    function = getattr(binding.ffi.libarchive, name)
    function.argtypes = [ctypes.c_void_p]
    function.restype = ctypes.c_int
    return function


def name_from_bytes(raw: bytes) -> str | None:
    """A name stored as bytes without its encoding: UTF-8 when the bytes are, else GB18030 (what
    Chinese Windows tools write into zip, tar and RAR 4 archives); None when neither reads them."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def decode_name(raw: bytes | None, wide: str | None) -> str:
    """A member's name: its bytes decoded (`name_from_bytes`), else the wide name libarchive
    converted; `\\` as `/`."""
    name = wide or ""
    if raw:
        name = name_from_bytes(raw) or wide or raw.decode("utf-8", errors="replace")
    return name.replace("\\", "/")


_FORMATS = {"RAR": ("rar", "rar5"), "7z": ("7zip",), "tar": ("tar",)}
"""The formats libarchive may take each type for. Never all of them: a RAR holding a stored
`.docx` ends with that file's zip directory, and libarchive's zip reader, which looks for one at
the end of the file, would read the `.docx`'s parts as the archive's members."""


@contextmanager
def _reader(binding: ModuleType, source: Source, formats: tuple[str, ...]) -> Iterator[Any]:
    """libarchive's reader of `source` (a file, or bytes in memory) for `formats` only
    (`libarchive.file_reader` takes one format or all), any compression filter (gzip for
    `.tar.gz`, bzip2, xz)."""
    ffi = binding.ffi
    archive = ffi.read_new()
    try:
        ffi.get_read_filter_function("all")(archive)
        for name in formats:
            ffi.get_read_format_function(name)(archive)
        if isinstance(source, bytes):
            ffi.read_open_memory(archive, ctypes.cast(ctypes.c_char_p(source), ctypes.c_void_p), len(source))
        else:
            ffi.read_open_filename_w(archive, str(source), 64 * 1024)
        yield binding.read.ArchiveRead(archive)
    finally:
        ffi.read_free(archive)


def _member(binding: ModuleType, entry: Any) -> Member:
    pointer = entry._entry_p
    raw = binding.ffi.entry_pathname(pointer)
    wide = binding.ffi.entry_pathname_w(pointer) if raw is None else None
    sized = _c(binding, "archive_entry_size_is_set")(pointer)
    encrypted = _c(binding, "archive_entry_is_data_encrypted")(pointer) == 1
    return Member(decode_name(raw, wide), entry.size if sized else None, encrypted, bool(entry.isdir))


def said(exc: BaseException) -> str:
    """What libarchive said of a failure, or a plain word when it said nothing."""
    text = getattr(exc, "msg", None) if hasattr(exc, "msg") else str(exc)  # ArchiveError's, or None
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not text:  # libarchive's 7z reader says nothing of a file cut short
        return "不是可读取的压缩包，或文件被截断"
    return str(text)[:200]


def _encryption(exc: BaseException) -> bool:
    text = said(exc).lower()
    return "encrypt" in text or "passphrase" in text or "password" in text


def entries(
    path: Source, shown: str, limits: Limits, what: str | None = None
) -> Iterator[tuple[Member, Any]]:
    """The members of the archive `path` (a file, or its bytes) with libarchive's entry (whose
    data can be read before the next is asked for), checked as they come (module docstring): E021
    over the limits, E008 damaged (naming `shown`), `HeadersEncrypted`, `ReaderMissing`; the OS
    error for a missing or unreadable file. `what` is its format (RAR, 7z, tar); by its name when
    None (a file only)."""
    binding = libarchive()
    size = len(path) if isinstance(path, bytes) else path.stat().st_size
    if size == 0:
        raise DubanError(E.ARCHIVE_CORRUPT, path=shown, detail="文件是空的")
    if what is None:
        what = kind_of(path) if isinstance(path, Path) else "tar"
    total = count = 0
    listed = False
    locked = rar5_encrypted(path) if what == "RAR" else frozenset()
    try:
        with _reader(binding, path, _FORMATS[what]) as reader:
            for entry in reader:
                listed = True
                member = _member(binding, entry)
                if member.name in locked and not member.encrypted:
                    member = Member(member.name, member.size, True, member.is_dir)
                count += 1
                total += member.size or 0
                _check(shown, what, limits, count, total, size)
                yield member, entry
    except binding.ArchiveError as exc:
        if _encryption(exc) and not listed:
            raise HeadersEncrypted(said(exc)) from exc
        raise DubanError(E.ARCHIVE_CORRUPT, path=shown, detail=said(exc)) from exc
    if not listed:  # libarchive ends a RAR cut short in its first header without a word
        raise DubanError(E.ARCHIVE_CORRUPT, path=shown, detail="未列出任何文件，文件可能被截断")


def _vint(data: bytes, at: int) -> tuple[int, int]:
    """A RAR 5 variable-length integer at `at` and the offset after it (ValueError past the end)."""
    value = shift = 0
    while True:
        if at >= len(data) or shift > 63:
            raise ValueError("vint")
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at += 1
        shift += 7
        if not byte & 0x80:
            return value, at


def rar5_encrypted(path: Source) -> frozenset[str]:
    """The names of a RAR 5 archive's members that carry a file encryption record (type 0x01 in
    their header's extra area). libarchive before 3.7 does not flag them and would read their
    ciphertext as data; the headers are walked here (seeking past each data area, nothing read
    but headers) so that such a member is E009. Empty for another format or what cannot be read."""
    found: set[str] = set()
    try:
        with io.BytesIO(path) if isinstance(path, bytes) else path.open("rb") as handle:
            if handle.read(8) != b"Rar!\x1a\x07\x01\x00":
                return frozenset()
            for _ in range(2 * MAX_MEMBERS):
                start = handle.read(7)  # CRC32 and up to three bytes of the header's size
                if len(start) < 5:
                    break
                size, at = _vint(start, 4)
                if size > 2 * MB:
                    break
                body = start[at:] + handle.read(size - (len(start) - at))
                kind, i = _vint(body, 0)
                flags, i = _vint(body, i)
                extra = data = 0
                if flags & 0x0001:
                    extra, i = _vint(body, i)
                if flags & 0x0002:
                    data, i = _vint(body, i)
                if kind in (4, 5):  # archive encryption (libarchive says so), end of archive
                    break
                if kind == 2 and extra and _has_encryption_record(body[len(body) - extra :]):
                    found.add(_file_name(body, i))
                handle.seek(data, 1)
    except (OSError, ValueError, UnicodeDecodeError):
        pass
    return frozenset(found)


def _file_name(body: bytes, at: int) -> str:
    """The name in a RAR 5 file header's fields, starting at `at`."""
    file_flags, at = _vint(body, at)
    _, at = _vint(body, at)  # unpacked size
    _, at = _vint(body, at)  # attributes
    at += 4 if file_flags & 0x0002 else 0  # modification time
    at += 4 if file_flags & 0x0004 else 0  # data CRC32
    _, at = _vint(body, at)  # compression
    _, at = _vint(body, at)  # host OS
    length, at = _vint(body, at)
    return decode_name(body[at : at + length], None)


def _has_encryption_record(extra: bytes) -> bool:
    at = 0
    while at < len(extra):
        size, after = _vint(extra, at)
        kind, _ = _vint(extra, after)
        if kind == 0x01:
            return True
        at = after + size
    return False


def _check(shown: str, what: str, limits: Limits, count: int, total: int, size: int) -> None:
    """E021 when the members declared so far pass the limits (see the module docstring)."""
    if count > MAX_MEMBERS:
        raise DubanError(E.DOCX_TOO_LARGE, path=shown, what=what, detail=f"包含超过 {MAX_MEMBERS} 个文件")
    if not limits.docx_max_mb:  # `--docx-max-mb 0` switches the size and ratio bounds off
        return
    if total > limits.docx_max_mb * MB:
        detail = f"解压后超过 {total / MB:,.0f} MB，上限 {limits.docx_max_mb} MB"
        raise DubanError(E.DOCX_TOO_LARGE, path=shown, what=what, detail=detail)
    if total > RATIO_FLOOR and total > MAX_RATIO * size:
        detail = f"解压后 {total / MB:,.0f} MB，压缩比 {total / size:,.0f}:1"
        raise DubanError(E.DOCX_TOO_LARGE, path=shown, what=what, detail=detail)


def read_data(entry: Any, member: Member, source: str, limits: Limits) -> bytes:
    """The data of the current entry, never more than its declared size (E008 when more comes) or,
    when it declares none, than the size limit (E021); E009 encrypted, E008 damaged."""
    binding = libarchive()
    if member.encrypted:
        raise DubanError(E.ARCHIVE_ENCRYPTED, path=source)
    cap = member.size if member.size is not None else (limits.docx_max_mb * MB or None)
    chunks: list[bytes] = []
    got = 0
    try:
        for block in entry.get_blocks():
            got += len(block)
            if cap is not None and got > cap:
                if member.size is None:
                    detail = f"解压后超过 {limits.docx_max_mb} MB"
                    raise DubanError(E.DOCX_TOO_LARGE, path=source, what="压缩包中的文件", detail=detail)
                raise DubanError(E.ARCHIVE_CORRUPT, path=source, detail="解压后的数据多于声明的大小")
            chunks.append(block)
    except binding.ArchiveError as exc:
        if _encryption(exc):
            raise DubanError(E.ARCHIVE_ENCRYPTED, path=source) from exc
        raise DubanError(E.ARCHIVE_CORRUPT, path=source, detail=said(exc)) from exc
    return b"".join(chunks)


class Cursor:
    """An archive open for reading its members in order: `read` goes on from the last member read
    when the one asked for comes later, else reads the archive again from its start (members of
    one archive are read one after another, and a solid archive's member k needs all before it
    decompressed: reading them all through one cursor decompresses the archive once)."""

    def __init__(
        self,
        path: Source,
        shown: str,
        limits: Limits,
        key_of: Callable[[Member], str | None],
        what: str | None = None,
    ) -> None:
        self.path = path
        self.what = what
        self.shown = shown
        self.limits = limits
        self.key_of = key_of
        self.pid = os.getpid()
        self._entries: Iterator[tuple[Member, Any]] | None = None
        self._passed: set[str] = set()

    def read(self, key: str, source: str) -> bytes:
        """The member `key`'s bytes; E001 when the archive holds no such member."""
        if self._entries is None or key in self._passed:
            self.close()
            self._entries = entries(self.path, self.shown, self.limits, self.what)
            self._passed = set()
        try:
            for member, entry in self._entries:
                found = self.key_of(member)
                if found is None or found in self._passed:
                    continue
                self._passed.add(found)
                if found == key:
                    return read_data(entry, member, source, self.limits)
        except BaseException:
            self.close()  # the reader may be past what it can read: the next read starts again
            raise
        self._entries = None
        raise DubanError(E.FILE_NOT_FOUND, path=source)

    def close(self) -> None:
        """Close the reader (only in the process that opened it: a forked child drops it)."""
        if self._entries is not None and self.pid == os.getpid():
            close = getattr(self._entries, "close", None)
            if close is not None:
                close()
        self._entries = None
