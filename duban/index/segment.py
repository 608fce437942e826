"""Jieba's segmentation (exact mode without HMM, and its search mode) without jieba's start-up cost.

Every process that segments used to build a `jieba.Tokenizer`: import jieba (which imports
`pkg_resources`), unmarshal its 500,000-entry prefix dictionary and add the unit lexicon, about a
second before the first word. A search from the shell segments a query of a few characters, so
that second was nearly all of its time.

Here the prefix dictionary (jieba's own plus the user lexicon, exactly as `load_userdict` leaves
it) is built once into an SQLite file in the user's cache folder, named by a hash of what it was
built from, so a changed lexicon or jieba gets a new file. Two ways to read it:

- `LazyDictionary` looks words up in the file as they are needed and remembers them: a query
  costs a few dozen lookups, no load at all;
- `load_dictionary` reads the whole of it into a dict, for segmenting much text (ingest).

`Segmenter` is jieba's algorithm (`Tokenizer.cut(HMM=False)`, `cut_for_search`, `tokenize`
in search mode) over either of them, written out so that neither needs `import jieba`; jieba is
imported only to build the file. The tests check that the tokens are jieba's, on texts written
for them and on the dev corpus. Bulk segmentation uses `rjieba` (jieba-rs, a dependency) when it
can be imported (`RJiebaSegmenter`): the same tokens (checked on the dev corpus and on a quarter of
corpus/real), about 8 times faster than jieba in search mode; where no wheel of it installs, the
Python segmenter here gives the same tokens more slowly.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import re
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from functools import cache
from math import log
from pathlib import Path
from typing import Any, Protocol

from duban.base.model import record

log_ = logging.getLogger(__name__)

FORMAT_VERSION = 1
CACHE_ENV = "DUBAN_CACHE_DIR"

# jieba 0.42's own patterns (`re_han_default`, `re_skip_default`, `re_eng`): which characters are
# segmented with the dictionary, which separate blocks, which letters and digits are joined
_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile(r"(\r\n|\s)")
_ENG = re.compile("[a-zA-Z0-9]")

Lookup = Callable[[str], int | None]
"""Frequency of a dictionary entry: > 0 a word, 0 only the prefix of one, None not in it."""


class Segmentation(Protocol):
    """What the analyzer needs from a segmenter; every implementation gives jieba's tokens."""

    def cut_for_search(self, text: str) -> list[str]: ...

    def tokenize_search(self, text: str) -> list[tuple[str, int, int]]: ...


def cache_dir() -> Path:
    """Where built dictionaries are kept: `$DUBAN_CACHE_DIR`, else `$XDG_CACHE_HOME/duban`, else
    `~/.cache/duban`; a folder in the temporary directory when that one cannot be written."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "duban"


def _fallback_dir() -> Path:
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"duban-cache-{uid}"


def jieba_dictionary() -> Path:
    """jieba's `dict.txt`, found without importing jieba."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def dictionary_key(user_dict: Path | None) -> str:
    """A hash of what the prefix dictionary is built from: this format, jieba's dictionary (its
    size and modification time: it changes only when jieba is reinstalled, and reading its 5 MB
    in every process would cost much of what this cache saves; not its path, which differs
    through a symlinked virtualenv) and the user lexicon's content."""
    digest = hashlib.sha256(f"duban-segment-{FORMAT_VERSION}\n".encode())
    stat = jieba_dictionary().stat()
    digest.update(f"{stat.st_size}\n{stat.st_mtime_ns}\n".encode())
    if user_dict is not None and user_dict.is_file():
        digest.update(user_dict.read_bytes())
    return digest.hexdigest()[:20]


@record(frozen=True)
class Built:
    """jieba's prefix dictionary and total after `load_userdict`, and what jieba-rs needs to end
    with the same: the user words as jieba resolved them, and the frequencies they replaced."""

    entries: dict[str, int]
    total: int
    user_words: tuple[tuple[str, int], ...]
    replaced: int


