"""Reading the documents inside archives (`.zip`, `.rar`, `.7z`, `.tar`, `.tar.gz`/`.tgz`,
`.tar.bz2`/`.tbz2`, `.tar.xz`/`.txz`), as if the archive were a folder.

Lower units send their reports as `.zip` attachments; a nightly batch that skipped them needed a
person to unpack each. The walk (`files.walk`) lists an archive's members from its directory alone
(no member is inflated there): each member of a type duban reads becomes a document named
`<archive>/<member>` (`base.archive_paths`), one of a type it does not read is skipped with that
type's hint, and what a folder walk ignores (hidden files, Office lock files, `Thumbs.db`) is
ignored, with the `__MACOSX/` resource forks macOS adds. A member is extracted like a file, in a
worker under the per-file limits (`member_file`): its bytes are read into memory and written to a
private temporary folder for the loader (every loader reads a path), which is removed afterwards.
Nothing is ever unpacked under the member's own name, so `../` or absolute names cannot reach the
file system; they are refused anyway (E031), as no honest archive holds them.

Safety, within the limits a `.docx` is read under (`loaders.package.check_sizes`, set by
`--docx-max-mb`): the uncompressed size of all members and their count from the directory, before
anything is inflated, and a ratio bound for a member that inflates past `RATIO_FLOOR`; a read never
returns more than the size the directory declares. An encrypted member (flag bit 0x1) is E009 for
that member only; a damaged archive is E008 naming it, and the batch goes on.

`.rar`, `.7z` and the tars (Chinese offices send `.rar` and `.7z` as often as `.zip`) are read through libarchive (`base.libarchive_members`) by the same walk (`_take` sorts a
member of any format) and the same `member_file`: the same skips, E031, E009, E008 and limits, the
declared sizes and count checked as the headers come (these formats are streams: no directory to
read first), the ratio bound over the whole archive (no member's compressed size is listed). In a
solid archive (7z, a solid RAR) extracting member k decompresses all before it: that happens in
the worker, under the per-file limits, bounded by the declared sizes already checked, and the
members are read in order through one open reader (`_cursor`) so the archive is decompressed once
for all of them; listing a solid RAR in the walk decompresses it too (libarchive skips a member by
decompressing it), bounded the same way. An archive whose list of members is encrypted is E038;
without libarchive (the system's `libarchive13` and `libarchive-c`) such an archive is E039 and
the batch goes on; `.zip` never needs it.

An archive is read by what its first bytes are (`archive_paths.archive_kind`), not refused as
damaged when its name says another format (a `.rar` that is a zip, a `.zip` that is a 7z: renamed
by hand or by a mail system); the walk warns in `loaders.relabel`'s words.

One level of nesting is read, because that is how most deliveries come: a message whose
attachment is `材料.zip`, a county's zip of its townships' zips. A container inside a container
(an archive in an archive or attached to a message, a message in an archive or attached to one)
is walked like the outer one, its members named `<outer>/<inner.zip>/<member>` and added as
members of the outer file, with the same skips, ignores, E031, E009, bomb ratios and declared
sizes, checked again at its own level (E021, E008 naming `<outer>/<inner>`; the outer's other
members are read all the same). Listing it needs its bytes in the walk, in the parent process,
outside the per-file limits: that is acceptable because they are bounded before they are read by
the outer container's checks (its declared sizes within `--docx-max-mb`, its ratio bound, a read
never past a declared size), so the walk holds at most what one `.docx` may inflate to, and
nothing of the inner container is inflated there beyond its directory (a solid inner RAR aside,
as at one level). A member is read in the worker: the outer container's reader gives the inner
container's bytes (kept, `_inner_bytes`), which are opened in memory (zipfile on `BytesIO`,
libarchive's memory reader, the mail parse of bytes) and kept open for the next member, one
cache a level, so that the members of one inner container read one after another cost one read of
it, and a one-level archive is read exactly as before. `duban prune` checks a nested key by
reading the inner container from the outer one (`archive_paths.has_member`). A third level is
not opened: it is skipped with `NESTED_HINT` (a message there with `MAIL_NESTED_HINT`). A message
forwarded inside an Outlook `.msg` (a storage, not bytes) is rebuilt as an attached `.eml` by
`outlook_parts` and read as one; one inside that stays skipped.
"""

