"""Cross-check, part one: link followers to the directives they relay, then match measures.

Works on the stored document (`base.stored.StoredDocument`, read from what `Store.get` returns or
from a `Document.to_json(include_text=True)` record), so the same code runs over fixture files and
over an index.

Linking is by document number first, then by title key (`crosscheck_titlekeys`: when two titles
name one document), then by shared content (`crosscheck_content`) for followers that name neither.
Candidates come from an inverted index on normalised numbers and core keys, never from all pairs.
Once a follower is linked, its sentences are matched to the directive's measures
(`crosscheck_measures`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from duban.base.model import Metadata
from duban.base.script import strip_pinyin
from duban.base.stored import StoredDocument
from duban.index.analysis import fold
from duban.pipeline.crosscheck_content import ContentIndex, ContentMatch, linked, linked_by_sentences
from duban.pipeline.crosscheck_content import K as SHINGLE
from duban.pipeline.crosscheck_dates import follower_date, issued_not_before
from duban.pipeline.crosscheck_measures import _UNIT_MARKERS as _UNIT_MARKERS
from duban.pipeline.crosscheck_measures import MeasureMatch, _statute, progress_of
from duban.pipeline.crosscheck_measures import match_measures as match_measures
from duban.pipeline.crosscheck_text import comparable
from duban.pipeline.crosscheck_titlekeys import _CONTEXT_ISSUER as _CONTEXT_ISSUER
from duban.pipeline.crosscheck_titlekeys import (
    _FORWARDED,
    _GENRE,
    _NON_WORD,
    _NUMBER,
    _PLACE_OR_ORG_END,
    _QUOTES,
    TitleKey,
    _generic,
    _one_typo,
    context_issuer,
    cores_match,
    issuers_compatible,
    normalise_issuer,
    normalise_number,
    title_key,
    titles_match,
)
from duban.pipeline.titles import vocab
from duban.rules.ruleset import load_rule_file
from duban.rules.vocabulary import genres

Relation = Literal["relays", "reports_on"]
# How a link was found: the follower quotes the directive's number or title, quotes the title of a
# plan implementing it (`…实施意见` with the directive's core), or shares its distinctive passages.
Via = Literal["number", "title", "implements", "content", "unresolved"]

# Content linking looks at a follower's few directives with the most rare shingles in common.
_CONTENT_CANDIDATES = 5
# The filters a content candidate must pass (`content_blocks`). Each can be left out of this set to
# measure what it costs and what it saves (`benchmarks/sweep_crosscheck.py`, held out on
# `corpus/real/`).
CONTENT_FILTERS: frozenset[str] = frozenset({"date", "same_issuer", "look_alike", "policy_from_policy"})

# The cross-check's own Chinese-text patterns (`rules/crosscheck.yaml`), each read below by its group.
_RULES = load_rule_file("crosscheck").require(
    (
        "about_title",
        "breaks_down",
        "cite_end",
        "cite_verb",
        "news_of_title",
        "number_label",
        "opening_date",
        "plan_genre",
        "reviewed",
    )
)
# A page title reporting that another document was issued: a publishing verb, the quoted title, and
# at most a dated bracket after it (`中共中央办公厅 国务院办公厅印发《…》（2019年8月14日）`).
_NEWS_OF_TITLE = _RULES.regex("news_of_title")
# A page title about another document: a meeting or a body that reviews, adopts, studies or issues a
# quoted title (`中共中央政治局召开会议 审议《X》`, `…审议通过《X》、《Y》`, `…印发《X》 要求…`). The
# page is a read-out or a news item about X, not X; a covering notice (`关于印发《X》的通知`) is X.
_ABOUT_TITLE = _RULES.regex("about_title")
_QUOTED = re.compile(r"《([^《》\n]{4,80})》")
# A title in 《》 as a page may print it, wrapped over at most `_MAX_WRAPS` line breaks.
# A normalised number's parts (`normalise_number`), a number quoted without its year (`国办发123号文`),
# and what may stand before a number quoted without its prefix (`根据〔2018〕123号`).
_NORMAL_NUMBER = re.compile(r"^(?P<prefix>.+)〔(?P<year>\d{4})〕(?P<serial>\d+)号$")
_NUMBER_NO_YEAR = re.compile(r"(?P<prefix>[\u4e00-\u9fa5]{2,14})(?P<serial>\d{1,5})号文")
_CITE_ENDS = re.compile("(?:" + _RULES.regex("cite_verb").pattern + ")$")
_QUOTED_WRAPPED = re.compile(r"《([^《》]{4,120}?)》")
_MAX_WRAPS = 2
_REVIEWED = _RULES.regex("reviewed")
# A title without book-title marks that a relay verb cites (`按照国务院办公厅关于…的指导意见要求`,
# `认真落实省政府关于…的通知部署`): from the verb to a genre word followed by `精神`, `要求`, `部署`.
# The relay extractor reads some of these (`…的意见要求`) and not others (`…指导意见要求`).
_UNMARKED = re.compile(
    "(?:"
    + _RULES.regex("cite_verb").pattern
    + r")(?P<title>[^，,。；;：:《》〈〉“”\"\n]{4,80}?"
    + genres("core", "measures", "plan", "statute", "notice", "division")
    + ")(?="
    + _RULES.regex("cite_end").pattern.removeprefix("^")
    + ")"
)
_OPENING_DATE = _RULES.regex("opening_date")


@dataclass(frozen=True)
class DocRef:
    """How the JSON output names a document; `doc_id` is None for a directive not in the index."""

    doc_id: str | None
    source: str | None
    title: str | None
    doc_number: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "title": self.title,
            "doc_number": self.doc_number,
        }


@dataclass
class Link:
    """A follower relaying or reporting on a directive (resolved in the index or only named)."""

    directive: DocRef
    follower: DocRef
    relation: Relation
    evidence: str
    via: Via
    quoted_title: str | None = None
    quoted_number: str | None = None
    follower_date: str | None = None
    follower_issuer: str | None = None
    measures: list[MeasureMatch] = field(default_factory=list)
    content: ContentMatch | None = None
    passages: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.directive.doc_id is not None


# --- records -------------------------------------------------------------------------------------------


def doc_ref(record: StoredDocument) -> DocRef:
    return DocRef(
        doc_id=record.doc_id or None,
        source=record.source or None,
        title=record.doc.title,
        doc_number=record.doc.doc_number,
    )


def relation_of(record: StoredDocument) -> Relation:
    return "reports_on" if record.doc.kind == "report" else "relays"


def directive_key(record: StoredDocument) -> TitleKey | None:
    """The key a document is found under by title; None for a news item about another document.

    A page titled `国务院办公厅印发《X》` or `李克强签署国务院令 公布《X》` reports that X was issued:
    it is a follower of X (it publicises it), not X, so a quote of X must not resolve to it; so is
    a read-out titled `…召开会议 审议《X》` (a meeting that reviews a draft is not the draft).
    `关于印发《X》的通知` is X's covering notice and keeps its key (`title_key` reads it as X).
    """
    title = record.doc.title
    if not title:
        return None
    folded = fold(title)
    if _NEWS_OF_TITLE.search(folded) or _ABOUT_TITLE.search(folded):
        return None
    return title_key(title, record.doc.issuer)


def forwarded_title(title: str | None) -> str | None:
    """The title of the document a covering notice forwards: `X` for `…关于转发X的通知`.

    A local body passes a superior's document on by forwarding it under its own notice; the notice
    names what it follows only in its own title (the body often says no more than `现转发给你们`),
    so the title is its relay. It also stands for X where X itself is not indexed
    (`DirectiveIndex.forwarding`).
    """
    if not title:
        return None
    found = _FORWARDED.search(_NON_WORD.sub("", fold(strip_pinyin(title))))
    return found.group("title") if found else None


def opening_key(record: StoredDocument) -> TitleKey | None:
    """The key of the document's opening line when it reads as a title other than the extracted one.

    On statute pages the heading runs straight into the enactment note (`X条例2003年6月16日国务院令
    第380号公布`), and the metadata reader may then take the note or a chapter heading for the
    title; the opening line cut before its first date still names the document. It counts only when
    it ends as a title does (a genre word, or `法` for a law) and is not a quote of another title.
    """
    text = record.text.lstrip()
    line = fold(text[: text.find("\n")] if "\n" in text else text[:200])
    line = _OPENING_DATE.split(line, 1)[0].strip()
    if not 4 <= len(line) <= 60 or _QUOTES.search(line) or _NEWS_OF_TITLE.search(line):
        return None
    bare = _NON_WORD.sub("", line)
    if not (_GENRE.search(bare) or bare.endswith("法")):
        return None
    key = title_key(line, record.doc.issuer)
    return key if key.core and key != directive_key(record) else None


# How far into a page its own title and number are looked for, and where the head ends: the first
# line that reads as body text (a sentence with a comma or full stop after a dozen characters).
_HEAD_LINES = 40
_HEAD_CHARS = 4000
_BODY_LINE = re.compile(r"^.{12,}[，,。；;]")
# Page chrome and field labels cut a head line into pieces: `【时效性】`, `来源:`, ` | `, ` » `, runs of
# spaces, bullets. A title never holds a colon (a headline form `ISSUER：…` keys as the extracted title).
_HEAD_SPLIT = re.compile(r"【[^】]{0,12}】|[|｜»>\t•·:：]|\s{2,}")
_NUMBER_LABEL = _RULES.regex("number_label")


def head_keys(record: StoredDocument) -> tuple[list[TitleKey], list[str]]:
    """Title keys and document numbers the page's head prints, besides the extracted ones.

    The metadata reader picks one title and reads the number only near the top; on a portal page
    the title may be taken with chrome glued to it, a sub-heading may win, or the number may sit
    below twenty lines of chrome. The head before the body usually prints the title again on a
    line of its own (or wrapped over two or three lines) and the number on a line of its own, so
    every such line gives the document another key. They are the document's own: a quoted title
    (`《…》`) or a page about another document (`印发《X》`, `审议《X》`) gives none.
    """
    keys: list[TitleKey] = []
    numbers: list[str] = []
    lines: list[str] = []
    for raw in record.text[:_HEAD_CHARS].split("\n")[:_HEAD_LINES]:
        line = fold(strip_pinyin(raw)).strip()
        if _BODY_LINE.search(line):
            break
        if line:
            lines.append(line)
    pieces: list[str] = []
    for line in lines:
        number = _NUMBER.search(line)
        if number:
            rest = _NON_WORD.sub("", line[: number.start()] + line[number.end() :])
            norm = normalise_number(number.group())
            if norm and _NUMBER_LABEL.match(rest) and norm not in numbers:
                numbers.append(norm)
            continue
        pieces.extend(p.strip() for p in _HEAD_SPLIT.split(line) if p.strip())
    candidates = list(pieces)
    for n in (2, 3):  # a title wrapped over lines: `国务院办公厅关于推进` / `政务新媒体健康有序发展的意见`
        candidates += [
            "".join(pieces[i : i + n])
            for i in range(len(pieces) - n + 1)
            if all(len(p) <= 30 and not _GENRE.search(_NON_WORD.sub("", p)) for p in pieces[i : i + n - 1])
        ]
    for piece in candidates:
        bare = _NON_WORD.sub("", piece)
        if not 8 <= len(bare) <= 90 or _NEWS_OF_TITLE.search(piece) or _ABOUT_TITLE.search(piece):
            continue
        if "《" in piece and not ("印发" in piece and bare.endswith("通知")):
            continue
        found = _GENRE.search(bare)
        if found is None or found.start() < 4:
            continue
        key = title_key(piece, record.doc.issuer)
        if len(key.core) >= 4 and key not in keys:
            keys.append(key)
    return keys, numbers


# --- linking -------------------------------------------------------------------------------------------


class DirectiveIndex:
    """Blocking for the linker: documents by normalised number, by core, and by core ends.

    The core-end keys (first and last six characters) let a one-character variant in the middle
    still meet its directive without comparing every pair of titles.
    """

    def __init__(self, records: Iterable[StoredDocument]) -> None:
        self.records: dict[str, StoredDocument] = {}
        self.keys: dict[str, TitleKey | None] = {}
        self.opening: dict[str, TitleKey] = {}
        self.numbers: dict[str, str | None] = {}
        self.by_number: dict[str, list[str]] = defaultdict(list)
        self.by_core: dict[str, list[str]] = defaultdict(list)
        # Keys the page's head prints besides the extracted ones (`head_keys`): consulted only
        # when no document is found by its extracted title, opening line or number.
        self.head: dict[str, list[TitleKey]] = {}
        self.by_head_number: dict[str, list[str]] = defaultdict(list)
        self.by_head_core: dict[str, list[str]] = defaultdict(list)
        self._genres: dict[str, list[str]] | None = None
        # Numbers by (prefix, None, serial) and (None, year, serial) (`partial_number`), when asked.
        self._partial: tuple[dict[tuple[str | None, str | None, str], list[str]], ...] | None = None
        # What each forwarding notice forwards (`forwarded_title`), by notice.
        self.forwards: dict[str, TitleKey] = {}
        for record in records:
            doc_id = record.key
            if not doc_id or doc_id in self.records:
                continue
            self.records[doc_id] = record
            number = normalise_number(record.doc.doc_number)
            self.numbers[doc_id] = number
            if number:
                self.by_number[number].append(doc_id)
            key = directive_key(record)
            self.keys[doc_id] = key
            if key and key.core:
                for block in _core_blocks(key.core):
                    self.by_core[block].append(doc_id)
            passed = forwarded_title(record.doc.title)
            if passed:
                self.forwards[doc_id] = title_key(passed)
            opening = opening_key(record)
            if opening is not None:
                self.opening[doc_id] = opening
                for block in _core_blocks(opening.core):
                    if doc_id not in self.by_core[block]:
                        self.by_core[block].append(doc_id)
            if key is None:
                continue  # a news item or read-out about another document: its head names that one
            keys, numbers = head_keys(record)
            keys = [k for k in keys if k != key and k != opening]
            if keys:
                self.head[doc_id] = keys
                for block in {b for k in keys for b in _core_blocks(k.core)}:
                    self.by_head_core[block].append(doc_id)
            for found in numbers:
                if found != number:
                    self.by_head_number[found].append(doc_id)

    def titled(self, relay_key: TitleKey, doc_id: str) -> bool:
        """The document is the one `relay_key` names, by its title or by its opening line.

        A generic title (`《政府工作报告》`: `_generic`) names one document only with an issuer on
        one side: every body issues one each year, and the page of one city's report is titled
        just so.
        """
        key, opening = self.keys[doc_id], self.opening.get(doc_id)
        if _generic(relay_key) and (key is None or not key.issuer):
            return False
        return (key is not None and titles_match(relay_key, key)) or (
            opening is not None and titles_match(relay_key, opening)
        )

    def resolve(
        self, title: str | None, number: str | None, issuer: str | None, exclude: str, date: str | None = None
    ) -> tuple[str, Via]:
        """The directive a relay names, as (doc_id, how), or ("", "unresolved").

        `date` is the follower's: of several directives with the same title, it relays the latest
        one issued by then, and none issued after it.
        """
        relay_key = title_key(title, issuer) if title else None
        norm = normalise_number(number)
        if norm:
            by_number = [d for d in self.by_number.get(norm, []) if d != exclude]
            if not by_number and not self._by_title(relay_key, norm, exclude, date):
                by_number = [d for d in self.by_head_number.get(norm, []) if d != exclude]
            if relay_key:
                titled = [d for d in by_number if self.titled(relay_key, d)]
                by_number = titled or [d for d in by_number if self._not_contradicted(relay_key, d)]
            if by_number:
                return self._closest(by_number, date, strict=False), "number"
        if relay_key is None or not relay_key.core:
            return "", "unresolved"
        chosen = self._by_title(relay_key, norm, exclude, date)
        if chosen:
            return chosen, "title"
        implemented = self._implemented(relay_key, exclude)
        chosen = self._closest(implemented, date, strict=True)
        if chosen:
            return chosen, "implements"
        chosen = self._by_title(relay_key, norm, exclude, date, head=True)
        if not chosen and not norm:
            chosen = self._abbreviated(relay_key, exclude, date)
        if not chosen:
            chosen = self.forwarding(relay_key, exclude, date)
        if not chosen and not norm:
            chosen = self.garbled(relay_key, exclude, date)
        return (chosen, "title") if chosen else ("", "unresolved")

    def garbled(self, relay_key: TitleKey, exclude: str, date: str | None) -> str:
        """The one document whose title a quote names with one character garbled (`_one_typo`).

        Only for a quote that names its issuer and genre, both agreeing, of a long core, and only
        when nothing else is found and no second document fits.
        """
        if not relay_key.issuer or not relay_key.genre or len(relay_key.core) < 12:
            return ""
        found: dict[str, None] = {}
        for block in _core_blocks(relay_key.core)[1:]:
            for doc_id in self.by_core.get(block, []):
                key = self.keys[doc_id]
                if doc_id == exclude or key is None or key.genre != relay_key.genre:
                    continue
                compatible = bool(key.issuer) and issuers_compatible(relay_key.issuer, key.issuer)
                if compatible and _one_typo(relay_key.core, key.core):
                    found[doc_id] = None
        return self._closest(list(found), date, strict=True) if len(found) == 1 else ""

    def partial_number(
        self, prefix: str | None, year: str | None, serial: str, exclude: str, date: str | None
    ) -> str:
        """The one document whose number a partial one names: the prefix and serial without the
        year (`国办发123号文`), or the year and serial without the prefix (`〔2018〕123号`).

        Only when one indexed document fits (dated no later than the follower): a serial alone
        recurs every year and under every prefix, but rarely twice in one collection.
        """
        if self._partial is None:
            self._partial = (self._number_parts(self.by_number), self._number_parts(self.by_head_number))
        for table in self._partial:  # the extracted numbers first, as `resolve` reads them
            fits = sorted(set(table.get((prefix, year, str(int(serial))), [])) - {exclude})
            if fits:
                return self._closest(fits, date, strict=True) if len(fits) == 1 else ""
        return ""

    @staticmethod
    def _number_parts(
        numbers: Mapping[str, list[str]],
    ) -> dict[tuple[str | None, str | None, str], list[str]]:
        parts: dict[tuple[str | None, str | None, str], list[str]] = defaultdict(list)
        for number, owners in numbers.items():
            found = _NORMAL_NUMBER.match(number)
            if found:
                parts[(found["prefix"], None, found["serial"])] += owners
                parts[(None, found["year"], found["serial"])] += owners
        return parts

    def named(self, key: TitleKey, exclude: str, date: str | None) -> str:
        """The document a title found in a follower's text names (`_mentions`): by its extracted
        keys, else its head's, a short name, a forwarding notice or one garbled character, as
        `resolve` finds a relay's, but never a directive a quoted implementing plan stands for."""
        return (
            self._by_title(key, None, exclude, date)
            or self._by_title(key, None, exclude, date, head=True)
            or self._abbreviated(key, exclude, date)
            or self.forwarding(key, exclude, date)
            or self.garbled(key, exclude, date)
        )

    def forwarding(self, relay_key: TitleKey, exclude: str, date: str | None) -> str:
        """The one notice that forwards the document `relay_key` names, when that one is not indexed.

        A body that cites the superior's document it received through a local forwarding notice
        follows that notice. Never for a follower that forwards the same document itself (two
        bodies forwarding one document are siblings), nor when several notices forward it.
        """
        own = self.forwards.get(exclude)
        if own is not None and titles_match(own, relay_key):
            return ""
        found = [d for d, key in self.forwards.items() if d != exclude and titles_match(relay_key, key)]
        return self._closest(found, date, strict=True) if len(found) == 1 else ""

    def _abbreviated(self, relay_key: TitleKey, exclude: str, date: str | None) -> str:
        """The one document a short name abbreviates: `《供水攻坚行动方案》` for
        `城乡供水一体化三年攻坚行动方案`.

        A short name keeps the genre and some of the core's characters in order. Only when exactly
        one document of that genre has them (a common short core like `安全` fits many) and the
        issuers do not contradict; the short core must hold `_MIN_ABBREVIATION` characters and
        leave out at least a quarter of the full one (otherwise it is a title variant, not a name).
        Plans and opinions only: a statute's short name (`《殡葬管理条例》`) is the national one,
        which every province's `X省殡葬管理条例` also abbreviates (on a 1,500-document sample of
        `corpus/real/` all 12 statute short names this found were such local look-alikes).
        """
        core = relay_key.core
        if not relay_key.genre or len(core) < _MIN_ABBREVIATION or not _PLAN_GENRE.search(relay_key.genre):
            return ""
        if self._genres is None:
            self._genres = defaultdict(list)
            for doc_id, key in self.keys.items():
                if key is not None and key.genre:
                    self._genres[key.genre].append(doc_id)
        found = []
        for doc_id in self._genres.get(relay_key.genre, []):
            key = self.keys[doc_id]
            if doc_id == exclude or key is None:
                continue
            if len(core) > 0.75 * len(key.core) and not _head_dropped(core, key.core):
                continue
            if _subsequence(core, key.core) and issuers_compatible(relay_key.issuer, key.issuer):
                found.append(doc_id)
                if len(found) > 1:
                    return ""
        return self._closest(found, date, strict=True)

    def _by_title(
        self, relay_key: TitleKey | None, norm: str | None, exclude: str, date: str | None, head: bool = False
    ) -> str:
        """The document `relay_key` names by its extracted keys (or, with `head`, by its head's)."""
        if relay_key is None or not relay_key.core:
            return ""
        found: dict[str, None] = {}
        blocks = self.by_head_core if head else self.by_core
        for block in _query_blocks(relay_key.core):
            for doc_id in blocks.get(block, []):
                if doc_id in found or doc_id == exclude:
                    continue
                if head:
                    if not any(titles_match(relay_key, k) for k in self.head[doc_id]):
                        continue
                elif not self.titled(relay_key, doc_id):
                    continue
                own = self.numbers[doc_id]
                if norm and own and own != norm:
                    continue
                found[doc_id] = None
        return self._closest(list(found), date, strict=True)

    def _implemented(self, relay_key: TitleKey, exclude: str) -> list[str]:
        """Directives a quoted implementing plan breaks down: `X实施意见` of another body for `X指导意见`.

        A report that names only the local plan (`县政府关于全面推行…审查机制的实施意见`) reports on
        the directive that plan implements. The cores must be near-identical and the genres differ
        the way a plan differs from what it implements; a same-genre title of another issuer is a
        look-alike (湖北's `关于延长2020年春节假期的通知` is not the State Council's).
        """
        if not relay_key.genre or not relay_key.genre.startswith("实施") or not relay_key.issuer:
            return []
        out: list[str] = []
        for block in _core_blocks(relay_key.core):
            for doc_id in self.by_core.get(block, []):
                key = self.keys[doc_id]
                if doc_id == exclude or doc_id in out or key is None or key.genre == relay_key.genre:
                    continue
                if cores_match(relay_key.core, key.core, paraphrase=True) and not issuers_compatible(
                    relay_key.issuer, key.issuer
                ):
                    out.append(doc_id)
        return out

    def _closest(self, candidates: list[str], date: str | None, strict: bool) -> str:
        """The latest candidate dated on or before `date`; with `strict`, none dated after it."""
        dated = [((self.records[d].doc.date or "")[:10], d) for d in candidates]
        if date:
            before = [(day, d) for day, d in dated if not day or day <= date[:10]]
            if before or strict:
                dated = before
        return max(dated)[1] if dated else ""

    def _not_contradicted(self, relay_key: TitleKey, doc_id: str) -> bool:
        """A number match stands unless the directive's title clearly names another issuer."""
        key = self.keys[doc_id]
        return key is None or issuers_compatible(relay_key.issuer, key.issuer)


