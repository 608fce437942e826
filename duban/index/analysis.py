"""Text analysis shared by both index backends: folding, segmentation, bigrams and queries.

Indexed text gets two token streams: jieba words (search mode, with the unit-name lexicon) that
rank well, and the character bigrams of every run of letters and digits, which guarantee that any
substring of two or more characters is found whatever jieba decided (`约谈`, `纪委书记`, `底前`).
Both backends index the same pre-segmented, space-joined tokens, so they agree on what matches.
Text is folded first (Traditional → Simplified, NFKC, lower case) so `紀委` finds `纪委`.
Queries understand `field:value` tokens (see `parse_query_fields`); highlights are in
`index.highlight`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from duban.base.dates import PARTIAL_ISO
from duban.base.errors import DubanError, E
from duban.base.model import record
from duban.base.paths import lexicon_path
from duban.base.script import to_simplified
from duban.index.filters import Filters, given_twice, is_relative, parse_filters
from duban.index.segment import CachedSegmenter, shared
from duban.index.spellings import ALIASES_FILE, alias_lines

ANALYSIS_VERSION = 1
# The characters indexed one by one (`IndexedText.characters`, the `chars` column of the SQLite
# measures index): those that stand alone between punctuation in unit names, the one-character
# terms of queries such as `省、自治区、直辖市人民政府` or `乡（镇）人民政府`. Mined from the
# 10,267 distinct unit names of the real corpus: each of these is a one-character run in 15 or
# more of them (市 615, 区 347, 县 331, 省 101, 镇 41, 乡 32, 村 18, 居 15; the next, 二, 11).
# Every character indexed made the measures' full-text inserts dearer (all of them: 3.1 → 5.1 ms
# CPU a document); another character is checked in the candidates' text. Changing the list
# changes what the index holds: it needs a schema migration (`sqlite/schema.py`).
INDEXED_CHARACTERS = "市区县省镇乡村居"
DEFAULT_USER_DICT = lexicon_path("units.txt")

_RUN = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r'\S+?[:：]"[^"]*"|\S+')
_FIELD_TOKEN = re.compile(r"^([^\s:：]+)[:：](.+)$")

# query prefix → (filter field, role it implies)
FIELD_QUERIES: dict[str, tuple[str, str | None]] = {
    "unit": ("unit", None),
    "单位": ("unit", None),
    "责任单位": ("unit", None),
    "lead": ("unit", "lead"),
    "牵头单位": ("unit", "lead"),
    "co": ("unit", "co"),
    "配合单位": ("unit", "co"),
    "role": ("role", None),
    "status": ("status", None),
    "状态": ("status", None),
    "kind": ("kind", None),
    "类型": ("kind", None),
    "文号": ("doc_number", None),
    "doc_number": ("doc_number", None),
    "issuer": ("issuer", None),
    "发文机关": ("issuer", None),  # the first Chinese name of a field is the one hints show
    "发文单位": ("issuer", None),
}
# query prefix → the pair of filters a period sets (`时限:2024-06`: due within June 2024)
PERIOD_QUERIES: dict[str, tuple[str, str]] = {
    "时限": ("deadline_after", "deadline_before"),
    "到期": ("deadline_after", "deadline_before"),
    "截止": ("deadline_after", "deadline_before"),
    "deadline": ("deadline_after", "deadline_before"),
    "发文日期": ("date_from", "date_to"),
    "日期": ("date_from", "date_to"),
    "date": ("date_from", "date_to"),
}
# query prefix → the ingest-time bounds (`入库:昨天`, `入库:2026-12-01..`, `入库:最近7天`)
INGEST_QUERIES: dict[str, tuple[str, str]] = {
    "入库": ("ingested_after", "ingested_before"),
    "入库时间": ("ingested_after", "ingested_before"),
    "收录": ("ingested_after", "ingested_before"),
    "ingested": ("ingested_after", "ingested_before"),
}
# `2024-01..2024-06`, `2024年1月至6月`, `..2024-06` (by then), `2024-07..` (from then)
_PERIOD_SPLIT = re.compile(r"\.\.|至|~|～")
_TIME_OF_DAY = re.compile(r"\d[T ]\d")
_INGEST_SPLIT = re.compile(r"\.\.|至|~|～|到")
OVERDUE_WORDS = frozenset({"overdue", "逾期", "超期"})


_FOLDED_RANGES = ((0, 0xD800), (0xE000, 0x10000), (0x1D400, 0x1D800), (0x2F800, 0x2FA20))


def _fold_char(code: int) -> str:
    """NFKC + lower case of one character, in the ranges where folding changes some (BMP, the
    mathematical letters and digits, the CJK compatibility supplement); itself elsewhere."""
    ch = chr(code)
    if any(start <= code < end for start, end in _FOLDED_RANGES):
        return unicodedata.normalize("NFKC", ch).lower()
    return ch


@cache
def _fold_table() -> dict[int, str]:
    """Every character folding changes (built only where the whole table is needed, e.g. to know
    which characters fold into a given one: the first text check of a process, which a one-off
    `duban search` with a filter pays). A block of code points whose string NFKC and lower case
    leave as it is holds no character either changes (a character they change alone they change
    in any string; a string can change where its characters alone do not, e.g. a letter and a
    combining mark, and such a block is then split), so only the blocks that change are split
    down to single characters: 12 ms against 35 reading all ~70k code points one by one."""
    table: dict[int, str] = {}
    for start, end in _FOLDED_RANGES:
        for block in range(start, end, 256):
            _fold_block(block, min(block + 256, end), table)
    return table


def _fold_block(start: int, end: int, table: dict[int, str]) -> None:
    """Add to `table` the characters of [start, end) that folding changes (see `_fold_table`)."""
    text = "".join(map(chr, range(start, end)))
    if unicodedata.is_normalized("NFKC", text) and text.lower() == text:
        return
    if end - start > 16:
        middle = (start + end) // 2
        _fold_block(start, middle, table)
        _fold_block(middle, end, table)
        return
    for code in range(start, end):
        folded = _fold_char(code)
        if folded != chr(code):
            table[code] = folded


class _FoldMemo(dict[int, str]):
    """The fold of each character met so far, computed on first sight: `str.translate` with it
    gives what the whole table gives, without a process paying for 70k characters to fold a
    query of ten."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(code)
        return folded


