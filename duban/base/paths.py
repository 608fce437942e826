"""File names that are not valid UTF-8 (GBK names unpacked from Windows zip files, say).

Python hands such names over with lone surrogates (`surrogateescape`), which neither SQLite, JSON
consumers nor a terminal accept. A document's `source` is therefore the name with each undecodable
byte written as `\\xNN` (valid text, one per file, and reversible with `path_of`), and messages show
the name decoded as GB18030 when that reads cleanly, so staff recognise their file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_ESCAPED = re.compile(r"\\x([0-9a-f]{2})")
#: The lexicons shipped with the rules (`duban/rules/lexicons`), found from this file so that every
#: layer reads the same folder: the index too, which imports nothing above the base.
LEXICONS = Path(__file__).resolve().parents[1] / "rules" / "lexicons"


def lexicon_path(name: str) -> Path:
    """Where the lexicon `name` (`units.txt`, `aliases.txt`, `xcheck_kind.yaml` …) lives: the one
    place that knows the folder (`rules.ruleset.lexicon_path` is this one)."""
    return LEXICONS / name


def is_clean(text: str) -> bool:
    """Whether `text` holds no lone surrogates (it encodes as UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def source_of(path: Path | str) -> str:
    """The name as valid text: itself when it is UTF-8, else its undecodable bytes as `\\xNN`."""
    text = str(path)
    if is_clean(text):
        return text
    return os.fsencode(text).decode("utf-8", errors="backslashreplace")


def path_of(source: str) -> Path:
    """The file a `source_of` string names (the inverse of the `\\xNN` escaping)."""
    if "\\x" not in source or Path(source).exists():
        return Path(source)
    raw = _ESCAPED.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), source)
    return Path(raw)


def readable(path: Path | str) -> str:
    """The name for a person: as is when it is UTF-8, else decoded as GB18030 (marked as such) when
    that works, else with the undecodable bytes as `\\xNN`."""
    text = str(path)
    if is_clean(text):
        return text
    data = os.fsencode(text)
    try:
        return f"{data.decode('gb18030')}（文件名为 GBK 编码）"
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="backslashreplace")


_URL_START = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(text: str) -> bool:
    """Whether a command-line argument or a stored source names a URL (`scheme://…`, a page fetched
    by `pipeline.fetch`), not a path: a path never holds `://` after its first letters (`C:\\x`
    has no slashes after the colon)."""
    return bool(_URL_START.match(text))


def still_there(source: str) -> bool:
    """Whether the file a stored source names still exists; True when that cannot be told (a
    folder without permission, a disconnected share, a damaged archive), so nothing is removed on
    a doubt. A member of a `.zip` (`a.zip/b/c.docx`) is there while the archive is and holds it.
    A URL (a fetched page, or a member of a fetched archive) is no file: always there, so
    `duban prune` never removes it; `duban delete` does."""
    from duban.base.archive_paths import has_member, split_member

    if is_url(source):
        return True
    try:
        path = path_of(source)
        if path.exists():
            return True
        member = split_member(path)
        return member is not None and has_member(*member)
    except OSError:
        return True