_MIN_ABBREVIATION = 4
_PLAN_GENRE = _RULES.regex("plan_genre")


# The most a short name drops from the head of a core (`推进`, `全面推行`, `关于进一步`).
_MAX_DROPPED_HEAD = 5


def _head_dropped(short: str, long: str) -> bool:
    """`short` is `long` without a few words at its head: a short name that leaves out the verb
    (`《政务新媒体健康有序发展的意见》` for `关于推进政务新媒体…的意见`). A dropped place or body
    (`青禾市`) is not a short name but another issuer's title (`titles_match` decides those)."""
    head = long[: len(long) - len(short)]
    return (
        len(short) >= 8
        and long.endswith(short)
        and 0 < len(head) <= _MAX_DROPPED_HEAD
        and not _PLACE_OR_ORG_END.search(head)
    )


def _subsequence(short: str, long: str) -> bool:
    """Every character of `short` in `long`, in order."""
    rest = iter(long)
    return all(ch in rest for ch in short)


def _query_blocks(core: str) -> list[str]:
    """The blocks a quoted core looks up: its own, and for a shorter one the end of a longer
    indexed core, which finds a title quoted without its place (`《城乡供水…行动方案》` for
    `青禾市城乡供水…行动方案`; `titles_match` then decides). A longer one may carry its issuer glued
    on, with no `关于` to split it at (`《国务院办公厅延长…假期的通知》`): it also looks up what
    follows each place or body name at its head, as an indexed core of its own."""
    blocks = _core_blocks(core)
    if 6 <= len(core) < 12:
        blocks.append(core[-6:] + "$")
    for cut in range(2, len(core) - 5):
        if _PLACE_OR_ORG_END.search(core[:cut]):
            blocks.append(core[cut:])
    return blocks


