"""Every spelling of a unit or issuer name that the alias list knows, for the name filters.

Staff type `市发改委` or `市发展和改革委员会`; documents write `市发展改革委`, `市发展和改革委员会` or
`市发改委`, and the units the extractors find keep the name as written. A filter that only looked
for the text typed found one spelling of three (on an index of the 5,864 real documents
`单位:市发展和改革委员会` found nothing while hundreds of measures name the body), so a name filter
looks for each spelling the pairs of `rules/lexicons/aliases.txt` give (`发改委 发展改革委`,
`发展和改革委员会 发展改革委`, `人民政府 政府 rewrite`), applied in turn until none is new.
Where names are counted per body (the ledger's sheets by unit), `written_out` gives each body one
name: the alias list's normal form.

A unit or issuer filter looks for a spelling only where a word of the name starts (`unit_holds`,
`issuer_holds`): staff of a 民政局 who type `民政` want 市民政局 and 民政部门, not 各区人民政府,
which holds 民政 across its words 人民|政府. `name_starts` gives a name's word starts, the same for
the reference predicate (`index.filters.passes`), the SQLite store (which writes each distinct
name's lowered suffixes from those starts, `lowered_starts`, once, and finds a spelling as their
prefix: `index.sqlite.starts`) and Elasticsearch (which indexes the suffixes, `name_suffixes`,
and looks for a spelling as their prefix). What the cutting reads (the unit lexicon, jieba's
dictionary, the alias list) has one key, `cutting_key`: a SQLite file whose stored starts were
cut under another key cuts them again when it is opened.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import _CacheInfo, cache, lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from duban.base.paths import lexicon_path
from duban.index.segment import dictionary_key, shared

ALIASES_FILE = lexicon_path("aliases.txt")
UNITS_LEXICON = lexicon_path("units.txt")  # the index's segmentation dictionary (`index.analysis`)
# characters naming a level of government, which begin a unit name as a word of their own
LEVELS = "省市州盟县区旗乡镇村"
NAMES_KEPT = 1 << 17  # word starts kept per process: the real corpus has ~10,000 distinct unit names
WORKER_NAMES_KEPT = 1 << 12
"""Word starts an ingest worker keeps (`keep_names`, from `pipeline.worker_preload`). A worker cuts
the distinct names of each document it extracts, and with `NAMES_KEPT` the two caches grew with
every new name by some 0.85 KB, 15 MB of each worker after 3,000 real documents (17,500 distinct
names), for little time saved: 978 real documents' names cut twice over took 0.20 ms a document
with every answer kept, 0.36 with 4,096, 0.40 with 1,024, where extracting one takes 20 to 30."""
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
# A name rarely holds more than two aliased parts; this bounds a pathological one.
MAX_SPELLINGS = 16
CUTTING_VERSION = 1  # raise when `name_starts` cuts differently with the same dictionaries


@cache
def alias_lines(path: Path = ALIASES_FILE) -> tuple[tuple[str, str, bool], ...]:
    """The list's pairs as (variant, normal form, rewrite flag), in file order."""
    if not path.is_file():
        return ()
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if line.startswith("#") or len(parts) not in (2, 3):
            continue
        found.append((parts[0], parts[1], len(parts) == 3 and parts[2] == "rewrite"))
    return tuple(found)


@cache
def spellings(name: str) -> tuple[str, ...]:
    """`name` first, then every other spelling the alias pairs make of it.

    Each pair swaps its forms either way; where one form holds the other (`人民政府` / `政府`,
    `网信办公室` / `网信办`) the longer is looked for first, so `市人民政府` becomes `市政府` and
    never `市人民人民政府`.
    """
    forms = [name]
    pairs = [(a, b) if len(a) >= len(b) else (b, a) for a, b, _ in alias_lines()]
    for form in forms:  # grows while it is read: spellings of spellings
        for longer, shorter in pairs:
            if longer in form:
                other = form.replace(longer, shorter)
            elif shorter in form:
                other = form.replace(shorter, longer)
            else:
                continue
            if other not in forms and len(forms) < MAX_SPELLINGS:
                forms.append(other)
    return tuple(forms)


