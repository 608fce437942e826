"""The directive index: every document a follower may name, found by number, title key or head.

Blocking for the linker: documents by normalised number, by title core and by core ends (a
one-character variant in the middle still meets its directive), by the keys and numbers a page's
head prints besides its extracted ones, and by the opening line of statute pages. `resolve` turns
what a follower quotes (a title, a number, an issuer) into one indexed document, never by comparing
all pairs. Kept apart from `crosscheck` (which reads what followers quote and makes the links).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Literal

from duban.base.script import strip_pinyin
from duban.base.stored import StoredDocument
from duban.index.analysis import fold
from duban.pipeline.crosscheck_dates import issued_bound
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
    cores_match,
    issuers_compatible,
    normalise_number,
    title_key,
    titles_match,
)
from duban.rules.ruleset import load_rule_file

# How a link was found: the follower quotes the directive's number or title, names its title without
# book-title marks after a citing verb (`title_loose`), quotes the title of a plan implementing it
# (`…实施意见` with the directive's core), or shares its distinctive passages.
Via = Literal["number", "title", "title_loose", "implements", "content", "unresolved"]

# The index's patterns of `rules/crosscheck.yaml`.
_RULES = load_rule_file("crosscheck").require(
    ("about_title", "addressee_line", "news_of_title", "number_label", "opening_date", "plan_genre")
)
# A page title reporting that another document was issued: a publishing verb, the quoted title, and
# at most a dated bracket after it (`中共中央办公厅 国务院办公厅印发《…》（2019年8月14日）`).
_NEWS_OF_TITLE = _RULES.regex("news_of_title")
# A page title about another document: a meeting or a body that reviews, adopts, studies or issues a
# quoted title (`中共中央政治局召开会议 审议《X》`, `…审议通过《X》、《Y》`, `…印发《X》 要求…`). The
# page is a read-out or a news item about X, not X; a covering notice (`关于印发《X》的通知`) is X.
_ABOUT_TITLE = _RULES.regex("about_title")
# A normalised number's parts (`normalise_number`).
_NORMAL_NUMBER = re.compile(r"^(?P<prefix>.+)〔(?P<year>\d{4})〕(?P<serial>\d+)号$")
_OPENING_DATE = _RULES.regex("opening_date")
_ADDRESSEE_LINE = _RULES.regex("addressee_line")


def directive_key(record: StoredDocument) -> TitleKey | None:
    """The key a document is found under by title; None for a news item about another document.

    A page titled `国务院办公厅印发《X》` or `李克强签署国务院令 公布《X》` reports that X was issued:
    it is a follower of X (it publicises it), not X, so a quote of X must not resolve to it; so is
    a read-out titled `…召开会议 审议《X》` (a meeting that reviews a draft is not the draft).
    `关于印发《X》的通知` is X's covering notice and keeps its key (`title_key` reads it as X).
    """
    title = record.doc.title
    if not title or about_another(record):
        return None
    return title_key(title, record.doc.issuer)


def about_another(record: StoredDocument) -> bool:
    """Whether a page is a news item about another document (`国务院办公厅印发《X》`, `…召开会议
    审议《X》`), not that document nor its covering notice (`_carries_itself`)."""
    folded = fold(record.doc.title or "")
    return bool(_NEWS_OF_TITLE.search(folded) or _ABOUT_TITLE.search(folded)) and not _carries_itself(record)


# How far into a page the addressee line of the document it carries may stand.
_ADDRESSEE_HEAD = 1500


def _carries_itself(record: StoredDocument) -> bool:
    """A page headlined as news of an issue (`某某办公厅印发《关于X的意见》`) that carries X itself.

    Portals publish a document under the headline of its issue, then its full text: its number and
    its addressees (`各市、县人民政府，…：`) follow. Such a page is X, not a news item about X: a
    news item quotes the title, it does not address the document's recipients under its number.
    """
    if not _NEWS_OF_TITLE.search(fold(record.doc.title or "")) or not record.doc.doc_number:
        return False
    return bool(_ADDRESSEE_LINE.search(record.text[:_ADDRESSEE_HEAD]))


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
    A page that prints its title twice, as a header and again as the heading, has both glued into
    one opening line when the layout joins the head (`XX1979年7月1日…通过`): the title is read once
    (`_said_once`).
    """
    text = record.text.lstrip()
    line = fold(text[: text.find("\n")] if "\n" in text else text[:200])
    line = _said_once(_OPENING_DATE.split(line, 1)[0].strip())
    if not 4 <= len(line) <= 60 or _QUOTES.search(line) or _NEWS_OF_TITLE.search(line):
        return None
    bare = _NON_WORD.sub("", line)
    if not (_GENRE.search(bare) or bare.endswith("法")):
        return None
    key = title_key(line, record.doc.issuer)
    return key if key.core and key != directive_key(record) else None


def _said_once(line: str) -> str:
    """A line that is one title twice over (`XX`, spaces or punctuation apart) as that title once."""
    bare = _NON_WORD.sub("", line)
    half = len(bare) // 2
    if half < 4 or len(bare) % 2 or bare[:half] != bare[half:]:
        return line
    # Cut the line after its first half's last word character, so the title keeps its own marks.
    words = [at for at, char in enumerate(line) if _NON_WORD.sub("", char)]
    return line[: words[half - 1] + 1].strip()


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
    every such line gives the document another key; so does a title glued to its enactment note
    (`X条例1995年2月11日国务院令第172号发布`) under a site line the reader took for the title. They are
    the document's own: a quoted title
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
    glued_titles: list[str] = []
    for line in lines:
        noted = _OPENING_DATE.split(line, 1)
        if len(noted) > 1 and not _QUOTES.search(noted[0]):
            # A title glued to its enactment note (`X条例1995年2月11日国务院令第172号发布`) below a
            # page's chrome: the note's number would make the line a number line.
            title = _said_once(noted[0].strip())
            pieces.append(title)
            glued_titles.append(title)
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
        # A title glued to its note is the page's own whatever its length (`信访条例`, `中华人民共和国
        # 价格法`): a genre or a law's `法` is enough; a free-standing head line needs eight characters.
        glued = piece in glued_titles
        if (
            not (4 if glued else 8) <= len(bare) <= 90
            or _NEWS_OF_TITLE.search(piece)
            or _ABOUT_TITLE.search(piece)
        ):
            continue
        if "《" in piece and not ("印发" in piece and bare.endswith("通知")):
            continue
        found = _GENRE.search(bare)
        if (found is None or found.start() < (2 if glued else 4)) and not (glued and bare.endswith("法")):
            continue
        key = title_key(piece, record.doc.issuer)
        if glued and _generic(key):
            continue  # `政府工作报告2024年1月15日在…上`: every body has one
        if len(key.core) >= (2 if glued else 4) and key not in keys:
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
        """The latest candidate dated on or before `date`; with `strict`, none surely issued after it.

        Surely: by the earliest date its page allows (`issued_bound`), since one title may be shared
        by a regulation and the predecessor its tail repeals; of those left, the ones whose own date
        is on or before `date` come first, so that the version in force is chosen."""
        dated = [
            (
                (self.records[d].doc.date or "")[:10],
                (issued_bound(self.records[d], read_page=False) or "")[:10],
                d,
            )
            for d in candidates
        ]
        if date:
            day = date[:10]
            before = [c for c in dated if not c[1] or c[1] <= day]
            own_before = [c for c in before if not c[0] or c[0] <= day]
            before = own_before or before
            if before or strict:
                dated = before
        return max(dated)[2] if dated else ""

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
