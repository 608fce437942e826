"""Documents inside archives (`.zip`, `.rar`, `.7z`, `.tar`, `.tar.gz`) and saved e-mails, named
`<archive path>/<member path>`.

A member of an archive is a document like a file in a folder (`批次/报送材料.zip/县应急局/报告.docx`),
so its source is the archive's path and the member's name joined by `/`: staff recognise it, and
`still_there` (used by `duban prune` and by the renamed-file check of an ingest) can tell whether
it is still there without anything ever being unpacked to the disk. Kept in the base because the
index layer's prune reads it, and free of the loaders.

Member names are read as the tools that wrote them meant: a zip made on Chinese Windows stores its
names in GBK without the UTF-8 flag (bit 0x800), which Python's `zipfile` decodes as cp437 (mojibake
such as `σ╖Ñ╘ÿ.docx`); such a name is decoded again from its bytes, as UTF-8 when it is (some tools
write UTF-8 without the flag) and else as GB18030, and kept as it was when neither decodes.

`.rar`, `.7z`, `.tar` and `.tar.gz`/`.tgz` archives are listed through libarchive
(`base.libarchive_members`, which decodes their byte names the same way); their members are named,
keyed and checked for prune as a zip's.

A saved e-mail (`.eml`) is the other kind of container: its body and attachments are its members
(`base.mail_parts`), found, read and checked for prune by the same paths as a zip's.

One level of nesting is read (`pipeline.archives`): a container inside a container is named by its
key in the outer one, `<outer>/<inner.zip>/<member>` (`inner_split`), and `has_member` checks such
a key by reading the inner container's bytes from the outer one (within the active limits).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from duban.base.libarchive_members import (
    LIBARCHIVE_SUFFIXES,
    Source,
    container_kind,
    head_of,
    name_from_bytes,
)
from duban.base.mail_parts import MAIL_SUFFIXES

if TYPE_CHECKING:
    import zipfile

    from duban.base.libarchive_members import Member

ARCHIVE_SUFFIXES = (".zip", *LIBARCHIVE_SUFFIXES, *MAIL_SUFFIXES)
"""Containers whose members are read, by the end of the name (`.tar.gz`): `.zip` (`zipfile`),
`.rar`, `.7z`, `.tar`, `.tar.gz`/`.tgz` (libarchive: `base.libarchive_members`) and saved e-mails."""
UTF8_FLAG = 0x800
ENCRYPTED_FLAG = 0x1
_DRIVE = re.compile(r"^[A-Za-z]:")


def is_archive(path: Path) -> bool:
    """Whether a file's type is a container (a `.zip`, `.rar`, `.7z`, `.tar`, `.tar.gz`, an `.eml`)
    whose members duban reads."""
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def archive_kind(name: str, source: Source) -> str:
    """How to read a container named `name` (a file, or its bytes): MAIL for a message, else the
    archive format its first bytes show, else its name's (`libarchive_members.container_kind`)."""
    if name.lower().endswith(MAIL_SUFFIXES):
        return "MAIL"
    return container_kind(name, head_of(source))


def inner_split(key: str) -> tuple[str, str] | None:
    """A member key that names a member of a container inside the archive, split there
    (`县/乡镇.zip/报告.docx` → `县/乡镇.zip`, `报告.docx`); None for a key without a container among
    its folders."""
    parts = key.split("/")
    for at, part in enumerate(parts[:-1]):
        if part.lower().endswith(ARCHIVE_SUFFIXES):
            return "/".join(parts[: at + 1]), "/".join(parts[at + 1 :])
    return None


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: re-decoded when the UTF-8 flag is unset (see the
    module docstring), Windows' `\\` separators as `/` (after decoding: `\\` is a valid second byte
    of a GBK character)."""
    name = info.filename
    if not info.flag_bits & UTF8_FLAG:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:
            raw = b""
        if raw and not raw.isascii():
            name = name_from_bytes(raw) or name
    return name.replace("\\", "/")


def unsafe(name: str) -> bool:
    """Whether a member's name would point outside the archive if it were unpacked (`../x`, `/x`,
    `C:x`): such a member is refused, never read, so no name can reach the file system."""
    return name.startswith("/") or bool(_DRIVE.match(name)) or ".." in name.split("/")


def member_key(name: str) -> str:
    """The member's path as it is written in a source: no empty or `.` parts (as `Path` writes it,
    so that `archive / key` and the source agree)."""
    return "/".join(part for part in name.split("/") if part not in ("", "."))


def split_member(path: Path) -> tuple[Path, str] | None:
    """The archive and member key a path names (`a/b.zip/c/d.txt` → `a/b.zip`, `c/d.txt`) when an
    ancestor of it is an archive file, else None (an ordinary file; no disk access for a path
    without `.zip` among its folders)."""
    if not any(part.lower().endswith(ARCHIVE_SUFFIXES) for part in path.parts[:-1]):
        return None
    for parent in path.parents:
        if is_archive(parent) and parent.is_file():
            return parent, path.relative_to(parent).as_posix()
    return None


def libarchive_key(member: Member) -> str | None:
    """The key of a member of a libarchive-read archive (`base.libarchive_members`), None for a
    folder entry or an unsafe name (never read)."""
    if member.is_dir or unsafe(member.name):
        return None
    return member_key(member.name) or None


def members(package: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The members of an open archive by key (the first of a name given twice, as a folder holds
    one), folders and unsafe names left out."""
    found: dict[str, zipfile.ZipInfo] = {}
    for info in package.infolist():
        if info.is_dir():
            continue
        name = member_name(info)
        if not unsafe(name):
            found.setdefault(member_key(name), info)
    return found