def unit_holds(value: object, name: str) -> bool:
    """Whether the unit name `value` holds some spelling of `name` (any case) starting where one
    of its words starts (`name_starts`): `财政`, `财政局` and `市财政局` find 市财政局, `政府` finds
    各区人民政府, `发改委` finds 市发展改革委 (its spelling 发展改革委), but `民政` does not find
    各区人民政府 (人民|政府). What the unit filter means everywhere (`index.filters.passes`)."""
    if value is None:
        return False
    text = str(value)
    lowered = text.lower()
    forms = [form.lower() for form in spellings(name)]
    if not any(form in lowered for form in forms):  # the common answer, without segmenting
        return False
    suffixes = [suffix.lower() for suffix in name_suffixes(text)]
    return any(suffix.startswith(form) for suffix in suffixes for form in forms)


def issuer_holds(value: object, name: str) -> bool:
    """Whether the issuer `value` holds some spelling of `name` (any case) where one of its words
    starts: the unit filter's rule (`unit_holds`), so `民政` finds 示范市民政局 and not
    示范市人民政府. A joint issuer is one text (`市发展改革委、市教育局`): the mark between its
    bodies stands alone, so each body begins a word and `教育局` finds it."""
    return unit_holds(value, name)


def lowered_starts(name: str) -> list[str]:
    """The name from each of its word starts on, lowered, each once (`name_suffixes`): what the
    SQLite store writes for a distinct name, where a spelling lowered is looked for as a prefix
    (`x` starts a word of the name, in any case, if and only if `x.lower()` begins one of these,
    as `unit_holds` decides). The whole name lowered is always the first."""
    return list(dict.fromkeys(suffix.lower() for suffix in name_suffixes(name)))


@cache
def cutting_key() -> int:
    """What `name_starts` cuts by, as one number: this code's `CUTTING_VERSION`, the index's
    dictionary (jieba's and the unit lexicon, `segment.dictionary_key`) and the alias list. The
    SQLite store keeps the key its stored starts were cut under and cuts them again when the
    process's key differs (a new unit lexicon or alias list), so that a filter reads the names as
    the reference predicate of the same process cuts them. Cached per process: the files are read
    once, as the dictionary itself is."""
    digest = hashlib.sha256(f"duban-starts-{CUTTING_VERSION}\n{dictionary_key(UNITS_LEXICON)}\n".encode())
    if ALIASES_FILE.is_file():
        digest.update(ALIASES_FILE.read_bytes())
    return int.from_bytes(digest.digest()[:7], "big")


def name_suffixes(name: str) -> tuple[str, ...]:
    """The name from each of its word starts on (`name_starts`): a spelling starts a word of the
    name if and only if it begins one of these (the Elasticsearch field `units.name_starts`)."""
    return tuple(name[start:] for start in name_starts(name))


A = TypeVar("A")
V = TypeVar("V")


class _Kept(Generic[A, V]):
    """A function's answers kept per argument, least recently used first out, up to a bound that a
    process may set (`keep_names`): `functools.lru_cache` fixes its bound where it decorates."""

    def __init__(self, compute: Callable[[A], V], kept: int) -> None:
        self._compute = compute
        self.call: Callable[[A], V] = lru_cache(maxsize=kept)(compute)

    def resize(self, kept: int) -> None:
        """Keep at most `kept` answers from now on (those kept so far are dropped)."""
        self.call = lru_cache(maxsize=kept)(self._compute)

    def info(self) -> _CacheInfo:
        return self.call.cache_info()  # type: ignore[attr-defined]


def keep_names(kept: int) -> None:
    """Keep the word starts of at most `kept` names and hanzi runs in this process (`NAMES_KEPT`
    unless set): an ingest worker keeps `WORKER_NAMES_KEPT`, where a query process, whose filter
    meets the same thousands of names at each request, keeps the default."""
    _NAME_STARTS.resize(kept)
    _RUN_STARTS.resize(kept)


def name_starts(name: str) -> tuple[int, ...]:
    """`_name_starts`, kept per name (`keep_names`)."""
    return _NAME_STARTS.call(name)


def name_starts_kept() -> _CacheInfo:
    """Hits, misses and size of the names' word starts kept in this process (`keep_names`)."""
    return _NAME_STARTS.info()


def _run_starts(run: str) -> frozenset[int]:
    """`_cut_run_starts`, kept per run (`keep_names`)."""
    return _RUN_STARTS.call(run)


def _name_starts(name: str) -> tuple[int, ...]:
    """The positions in a unit name where a word starts, in order.

    The start of the name is one, and every character that is not a hanzi (a letter, a digit,
    punctuation) stands alone: it starts a word and the next character starts another. Each run
    of hanzi is cut into words by `_run_starts`. Kept per name: a filter such as `政府` meets
    thousands of names, each segmented once per process."""
    starts = {0}
    at = 0
    for found in _HAN_RUN.finditer(name):
        starts.update(range(at, found.start() + 1))  # the characters before the run, and the run
        starts.update(found.start() + offset for offset in _run_starts(found.group()))
        at = found.end()
    starts.update(range(at, len(name)))
    return tuple(sorted(starts))