def _core_blocks(core: str) -> list[str]:
    blocks = [core]
    if len(core) >= 12:
        blocks += ["^" + core[:6], core[-6:] + "$"]
    return blocks


def find_links(
    records: Sequence[StoredDocument], followers: Iterable[StoredDocument] | None = None
) -> list[Link]:
    """Every (directive, follower) link: named by the followers' relays (unresolved ones included),
    then by content for followers that do not name a directive they follow."""
    index = DirectiveIndex(records)
    links: list[Link] = []
    chosen = list(records) if followers is None else list(followers)
    for follower in chosen:
        links.extend(links_of(index, follower))
    links.extend(content_links(index, chosen, links))
    return links


def is_directive(record: StoredDocument) -> bool:
    """Documents whose measures get a status: policy documents with measures."""
    return record.doc.kind == "policy" and bool(record.measures)


def _may_direct(record: StoredDocument) -> bool:
    """A content-link target: a document with measures that is not read as minutes or a report.

    Kinds are misread on real pages, so `other` counts too; minutes and reports are followers.
    """
    return bool(record.measures) and record.doc.kind in ("policy", "other")


def _names_look_alike(index: DirectiveIndex, quoted: Sequence[Link], directive: str) -> bool:
    """The follower quotes another document with the directive's title core: it follows that one."""
    key = index.keys.get(directive)
    if key is None or not key.core:
        return False
    # What the directive itself quotes (the national document a local plan implements): a follower
    # naming it too follows the same chain, it does not name a look-alike.
    above = {title_key(r.title).core for r in index.records[directive].relays if r.title}
    for link in quoted:
        if link.directive.doc_id == directive or not link.quoted_title:
            continue
        passed_on = index.records.get(str(link.directive.doc_id)) if link.directive.doc_id else None
        if passed_on is not None and _names(passed_on, key, index.numbers.get(directive)):
            # The quoted document itself relays the directive (a province's plan implementing the
            # national opinion): the follower names the chain, not a look-alike.
            continue
        quoted_key = title_key(link.quoted_title)
        core = quoted_key.core
        if core in above:
            continue
        if len(core) >= 6 and (cores_match(core, key.core) or key.core in core or core in key.core):
            return True
    return False


