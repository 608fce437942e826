"""Deadlines: find time bounds with the rules in `rules/deadlines.yaml` and normalise them.

An absolute bound becomes an ISO due date, a recurrence its ISO period (`每半年` → P6M,
`每三年` → P3Y, `按月` → P1M), a relative bound its duration (`15个工作日内` → P15D, `1小时内` →
PT1H), a range (`2024年3月1日至6月30日`) its end. Bounds without a year (`年底前`, `月底前`) and
relative years (`今年`, `明年`, `次年`) resolve against the document's own date, passed in by the
caller: the date it was signed, never when a web page happened to post it; a bound that would
fall a quarter or more before the document's month is the next year's (`2月底前` in a December
notice), and without the document's date none is guessed. A start bound
(`从2019年起`, `次日起`) is found but has no due date. Words that bound nothing (及时, 尽快, 常态化)
are never deadlines, nor are years inside a title (`《…2024年…》`, `关于2024年…`) or statistical
periods (`1-9月…同比增长`), nor the day a count was taken (`截至2023年底，已整改…`) or a state
reached (`之前已完成…`), nor a modifier of a noun (`长期有效的规矩`), nor a review's result
(`全年粮食总产157.5亿斤`, `重点改革持续推进。`), nor a range or year told as history (one that
ends before the document's year). An ongoing word is a bound only where it closes its clause or fills a
time slot (`要长期坚持。`, `时限要求：持续推进`): before its object (`持续推进“一网通办”`) it is the
measure's verb. A table's time-limit cell, or the value of a time-limit label line
(`完成时限：2024年6月`, `时限要求：持续推进`), may hold a bare `2024年6月`, `11月` or `全年`, read by
the `cell` rules only there; a cell listing one bound per sub-item gives each.

Mirror-site pinyin (`节(jié)前`) and spaces between digits and hanzi (`2020 年 6 月底前`, as
text taken from a PDF has them) are read past, and full-width digits are read as ASCII ones; the
spans still index the text given, so a spaced deadline is quoted as it stands.

`next_due` gives a recurring deadline's next due date as of a day, for the cross-check.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from duban.base.dates import as_date, iso_year_month
from duban.base.model import Deadline, DeadlineKind
from duban.base.numerals import cn_digits_to_int, cn_year_to_int
from duban.extractors.regex_screen import OPS, any_match, fast_start, may_match, parse_tree
from duban.rules.holidays import canonical, holiday_in, next_holiday
from duban.rules.ruleset import Rule, RuleFile, load_rule_file

_PERIODS = {
    "年": "P1Y",
    "年度": "P1Y",
    "半年": "P6M",
    "半月": "P15D",
    "季度": "P3M",
    "季": "P3M",
    "月": "P1M",
    "周": "P1W",
    "星期": "P1W",
    "旬": "P10D",
    "日": "P1D",
    "天": "P1D",
    "两年": "P2Y",
    "三年": "P3Y",
    "学期": "P6M",
}
_UNITS = {
    "工作日": "D",
    "日": "D",
    "天": "D",
    "周": "W",
    "星期": "W",
    "个月": "M",
    "月": "M",
    "年": "Y",
    "小时": "H",
}
_PART_MONTH_DAY = {
    "上半年": (6, 30),
    "下半年": (12, 31),
    "年中": (6, 30),
    "年底": (12, 31),
    "底": (12, 31),
    "末": (12, 31),
    "年末": (12, 31),
    "初": (3, 31),  # 明年初: the year's first months, due at its first quarter's end
    "年初": (3, 31),
    "内": (12, 31),
    "年内": (12, 31),
    "全年": (12, 31),
    "本年度": (12, 31),
    "当年": (12, 31),
    "一季度": (3, 31),
    "第一季度": (3, 31),
    "二季度": (6, 30),
    "第二季度": (6, 30),
    "三季度": (9, 30),
    "第三季度": (9, 30),
    "四季度": (12, 31),
    "第四季度": (12, 31),
}
_PART_DAY = {"上旬": 10, "初": 10, "中旬": 20, "中": 20, "上中旬": 20}
_NEXT_YEAR = ("明", "次")
_THIS_YEAR = ("今", "本", "当")
# Patterns read around a match (rules/deadlines.yaml), never run over text as deadline rules.
_PIECE_GROUPS = (
    "screen",
    "pinyin",
    "as_of",
    "as_of_report",
    "not_a_cycle",
    "title_head",
    "title_years",
    "legal_state",
    "annual_cycle",
    "own_year",
    "modifier_clause",
    "adverbial_opener",
    "noun_slot",
    "reported_figure",
    "done_state",
    "attributive",
    "progress_predicate",
    "takes_effect",
    "range_gap",
    "anchor_date",
    "anchor_day",
    "anchor_holiday",
    "anchor_quarter",
    "anchor_weekday",
    "anchor_month",
    "anchor_week",
    "anchor_workday",
    "anchor_after_end",
    "recurring_anchored",
    "recurring_range",
    "recurring_list",
    "period_head",
    "season_tail",
    "event_lead",
    "event_tail",
    "holiday_bound",
)
_PIECES = load_rule_file("deadlines").require(_PIECE_GROUPS)
# Groups that are no deadline rules over text: the pieces and the table cells and labels (a named
# tuple here, as mypyc cannot compile a starred tuple written inside an `in` test).
_NOT_TEXT_RULES = ("cell", "label", *_PIECE_GROUPS)
# Mirror sites print pinyin after characters (`節(jié)`); the rules read past it.
_PINYIN = _PIECES.regex("pinyin")
_CLAUSE_MARKS = "，,。；;！!？?\n"
_CLAUSE_END = re.compile(f"[{_CLAUSE_MARKS}]")
_CLAUSE_REACH = 200  # how far a clause is looked for around a match: keeps the filter linear
# Words of a statistical period: a bound in such a clause reports a figure, it bounds no work.
_STATISTIC = re.compile("|".join(map(re.escape, load_rule_file("deadlines").words("statistic"))))
# A cell listing one bound per sub-item: `1.2024年8月 2.2024年12月`, `2024年6月；2024年12月`.
_CELL_PART = re.compile(r"(?:^|[\s；;、,，]+)(?:\d{1,2}[.．、)）]|[(（]\d{1,2}[)）])?\s*([^\s；;、,，]+)")
# Groups whose bounds have no date of their own to normalise.
_ROLLING = ("recurring", "term", "ongoing")
_TITLE_OPEN = "《〈"
_TITLE_CLOSE = "》〉"
# `截至2023年底，…已整改…` (real audit read-outs and reports): the day a count was taken, no bound.
_AS_OF = _PIECES.regex("as_of")
_AS_OF_REPORT = _PIECES.regex("as_of_report")
_TITLE_HEAD = _PIECES.regex("title_head")
# `每年3月31日前报送…，于5月31日前报送…`: a bound without a year of its own in a sentence that names a
# yearly cycle falls due every year; read as dated it would resolve to the document's (or a
# regulation's decades-old head) year and show as long overdue.
_ANNUAL_CYCLE = _PIECES.regex("annual_cycle")
# `海域使用权自登记之日起取得`, `自…之日起计算`: a start bound that dates a legal status or a count.
_LEGAL_STATE = _PIECES.regex("legal_state")
_OWN_YEAR = _PIECES.regex("own_year")
_SENTENCE_MARKS = "。；;！!？?\n"
# `实施规划（2016—2020年）`: a bound a plan's name opens in brackets is part of the title.
_TITLE_YEARS = _PIECES.regex("title_years")
# `对2025年1月1日之前出生的婴幼儿`: a bound that opens a clause describing a noun dates or sorts the
# noun; read only where the bound does not follow an adverbial opener (`，`, `于`, `要`, `确保`).
_MODIFIER_CLAUSE = _PIECES.regex("modifier_clause")
_ADVERBIAL_OPENER = _PIECES.regex("adverbial_opener")
_NOUN_SLOT = _PIECES.regex("noun_slot")
_OPENER_REACH = 4  # the longest opener read before a bound (`应当于`)
_CLAUSE_READ = 24  # how far such a clause is read after the bound: its 12 characters, 的, a head noun
_PERIOD_ENDS = ("期间", "时期", "期")  # a period keeps a 的 after it (`节日期间易发的问题`)
_TIME_PREPOSITIONS = tuple(load_rule_file("deadlines").words("time_preposition"))
# `全年粮食总产157.5亿斤`: a year named without a number, then an exact figure, reports a result.
_REPORTED_FIGURE = _PIECES.regex("reported_figure")
_FIGURE_REACH = 40  # how far a clause's figure is looked for after such a year
# `2018年12月31日之前已完成转制的企业`: a bound followed by 已 dates a state reached, no work.
_DONE_STATE = _PIECES.regex("done_state")
# `作为长期有效的铁规矩`, `五年以内的人员`: a bound that 的 makes a modifier of a noun.
_ATTRIBUTIVE = _PIECES.regex("attributive")
# `重点改革持续推进。`: an ongoing word said of its subject at a clause's end states progress.
_PROGRESS_PREDICATE = _PIECES.regex("progress_predicate")
# `本条例于2007年9月1日起施行。`: the day a text takes effect, read after a bound without 前 or 内.
_TAKES_EFFECT = _PIECES.regex("takes_effect")
_BOUND_ENDS = ("前", "内")
# Year words that may only name the year of a dated bound in their clause (`今年…9月底前`).
_SCOPE_YEARS = frozenset(load_rule_file("deadlines").words("scope_year"))
# `每年三月为森林防火宣传月`, `按日加收滞纳金`: a recurrence that names a commemoration or a rate,
# and `自欠缴之日起按日加收…`: the day such a rate starts.
_NOT_A_CYCLE = _PIECES.regex("not_a_cycle")
# Full-width digits (`２０２４年６月`, common in web copies of regulations) read as ASCII ones: one
# character for one, so every span still indexes the text given. Translating costs a dictionary
# look-up per character, so only a text that holds one is translated.
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULL_WIDTH_DIGIT = re.compile("[０-９]")
# Spaces between a digit and a hanzi are layout (`2020 年 6 月`: digits in a PDF's Latin font);
# the rules read past them (`_reading_view`).
_SPACES = re.compile("[ \u3000\xa0]+")
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_HANZI = re.compile("[\u4e00-\u9fff]")
# `春节前`, `明年“五一”前`: a bound named by a holiday, dated the day before it (`_holiday_due`).
_HOLIDAY_BOUND = _PIECES.regex("holiday_bound")


@dataclass(frozen=True)
class _TextRule:
    """A rule read over running text, with what `find` asks of it on every span looked up once
    when the rules load: `find` runs on every measure, and per-rule `get` calls there cost more
    than the matching on short spans."""

    order: int
    rule: Rule
    needs: frozenset[str]  # characters one of which a text must hold for the rule to be tried
    # The same, read off the rule's own pattern (`_required_chars`); None when it names none.
    requires: frozenset[str] | None
    # Whether a text holds a word every match needs (`regex_screen.may_match`: `完成`, `力争`…,
    # stronger than one character); None when the pattern shows none. Of the rules a span's
    # characters let through, most still match nothing there, and their scans cost more than
    # this test: a third of the time `find` took on real documents.
    may_match: Callable[[str], bool] | None = field(compare=False)
    # The rule's pattern as `fast_start` gives it (the same matches at the same places): a pattern
    # that opens with an anchor or a lookbehind among its branches (`year_end`, `span`,
    # `plan_period` …) is otherwise tried branch by branch at every character of the span. On the
    # spans of 500 real documents the scans that pass the screens took 0.16 s, 0.09 s so.
    scan: re.Pattern[str] = field(compare=False)


@dataclass(frozen=True)
class DeadlineFinder:
    rules: RuleFile
    _text_rules: tuple[_TextRule, ...] = field(init=False, repr=False, compare=False)
    # Whether a text holds what any text rule or label needs (one of the `screen` rules, tried in
    # turn: a third cheaper than their joined alternation, which defeats each one's start-character
    # skip); None for a rule file without them, which is then read in full.
    _screen: Callable[[str], bool] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        text_rules = tuple(
            _TextRule(
                order,
                rule,
                frozenset(rule.get("needs") or ""),
                _required_chars(rule.regex),
                may_match(rule.regex),
                fast_start(rule.regex),
            )
            for order, rule in enumerate(self.rules.rules)
            if rule.get("group") not in _NOT_TEXT_RULES
        )
        object.__setattr__(self, "_text_rules", text_rules)
        keys = (
            tuple(rule.regex.search for rule in self.rules.by_group("screen"))
            if "screen" in self.rules.groups
            else ()
        )
        object.__setattr__(self, "_screen", any_match(keys) if keys else None)

    @classmethod
    def default(cls) -> DeadlineFinder:
        return cls(load_rule_file("deadlines").require(("label", "cell", *_ROLLING)))

    def find(
        self, text: str, offset: int = 0, doc_year: int | None = None, doc_date: date | str | None = None
    ) -> list[Deadline]:
        """All deadlines in `text` (analysis view), offsets shifted by `offset`, in text order.

        Every rule proposes its matches; the longest wins where they overlap (the earlier rule on
        a tie), so a range beats the date at its end and `每季度报送一次` beats `每季度`.
        `doc_date` (a date or ISO text such as `doc.meta.date`; else `doc_year`) is what `年底前`,
        `今年`, `本月底前` resolve against."""
        if self._nothing_needed(text):
            return []
        ref = _reference(doc_year, doc_date)
        view, back = _reading_view(text)
        if _FULL_WIDTH_DIGIT.search(view):
            view = view.translate(_FULL_WIDTH_DIGITS)
        taken = bytearray(len(view))  # characters already in a kept deadline
        found = self._label_values(text, view, back, offset, doc_year, doc_date, taken)
        candidates: list[tuple[int, int, int, Rule, re.Match[str]]] = []
        chars = set(view)
        for text_rule in self._text_rules:
            if text_rule.needs and text_rule.needs.isdisjoint(chars):
                continue
            if text_rule.requires is not None and text_rule.requires.isdisjoint(chars):
                continue
            if text_rule.may_match is not None and not text_rule.may_match(view):
                continue
            for m in text_rule.scan.finditer(view):
                if m.end() > m.start():
                    candidates.append((-(m.end() - m.start()), text_rule.order, m.start(), text_rule.rule, m))
        candidates.sort(key=lambda c: c[:3])
        for _, _, _, rule, m in candidates:
            # (`find` of a set byte: `any` over the slice, without the copy and the byte-by-byte read)
            if taken.find(1, m.start(), m.end()) >= 0 or _not_a_bound(view, m, rule):
                continue
            if _takes_effect(view, m, rule) or _names_or_sorts(view, m, rule):  # nor any bound inside it
                taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
                continue
            start, end = back[m.start()], back[m.end() - 1] + 1
            tail = _PINYIN.match(text, end)
            if tail:  # a pinyin note on the last character belongs to it (`内(nèi)`)
                end = tail.end()
            deadline = Deadline(
                text=text[start:end],
                kind=rule.get("deadline_kind", "absolute"),
                start=offset + start,
                end=offset + end,
                provenance=f"rule:{rule.id}",
            )
            if _in_annual_cycle(view, m, rule):
                if _NOT_A_CYCLE.match(view, m.end()):  # `每年的农历三月初三为…节`: a day named, no work
                    taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
                    continue
                deadline.kind, deadline.period = "recurring", "P1Y"
            elif not rule.get("start_bound"):
                _normalise(deadline, m, ref)
                if deadline.kind == "relative" and deadline.due is None and deadline.period is None:
                    deadline.due = _holiday_due(m.group(0), ref)
            if rule.get("future_only") and _before(deadline.due, ref):
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            found.append(deadline)
        found.sort(key=lambda d: d.start or 0)
        return _drop_scope_years(
            _join_adjacent(_join_ranges(_join_recurring(found, text, offset), text, offset)), text, offset
        )

    def _nothing_needed(self, text: str) -> bool:
        """Whether `text` holds nothing any rule needs, so that no rule could match it: most spans
        `find` is given hold no deadline, and one search of the screen answers for all ~50 rules.
        Mirror-site pinyin may split a key (`节(jié)前`), so a text with a bracket is screened
        again without it, and so is a text with spaces between digits and hanzi (`到 2025 年`);
        full-width digits need nothing, as `\\d` reads them too. Only a text that held pinyin or
        such spaces is screened again: most brackets are an item's number or a unit marker
        (`（一）`, `（牵头单位：…）`), and the same text screened twice answers the same."""
        screen = self._screen
        if screen is None or screen(text):
            return False
        if "(" not in text and "（" not in text and not _date_spaces(text):
            return True
        plain = _reading_view(text)[0]
        return len(plain) == len(text) or not screen(plain)

    def _label_values(
        self,
        text: str,
        view: str,
        back: list[int],
        offset: int,
        doc_year: int | None,
        doc_date: date | str | None,
        taken: bytearray,
    ) -> list[Deadline]:
        """The value of a time-limit label line (`完成时限：2024年6月`, `时限要求：持续推进`) read as a
        table cell would be: the label says it is a deadline, so a bare month or `持续推进` counts."""
        found: list[Deadline] = []
        for rule in self.rules.by_group("label"):
            for m in rule.regex.finditer(view):
                vs, ve = m.span("value")
                if ve <= vs or taken.find(1, vs, ve) >= 0:
                    continue
                start, end = back[vs], back[ve - 1] + 1
                found += self.find_cell(text[start:end], offset + start, doc_year, doc_date)
                taken[vs:ve] = b"\x01" * (ve - vs)
        return found

    def find_cell(
        self, text: str, offset: int = 0, doc_year: int | None = None, doc_date: date | str | None = None
    ) -> list[Deadline]:
        """The deadline in a table's time-limit cell: the text rules first, then the bare forms a
        cell may hold on its own (`2024年6月`, `全年`, `长期`), the whole cell as written."""
        found = self.find(text, offset, doc_year, doc_date)
        if found:
            return found
        ref = _reference(doc_year, doc_date)
        parts = [(m.start(1), m.group(1)) for m in _CELL_PART.finditer(text)]
        if len(parts) > 1:  # `1.2024年8月 2.2024年12月`: one bound per sub-item, when each is one
            each = [self._cell_form(part, offset + at, ref, bare_only=True) for at, part in parts]
            if all(each):
                return [d for d in each if d]
        whole = self._cell_form(text.strip(), offset + len(text) - len(text.lstrip()), ref, bare_only=False)
        return [whole] if whole else []

    def _cell_form(self, cell: str, at: int, ref: _Reference, bare_only: bool) -> Deadline | None:
        """`cell` read by the first cell rule it wholly matches; `bare_only` leaves out the
        rule that takes any text as written."""
        for rule in self.rules.by_group("cell"):
            if bare_only and rule.get("as_written"):
                continue
            m = rule.regex.fullmatch(cell)
            if m:
                deadline = Deadline(
                    text=cell,
                    kind=rule.get("deadline_kind", "absolute"),
                    start=at,
                    end=at + len(cell),
                    provenance=f"rule:{rule.id}",
                )
                _normalise(deadline, m, ref)
                return deadline
        return None


def _required_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Characters one of which any match of `pattern` holds, read off its parse (a literal, a
    small class, or one of each branch's, outside any optional part); None when it names none
    or matches without regard to case. Of the text rules that pass the screen, about a third
    could never match a given span, and a set test spares their scan of it."""
    tree = None if pattern.flags & re.IGNORECASE else parse_tree(pattern)
    return None if tree is None else _required_in(tree)


