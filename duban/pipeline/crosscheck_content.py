"""Cross-check, linking by content: followers that never name the directive they follow.

A progress report that lists a directive's tasks, a meeting that quotes the directive's own words,
a table of this year's items: none of them names the directive, so only the text can link them.
Topic words never suffice (every document of a campaign says `政务新媒体`), so the evidence is
*passages*: runs of at least `MIN_PASSAGE` characters that the follower shares with one sentence of
the directive, after folding script, punctuation and pinyin annotations away. A passage counts by
how distinctive it is in the collection at hand: each of its five-character shingles weighs
`log(N / df)` over all documents, so boilerplate every document carries (`以习近平新时代中国特色
社会主义思想为指导`) weighs next to nothing, and the directive's own formulations weigh most.
How common a formula is cannot be learnt from the few documents one index holds, so a table mined
from `corpus/real/` (`xcheck_df.txt.gz`, by `pipeline.crosscheck_mine`) says it too: a shingle in
1 % of those documents is boilerplate and never counts, and one in fewer but at least six of them
(a slogan that study-session read-outs, regulations and news items all repeat) weighs `QUOTE_DF /
df` of its weight: two documents sharing a run is what a quotation looks like, six or sixty sharing
it is a formula. On a 1,500-document sample of `corpus/real/` this took the content links made
outside the corpus's known relations from 30 to 6 (the one known relation linked by content kept;
dev unchanged). The sample's documents are among the mined ones, so that figure is optimistic; dev,
which the table never saw, keeps its two content-linked pairs.

Names are not quoted either: the bodies and office holders a follower lists (an inspection round's
list of the bodies it inspects, a committee's roster) are left out of its passages (`name_spans`),
since two documents name the same bodies because the bodies exist.

The pair is scored sentence by sentence of the directive (a measure is such a sentence): each
directive sentence counts its best passage, and the link is made when the sum passes
`LINK_SCORE` with at least one passage of `MIN_STRONG` characters. A follower that quotes a
look-alike of the candidate by title (the same core from another issuer, or a later document whose
title contains this one's) has told us what it follows: no content link is made to the candidate.

Candidates come from an inverted index of the directives' rare shingles, never from all pairs.
"""

from __future__ import annotations

import gzip
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TypeVar, overload

from duban.base.script import strip_pinyin
from duban.extractors.units import UnitFinder
from duban.index.analysis import fold
from duban.pipeline.crosscheck_text import comparable
from duban.rules.ruleset import lexicon_path, load_rule_file