from __future__ import annotations

import io
import logging
import os
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from duban.base.archive_paths import (
    ARCHIVE_SUFFIXES,
    ENCRYPTED_FLAG,
    archive_kind,
    inner_split,
    is_archive,
    libarchive_key,
    member_key,
    member_name,
    members,
    split_member,
    unsafe,
)
from duban.base.errors import DubanError, E
from duban.base.libarchive_members import Cursor, Source, kind_of
from duban.base.limits import MB, Limits, current
from duban.base.mail_parts import is_mail
from duban.base.paths import readable, source_of
from duban.base.processes import alive

if TYPE_CHECKING:
    from duban.pipeline.files import Walk

log = logging.getLogger(__name__)

RATIO_FLOOR = 10 * MB
"""A member inflating to more than this is checked against `MAX_RATIO`."""
MAX_RATIO = 200
"""Uncompressed to compressed size above which a large member is taken for a zip bomb: deflate
reaches about 1,000:1 on zeros; documents, even blank scans saved as BMP, stay far below 200:1."""
NESTED_HINT = (
    "第三层的压缩包未展开（duban 读取压缩包或邮件中的压缩包，但不再向下展开）；请先解压外层压缩包，"
    "再处理解压出的文件夹（其中的 .zip、.rar、.7z、.tar、.tar.gz 会被读取）。"
)
_NESTED = {".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"}
MAIL_NESTED_HINT = (
    "邮件未展开（Outlook 邮件中嵌入的邮件，或第三层的邮件，duban 不再向下展开）；"
    "请先将其取出另存为 .eml 或 .msg 文件，再处理另存的文件。"
)
_MACOS_FORKS = "__MACOSX"
# What inflating a damaged member raises: a bad CRC or header, a broken deflate stream, a stream
# that ends early, a compression method this Python lacks.
_BROKEN = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError)

# How the walk takes a member to read: (member path, relative name, archive).
Add = Callable[[Path, str, Path], None]


def _ignorable_part(name: str) -> bool:
    return name.startswith((".", "~$")) or name in ("Thumbs.db", "desktop.ini")


def corrupt(archive: Path | str, exc: BaseException) -> DubanError:
    """E008 for an archive (or a member of it) that cannot be read."""
    detail = str(exc) or type(exc).__name__
    return DubanError(E.ARCHIVE_CORRUPT, path=readable(archive), detail=detail[:200])