def _required_in(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The smallest required set of any item of a sequence (each item must match)."""
    best: frozenset[str] | None = None
    for op, arg in items:
        found = _required_of(op, arg)
        if found is not None and (best is None or len(found) < len(best)):
            best = found
    return best


def _required_of(op: Any, arg: Any) -> frozenset[str] | None:
    if op is OPS.LITERAL:
        return frozenset(chr(arg))
    if op is OPS.IN:
        chars: set[str] = set()
        for kind, value in arg:
            if kind is OPS.LITERAL:
                chars.add(chr(value))
            elif kind is OPS.RANGE and value[1] - value[0] < 64:
                chars.update(chr(c) for c in range(value[0], value[1] + 1))
            else:  # a negated class, a category (`\d`) or a wide range: anything may stand there
                return None
        return frozenset(chars)
    if op is OPS.SUBPATTERN:
        return _required_in(list(arg[3]))
    if op in (OPS.MAX_REPEAT, OPS.MIN_REPEAT):
        return _required_in(list(arg[2])) if arg[0] >= 1 else None
    if op is OPS.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            found = _required_in(list(branch))
            if found is None:
                return None
            union |= found
        return frozenset(union)
    return None  # a look-around, an anchor, a back-reference: requires no character of its own


@dataclass(frozen=True)
class _Reference:
    """The document's own year and month, what bounds without them resolve against."""

    year: int | None
    month: int | None
    day: int | None = None  # read only by holiday bounds, which fall on a day of their own


def _reference(doc_year: int | None, doc_date: date | str | None) -> _Reference:
    """The document's year, month and day from its date (a date, or ISO text that may be partial
    or empty), else its year alone."""
    if isinstance(doc_date, str):
        found = iso_year_month(doc_date)
        whole = as_date(doc_date[:10]) if found and found[1] else None
        if whole is not None:
            return _Reference(whole.year, whole.month, whole.day)
        return _Reference(*found) if found else _Reference(doc_year, None)
    if doc_date is not None:
        return _Reference(doc_date.year, doc_date.month, doc_date.day)
    return _Reference(doc_year, None)


def _holiday_due(bound: str, ref: _Reference) -> str | None:
    """The day before the holiday a bound names (`春节前`, `2025年中秋节前`, `明年“五一”前`), as ISO
    text: in the year it names, else at the first such holiday on or after the document's date
    (its month's first day when the day is not known: a notice of 6 January asking for `春节前`
    means the coming Spring Festival, one of 10 February asking for `元旦前` the next year's New
    Year). None for a bound named by no holiday with a day (`汛期前`), for a document without a
    month when the bound names no year, or for a year outside the holiday table."""
    m = _HOLIDAY_BOUND.match(bound)
    name = canonical(m["hol"]) if m else None
    if m is None or name is None:
        return None
    if m["y"]:
        year = _year(m["y"], ref)
        day = holiday_in(name, year) if year is not None else None
    elif ref.year is not None and ref.month is not None:
        day = next_holiday(name, date(ref.year, ref.month, ref.day or 1))
    else:
        day = None
    return (day - timedelta(days=1)).isoformat() if day is not None else None


def _before(due: str | None, ref: _Reference) -> bool:
    """Whether `due` lies in a year before the document's own: looking back, not ahead."""
    return due is not None and ref.year is not None and int(due[:4]) < ref.year


def _reading_view(text: str) -> tuple[str, list[int]]:
    """`text` as the rules read it, and for each of its characters (and its end) the index in
    `text`: without mirror-site pinyin (`节(jié)前`), nor the spaces between digits and hanzi
    (`在 2020 年 6 月底前`: a PDF's digits in a Latin font come out spaced, and texts copied from
    PDFs keep them)."""
    cuts = _date_spaces(text)
    if "(" in text or "（" in text:
        cuts = sorted(cuts + [m.span() for m in _PINYIN.finditer(text)])
    if not cuts:
        return text, list(range(len(text) + 1))
    kept: list[str] = []
    back: list[int] = []
    last = 0
    for start, end in cuts:
        kept.append(text[last:start])
        back.extend(range(last, start))
        last = end
    kept.append(text[last:])
    back.extend(range(last, len(text) + 1))
    return "".join(kept), back


def _date_spaces(text: str) -> list[tuple[int, int]]:
    """The runs of spaces in `text` with a digit on one side and a hanzi on the other."""
    if " " not in text and "\u3000" not in text and "\xa0" not in text:
        return []
    cuts: list[tuple[int, int]] = []
    for m in _SPACES.finditer(text):
        start, end = m.span()
        if start == 0 or end == len(text):
            continue
        before, after = text[start - 1], text[end]
        if (before in _DIGITS and _HANZI.match(after)) or (after in _DIGITS and _HANZI.match(before)):
            cuts.append((start, end))
    return cuts


# What joins the two ends of a range written as two bounds: a dash, 至 or 到 (the second end may
# carry its own 至/到: `自即日起至2024年12月31日`).
_RANGE_GAP = _PIECES.regex("range_gap")
_RANGE_OPEN = ("至", "到")


def _join_ranges(found: list[Deadline], text: str, offset: int) -> list[Deadline]:
    """Two bounds written as the ends of one range (`4月上旬至5月底`, `自即日起至2024年12月31日`,
    `今年6月至明年3月`) are one deadline, as written, due at its end: the rules each read one end
    (a part of a month, a start bound) and no range rule names every pairing."""
    out: list[Deadline] = []
    for deadline in found:
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind == "absolute"
            and deadline.kind in ("absolute", "range")
            and last.end is not None
            and deadline.start is not None
            and deadline.end is not None
            and deadline.start >= last.end
        ):
            gap = text[last.end - offset : deadline.start - offset]
            joined = _RANGE_GAP.fullmatch(gap)
            if joined and (joined.group().strip() or deadline.text.startswith(_RANGE_OPEN)):
                out[-1] = Deadline(
                    text=text[(last.start or offset) - offset : deadline.end - offset],
                    kind="range",
                    start=last.start,
                    end=deadline.end,
                    due=deadline.due,
                    provenance=deadline.provenance,
                )
                continue
        out.append(deadline)
    return out