@cache
def _alias_words() -> tuple[frozenset[str], frozenset[str]]:
    """Both forms of each alias pair, as words of a name (`人社局`, `市监局`, `卫健委`: short
    forms jieba's dictionary lacks, so `市人社局` would be cut 市人|社|局), and their beginnings."""
    forms = frozenset(form for line in alias_lines() for form in line[:2] if len(form) >= 2)
    return forms, frozenset(form[:end] for form in forms for end in range(2, len(form) + 1))


def _cut_run_starts(run: str) -> frozenset[int]:
    """Word starts in a run of hanzi: every way of cutting it into the fewest pieces, where a
    piece is a word of the index's dictionary (jieba's and the unit lexicon, `UNITS_LEXICON`) or
    a form of the alias list, of two or more characters other than the run itself, or one
    character; the starts of all such cuttings, and inside each of their pieces of three or more
    characters, that piece's own.

    Why not jieba's search mode, which the index uses for text: its words of two and three
    characters inside a longer word overlap (人民政府 gives 人民, 民政, 政府), so 民政 would start a
    word of every 人民政府. Nor jieba's most probable cutting inside a word: it is one frequency
    from wrong where it matters (市民|政局 scores within 1% of 市|民政局). The fewest pieces keep
    人民|政府 (two) against 人|民政|府 (three); a tie keeps every start (市民政局: 市|民政局 and
    市民|政局, so 民政 and 政局 both start words there). A run that holds no word of two or more
    characters but itself (发改委, 卫健委, an unknown place name) is one word: `改委` starts none;
    but a level of government at its start (`LEVELS`) is a word before it (市文旅局: the unit
    lexicon holds the name whole, and nothing inside it)."""
    n = len(run)
    if n <= 2:
        return frozenset({0})
    lookup = shared(UNITS_LEXICON).lookup()
    forms, prefixes = _alias_words()
    # steps[i]: the ends j of the pieces run[i:j] that may start at i (one character, or a word)
    steps: list[list[int]] = [[i + 1] for i in range(n)]
    worded = False
    for i in range(n):
        for j in range(i + 2, n + 1):
            fragment = run[i:j]
            freq = lookup(fragment)
            if freq is None and fragment not in prefixes:  # no word starts with this fragment
                break
            if (freq or fragment in forms) and (i or j != n):
                steps[i].append(j)
                worded = True
    if not worded:  # one word, after the level it may name (市文旅局: 市|文旅局)
        return frozenset({0, 1}) if run[0] in LEVELS else frozenset({0})
    fewest = [0] + [n + 1] * n  # fewest pieces from the start to each position
    for i in range(n):
        reached = fewest[i] + 1
        for j in steps[i]:
            if reached < fewest[j]:
                fewest[j] = reached
    rest = [n + 1] * n + [0]  # fewest pieces from each position to the end
    for i in range(n - 1, -1, -1):
        rest[i] = 1 + min([rest[j] for j in steps[i]])
    starts: set[int] = set()
    for i in range(n):
        for j in steps[i]:
            if fewest[i] + 1 + rest[j] == fewest[n]:  # a piece of some cutting into the fewest
                starts.add(i)
                if j - i >= 3:
                    starts.update(i + inner for inner in _run_starts(run[i:j]))
    return frozenset(starts)


_NAME_STARTS = _Kept(_name_starts, NAMES_KEPT)
_RUN_STARTS = _Kept(_cut_run_starts, NAMES_KEPT)


@cache
def written_out(name: str) -> str:
    """The name with each short form the alias list knows written out in its normal form, pair by
    pair in file order (`市发改委`, `市发展和改革委员会` → `市发展改革委`; `人社局` →
    `人力资源和社会保障局` → `人力资源社会保障局`), so that one body counts once whichever spelling a
    document used. The `rewrite` pairs, which shorten (`人民政府` → `政府`), are left out: a name
    staff read keeps its full form; and a form already there is not written out again
    (`网信办公室` holds `网信办`)."""
    for variant, normal, rewrite in alias_lines():
        if not rewrite and variant in name and normal not in name:
            name = name.replace(variant, normal)
    return name