_FOLD = _FoldMemo()


class _CharFoldMemo(dict[str, str]):
    """`fold` of each character met so far (simplified, then NFKC and lower case)."""

    def __missing__(self, ch: str) -> str:
        folded = self[ch] = to_simplified(ch).translate(_FOLD)
        return folded


_CHAR_FOLD = _CharFoldMemo()


def fold(text: str) -> str:
    """The form both text and queries are indexed in: simplified, NFKC, lower case, per character.

    Only the few distinct characters that change (full-width punctuation, traditional forms) are
    replaced, each in one pass in C: `str.translate` with a mapping looks every character up in
    Python, about 1 µs a character (a measure's text 90 µs, a document's start 4 ms)."""
    return _fold(text, distinct(text))


DISTINCT_BY_ARRAY = 4096
"""Texts this long or longer have their distinct characters found by numpy (`distinct`)."""


def distinct(text: str) -> set[str]:
    """The characters of `text`, as a set. `set(text)` makes a string object of each CJK
    character it meets (0.1-0.2 µs each: 3-10 ms for a document of 20,000-60,000 characters,
    most of a document hit's highlight); a long text's code points are instead marked in an
    array, 4-6 times faster from 8,000 characters on (slower below ~4,000)."""
    if len(text) < DISTINCT_BY_ARRAY:
        return set(text)
    import numpy as np  # only here: a search of short measure texts does not load it

    seen = np.zeros(0x110000, dtype=np.bool_)
    seen[np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)] = True
    return set(map(chr, np.flatnonzero(seen).tolist()))