# Two bounds written as one, read apart by two rules: a period and the season or event it recurs
# before (`每年汛期前`, `每年春节前`), an event and the length after it (`在项目验收合格后10日内`) or the
# day before it and that day's hour (`在飞行前1天15时前`).
_SEASON_TAIL = _PIECES.regex("season_tail")
_EVENT_LEAD = _PIECES.regex("event_lead")
_EVENT_TAIL = _PIECES.regex("event_tail")


# A bare period (`每年`, `每季(两个月)`), which a season or event after it may complete (`每年汛期前`).
_PERIOD_HEAD = _PIECES.regex("period_head")


def _join_adjacent(found: list[Deadline]) -> list[Deadline]:
    """Bounds that touch and read as one joined into one, as written: a bare period and a season
    or event without a number after it become one recurring bound with the period's cycle; an
    event's bound (`…后`, `…前1天`) and a length or an hour after it one relative bound, the
    length's duration (else the event's). Read apart, neither names the bound the text sets."""
    out: list[Deadline] = []
    kind: DeadlineKind
    for deadline in found:
        last = out[-1] if out else None
        if last is None or last.end is None or deadline.start != last.end or deadline.end is None:
            out.append(deadline)
            continue
        if (
            last.kind == "recurring"
            and _PERIOD_HEAD.fullmatch(last.text)
            and deadline.kind in ("relative", "term")
            and _SEASON_TAIL.fullmatch(deadline.text)
        ):
            kind, period = "recurring", last.period
        elif (
            last.kind == "relative" and _EVENT_LEAD.search(last.text) and _EVENT_TAIL.fullmatch(deadline.text)
        ):
            kind, period = "relative", deadline.period or last.period
        else:
            out.append(deadline)
            continue
        out[-1] = Deadline(
            text=last.text + deadline.text,
            kind=kind,
            start=last.start,
            end=deadline.end,
            period=period,
            provenance=last.provenance,
        )
    return out


