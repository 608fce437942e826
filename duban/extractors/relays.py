"""Relays: the superior documents, meetings, speeches and laws that a text relays or reports on.

A quoted title counts when its sentence relays, studies, implements or takes it as a basis (a relay
verb before it, 精神/要求 after it, `现将《…》转发给你们`), when it continues a list of such titles, or
when it reads as a formal document (`…的通知`, `…规划`, `…法`); one that does not read as a document
needs its verb in its own clause (`开展…行动，出台《某机制》` relays nothing), unless it opens that clause. It does not count when it is only an
alias (`以下简称《规划》`), the document's own issuance or attachment (`现将《…》印发给你们`, `附件：`),
what the meeting itself approved (`会议审议通过了《…》`) or a draft under review (`…（草案）`), a
form to fill in, a negated or repealed text. Titles nest (`《关于印发〈政府工作报告〉…的通知》`); both levels are read. An instruction
written on a quoted report (`X在《要情快报》第8期上的批示`) takes the surrounding words into the
title; a notice sent with a quoted title (`国务院安委会印发《…》的通知`) is named as written, issuer
and genre included.

Unquoted names count after a relay verb when they end as a meeting, speech, instruction, decision
or document (`…全会精神`, `…的决策部署`, `…反馈意见`, `…规划`); lists joined by `和`/`、` are split
into one relay each, keeping shared-head lists whole (`十九届二中、三中全会`); generic mentions
(`有关文件精神`) are dropped. After a bare comma the list goes on only with a speech or meeting, not
with the sentence going on (`，以钉钉子精神…`); a relay verb after an adverb inside what an earlier
verb took starts the name (`…强调…深入学习贯彻党的十八大精神`). A later mention of a relay already
found is the same relay.

Mirror sites insert pinyin after characters (`節(jié)`); it is folded away before matching and the
titles are cut from the document's own text, so they read as written. Every pass is linear in the
text: sentence bounds are computed once, never searched for from the start of the text.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass

from duban.base.model import Document, Relay
from duban.base.script import TONE_MARK
from duban.rules.ruleset import RuleFile, load_rule_file
from duban.rules.vocabulary import genre_words

# Word lists read as a whole (`rules/relays.yaml`); the finder's own rules are loaded with it.
# The groups this module reads at import are declared here, so a misspelt one fails at load.
_RULES = load_rule_file("relays").require(
    (
        "chain",
        "alias_opening",
        "lead_words",
        "own_notice",
        "notice_tail",
        "tail_list",
        "next_item",
        "not_item",
        "numbers",
        "spirit_end",
        "inner_verb",
        "verb_noun",
        "name_start",
    )
)
# A pinyin syllable with a tone mark in brackets right after a Chinese character (`發(fā)`).
_PINYIN = re.compile(
    r"(?<=[\u3400-\u9fff])[（(](?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])"
    r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[）)]"
)
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_CLAUSE_END = re.compile(r"[。！？；!?;\n，,：:]")
_QUOTE_MARK = re.compile(r"[《》]")
_CHAIN = _RULES.regex("chain")
_NOT_DIRECTIVE = _RULES.regex("alias_opening")
_LEAD = _RULES.regex("lead_words")
# `…的通知精神`: the spirit of a document, whose name ends before 精神 (one look-behind a genre word).
# The genre words are the vocabulary's; `精神$` is `relays.yaml`'s `spirit_end`.
_DOC_SPIRIT = re.compile(
    "(?:"
    + "|".join(f"(?<={re.escape(w)})" for w in genre_words("core", "statute"))
    + ")"
    + _RULES.regex("spirit_end").pattern
)
_OWN_NOTICE = _RULES.regex("own_notice")
_NOTICE_TAIL = _RULES.regex("notice_tail")
# Unquoted titles listed after a quoted one: `《A》（…号）、B方案和关于C的实施意见，`.
_TAIL_LIST = _RULES.regex("tail_list")
# Further names listed after an unquoted relay under the same verb: `…精神，以及…精神`, `…精神及…精神`.
_NEXT_ITEM = _RULES.regex("next_item")
_NOT_ITEM = _RULES.regex("not_item")
_SEPARATORS = ("以及", "和", "及", "与", "、")
_OPEN = "“（(〈<"
_CLOSE = "”）)〉>"
_TITLE_MAX = 150
# How far back on its line a named document is read for being the text itself (`向大会作…`).
_OWN_LINE = 20
_SHORT_ALIAS = 4
# How far before a title its verb is looked for, and after it its issuance: bounded, so that a page
# with no sentence ends still reads in linear time.
_WINDOW = 300
# Loose (subsequence) deduplication compares a relay with at most this many others; past it, only
# exact repeats are merged (no real page names that many directives).
_LOOSE_MAX = 30


@dataclass(frozen=True)
class _View:
    """The analysis text with pinyin annotations folded away, and where each character came from.

    `origin` is None when nothing was folded (the usual page): positions are then the text's own,
    and no per-character table is held. Otherwise it is a compact array, not a list of ints.
    """

    text: str
    origin: array[int] | None

    @classmethod
    def of(cls, text: str) -> _View:
        notes = list(_PINYIN.finditer(text)) if TONE_MARK.search(text) else []
        if not notes:
            return cls(text, None)
        parts: list[str] = []
        origin = array("q")
        pos = 0
        for m in notes:
            parts.append(text[pos : m.start()])
            origin.extend(range(pos, m.start()))
            pos = m.end()
        parts.append(text[pos:])
        origin.extend(range(pos, len(text)))
        origin.append(len(text))
        return cls("".join(parts), origin)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A folded span as a span of the document's text."""
        if self.origin is None:
            return (start, start) if end <= start else (start, end)
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def _masked(text: str, interior: bytearray) -> str:
    """`text` with every marked character (a quoted title's inside) replaced by `□`, built from
    slices: a list of one string per character cost about 27 bytes of memory per input byte."""
    parts: list[str] = []
    pos = 0
    for run in re.finditer(rb"\x01+", interior):
        parts.append(text[pos : run.start()])
        parts.append("□" * (run.end() - run.start()))
        pos = run.end()
    parts.append(text[pos:])
    return "".join(parts)