def _fold(text: str, chars: set[str]) -> str:
    """`fold` of `text`, given its distinct characters."""
    changed = [(ch, folded) for ch in chars if (folded := _CHAR_FOLD[ch]) != ch]
    if not changed:
        return text
    # one replacement after another is the per-character mapping when no replacement brings in
    # a character that another would change (folding is idempotent, so that is the rule)
    if len(changed) > 1 and not {ch for ch, _ in changed}.isdisjoint("".join(f for _, f in changed)):
        return to_simplified(text).translate(_FOLD)
    for ch, folded in changed:
        text = text.replace(ch, folded)
    return text


def fold_with_offsets(text: str) -> tuple[str, Sequence[int]]:
    """`fold`, with the offset in `text` of each folded character (most texts fold 1:1).

    Only the few characters whose fold is not one character (`…` to `...`, `⑴` to `(1)`) break
    the 1:1 run: the offsets are the runs between them, each a `range` extended in C, and each of
    them repeated. A loop over every character in Python (~0.7 µs a character) was most of a
    `--docs` search whose matches lie deep in long documents (60 ms of 97 for a page of ten)."""
    chars = distinct(text)
    folded = _fold(text, chars)
    if len(folded) == len(text):
        return folded, range(len(text))
    widths = {ch: width for ch in chars if (width := len(_CHAR_FOLD[ch])) != 1}
    offsets: list[int] = []
    done = 0
    for found in re.finditer("[" + re.escape("".join(widths)) + "]", text):
        at = found.start()
        offsets.extend(range(done, at))
        offsets.extend([at] * widths[text[at]])
        done = at + 1
    offsets.extend(range(done, len(text)))
    return folded, offsets


def runs(folded: str) -> list[str]:
    """Maximal runs of letters and digits (CJK included); punctuation and spaces separate them."""
    return _RUN.findall(folded)