# A window or a list of days each period (`每年1月1日至4月30日`, `每日二十二时至次日八时`, `每年六月底、
# 十二月底以前`): what follows a recurring bound that ends on a day or time.
_RECURRING_ANCHORED = _PIECES.regex("recurring_anchored")
_RECURRING_RANGE = _PIECES.regex("recurring_range")
_RECURRING_LIST = _PIECES.regex("recurring_list")


def _join_recurring(found: list[Deadline], text: str, offset: int) -> list[Deadline]:
    """A recurring bound that ends on a day or time, and the window's end or the other days listed
    after it (`每年8月1日至8月31日`, `每年四月、七月和十月`), are one recurring deadline, as written:
    read apart, the rules take the first day for the bound and the rest for a date of the
    document's year (`至8月31日` → 2024-08-31), or drop it. A bound found inside that tail is
    part of it."""
    out: list[Deadline] = []
    reach = -1  # where the last joined tail ends, in `text`
    for deadline in found:
        start, end = deadline.start, deadline.end
        if start is None or end is None:
            out.append(deadline)
            continue
        if start - offset < reach and end - offset <= reach:
            continue
        if deadline.kind == "recurring" and _RECURRING_ANCHORED.search(deadline.text):
            tail = _RECURRING_RANGE.match(text, end - offset) or _RECURRING_LIST.match(text, end - offset)
            if tail and tail.end() > tail.start():
                reach = tail.end()
                deadline = Deadline(
                    text=text[start - offset : reach],
                    kind="recurring",
                    start=start,
                    end=offset + reach,
                    period=deadline.period,
                    provenance=deadline.provenance,
                )
        out.append(deadline)
    return out