class _Bounds:
    """Sentence or clause bounds, computed once; `around(i)` is a bisection, not a search."""

    def __init__(self, text: str, pattern: re.Pattern[str]) -> None:
        self.starts = [0] + [m.end() for m in pattern.finditer(text)]
        self.length = len(text)

    def around(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else self.length
        return self.starts[i], end


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Every `《…》` pair as (open, end after the close), nested pairs included, by bracket matching.

    An opening bracket left unclosed for longer than any title is forgotten, so one stray `《`
    cannot swallow the rest of the text."""
    stack: list[int] = []
    out: list[tuple[int, int]] = []
    for m in _QUOTE_MARK.finditer(text):
        pos = m.start()
        while stack and pos - stack[0] > _TITLE_MAX:
            stack.pop(0)
        if m.group() == "《":
            stack.append(pos)
        elif stack:
            out.append((stack.pop(), pos + 1))
    out.sort()
    return out


class _Found(list[Relay]):
    """The relays found so far, with their keys kept for deduplication."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []
        self.seen: set[str] = set()


# The groups of `rules/relays.yaml` this finder reads (checked when the file is loaded).
_GROUPS = (
    "quoted", "context", "after", "document", "negated", "repealed", "excluded_before",
    "excluded_after", "own_issue", "meeting_own", "instruction", "speaker", "unquoted", "named",
    "generic", "plain_document", "draft", "form_title", "glued_verb", "not_name", "own_made",
    "dated", "own_report", "discussed",
)  # fmt: skip


@dataclass(frozen=True)
class RelayFinder:
    rules: RuleFile

    @classmethod
    def default(cls) -> RelayFinder:
        return cls(load_rule_file("relays").require(_GROUPS))

    def _has(self, group: str, text: str) -> bool:
        return any(rule.regex.search(text) for rule in self.rules.by_group(group))

    def _search(self, group: str, text: str) -> re.Match[str] | None:
        for rule in self.rules.by_group(group):
            m = rule.regex.search(text)
            if m:
                return m
        return None

    def find(self, doc: Document) -> list[Relay]:
        view = _View.of(doc.analysis_text)
        text = view.text
        sentences = _Bounds(text, _SENTENCE_END)
        spans = quoted_spans(text)
        inside = bytearray(len(text) + 1)
        interior = bytearray(len(text))
        for s, e in spans:
            inside[s:e] = b"\x01" * (e - s)
            interior[s + 1 : e - 1] = b"\x01" * max(e - s - 2, 0)
        masked_text = _masked(text, interior)
        out = _Found()
        own_title = re.sub(r"\W", "", _PINYIN.sub("", doc.meta.title or ""))
        self._quoted(doc, view, masked_text, spans, sentences, own_title, out)
        self._unquoted(doc, view, sentences, inside, out)
        for rule in self.rules.by_group("named"):
            for m in rule.regex.finditer(text):
                if not inside[m.start()] and not self._own_named(text, m.span("title"), own_title, sentences):
                    self._add(out, doc, view, m.span("title"), None, m.span(), rule.id)
        return _one_per_document(out)

    def _quoted(
        self,
        doc: Document,
        view: _View,
        masked: str,
        spans: list[tuple[int, int]],
        sentences: _Bounds,
        own_title: str,
        out: _Found,
    ) -> None:
        text = view.text
        rule = self.rules.by_group("quoted")[0]
        last_end = -1
        outer_end = -1
        for s, e in spans:
            nested = s < outer_end  # inside a title already read (`《关于印发〈…〉的通知》`)
            outer_end = max(outer_end, e)
            title_span = (s + 1, e - 1)
            title = text[s + 1 : e - 1]
            key = re.sub(r"\W", "", title)
            sent_start, sent_end = sentences.around(s)
            sent_start = max(sent_start, s - _WINDOW)
            sent_end = min(sent_end, e + _WINDOW)
            clause_start = _clause_start(text, sent_start, s)
            # Relay verbs and approvals are read with other titles blanked (`通过了《…实施方案》、《…》`).
            before, clause = masked[sent_start:s], masked[clause_start:s]
            after = text[e : min(sent_end, e + 60)]
            chained = last_end >= 0 and bool(_CHAIN.match(text[last_end:s]))
            if (
                _NOT_DIRECTIVE.match(title)
                or self._has("draft", title)
                or self._has("form_title", title)
                or not key
                or (key == own_title and not self._has("context", before))
                or self._has("excluded_before", before)
                or self._has("excluded_after", after)
                or self._has("negated", before)
                or self._has("repealed", after)
                or self._meeting_own(before)
                or (
                    self._has("own_issue", text[e:sent_end])
                    and (not self._has("context", clause) or self._has("own_made", clause))
                )
            ):
                continue
            own = _OWN_NOTICE.search(clause)
            tail = _NOTICE_TAIL.match(after)
            head = clause[: own.start()] if own else ""
            if own and tail and not self._has("context", head) and own.group().startswith("关于"):
                continue  # the document's own `关于印发《…》的通知` title line
            if own and tail and self._has("context", head):
                # `…学习了省安委会印发《…》的通知`: the relayed notice is named with its issuer.
                title_span = (clause_start + _after_last_verb(self, head), e + tail.end())
            elif (instruction := self._search("instruction", after)) and (
                speaker := self._search("speaker", before)
            ):
                start = sent_start + speaker.start("speaker")
                start += _after_last_verb(self, text[start:s])
                title_span = (start, e + instruction.end())
            elif len(key) <= _SHORT_ALIAS and not key.endswith("法"):
                continue  # `《意见》`, `《规划》`: a back-reference to a title named in full
            elif not (
                chained
                or self._has("after", after)
                or self._has("document", title)
                or self._has("context", _verb_reach(before, clause))
            ):
                continue
            number = rule.regex.match(text, title_span[1] if title_span[1] > e else e)
            last_end = number.end() if number else e
            self._add(
                out,
                doc,
                view,
                title_span,
                number.span("number") if number else None,
                (s, max(e, title_span[1], _closed(text, number.end()) if number else 0)),
                rule.id,
                loose=not nested,
            )
            listed = _TAIL_LIST.match(
                text, last_end + 1 if text[last_end : last_end + 1] in "）)" else last_end
            )
            if listed:
                for ps, pe in self._split_list(text, *listed.span(1)):
                    if self._is_document(text[ps:pe]) and not self._has("generic", text[ps:pe]):
                        self._add(out, doc, view, (ps, pe), None, (ps, pe), rule.id)

    def _own_named(self, text: str, span: tuple[int, int], own_title: str, sentences: _Bounds) -> bool:
        """A document known by a common name that is the text itself (a work report's `政府工作报告`
        heading its line or delivered `向大会作…`, or named in its own title with no year naming
        another one) or the draft its meeting discusses (`会议讨论政府工作报告`,
        `…，讨论拟提请…审议的政府工作报告`); `人大会议批准了市政府工作报告` relays it."""
        start, end = span
        line_start = text.rfind("\n", max(0, start - _OWN_LINE), start) + 1
        whole_line = line_start > 0 or start <= _OWN_LINE
        # A line longer than the window is read cut, marked `…` so that it never reads as a heading.
        before = text[line_start:start] if whole_line else "…" + text[start - _OWN_LINE : start]
        if self._has("own_report", before):
            return True
        if text[start:end] in own_title and not self._has("dated", text[max(0, start - 6) : start]):
            return True
        sent_start = max(sentences.around(start)[0], start - _WINDOW)
        return self._has("discussed", text[sent_start:start])

    def _meeting_own(self, before: str) -> bool:
        """`会议审议通过了《…》`: the meeting's own business, unless a relay verb follows the approval."""
        for rule in self.rules.by_group("meeting_own"):
            for m in rule.regex.finditer(before):
                if not self._has("context", before[m.end() :]):
                    return True
        return False

    def _unquoted(
        self, doc: Document, view: _View, sentences: _Bounds, inside: bytearray, out: _Found
    ) -> None:
        text = view.text
        covered = 0
        for rule in self.rules.by_group("unquoted"):
            covered = 0
            for m in rule.regex.finditer(text):
                start, end = m.span("title")
                if inside[start] or m.start() < covered or text[start] in "、和及":
                    continue  # inside a quoted title, already read, or a list of verbs (`传达、学习…`)
                if _VERB_NOUN.match(text, start, end):
                    # `审议…计划执行情况的报告`, `听取…贯彻执行某规定情况的报告`: the verb heads a noun,
                    # it relays nothing
                    continue
                reported = text.find("了", start, min(end, start + 8))
                start = reported + 1 if reported >= 0 else start
                start = _after_inner_verb(text, start, end)
                lead = _LEAD.match(text, start, end)
                start = lead.end() if lead else start
                sent_start = max(sentences.around(m.start())[0], start - _WINDOW)
                if self._has("negated", text[sent_start:start]):
                    continue
                if text.count("“", start, end) != text.count("”", start, end):
                    continue
                items = [(start, end)]
                while nxt := _NEXT_ITEM.match(text, items[-1][1]):
                    s, e = nxt.span(1)
                    if _NOT_ITEM.search(text, s, e) or not _NAME_END.search(text, s, e):
                        break
                    # After a comma with no `以及`/`和` and no relay verb, only a speech or meeting
                    # (`；某市长在…上的讲话精神`) continues the list; `，深化…的一项重要举措`,
                    # `，制定本法` are the sentence going on.
                    bare = text[nxt.start()] in "，,；;" and s == nxt.start() + 1
                    lead = _LEAD.match(text, s, e)
                    s = lead.end() if lead else s
                    if bare and not lead and not _SPEECH_END.search(text, s, e):
                        break
                    if bare and not lead and not _NAME_START.match(text[s:e]):
                        # `，对标落实某某…精神`: a relay verb inside starts the name; with none,
                        # (`，自觉用…精神武装头脑`) the sentence goes on.
                        s = self._after_verb(text, s, e)
                        if s < 0 or not _NAME_START.match(text[s:e]):
                            break
                    if self._has("not_name", text[s:e]):
                        break  # `，组织编制…规划`: the work done from the relayed name, not another name
                    items.append((s, e))
                covered = items[-1][1]
                for item in items:
                    for s, e in self._split_list(text, *item):
                        self._add_unquoted(doc, view, (s, e), m.span(), rule.id, out)

    def _after_verb(self, text: str, start: int, end: int) -> int:
        """Where a name starts after the last relay verb in text[start:end] (lead words trimmed),
        or -1 when no relay verb stands there."""
        last = -1
        for rule in self.rules.by_group("context"):
            for m in rule.regex.finditer(text, start, end):
                last = max(last, m.end())
        if last < 0:
            return -1
        lead = _LEAD.match(text, last, end)
        return lead.end() if lead else last

    def _add_unquoted(
        self,
        doc: Document,
        view: _View,
        span: tuple[int, int],
        mention: tuple[int, int],
        rule_id: str,
        out: _Found,
    ) -> None:
        text = view.text
        s, e = span
        spirit = _DOC_SPIRIT.search(text, s, e)
        e = spirit.start() if spirit else e
        glued = self._search("glued_verb", text[s:e])
        e = s + glued.start() if glued else e
        name = text[s:e]
        if _INNER_SPIRIT.search(name):
            return  # `…全会精神李克强主持会议`: a headline run on past the name, which ends at 精神
        if glued and not _NAME_END.search(name):
            return  # `根据旅游资源档案组织编制…规划`: what is left names no document
        if self._has("generic", name) or self._has("draft", name) or self._has("not_name", name):
            return
        if (
            self._is_document(name)
            and not _SPEECH_END.search(name)
            and not (_LAW_END.search(name) and len(name) >= _LAW_MIN)
            and not self._has("plain_document", name)
        ):
            return
        # A number cited inside the name (`贯彻国办发〔2023〕12号文件精神`) or right after it.
        quoted = self.rules.by_group("quoted")[0].regex
        number = quoted.search(text, s, e) or quoted.match(text, e)
        self._add(out, doc, view, (s, e), number.span("number") if number else None, mention, rule_id)

    def _is_document(self, name: str) -> bool:
        return any(rule.regex.search(name) for rule in self.rules.by_group("document"))

    def _split_list(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """`党的二十大、二十届二中全会和中央经济工作会议精神` names three relays; a part that does not
        end as a name (`十九届二中`, `习近平总书记`) shares the next part's head and stays with it."""
        cuts: list[tuple[int, int]] = []
        depth = 0
        about = False  # inside `关于…的`, whose 和 joins the subject of one title
        i = start
        while i < end:
            ch = text[i]
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
            elif text.startswith("关于", i):
                about = True
            elif ch == "的" or (about and _SPEECH_END.search(text, max(start, i - 8), i)):
                about = False
            elif depth == 0 and not about and not text.startswith("及其", i):
                sep = next((p for p in _SEPARATORS if text.startswith(p, i)), None)
                if sep and i > start:
                    cuts.append((i, i + len(sep)))
                    i += len(sep)
                    continue
            i += 1
        parts: list[tuple[int, int]] = []
        pos = start
        for s, e in cuts:
            parts.append((pos, s))
            pos = e
        parts.append((pos, end))
        groups: list[tuple[int, int]] = []
        open_from: int | None = None
        for s, e in parts:
            if open_from is None and not groups and self._has("generic", text[s:e]):
                continue  # `习近平新时代中国特色社会主义思想和党的十九大精神`: the slogan names nothing
            first = s if open_from is None else open_from
            if self._names_something(text[s:e]):
                groups.append((first, e))
                open_from = None
            else:
                open_from = first
        if open_from is not None:
            if groups:
                groups[-1] = (groups[-1][0], end)
            else:
                groups.append((open_from, end))
        merged: list[tuple[int, int]] = []
        for s, e in groups:
            if merged and self._has("generic", text[s:e]):
                merged[-1] = (merged[-1][0], e)  # `…重要讲话和重要指示批示精神`: one speaker's words
            else:
                merged.append((s, e))
        return merged

    def _names_something(self, part: str) -> bool:
        return bool(_NAME_END.search(part)) or self._has("document", part)

    @staticmethod
    def _add(
        out: _Found,
        doc: Document,
        view: _View,
        title_span: tuple[int, int],
        number_span: tuple[int, int] | None,
        mention: tuple[int, int],
        rule_id: str,
        loose: bool = True,
    ) -> None:
        """Keep a relay unless it repeats one already found; `loose` also drops a looser mention
        of one (`习近平总书记重要讲话` after `习近平总书记在…上的重要讲话`)."""
        key = re.sub(r"\W", "", view.text[title_span[0] : title_span[1]])
        keys = out.keys[-_LOOSE_MAX:]
        if len(key) < 3 or key in out.seen or (loose and any(_is_subsequence(key, k) for k in keys)):
            return
        out.keys.append(key)
        out.seen.add(key)
        ts, te = view.span(*title_span)
        start, end = view.span(*mention)
        number = doc.text[slice(*view.span(*number_span))] if number_span else None
        out.append(
            Relay(
                title=doc.text[ts:te],
                doc_number=number,
                text=doc.text[start:end],
                start=start,
                end=end,
                page=doc.page_at(start),
                provenance=f"rule:{rule_id}",
            )
        )


_NAME_END = _RULES.regex("name_end")
# Meetings and speeches need no issuer to be named (`全国金融工作会议`); documents do.
# Laws and regulations are proper names even without an issuer (`社会保险法`, `…反对浪费条例`).
_LAW_END = _RULES.regex("law_end")
_LAW_MIN = 4
_SPEECH_END = _RULES.regex("speech_end")
_INNER_VERB = _RULES.regex("inner_verb")
# What must be left after an inner verb for it to start a name (`党的十八大精神` is 7).
_INNER_REST = 4
_VERB_NOUN = _RULES.regex("verb_noun")
# How a name listed after a bare comma opens (`relays.yaml` `name_start`, anchored with `^`: read on
# the item's own slice).
_NAME_START = _RULES.regex("name_start")


def _clause_start(text: str, sent_start: int, pos: int) -> int:
    """Where the clause of `pos` starts, not before its sentence's start: after the last clause end
    in text[sent_start:pos]. Searched in that window (at most `_WINDOW` characters) for each quoted
    title, rather than every clause bound of the text computed for the few titles a page quotes."""
    start = sent_start
    for m in _CLAUSE_END.finditer(text, sent_start, pos):
        start = m.end()
    return start


def _verb_reach(before: str, clause: str) -> str:
    """Where a relay verb must stand for a quoted title that does not read as a document (no genre
    word, no `关于`): in the title's own clause, for a verb earlier in the sentence took other work
    (`开展整治行动，出台《某推进机制》`, `…，举办好《某公约》缔约方大会`, `…，《某动态》刊发了…`); a
    title opening its clause goes on a list the sentence's verb took (`学习了…讲话精神,《某概论》`)."""
    return clause if clause.strip() else before


def _after_inner_verb(text: str, start: int, end: int) -> int:
    """Where a name starts when a relay verb stands inside what the verb before it took
    (`学习时强调…深入学习宣传贯彻党的十八大精神`, `整改落实要聚焦贯彻落实…精神`): after the last such verb,
    unless the verb belongs to a title (`关于认真学习贯彻…的通知`) or a speech's occasion
    (`在…集体学习时的重要讲话`), which `inner_verb` leaves out."""
    if "关于" in text[start:end]:
        return start
    last = start
    for m in _INNER_VERB.finditer(text, start, end):
        if end - m.end() >= _INNER_REST:
            last = m.end()
    return last


def _closed(text: str, end: int) -> int:
    """Past the bracket that closes a cited number (`《…》（国发〔2015〕43号）`): the mention quotes it."""
    return end + 1 if text[end : end + 1] in ")）" else end


def _after_last_verb(finder: RelayFinder, text: str) -> int:
    """Where a name starts in `text`: after the last relay verb or list separator in it
    (`…发言传达孙某同志在` → `孙某同志在`, `…的批示、崔市长在` → `崔市长在`)."""
    last = max(text.rfind(sep) + 1 for sep in "、，,：:；;")
    for rule in finder.rules.by_group("context"):
        for m in rule.regex.finditer(text):
            last = max(last, m.end())
    return last


def _one_per_document(relays: list[Relay]) -> list[Relay]:
    """One document named twice is one relay: a name that reads as a longer one with words left out
    (`习近平总书记重要讲话` beside `习近平总书记在…全会上的重要讲话`) is the same relay."""
    if len(relays) > _LOOSE_MAX:
        return sorted(relays, key=lambda r: r.start)
    keys = [re.sub(r"精神$", "", _key(r)) for r in relays]
    kept = [
        r
        for i, r in enumerate(relays)
        if r.provenance.startswith("rule:relay.quoted")
        or not any(
            j != i and len(keys[j]) > len(keys[i]) and _is_subsequence(keys[i], keys[j])
            for j in range(len(relays))
        )
    ]
    kept.sort(key=lambda r: r.start)
    return kept


def _is_subsequence(short: str, long_: str) -> bool:
    """Whether `short` reads as `long_` with words left out (a looser mention of the same relay):
    a meeting is not taken for a speech made at it (`中央纪委五次全会` beside
    `习近平总书记在中央纪委第五次全会上的重要讲话` are two relays)."""
    short = short[:-2] if short.endswith("精神") else short
    long_ = long_[:-2] if long_.endswith("精神") else long_
    if len(short) > len(long_):
        return False
    chars = iter(long_)
    if not all(ch in chars for ch in short):
        return False
    if _MEETING_END.search(short) and _SPEECH_ONLY_END.search(long_):
        return False
    # `第二批` and `第二十批`, `2023年` and `2024年` name different things; a looser mention may
    # leave numbers out (`中央纪委五次全会` for `十八届中央纪委第五次全会`) but not change them.
    numbers = iter(_DIGITS.findall(long_))
    return all(n in numbers for n in _DIGITS.findall(short))


_DIGITS = _RULES.regex("numbers")


# `精神` inside an unquoted name (not `精神文明`): the name ended there and the rest is another phrase.
_INNER_SPIRIT = re.compile(r"精神(?!文明|$)")


def _key(relay: Relay) -> str:
    return re.sub(r"\W", "", _PINYIN.sub("", relay.title or ""))


_MEETING_END = _RULES.regex("meeting_end")
_SPEECH_ONLY_END = _RULES.regex("speech_only_end")