def _names(record: StoredDocument, key: TitleKey, number: str | None) -> bool:
    """The document relays the one keyed `key` (numbered `number`): by a relay's title or number,
    or by forwarding it (`forwarded_title`)."""
    for relay in record.relays:
        if number and normalise_number(relay.doc_number) == number:
            return True
        if relay.title and titles_match(title_key(relay.title), key):
            return True
    passed = forwarded_title(record.doc.title)
    return passed is not None and titles_match(title_key(passed), key)


def content_blocks(
    directive: StoredDocument, follower: StoredDocument, quoted: Sequence[Link], index: DirectiveIndex
) -> set[str]:
    """The content filters (`CONTENT_FILTERS`) a candidate pair fails, by name.

    `date`: the directive is dated after the follower. `same_issuer`: one body issued both and the
    follower is not minutes or a report. `look_alike`: the follower names a look-alike of the
    directive (`_names_look_alike`). `policy_from_policy`: a policy would follow a document that is
    not a policy (a news page about one).
    """
    own, meta = directive.doc, follower.doc
    found = set()
    issued = own.date or issued_not_before(directive.text)
    dated = follower_date(follower)
    if issued and dated and issued[:10] > dated[:10]:
        found.add("date")
    if _same_issuer(own, meta) and meta.kind not in _FOLLOWER_KINDS:
        found.add("same_issuer")
    if _names_look_alike(index, quoted, directive.key):
        found.add("look_alike")
    if meta.kind == "policy" and own.kind != "policy":
        found.add("policy_from_policy")
    return found


