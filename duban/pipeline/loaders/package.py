"""Safety checks for zip packages of XML parts (.docx, .ofd, .xlsx), shared by their loaders; the
size checks also guard the `.zip` archives whose members are read (`pipeline.archives`).

A package from outside can be a zip bomb (a few hundred KB that inflate to gigabytes), an entity
bomb, XML nested thousands deep, or just a damaged zip. Both loaders check it within the same
limits (`base.limits`: `docx_max_mb`, `docx_max_elements`, set by `--docx-max-mb` and
`--docx-max-elements`): the uncompressed size of all parts from the zip directory before any part
is inflated, then each XML part read through a parser that resolves no entities, loads no DTD and
reaches no network, counting elements and refusing a DTD (neither Word nor an OFD writer puts one
in). The error kinds are the caller's, so that a damaged .ofd is not reported as a Word file.

A damaged zip directory fails inside `zipfile` in more ways than `BadZipFile`: a part's name
marked UTF-8 that is not (`UnicodeDecodeError`), a header field out of range (`struct.error`,
`OverflowError`, `IndexError`), an entry the directory lists but cannot find (`KeyError`), a
version or compression it does not know (`NotImplementedError`), a part flagged encrypted
(`RuntimeError`), a part flagged bzip2 or LZMA that is not (`OSError` without an errno,
`LZMAError`), an offset before the file's start (`OSError` EINVAL from the seek). Every zip-based loader reads its package inside `zip_damage`, so
each of these is the loader's own damaged-file error naming the file, never an unexpected
exception (E080) or a disk error.
"""

from __future__ import annotations

import errno
import lzma
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

from duban.base.errors import DubanError, E
from duban.base.limits import MB, Limits
from duban.pipeline.loaders.relabel import error_detail

if TYPE_CHECKING:
    from lxml import etree

MAX_PARTS = 10_000

# What `zipfile` (and zlib, bz2, lzma under it) raises on a damaged package (`__doc__`), besides
# the `OSError` that `damaged` also takes.
ZIP_DAMAGE: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    UnicodeDecodeError,
    struct.error,
    OverflowError,
    KeyError,
    IndexError,
    RuntimeError,  # a part flagged encrypted: "password required for extraction"
    lzma.LZMAError,
)


def damaged(exc: BaseException) -> bool:
    """Whether `exc`, raised while a package was read, says the zip is damaged (`ZIP_DAMAGE`, or a
    seek to an offset the directory got wrong, bz2's "Invalid data stream" without an errno) rather
    than that the disk failed (an `OSError` with its errno: `loaders.os_error` reports it)."""
    return isinstance(exc, ZIP_DAMAGE) or (isinstance(exc, OSError) and exc.errno in (None, errno.EINVAL))


@contextmanager
def zip_damage(source: str, corrupt: E) -> Iterator[None]:
    """Read a package inside this: a damaged zip (`damaged`) becomes the caller's `corrupt` error
    naming the file, with the exception as its detail."""
    try:
        yield
    except DubanError:
        raise
    except Exception as exc:
        if not damaged(exc):  # a bug, or the disk failing: not the file's damage
            raise
        raise DubanError(corrupt, path=source, detail=zip_damage_detail(exc)) from exc


def zip_damage_detail(exc: BaseException) -> str:
    """What a damaged package's error says, in Chinese with the library's message as a technical
    tail: a file without a zip directory at all is most often cut short by a download or another
    file given the package's name (a .txt renamed .docx), which staff can check; anything else
    is a damaged zip."""
    if isinstance(exc, zipfile.BadZipFile) and "not a zip file" in str(exc):
        return f"不是完整的 zip 压缩包，可能下载不完整，或是改了扩展名的其他文件：{error_detail(exc)}"
    return f"压缩包结构已损坏：{error_detail(exc)}"


def check_sizes(package: zipfile.ZipFile, source: str, limits: Limits, what: str) -> None:
    """Refuse a package whose parts would inflate beyond the limit, or that has too many parts
    (E021, naming the format `what`), from its zip directory alone."""
    parts = package.infolist()
    total = sum(info.file_size for info in parts)
    if limits.docx_max_mb and total > limits.docx_max_mb * MB:
        raise DubanError(
            E.DOCX_TOO_LARGE,
            path=source,
            what=what,
            detail=f"解压后 {total / MB:,.0f} MB，上限 {limits.docx_max_mb} MB",
        )
    if len(parts) > MAX_PARTS:
        raise DubanError(E.DOCX_TOO_LARGE, path=source, what=what, detail=f"包含 {len(parts)} 个部件")


def parse_part(
    stream: IO[bytes],
    source: str,
    limits: Limits,
    *,
    part: str,
    what: str,
    corrupt: E,
    keep: bool = False,
    counted: int = 0,
    seen: Callable[[etree._Element], None] | None = None,
) -> tuple[etree._Element | None, int]:
    """Stream one XML part through the safe parser: its root when `keep` (else each element is
    dropped once counted, the part only checked) and the elements counted so far, `counted` being
    those of the parts read before (the limit is over all of them). Over the limit is E021; broken
    XML or a DTD is `corrupt` with the part's name `part`. `seen`, when given, is shown each
    element once it is complete (before it is dropped), for checks of the caller's own. (lxml is
    imported here, not with the module: the walk of a folder checks a `.zip` with `check_sizes`
    and never parses XML.)"""
    from lxml import etree

    count = counted
    context = etree.iterparse(
        stream, events=("end",), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        for _, element in context:
            count += 1
            if limits.docx_max_elements and count > limits.docx_max_elements:
                raise DubanError(
                    E.DOCX_TOO_LARGE,
                    path=source,
                    what=what,
                    detail=f"{part}超过 {limits.docx_max_elements:,} 个 XML 元素",
                )
            if seen is not None:
                seen(element)
            if not keep:
                element.clear()
        root = context.root
        if root is not None and root.getroottree().docinfo.internalDTD is not None:
            raise DubanError(
                corrupt, path=source, detail=f"{part}含有 DTD/实体声明（{what} 文件不会写入，可能是恶意文件）"
            )
    except etree.XMLSyntaxError as exc:
        where = f"{part} " if part else ""  # a UOF file is one XML part, named by no part
        raise DubanError(corrupt, path=source, detail=f"{where}XML 损坏：{error_detail(exc)}") from exc
    return (root if keep else None), count


def whole_part(
    package: zipfile.ZipFile,
    member: str | None,
    name: str,
    source: str,
    limits: Limits,
    *,
    what: str,
    corrupt: E,
    counted: int,
) -> tuple[etree._Element, int]:
    """The root of the package's part `member` (the caller's resolution of `name`, None when the
    package lacks it) read whole through `parse_part`, and the elements counted so far; a part
    missing or empty is `corrupt`, naming `name`."""
    if member is None:
        raise DubanError(corrupt, path=source, detail=f"缺少部件 {name}")
    with package.open(member) as stream:
        root, counted = parse_part(
            stream,
            source,
            limits,
            part=f"部件 {name} ",
            what=what,
            corrupt=corrupt,
            keep=True,
            counted=counted,
        )
    if root is None:
        raise DubanError(corrupt, path=source, detail=f"部件 {name} 是空的")
    return root, counted