K = 5
# A passage shorter than this is a phrase (a topic or a title), not a quotation.
MIN_PASSAGE = 12
# MIN_STRONG was chosen on the dev corpus's labelled pairs and look-alikes. LINK_SCORE 15 (was 25)
# was chosen held out on `corpus/real/` (`benchmarks/sweep_crosscheck.py`: 1,500 documents, each
# non-statute follower's quotes of its directives blanked): 64 -> 74 of 373 held-out relations
# linked again, 32 -> 42 links outside the known relations, of which about half are read-outs
# or news items of the same document the corpus did not pair (a meeting that reviewed a plan and
# the news of its issue); 10 adds 5 more relations for 7 more unknown links, mostly regulations
# sharing a national formula. Dev and dev masked keep the same links at 15 (no false link).
MIN_STRONG = 20
LINK_SCORE = 15.0
# A shingle in more than this share of the directives is not used to find candidates.
_CANDIDATE_DF = 0.2
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
DF_TABLE = lexicon_path("xcheck_df.txt.gz")
# A shingle in this share of the mined documents is boilerplate: it never counts.
BOILERPLATE_SHARE = 0.01
# A listed shingle (in six or more mined documents) keeps QUOTE_DF / df of its weight. Chosen on the
# content links of a 1,500-document sample of `corpus/real/` (`benchmarks/bench_crosscheck.py --real
# --limit 1500`): 1 / df, 2 / df and dropping listed shingles altogether keep the same links there
# (7, the one known relation among them), 3 / df one more; dev's two content-linked pairs keep.
QUOTE_DF = 2.0
_HEADER = re.compile(r"of (\d+) documents")
# Sentence by sentence (`measure_match`): a run this long counts (`智慧水表系统`), far shorter than a
# quotation, because a follower that lists the directive's tasks restates each in a few words.
SHORT_PASSAGE = 6
# A directive sentence the follower speaks of: its evidence (best run + shared facts) weighs this much.
SENTENCE_EVIDENCE = 3.0
# Links by sentences: at least this many directive sentences spoken of, and this much evidence in all.
# Chosen on labelled decisions (`benchmarks/eval_crosscheck.py --content-decisions`).
MIN_SENTENCES = 3
SENTENCES_SCORE = 15.0
# A follower that names no directive and whose candidates all fall short of both thresholds is linked
# to the one that stands clear of the others (`clear_best`): at least NEAR_SENTENCES directive
# sentences spoken of with NEAR_SCORE evidence in all, NEAR_MARGIN times the runner-up's.
NEAR_SENTENCES = 2
NEAR_SCORE = 8.0
NEAR_MARGIN = 2.0
# A follower dated in a year the candidate's title names (`crosscheck_dates.in_named_year`) needs
# less: two sentences spoken of (2 x SENTENCE_EVIDENCE) and the margin. Chosen on masked dev and the
# real held-out sample (`benchmarks/eval_crosscheck.py --masked`, `--held-out`).
NEAR_SCORE_DATED = 6.0
# The longest shared run a near miss needs: longer than a deadline field (`完成时限：长期坚持`, 8
# characters, what two unrelated plans of one year shared in a test fixture); masked dev's holiday
# notice restates its schedule's `各部门要妥善安排好` (9). On the real held-out sample 8-10 keep
# every near link (96 relations, 44 not known), 12 loses 4. A narrow margin: see `clear_best`.
NEAR_PASSAGE = 9
# A follower whose near misses leave no clear best by sentences is linked to the candidate it shares
# by far the most rare text with (`clear_candidate`): the candidate's weight (`shared_weight`: the
# shared shingles' idf times the mined formula weight, about one per shingle rare both in the
# collection and in `corpus/real/`, the directive's title words left out) at least CLEAR_WEIGHT and
# CLEAR_MARGIN times every other unfiltered candidate's, with one directive sentence spoken of; not
# for minutes and reports (`crosscheck.content_candidates`). Chosen held out on `corpus/real/`
# (`benchmarks/eval_crosscheck.py --held-out`, 1,500 documents). On the held-out followers (missed
# relations, links not known, added): weight 12 margin 2 adds 15 and 5, 15 adds 14 and 3, 18 adds 7
# and 1; margin 1.5 at 15 adds 14 and 4, 3 adds 10 and 3. Without the spoken sentence 15/2 adds 17
# and 3 but links dev's city inspection notice (`政务新媒体`) to the national opinion whose opening
# paragraph it echoes, a pair the dev gold does not make (title words counted: 20 and 4, and that
# link). As checked over the whole sample 15/2 added 13 held-out relations and 9 links not known,
# 7 of them from meeting read-outs (4 to the document the meeting decided, 2 to a law it discussed
# years before) and 1 from a report: without minutes and reports, 8 and 1.
CLEAR_WEIGHT = 15.0
CLEAR_MARGIN = 2.0
# A shared figure weighs as much as this many rare shingles: `600户` in a task and in a report is
# as telling as a rare three-shingle run (`培训养老护理员`).
FACT_WEIGHT = 3.0
# A figure with its unit or a date: what a report restates when it restates a task
# (`rules/crosscheck.yaml`).
_FACT = load_rule_file("crosscheck").require(("fact",)).regex("fact")


@dataclass(frozen=True)
class Background:
    """Document frequencies of the common shingles of the mined corpus, and its size."""

    documents: int
    df: dict[str, int]

    def weight(self, shingle: str) -> float:
        """1 for a shingle the table does not list (rare in the mined corpus), QUOTE_DF / df else."""
        return _formula_weight(self.df.get(shingle))


def _formula_weight(count: int | None) -> float:
    return 1.0 if count is None else min(1.0, QUOTE_DF / count)