def build_entries(user_dict: Path | None) -> Built:
    """The dictionary made by jieba itself: its own, then the user lexicon read by `load_userdict`."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    added: list[tuple[str, int]] = []
    replaced = 0
    add_word = tokenizer.add_word

    def recording_add_word(word: str, freq: Any = None, tag: Any = None) -> None:
        # jieba adds a user word's frequency to its total without taking off the one it
        # replaces; jieba-rs takes it off, so it is told the sum (see `RJiebaSegmenter`)
        nonlocal replaced
        replaced += tokenizer.FREQ.get(word, 0)
        add_word(word, freq, tag)
        added.append((word, tokenizer.FREQ[word]))

    tokenizer.add_word = recording_add_word
    if user_dict is not None and user_dict.is_file():
        tokenizer.load_userdict(str(user_dict))
    return Built(dict(tokenizer.FREQ), int(tokenizer.total), tuple(added), replaced)


def _write(path: Path, built: Built) -> None:
    """Write the dictionary next to `path` under a private name, then move it in place: a reader
    (another process building the same file at the same time) sees no file or a whole one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)  # an empty file is an empty SQLite database
    temporary = Path(name)
    try:
        db = sqlite3.connect(temporary)
        try:
            db.execute("PRAGMA journal_mode=OFF")
            db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)")
            db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID")
            db.execute("CREATE TABLE user_words (seq INTEGER PRIMARY KEY, word TEXT NOT NULL, freq INTEGER)")
            db.executemany("INSERT INTO words VALUES (?, ?)", sorted(built.entries.items()))
            db.executemany("INSERT INTO user_words (word, freq) VALUES (?, ?)", built.user_words)
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("total", built.total), ("replaced", built.replaced), ("format", FORMAT_VERSION)],
            )
            db.commit()
        finally:
            db.close()
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def dictionary_file(user_dict: Path | None) -> Path | None:
    """The built dictionary for `user_dict`, building it if no process has yet; None when no
    cache folder can be written (the caller then builds the dictionary in memory)."""
    name = f"jieba-{dictionary_key(user_dict)}.sqlite"
    for folder in (cache_dir(), _fallback_dir()):
        path = folder / name
        if path.is_file():
            return path
    built = build_entries(user_dict)
    for folder in (cache_dir(), _fallback_dir()):
        try:
            _write(folder / name, built)
        except (OSError, sqlite3.Error) as exc:
            log_.warning("cannot write the segmentation dictionary in %s: %s", folder, exc)
            continue
        log_.info("segmentation dictionary built: %s", folder / name)
        return folder / name
    return None


KNOWN_KEPT = 1 << 15
"""Entries a `LazyDictionary` remembers before it forgets them all and reads again: an ingest worker
asks it for every fragment of every unit name it cuts (`spellings.name_starts`: jieba-rs, which
segments its text, does not expose its entries), and remembered without a bound they grew with
each new name, 5 MB of each worker after 3,000 real documents. A fragment read again costs one
indexed row of the file (11 µs at load 6); the hundreds a document asks for fit many times."""


class LazyDictionary:
    """Entries read from the built file one at a time as segmentation asks, and remembered (up to
    `KNOWN_KEPT`)."""

    def __init__(self, path: Path) -> None:
        self._db = _open(path)
        self.total = _meta(self._db, "total")
        self._known: dict[str, int | None] = {}
        self._lock = threading.Lock()  # one connection, shared by a web server's threads

    def get(self, word: str) -> int | None:
        try:
            return self._known[word]
        except KeyError:
            with self._lock:
                row = self._db.execute("SELECT freq FROM words WHERE word = ?", (word,)).fetchone()
            if len(self._known) >= KNOWN_KEPT:
                self._known.clear()
            found = self._known[word] = None if row is None else int(row[0])
            return found


def _open(path: Path) -> sqlite3.Connection:
    # read-only, so that a missing or replaced file is never created empty
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)


def _meta(db: sqlite3.Connection, name: str) -> int:
    return int(db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()[0])


def load_dictionary(path: Path) -> tuple[dict[str, int], int]:
    """The whole built dictionary in memory (as fast to read as jieba's own marshal cache)."""
    db = _open(path)
    try:
        entries: dict[str, int] = dict(db.execute("SELECT word, freq FROM words"))
        return entries, _meta(db, "total")
    finally:
        db.close()