def content_links(
    index: DirectiveIndex,
    followers: Sequence[StoredDocument],
    quoted: Sequence[Link],
    filters: frozenset[str] | None = None,
) -> list[Link]:
    """Content links, two-way pairs resolved (`content_candidates`, `_one_way`)."""
    records = {**index.records, **{f.key: f for f in followers}}
    return _one_way(content_candidates(index, followers, quoted, filters), records)


def content_candidates(
    index: DirectiveIndex,
    followers: Sequence[StoredDocument],
    quoted: Sequence[Link],
    filters: frozenset[str] | None = None,
) -> list[Link]:
    """Links by shared distinctive passages (`pipeline.crosscheck_content`) where no quote links.

    Never between a directive and a follower already linked either way, nor to a directive dated
    after the follower, nor from a policy to anything but a policy, nor from a statute, nor between
    two documents of one issuer unless the follower is minutes or a report (a body's documents share
    its own formulations; its report on its own plan restates that plan), nor when the follower
    names a look-alike of the directive (see `_names_look_alike`): `content_blocks`, the ones in
    `filters` (default `CONTENT_FILTERS`). Both directions between two documents may be returned:
    `content_links` keeps one when dates, kinds or progress say which document follows
    (`directive_of`), else neither.
    """
    filters = CONTENT_FILTERS if filters is None else filters
    directives = [doc_id for doc_id, record in index.records.items() if _may_direct(record)]
    if not directives:
        return []
    texts = {doc_id: record.text for doc_id, record in index.records.items()}
    for follower in followers:
        texts.setdefault(follower.key, follower.text)
    content = ContentIndex(texts, directives)
    by_follower: dict[str, list[Link]] = defaultdict(list)
    pairs: set[tuple[str | None, str | None]] = set()
    for link in quoted:
        by_follower[str(link.follower.doc_id or link.follower.source or "")].append(link)
        pairs |= {
            (link.directive.doc_id, link.follower.doc_id),
            (link.follower.doc_id, link.directive.doc_id),
        }
    out: list[Link] = []
    for follower in followers:
        follower_id = follower.key
        meta = follower.doc
        lookups = None
        for directive, _ in content.candidates(follower_id).most_common(_CONTENT_CANDIDATES):
            record = index.records[directive]
            if (directive, follower_id) in pairs or directive == follower_id:
                continue
            if content_blocks(record, follower, by_follower.get(follower_id, []), index) & filters:
                continue
            if _statute(texts[follower_id]):
                break  # never linked by content, whatever it shares
            lookups = content.lookups(follower_id) if lookups is None else lookups
            found = content.match(follower_id, directive, lookups)
            if not linked(found):
                found = content.measure_match(follower_id, directive, lookups, _theme(record))
                parent = _shared_parent(record, by_follower.get(follower_id, []), texts[follower_id])
                if not linked_by_sentences(found, 1 if parent else None):
                    continue
            text = texts[follower_id]
            best = found.passages[0] if found.passages else None
            evidence = text[best.follower_start : best.follower_end] if best else "、".join(found.facts)
            out.append(
                Link(
                    directive=doc_ref(record),
                    follower=doc_ref(follower),
                    relation=relation_of(follower),
                    evidence=evidence,
                    via="content",
                    follower_date=meta.date,
                    follower_issuer=meta.issuer,
                    content=found,
                    passages=tuple(text[p.follower_start : p.follower_end] for p in found.passages[:3]),
                )
            )
    return out