def has_member(archive: Path, key: str) -> bool:
    """Whether `archive` holds a (safe) member named `key`, or a container inside it holds it
    (`inner_split`); raises OSError when the archive cannot be read (a damaged one is an OSError
    too: whether it holds the member cannot be told)."""
    stat = archive.stat()
    signature = (str(archive.absolute()), stat.st_mtime_ns, stat.st_size)
    keys = _keys(*signature)
    if key in keys:
        return True
    nested = inner_split(key)
    if nested is None or nested[0] not in keys:
        return False
    return nested[1] in _inner_keys(*signature, nested[0])


@lru_cache(maxsize=8)
def _keys(archive: str, mtime_ns: int, size: int) -> frozenset[str]:
    """The member keys of an archive as it is on the disk now (`duban prune` asks once per member:
    its directory is read once, and again when the archive changes). A message's are its body and
    attachments (`mail_parts.mail_members`)."""
    return keys_of(archive, Path(archive))


@lru_cache(maxsize=8)
def _inner_keys(archive: str, mtime_ns: int, size: int, inner: str) -> frozenset[str]:
    """The member keys of the container `inner` inside `archive` (read from its bytes)."""
    shown = f"{archive}/{inner}"
    return keys_of(shown, member_bytes(archive, Path(archive), inner))


def keys_of(name: str, source: Source) -> frozenset[str]:
    """The member keys of the container `name` (a file, or its bytes); OSError when they cannot
    be told (damaged, encrypted list, libarchive missing, over the limits)."""
    import io
    import zipfile

    kind = archive_kind(name, source)
    if kind == "MAIL":
        from duban.base.mail_parts import DamagedMessage, mail_members, parse

        try:
            data = source if isinstance(source, bytes) else source.read_bytes()
            return frozenset(mail_members(parse(data)))
        except DamagedMessage as exc:
            raise OSError(f"damaged message: {exc}") from exc
    if kind != "ZIP":
        return _libarchive_keys(name, source, kind)
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as package:
            return frozenset(members(package))
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise OSError(f"damaged archive: {exc}") from exc


def member_bytes(name: str, source: Source, key: str) -> bytes:
    """The bytes of the member `key` of the container `name` (a file, or its bytes), within the
    active limits; OSError when they cannot be read (`duban prune` keeps what it cannot tell)."""
    import io
    import zipfile

    from duban.base.errors import DubanError
    from duban.base.libarchive_members import Cursor, HeadersEncrypted, ReaderMissing
    from duban.base.limits import MB, current

    limits = current()
    kind = archive_kind(name, source)
    try:
        if kind == "MAIL":
            from duban.base.mail_parts import mail_members, parse, payload

            data = source if isinstance(source, bytes) else source.read_bytes()
            part = mail_members(parse(data)).get(key)
            if part is None:
                raise OSError(f"no member {key}")
            return payload(part)
        if kind != "ZIP":
            return Cursor(source, name, limits, libarchive_key, kind).read(key, f"{name}/{key}")
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as package:
            info = members(package).get(key)
            if info is None:
                raise OSError(f"no member {key}")
            if limits.docx_max_mb and info.file_size > limits.docx_max_mb * MB:
                raise OSError(f"member {key} over the limits")
            return package.read(info)
    except (DubanError, HeadersEncrypted, ReaderMissing, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise OSError(f"member not read: {exc}") from exc


def _libarchive_keys(name: str, source: Source, kind: str) -> frozenset[str]:
    """The member keys of a `.rar`, `.7z` or `.tar` archive, listed within the active limits; an
    OSError when they cannot be told (damaged, encrypted list, libarchive missing, over the limits)."""
    from duban.base.errors import DubanError
    from duban.base.libarchive_members import HeadersEncrypted, ReaderMissing, entries
    from duban.base.limits import current

    try:
        keys = (libarchive_key(member) for member, _ in entries(source, name, current(), kind))
        return frozenset(key for key in keys if key)
    except (DubanError, HeadersEncrypted, ReaderMissing) as exc:
        raise OSError(f"archive not listed: {exc}") from exc