def open_archive(archive: Source, shown: str) -> zipfile.ZipFile:
    """The archive (a file, or its bytes) opened (its directory read); E008 naming `shown` when it
    is not a readable zip, the OS error for a missing or unreadable file."""
    try:
        return zipfile.ZipFile(io.BytesIO(archive) if isinstance(archive, bytes) else archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise DubanError(E.ARCHIVE_CORRUPT, path=shown, detail=_said(exc)) from exc


def _said(exc: BaseException) -> str:
    text = str(exc)
    if "not a zip file" in text.lower():
        return "不是 ZIP 格式，或文件被截断"
    return (text or type(exc).__name__)[:200]


def check_archive(package: zipfile.ZipFile, shown: str, limits: Limits) -> None:
    """Refuse an archive beyond the limits (E021) from its directory alone: the total uncompressed
    size and the member count as for a `.docx`, and the ratio of any large member (off with the
    size limit, so that the hint's `--docx-max-mb 0` lets a refused archive through)."""
    from duban.pipeline.loaders.package import check_sizes

    check_sizes(package, shown, limits, "ZIP")
    if not limits.docx_max_mb:  # `--docx-max-mb 0` switches the ratio bound off with the size's
        return
    for info in package.infolist():
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise DubanError(
                E.DOCX_TOO_LARGE,
                path=shown,
                what="ZIP",
                detail=f"“{member_name(info)}”解压后 {info.file_size / MB:,.0f} MB，压缩比 {ratio:,.0f}:1",
            )


def nested_skip(member: Path) -> DubanError | None:
    """The E003 skipping a container found where it is not opened (a third level, a message
    embedded in a `.msg`, a lone `.gz`), with the hint to take it out first; None for other
    members."""
    suffix = member.suffix.lower()
    if suffix in _NESTED:
        return DubanError(E.UNSUPPORTED_FORMAT, path=readable(member), suffix=suffix, remedy=NESTED_HINT)
    if is_mail(member):
        return DubanError(E.UNSUPPORTED_FORMAT, path=readable(member), suffix=suffix, remedy=MAIL_NESTED_HINT)
    return None


def walk_archive(archive: Path, relative: str, result: Walk, add: Add, limits: Limits | None = None) -> None:
    """List the members of `archive` (found as `relative` below the folder named) into the walk's
    `result`: `add` those to read; skipped those of types duban does not read (with their hint);
    failed the archive or the members that cannot be read (E008, E009, E021, E031); ignored what a
    folder walk ignores. Only the zip directory is read (and the first bytes of a `.wps`/`.wpt`),
    and the bytes of a container inside it, whose members are listed in turn (one level). A saved
    e-mail is walked by `mail.walk_message`."""
    _walk_box(
        archive, archive, archive, relative, result, add, limits if limits is not None else current(), True
    )


# How a walk lists a container inside the one it lists: (its path, relative name, its bytes).
Descend = Callable[[Path, str, Callable[[], bytes]], None]


def _walk_box(
    disk: Path,
    box: Path,
    source: Source,
    relative: str,
    result: Walk,
    add: Add,
    limits: Limits,
    outer: bool,
) -> None:
    """List the container `box` (the file `disk`, or a member of it whose bytes are `source`):
    see `walk_archive`. Its members are added as members of `disk` (the file a worker opens);
    when `outer`, a container among them is listed too (`_descend`), else skipped with its hint."""
    shown = readable(box)
    seen: set[str] = set()

    def add_here(path: Path, name: str, _archive: Path) -> None:
        add(path, name, disk)

    def descend(member: Path, name: str, data: Callable[[], bytes]) -> None:
        try:
            inner = data()
        except DubanError as exc:
            result.failed.append((member, exc))
            return
        except _BROKEN as exc:
            result.failed.append(
                (member, DubanError(E.ARCHIVE_CORRUPT, path=readable(member), detail=_said(exc)))
            )
            return
        _walk_box(disk, member, inner, name, result, add, limits, False)

    inner_walk = descend if outer else None
    try:
        if is_mail(box):
            from duban.pipeline.mail import walk_message

            message = source if isinstance(source, bytes) else None
            walk_message(box, relative, result, add_here, limits, message, inner_walk)
            return
        kind = _kind(box, source, warn=True)
        if kind != "ZIP":
            _walk_libarchive(box, source, kind, relative, shown, result, add_here, limits, inner_walk)
            return
        with open_archive(source, shown) as package:
            check_archive(package, shown, limits)
            for info in package.infolist():
                if not info.is_dir():
                    encrypted = bool(info.flag_bits & ENCRYPTED_FLAG)
                    head = _zip_head(package, info)
                    data = _zip_data(package, info)
                    _take(
                        box,
                        relative,
                        member_name(info),
                        encrypted,
                        head,
                        seen,
                        result,
                        add_here,
                        inner_walk,
                        data,
                    )
    except DubanError as exc:
        result.failed.append((box, exc))
    except OSError as exc:
        from duban.pipeline.loaders import os_error

        result.failed.append((box, os_error(exc, shown)))


def _kind(box: Path, source: Source, warn: bool = False) -> str:
    """How to read the container `box` (`archive_kind`); when `warn`, a warning in relabel's words
    for an archive whose bytes are another format than its name says (read by its bytes)."""
    kind = archive_kind(box.name, source)
    named = "ZIP" if box.name.lower().endswith(".zip") else kind_of(box.name)
    if warn and kind not in ("MAIL", named):
        lower = box.name.lower()
        suffix = max((end for end in ARCHIVE_SUFFIXES if lower.endswith(end)), key=len, default=box.suffix)
        log.warning(
            "%s：扩展名为“%s”，实际是 %s 压缩包，已按 %s 压缩包读取", readable(box), suffix, kind, kind
        )
    return kind


def _zip_data(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes]:
    """A zip member's bytes when asked for (a container inside it), never more than it declares
    (the archive's sizes were checked before)."""

    def data() -> bytes:
        with package.open(info) as stream:
            return stream.read(info.file_size + 1)

    return data


def _take(
    archive: Path,
    relative: str,
    name: str,
    encrypted: bool,
    head: Callable[[], bytes | None],
    seen: set[str],
    result: Walk,
    add: Add,
    descend: Descend | None = None,
    data: Callable[[], bytes] | None = None,
) -> None:
    """Sort one member of an archive into the walk's `result` (one path for every format): refused
    (E031), ignored, skipped with its hint, failed encrypted (E009), listed as a container
    (`descend` with its bytes `data`; skipped with the nested hint without them), or added to
    read. `head` gives the member's first bytes for a `.wps`/`.wpt`/`.dps` (None when they cannot
    be read)."""
    from duban.pipeline.loaders import LOADERS, readable_data, unsupported

    shown = readable(archive)
    if unsafe(name):
        error = DubanError(E.ARCHIVE_UNSAFE_NAME, path=f"{shown}/{name}", detail=name)
        result.failed.append((Path(f"{archive}/{name}"), error))
        return
    key = member_key(name)
    parts = key.split("/")
    if not key or parts[0] == _MACOS_FORKS or any(_ignorable_part(p) for p in parts):
        result.ignored += 1
        return
    if key in seen:  # a name twice: the first is read, as a folder holds one
        return
    seen.add(key)
    member = archive / key
    suffix = member.suffix.lower()
    nested = nested_skip(member)
    if nested is not None and descend is not None and data is not None and is_archive(member):
        if encrypted:
            result.failed.append((member, DubanError(E.ARCHIVE_ENCRYPTED, path=readable(member))))
        else:
            descend(member, f"{relative}/{key}", data)
        return
    if nested is not None:
        result.skipped.append((member, nested))
        return
    if suffix not in LOADERS:
        result.skipped.append((member, unsupported(member)))
        return
    if encrypted:
        result.failed.append((member, DubanError(E.ARCHIVE_ENCRYPTED, path=readable(member))))
        return
    if suffix in (".wps", ".wpt", ".dps", ".dpt"):  # WPS's own older formats are skipped with the hint
        first = head()
        if first is not None and not readable_data(suffix, first):
            result.skipped.append((member, unsupported(member)))
            return
    add(member, f"{relative}/{key}", archive)


def _walk_libarchive(
    archive: Path,
    source: Source,
    kind: str,
    relative: str,
    shown: str,
    result: Walk,
    add: Add,
    limits: Limits,
    descend: Descend | None,
) -> None:
    """List a `.rar`, `.7z` or `.tar` archive's members as a zip's (`base.libarchive_members`
    checks the declared sizes and counts as they come). E038 when its list is encrypted, E039
    when libarchive is not installed. A container among them (when `descend`) is read while its
    entry is current, within the declared sizes already checked."""
    from duban.base.libarchive_members import HeadersEncrypted, ReaderMissing, entries, libarchive, read_data

    listed: list[tuple[str, bool, bytes | None, Callable[[], bytes] | None]] = []
    try:
        binding = libarchive()
        for member, entry in entries(source, shown, limits, kind):
            if member.is_dir:
                continue
            head: bytes | None = None
            data: Callable[[], bytes] | None = None
            if member.name.lower().endswith((".wps", ".wpt", ".dps", ".dpt")) and not member.encrypted:
                try:  # read while the entry is current: the stream cannot come back to it
                    head = _sniffed(member.name, entry.get_blocks())
                except binding.ArchiveError:
                    head = None  # reading it in the worker reports why
            elif (
                descend is not None
                and not member.encrypted
                and is_archive(Path(member_key(member.name) or "x"))
            ):
                data = _read_now(entry, member, f"{shown}/{member_key(member.name)}", limits, read_data)
            listed.append((member.name, member.encrypted, head, data))
        # taken only once the whole list passed the limits, as a zip's directory is checked first
        seen: set[str] = set()
        for name, encrypted, first, got in listed:
            _take(archive, relative, name, encrypted, _given(first), seen, result, add, descend, got)
    except HeadersEncrypted as exc:
        result.failed.append((archive, DubanError(E.ARCHIVE_HEADERS_ENCRYPTED, path=shown, detail=str(exc))))
    except ReaderMissing as exc:
        missing = DubanError(E.ARCHIVE_READER_MISSING, path=shown, what=kind, detail=str(exc))
        result.failed.append((archive, missing))


def _read_now(
    entry: object, member: object, shown: str, limits: Limits, read: Callable[..., bytes]
) -> Callable[[], bytes]:
    """A libarchive member's bytes read now (the stream cannot come back to it), handed over when
    asked for, or the error reading them raised then."""
    try:
        data = read(entry, member, shown, limits)
    except DubanError as exc:
        error = exc

        def failed() -> bytes:
            raise error

        return failed
    return lambda: data


def _given(head: bytes | None) -> Callable[[], bytes | None]:
    """A member's first bytes read while listing, as `_take` asks for them."""
    return lambda: head


_SNIFF_MAX = 64 * MB
"""A compound `.dps` (or `.dpt`) member is read up to this to tell a PowerPoint deck (read) from WPS's own
older format (skipped with the hint): `loaders.readable_data` looks for the deck's stream."""


def _sniffed(name: str, blocks: Iterable[bytes]) -> bytes:
    """What `_take` needs of a member's bytes: the first 8, and for a compound `.dps` the whole
    member up to `_SNIFF_MAX`."""
    from duban.pipeline.loaders import OLE_MAGIC

    data = bytearray()
    for block in blocks:
        data += block
        if len(data) >= 8 and (not name.lower().endswith((".dps", ".dpt")) or not data.startswith(OLE_MAGIC)):
            return bytes(data[:8])
        if len(data) > _SNIFF_MAX:
            return bytes(data[:8])  # too large to look inside: taken, its loader decides
    return bytes(data)


def _zip_head(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes | None]:
    """The first bytes of a zip member `_take` needs (`_sniffed`), when asked for (None when they
    cannot be read)."""

    def head() -> bytes | None:
        try:
            with package.open(info) as stream:
                return _sniffed(info.filename, iter(lambda: stream.read(1 << 20), b""))
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
            return None  # reading it reports why

    return head


def read_member(archive: Path, key: str, source: str, limits: Limits | None = None) -> bytes:
    """The bytes of the member `key` of `archive`, checked again (the archive may have been
    replaced since the walk): E008 damaged, E009 encrypted, E021 beyond the limits, E001 gone.
    A key inside a container inside the archive (`inner_split`) is read from that container's
    bytes, opened in memory (kept for the next member: they are read one after another)."""
    limits = limits if limits is not None else current()
    try:
        stat = archive.stat()
        signature = (str(archive.absolute()), stat.st_mtime_ns, stat.st_size, stat.st_ino, limits.docx_max_mb)
        nested = inner_split(key)
        if nested is not None and not _direct(archive, signature, key, limits):
            inner, rest = nested
            try:
                data = _inner_bytes(archive, signature, inner, limits)
            except DubanError as exc:
                if exc.kind is not E.FILE_NOT_FOUND:
                    raise
                data = None  # no such container: a folder of the archive named like one
            if data is not None:
                return _read_in(archive / inner, (*signature, inner), data, rest, source, limits)
        return _read_in(archive, signature, archive, key, source, limits)
    except OSError as exc:
        from duban.pipeline.loaders import os_error

        raise os_error(exc, source) from exc


_Signature = tuple[object, ...]
_inner: tuple[_Signature, bytes] | None = None
"""The bytes of the container inside an archive read last: its members come one after another."""
_kinds: dict[_Signature, str] = {}


def _kind_of(box: Path, signature: _Signature, source: Source) -> str:
    if signature not in _kinds:
        if len(_kinds) > 16:
            _kinds.clear()
        _kinds[signature] = _kind(box, source)
    return _kinds[signature]


def _direct(archive: Path, signature: _Signature, key: str, limits: Limits) -> bool:
    """Whether a key that looks nested is a member of the archive itself (a folder in a zip named
    like an archive); only a zip's directory can tell it cheaply (a message's keys have no `/`)."""
    if _kind_of(archive, signature, archive) != "ZIP":
        return False
    return key in _opened(archive, signature, archive, limits)[1]


def _inner_bytes(archive: Path, signature: _Signature, inner: str, limits: Limits) -> bytes:
    """The bytes of the container `inner` of `archive`, read once for all its members."""
    global _inner
    if _inner is None or _inner[0] != (*signature, inner):
        _inner = None
        data = _read_in(archive, signature, archive, inner, readable(archive / inner), limits)
        _inner = ((*signature, inner), data)
    return _inner[1]


def _read_in(box: Path, signature: _Signature, source: Source, key: str, shown: str, limits: Limits) -> bytes:
    """The member `key` of the container `box` (the file, or its bytes `source`)."""
    kind = _kind_of(box, signature, source)
    if kind == "MAIL":
        from duban.pipeline.mail import read_part

        return read_part(box, key, shown, limits, (signature, source) if isinstance(source, bytes) else None)
    if kind != "ZIP":
        return _read_libarchive(box, signature, source, kind, key, shown, limits)
    package, index = _opened(box, signature, source, limits)
    info = index.get(key)
    if info is None:
        raise DubanError(E.FILE_NOT_FOUND, path=shown)
    if info.flag_bits & ENCRYPTED_FLAG:
        raise DubanError(E.ARCHIVE_ENCRYPTED, path=shown)
    try:
        with package.open(info) as stream:
            return stream.read(info.file_size + 1)  # zipfile stops at the declared size
    except _BROKEN as exc:
        raise DubanError(E.ARCHIVE_CORRUPT, path=shown, detail=_said(exc)) from exc


_cursor: dict[int, tuple[_Signature, Cursor]] = {}
"""The `.rar`/`.7z`/`.tar` archive read last (one a level: a file, a container inside one), open
where its last member read ends: its members are read in the walk's order, and for a solid archive
reading each from the start would decompress it once per member."""


def _read_libarchive(
    archive: Path, signature: _Signature, source: Source, kind: str, key: str, shown: str, limits: Limits
) -> bytes:
    """A member of a libarchive-read archive (`read_member`): E038, E039 as in the walk."""
    from duban.base.libarchive_members import HeadersEncrypted, ReaderMissing

    level = int(isinstance(source, bytes))
    named = readable(archive)
    try:
        opened = _cursor.get(level)
        if opened is None or opened[0] != signature or opened[1].pid != os.getpid():
            if opened is not None:
                opened[1].close()
            _cursor[level] = opened = (signature, Cursor(source, named, limits, libarchive_key, kind))
        return opened[1].read(key, shown)
    except HeadersEncrypted as exc:
        raise DubanError(E.ARCHIVE_HEADERS_ENCRYPTED, path=named, detail=str(exc)) from exc
    except ReaderMissing as exc:
        raise DubanError(E.ARCHIVE_READER_MISSING, path=named, what=kind, detail=str(exc)) from exc


_open: dict[int, tuple[_Signature, zipfile.ZipFile, dict[str, zipfile.ZipInfo]]] = {}
"""The zip read last (one a level: a file, a zip inside a container), kept open with its members
by key: the members of an archive come one after another (the walk's order), and opening it for
each read its whole directory again, which for an archive of thousands of members made reading
them quadratic. Reopened when the file on the disk changes (another mtime, size or inode) or
another archive is read."""


def _opened(
    archive: Path, signature: _Signature, source: Source, limits: Limits
) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    level = int(isinstance(source, bytes))
    opened = _open.get(level)
    if opened is not None and opened[0] == signature:
        return opened[1], opened[2]
    if opened is not None:
        opened[1].close()
        del _open[level]
    shown = readable(archive)
    package = open_archive(source, shown)
    try:
        check_archive(package, shown, limits)
        index = members(package)
    except BaseException:
        package.close()
        raise
    _open[level] = (signature, package, index)
    return package, index


def source_bytes(path: Path, source: str) -> bytes:
    """The bytes of a file, or of an archive's member when `path` names one (`a.zip/b.docx`,
    `a.eml/正文.txt`)."""
    member = split_member(path)
    if member is None:
        return path.read_bytes()
    return read_member(*member, source)


@contextmanager
def member_file(path: Path, source: str) -> Iterator[tuple[Path, bytes | None]]:
    """A file a loader can read for `path`, and its bytes when they were read here: the path itself
    for an ordinary file (None: the caller reads them); for a member of an archive, its bytes
    written to a private temporary folder under the member's own base name (the loader picks the
    type by suffix), removed when done. Nothing else on the disk is touched."""
    member = split_member(path)
    if member is None:
        yield path, None
        return
    data = read_member(*member, source)
    with tempfile.TemporaryDirectory(prefix=f"{_TEMP_PREFIX}{os.getpid()}-") as folder:
        local = Path(folder) / _local_name(member[1])
        local.write_bytes(data)
        yield local, data


_TEMP_PREFIX = "duban-zip-"
_TEMP_FOLDER = re.compile(re.escape(_TEMP_PREFIX) + r"(\d+)-")


def sweep_stale_folders(root: Path | None = None) -> int:
    """Remove the temporary folders (`member_file`) of processes that no longer run, under `root`
    (the system's temporary folder), and say how many: a worker stopped for going over its time or
    memory limit is killed inside `member_file`, and its folder, which holds a member's bytes,
    would stay until the next reboot. A folder names its process; one whose process is alive (or
    whose process id was reused since: rare, and only a later sweep's delay) is left alone."""
    import shutil

    root = root if root is not None else Path(tempfile.gettempdir())
    removed = 0
    try:
        entries = list(os.scandir(root))
    except OSError:
        return 0
    for entry in entries:
        found = _TEMP_FOLDER.match(entry.name)
        if found is None or not entry.is_dir(follow_symlinks=False) or alive(int(found.group(1))):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed += not os.path.exists(entry.path)
    if removed:
        log.info("removed %d temporary folders left by stopped workers under %s", removed, root)
    return removed


def _local_name(key: str) -> str:
    """The member's base name, shortened to what a file system takes (255 bytes)."""
    name = key.rsplit("/", 1)[-1]
    if len(name.encode("utf-8")) <= 200:
        return name
    suffix = Path(name).suffix[:20]
    return "member" + suffix


def member_source(archive: Path, relative_to_archive: str) -> str:
    """The source of a member in the index: the archive's absolute path (as a file's source is)
    and the member's key."""
    return f"{source_of(archive.absolute().resolve())}/{relative_to_archive}"