@lru_cache(maxsize=1)
def background() -> Background:
    """The mined table; its header says how many documents it counts."""
    documents = 0
    df: dict[str, int] = {}
    with gzip.open(DF_TABLE, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                found = _HEADER.search(line)
                documents = int(found.group(1)) if found else documents
                continue
            shingle, _, count = line.rstrip("\n").partition("\t")
            if shingle and count:
                df[shingle] = int(count)
    if not documents:
        raise ValueError(f"{DF_TABLE.name}: the header must say how many documents were counted")
    return Background(documents, df)


@lru_cache(maxsize=1)
def boilerplate() -> frozenset[str]:
    """Shingles found in 1% or more of `corpus/real/` (mined by `pipeline.crosscheck_mine`)."""
    table = background()
    floor = int(BOILERPLATE_SHARE * table.documents)
    return frozenset(s for s, count in table.df.items() if count >= floor)


@lru_cache(maxsize=1)
def _listed_codes() -> dict[bytes, int]:
    """The mined table keyed as the index keys its shingles (`_code`)."""
    return {_code(shingle): count for shingle, count in background().df.items()}


@lru_cache(maxsize=1)
def _boilerplate_codes() -> frozenset[bytes]:
    return frozenset(_code(shingle) for shingle in boilerplate())


def _code(shingle: str) -> bytes:
    """A shingle as the index keys it: its UTF-16 code units (UTF-32 when a character lies beyond
    the basic plane).

    Over the whole real corpus the index holds 4.9 million shingles; five Chinese characters as a
    `str` take 96 bytes, as these 10 bytes 48 (0.23 GB less), and a slice of bytes hashes and
    compares as fast as one of a `str`. One code per shingle and one shingle per code: in UTF-16
    with `surrogatepass` each basic-plane character is one code unit of its own, so a code of
    2 * K bytes names its K characters; any other shingle is 4 * K bytes of UTF-32, which no
    basic-plane code equals for want of length. Links and scores cannot change.
    """
    if shingle and max(shingle) > "\uffff":
        return shingle.encode("utf-32-le")
    return shingle.encode("utf-16-le", "surrogatepass")


def _codes(key: str) -> list[bytes]:
    """Each shingle of a sentence's key in order, as `_code` keys it: the sentence is encoded once
    and sliced."""
    count = len(key) - K + 1
    if count <= 0:
        return []
    if max(key) > "\uffff":
        return [_code(key[i : i + K]) for i in range(count)]
    data = key.encode("utf-16-le", "surrogatepass")
    return [data[j : j + 2 * K] for j in range(0, 2 * count, 2)]


def _shingle(code: bytes) -> str:
    """The shingle a code (`_code`) stands for."""
    return code.decode("utf-16-le", "surrogatepass") if len(code) == 2 * K else code.decode("utf-32-le")


@dataclass(frozen=True)
class Passage:
    """A run the follower shares with one directive sentence, and how distinctive it is."""

    sentence: int
    follower_start: int
    follower_end: int
    length: int
    weight: float


@dataclass(frozen=True)
class ContentMatch:
    """Why a follower is linked to a directive by content: its score and best passages."""

    directive: str
    score: float
    passages: tuple[Passage, ...]
    # How many directive sentences the follower speaks of (`measure_match`), 0 for a passage match.
    sentences: int = 0
    # Figures with their units (`8万吨`, `2025年底前`) the follower shares with those sentences.
    facts: tuple[str, ...] = ()


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentence and `；` clause spans of a text."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        if end > pos:
            out.append((pos, end))
        pos = m.end() if m else len(text)
    return out


@dataclass
class _Sentences:
    """A document cut into sentences, each as comparable characters with offsets."""

    keys: list[str]
    # Each sentence's start and end in the text (`bounds`, two numbers a sentence) and each of its
    # characters' offsets (`chars`, sentence after sentence), as 32-bit integers in one array each
    # a document: a list of ints held 36 bytes a character, the whole real corpus's sentences
    # 0.9 GB in a cross-check of its 5,864 documents; an array and a tuple of two ints a sentence,
    # 0.1 GB over its half million sentences.
    bounds: array[int]
    chars: array[int]

    @classmethod
    def of(cls, text: str) -> _Sentences:
        keys: list[str] = []
        bounds, chars = array("i"), array("i")
        for start, end in sentences(text):
            key, offs = comparable(text, start, end)
            if len(key) >= K:
                keys.append(key)
                bounds.extend((start, end))
                chars.extend(offs)
        return cls(keys, bounds, chars)

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Each sentence's start and end in the text."""
        return list(zip(self.bounds[::2], self.bounds[1::2], strict=True))

    @property
    def offsets(self) -> list[array[int]]:
        """Each sentence's characters' offsets in the text."""
        out: list[array[int]] = []
        pos = 0
        for key in self.keys:
            out.append(self.chars[pos : pos + len(key)])
            pos += len(key)
        return out

    def codes(self) -> set[bytes]:
        """The document's shingles, as the index keys them (`_code`)."""
        return {code for key in self.keys for code in _codes(key)}

    def first_codes(self) -> dict[bytes, int]:
        """Each shingle (`_code`) and the first sentence holding it."""
        pairs = [(code, index) for index, key in enumerate(self.keys) for code in _codes(key)]
        pairs.reverse()
        return dict(pairs)


_T = TypeVar("_T")


class _One(Mapping[str, int]):
    """The owners of a shingle only one directive has (directive -> its first sentence with it):
    three in four of them over the real corpus (3.6 of 4.9 million), where a dict of one entry
    held 184 bytes and this holds 48. A second directive turns it into a `_Many`, another document
    holding the shingle into a `_OneShared` (`ContentIndex`)."""

    __slots__ = ("doc", "index")
    # How many documents of the collection hold the shingle: none but the directive, for most of
    # them, so the count is the class's and costs these nothing.
    df: int = 1

    def __init__(self, doc: str, index: int) -> None:
        self.doc = doc
        self.index = index

    def __getitem__(self, doc: str) -> int:
        if doc != self.doc:
            raise KeyError(doc)
        return self.index

    @overload
    def get(self, doc: str, /) -> int | None: ...

    @overload
    def get(self, doc: str, default: int | _T, /) -> int | _T: ...

    def get(self, doc: str, default: object = None, /) -> object:
        return self.index if doc == self.doc else default

    def __contains__(self, doc: object) -> bool:
        return doc == self.doc

    def __iter__(self) -> Iterator[str]:
        yield self.doc

    def __len__(self) -> int:
        return 1


class _OneShared(_One):
    """One directive's shingle that other documents hold too: it carries their count."""

    __slots__ = ("df",)

    def __init__(self, doc: str, index: int, df: int) -> None:
        super().__init__(doc, index)
        self.df = df


class _Many(dict[str, int]):
    """The owners of a shingle several directives have, and how many documents hold it."""

    __slots__ = ("df",)
    df: int


Owners = _One | _Many
"""Which directives hold a shingle, each with its first sentence holding it, and its document
frequency in the collection (`df`): one table for both, not two over the same 4.9 million keys."""

_V = TypeVar("_V")


class _ByShingle(Mapping[str, _V]):
    """The index's table read by shingle rather than by code (`_code`)."""

    __slots__ = ("_table", "_value")

    def __init__(self, table: dict[bytes, Owners], value: Callable[[Owners], _V]) -> None:
        self._table = table
        self._value = value

    def __getitem__(self, shingle: str) -> _V:
        return self._value(self._table[_code(shingle)])

    def __iter__(self) -> Iterator[str]:
        return map(_shingle, self._table)

    def __len__(self) -> int:
        return len(self._table)


class ContentIndex:
    """Directives' sentences by shingle, with each shingle's document frequency in the collection."""

    def __init__(self, texts: Mapping[str, str], directives: Sequence[str]) -> None:
        # The mined tables outlive the index: loaded first, they do not fill the holes its build
        # leaves among its own objects, which would keep that memory taken once the index is gone.
        _listed_codes()
        _boilerplate_codes()
        self.docs = {doc_id: _Sentences.of(texts[doc_id]) for doc_id in texts}
        self.directives = [d for d in directives if d in self.docs]
        # shingle code (`_code`) -> its owners and document frequency (`Owners`)
        self._table: dict[bytes, Owners] = {}
        table = self._table
        for doc_id in dict.fromkeys(self.directives):  # each directive once
            # each shingle of the directive once, with its first sentence: the dictionary is built
            # in C from the shingles in reverse (the last value written is the first sentence's)
            for code, index in self.docs[doc_id].first_codes().items():
                held = table.get(code)
                if held is None:
                    table[code] = _One(doc_id, index)
                elif isinstance(held, _Many):
                    held[doc_id] = index
                    held.df += 1
                else:  # a second directive: a `_Many` from now on
                    many = table[code] = _Many({held.doc: held.index, doc_id: index})
                    many.df = held.df + 1
        indexed = set(self.directives)
        for doc_id, parsed in self.docs.items():
            if doc_id not in indexed:
                for code in parsed.codes() & table.keys():
                    held = table[code]
                    if type(held) is _One:
                        table[code] = _OneShared(held.doc, held.index, 2)
                    else:
                        held.df += 1
        self.n = max(len(self.docs), 1)
        # a shingle's weight depends on its document frequency alone: one figure per frequency,
        # looked up for the millions of shingles the candidates and passages weigh
        # (a frequency below 2 is read as 2: indexes 0 and 1 are never looked up)
        self._idf_by_df = [0.0, 0.0, *(self._idf_of(df) for df in range(2, max(self.n, 2) + 1))]
        self._texts = texts
        # follower -> its sentences' name masks (`_named`), filled as passages are read
        self._masks: dict[str, dict[int, bytes]] = {}
        self._facts: dict[str, list[frozenset[str]]] = {}
        self.fact_df: Counter[str] | None = None

    @property
    def where(self) -> Mapping[str, Owners]:
        """Each indexed shingle's owners: the directives holding it, each with its first sentence."""
        return _ByShingle(self._table, lambda owners: owners)

    @property
    def df(self) -> Mapping[str, int]:
        """Each indexed shingle's document frequency in the collection."""
        return _ByShingle(self._table, lambda owners: owners.df)

    def idf(self, shingle: str) -> float:
        """Weight of a shingle in (0, 1]: 1 when only two documents have it, less the more have it.

        Smoothed (`n + 1`) so that a collection of two or three documents still weighs a shared
        passage; formulae common everywhere are left out by the mined boilerplate list instead.
        """
        return self._idf_held(self._table.get(_code(shingle)))

    def _idf_held(self, owners: Owners | None) -> float:
        """`idf` from a shingle's owner record (None: no directive holds it, one document does)."""
        return self._idf_by_df[max(owners.df if owners is not None else 1, 2)]

    def _weight(self, owners: Owners | None, code: bytes) -> float:
        """A shingle's `idf` in the collection times the mined table's formula weight."""
        return self._idf_held(owners) * _formula_weight(_listed_codes().get(code))

    def _idf_of(self, df: int) -> float:
        scale = math.log((self.n + 1) / 2)
        # A collection of one document (an index holding only a directive) has nothing to weigh.
        return max(math.log((self.n + 1) / df), 0.0) / scale if scale > 0 else 1.0

    def lookups(self, follower: str) -> list[list[Owners | None]]:
        """For each of the follower's sentences, each shingle's owners (directive -> sentence).

        Looked up once per follower and shared by all its candidate directives (`match_many`).
        """
        get = self._table.get
        return [list(map(get, _codes(key))) for key in self.docs[follower].keys]

    def passages(
        self,
        follower: str,
        directive: str,
        lookups: list[list[Owners | None]] | None = None,
        shortest: int = MIN_PASSAGE,
        skip: frozenset[str] = frozenset(),
    ) -> list[Passage]:
        """Maximal runs of the follower's sentences found in one directive sentence (`shortest` chars or more)."""
        parsed = self.docs[follower]
        found = self.lookups(follower) if lookups is None else lookups
        common = _boilerplate_codes()
        skipped = {_code(shingle) for shingle in skip}
        out: list[Passage] = []
        for index, (key, offsets, owners) in enumerate(zip(parsed.keys, parsed.offsets, found, strict=True)):
            sentences = [o.get(directive) if o is not None else None for o in owners]
            codes: list[bytes] | None = None
            i = 0
            last = len(key) - K
            while i <= last:
                sentence = sentences[i]
                if sentence is None:
                    i += 1
                    continue
                j = i
                while j + 1 <= last and sentences[j + 1] == sentence:
                    j += 1
                if j - i + K >= shortest:
                    codes = _codes(key) if codes is None else codes
                    named = self._named(follower, index, offsets)
                    for start, end in _unnamed(named, i, j) if named else ((i, j),):
                        distinct = [
                            x
                            for x in range(start, end + 1)
                            if codes[x] not in common and codes[x] not in skipped
                        ]
                        if end - start + K >= shortest and distinct:
                            weight = sum(self._weight(owners[x], codes[x]) for x in distinct)
                            length = len(distinct) + K - 1
                            out.append(
                                Passage(sentence, offsets[start], offsets[end + K - 1] + 1, length, weight)
                            )
                i = j + 1
        return out

    def _named(self, follower: str, index: int, offsets: Sequence[int]) -> bytes:
        """Which characters of the follower's sentence `index` (as compared) lie in a name standing
        as an item of its own (`name_spans`), one byte each; empty when none does.

        Read only for a sentence holding a run long enough to count, and kept per follower.
        """
        masks = self._masks.setdefault(follower, {})
        found = masks.get(index)
        if found is None:
            parsed = self.docs[follower]
            start, end = parsed.bounds[2 * index], parsed.bounds[2 * index + 1]
            spans = name_spans(self._texts[follower][start:end])
            found = b""
            if spans:
                inside = bytearray(end - start)
                for s, e in spans:
                    inside[s:e] = b"\x01" * (e - s)
                found = bytes(inside[offset - start] for offset in offsets)
            masks[index] = found
        return found

    def candidates(self, follower: str) -> Counter[str]:
        """Directives sharing rare shingles with the follower, ranked by how distinctive those are.

        A directive sharing fewer shingles than one passage of `MIN_PASSAGE` characters holds
        cannot be linked, so it is not a candidate. The others rank by the sum of the shared
        shingles' weights (`idf` in the collection times the mined table's formula weight), not by
        their count: a directive sharing a campaign's slogans with every follower on its topic no
        longer outranks the one whose own wording the follower repeats. Held out on `corpus/real/`
        (`benchmarks/sweep_crosscheck.py`, 1,500 documents, 373 masked relations) the directive
        is a follower's first candidate for 162 relations (by count 160), among its top three for
        212 (201), its top five for 213 (209). Dividing by the directive's length ranked worse
        (top five 202-210): a long law is a long law because it is the one followers cite.
        """
        limit = max(2, int(_CANDIDATE_DF * len(self.directives)))
        count: Counter[str] = Counter()
        weight: defaultdict[str, float] = defaultdict(float)
        # Only the shingles some directive holds are visited, picked out by a set intersection in C
        # (most of a follower's shingles are its own). The shingles are summed in set order, as
        # before: an order that varies from one run to the next with string hashing, so no
        # ranking ever rested on it.
        table = self._table
        for code in (self.docs[follower].codes() & table.keys()) - _boilerplate_codes():
            owners = table[code]
            value = self._weight(owners, code)
            if isinstance(owners, _One):  # three in four shingles: one owner, always under the limit
                count[owners.doc] += 1
                weight[owners.doc] += value
            elif len(owners) <= limit:
                for owner in owners:
                    count[owner] += 1
                    weight[owner] += value
        count.pop(follower, None)
        return Counter({d: weight[d] for d, n in count.items() if n >= MIN_PASSAGE - K + 1})

    def shared_weight(self, follower: str, directive: str, skip: frozenset[str] = frozenset()) -> float:
        """The weight `candidates` gives a directive, its title words `skip` left out.

        Every follower on a directive's topic says its title words (`政务新媒体`), whether it follows
        that directive or only works on the topic, so they tell nothing about which one it follows.
        """
        limit = max(2, int(_CANDIDATE_DF * len(self.directives)))
        skipped = {_code(shingle) for shingle in skip}
        total = 0.0
        for code in self.docs[follower].codes() - _boilerplate_codes() - skipped:
            owners = self._table.get(code)
            if owners is not None and directive in owners and len(owners) <= limit:
                total += self._weight(owners, code)
        return total

    def match(
        self, follower: str, directive: str, lookups: list[list[Owners | None]] | None = None
    ) -> ContentMatch:
        """The follower's passages per directive sentence, the best one each, and their sum."""
        best: dict[int, Passage] = {}
        for passage in self.passages(follower, directive, lookups):
            kept = best.get(passage.sentence)
            if kept is None or passage.weight > kept.weight:
                best[passage.sentence] = passage
        chosen = sorted(best.values(), key=lambda p: -p.weight)
        return ContentMatch(directive, round(sum(p.weight for p in chosen), 2), tuple(chosen))

    def sentence_facts(self, doc_id: str) -> list[frozenset[str]]:
        """The figures and dates of each sentence of a document (`_FACT`), folded."""
        found = self._facts.get(doc_id)
        if found is None:
            text = self._texts[doc_id]
            found = [facts_of(text[start:end]) for start, end in self.docs[doc_id].spans]
            self._facts[doc_id] = found
        return found

    def fact_weight(self, fact: str) -> float:
        """Like a shingle's `idf`: a figure every document states (`2024年底`) weighs little."""
        if self.fact_df is None:
            self.fact_df = Counter()
            for doc_id in self.docs:
                self.fact_df.update(frozenset().union(*self.sentence_facts(doc_id)))
        df = max(self.fact_df.get(fact, 1), 2)
        return max(math.log((self.n + 1) / df), 0.0) / math.log((self.n + 1) / 2)

    def measure_match(
        self,
        follower: str,
        directive: str,
        lookups: list[list[Owners | None]] | None = None,
        theme: frozenset[str] = frozenset(),
    ) -> ContentMatch:
        """Evidence directive sentence by directive sentence: a follower that lists the tasks.

        A progress report or a table of this year's items restates each task in a few words and
        its figures (`新增日供水能力8万吨`, `2025年底前`), never a long run of the directive's text.
        So each directive sentence counts its best short run (`SHORT_PASSAGE` characters or more,
        the directive's title words `theme` left out: every sentence of a follower is about them)
        plus the figures it shares with the follower, each weighed by how rare it is in the
        collection; a sentence with `SENTENCE_EVIDENCE` or more is spoken of. Topic words alone
        never reach it in several sentences at once.
        """
        best: dict[int, Passage] = {}
        for passage in self.passages(follower, directive, lookups, shortest=SHORT_PASSAGE, skip=theme):
            kept = best.get(passage.sentence)
            if kept is None or passage.weight > kept.weight:
                best[passage.sentence] = passage
        said = frozenset().union(*self.sentence_facts(follower)) if self.docs[follower].keys else frozenset()
        evidence: dict[int, float] = {i: p.weight for i, p in best.items()}
        shared: set[str] = set()
        for i, facts in enumerate(self.sentence_facts(directive)):
            common = facts & said
            if common:
                evidence[i] = evidence.get(i, 0.0) + FACT_WEIGHT * sum(self.fact_weight(f) for f in common)
                shared |= common
        spoken = {i: e for i, e in evidence.items() if e >= SENTENCE_EVIDENCE}
        chosen = sorted((best[i] for i in spoken if i in best), key=lambda p: -p.weight)
        facts_used = tuple(
            sorted(f for i in spoken for f in self.sentence_facts(directive)[i] & said if f in shared)
        )
        return ContentMatch(directive, round(sum(spoken.values()), 2), tuple(chosen), len(spoken), facts_used)


# What separates the items of a sentence (a list's closing `等` before what it counts included:
# `某局、某办等12个单位`), and of those what separates the items of a list, the label of a row
# from its value, or the cells of a table row (`name_spans`).
_ITEM_BREAK = re.compile(r"[、，,；;：:。！？!?\s]+|等(?=[0-9一二三四五六七八九十两几多]|单位|部门|机关)")
_LIST_BREAK = re.compile(r"[、：:\s]")


@lru_cache(maxsize=1)
def _unit_finder() -> UnitFinder:
    return UnitFinder.default(learned=False)


@lru_cache(maxsize=1)
def _post_end() -> re.Pattern[str]:
    """A post a roster names (`副部长`, `秘书长`, `主任`: the units lexicon's role words), longest first."""
    words = sorted(_unit_finder().role_words, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def name_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the names of bodies and office holders that a sentence lists: two or more
    names side by side as the items of a list, a label and its value or the cells of a table row
    (`某某委员会办公室、某某研究室、某某局`, `副组长：张某某某某部副部长`), by the units lexicon
    and suffixes (`extractors.units.UnitFinder.is_unit`), and a roster's rows run together once
    its table is flattened (`张某某某某部副部长李某某某某局局长`: `_roster`).

    Two documents name the same bodies because the bodies exist, not because one relays the other:
    an inspection round's announcement lists the bodies it inspects and a reform plan the bodies it
    merges, two committees list their members with their posts (issue 10: the real corpus's reform
    plan was linked so to three inspection rounds, a committee's roster to another's). A name in a
    clause (`由某某局负责…`), or an item read as one beside items that are none (`真抓实干、取得
    明显成效的地方`), is no such list and stays.
    """
    finder = _unit_finder()
    items: list[tuple[int, int, str]] = []  # each item's span and the break after it
    pos = 0
    for found in [*_ITEM_BREAK.finditer(text), None]:
        end = found.start() if found else len(text)
        if end > pos:
            items.append((pos, end, found.group() if found else ""))
        elif items and found:
            start, stop, after = items[-1]
            items[-1] = (start, stop, after + found.group())
        pos = found.end() if found else len(text)
    named = [finder.is_unit(text[start:end]) for start, end, _ in items]
    out: list[tuple[int, int]] = []
    for i, (start, end, after) in enumerate(items):
        listed = named[i] and (
            (i > 0 and named[i - 1] and _LIST_BREAK.search(items[i - 1][2]) is not None)
            or (i + 1 < len(items) and named[i + 1] and _LIST_BREAK.search(after) is not None)
        )
        if listed or _roster(text[start:end]):
            out.append((start, end))
    return out


def _roster(item: str) -> bool:
    """Rows of a roster run together: the item falls into two or more pieces, each a person's name
    (two or three characters), a body and a post (`_post_end`: `张某某某某部副部长`, `李某某某某局
    局长`), or a post alone (the next row's label `成员`). A clause that ends with a post
    (`主要负责人是第一责任人`) names no body after a person and is no row."""
    finder = _unit_finder()
    rows = 0
    pos = 0
    for post in _post_end().finditer(item):
        before = item[pos : post.start()]
        if before and not any(len(before) - k >= 2 and finder.is_unit(before[k:]) for k in (2, 3)):
            return False
        rows += 1
        pos = post.end()
    return rows >= 2 and pos == len(item)


def _unnamed(named: bytes, first: int, last: int) -> list[tuple[int, int]]:
    """The stretches of shingles `first`..`last` (inclusive) none of whose characters is `named`."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for x in range(first, last + 1):
        if any(named[x : x + K]):
            if start is not None:
                out.append((start, x - 1))
                start = None
        elif start is None:
            start = x
    if start is not None:
        out.append((start, last))
    return out


_NO_FACTS: frozenset[str] = frozenset()


def facts_of(text: str) -> frozenset[str]:
    """Figures with their units and dates in a text, folded (`８万吨` is `8万吨`), spaces dropped.

    Most sentences state none: they all get the one empty set (`_NO_FACTS`), where a new one held
    216 bytes, 0.1 GB over the half million sentences of the real corpus (`sentence_facts`).
    """
    folded = re.sub(r"\s+", "", fold(strip_pinyin(text))).replace("％", "%")
    return frozenset(m.group() for m in _FACT.finditer(folded)) or _NO_FACTS


def linked_by_sentences(match: ContentMatch, sentences: int | None = None) -> bool:
    """Several directive sentences spoken of (`sentences`, else `MIN_SENTENCES`), with enough
    evidence in all (see `measure_match`)."""
    least = MIN_SENTENCES if sentences is None else sentences
    return match.sentences >= least and match.score >= (
        SENTENCES_SCORE if sentences is None else SENTENCE_EVIDENCE
    )


# A follower longer than this many characters needs evidence in proportion to its length
# (`outweighs_length`). Chosen on the real corpus's content links not listed (issue 10): every one
# from a follower longer than 15,000 characters (15 government work reports, scores 15-39) was wrong,
# none of the right ones came from a follower longer than 1,500; see the CHANGELOG for the held-out
# figures.
LONG_FOLLOWER = 6000


def outweighs_length(match: ContentMatch, follower_text: str) -> bool:
    """A follower up to `LONG_FOLLOWER` characters long, or one whose evidence is at least
    `LINK_SCORE` for every `LONG_FOLLOWER` characters of it.

    The chance that two unrelated texts share a rare run grows with their length: a city's work
    report of 18,000 characters names its districts, forums and programmes, and shares one such name
    or slogan with every regulation or plan of the city (`某某国际中央商务区`, `某某论坛`), enough for
    `LINK_SCORE`. Such a follower needs proportionally more to say it follows one of them.
    """
    chars = len(follower_text)
    return chars <= LONG_FOLLOWER or match.score * LONG_FOLLOWER >= LINK_SCORE * chars


def linked(match: ContentMatch) -> bool:
    """Enough distinctive text shared, and at least one passage long enough to be a quotation."""
    return match.score >= LINK_SCORE and any(p.length >= MIN_STRONG for p in match.passages)


def clear_best(near: Sequence[ContentMatch], dated: Mapping[str, int] | None = None) -> ContentMatch | None:
    """The one sentence match (`measure_match`) among a follower's candidates that stands clear.

    Each candidate's evidence is squeezed below the thresholds when a follower restates its
    directive's tasks in its own words, but the candidates of one follower can still be compared:
    the directive it follows is spoken of in several sentences, a same-topic look-alike in fewer
    and by less. So the best is kept when it has `NEAR_SENTENCES` sentences, `NEAR_SCORE` evidence
    and `NEAR_MARGIN` times the runner-up's; a tie, or evidence spread over two candidates, says
    nothing. Figures and field formulas never make it: two plans for the same year share their
    deadlines (`完成时限：2023年9月底前`, `长期坚持`) whatever their topic, so one shared run must be
    `NEAR_PASSAGE` characters long. `dated` maps the candidates whose title names the year the follower is dated in to
    that year: evidence topic words cannot give (a notice of this year's holidays and the schedule
    for this year), so `NEAR_SCORE_DATED` is enough for them, the margin is taken over the other
    candidates for that year only (an older notice on the topic is what the year rules out), and
    the year is kept among the match's facts (`2019年`) so the link says what it rests on.
    """
    ranked = sorted(near, key=lambda m: -m.score)
    if not ranked:
        return None
    best = ranked[0]
    years = dated or {}
    year = years.get(best.directive)
    # Dated, the best is measured against the candidates for the same year only: one for another
    # year on the same topic is the look-alike the year tells apart, and it already scores less.
    rivals = [m.score for m in ranked[1:] if year is None or m.directive in years]
    runner_up = max(rivals, default=0.0)
    floor = NEAR_SCORE if year is None else NEAR_SCORE_DATED
    if (
        max((p.length for p in best.passages), default=0) < NEAR_PASSAGE
        or best.sentences < NEAR_SENTENCES
        or best.score < max(floor, NEAR_MARGIN * runner_up)
    ):
        return None
    return best if year is None else replace(best, facts=(*best.facts, f"{year}年"))


def clear_candidate(near: Sequence[ContentMatch], weights: Mapping[str, float]) -> ContentMatch | None:
    """The one candidate a follower shares far more rare text with than with any other.

    A news item announcing a regulation, or a meeting that adopted it, restates its terms in
    scattered words (`授予品种权`, `品种权申请`) rather than in runs a quotation makes or in the
    directive's sentence order, so every passage and sentence threshold misses it; yet the rare
    shingles it shares with that directive outweigh those it shares with any other by far. `weights`
    are the weights (`ContentIndex.shared_weight`, title words left out) of the candidates no filter
    stopped, `near` their sentence matches; the best is kept when it weighs `CLEAR_WEIGHT` and
    `CLEAR_MARGIN` times the runner-up, and the follower speaks of one of its sentences at least
    (`measure_match`): shared wording spread over a paragraph the follower only echoes is not
    enough. It is that sentence match with that weight as its score.
    """
    ranked = sorted(weights.items(), key=lambda item: -item[1])
    if not ranked:
        return None
    best, weight = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    match = next((m for m in near if m.directive == best), None)
    if match is None or match.sentences < 1 or weight < max(CLEAR_WEIGHT, CLEAR_MARGIN * runner_up):
        return None
    return replace(match, score=round(weight, 2))
