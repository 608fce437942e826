"""Finding the files a command was given, accounting for every one.

`pathlib.glob` passes over a folder it cannot read without a word and the old walk dropped files
of other types silently, so a nightly job said "0 failed" while half a folder went unread. `walk`
returns the files to read, the files of types duban does not read (each with the hint for its
type), and the paths that could not be walked (missing, unreadable folders), each as an error.
Hidden files and Office lock files (`~$name.docx`) are counted but not listed: they are not
documents. An archive (`.zip`, `.rar`, `.7z`, `.tar`, `.tar.gz`/`.tgz`) or a saved e-mail is walked
like a folder (`pipeline.archives`): its members are found as
`<archive>/<member>`, with `archive` set, whatever `recursive` says (an archive is one delivery);
a container inside it one level down as `<archive>/<inner.zip>/<member>`, `archive` the outer file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from duban.base.archive_paths import is_archive
from duban.base.errors import DubanError, E
from duban.base.limits import Limits
from duban.base.paths import readable
from duban.pipeline.loaders import os_error, readable_type, unsupported


@dataclass(frozen=True)
class Found:
    """A file to read; `relative` is its path below the folder named (or its name). For a member of
    an archive, `path` is `<archive>/<member>` (no such file exists) and `archive` the archive."""

    path: Path
    relative: str
    archive: Path | None = None


@dataclass
class Walk:
    files: list[Found] = field(default_factory=list)
    skipped: list[tuple[Path, DubanError]] = field(default_factory=list)
    failed: list[tuple[Path, DubanError]] = field(default_factory=list)
    ignored: int = 0


def _ignorable(name: str) -> bool:
    return name.startswith((".", "~$")) or name in ("Thumbs.db", "desktop.ini")


def walk(paths: list[Path], recursive: bool, limits: Limits | None = None) -> Walk:
    """The files under `paths` in a stable order, each once; see the module docstring. `limits`
    (the active ones when None) bound the archives opened."""
    result = Walk()
    seen: set[Path] = set()

    def add(path: Path, relative: str, archive: Path | None = None) -> None:
        key = path.absolute()
        if key not in seen:
            seen.add(key)
            result.files.append(Found(path, relative, archive))

    def add_archive(path: Path, relative: str) -> None:
        from duban.pipeline.archives import walk_archive

        walk_archive(path, relative, result, add, limits)

    for path in paths:
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:
            result.failed.append((path, os_error(exc, readable(path))))
            continue
        if not exists:
            result.failed.append((path, DubanError(E.FILE_NOT_FOUND, path=readable(path))))
        elif not is_dir:
            if is_archive(path):
                add_archive(path, path.name)
            else:
                add(path, path.name)
        else:
            _walk_folder(path, recursive, result, add, add_archive)
    return result


def _walk_folder(root: Path, recursive: bool, result: Walk, add: object, add_archive: object) -> None:
    def refuse(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        reason = "没有读取权限" if isinstance(exc, PermissionError) else (exc.strerror or type(exc).__name__)
        result.failed.append((where, DubanError(E.FOLDER_UNREADABLE, path=readable(where), detail=reason)))

    for folder, dirs, names in os.walk(root, onerror=refuse):
        dirs.sort()
        if not recursive:
            dirs.clear()
        else:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in sorted(names):
            path = Path(folder) / name
            if _ignorable(name):
                result.ignored += 1
            elif is_archive(path) and path.is_file():
                add_archive(path, path.relative_to(root).as_posix())  # type: ignore[operator]
            elif readable_type(path):
                add(path, path.relative_to(root).as_posix())  # type: ignore[operator]
            elif path.is_file():
                result.skipped.append((path, unsupported(path)))