def _drop_scope_years(found: list[Deadline], text: str, offset: int) -> list[Deadline]:
    """Without a year word (`今年`, `全年`) that shares its clause with a dated bound: there it
    names the year of that bound or of a noun (`今年限额内专项债要确保9月底前发行完毕`, `将全年一次性
    奖金…的政策延至2023年底`), and the dated bound is the measure's deadline."""
    if len(found) < 2:
        return found
    dated = [d for d in found if d.kind in ("absolute", "range") and d.text not in _SCOPE_YEARS]
    kept = []
    for deadline in found:
        if deadline.text in _SCOPE_YEARS and any(
            _same_clause(text, deadline, other, offset) for other in dated
        ):
            continue
        kept.append(deadline)
    return kept


def _same_clause(text: str, a: Deadline, b: Deadline, offset: int) -> bool:
    """Whether no clause mark stands between two deadlines of `text`."""
    first, second = sorted((a, b), key=lambda d: d.start or 0)
    gap = text[(first.end or offset) - offset : (second.start or offset) - offset]
    return _CLAUSE_END.search(gap) is None


def _not_a_bound(view: str, m: re.Match[str], rule: Rule) -> bool:
    """A match that names no time bound on work: inside a quoted title, in a `关于…` title, a
    recurrence that names a commemoration day, a daily rate or an estimated yield (`每年三月为植树月`,
    `按日加收滞纳金`, `每年可减轻负担…`), a modifier of a noun (`长期有效的规矩`), ongoing work said
    of its subject (`重点改革持续推进。`), a state reached (`之前已完成…`), a review's result
    (`全年粮食总产157.5亿斤`), a day a count was taken (`截至2023年底，已…`), or in a clause that
    reports a statistic (`1-9月…同比增长`)."""
    before = view[max(0, m.start() - 60) : m.start()]
    if before.rfind(_TITLE_OPEN[0]) > before.rfind(_TITLE_CLOSE[0]) or before.rfind(
        _TITLE_OPEN[1]
    ) > before.rfind(_TITLE_CLOSE[1]):
        return True
    if _TITLE_HEAD.search(view, max(0, m.start() - 14), m.start()):
        return True
    if view.startswith("于", m.start()) and view.endswith("关", 0, m.start()):  # 关于2024年…: a title
        return True
    if (rule.get("deadline_kind") == "recurring" or rule.get("start_bound")) and _NOT_A_CYCLE.match(
        view, m.end()
    ):
        return True
    if _ATTRIBUTIVE.fullmatch(view, m.start(), m.end() + 1) or _PROGRESS_PREDICATE.fullmatch(
        view, m.start(), m.end() + 1
    ):
        return True
    if rule.get("group") in _ROLLING:
        return False
    if _DONE_STATE.match(view[m.end() : m.end() + 4]) or _reports_a_result(view, m):
        return True
    as_of = any(view.startswith(("截至", "截止"), at) for at in (m.start(), m.start() - 1)) or _AS_OF.search(
        view, max(0, m.start() - 3), m.start()
    )
    if as_of and _AS_OF_REPORT.match(view, m.end()):
        return True
    clause_start = _start_after(view, m.start(), _CLAUSE_MARKS)
    after = _CLAUSE_END.search(view, m.end(), m.end() + _CLAUSE_REACH)
    clause = view[clause_start : after.start() if after else m.end() + _CLAUSE_REACH]
    return bool(_STATISTIC.search(clause))


def _in_annual_cycle(view: str, m: re.Match[str], rule: Rule) -> bool:
    """Whether a dated bound without a year of its own (`5月31日前`, `第一季度`, `次年三月底前`)
    stands in a sentence that names a yearly cycle before it (`每年…`, `上一年度…`, `取得所得的次年`):
    it then falls due every year, so it is recurring (P1Y) with no due date of its own; `next_due`
    reads its month and day. A bound that names its year (`今年9月底前`, `2024年`) stays dated."""
    if rule.get("deadline_kind", "absolute") not in ("absolute", "range") or rule.get("start_bound"):
        return False
    if _OWN_YEAR.search(m.group()):
        return False
    start = _start_after(view, m.start(), _SENTENCE_MARKS)
    return _ANNUAL_CYCLE.search(view, start, m.end()) is not None