class Segmenter:
    """jieba's exact mode without HMM, and its search mode, over a dictionary lookup.

    The code follows jieba 0.42.1 (`get_DAG`, `calc`, `__cut_DAG_NO_HMM`, `cut`,
    `cut_for_search`, `tokenize`) step by step, down to the order of the floating-point sums and
    the tie-breaking of `max`, so that the tokens are the same; the tests compare them.
    """

    def __init__(self, lookup: Lookup, total: int) -> None:
        self._get = lookup
        self._log_total = log(total)
        self._word_log: dict[str, float] = {}  # log(frequency) - log(total), by word, as met

    @classmethod
    def from_entries(cls, entries: dict[str, int], total: int) -> Segmenter:
        return cls(entries.get, total)

    @property
    def lookup(self) -> Lookup:
        """The dictionary's entry for a word: > 0 a word, 0 only the start of one, None neither."""
        return self._get

    def cut(self, text: str) -> list[str]:
        """`jieba.Tokenizer.lcut(text, HMM=False)`."""
        words: list[str] = []
        for block in _HAN.split(text):
            if not block:
                continue
            if _HAN.match(block):
                words.extend(self._cut_block(block))
                continue
            for piece in _SKIP.split(block):
                if _SKIP.match(piece):
                    words.append(piece)
                else:
                    words.extend(piece)
        return words

    def _cut_block(self, sentence: str) -> Iterator[str]:
        # jieba builds the whole DAG, then finds the best route from the right; here each start's
        # candidates are scanned and scored in the same pass, right to left, which is the same
        # arithmetic ((log f - log total) + route) and the same tie-break (`max` over
        # (probability, end) pairs keeps the larger end on a tie), without the DAG lists, the
        # generator and `max`
        get = self._get
        n = len(sentence)
        log_total = self._log_total
        word_log = self._word_log
        route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        for k in range(n - 1, -1, -1):
            best = -1.0
            best_end = -1
            i = k
            fragment = sentence[k]
            while i < n:
                freq = get(fragment)
                if freq is None:
                    break
                if freq:
                    weight = word_log.get(fragment)
                    if weight is None:
                        weight = word_log[fragment] = log(freq) - log_total
                    score = weight + route[i + 1][0]
                    if best_end < 0 or score >= best:
                        best, best_end = score, i
                i += 1
                fragment = sentence[k : i + 1]
            if best_end < 0:  # no word starts here: the character alone, at jieba's frequency 1
                best, best_end = log(get(sentence[k]) or 1) - log_total + route[k + 1][0], k
            route[k] = (best, best_end)
        x = 0
        buffer = ""
        while x < n:
            y = route[x][1] + 1
            word = sentence[x:y]
            if len(word) == 1 and _ENG.match(word):
                buffer += word
            else:
                if buffer:
                    yield buffer
                    buffer = ""
                yield word
            x = y
        if buffer:
            yield buffer

    def tokenize_search(self, text: str) -> list[tuple[str, int, int]]:
        """`jieba.Tokenizer.tokenize(text, "search", HMM=False)`: each word of exact mode, after
        the dictionary words of two and three characters inside it, with character offsets."""
        get = self._get
        found: list[tuple[str, int, int]] = []
        start = 0
        for word in self.cut(text):
            width = len(word)
            if width > 2:
                for i in range(width - 1):
                    if get(word[i : i + 2]):
                        found.append((word[i : i + 2], start + i, start + i + 2))
            if width > 3:
                for i in range(width - 2):
                    if get(word[i : i + 3]):
                        found.append((word[i : i + 3], start + i, start + i + 3))
            found.append((word, start, start + width))
            start += width
        return found

    def cut_for_search(self, text: str) -> list[str]:
        """`jieba.Tokenizer.lcut_for_search(text, HMM=False)`."""
        return [word for word, _, _ in self.tokenize_search(text)]


UNSEEN_WORD = "\ufdd0\ufdd1"
"""Two Unicode noncharacters, which no text holds: the word that gives jieba-rs jieba's total."""


class RJiebaSegmenter:
    """The same tokens from jieba-rs (the `rjieba` package), for segmenting much text.

    jieba-rs carries jieba's dictionary. The user words are added as jieba resolved them, in the
    same order; where one replaces a word, jieba-rs takes the old frequency off its total and
    jieba does not, so an unseen word carries their sum: both then have the same words, the
    same frequencies and the same total, hence the same best paths.
    """

    def __init__(self, path: Path) -> None:
        self._jieba: Any = jieba_class()()
        db = _open(path)
        try:
            for word, freq in db.execute("SELECT word, freq FROM user_words ORDER BY seq"):
                self._jieba.add_word(word, freq, None)
            replaced = _meta(db, "replaced")
        finally:
            db.close()
        if replaced:
            self._jieba.add_word(UNSEEN_WORD, replaced, None)

    def cut_for_search(self, text: str) -> list[str]:
        return list(self._jieba.cut_for_search(text, False))

    def tokenize_search(self, text: str) -> list[tuple[str, int, int]]:
        return [(w, s, e) for w, s, e in self._jieba.tokenize(text, "search", False)]


def rjieba_available() -> bool:
    return importlib.util.find_spec("rjieba") is not None