_BREAKS_DOWN = _RULES.regex("breaks_down")


def _shared_parent(directive: StoredDocument, quoted: Sequence[Link], text: str) -> bool:
    """The directive breaks down a plan (`…规划重点任务分解方案`) the follower names in 《》.

    A report that names only that plan reports on its breakdown when it also speaks of the
    breakdown's tasks; one task sentence is then enough (`linked_by_sentences`).
    """
    if not _BREAKS_DOWN.search(directive.doc.title or ""):
        return False
    above = {title_key(r.title).core for r in directive.relays if r.title}
    named = {title_key(link.quoted_title).core for link in quoted if link.quoted_title}
    named |= {title_key(m.group(1)).core for m in _QUOTED.finditer(text)}
    return bool({core for core in above & named if len(core) >= 6})


def _theme(record: StoredDocument) -> frozenset[str]:
    """The shingles of a directive's title: what every follower on its topic says, not evidence."""
    key, _ = comparable(record.doc.title or "")
    return frozenset(key[i : i + SHINGLE] for i in range(len(key) - SHINGLE + 1))


# Kinds that relay or report and never direct: minutes and reports (`pipeline.doc_kind`).
_FOLLOWER_KINDS = ("minutes", "report")
# Which kind directs when two documents share text both ways: a policy before a news page (`other`)
# before minutes or a report.
_DIRECTING_RANK = {"policy": 2, "other": 1}