def bigrams(run: str) -> list[str]:
    """Overlapping character pairs of a run; a one-character run is its own token."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


@record(frozen=True)
class IndexedText:
    """The two space-joined token streams stored for one text."""

    words: str
    grams: str

    @property
    def characters(self) -> str:
        """Those of `INDEXED_CHARACTERS` the text's runs hold, space-joined (read from the grams,
        so a contentless full-text row can be removed with them again): an index of these single
        characters answers a one-character term beside longer ones (`市、区人民政府`) without
        reading texts."""
        return " ".join(ch for ch in INDEXED_CHARACTERS if ch in self.grams)


@record(frozen=True)
class DocumentTokens:
    """The tokens of a document and of each of its measures, tagged with the analyzer's signature
    so that tokens made elsewhere (an ingest worker) are used only if made the same way."""

    signature: str
    document: IndexedText
    measures: tuple[IndexedText, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "signature": self.signature,
            "document": [self.document.words, self.document.grams],
            "measures": [[m.words, m.grams] for m in self.measures],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentTokens:
        return cls(
            str(data["signature"]),
            IndexedText(*data["document"]),
            tuple(IndexedText(*m) for m in data["measures"]),
        )


@record(frozen=True)
class Term:
    """One run of the query: matched as a contiguous bigram phrase, or by all of its words, or as
    one of its alternatives (the run with a short form written out: 发改委 → 发展改革委)."""

    run: str
    words: tuple[str, ...]
    alternatives: tuple[str, ...] = ()
    # words that every indexed text holding another, longer word of `words` also holds: jieba's
    # search mode gives a word of three or more characters with its dictionary words of two and
    # three characters, so `县级以上人民政府` brings `人民` and `政府` along. A full-text AND leaves
    # them out (the same texts match; common words cost most to intersect).
    implied: tuple[str, ...] = ()

    @property
    def grams(self) -> list[str]:
        return bigrams(self.run)

    @property
    def runs(self) -> tuple[str, ...]:
        """The run and its alternatives: each, found contiguously, satisfies the term."""
        return (self.run, *self.alternatives)


@record(frozen=True)
class Query:
    """A parsed query: free text (as terms) plus the filters its `field:value` tokens gave.

    `excluded` are the `-word` terms: a hit must match none of them. `hint` is set (in Chinese)
    when the query had text but nothing searchable in it (only punctuation): such a query
    matches nothing, rather than every measure as an empty query would.
    """

    text: str
    terms: tuple[Term, ...]
    filters: Filters
    any_term: bool = False
    excluded: tuple[Term, ...] = ()
    hint: str | None = None

    @property
    def matches_nothing(self) -> bool:
        """True for a query whose text had nothing to search: backends return no hits for it."""
        return self.hint is not None

    def exclusion(self) -> Query | None:
        """The excluded terms as a query matching any of them (a backend negates it), or None."""
        if not self.excluded:
            return None
        return Query(self.text, self.excluded, Filters(), any_term=True)

    def highlight_terms(self) -> list[str]:
        """What to mark in a hit: each run of the query, its alternatives and its words."""
        found: dict[str, None] = {}
        for term in self.terms:
            for text in (*term.runs, *term.words):
                found[text] = None
        return list(found)

    def relaxed(self) -> Query | None:
        """The same query with any of its words enough (`森林防火` finds `森林防灭火`), for when
        the strict query finds too little; None when relaxing would change nothing.

        Each word of two or more characters becomes a term of its own; ranking then puts
        measures that share more (and rarer) words first. Exclusions stay as they are.
        """
        terms: dict[str, Term] = {}
        for term in self.terms:
            longer = [w for w in term.words if len(w) >= 2]
            for word in [*longer, *_uncovered(term.run, longer)]:
                terms.setdefault(word, Term(word, (word,)))
            for alternative in term.alternatives:
                terms.setdefault(alternative, Term(alternative, (alternative,)))
        if len(terms) < 2 and len(self.terms) < 2:
            return None
        return Query(self.text, tuple(terms.values()), self.filters, any_term=True, excluded=self.excluded)


class Analyzer:
    """Segmentation with jieba's tokens (`index.segment`), set up on first use (no import-time work)."""

    def __init__(self, user_dict: Path | None = DEFAULT_USER_DICT) -> None:
        self._user_dict = user_dict

    @property
    def signature(self) -> str:
        """What the tokens depend on: this code's version and the user dictionary's state."""
        path = self._user_dict
        stat = path.stat() if path is not None and path.is_file() else None
        return (
            f"{ANALYSIS_VERSION}:{path}:{stat.st_size}:{stat.st_mtime_ns}"
            if stat
            else f"{ANALYSIS_VERSION}:-"
        )

    def load(self) -> None:
        """Read the segmenter's whole dictionary now (`CachedSegmenter.load_bulk`): for a process
        that is about to segment much text, or forks workers that will."""
        _segmenter(self._user_dict).load_bulk()

    def words(self, folded: str) -> list[str]:
        """Search-mode jieba words of folded text, without pure punctuation or space."""
        return [w for w in _segmenter(self._user_dict).cut_for_search(folded) if _RUN.search(w)]

    def index_text(self, text: str) -> IndexedText:
        """The tokens to index for a text on its own."""
        folded = fold(text)
        return IndexedText(" ".join(self.words(folded)), " ".join(_grams(folded)))

    def index_document(
        self, title: str | None, text: str, spans: Sequence[tuple[int | None, int | None, str]]
    ) -> DocumentTokens:
        """Tokens of a whole document and of its measures (`(start, end, text)` spans of `text`).

        The text is segmented once; each measure takes the words inside its span, so indexing a
        document costs one pass of jieba, not two. A span that is not a slice of `text` is
        segmented on its own.
        """
        folded, offsets = fold_with_offsets(text)
        found = sorted(
            ((start, end, word) for word, start, end in _segmenter(self._user_dict).tokenize_search(folded)),
            key=lambda token: token[0],
        )
        found = [token for token in found if _RUN.search(token[2])]
        starts = [token[0] for token in found]
        heading = self.index_text(title) if title else IndexedText("", "")
        document = IndexedText(
            f"{heading.words} {' '.join(t[2] for t in found)}".strip(),
            f"{heading.grams} {' '.join(_grams(folded))}".strip(),
        )
        measures = []
        for start, end, measure in spans:
            if start is None or end is None or text[start:end] != measure:
                measures.append(self.index_text(measure))
                continue
            low, high = bisect_left(offsets, start), bisect_left(offsets, end)
            inside = [
                t[2] for t in found[bisect_left(starts, low) : bisect_left(starts, high)] if t[1] <= high
            ]
            measures.append(IndexedText(" ".join(inside), " ".join(_grams(folded[low:high]))))
        return DocumentTokens(self.signature, document, tuple(measures))

    def parse_query(self, query: str) -> Query:
        """Split a query into `field:value` filters and free-text terms, segmented like the index.

        Free text is a list of words, all required; `-word` excludes measures containing the word;
        `OR` (a separate upper-case word, never part of `ORACLE`) between single words makes any
        one of them enough; `AND` is the default and may be written out.
        """
        text, filters = parse_query_fields(query)
        words = text_words(text)
        per_word = [runs(fold(word)) for word in words.include]
        if words.any_word and any(len(found) > 1 for found in per_word):
            raise DubanError(E.FILTER_INVALID, detail="OR 连接的每一项须是一个词，中间不要有标点")
        terms = tuple(self._term(run) for found in per_word for run in found)
        excluded = tuple(self._term(run) for word in words.exclude for run in runs(fold(word)))
        hint = None
        if text.strip() and not terms and not excluded:
            hint = PUNCTUATION_HINT
        return Query(
            text, terms, filters, any_term=words.any_word and len(terms) > 1, excluded=excluded, hint=hint
        )

    def _term(self, run: str) -> Term:
        words = self._query_words(run)
        return Term(run, words, expand_aliases(run, aliases()), self._implied(run, words))

    def _implied(self, run: str, words: tuple[str, ...]) -> tuple[str, ...]:
        """The `words` that search mode gave here inside a longer word's span (see `Term.implied`).

        Exact-mode words do not overlap, so such a word came as a dictionary sub-word of that
        longer word, and the index side gives it with every occurrence of the longer word: the
        longer word is written whole (its sub-words of two and three characters with it) or is
        itself a sub-word of a yet longer one, which holds this one as well."""
        tokens = _segmenter(self._user_dict).tokenize_search(run)
        inside = {
            word
            for word, start, end in tokens
            if any(s <= start and end <= e and e - s > end - start for _, s, e in tokens)
        }
        return tuple(word for word in words if word in inside)

    def _query_words(self, run: str) -> tuple[str, ...]:
        """The run's words: the longer ones, and any single character no longer word covers
        (`缓缴社保` keeps 缓 and 缴, or the query would shrink to `社保`)."""
        words = self.words(run)
        longer = [w for w in words if len(w) >= 2]
        covered = {i for w in longer for start in _positions(run, w) for i in range(start, start + len(w))}
        single = [w for w in words if len(w) == 1 and any(i not in covered for i in _positions(run, w))]
        return tuple(dict.fromkeys(longer + single))