@cache
def jieba_class() -> Any:
    """jieba-rs's `Jieba` class, from rjieba's compiled module loaded on its own when it can be.

    `import rjieba` runs the package's `__init__`, which builds a module-level `Jieba()` with
    jieba's whole dictionary (24 MB) for its module functions (`rjieba.cut`…), which duban never
    calls: its segmenter is an instance of its own, with the unit lexicon added. The ingest's fork
    server held both dictionaries, and every worker it forked mapped both, so the unused one was
    counted three times in the ingest's summed RSS (about 72 MB with two workers) and once in its
    PSS. The compiled module (`rjieba.rjieba`) gives the same class without it; a later
    `import rjieba` elsewhere still works (it finds the module already initialised). Where
    the package is laid out otherwise, the package import is the fallback."""
    spec = importlib.util.find_spec("rjieba")
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    compiled = sorted(Path(folders[0]).glob("rjieba.*.so")) if folders else []
    if len(compiled) == 1:
        found = importlib.util.spec_from_file_location("rjieba.rjieba", compiled[0])
        if found is not None and found.loader is not None:
            module = importlib.util.module_from_spec(found)
            found.loader.exec_module(module)
            return module.Jieba
    from rjieba import Jieba

    return Jieba


BULK_AFTER_CHARS = 20_000
"""Characters a process segments with lookups in the file before it reads the whole dictionary:
a query or a small document never pays for the load, an ingest run pays once."""


class CachedSegmenter:
    """The segmenter a process uses: lookups in the built file while little text has been
    segmented, then the whole dictionary in memory, or jieba-rs when it is installed."""

    def __init__(self, user_dict: Path | None) -> None:
        self._user_dict = user_dict
        self._lazy: Segmenter | None = None
        self._bulk: Segmentation | None = None
        self._seen = 0
        self._lock = threading.Lock()

    def cut_for_search(self, text: str) -> list[str]:
        return self._pick(text).cut_for_search(text)

    def tokenize_search(self, text: str) -> list[tuple[str, int, int]]:
        return self._pick(text).tokenize_search(text)

    def lookup(self) -> Lookup:
        """The dictionary's entries (`Segmenter.lookup`), for the word starts of unit names
        (`index.spellings.name_starts`): the whole dictionary once it is in memory in Python,
        else lookups in the built file, remembered (jieba-rs does not expose its entries)."""
        bulk = self._bulk
        if isinstance(bulk, Segmenter):
            return bulk.lookup
        if self._lazy is None:
            with self._lock:
                if self._lazy is None:
                    self._lazy = self._open_lazy()
        return self._lazy.lookup

    def load_bulk(self) -> None:
        """Read the whole dictionary now (jieba-rs, or the dict in Python), not after the first
        `BULK_AFTER_CHARS`: the ingest's fork server does it once before it forks, so that its
        workers share the 30 MB of jieba-rs's dictionary unwritten (copy-on-write) instead of
        each building its own copy. The lazy lookups in the built file stay for each process to
        open: an SQLite connection must not cross a fork."""
        if self._bulk is None:
            with self._lock:
                if self._bulk is None:
                    self._bulk = self._load_bulk()

    def _pick(self, text: str) -> Segmentation:
        self._seen += len(text)
        if self._bulk is None and self._seen > BULK_AFTER_CHARS:
            with self._lock:
                if self._bulk is None:
                    self._bulk = self._load_bulk()
        if self._bulk is not None:
            return self._bulk
        if self._lazy is None:
            with self._lock:
                if self._lazy is None:
                    self._lazy = self._open_lazy()
        return self._lazy

    def _open_lazy(self) -> Segmenter:
        path = dictionary_file(self._user_dict)
        if path is not None:
            try:
                found = LazyDictionary(path)
                return Segmenter(found.get, found.total)
            except sqlite3.Error as exc:  # a damaged file: built again below, in memory
                log_.warning("segmentation dictionary %s unreadable (%s); rebuilding", path, exc)
                path.unlink(missing_ok=True)
        self._bulk = _in_memory(self._user_dict)
        return self._bulk

    def _load_bulk(self) -> Segmentation:
        path = dictionary_file(self._user_dict)
        if path is not None:
            try:
                if rjieba_available():
                    try:
                        return RJiebaSegmenter(path)
                    except ImportError as exc:  # a wheel that does not load here
                        log_.warning("rjieba cannot be loaded (%s); segmenting in Python", exc)
                return Segmenter.from_entries(*load_dictionary(path))
            except sqlite3.Error as exc:
                log_.warning("segmentation dictionary %s unreadable (%s); rebuilding", path, exc)
                path.unlink(missing_ok=True)
        return _in_memory(self._user_dict)


@cache
def shared(user_dict: Path | None) -> CachedSegmenter:
    """One segmenter per process and dictionary: its dictionary is read once, and only read in
    full when the process segments much text."""
    return CachedSegmenter(user_dict)


def _in_memory(user_dict: Path | None) -> Segmenter:
    """When no cache folder can be written or read: the dictionary built in this process."""
    built = build_entries(user_dict)
    return Segmenter.from_entries(built.entries, built.total)