def _start_after(view: str, at: int, marks: str) -> int:
    """Where the clause or sentence holding `at` starts: after the last of `marks` within
    `_CLAUSE_REACH` characters before it, else that far back."""
    window = max(0, at - _CLAUSE_REACH)
    return max(view.rfind(p, window, at) for p in marks) + 1 or window


def _names_or_sorts(view: str, m: re.Match[str], rule: Rule) -> bool:
    """Whether a bound is part of a plan's name (`实施规划（2016—2020年）`) or opens a clause that
    describes a noun (`对2021年底前到期的贷款`, `5年内关税减让显著的商品`): it names, dates or sorts
    the noun and bounds no work, and no shorter bound inside it does either. A bound that follows an
    adverbial opener (a clause mark, `于`, `要`, `确保`) sets the time of the work even with a 的 after
    it (`力争7月底前完成项目的审批`), and so does one that opens with a time preposition (`自受理之日起
    20个工作日内作出…的决定`); a period keeps its 的 (`节日期间易发的问题`), and so does a recurrence,
    whose 的 sits in its object (`每年进行不少于一次的检测`, `每天至少一小时的锻炼`). A length is
    mostly an actor's time limit, its 的 in the object (`在批准用地一年内组织开垦新的耕地`): it describes
    a noun only where it stands in a noun's place (`以一个月内取得的收入为一次`, `…的商品和5年内关税减让
    显著的商品`) or where its clause closes on the 的 as a condition (`一年内违法超过三次的，`)."""
    if _TITLE_YEARS.search(view, max(0, m.start() - _OPENER_REACH * 2), m.start()):
        return True
    clause = _MODIFIER_CLAUSE.match(view[m.end() : m.end() + _CLAUSE_READ])
    if (
        clause is None
        or rule.get("deadline_kind") == "recurring"
        or m.group().endswith(_PERIOD_ENDS)
        or m.group().startswith(_TIME_PREPOSITIONS)
    ):
        return False
    before = view[max(0, m.start() - _OPENER_REACH) : m.start()]
    if rule.get("deadline_kind") == "relative" and not (
        _NOUN_SLOT.search(before) or _CLAUSE_END.match(view, m.end() + clause.end())
    ):
        return False
    return not _ADVERBIAL_OPENER.search(before)


def _reports_a_result(view: str, m: re.Match[str]) -> bool:
    """Whether a year named without a number (`全年`, `今年`, `年内`, `年末`, not `年底前`) heads a
    clause that reports an exact figure (`全年接待游客1451万人次`): a work report's review of the
    year past, whose results the rules would otherwise read as targets bounded by the year. A
    target is written round or with its cue (`力争全年…`, `…以上`), and keeps its year."""
    bound = m.group()
    if "年" not in bound or any(c.isdigit() for c in bound) or bound.endswith("前"):
        return False
    if view.endswith(("力争", "争取", "确保", "计划"), 0, m.start()):
        return False
    return _REPORTED_FIGURE.match(view[m.end() : m.end() + _FIGURE_REACH]) is not None


def _takes_effect(view: str, m: re.Match[str], rule: Rule) -> bool:
    """Whether a date is the day a text or an agreement takes effect (`于2024年1月1日起施行。`,
    `将于明年1月1日生效实施。`), or a start bound the day a legal status or a count begins
    (`自登记之日起取得`, `自…之日起计算`): the document's own date or a rule of law, no bound on work. A bound that ends in 前
    or 内 (`6月30日前实施。`) still bounds the work, and a rolling bound names no day."""
    if rule.get("start_bound") and _LEGAL_STATE.match(view, m.end()):
        return True
    if rule.get("group") in _ROLLING or m.group().endswith(_BOUND_ENDS):
        return False
    return _TAKES_EFFECT.match(view, m.end()) is not None


def _normalise(deadline: Deadline, m: re.Match[str], ref: _Reference) -> None:
    groups = {k: v for k, v in m.groupdict().items() if v}
    if deadline.kind == "recurring":
        deadline.period = _period(groups)
    elif deadline.kind == "relative":
        n_text = groups.get("n") or groups.get("n2") or groups.get("n3", "")
        unit = _UNITS.get(groups.get("unit") or groups.get("unit2") or groups.get("unit3", ""))
        if "half" in groups or n_text == "半":  # 半年 → six months, 半个月 → fifteen days
            n_text, unit = ("6", "M") if unit == "Y" else ("15", "D") if unit == "M" else ("", unit)
        n = cn_digits_to_int(n_text)
        if n and unit:
            deadline.period = f"PT{n}H" if unit == "H" else f"P{n}{unit}"
            if "y" in groups and unit in ("Y", "M"):
                deadline.due = _add(int(groups["y"]), int(groups.get("m", "1")), n, unit)
    elif deadline.kind == "range":
        end = dict(groups)
        if "y2" not in groups:  # `2024年3月至2025年底`: the end names its own year
            end.setdefault("y", groups.get("y1", ""))
        if "m" not in end and "d" not in end and "d0" in groups:
            end["m"], end["d"] = groups.get("m1", ""), groups["d0"]
        if not end.get("y") and "m1" in groups and "m" in groups:  # `12月20日至1月10日`: over the year's turn
            first = _year(groups.get("y1"), ref)
            if first is not None and cn_digits_to_int(groups["m"]) < cn_digits_to_int(groups["m1"]):
                end["y"] = str(first + 1)
        deadline.due = _due({k: v for k, v in end.items() if v}, ref)
    elif deadline.kind == "absolute":
        deadline.due = _due(groups, ref)


def _period(groups: dict[str, str]) -> str | None:
    """`每三年` → P3Y, `每两个月` → P2M, `每季度` → P3M."""
    if "n" in groups and "unit" in groups:
        n = cn_digits_to_int(groups["n"])
        unit = groups["unit"]
        if not n:
            return None
        if unit == "季度":
            return f"P{3 * n}M"
        return f"P{n}{_UNITS.get(unit, 'D')}"
    return _PERIODS.get(groups.get("period") or groups.get("per") or groups.get("per2", ""))


def _add(year: int, month: int, n: int, unit: str) -> str:
    """The last day of the span that starts at year/month and lasts n years or months."""
    months = year * 12 + (month - 1) + (n * 12 if unit == "Y" else n) - 1
    y, mo = divmod(months, 12)
    return f"{y:04d}-{mo + 1:02d}-{calendar.monthrange(y, mo + 1)[1]:02d}"