PUNCTUATION_HINT = "查询里只有标点符号，没有可检索的文字；请输入要查找的词，如：约谈 纪委。"
_EXCLUDE_PREFIXES = ("-", "－", "−")  # ASCII hyphen-minus, full-width hyphen-minus, minus sign


@record(frozen=True)
class TextWords:
    """The free text of a query split into words to find and words to exclude."""

    include: tuple[str, ...]
    exclude: tuple[str, ...]
    any_word: bool  # the words were joined by OR


def text_words(text: str) -> TextWords:
    """Read `-word`, `OR` and `AND` in the free text of a query (see `Analyzer.parse_query`).

    Only whole, upper-case tokens are operators (`or`, `ORACLE`, `OR2` are words). A leading minus
    excludes only when a letter or digit follows it (`-` alone, `--` are punctuation). OR joins
    single words; mixed with words that must all match (`a b OR c`) it is refused (E050), since
    that precedence would surprise whoever reads the query back.
    """
    include: list[str] = []
    exclude: list[str] = []
    saw_or = False
    adjacent = False  # two words to find stood side by side (an implicit AND)
    previous_or = True
    for token in text.split():
        if token == "OR":
            saw_or, previous_or = True, True
            continue
        if token == "AND":
            previous_or = False
            continue
        if token.startswith(_EXCLUDE_PREFIXES) and _RUN.search(token.lstrip("".join(_EXCLUDE_PREFIXES))):
            exclude.append(token.lstrip("".join(_EXCLUDE_PREFIXES)))
            continue
        if include and not previous_or:
            adjacent = True
        include.append(token)
        previous_or = False
    if saw_or and adjacent:
        raise DubanError(
            E.FILTER_INVALID, detail="OR 只能连接单个词（如 财政 OR 审计），不能与并列的多个词混用"
        )
    return TextWords(tuple(include), tuple(exclude), saw_or)