def _same_issuer(a: Metadata, b: Metadata) -> bool:
    return bool(a.issuer and b.issuer and normalise_issuer(a.issuer) == normalise_issuer(b.issuer))


def _restates_with_progress(record: StoredDocument, spans: Sequence[tuple[int, int]]) -> bool:
    """Most of the shared passages (`spans`) of a document stand in a statement of progress made
    (done, under way, lagging; not `planned`, which a plan states too).

    Read as a report's would be whatever the document's kind (`progress_of`): a notice relaying a
    plan says what it has done. A majority, not one: the progress rules read a plan's `逐步实现`
    as work under way, and a plan restates no task with progress throughout.
    """
    if not spans:
        return False
    made = [(p.start, p.end) for p in progress_of(record) if p.status != "planned"]
    covered = sum(1 for start, end in spans if any(s < end and start < e for s, e in made))
    return covered * 2 > len(spans)


def directive_of(
    a: StoredDocument,
    b: StoredDocument,
    a_spans: Sequence[tuple[int, int]] = (),
    b_spans: Sequence[tuple[int, int]] = (),
) -> StoredDocument | None:
    """Which of two documents that share text both ways is the directive, or None when nothing says.

    Shared text is symmetric, so the direction comes from elsewhere, in this order: the earlier
    date (a directive is issued before what relays it); the kind (a policy directs, minutes and
    reports relay, a news page lies between); then progress: the follower restates the directive's
    measures with progress, so the side whose shared passages (`a_spans` in `a`, `b_spans` in `b`)
    mostly carry progress while the other's do not is the follower. Two documents of the
    same day and kind without progress at the shared text (two plans quoting one slogan) stay
    undecided.
    """
    day_a, day_b = (a.doc.date or "")[:10], (b.doc.date or "")[:10]
    if day_a and day_b and day_a != day_b:
        return a if day_a < day_b else b
    rank_a, rank_b = _DIRECTING_RANK.get(a.doc.kind or "", 0), _DIRECTING_RANK.get(b.doc.kind or "", 0)
    if rank_a != rank_b:
        return a if rank_a > rank_b else b
    said_a, said_b = _restates_with_progress(a, a_spans), _restates_with_progress(b, b_spans)
    if said_a != said_b:
        return b if said_a else a
    return None


def _spans(found: ContentMatch | None) -> list[tuple[int, int]]:
    """Where a content match's passages stand in its follower."""
    return [(p.follower_start, p.follower_end) for p in found.passages] if found else []


def _one_way(links: list[Link], records: Mapping[str, StoredDocument]) -> list[Link]:
    """Content links whose reverse also qualifies are resolved to one direction (`directive_of`).

    Shared text is symmetric: dropping both (as before) lost the pairs whose follower repeats the
    directive at length, the very ones content linking is for. When dates, kinds and progress say
    nothing, two documents each read as the other's follower share a common source or slogan
    rather than follow one another, and neither link is kept.
    """
    made = {(link.directive.doc_id, link.follower.doc_id): link for link in links}
    out = []
    for link in links:
        reverse = made.get((link.follower.doc_id, link.directive.doc_id))
        if reverse is None:
            out.append(link)
            continue
        directive = records.get(str(link.directive.doc_id))
        follower = records.get(str(link.follower.doc_id))
        if directive is None or follower is None:
            continue
        chosen = directive_of(directive, follower, _spans(reverse.content), _spans(link.content))
        if chosen is directive:
            out.append(link)
    return out


def links_of(index: DirectiveIndex, follower: StoredDocument) -> list[Link]:
    """The links one follower's relays make, one per named directive."""
    text = follower.text
    follower_id = follower.key
    meta = follower.doc
    dated = follower_date(follower)
    ref = doc_ref(follower)
    out: dict[str, Link] = {}
    for relay in follower.relays:
        number = relay.doc_number
        title = short_name(relay.title) or relay.title
        issuer = None
        if title and title_key(title).issuer is None:
            at = text.find(title, relay.start)
            issuer = context_issuer(text, at if at >= 0 else relay.start)
        doc_id, how = index.resolve(title, number, issuer, exclude=follower_id, date=dated)
        if doc_id:
            target = doc_ref(index.records[doc_id])
            key = doc_id
        else:
            target = DocRef(doc_id=None, source=None, title=title, doc_number=number)
            key = "?" + (normalise_number(number) or (title_key(title).core if title else ""))
        if key in out:
            continue
        out[key] = Link(
            directive=target,
            follower=ref,
            relation=relation_of(follower),
            evidence=relay.text or title or "",
            via=how,
            quoted_title=title,
            quoted_number=number,
            follower_date=meta.date,
            follower_issuer=meta.issuer,
        )
    passed = forwarded_title(meta.title)
    if passed:
        doc_id, how = index.resolve(passed, None, None, exclude=follower_id, date=dated)
        if doc_id and doc_id not in out:
            out[doc_id] = Link(
                directive=doc_ref(index.records[doc_id]),
                follower=ref,
                relation=relation_of(follower),
                evidence=meta.title or passed,
                via=how,
                quoted_title=passed,
                follower_date=meta.date,
                follower_issuer=meta.issuer,
            )
    for doc_id, how, evidence in _mentions(index, follower):
        if doc_id in out:
            continue
        out[doc_id] = Link(
            directive=doc_ref(index.records[doc_id]),
            follower=ref,
            relation=relation_of(follower),
            evidence=evidence,
            via=how,
            quoted_title=index.records[doc_id].doc.title if how == "title" else None,
            quoted_number=index.records[doc_id].doc.doc_number if how == "number" else None,
            follower_date=meta.date,
            follower_issuer=meta.issuer,
        )
    return list(out.values())