def _year(year_text: str | None, ref: _Reference) -> int | None:
    if not year_text:
        return ref.year
    if year_text.isdigit():
        return int(year_text)
    if year_text in _NEXT_YEAR:
        return ref.year + 1 if ref.year else None
    if year_text in _THIS_YEAR:
        return ref.year
    return cn_year_to_int(year_text) or None


# How many months before the document's own month a bound without a year may fall and still be
# read in the document's year: a notice signed in December that asks for `2月底前` or `一季度末`
# means the coming February or quarter, while one posted in July that still says `6月底前` was
# written a little before it was signed (or posted).
_LOOKBACK_MONTHS = 3


def _due(groups: dict[str, str], ref: _Reference) -> str | None:
    """The ISO due date a bound's named parts give, or None when the text leaves it open.

    A bound that names no year of its own lies ahead of the document: when it would fall a
    quarter or more before the document's month, it is the next year's (`2月底前` in a December
    notice). Without the document's month nothing is moved."""
    due = _dated(groups, ref)
    if (
        due is None
        or ref.year is None
        or ref.month is None
        or groups.get("y")
        or groups.get("y2")
        or "mpart" in groups
        or "mday" in groups
    ):
        return due
    behind = ref.year * 12 + ref.month - (int(due[:4]) * 12 + int(due[5:7]))
    if behind >= _LOOKBACK_MONTHS:
        return _dated(groups, _Reference(ref.year + 1, ref.month))
    return due


def _dated(groups: dict[str, str], ref: _Reference) -> str | None:
    """The ISO due date a bound's named parts give in the year they name, else the document's."""
    year_text = groups.get("y") or groups.get("y2")
    year = _year(year_text, ref)
    if year is None:
        return None
    if "mpart" in groups or "mday" in groups:  # 月底前, 本月20日前, 下月中旬前: the document's own month
        if ref.month is None:
            return None
        month = ref.month + (1 if groups.get("rm") in ("下", "次") else 0)
        if month > 12:
            year, month = year + 1, 1
        if "mday" in groups:
            day = min(cn_digits_to_int(groups["mday"]), calendar.monthrange(year, month)[1])
            return f"{year:04d}-{month:02d}-{day:02d}" if day >= 1 else None
        return _month_day(year, month, groups["mpart"])
    part = groups.get("part") or groups.get("part2") or groups.get("q")
    if "mid" in groups or "mid2" in groups:
        part = "年中"
    month_text = groups.get("m")
    if month_text:
        month = cn_digits_to_int(month_text)
        if not 1 <= month <= 12:
            return None
        if groups.get("d"):
            day = cn_digits_to_int(groups["d"])
            if not 1 <= day <= 31:
                return None
            return f"{year:04d}-{month:02d}-{min(day, calendar.monthrange(year, month)[1]):02d}"
        if "before" in groups:  # 6月前: before June begins
            return (date(year, month, 1) - timedelta(days=1)).isoformat()
        return _month_day(year, month, part or "")
    if part in _PART_MONTH_DAY:
        month, day = _PART_MONTH_DAY[part]
        return f"{year:04d}-{month:02d}-{day:02d}"
    if year_text:
        return f"{year:04d}-12-31"
    return None


def _month_day(year: int, month: int, part: str) -> str:
    day = _PART_DAY.get(part, calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


# --- next due date of a recurring deadline ----------------------------------------------------

_ANCHOR_DATE = _PIECES.regex("anchor_date")
_ANCHOR_DAY = _PIECES.regex("anchor_day")
_ANCHOR_QUARTER = _PIECES.regex("anchor_quarter")
_ANCHOR_WEEKDAY = _PIECES.regex("anchor_weekday")
_ANCHOR_MONTH = _PIECES.regex("anchor_month")
_ANCHOR_WEEK = _PIECES.regex("anchor_week")
_ANCHOR_WORKDAY = _PIECES.regex("anchor_workday")
_ANCHOR_AFTER_END = _PIECES.regex("anchor_after_end")
_ANCHOR_HOLIDAY = _PIECES.regex("anchor_holiday")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_PERIOD = re.compile(r"^P(?:(?P<n>\d+)(?P<unit>[YMWD]))$")


def next_due(deadline: Deadline | Mapping[str, Any], as_of: date | str) -> str | None:
    """The next day on or after `as_of` by which a recurring deadline falls due, as ISO text.

    `每月25日前` → the coming 25th; `每季度末` → the end of the current quarter; `每年3月31日前`
    → the coming 31 March; `每季度第一个月10日前` → the coming 10 January, April, July or October;
    `每月的第一周内` → the coming 7th; `每月最后一个工作日` → the coming last weekday of a month (no
    holiday calendar is read); `每季度终了之日起十五日内` → 15 days after the last quarter's end or
    the coming one's; a bare `每年` or `每半年` → the end of the current year or half-year;
    `每周五前` → the coming Friday; `每日` → `as_of` itself; `每年春节前`, `每年“七一”前` → the day
    before the coming holiday, as a one-off `春节前` is dated. None for a deadline that does not
    recur, or whose period the text does not give, or a holiday past the holiday table's years."""
    kind: str | None
    period: str | None
    if isinstance(deadline, Deadline):
        kind, text, period = deadline.kind, deadline.text, deadline.period
    else:
        kind, text, period = deadline.get("kind"), str(deadline.get("text") or ""), deadline.get("period")
    if kind != "recurring" or not period:
        return None
    day0 = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of)[:10])
    spec = _PERIOD.match(period)
    if spec is None:
        return None
    n, unit = int(spec["n"]), spec["unit"]
    holiday = _ANCHOR_HOLIDAY.search(text) if unit == "Y" else None
    if holiday is not None:
        return _holiday_eve(holiday["hol"] or holiday["quoted"], day0)
    months = n * 12 if unit == "Y" else n if unit == "M" else 0
    after = _ANCHOR_AFTER_END.search(text)
    if after and (months or unit == "W"):
        return _after_period_end(day0, months, after).isoformat()
    if months:
        return _next_in_months(text, months, day0).isoformat()
    if unit == "W":
        wd = _ANCHOR_WEEKDAY.search(text)
        target = _WEEKDAYS[wd["wd"]] if wd else 6
        return (day0 + timedelta(days=(target - day0.weekday()) % 7)).isoformat()
    if n <= 1:
        return day0.isoformat()
    return (day0 + timedelta(days=n - 1)).isoformat()