def _uncovered(run: str, words: Sequence[str]) -> list[str]:
    """The stretches of two or more characters of `run` that none of `words` covers."""
    covered = {i for w in words for start in _positions(run, w) for i in range(start, start + len(w))}
    stretches = re.findall(
        r"[^\x00]{2,}", "".join("\x00" if i in covered else ch for i, ch in enumerate(run))
    )
    return [s for s in stretches if s != run or not words]


def _positions(text: str, word: str) -> list[int]:
    found = []
    start = text.find(word)
    while start >= 0:
        found.append(start)
        start = text.find(word, start + 1)
    return found


@cache
def aliases(path: Path = ALIASES_FILE) -> tuple[tuple[str, str], ...]:
    """Short form → written-out form pairs (`rules/lexicons/aliases.txt`), folded like queries;
    not the `rewrite` pairs, whose variant holds its normal form (see `index.spellings`)."""
    return tuple(
        (fold(variant), fold(normal)) for variant, normal, rewrite in alias_lines(path) if not rewrite
    )


def expand_aliases(run: str, pairs: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The run with each short form it contains written out, and each written-out form shortened."""
    found: dict[str, None] = {}
    for short, full in pairs:
        if full in run:
            found[run.replace(full, short)] = None
        elif short in run:
            found[run.replace(short, full)] = None
    found.pop(run, None)
    return tuple(found)


def _grams(folded: str) -> list[str]:
    return [gram for run in runs(folded) for gram in bigrams(run)]


def _segmenter(user_dict: Path | None) -> CachedSegmenter:
    """One segmenter per process and dictionary (`index.segment.shared`), the one the unit
    filter's word boundaries read too (`index.spellings.name_starts`)."""
    return shared(user_dict)


def parse_query_fields(query: str, now: dt.datetime | str | None = None) -> tuple[str, Filters]:
    """Take `牵头单位:市发展改革委`, `status:done`, `逾期`… out of a query; return the rest and filters
    (`now`: the clock `入库:昨天` is read against, the server's unless given)."""
    text: list[str] = []
    values: dict[str, str] = {}
    for token in _TOKEN.findall(query):
        match = _FIELD_TOKEN.match(token)
        if match and match.group(1).lower() in FIELD_QUERIES:
            field, role = FIELD_QUERIES[match.group(1).lower()]
            _put(values, field, match.group(2).strip('"'))
            if role is not None:
                _put(values, "role", role)
        elif match and match.group(1).lower() in INGEST_QUERIES:
            for field, bound in zip(
                INGEST_QUERIES[match.group(1).lower()], _ingest_period(match.group(2)), strict=True
            ):
                if bound:
                    _put(values, field, bound)
        elif match and match.group(1).lower() in PERIOD_QUERIES:
            period = _period(match.group(1), match.group(2))
            for field, bound in zip(PERIOD_QUERIES[match.group(1).lower()], period, strict=True):
                if bound:
                    _put(values, field, bound)
        elif token.lower() in OVERDUE_WORDS:
            _put(values, "status", "overdue")
        else:
            text.append(token)
    return " ".join(text), parse_filters(**values, now=now)


# a prefix that looks like a field name staff meant as a filter: a short word, no digits (not `10:30`)
_FIELD_LIKE = re.compile(r"^(?:[\u4e00-\u9fff]{2,6}|[A-Za-z_]{2,16})$")


def unknown_fields(query: str) -> list[str]:
    """The `名字:值` prefixes of a query that are no filter field (`负责人:张三`): the search reads
    them as words, which finds little, so the command line says so and lists the fields there are.
    Only short words count: `10:30` or a title with a colon is not taken for a field."""
    known = {*FIELD_QUERIES, *PERIOD_QUERIES, *INGEST_QUERIES}
    found: dict[str, None] = {}
    for token in _TOKEN.findall(query):
        match = _FIELD_TOKEN.match(token)
        if match and _FIELD_LIKE.match(match.group(1)) and match.group(1).lower() not in known:
            found[match.group(1)] = None
    return list(found)


def _ingest_period(value: str) -> tuple[str, str]:
    """The ingest-time bounds `入库:` gives (`parse_filters` reads each): `a..b` (or `a至b`) a
    range, one end open when left out; a date alone its whole period (`入库:2026-12` all of
    December); a relative word (`昨天`, `最近7天`) or a time of day (`2026-12-05T18:00`) alone
    "from then on": nothing is ingested after now, and "since yesterday" is what staff mean by
    `入库:昨天` in the morning (the ingest of the night may have run after midnight)."""
    text = value.strip('"').strip()
    pieces = _INGEST_SPLIT.split(text, maxsplit=1)
    first = _ingest_bound(pieces[0])
    if len(pieces) == 2:  # `2026年11月至12月`: the year carried over, as for `时限:`
        year = first[:4] if re.match(r"\d{4}-", first) else None
        return first, _ingest_bound(pieces[1], year)
    if is_relative(first) or _TIME_OF_DAY.search(first):
        return first, ""
    return first, first


def _ingest_bound(value: str, year: str | None = None) -> str:
    """One end of an `入库:` range as `parse_filters` reads it: a date as staff write it made
    partial ISO (`2026年12月` → `2026-12`); a relative word or a time as it is."""
    text = value.strip()
    if not text or is_relative(text) or _TIME_OF_DAY.search(text):
        return text
    iso = _iso_text(text, year)
    return iso if iso else text


def _period(prefix: str, value: str) -> tuple[str, str]:
    """The first and last day a period's text names, each as `parse_filters` reads a partial date
    (`2024-06` alone is all of June; `2024年1月至6月` January to June, the year carried over; an
    open end stays empty). Dates are taken as staff write them (`2024年6月30日`, `2024.6`)."""
    pieces = _PERIOD_SPLIT.split(value.strip('"'), maxsplit=1)
    first = _iso_text(pieces[0])
    last = first if len(pieces) == 1 else _iso_text(pieces[1], year=(first or "")[:4])
    if first is None or last is None or not (first or last):
        raise DubanError(
            E.FILTER_INVALID,
            detail=f"{prefix}:{value} 不是日期或时段（可写 2024-06、2024年6月30日、2024-01..2024-06、"
            "2024年1月至6月，或只写一端：..2024-06、2024-07..）",
        )
    return first, last


def _iso_text(value: str, year: str | None = None) -> str | None:
    """A date as staff write it (`2024年6月30日`, `2024.6`) as partial ISO (`2024-6-30`, `2024-6`);
    one without its year (`6月`) in `year` when given; "" for an open end; None for no date."""
    text = re.sub(r"[年月./]", "-", value.strip()).replace("日", "").strip("-")
    if year and re.fullmatch(r"\d{1,2}(-\d{1,2})?", text):
        text = f"{year}-{text}"
    return text if not text or PARTIAL_ISO.match(text) else None


def _put(values: dict[str, str], field: str, value: str) -> None:
    if values.get(field, value) != value:
        raise DubanError(E.FILTER_INVALID, detail=given_twice(field, values[field], value))
    values[field] = value