def short_name(title: str | None) -> str | None:
    """The full title a well-known short name stands for (`rules/lexicons/xcheck_titles.yaml`)."""
    if not title:
        return None
    return vocab().short_names.get(_QUOTES.sub("", title).strip())


def _mentions(index: DirectiveIndex, follower: StoredDocument) -> list[tuple[str, Via, str]]:
    """Directives the follower names in its text where no relay was extracted for them.

    A relay extractor misses forms it has no rule for (a number after a loose title, a number on a
    mirror page with pinyin in it, a well-known short name in quotes); the index knows every
    directive's number, so the text is scanned for them: a document number that is not the
    follower's own, or a quoted short name of `rules/lexicons/xcheck_titles.yaml`, of a directive
    dated no later than the follower. Title cores found in the text without 《》 are not linked: on unseen
    documents they linked mostly pairs nobody labelled (see the closing report).
    """
    text = follower.text
    follower_id = follower.key
    own = normalise_number(follower.doc.doc_number)
    date = (follower_date(follower) or "")[:10]
    found: list[tuple[str, Via, str]] = []

    def usable(doc_id: str) -> bool:
        day = (index.records[doc_id].doc.date or "")[:10]
        return (
            doc_id != follower_id
            and not (date and day and day > date)
            and doc_id not in {f[0] for f in found}
        )

    for name, full in vocab().short_names.items():
        at = next((text.find(q) for q in (f"《{name}》", f"“{name}”", f'"{name}"') if q in text), -1)
        if at < 0:
            continue
        doc_id, _ = index.resolve(full, None, None, exclude=follower_id, date=date or None)
        if doc_id and usable(doc_id):
            found.append((doc_id, "title", text[max(0, at - 20) : at + len(name) + 12]))
    relayed = [(r.start, r.end) for r in follower.relays]
    for m in _QUOTED_WRAPPED.finditer(text):
        # A title in 《》 the relay extractor did not take (a legal basis, `根据《X》`, a title
        # wrapped over lines): the same document by its title, never by a plan that implements it.
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in relayed):
            continue
        if m.group(1).count("\n") > _MAX_WRAPS:
            continue
        if _REVIEWED.search(text, max(0, m.start() - 8), m.start()):
            continue  # a meeting reviewing or adopting a draft does not follow it
        key = title_key(m.group(1))
        if len(key.core) < (2 if key.genre else 4) or (key.genre is None and not key.core.endswith("法")):
            continue
        doc_id = index.named(key, follower_id, date or None)
        if doc_id and usable(doc_id):
            found.append((doc_id, "title", text[max(0, m.start() - 20) : m.end() + 12]))
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    for m in _UNMARKED.finditer(text):
        # An unmarked title only where a relay verb cites it and it names its issuer or opens with
        # `关于`: a bare core in running text is a topic, not a citation.
        start, end = m.span("title")
        if any(s < end and start < e for s, e in [*relayed, *quoted]):
            continue
        title = m.group("title")
        key = title_key(title)
        if "关于" not in title or len(key.core) < 6 or key.genre is None:
            continue
        doc_id = index.named(key, follower_id, date or None)
        if doc_id and usable(doc_id):
            found.append((doc_id, "title", text[max(0, m.start() - 10) : m.end() + 12]))
    folded = fold(strip_pinyin(text))
    for m in _NUMBER.finditer(folded):
        # The match may start a few words early (`现将青政办发〔2024〕9号`): try the prefix's tails.
        prefix = _NON_WORD.sub("", m.group("prefix"))
        for cut in range(len(prefix)):
            number = f"{prefix[cut:]}〔{m.group('year')}〕{int(m.group('serial'))}号"
            owners = index.by_number.get(number) or index.by_head_number.get(number)
            if number == own or not owners:
                continue
            for doc_id in owners:
                if usable(doc_id):
                    found.append((doc_id, "number", folded[max(0, m.start() - 30) : m.end() + 10]))
            break
        else:
            if not prefix or _CITE_ENDS.search(prefix):
                # `根据〔2018〕123号文件精神`: the number without its prefix, after a relay verb.
                doc_id = index.partial_number(None, m.group("year"), m.group("serial"), follower_id, date)
                if doc_id and usable(doc_id):
                    found.append((doc_id, "number", folded[max(0, m.start() - 30) : m.end() + 10]))
    for m in _NUMBER_NO_YEAR.finditer(folded):
        # `国办发123号文`: the prefix and serial without the year; the prefix's tails as above.
        prefix = m.group("prefix")
        for cut in range(len(prefix) - 1):
            doc_id = index.partial_number(prefix[cut:], None, m.group("serial"), follower_id, date)
            if doc_id:
                if usable(doc_id):
                    found.append((doc_id, "number", folded[max(0, m.start() - 30) : m.end() + 10]))
                break
    return found