def _holiday_eve(written: str, day0: date) -> str | None:
    """The first eve of the holiday `written` names (`中秋节`, `七一`) on or after `day0`: a yearly
    bound before it falls due the day before its next day, as a one-off bound does (`_holiday_due`).
    Read as the year's end, as `每年` alone is, `每年中秋节前` fell due months late and `每年春节前`
    weeks early."""
    name = canonical(written)
    found = next_holiday(name, day0 + timedelta(days=1)) if name is not None else None
    return (found - timedelta(days=1)).isoformat() if found is not None else None


def _next_in_months(text: str, months: int, day0: date) -> date:
    """The first due day on or after `day0` of a cycle of `months` months aligned to the year
    (quarters end in March, June…; half-years in June and December)."""
    # A month inside a longer period (`每季度第一个月`, `末月`) is read first: its day follows it,
    # and `季度末` before `末月` would read as the period's end.
    within = _ANCHOR_MONTH.search(text) if 1 < months <= 12 else None
    # A window each period falls due at its end (`每年1月1日至4月30日` → 30 April, `每月一日至十日`
    # → the 10th); a list of months at each (`每年四月、七月和十月`).
    window = _RECURRING_RANGE.search(text)
    days: list[tuple[str | None, str | None, str | None]] = []  # (month, day, part) of each named month
    day_anchor: tuple[str | None, str | None] | None = None
    opening = _ANCHOR_DATE.search(text) if window and not window["m"] else None
    if window and window["m"]:
        days = [(window["m"], window["d"], window["part"])]
    elif window and opening:  # `每年3月6日至12日`: the day ends the opening month's window
        days = [(opening["m"], window["d2"], None)]
    elif window:
        day_anchor = (window["d2"], None)
    elif within is None:
        days = [(a["m"], a["d"], a["part"]) for a in _ANCHOR_DATE.finditer(text)]
    if day_anchor is None:
        found_day = _ANCHOR_DAY.search(text)
        day_anchor = (found_day["d"], found_day["part"]) if found_day else None
    quarter = _ANCHOR_QUARTER.search(text) if months == 12 and not days and within is None else None
    if quarter:  # 每年第一季度: due at that quarter's end, every year
        last = 3 * cn_digits_to_int(quarter["q"])
        due = _anchored_day(day0.year, last, None, None)
        return due if due >= day0 else _anchored_day(day0.year + 1, last, None, None)
    for step in range(0, 12 * 3 + months * 2):
        index = day0.year * 12 + day0.month - 1 + step
        year, month0 = divmod(index, 12)
        month = month0 + 1
        if within:  # the k-th month of each period aligned to the year, on its day
            if (month - _month_of_period(within, months)) % months:
                continue
            candidate = _anchored_day(year, month, within["d"], within["part"])
        elif days:  # named months: each falls due that month, every `months` months from it
            due_days = [
                _anchored_day(year, month, d, part)
                for m, d, part in days
                if not _off_cycle(month, cn_digits_to_int(m or ""), months)
            ]
            due_days = [d for d in due_days if d >= day0]
            if not due_days:
                continue
            candidate = min(due_days)
        else:  # the period's last month, or every month of a monthly cycle
            if months > 1 and month % min(months, 12) != 0:
                continue
            candidate = _day_of_month(year, month, text, day_anchor)
        if candidate >= day0:
            return candidate
    return day0


def _off_cycle(month: int, first: int, months: int) -> bool:
    """Whether a cycle of `months` months from month `first` skips `month`."""
    return bool((month - first) % months) if months <= 12 else month != first


def _anchored_day(year: int, month: int, day_text: str | None, part: str | None) -> date:
    last = calendar.monthrange(year, month)[1]
    if day_text:
        return date(year, month, min(max(cn_digits_to_int(day_text), 1), last))
    return date(year, month, _PART_DAY.get(part or "", last))


def _after_period_end(day0: date, months: int, after: re.Match[str]) -> date:
    """The first day on or after `day0` that falls the counted days after a period's end (weeks
    end on Sunday; periods of months are aligned to the year, as in `_next_in_months`): the
    period just ended may still be open (`每季度终了之日起十五日内` on 5 April → 15 April)."""
    if not months:
        end = day0 - timedelta(days=day0.weekday() + 1)  # last Sunday
        while (due := _counted_from(end, after)) < day0:
            end += timedelta(days=7)
        return due
    first = day0.year * 12 + day0.month - 1 - months
    for step in range(months * 2 + 12):
        year, month0 = divmod(first + step, 12)
        if (month0 + 1) % min(months, 12):
            continue
        due = _counted_from(date(year, month0 + 1, calendar.monthrange(year, month0 + 1)[1]), after)
        if due >= day0:
            return due
    return day0


def _counted_from(end: date, after: re.Match[str]) -> date:
    """`end` moved on by the count a recurring bound names after it: days, weekdays (no holiday
    calendar is read) or months (to that month's end); `end` itself without a count."""
    n = cn_digits_to_int(after["n"]) if after["n"] else 0
    unit = after["unit"] or ""
    if unit in ("个月", "月"):
        y, m0 = divmod(end.year * 12 + end.month - 1 + n, 12)
        return date(y, m0 + 1, calendar.monthrange(y, m0 + 1)[1])
    if unit != "工作日":
        return end + timedelta(days=n)
    day = end
    while n > 0:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return day


def _month_of_period(within: re.Match[str], months: int) -> int:
    """Which month of a period of `months` months a recurring bound names: `第一个月`, `首月` → 1,
    `末月`, `最后一个月` → the last (1 to `months`)."""
    if within["first"]:
        return 1
    if within["last"]:
        return months
    return min(max(cn_digits_to_int(within["k"]), 1), months)


def _day_of_month(year: int, month: int, text: str, day_anchor: tuple[str | None, str | None] | None) -> date:
    """The day a recurring bound falls due in a month it falls due in: the day or part it names
    (`每月的10日前`, `每月中旬`), the end of the week it names (`每月的第一周内` → the 7th), its
    working day (`每月最后一个工作日`, `每月前5个工作日内`: weekdays, no holiday calendar), else
    the month's last day."""
    if day_anchor:
        return _anchored_day(year, month, *day_anchor)
    last = calendar.monthrange(year, month)[1]
    week = _ANCHOR_WEEK.search(text)
    if week:
        return date(year, month, last if week["last"] else min(7 * cn_digits_to_int(week["wk"]), last))
    workday = _ANCHOR_WORKDAY.search(text)
    if workday is None:
        return date(year, month, last)
    weekdays = [d for d in range(1, last + 1) if date(year, month, d).weekday() < 5]
    if workday["last"]:
        return date(year, month, weekdays[-1])
    return date(year, month, weekdays[min(max(cn_digits_to_int(workday["n"]), 1), len(weekdays)) - 1])
