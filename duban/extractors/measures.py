"""Measures by rule: task-table rows, leaf items that prescribe action, and directive sentences.

The three shapes follow the extraction contract: a row of a task-division table is one measure
(its unit and deadline cells belong to it); an itemised measure is the lowest item's whole text;
in prose, each directive sentence (or `；` clause with its own action) is one measure. Which text
prescribes action is decided by the rule groups of `rules/measures.yaml` (see its header).
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from operator import attrgetter

from duban.base.model import Block, Deadline, Document, Measure, Role, Unit
from duban.base.numerals import cn_digits_to_int
from duban.base.script import to_simplified
from duban.extractors.deadlines import DeadlineFinder
from duban.extractors.prose_model import ProseModel, load_prose_model
from duban.extractors.regex_screen import Search, fast_start, screened, word_screen
from duban.extractors.units import PINYIN, UnitFinder
from duban.pipeline.layout import GroupMatcher, group_pattern, owner_of, plain, plain_view
from duban.pipeline.layout_markers import TERMINAL
from duban.pipeline.structure import clause_spans, match_marker
from duban.pipeline.table_columns import cell_date_pattern, cell_type, column_role
from duban.rules.ruleset import RuleFile, load_rule_file

log = logging.getLogger(__name__)

# Word lists read as a whole (`rules/measures.yaml`); the finder's own rules are loaded with it.
# The groups read at import, checked at load so that a misspelt group is an error there.
_RULES = load_rule_file("measures").require(
    (
        "enumeration_colon",
        "minutes_list",
        "enumerator_opening",
        "comma_first_part",
        "inline_item",
        "not_heading",
        "condition_modal",
        "own_assignment",
        "head_date",
        "progress_goal",
    )
)
# The `minutes` rule for a requirement voiced after a lead (`…，强调各单位要…`), spared the veto in a
# report (`_decided`).
_LEAD_VOICE = "rule:" + _RULES.rule("measure.attributed_lead.v1").id
# A titled paragraph of a report's plan part taken by its layout alone (`_titled_paragraph`): a task
# by its form, as a numbered item is, which the veto does not read.
_PLAN_ITEM = "rule:" + _RULES.rule("measure.plan_item.v1").id
_CELL_SPLIT = re.compile(r"[、，,；;/\s]+")
# A colon that opens an enumeration (`提出要求：一是…`): the lead-in is not part of the first clause.
_ENUM_COLON = _RULES.regex("enumeration_colon")
# A meeting's cue that opens an enumeration after a comma (`会议确定，一是…`), as a colon does.
_MINUTES_LIST = _RULES.by_group("minutes_list")[0]
# An item whose line also holds the next items (`一、…。二、…`), flattened by a web page.
_INLINE_ITEM = _RULES.regex("inline_item")
# An enumerator that opens a part of a paragraph, at its head or after a sentence, clause or colon.
_ENUMERATOR = _RULES.regex("enumerator_opening")
# A list's first part said after a comma in its opening sentence (`会议确定，一是…。二是…`).
_COMMA_FIRST = _RULES.regex("comma_first_part")
_SENTENCE = re.compile(r"[^。！？!?\n]+(?:[。！？!?]+[”’」』）)]*)?")
_MIN_MEASURE = 8
# What may stand beside a time in a cell of a column with an unknown name (`6月底前完成`): figures,
# separators and up to four other characters.
_CELL_TIME = re.compile(r"[\d\s.\-/~～—－]")
_CELL_TIME_REST = 4
_ITEM_CONFIDENCE = 0.9
# What stands in a list under a duty's lead-in: items, sub-items the layout reads as headings (they
# hold items of their own), and an item's label lines.
_LIST_KINDS = ("item", "heading", "label")
# A paragraph that opens with a short directive sentence (`进一步加强法治建设。…`) uses it as its
# lead-in title, as an item does: it belongs to the measure that follows.
_LEAD_IN = 16
# A short title sentence that opens a paragraph makes the paragraph one measure (`一是加快项目建设。…`).
_TITLE_SENTENCE = 24
# How far after a block its label lines may run (`牵头单位：`, `责任人：`, `完成时限：` …).
_LABELS_MAX = 8
# How many sibling items (and blank lines) an item looks back over for its list's lead-in.
_LEAD_IN_ITEMS = 40
# Units a measure names itself (its clause subject, a label line, a bracketed marker, the agent of
# `由X…`, a body it sets up: `三是由A、B组成专项整治组，…`): with one of them it inherits no subject
# from an earlier clause, which would make a unit answer for work the clause gives to another.
_OWN_SUBJECT = (
    "rule:unit.clause_start",
    "rule:unit.label",
    "rule:unit.paren",
    "rule:unit.by_actor",
    "rule:unit.set_up",
)
# Lines that stand alone without being a heading: a date, a signature, a document's or an
# annex's title (they end in a genre word or an issuer's suffix).
_NOT_HEADING = _RULES.regex("not_heading")
# The condition a requirement is addressed to, closed by `的` before its modal (`已建立制度框架的，要…`,
# `已建立台账的单位，要…`).
_CONDITION_MODAL = _RULES.regex("condition_modal")
# A clause that names a task and who leads it: `X由Y牵头(，Z落实)`, `X由Y负责`.
_OWN_ASSIGNMENT = _RULES.regex("own_assignment")
# A progress word made the goal of a requirement by a modal or a time bound before it.
_PROGRESS_GOAL = _RULES.regex("progress_goal")
# The provenance of a measure that the learned model found in prose the rules left out.
_MODEL_PROVENANCE = "model:prose_lr.v1"
# The rule groups whose presence is a feature of a sentence for the learned model.
_MODEL_GROUPS = (
    "directive", "action", "minutes", "minutes_weak", "marked", "reject", "reject_prose", "progress",
    "nominal", "principles", "problem", "meeting_done", "enumerator", "modal_opening", "imperative",
    "unit_predicate", "subject_modal", "plan_opening",
)  # fmt: skip
_HEAD_DATE = _RULES.regex("head_date")
# A result an account states as reached (`入选…`, `增长8%。`); an item with this many and no modal
# or target word is an account.
_ACCOUNT_DONE = _RULES.regex("account_done")
_ACCOUNT_RESULTS = 2
# A heading is at most this long (a longer line is a paragraph, or a heading glued to one).
_HEADING_MAX = 30
# How far into a paragraph a report's plan part may be opened by its general requirement
# (`2024年是…的关键一年，做好今年工作至关重要。政府工作的总体要求是：`).
_PLAN_LEAD = 80
# Measures that are tasks by their form (an item with label lines), wherever they stand.
_FORM_PROVENANCE = ("rule:layout.label_line.v4", "rule:measure.column_task.v1")
# Every feature `_costly_features` can give (for the veto's bound).
_COSTLY = (*("g:" + group for group in _MODEL_GROUPS), "u0", "dl")
# How far below the threshold's logit a clause's ceiling must be before it is left out unscored: the
# model sums float32 weights, whose rounding over a few hundred features is far smaller than this.
_BOUND_MARGIN = 0.05

# The groups of `rules/measures.yaml` this finder reads (checked when the file is loaded).
_GROUPS = (
    "column_task", "column_lead", "column_co", "column_units", "column_deadline", "column_unnamed", "item_end",
    "marker_line", "first_is_lead", "directive", "action", "minutes", "minutes_weak", "marked",
    "reject", "reject_prose", "progress", "nominal", "principles", "problem", "news", "meeting_done",
    "meeting_report", "enumerator", "modal_opening", "imperative", "plan_heading", "plan_opening",
    "review_heading", "unit_predicate", "subject_modal", "dated_action", "account_commitment",
    "condition_case", "plan_lead", "review_request", "statement", "meeting_voice", "voiced_list",
    "list_close", "account_done", "plan_target", "meeting_decision",
    "voiced_request", "attributed_request", "report_voice", "voiced_follow", "next_step", "plan_item"
)  # fmt: skip


def _past_pinyin(text: str) -> str:
    """`text` without the pinyin mirror sites insert after characters (`應(yīng)當(dāng)`), read past
    so that it hides no cue of a rule group."""
    return PINYIN.sub("", text) if "(" in text and PINYIN.search(text) else text


# What ends a clause that may stand apart as a measure of its own (`_opens_clause`).
_CLAUSE_END = tuple("。；;！？!?")


@dataclass
class MeasureFinder:
    rules: RuleFile
    units: UnitFinder
    deadlines: DeadlineFinder
    # The learned decision for the prose the rules leave out (`prose_model`); None: rules only.
    model: ProseModel | None = None

    def __post_init__(self) -> None:
        self._matchers: dict[str, tuple[GroupMatcher, tuple[tuple[str, Search], ...]]] | None = None
        # The `news` rules as `_news` scans whole documents with them: `fast_start`'s form (the
        # same matches), which skips to the characters a match opens with (`(?:^|[。，])日前` among
        # the branches had `re` try every branch at every character: 0.09 s on 733 real documents,
        # 0.05 s so).
        # `_under_principles`' answers by section title, for the document being read.
        self._principled: dict[str, bool] = {}
        self._news_patterns: tuple[re.Pattern[str], ...] = tuple(
            fast_start(rule.regex) for rule in self.rules.by_group("news")
        )
        # The model's buckets of the costly features in the order `_score` finds them, and the
        # logit below which a clause's ceiling leaves it out unscored. Features that raise the
        # score come first (most clauses lack them, and each one lacking lowers the ceiling), the
        # rule groups before the unit and the deadline (a search each, where those cost a finder's
        # pass: on 600 real documents this order took a third off the features' time), the
        # heaviest first.
        self._costly_buckets: list[tuple[float, int, tuple[str, ...]]] = sorted(
            self.model.open_buckets(_COSTLY) if self.model is not None else [],
            key=lambda b: (b[0] < 0, not b[2][0].startswith("g:"), -abs(b[0])),
        )
        self._cut: float = (
            _logit(self.model.threshold) - _BOUND_MARGIN if self.model is not None else math.inf
        )

    @classmethod
    def default(cls, learned: bool = True) -> MeasureFinder:
        rules = load_rule_file("measures").require(_GROUPS)
        model = load_prose_model() if learned else None
        return cls(rules, UnitFinder.default(), DeadlineFinder.default(), model)

    def _has(self, group: str, text: str) -> str | None:
        """The id of the first rule of `group` that matches `text`, if any (inserted pinyin,
        `應(yīng)當(dāng)`, is read past so that it hides no cue)."""
        if "(" in text:  # (`_past_pinyin`'s own test, spared a call on the many texts without)
            text = _past_pinyin(text)
        # Most texts match no rule of a group: one search of the group's joined alternation says so;
        # only on a hit are the rules tried in order, for the id of the first that matches.
        # (A group the file does not declare is an error of `by_group`, through `group_pattern`.)
        matcher, rules = (self._matchers or self._group_matchers).get(group) or (
            group_pattern(self.rules, group),
            tuple((rule.id, rule.regex.search) for rule in self.rules.by_group(group)),
        )
        if not matcher.search(text):
            return None
        for rule_id, search in rules:
            if search(text):
                return rule_id
        return None

    def _holds(self, group: str, text: str) -> bool:
        """Whether a rule of `group` matches `text`: `_has` for a caller that needs no rule id,
        answered by the group's joined matcher alone (it matches exactly when one of the rules
        does), without the rule-by-rule search for the id that follows a hit."""
        if "(" in text:
            text = _past_pinyin(text)
        return bool((self._matchers or self._group_matchers)[group][0].search(text))

    @property
    def _group_matchers(self) -> dict[str, tuple[GroupMatcher, tuple[tuple[str, Search], ...]]]:
        """Each group's joined matcher and its rules' (id, search), built on first use and kept in
        `_matchers` (a field, not `functools.cached_property`, which a class compiled by mypyc has
        no instance dictionary for: it would build them again on every call)."""
        if self._matchers is None:
            self._matchers = self._build_group_matchers()
        return self._matchers

    def _build_group_matchers(self) -> dict[str, tuple[GroupMatcher, tuple[tuple[str, Search], ...]]]:
        """Each group's joined matcher and its rules' (id, search), looked up once per finder:
        `_has` is asked some 900 times per document, and this spares it two calls each time.
        Both are screened by the words a match needs. The matcher where `re` cannot skip through a
        text (`word_screen`: `reject`, `directive` and `minutes` open with lookbehinds and negated
        runs, tried at every position of the many texts they do not match), each rule as progress
        screens its rules (`screened`), for the texts the matcher lets through. On 586 real
        documents this took some 0.45 s of CPU (9%) off the finder, with the same answers."""
        return {
            group: (
                group_pattern(self.rules, group).screened(word_screen),
                tuple((rule.id, screened(rule.regex)) for rule in self.rules.by_group(group)),
            )
            for group in self.rules.groups
        }

    def _news(self, text: str) -> bool:
        """Whether `text` reads as a news report: two matches of the `news` rules (counting
        stops at the second, as more say nothing more)."""
        # Loops, not a generator read twice with `next`: mypyc compiles that generator as a list,
        # every match of every rule found before the first is read.
        found = 0
        for pattern in self._news_patterns:
            for _ in pattern.finditer(text):
                found += 1
                if found == 2:
                    return True
        return False

    def _year(self, doc: Document) -> int | None:
        """The year that resolves `年底前`: the document's (`_document_year`), else, in a report, the
        year its plan part is for (`plan_year`): a work report delivered at a session prints no
        date, yet its plan part is headed by the year its tasks are for (`二、2024年重点工作`), and
        those tasks' `6月底前`, `年底前` had no due date in the ledger."""
        year = _document_year(doc)
        if year is None and doc.meta.kind == "report":
            year = plan_year(doc, self.rules)
        return year

    def find(self, doc: Document) -> list[Measure]:
        self._principled.clear()
        text = doc.analysis_text
        year = self._year(doc)
        news = self._news(text)
        plans = plan_sections(doc, self.rules)
        first_is_lead = bool(self._has("first_is_lead", text))
        blocks = doc.blocks
        extents = _extents(blocks)
        measured: set[int] = set()
        measures: list[Measure] = []
        # A bare heading line over a paragraph (`强化组织保障` / `各部门要…。`) opens the measure
        # that opens the paragraph, as a numbered heading opens its body: paragraph start -> heading.
        headed: dict[int, int] = {}
        # The first line of text is the document's title, never a heading of its first paragraph.
        first = next((i for i, b in enumerate(blocks) if b.kind not in ("chrome", "label")), 0)
        headline = _headline(doc)
        for index, block in enumerate(blocks):
            if block.kind in ("chrome", "label") or block.role == "group":
                continue
            if headline and plain(text[block.start + len(block.marker) : block.end]).strip() == headline:
                # The document's own title, where a page repeats it as a headline (`• 关于…的通报`
                # over the text): no measure, nor the heading of one; what follows it is read as it is.
                continue
            if index > first and _bare_heading(text, blocks, index):
                headed[blocks[index + 1].start] = block.start
                continue
            if block.role in ("body", "condition") and owner_of(blocks, index) in measured:
                continue
            mode = self._mode(doc, block.start, news, plans)
            end = extents.get(index, block.end)
            if end > block.end and block.kind != "table_row":
                closed = self._closed_item(doc, index, end, year, first_is_lead)
                if closed:
                    measures += closed
                    measured.add(index)
                    continue
                region = self._region(doc, index, end, year, mode, first_is_lead)
                if region:
                    measures.append(region)
                    measured.add(index)
                    continue
            if block.kind == "table_row":
                measure = self._table_row(doc, index, year, first_is_lead)
                if measure:
                    measures.append(measure)
            elif block.kind in ("item", "heading") and not block.marker.endswith("是"):
                measures += self._item_block(doc, block, year, mode, first_is_lead)
            elif block.kind == "paragraph" and self._has(
                "marker_line", text[block.start : block.end].strip()
            ):
                last = measures[-1] if measures else None
                if last and not text[last.end : block.start].strip() and last.confidence >= _ITEM_CONFIDENCE:
                    grown = self._measure(
                        doc,
                        last.start,
                        block.end,
                        last.provenance[0],
                        None,
                        None,
                        year,
                        first_is_lead,
                        "item",
                    )
                    measures[-1] = grown or last
                else:
                    measures += self._prose_span(
                        doc, block.start, block.end, year, mode, first_is_lead, marked=True
                    )
            elif block.kind == "paragraph" and (
                self._has("marked", text[block.start : block.end])
                or self.units.closing_marker(text[block.start : block.end])
            ):
                measures += self._prose_span(
                    doc, block.start, block.end, year, mode, first_is_lead, marked=True
                )
            else:
                measures += self._prose_span(doc, block.start, block.end, year, mode, first_is_lead)
        for measure in measures:
            if measure.start in headed:
                measure.start = headed[measure.start]
                measure.text = doc.text[measure.start : measure.end]
        if self.model is not None:
            measures = self._learned(doc, measures, year, first_is_lead, news, plans)
        # A case of a condition listed under its rule (`有下列情形之一的，予以撤销：` / `（二）逾期未整改的；`)
        # prescribes nothing by itself: it belongs to its rule, which is the measure if any.
        measures = [m for m in measures if not self._has("condition_case", m.text.strip())]
        measures = self._duty_lists(doc, measures, year, first_is_lead)
        if plans and doc.meta.kind == "report":
            measures = [m for m in measures if m.start >= plans[0][0] or self._stated_in_account(doc, m)]
        elif doc.meta.kind == "report":
            measures = [m for m in measures if not self._account_item(m)]
        measures.sort(key=lambda m: m.start)
        return measures

    def _duty_lists(
        self, doc: Document, measures: list[Measure], year: int | None, first_is_lead: bool
    ) -> list[Measure]:
        """`measures` with each duty stated over a list of things made one measure with its items.

        A statute's article states a duty over an enumerated list (`经营者应当公示下列信息：` /
        `（一）营业执照；（二）收费标准。`): the items are the duty's objects or conditions, no acts,
        so none is a measure, and the lead-in alone (or, a heading over its items, nothing at all)
        would be. The spec makes a sentence with one action and a list of objects one measure: the
        lead-in through its last item (the blocks under it in the layout). Where an item is a
        measure itself (`（一）不得销售…`), the list holds acts and is left as it is."""
        blocks = doc.blocks
        text = doc.analysis_text
        for index, block in enumerate(blocks):
            if (
                block.kind not in ("item", "heading", "paragraph")
                or index + 1 >= len(blocks)
                or text[block.start : block.end].rstrip()[-1:] not in ("：", ":")
            ):
                continue
            last = _list_end(blocks, index)
            if last is None:
                continue
            rule = self._has("duty_list", text[block.start + len(block.marker) : block.end].strip())
            if rule is None:
                continue
            end = blocks[last].end
            # A measure on an item (the list's acts), or one that crosses the lead-in's edges; but
            # one that opens on the last item and runs on (the article's next paragraph, which the
            # layout hung under that item as its body) is that paragraph's own measure, cut there.
            crossing = [
                m
                for m in measures
                if m.start < end
                and m.end > block.start
                and not (m.start >= block.start and m.end <= block.end)
            ]
            hung = [m for m in crossing if m.start >= blocks[last].start and m.end > end]
            # Under a lead-in to a list of things, an item the rules took (`（三）拆除施工方案；`) is one
            # of the things, no act: it goes into the lead-in's measure, where the list is items only
            # (a paragraph among them may open a list of its own).
            things = (
                [m for m in crossing if m.start >= blocks[index + 1].start and m.end <= end]
                if self._has("things_lead", text[block.start : block.end].strip())
                and all(b.kind == "item" for b in blocks[index + 1 : last + 1])
                else []
            )
            if len(hung) + len(things) != len(crossing):
                continue
            # The lead-in is the line's last sentence: a duty said before it in the same line
            # (`…应当在三日内交付决定书。决定书应当载明下列事项：`) stays a measure of its own.
            stop = max(text.rfind(ch, block.start, block.end) for ch in "。！？!?")
            start = stop + 1 if stop >= 0 else block.start
            measure = self._measure(doc, start, end, f"rule:{rule}", None, None, year, first_is_lead, "item")
            if measure is None:
                continue
            kept: list[Measure] = []
            for m in hung:
                gap = text[end : m.end]
                rest = end + len(gap) - len(gap.lstrip())
                shape = "item" if m.confidence >= _ITEM_CONFIDENCE else "prose"
                after = self._measure(
                    doc, rest, m.end, m.provenance[0], None, None, year, first_is_lead, shape
                )
                kept += [after] if after else []
            for m in measures:
                if m in hung or m in things:
                    continue
                if not (m.start >= block.start and m.end <= block.end) or m.end <= start:
                    kept.append(m)
                elif m.start < start:
                    shape = "item" if m.confidence >= _ITEM_CONFIDENCE else "prose"
                    before = self._measure(
                        doc, m.start, start, m.provenance[0], None, None, year, first_is_lead, shape
                    )
                    kept += [before] if before else []
            measures = [*kept, measure]
        return measures

    def _stated_in_account(self, doc: Document, measure: Measure) -> bool:
        """Whether `measure`, found before a report's first plan section, is a requirement there.

        A report that sets out its tasks to come under a plan heading (`二、2024年工作安排`) gives
        an account of work done before it: titled items there (`（三）聚焦链条经济，产业转型成效显著。`,
        `一是深化法治建设。…出庭应诉率100%`) read like tasks but report results, and are progress.
        What the account still requires is said as such, a modal at the head of the opening sentence
        (`我们将深刻汲取教训，…`, `各单位要…`). Items with label lines are tasks by form."""
        if measure.provenance and measure.provenance[0] in _FORM_PROVENANCE:
            return True
        text = doc.analysis_text
        first = _SENTENCE.match(text, measure.start, measure.end)
        opening = _strip_enumerator(text[first.start() : first.end()] if first else measure.text)
        marker = match_marker(opening)
        if marker:
            opening = opening[len(marker[0]) :]
        return bool(self._prose_rule(opening, "review") or self._has("account_commitment", opening))

    def _account_item(self, measure: Measure) -> bool:
        """Whether `measure`, in a report where no plan part was found, is an item of its account.

        A work report cut after its review, or one whose plan heading a flattened page glued into a
        paragraph, gives no plan part to read its account against (`_stated_in_account`): its review's
        items still open like tasks (`扎实推进重点领域改革。`) and go on with what was reached (`建成…`,
        `增长8%。`). An item that states several results and requires nothing anywhere is progress."""
        text = measure.text
        if len(_ACCOUNT_DONE.findall(text)) < _ACCOUNT_RESULTS:
            return False
        # A plan's item names results too, as targets: with a modal (`力争`, `确保`) or a target
        # word (`左右`); an account's item has neither anywhere.
        return not (self._has("directive", text) or self._has("plan_target", text))

    def _learned(
        self,
        doc: Document,
        measures: list[Measure],
        year: int | None,
        first_is_lead: bool,
        news: bool,
        plans: list[tuple[int, int]],
    ) -> list[Measure]:
        """`measures` without the prose measures the learned model vetoes, and with the prose
        sentences the rules left out that it scores as measures."""
        assert self.model is not None
        veto = self.model.veto
        candidates = self.prose_candidates(doc, measures, news, plans, prose_covered=veto > 0, costly=False)
        if veto > 0:
            measures = self._vetoed(doc, measures, candidates, veto, year)
        out: list[Measure] = list(measures)
        text = doc.analysis_text
        for start, end, features in candidates:
            if features and features[0] == "cov":
                continue
            score = self._score(text[start:end].strip(), features, year)
            if score is None or score < self.model.threshold:
                continue
            found = self._measure(doc, start, end, _MODEL_PROVENANCE, None, None, year, first_is_lead)
            if found:
                # Below the rules' prose confidence, above the merge's default threshold.
                found.confidence = round(0.5 + 0.25 * score, 3)
                out.append(found)
        return out

    def _score(self, body: str, features: list[str], year: int | None) -> float | None:
        """The model's probability that a clause the rules left out is a measure, from its cheap
        `features` and its costly ones (`_costly_features`, computed here), or None where it cannot
        reach the model's threshold whatever the costly features still unknown turn out to be.

        Why: most such clauses are background the model scores far below its threshold, and its
        costly features (18 rule groups, a unit at the head, a deadline) were a third of the time
        the learned step took. They are found one at a time (in `_costly_buckets`' order), each
        taking its weight off the ceiling the rest can still reach (`ProseModel.open_buckets`);
        once that ceiling is below the threshold's logit, less `_BOUND_MARGIN`, the score the full
        features give is below the threshold too, and the clause is left out as it was. A clause
        still open after that is scored with all its features (the same sorted buckets `logit`
        sums). On 600 real documents 95% of the clauses were decided so, with two fifths of the
        questions."""
        model = self.model
        assert model is not None
        present = model.buckets(features)
        unknown = [bucket for bucket in self._costly_buckets if bucket[1] not in present]
        ceiling = model.logit_of(present) + sum(weight for weight, _, _ in unknown if weight > 0)
        costly = self._costly_feature
        for weight, bucket, names in unknown:
            if ceiling < self._cut:
                return None
            # (a loop, not `any()` over a generator: 36,000 buckets asked on 300 real documents,
            # each of one feature with the shipped model, and a generator's frame per bucket cost
            # more than most of the questions)
            held = False
            for name in names:
                if costly(name, body, year):
                    held = True
                    break
            if held:
                present.add(bucket)
                ceiling += min(weight, 0.0)
            else:
                ceiling -= max(weight, 0.0)
        return None if ceiling < self._cut else model.probability_of(present)

    def _costly_feature(self, name: str, body: str, year: int | None) -> bool:
        """Whether `body` has the costly feature `name` (one of `_COSTLY`), as `_costly_features`
        finds it."""
        if name == "u0":
            return self.units.opening(body) is not None
        if name == "dl":
            return bool(self.deadlines.find(body, 0, year))
        return self._holds(name[2:], body)

    def _vetoed(
        self,
        doc: Document,
        measures: list[Measure],
        candidates: list[tuple[int, int, list[str]]],
        veto: float,
        year: int | None,
    ) -> list[Measure]:
        """`measures` without the prose-shaped ones whose every clause the model scores below
        `veto` (the model's `bare_veto` for a clause under no heading, see below; a measure with no
        scored clause is kept; with the model's `spare_dated`, one with a deadline too; an
        enumerated part of a list is, see `_item_part` and `_listed_part`, and a meeting's decision
        or voiced request, `_decided`). A covered clause comes without its rule group features
        (`prose_candidates(prose_covered=True)`): they are computed only when the other features
        leave the decision open (most rule measures score far above the veto)."""
        model = self.model
        assert model is not None
        veto = min(veto, 1.0 - 1e-9)
        cut = math.log(veto / (1.0 - veto))
        # Untitled prose has its own cut (`ProseModel.bare_veto`), except in a report (its plan part
        # states tasks as plain title sentences) and for an enumerated point (`三是…`, a task by its
        # place in a list): on real text those are tasks more often than not.
        bare = min(model.bare_veto, 1.0 - 1e-9)
        bare_cut = math.log(bare / (1.0 - bare)) if bare > 0 else cut
        seen: set[int] = set()
        kept: set[int] = set()
        prose = [
            (m.start, m.end, i)
            for i, m in enumerate(measures)
            if m.confidence < _ITEM_CONFIDENCE
            and not (model.spare_dated and m.deadlines)
            and not self._item_part(doc, m)
            and not self._listed_part(doc, m)
            and not self._decided(doc, m)
        ]
        for start, end, features in candidates:
            if not features or features[0] != "cov":
                continue
            owners = [i for s, e, i in prose if s < end and start < e]
            seen.update(owners)
            if not owners or all(i in kept for i in owners):
                continue
            features = features[1:]
            limit = cut
            if (
                bare_cut != cut
                and "sec:0" in features
                and "dk:report" not in features
                and not self._has("enumerator", doc.analysis_text[start:end].strip())
            ):
                limit = bare_cut
            body = doc.analysis_text[start:end].strip()
            if not self._passes_veto(body, features, limit, year):
                continue
            kept.update(owners)
        dropped = seen - kept
        if dropped:
            log.debug("prose model vetoes %d rule measures", len(dropped))
        return [m for i, m in enumerate(measures) if i not in dropped]

    def _passes_veto(self, body: str, features: list[str], limit: float, year: int | None) -> bool:
        """Whether a covered clause scores at or above the veto's `limit` (a logit) once its costly
        features are added: `ProseModel.floor` then `logit` over all of them, as the veto reads it,
        where the costly features found one at a time (as `_score` finds them) leave it open.

        Why: each costly feature found narrows the logits the clause can still reach, from below
        (a raising feature present, a lowering one absent) and from above; once that range lies
        wholly on one side of `limit`, with `_BOUND_MARGIN` to spare, the full score lies there
        too. Most rule measures' clauses are decided after the first few rule groups."""
        model = self.model
        assert model is not None
        present = model.buckets(features)
        unknown = [bucket for bucket in self._costly_buckets if bucket[1] not in present]
        base = model.logit_of(present)
        floor = base + sum(weight for weight, _, _ in unknown if weight < 0)
        ceiling = base + sum(weight for weight, _, _ in unknown if weight > 0)
        for weight, _, names in unknown:
            if floor >= limit + _BOUND_MARGIN:
                return True
            if ceiling < limit - _BOUND_MARGIN:
                return False
            if any(self._costly_feature(name, body, year) for name in names):
                floor += max(weight, 0.0)
                ceiling += min(weight, 0.0)
            else:
                floor -= min(weight, 0.0)
                ceiling -= max(weight, 0.0)
        if floor >= limit + _BOUND_MARGIN:
            return True
        if ceiling < limit - _BOUND_MARGIN:
            return False
        # Too close to call on the bounds: the veto's own reading.
        if model.floor(features, _COSTLY) >= limit:
            return True
        return model.logit(features + self._costly_features(body, year)) >= limit

    def _listed_part(self, doc: Document, measure: Measure) -> bool:
        """Whether `measure` is an enumerated part of a list in a minutes paragraph (`会议确定：一是…。
        二是…。三是…。`): a task by its place in the list, as an item line's part is (`_item_part`).
        Read at sentence grain the last part no longer carries the meeting's requirement after it
        (`三是…。会议强调，…`), and alone it reads too plain for the veto, which was learned on
        parts that did. The first part may open after the meeting's cue (`会议确定，一是…`)."""
        if not self.sentence_grain(doc):
            return False
        text = doc.analysis_text
        body = text[measure.start : measure.end]
        if not self._has("enumerator", body.lstrip()[:12]) and not _MINUTES_LIST.regex.search(body):
            return False
        block = _block_at(doc, measure.start)
        if block is None or block.kind != "paragraph":
            return False
        return len(_enumerated(text, block.start, block.end)) >= 2

    def _decided(self, doc: Document, measure: Measure) -> bool:
        """Whether `measure` is a minutes sentence that states what the meeting decided (`会议决定，
        对…实行缓税。`, `会议确定，设立…基金。`) or asks for it in its voice with a modal first
        (`会议指出，要加强…。`, `某某强调，要…`): a measure by its form, which the veto does not
        read. Said plainly, a decision's content reads like the background the model learned to
        drop (a policy's terms, a body set up, a draft sent on), and a voiced request's opening
        (`会议指出，`) weighs against it even where a modal follows; on real read-outs these two
        were 140 of the 290 sentences in the meeting's voice that the veto dropped. So is a voiced
        request whose modal comes late, opening a later clause (`会议指出，…事关民生，要继续用好…`)
        or after who must act (`会议强调，各地要…`, `measure.voiced_late_request.v1`): the judgement
        before it is what the veto reads; on real read-outs each of the 18 it dropped assigned work.

        Outside minutes, a report or a news item voices a body's, a notice's or an official's
        requirement (`某某有关负责人强调，各级机关要…`, `通报要求，各单位要…`,
        `attributed_request`): the veto, learned mostly on what such texts retell, dropped it as
        background in 10 of the real inspection items and news that said one. So is a report's
        plan for what comes next (`下一步，将…`, `next_step`), read as the account around it. So,
        too, is a requirement voiced after a lead (`…传达了…要求，强调各单位要…`, `…发出通报，要求各级…`,
        `_LEAD_VOICE`): its opening is the account the veto learned to drop. And a titled paragraph
        of a report's plan part taken by its layout (`_PLAN_ITEM`): a task by its place, as an item
        is, whose plain verbs are what the model reads."""
        body = doc.analysis_text[measure.start : measure.end].lstrip()
        if not self.sentence_grain(doc):
            return doc.meta.kind == "report" and bool(
                self._has("attributed_request", body)
                or self._has("next_step", body)
                or _LEAD_VOICE in measure.provenance
                or _PLAN_ITEM in measure.provenance
            )
        return bool(self._has("meeting_decision", body) or self._has("voiced_request", body))

    def _item_part(self, doc: Document, measure: Measure) -> bool:
        """Whether `measure` is an enumerated part of an item line (`二、…。一是…。二是…`): a task
        by its place in the item's list, which the veto does not read. The veto's clause there is
        the whole item line (`prose_candidates` reads an item as one clause), scored as the item, so
        a low score would drop every part of a list the item is kept for."""
        block = _block_at(doc, measure.start)
        if block is None or block.kind != "item" or measure.start <= block.start:
            return False
        return bool(self._has("enumerator", doc.analysis_text[measure.start : measure.end].lstrip()[:12]))

    def prose_candidates(
        self,
        doc: Document,
        measures: list[Measure],
        news: bool | None = None,
        plans: list[tuple[int, int]] | None = None,
        covered_too: bool = False,
        prose_covered: bool = False,
        costly: bool = True,
    ) -> list[tuple[int, int, list[str]]]:
        """The clauses of paragraphs (and the item lines) that no measure of `measures` touches,
        each with the features the learned model reads: (start, end, features). `covered_too`
        (for training) also yields the clauses a measure touches, their features marked `cov`
        (first); `prose_covered` (for the veto) yields those a prose-shaped measure touches.
        Without `costly`, no clause comes with `_costly_features` (its caller finds them where
        they can decide, `_score`)."""
        text = doc.analysis_text
        if news is None:
            news = self._news(text)
        if plans is None:
            plans = plan_sections(doc, self.rules)
        year = self._year(doc)
        covered = bytearray(len(text) + 1)
        for m in measures:
            covered[m.start : m.end] = b"\x01" * (m.end - m.start)
        prose = bytearray(len(text) + 1) if prose_covered and not covered_too else None
        if prose is not None:
            for m in measures:
                if m.confidence < _ITEM_CONFIDENCE:
                    prose[m.start : m.end] = b"\x01" * (m.end - m.start)
        # First the clauses of each block and which of them the rules took, for the share of the
        # document's prose the rules took (a feature of every clause), then the features.
        parts: list[tuple[Block, str, list[tuple[int, int]], list[bool]]] = []
        seen = taken = 0
        for block in doc.blocks:
            if block.kind not in ("paragraph", "item") or block.role == "group":
                continue
            mode = self._mode(doc, block.start, news, plans)
            if mode == "news":
                # A news report retells a policy: the rules keep only a meeting's requirements
                # there on purpose, and the model does not overrule that reading.
                continue
            if block.kind == "item":
                clauses = [(block.start, block.end)]
            else:
                clauses = [
                    (s, e)
                    for sentence in _SENTENCE.finditer(text, block.start, block.end)
                    for s, e in self._clauses(text, sentence.start(), sentence.end())
                ]
            # (`find` of a set byte, not `any` over a slice: the same answer without copying the
            # slice and reading it byte by byte in Python's iterator, for every clause)
            flags = [covered.find(1, s, e) >= 0 for s, e in clauses]
            seen += len(clauses)
            taken += sum(flags)
            parts.append((block, mode, clauses, flags))
        # How much of the document's prose the rules took: where they take most of it, what they
        # leave is more often a task said plainly than where they take little.
        share = f"doc:{round(5 * taken / seen) if seen else 0}"
        out: list[tuple[int, int, list[str]]] = []
        for block, mode, clauses, flags in parts:
            if block.kind == "item" and flags[0] and not covered_too and prose is None:
                continue
            if not any(self._wanted(flags[i], prose, s, e, covered_too) for i, (s, e) in enumerate(clauses)):
                continue  # no clause read: no context built (seven blocks in ten on 300 real documents)
            context = [
                "k:" + block.kind,
                "r:" + block.role,
                "m:" + mode,
                f"dk:{doc.meta.kind}",
                f"km:{doc.meta.kind}:{mode}",
                f"lvl:{min(block.level, 4)}",
                f"sec:{min(len(block.section), 3)}",
                f"n:{min(len(clauses), 5)}",
                share,
            ]
            if block.section:
                title = block.section[-1][:24]
                context += ["s:" + title[i : i + 2] for i in range(len(title) - 1)]
            for i, (s, e) in enumerate(clauses):
                body = text[s:e].strip()
                if not self._wanted(flags[i], prose, s, e, covered_too):
                    continue
                if len(body) < _MIN_MEASURE or body.endswith(("：", ":")):
                    continue
                features = ["cov"] if flags[i] else []
                features += context
                features += [
                    f"i:{min(i, 3)}",
                    f"last:{i == len(clauses) - 1}",
                    # How much else of the paragraph the rules took (its own clause left out).
                    f"par:{min(sum(flags) - flags[i], 2)}",
                    f"ratio:{round(4 * (sum(flags) - flags[i]) / len(clauses))}",
                    f"pm:{i > 0 and flags[i - 1]}",
                    f"nm:{i + 1 < len(clauses) and flags[i + 1]}",
                ]
                features += _text_features(body)
                if costly and (not flags[i] or covered_too):
                    # (The veto computes these for a covered clause only when it needs them.)
                    features += self._costly_features(body, year)
                out.append((s, e, features))
        return out

    @staticmethod
    def _wanted(taken: bool, prose: bytearray | None, start: int, end: int, covered_too: bool) -> bool:
        """Whether `prose_candidates` yields the clause [start, end): one no measure touches, or
        (`covered_too`) any, or (with `prose`, the veto's) one a prose measure touches."""
        return not taken or covered_too or (prose is not None and prose.find(1, start, end) >= 0)

    def _costly_features(self, body: str, year: int | None) -> list[str]:
        """The rule groups a sentence matches (`_holds`: a feature names no rule), a unit at its
        head, a deadline in it."""
        features = ["g:" + group for group in _MODEL_GROUPS if self._holds(group, body)]
        if self.units.opening(body) is not None:
            features.append("u0")
        if self.deadlines.find(body, 0, year):
            features.append("dl")
        return features

    def _region(
        self, doc: Document, index: int, end: int, year: int | None, mode: str, first_is_lead: bool
    ) -> Measure | None:
        """One measure over a block and what the layout attached to it: a heading with its body
        (`（一）健全制度框架。` + paragraph), an article with its paragraphs, a rule with its cases,
        or any block with its label lines (`责任单位：…`). A block with label lines is a task by
        its form; the others need the cues of an item (read past the heading's incidental words)."""
        block = doc.blocks[index]
        text = doc.analysis_text
        labelled = any(
            b.kind == "label" and b.parent == index for b in doc.blocks[index + 1 : index + 1 + _LABELS_MAX]
        )
        if labelled and not self._has("principles", text[block.start : block.end]):
            return self._measure(
                doc, block.start, end, "rule:layout.label_line.v4", None, None, year, first_is_lead, "item"
            )
        if block.kind == "paragraph":
            return None
        if mode == "review" and not self._task_heading(text[block.start + len(block.marker) : block.end]):
            # A report's heading that names a part of its account (`一、基本情况`, `二、回访情况`) does not
            # make its body one task: the body is read as prose, requirement by requirement.
            return None
        return self._item(doc, block.start, end, year, mode == "review", first_is_lead, head=block.end)

    def _closed_item(
        self, doc: Document, index: int, end: int, year: int | None, first_is_lead: bool
    ) -> list[Measure]:
        """An item whose own line is a task closed by its unit marker (`3.加快…建设（责任单位：…）`)
        and that the layout gave a body of more lines (a `专栏` box under it, a list of steps): the
        item is complete at its marker, and the body is one measure of its own, under the item's
        rule. Read as the item's text, the body would bury the item's task in a longer one; read
        sentence by sentence, it would break the body's one task into pieces."""
        block = doc.blocks[index]
        text = doc.analysis_text
        if block.kind != "item" or text.count("\n", block.end, end) < 2:
            return []
        if any(
            b.kind == "label" and b.parent == index for b in doc.blocks[index + 1 : index + 1 + _LABELS_MAX]
        ):
            return []
        line = text[block.start + len(block.marker) : block.end].rstrip()
        closing = None
        for rule in self.rules.by_group("item_end"):
            for m in rule.regex.finditer(line):
                if m.end() == len(line) and len(line[: m.start()].strip()) >= _TITLE_SENTENCE:
                    closing = rule.id
        if closing is None or self._has("progress", line):
            return []
        item = self._measure(
            doc, block.start, block.end, f"rule:{closing}", None, None, year, first_is_lead, "item"
        )
        body_start = block.end + 1
        body = self._measure(doc, body_start, end, f"rule:{closing}", None, None, year, first_is_lead, "item")
        return [m for m in (item, body) if m]

    def _task_heading(self, heading: str) -> bool:
        """Whether a heading names a task (an action or a modal), not a topic of an account."""
        return bool(
            self._holds("directive", heading)
            or self._holds("action", heading)
            or self._holds("imperative", heading.strip())
        )

    def _item_block(
        self, doc: Document, block: Block, year: int | None, mode: str, first_is_lead: bool
    ) -> list[Measure]:
        """The measures of a leaf item line: each item it holds (web pages flatten `一、…二、…`
        onto one line), minutes items sentence by sentence, and prose joined after a unit marker or
        in the meeting's voice (`（四）…。会议要求…`, `_meeting_voice`)."""
        text = doc.analysis_text
        out: list[Measure] = []
        for start, end in _inline_items(text, block):
            body = start + len(block.marker)
            cuts = _enumerated(text, body, end)
            if len(cuts) >= 2 and not self.units.closing_marker(text[start:end]):
                # An item whose body enumerates its parts (`…。一是…。二是…`): the item's own head
                # is one measure, each part another.
                head = self._item(doc, start, cuts[0], year, mode == "review", first_is_lead)
                out += [head] if head else []
                out += self._enumerated_span(doc, cuts[0], end, cuts, year, mode, first_is_lead)
                continue
            if self._minutes_item(text, start, end):
                body = start + len((match_marker(text[start:end]) or ("", 0))[0])
                out += self._prose_span(doc, body, end, year, mode, first_is_lead)
                continue
            tail = self._last_unit_marker(text, start, end)
            voice = self._meeting_voice(doc, start, tail or end)
            # The meeting's voice after a task item (`（四）…。会议要求…`), as after a part; after a
            # topic's account (`1、某项目：目前…。会议要求…`) it is the topic's requirement.
            head = self._item(doc, start, voice, year, mode == "review", first_is_lead) if voice else None
            if head:
                measure: Measure | None = head
                tail = voice
            else:
                measure = self._item(doc, start, tail or end, year, mode == "review", first_is_lead)
            if measure:
                out.append(measure)
            if tail:
                out += self._prose_span(doc, tail, end, year, mode, first_is_lead)
        return out

    def _last_unit_marker(self, text: str, start: int, end: int) -> int | None:
        """Where an item ends when its closing unit marker is followed by more text (a joined line)."""
        last = None
        for rule in self.rules.by_group("item_end"):
            for m in rule.regex.finditer(text, start, end):
                if last is None or m.end() > last:
                    last = m.end()
        if last is not None and len(text[last:end].strip()) >= _MIN_MEASURE:
            return last
        return None

    def _table_row(self, doc: Document, index: int, year: int | None, first_is_lead: bool) -> Measure | None:
        """A row of a task-division table: the task cell is the measure; the lead, co and unit
        columns give its units with their roles, the time column its deadline; so do the cells
        of the rows that continue it and the label lines under it (`完成时限：…`)."""
        block = doc.blocks[index]
        if not block.header or block.marker == "header" or block.role == "body":
            return None
        header = ["".join(name.split()) for name in block.header]
        task_rule = None
        task = None
        for i, name in enumerate(header):
            task_rule = self._has("column_task", name)
            if task_rule and not self._has("column_units", name):
                task = i
                break
        if task is None:
            task = self._unnamed_task(doc, block, header)
            task_rule = self.rules.by_group("column_unnamed")[0].id if task is not None else None
        if task is None or task >= len(block.cells):
            return None
        start, end = block.cells[task]
        # A task named in one column and described in the next (`改革举措 | 主要内容`) is one task.
        last = task
        while (
            last + 1 < min(len(header), len(block.cells))
            and self._has("column_task", header[last + 1])
            and not self._has("column_units", header[last + 1])
        ):
            last += 1
        end = block.cells[last][1]
        tasks = range(task, last + 1)
        units, deadlines = self._row_cells(doc, block, set(tasks), year, first_is_lead)
        deadlines += [
            d
            for d in self.deadlines.find(doc.analysis_text[start:end], start, year, doc.meta.date)
            if all(d.text != o.text for o in deadlines)
        ]
        for follower in _row_followers(doc.blocks, index):
            if follower.kind == "table_row":
                more_units, more_deadlines = self._row_cells(doc, follower, set(), year, first_is_lead)
            else:
                label = doc.analysis_text[follower.start : follower.end]
                more_units = self.units.find(
                    label, follower.start, doc.text[follower.start : follower.end], first_is_lead
                )
                more_deadlines = self._deadlines(label, follower.start, year, doc.meta.date)
            units += [u for u in more_units if all(u.name != o.name for o in units)]
            deadlines += more_deadlines
        return self._measure(doc, start, end, f"rule:{task_rule}", units, deadlines, shape="table")

    def _unnamed_task(self, doc: Document, block: Block, header: list[str]) -> int | None:
        """The task cell of a row in a table that names no task column (`序号 | 项目名称 | 责任单位 |
        完成时限`) but has unit or time columns, so that it assigns work: its longest text cell
        among the columns of no known role, unless the column's name says it holds notes, status
        or figures (`column_unnamed`). None where no such cell holds a task's worth of text."""
        roles = [column_role(name) for name in header]
        if not any(role in ("unit", "time") for role in roles):
            return None
        best: int | None = None
        for col, (name, role) in enumerate(zip(header, roles, strict=True)):
            if col >= len(block.cells) or role != "other" or self._has("column_unnamed", name):
                continue
            cs, ce = block.cells[col]
            value = doc.analysis_text[cs:ce].strip()
            if cell_type(value) != "text" or len(value) < _MIN_MEASURE // 2:
                continue
            if best is None or ce - cs > block.cells[best][1] - block.cells[best][0]:
                best = col
        return best

    def _row_cells(
        self, doc: Document, block: Block, skip: set[int], year: int | None, first_is_lead: bool
    ) -> tuple[list[Unit], list[Deadline]]:
        """The units (with their column's role) and deadlines of a row's cells, but for `skip`."""
        units: list[Unit] = []
        deadlines: list[Deadline] = []
        for col, name in enumerate("".join(name.split()) for name in block.header):
            if col >= len(block.cells) or col in skip:
                continue
            cs, ce = block.cells[col]
            if rule := self._has("column_lead", name):
                units += _cell_units(doc, cs, ce, "lead", rule)
            elif rule := self._has("column_co", name):
                units += _cell_units(doc, cs, ce, "co", rule)
            elif rule := self._has("column_units", name):
                found = _cell_units(doc, cs, ce, "responsible", rule)
                if first_is_lead and found:
                    found[0].role = "lead"
                units += found
            elif self._has("column_deadline", name) or (
                column_role(name) == "other" and _only_time(doc.analysis_text[cs:ce])
            ):
                # A column whose name says nothing known (`完成日期`, `节点`) still gives a time
                # when its cell holds nothing but one: the layout's cell type, not the header.
                deadlines += self._cell_deadline(doc, cs, ce, year)
        return units, deadlines

    def _cell_deadline(self, doc: Document, start: int, end: int, year: int | None) -> list[Deadline]:
        cell = doc.text[start:end].strip()
        if not cell or cell in ("-", "/", "—") or cell in self.deadlines.rules.words("not_deadline"):
            return []
        return self.deadlines.find_cell(doc.analysis_text[start:end], start, year, doc.meta.date)

    def _minutes_item(self, text: str, start: int, end: int) -> bool:
        """An item of minutes that reports a topic and the meeting's requirements on it: its
        requirements are measured sentence by sentence, as in prose."""
        found = match_marker(text[start:end])
        body = text[start + (len(found[0]) if found else 0) : end]
        return bool(
            self._has("meeting_done", body) or (self._has("minutes", body[:40]) and "。" in body[:-1])
        )

    def _under_principles(self, section: list[str]) -> bool:
        """Whether a title of `section` names a plan's principles or targets (`principles`), each
        title's answer kept for the document: every item under a heading asks of that heading
        (on 733 real documents half of these questions were repeats)."""
        for title in section:
            known = self._principled.get(title)
            if known is None:
                known = self._principled[title] = self._has("principles", title) is not None
            if known:
                return True
        return False

    def _item(
        self,
        doc: Document,
        start: int,
        end: int,
        year: int | None,
        report: bool,
        first_is_lead: bool,
        head: int | None = None,
    ) -> Measure | None:
        """A leaf item is a measure when it prescribes action; in a report's account of past work it
        needs a modal; the guiding principles and targets of a plan (`指导思想`, `基本原则`) are not.
        With a `head` (where an item's heading line ends and its body begins), the filters that
        reject a line are read on the heading only: words in a long body are incidental."""
        line = doc.analysis_text[start:end]
        block = _block_at(doc, start)
        section = block.section if block else []
        found = match_marker(line)
        body = line[len(found[0]) :] if found else line
        heading = doc.analysis_text[start + (len(found[0]) if found else 0) : head or end]
        if len(body) < _MIN_MEASURE or self._has("reject", heading):
            return None
        if head is None and self._has("nominal", heading):
            return None  # an item that only names a topic (with a body under it, it is more)
        if self._has("principles", line) or self._under_principles(section):
            return None
        marked = self._has("item_end", body) or self._has("marked", body)
        if marked and not self._has("progress", body):
            return self._measure(
                doc, start, end, f"rule:{marked}", None, None, year, first_is_lead, shape="item"
            )
        modal = self._has("directive", body)
        if report and head is not None and not heading.rstrip().endswith(TERMINAL):
            # An account's part under a bare title (`一、检查基本情况`) whose opening sentence reports
            # what was done (`本次共检查…，已于9月底前完成整改`) is progress; words deeper in a long
            # body are incidental.
            opening = _SENTENCE.match(doc.analysis_text[head:end].lstrip())
            if opening and self._rejected(opening.group()):
                return None
        if report or self._has("problem", body):
            rule = modal if modal and self._holds("action", body) else None
        else:
            rule = modal or self._has("action", body) or self._has("minutes", body)
        if not rule:
            return None
        return self._measure(doc, start, end, f"rule:{rule}", None, None, year, first_is_lead, shape="item")

    def _prose_span(
        self,
        doc: Document,
        start: int,
        end: int,
        year: int | None,
        mode: str,
        first_is_lead: bool,
        marked: bool = False,
    ) -> list[Measure]:
        """Measures in running text: each directive sentence or clause; a `marked` span (one that
        carries its own unit marker, `（牵头单位：…）`) is one measure whole. A requirement that
        opens a list (`会议强调：一是…。二是…。`) makes each enumerated clause after it a measure."""
        text = doc.analysis_text
        if marked:
            marker = self._has("marked", text[start:end]) or "measure.marked_paragraph.v1"
            found = self._measure(doc, start, end, f"rule:{marker}", None, None, year, first_is_lead)
            return [found] if found else []
        cuts = _enumerated(text, start, end)
        if cuts:
            return self._enumerated_span(doc, start, end, cuts, year, mode, first_is_lead)
        titled = (
            None
            if self.sentence_grain(doc)
            else self._titled_paragraph(text, start, end, mode, doc.meta.kind == "report")
        )
        if titled:
            found = self._measure(doc, start, end, f"rule:{titled}", None, None, year, first_is_lead)
            return [found] if found else []
        return self._sentence_span(doc, start, end, year, mode, first_is_lead)

    def _enumerated_span(
        self,
        doc: Document,
        start: int,
        end: int,
        cuts: list[int],
        year: int | None,
        mode: str,
        first_is_lead: bool,
    ) -> list[Measure]:
        """A paragraph enumerated by `一是…`, `一要…`, `第二，…`: each enumerated part, its lead
        sentence with the sentences that elaborate it, up to the next part, is one measure when
        its lead or its body prescribes action; a part of one sentence is read clause by clause.
        What comes before the first part (`会议强调：`) is read as prose and opens the list."""
        text = doc.analysis_text
        out: list[Measure] = []
        opened: str | None = None
        # A first part said after a comma (`会议确定，一是…。…。二是…`) is a part of its own, but
        # the cue that opens the list is read as if it still stood in the head (up to the second
        # part), as where the first part is one sentence of the head: `cue` is its lead sentence.
        head_end, cue = cuts[0], None
        if len(cuts) > 1 and _comma_first_part(text, start, cuts[1]) == cuts[0]:
            head_end = cuts[1]
            lead = _SENTENCE.match(text, cuts[0], end)
            cue = lead.group() if lead else None
        if head_end > start:
            head = text[start:head_end].strip()
            grain = self.sentence_grain(doc)
            # Minutes: a paragraph that opens in the meeting's or a speaker's voice (`会议强调，
            # 要…。…。一是…。二是…`) lists the meeting's tasks, whether or not each part repeats
            # a modal (`五是深化对外合作。`): the parts are its requirements by their place, the
            # first one too where it stands in the head (`下一步，一是…。二是…`).
            # Only a head that asks for something (a modal, or a lead to the next steps) opens
            # the list: `会议强调，审计是…。…取得历史性成就。一是…` lists achievements.
            if cue is None:
                cue = head[head.rfind("。", 0, len(head) - 1) + 1 :]
            voiced = (
                self._has("voiced_list", head)
                if grain and (self._has("directive", head) or self._has("enumerator", cue))
                else None
            )
            if voiced is None and grain and self._has("directive", cue):
                # The meeting's voice in the sentence right before the list only, after what opened
                # the paragraph (`会议认为，…。会议强调，要…。一是…`): its requirement is the list's.
                voiced = self._has("voiced_list", cue.lstrip())
            if cuts[0] > start:
                out += self._sentence_span(doc, start, cuts[0], year, mode, first_is_lead, voiced)
            # The sentence right before the list announcing it as the meeting's measures (`会议确定
            # 了…的措施。一是…`), where the paragraph opened otherwise (`会议认为，…。会议确定…`).
            announced = self._has("list_announcement", cue) if grain else None
            # Or it states a decision that the list spells out (`会议决定，在…开展试点。一是…`,
            # `会议决定，按照…，一是…`, `会议确定：一是…`): its parts are what was decided, with or
            # without a cue of their own (not `具体包括：`, the kinds of thing decided on).
            decided = self._has("meeting_decision", cue.lstrip()) if grain else None
            if head.endswith(("：", ":")):
                opened = self._has("minutes", head) or self._has("directive", head) or announced or decided
            elif _MINUTES_LIST.regex.search(cue):
                # `会议确定，一是…。二是…`: the first part follows the cue, the list goes on.
                opened = _MINUTES_LIST.id
            else:
                opened = voiced or announced or decided
        for s, e in pairwise([*cuts, end]):
            parts = self._enumerated_part(doc, s, e, year, mode, first_is_lead, opened)
            voice = self._meeting_voice(doc, s, e)
            if voice is None and e == end and s != cuts[0]:
                # (The last of two or more parts in the paragraph: a paragraph that is one part
                # keeps its body, its own sentences are its elaboration.)
                voice = self._list_tail(doc, s, e)
            # Minutes: the meeting's own voice after a task (`四是…。会议要求，各地区要…`) is no part
            # of it (the read-out's list has ended): the part is the measure it was, up to there,
            # and what follows is read as prose. An account (`一是…已全部完成。会议要求…`) is not
            # cut from the requirement it leads to.
            if voice is None or self._rejected(text[s:voice]):
                out += parts
                continue
            for part in parts:
                if part.start < voice:
                    rule = part.provenance[0]
                    found = self._measure(
                        doc, part.start, min(part.end, voice), rule, None, None, year, first_is_lead
                    )
                    out += [found] if found else []
            out += self._sentence_span(doc, voice, e, year, mode, first_is_lead)
        return out

    def _enumerated_part(
        self,
        doc: Document,
        start: int,
        end: int,
        year: int | None,
        mode: str,
        first_is_lead: bool,
        opened: str | None,
    ) -> list[Measure]:
        """One enumerated part as its measure (lead sentence and body), a part of one sentence
        clause by clause."""
        text = doc.analysis_text
        lead = _SENTENCE.match(text, start, end)
        if lead is None or not text[lead.end() : end].strip():
            return self._sentence_span(doc, start, end, year, mode, first_is_lead, opened)
        rule = self._part_rule(text, start, end, lead.end(), mode) or opened
        found = (
            self._measure(doc, start, end, f"rule:{rule}", None, None, year, first_is_lead) if rule else None
        )
        return [found] if found else []

    def _meeting_voice(self, doc: Document, start: int, end: int) -> int | None:
        """Where, in minutes read at sentence grain, a sentence after the first of [start, end)
        opens in the meeting's own voice (`会议要求，…`, `会议强调，…`, `会议决定，…`): a new
        requirement, not the elaboration of the part or item it follows."""
        return self._later_opening(doc, start, end, "meeting_voice")

    def _list_tail(self, doc: Document, start: int, end: int) -> int | None:
        """Where, in minutes, the last part of a list [start, end) gives way to the requirement
        that closes the whole list: a later sentence addressed to all who must act
        (`…。有关地区、部门和单位要在10月底前将整改情况上报。`, `各地区各部门要…`). The list has
        ended there; what follows is read as prose. A part's elaboration names one actor, if any
        (`四要保障基本生活。各地要及时发放补贴。`), and stays with it."""
        return self._later_opening(doc, start, end, "list_close")

    def _later_opening(self, doc: Document, start: int, end: int, group: str) -> int | None:
        """Where, in minutes read at sentence grain, a sentence after the first of [start, end)
        opens with a rule of `group`."""
        if not self.sentence_grain(doc):
            return None
        text = doc.analysis_text
        first = _SENTENCE.match(text, start, end)
        if first is None:
            return None
        for sentence in _SENTENCE.finditer(text, first.end(), end):
            if self._has(group, sentence.group().lstrip()):
                return sentence.start()
        return None

    def _part_rule(self, text: str, start: int, end: int, lead_end: int, mode: str) -> str | None:
        """The rule that makes an enumerated part a measure: its lead's, else any clause's."""
        lead = text[start:lead_end].strip()
        if self._has("reject", lead) or self._has("meeting_done", lead) or self._has("principles", lead):
            return None
        rule = self._prose_rule(lead, mode)
        if not rule and _is_title_sentence(_strip_enumerator(lead)):
            rule = self._has("imperative", _strip_enumerator(lead))
        if rule:
            return rule
        for sentence in _SENTENCE.finditer(text, lead_end, end):
            for s, e in self._clauses(text, sentence.start(), sentence.end()):
                rule = self._prose_rule(text[s:e], mode)
                if rule:
                    return rule
        return None

    def _sentence_span(
        self,
        doc: Document,
        start: int,
        end: int,
        year: int | None,
        mode: str,
        first_is_lead: bool,
        opened: str | None = None,
    ) -> list[Measure]:
        """Each directive sentence or `；` clause of running text as a measure.

        A short sentence that opens the span and states a requirement (`会议要求，扎实做好年末各项工作。`)
        is a lead-in: outside minutes it opens the measure of the sentence after it. Minutes say
        their requirements sentence by sentence, the lead-in included (`sentence_grain`); there the
        lead-in is a measure of its own, and the later sentences of its paragraph that spell it out
        (`_elaborates`) are measures each, said in the lead-in's voice."""
        text = doc.analysis_text
        grain = self.sentence_grain(doc)
        out: list[Measure] = []
        lead: tuple[int, str] | None = None
        elaborated: str | None = None
        # Minutes: after `会议要求，…` the paragraph's imperative sentences are the meeting's too.
        carried: str | None = None
        # A report's account: after a paragraph that opens in a body's voice (`某某强调，…`), its
        # sentences addressed to who must act (`各级机关要…`) are that body's requirements.
        voice = (
            self._has("report_voice", text[start:end].lstrip())
            if mode == "review" and doc.meta.kind == "report"
            else None
        )
        for sentence in _SENTENCE.finditer(text, start, end):
            for s, e in self._clauses(text, sentence.start(), sentence.end()):
                clause = text[s:e]
                if mode == "review" and self._has("plan_opening", clause):
                    mode = "plan"
                if clause.rstrip().endswith(("：", ":")):
                    opened = self._has("minutes", clause) or self._has("directive", clause) or opened
                    continue
                rule = self._prose_rule(clause, mode)
                if rule and mode in ("minutes", "news") and self._has("minutes", clause):
                    carried = rule
                opening = s == start and e < end and text[e - 1] in "。."
                if not rule and not self._rejected(clause):
                    if opened and self._has("enumerator", clause):
                        rule = opened
                    elif lead:
                        rule = lead[1]
                    elif carried and not self._has("reject_prose", clause):
                        rule = self._has("imperative", clause.strip()) or self._has("directive", clause)
                    if not rule and elaborated and self._elaborates(clause, year):
                        rule = elaborated
                    if not rule and voice and s > start and not self._has("reject_prose", clause):
                        rule = self._has("voiced_follow", clause.strip())
                    if not rule and grain and opening and _is_title_sentence(clause):
                        rule = self._has("imperative", clause.strip())
                if not rule:
                    continue
                if opening and (len(clause.strip()) <= _LEAD_IN or (grain and _is_title_sentence(clause))):
                    if grain:
                        elaborated = rule
                    else:
                        lead = (s, rule)
                        continue
                begin = lead[0] if lead else s
                lead = None
                measure = self._measure(doc, begin, e, f"rule:{rule}", None, None, year, first_is_lead)
                if measure:
                    out.append(measure)
        return out

    def _elaborates(self, clause: str, year: int | None) -> bool:
        """Whether a sentence after a minutes lead-in spells out its requirement: it names an action
        (`会议要求落实企业主体责任。充分发挥市场机制作用，…`) or a time bound (`会议决定加快通关便利化。
        11月1日前将…减至48种。`), and is no background (`…离不开科技支撑`, `德才兼备，方堪重任`)."""
        if self._has("reject_prose", clause) or self._has("statement", clause):
            return False
        return self._holds("action", clause) or bool(self.deadlines.find(clause, 0, year))

    def sentence_grain(self, doc: Document) -> bool:
        """Whether `doc` is read at sentence grain: minutes state each requirement in a sentence of
        its own, also after a short title sentence (`要抓好试点经验的总结推广。要抓紧…`), so a
        paragraph there is never one measure by its title (`_titled_paragraph`) nor joined to its
        lead-in. Enumerated parts (`一要…。…`) and headed items keep their body either way."""
        return doc.meta.kind == "minutes"

    def _titled_paragraph(
        self, text: str, start: int, end: int, mode: str, report: bool = False
    ) -> str | None:
        """A paragraph that opens with a short title sentence (`着力壮大产业集群。…`,
        `一是加快项目建设。…`) is one measure, titled by it, when the title or a sentence of the
        paragraph prescribes action: the rule that says so. In a `report`'s plan part the layout
        alone says so (`plan_item`): its titled paragraphs are its tasks, and their verbs (`激发…`,
        `扛牢…`) are more than any cue list names."""
        first = _SENTENCE.match(text, start, end)
        if not first or first.end() >= end or not _is_title_sentence(text[first.start() : first.end()]):
            return None
        if len(text[first.end() : end].strip()) < _MIN_MEASURE:
            return None
        title = text[first.start() : first.end()].strip()
        if self._rejected(title) or self._has("reject_prose", title) or self._has("principles", title):
            return None
        rule = self._prose_rule(title, mode) or self._has("imperative", title)
        if rule:
            return rule
        if self.units.opening(title) is not None or "了" in title or "是" in title:
            return None  # a statement about someone (`党中央高度重视…。`), not a task's title
        for sentence in _SENTENCE.finditer(text, first.end(), end):
            for s, e in self._clauses(text, sentence.start(), sentence.end()):
                rule = self._prose_rule(text[s:e], mode)
                if rule:
                    return rule
        return self._has("plan_item", title) if report and mode == "plan" else None

    def _rejected(self, body: str) -> bool:
        """Text that is never a measure, whatever cue it carries. Progress words inside the
        condition that a requirement is addressed to (`已经整改的要巩固成果，尚未整改的要尽快整改`)
        are not progress: only what follows the last such condition is read for them."""
        if self._has("reject", body) or self._has("meeting_done", body):
            return True
        conditions = list(_CONDITION_MODAL.finditer(body))
        told = body[conditions[-1].end() :] if conditions else body
        # A progress word that a modal or a time bound makes a requirement's goal (`务必于…前完成整改`)
        # reports nothing.
        return bool(self._has("progress", _PROGRESS_GOAL.sub("", told)))

    def _prose_rule(self, clause: str, mode: str) -> str | None:
        """The rule that makes a prose clause a measure, by the reading `mode` of its place:

        `news` keeps only minutes requirements; `review` (a report's account of past work) keeps
        requirements said with a modal at their head (`X要…`, `一是要…`); `minutes` adds modal +
        action anywhere; `plan` (policy text and the tasks part of a report) adds imperative
        sentences that open with an action (`加快推进…`).
        """
        body = clause.strip()
        if len(body) < _MIN_MEASURE or body.endswith(("？", "?")):
            return None
        if self._rejected(body):
            return None
        action = self._holds("action", body)
        modal = self._has("directive", body)
        minutes = self._has("minutes", body)
        if minutes and (modal or action):
            return minutes
        if mode == "news" or self._has("reject_prose", body):
            return None
        if mode == "minutes" and (decided := self._has("meeting_decision", body)):
            # What a meeting decided is its measure, whatever verb says it (`会议决定，将…税率由15%
            # 降至10%。`, `会议确定…在全国推开。`): the decision is the prescription.
            return decided
        weak = self._has("minutes_weak", body)
        if weak and modal:
            return weak
        enumerated = self._has("enumerator", body)
        if enumerated and modal:
            return enumerated
        opening = self._has("modal_opening", body) or self._has("next_step", body)
        if opening:
            return opening
        subject = self._has("subject_modal", body)
        if subject and action and modal:
            return subject
        if mode == "review":
            # A request or a time-limited order in an account of work done is still a requirement.
            return self._has("review_request", body) if action else None
        subject_end = self.units.opening(body)
        if subject_end is not None and (predicate := self._has("unit_predicate", body[subject_end:])):
            return predicate
        dated = self._has("dated_action", body) or (
            self._has("dated_action", body[subject_end:]) if subject_end is not None else None
        )
        if dated:
            return dated
        if modal and action:
            return modal
        if mode == "plan":
            return self._has("imperative", body)
        return None

    def _mode(self, doc: Document, offset: int, news: bool, plans: list[tuple[int, int]]) -> str:
        if news:
            return "news"
        if plans and any(s <= offset < e for s, e in plans):  # (most documents have no plan part)
            return "plan"
        if doc.meta.kind == "report":
            return "review"
        return "minutes" if doc.meta.kind == "minutes" else "plan"

    def _clauses(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """A sentence as the clauses that each carry their own requirement.

        What a meeting did before voicing a requirement (`会议学习了…，要求…`) is dropped; a lead-in
        to an enumeration (`提出要求：一是…`) stands apart; `；` separates clauses when each part
        opens its own requirement (an enumerator, a modal near its start, or an action at its head:
        `…；严格落实审核机制，…；推动…`, the tasks a report or a read-out lists in one sentence where a
        plan would number them).
        """
        report = self.rules.by_group("meeting_report")
        for rule in report:
            m = rule.regex.match(text[start:end])
            if m:
                start += m.end()
                break
        pieces: list[tuple[int, int]] = []
        colon = _ENUM_COLON.search(text, start, end)
        if colon:
            pieces.append((start, colon.end()))
            start = colon.end()
        parts = clause_spans(text, start, end)
        merged: list[tuple[int, int]] = []
        for s, e in parts:
            if merged and not self._opens_clause(text[s:e]):
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        return pieces + merged

    def _opens_clause(self, part: str) -> bool:
        head = part.lstrip()[:12]
        if self._holds("enumerator", head):
            return True
        if len(part.strip()) < _MIN_MEASURE * 2:
            return False
        # A clause that opens with its own action (`…；严格落实…，…；推动…`: real reports NR00045,
        # NR00215, NR00298, a read-out NR00032; dev GK02) is a task of its own, as one opened by a
        # modal is; a shorter one (`…；抓好落实。`) stays with the clause before it.
        # It must end where its sentence does: a part cut off by the end of its block (a column's
        # line taken for a title, `…的谈话函` / `询回复材料，…`) is a fragment, kept with the clause
        # before it.
        if self._holds("imperative", part.lstrip()) and part.rstrip().endswith(_CLAUSE_END):
            return True
        # A clause that assigns its own task (`香花区域整治由某某牵头，香花镇落实；…`) stands apart.
        return self._holds("directive", head) or bool(_OWN_ASSIGNMENT.match(part.lstrip()))

    def _deadlines(
        self, analysis: str, start: int, year: int | None, doc_date: str | None = None
    ) -> list[Deadline]:
        """Deadlines of a span, read on its plain view (inserted pinyin removed, so `5日內(nèi)`
        reads `5日內`) and mapped back: each span is still a slice of the document's text.
        `doc_date` (the document's own date) resolves `本月底前` and `明年`."""
        view, offsets = plain_view(analysis)
        if len(view) == len(analysis):
            return self.deadlines.find(analysis, start, year, doc_date)
        found = self.deadlines.find(view, 0, year, doc_date)
        offsets.append(len(analysis))
        for d in found:
            if d.start is not None and d.end is not None and d.end > d.start:
                # The last character keeps its pinyin (`5日內(nèi)`), as progress spans do.
                d.start, d.end = start + offsets[d.start], start + offsets[d.end]
        return found

    def _measure(
        self,
        doc: Document,
        start: int,
        end: int,
        provenance: str,
        units: list[Unit] | None,
        deadlines: list[Deadline] | None,
        year: int | None = None,
        first_is_lead: bool = False,
        shape: str = "prose",
    ) -> Measure | None:
        """A measure over [start, end) with its units and deadlines; `provenance` names the rule
        that made it one, `shape` (item, table, prose) sets how sure that is."""
        while start < end and doc.text[start] in " \t":
            start += 1
        while end > start and doc.text[end - 1] in " \t":
            end -= 1
        if end - start < _MIN_MEASURE:
            return None
        analysis = doc.analysis_text[start:end]
        if units is None:
            units = self.units.find(analysis, start, doc.text[start:end], first_is_lead)
            if not any(u.provenance.startswith(_OWN_SUBJECT) for u in units):
                carried = self.units.carried(_sentence_before(doc.analysis_text, start), start)
                if not carried:
                    carried = self.units.carried(*_lead_in_before(doc.analysis_text, start))
                units += carried
        if deadlines is None:
            deadlines = self._deadlines(analysis, start, year, doc.meta.date)
        unique: list[Deadline] = []
        for d in deadlines:
            if d.start is not None and d.end is not None:
                d.text = doc.text[d.start : d.end]
            if all(d.text != o.text for o in unique):
                unique.append(d)
        deadlines = unique
        block = _block_at(doc, start)
        return Measure(
            text=doc.text[start:end],
            start=start,
            end=end,
            page=doc.page_at(start),
            section=list(block.section) if block else [],
            units=units,
            deadlines=deadlines,
            provenance=[provenance],
            confidence=_ITEM_CONFIDENCE if shape in ("item", "table") else 0.75,
        )


def _logit(probability: float) -> float:
    """The logit a probability threshold stands for (±inf at 1 and 0: every score or none is below)."""
    if probability <= 0:
        return -math.inf
    if probability >= 1:
        return math.inf
    return math.log(probability / (1.0 - probability))


def _text_features(body: str) -> list[str]:
    """What a sentence says for itself, cheaply: its length, closing punctuation, opening and
    closing characters and its character bigrams (an enumerator or item marker is read past)."""
    features = [f"len:{min(len(body) // 12, 10)}", "p:" + body[-1]]
    core = _strip_enumerator(body)
    found = match_marker(core[:12])
    if found:
        features.append("mk")
        core = core[len(found[0]) :]
    core = core[:160]
    features += [f"b{n}:" + core[:n] for n in (1, 2, 3, 4)]
    tail = core.rstrip("。；;，,！!.")
    features += [f"e{n}:" + tail[-n:] for n in (1, 2, 3)]
    features += [f"c:{a}{b}" for a, b in pairwise(core)]  # (an f-string builds it in one step)
    return features


def _bare_heading(text: str, blocks: list[Block], index: int) -> bool:
    """A short paragraph line without any punctuation right above a paragraph (normalisation keeps
    a heading like `2024年工作安排` on its own line, so that sections are found by it)."""
    block = blocks[index]
    if block.kind != "paragraph" or block.role or index + 1 >= len(blocks):
        return False
    nxt = blocks[index + 1]
    line = text[block.start : block.end].strip()
    return (
        nxt.kind == "paragraph"
        and nxt.role == block.role
        and 4 <= len(line) <= 40
        and not any(ch in line for ch in "。，,；;：:！!？?、（）()〔〕[]《》")
        and not _NOT_HEADING.search(line)
        and not text[block.end : nxt.start].strip()
    )


def _headline(doc: Document) -> str:
    """The document's title as its analysis text writes it (inserted pinyin read past), if known."""
    title = doc.meta.title
    if not title:
        return ""
    if doc.script == "traditional":
        title = to_simplified(title)
    return plain(title).strip()


def _sentence_before(text: str, start: int) -> str:
    """The part of the sentence that opens before `start` (at most 300 characters back): the
    earlier `；` clauses a clause may inherit its subject from."""
    head = text[max(0, start - 300) : start]
    cut = max(head.rfind(c) for c in "。！？\n")
    return head[cut + 1 :]


def _lead_in_before(text: str, start: int) -> tuple[str, int]:
    """For an item that opens its own line under a lead-in closed by a colon, with only its
    sibling items between (`X统一领导…，履行下列职责：` then `（一）…；` `（二）…；`, `X应当按照下列
    方式办理：`), the lead-in's last sentence and where it ends: the actor it names is the actor of
    each item (`UnitFinder.carried` reads it; the sentence may run over lines that a page wrapped).
    ("", start) when the item does not open its line,
    has no item marker, or a line other than a sibling item (same marker level) stands between."""
    line_start = text.rfind("\n", 0, start) + 1
    own = match_marker(text[start : start + 12])
    if own is None or text[line_start:start].strip():
        return "", start
    pos = line_start  # the start of the line below the one read next
    for _ in range(_LEAD_IN_ITEMS):
        if pos == 0:
            break
        above = text.rfind("\n", 0, pos - 1) + 1
        line = text[above : pos - 1].rstrip()
        marker = match_marker(line.lstrip()[:12])
        if not line.strip() or (marker is not None and marker[1] == own[1]):
            pos = above
            continue
        if not line.endswith(("：", ":")):
            break
        # the lead-in's sentence, over the lines a page wrapped it onto (`…市区人` / `民政府应当…：`)
        end = above + len(line)
        head = text[max(0, end - 300) : end - 1]
        cut = max(head.rfind(c) for c in "。！？：:")
        return head[cut + 1 :] + text[end - 1], end
    return "", start


def _document_year(doc: Document) -> int | None:
    """The year that resolves `年底前`: the document's date, else the first full date near its head
    (minutes and reports often open with `2023年6月8日，…主持召开…`)."""
    if doc.meta.date:
        return int(doc.meta.date[:4])
    head = _HEAD_DATE.search(doc.analysis_text, 0, 400)
    return int(head.group(1)) if head else None


def _plan_headings(doc: Document, rules: RuleFile) -> Iterator[tuple[Block, str, bool, int]]:
    """Each block of `doc` with its stripped text, whether its heading (the line, or the heading a
    flattened page glued to it, `_glued_heading`) opens a plan part (`plan_heading`), and the year
    that heading names (`heading_year`; 0 for none): read alike by `plan_year` and `plan_sections`."""
    text = doc.analysis_text
    plan = group_pattern(rules, "plan_heading")
    year_of = group_pattern(rules, "heading_year")
    for block in doc.blocks:
        line = text[block.start : block.end].strip()
        heading = line if len(line) <= _HEADING_MAX else _glued_heading(line)
        planned = plan.search(heading) is not None
        named = year_of.search(heading) if planned else None
        yield block, line, planned, int(named.group("year")) if named else 0


def plan_year(doc: Document, rules: RuleFile) -> int | None:
    """The year a report's plan part is for: the latest year a plan heading names (`二、2024年重点
    工作`; of `一、2023年主要工作` and `二、2024年主要目标任务` the later, as `plan_sections` reads
    them), or None when no plan heading names one."""
    return max((year for _, _, planned, year in _plan_headings(doc, rules) if planned and year), default=None)


def plan_sections(doc: Document, rules: RuleFile) -> list[tuple[int, int]]:
    """Where a document sets out tasks to come (`二、2024年重点任务`, `下一步工作要求：`) until a
    heading turns back to work done (`工作回顾`, `落实情况`): a report reads as a plan there, and
    what it says is not progress. `rules` is the measure rule file (groups plan_heading,
    review_heading)."""
    text = doc.analysis_text
    review = group_pattern(rules, "review_heading")
    lead = group_pattern(rules, "plan_lead") if doc.meta.kind == "report" else None
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    opened_year = 0  # the year the heading that opened the plan part names (0: none)
    for block, line, planned, year in _plan_headings(doc, rules):
        if opened is None and (planned or (lead and lead.search(line[:_PLAN_LEAD]))):
            opened, opened_year = block.start, year
        elif opened is not None and planned and opened_year and year > opened_year:
            # Both parts headed alike (`一、2023年主要工作` … `二、2024年主要目标和重点工作`): the
            # earlier year was the one reviewed, and the plan part opens at the later one.
            opened, opened_year = block.start, year
        elif opened is not None and len(line) <= _HEADING_MAX and review.search(line):
            spans.append((opened, block.start))
            opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def _glued_heading(line: str) -> str:
    """The heading a long line opens with when a flattened page glued it to its first paragraph
    with a space (`二、2024年政府工作安排 2024年政府工作总的要求是：…`); "" if there is none."""
    head = line.split(maxsplit=1)[0]
    return head if len(head) <= _HEADING_MAX and len(head) < len(line) else ""


def _enumerated(text: str, start: int, end: int) -> list[int]:
    """Where the enumerated parts of a paragraph begin (`一是…`, `二要…`, `第三，…`, `其次，…`):
    two or more parts, or one that opens the paragraph. A first part said after a comma
    (`会议确定，一是…。…。二是…`) begins with the sentence that holds it (`_comma_first_part`)."""
    cuts = [m.start("e") for m in _ENUMERATOR.finditer(text, start, end)]
    if cuts:
        first = _comma_first_part(text, start, cuts[0])
        if first is not None:
            cuts.insert(0, first)
    if len(cuts) >= 2 or (cuts and not text[start : cuts[0]].strip()):
        return cuts
    return []


def _comma_first_part(text: str, start: int, second: int) -> int | None:
    """Where a list's first part begins when it follows a comma in its sentence (`会议确定，一是…`,
    `为此，一要…`) and the part at `second` continues its count (`二是…`): at that sentence's start
    (within [start, second)), so the sentence is the part's lead and those after it, up to the
    second part, its body. None if there is no such part.

    Why: the enumerator rule cuts a part only after a sentence end; a first part after a comma
    stayed in the paragraph's head, read sentence by sentence, so its body's plain sentences (no
    modal, `鼓励…`) were each judged alone, and the cue before it (`会议确定，`) reached none of the
    later parts, which were dropped where they carry no cue of their own (`二是丰富融资工具。…`)."""
    found = None
    for m in _COMMA_FIRST.finditer(text, start):  # (no end: its look-ahead reads the second part)
        if m.start() >= second:
            break
        found = m
    if found is None or found.start("second") != second:
        return None
    begin = max(text.rfind(stop, start, found.start()) for stop in "。！？!?；;\n")
    begin = start if begin < start else begin + 1
    while begin < found.start() and text[begin].isspace():
        begin += 1
    return begin


def _strip_enumerator(clause: str) -> str:
    m = _ENUMERATOR.match(clause)
    return clause[m.end() :] if m else clause


def _is_title_sentence(sentence: str) -> bool:
    """A paragraph's short opening title: one short sentence closed by `。`, no list or clause."""
    body = sentence.strip()
    return (
        _MIN_MEASURE // 2 <= len(body) <= _TITLE_SENTENCE
        and body.endswith("。")
        and not any(ch in body for ch in "，,；;：:")
    )


def _only_time(cell: str) -> bool:
    """A cell that holds a time and at most a few words beside it (`2026年10月底`, `长期坚持`,
    `6月底前完成`), not a name or task that mentions a year (`2024年老旧小区改造项目`)."""
    if cell_type(cell) != "date":
        return False
    rest = _CELL_TIME.sub("", cell_date_pattern().sub("", cell))
    return len(rest) <= _CELL_TIME_REST


# A block's start, as the binary searches over blocks read it (a C getter: asked some 300,000
# times on 733 real documents, where a lambda cost a Python call each).
_START = attrgetter("start")


def _block_at(doc: Document, offset: int) -> Block | None:
    """The block that holds `offset` (blocks are in text order: a binary search)."""
    at = bisect_right(doc.blocks, offset, key=_START) - 1
    if at >= 0 and doc.blocks[at].start <= offset < max(doc.blocks[at].end, doc.blocks[at].start + 1):
        return doc.blocks[at]
    return None


def _row_followers(blocks: list[Block], index: int) -> list[Block]:
    """The blocks right after table row `index` that belong to it: the rows that continue it and
    its label lines (chrome between them is passed over)."""
    out: list[Block] = []
    for i in range(index + 1, min(len(blocks), index + 1 + _LABELS_MAX)):
        block = blocks[i]
        if block.kind == "chrome":
            continue
        if block.role != "body" or block.kind not in ("table_row", "label") or owner_of(blocks, i) != index:
            break
        out.append(block)
    return out


def _extents(blocks: list[Block]) -> dict[int, int]:
    """Where the text of each block that owns others (its body, labels or cases) ends."""
    out: dict[int, int] = {}
    for index, block in enumerate(blocks):
        if block.role in ("body", "condition") and block.parent >= 0:
            owner = owner_of(blocks, index)
            if owner != index:
                out[owner] = max(out.get(owner, blocks[owner].end), block.end)
    return out


def _descends(blocks: list[Block], index: int, ancestor: int) -> bool:
    """Whether block `index` sits under block `ancestor` (its parent, or its parent's, …)."""
    seen = 0
    parent = blocks[index].parent
    while parent > ancestor and seen < 8:
        parent = blocks[parent].parent
        seen += 1
    return parent == ancestor


def _list_end(blocks: list[Block], index: int) -> int | None:
    """The last block of the list that lead-in `index` opens, if items follow it.

    An item or heading owns its list in the layout: the blocks under it, to its last item (with
    what the layout reads as an item's own body or labels between items); a paragraph of the
    article after the last item (`…的，不再重复检验。`), which the layout may hang under that
    item, is a sentence of its own. A paragraph lead-in (an article's second paragraph,
    `登记簿应当载明下列内容：`) owns nothing there: its list is the run of items after it with
    one parent and one marker style."""
    first = blocks[index + 1]
    last = index + 1
    if blocks[index].kind == "paragraph":
        if first.kind != "item":
            return None
        style = _marker_style(first.marker)
        while (
            last + 1 < len(blocks)
            and blocks[last + 1].kind == "item"
            and blocks[last + 1].parent == first.parent
            and _marker_style(blocks[last + 1].marker) == style
        ):
            last += 1
        return last
    if first.parent != index:
        return None
    while (
        last + 1 < len(blocks)
        and _descends(blocks, last + 1, index)
        and (blocks[last + 1].kind in _LIST_KINDS or blocks[last + 1].role in ("body", "condition"))
    ):
        last += 1
    while last > index + 1 and blocks[last].kind == "paragraph":
        last -= 1
    return last if any(b.kind == "item" for b in blocks[index + 1 : last + 1]) else None


def _inline_items(text: str, block: Block) -> list[tuple[int, int]]:
    """Split an item line that also holds its next siblings (`一、…。二、…`), as web pages and
    joined lines leave them: a sibling is the same marker style with the next number."""
    number = _marker_number(block.marker)
    if number is None:
        return [(block.start, block.end)]
    spans: list[tuple[int, int]] = []
    pos = block.start
    style = _marker_style(block.marker)
    for m in _INLINE_ITEM.finditer(text, block.start + len(block.marker), block.end):
        marker = m.group("marker")
        if _marker_style(marker) == style and _marker_number(marker) == number + 1:
            spans.append((pos, m.start()))
            pos = m.start("marker")
            number += 1
    spans.append((pos, block.end))
    return spans


def _marker_number(marker: str) -> int | None:
    digits = re.search(r"[一二三四五六七八九十百]+|\d+", marker)
    return cn_digits_to_int(digits.group()) if digits else None


def _marker_style(marker: str) -> str:
    """A marker with its number blanked (`二、` → `N、`), to tell siblings from sub-items."""
    return re.sub(r"[一二三四五六七八九十百零〇\d]+", "N", marker)


def _cell_units(doc: Document, start: int, end: int, role: Role, rule_id: str) -> list[Unit]:
    out = []
    pos = start
    cell = doc.text[start:end]
    for piece in _CELL_SPLIT.split(cell):
        at = cell.find(piece, pos - start)
        if piece and len(piece) >= 2 and at >= 0:
            out.append(
                Unit(
                    name=piece,
                    role=role,
                    start=start + at,
                    end=start + at + len(piece),
                    provenance=f"rule:{rule_id}",
                )
            )
            pos = start + at + len(piece)
    return out
