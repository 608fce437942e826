"""Progress: status statements (done, in progress, lagging, planned) in reports, minutes and reviews.

Where: progress is read paragraph by paragraph from what the paragraphs say, not from the
document's kind alone, since scraped pages are often misread as `other` or `policy`. A document
reads as a report when more of its paragraphs state progress (`已…`, `正在…`, `滞后`) than set
requirements or list tasks verb first; then every paragraph outside its plan part
(`二、2024年重点任务`) is a review, and so is any paragraph that opens as one (`过去一年…`, `一年来…`,
`截至…`) in any document. In a review, a clause that ends with a predicate mined from real work
reports (`…有效化解`, `…稳步推进`, `…不够牢固`) states progress, and so do `了`-past forms, figures
achieved and (in a report) work stated verb first (`成立整改专班`). Elsewhere only explicit cues
count, in a paragraph that makes at least two such statements (one in reports and minutes), and
not at all in a document that reads as a policy, so that a policy's preamble (`近年来…稳步提升`)
does not read as a report. A news item is read paragraph by paragraph: only a paragraph that reports
an inspection's work (names the inspection, an explicit cue other than a shortfall, no requirement:
`派出8个督查组…`, `督察今天全面启动`) states progress, one statement being enough. An item's opening,
though, is its news (a report published, inspectors sent, the setting): a first statement in the
first 100 characters of a text of 200 or more is dropped unless it carries an explicit cue
(`已…`, `完成…`, `截至…`), states a shortfall, starts an item or opens as a review
(`_without_news_lead`). The rows of a task table (due dates and lead units, no progress column)
are tasks, not progress, even in a report;
a table with a progress column (`当前进度`, `推进情况`; not `进度安排`) states one status per row, in
that cell alone (`85%（…进度滞后）`: lagging; `90%`: under way), its task cell being the measure. An
assessment's results, rank by rank (`第一名：甲社区第二名：乙社区`, `末位村：丙村`), are one statement
per standing (ahead: under way; at the bottom: lagging), read apart from the clause rules. A
list of findings set out item by item, each closed by `；` (inspection feedback, audit items), is
read by its layout: an item no statement touches, beside one whose cue word states a shortfall, is
a shortfall too (`_siblings`).

The text is read on its plain view (pinyin a mirror site inserted, `進(jìn)展`, removed), and the
spans map back to the document's own text.

What: a sentence is cut at `；` into clauses and at `，、` into pieces; each status cue marks the
piece it ends in, and a statement runs from the first piece of its status to the next change, one
statement per status change (`完成整改688个` / `持续整改4个` are two); a run of explicit cues longer
than `_LONG_STATEMENT` tells its further items on their own. Lead-in pieces that only frame the
statement (`根据…安排`, `为确保…`, `其中`, `某某说`) are left out. A requirement (`要…`, `确保…`, `请…`) ends
the statement before it: the pieces before it still count. The meeting's own proceedings
(`会议听取了…汇报`), whom a request is for (`对未完成…的单位`), quoted problem statements and
titles carry no status; a short figure clause (`；诫勉0人`) continues the statement before it.
A report's own frame (`对…落实情况进行了督查`, `现将有关情况通报如下`, `主要做了以下工作`) and
lead-ins of purpose or setting (`为切实…`, `在…过程中`) state nothing. A piece that turns elsewhere
(`但…`, `同时将…`, `目前…`) ends the statement before it, and one that names its own subject before
`正在`/`已` starts a new one; work stated verb first and then its result (`强化…，效率稳步提升`) is
one statement with the result's status. Past a lead-in to a list of problems (`还存在不少困难和
问题`, `主要表现在：`), each sentence's `；`-joined shortfalls are one lagging statement, as are
like clauses in the same weak form (`A受到…处分；B受到…处分`). A trend (`进一步提高`, `逐步完善`)
states progress only as its piece's last words (`…水平进一步提高`); with an object after it, it sets
a task. Past a meeting's decision lead-in (`会议确定：一是…已将…`) the paragraph is decided, not
done, until a sentence tells where things stand (`目前…`).

Then a learned decision (`progress_model`, weights `models/progress_lr.npz`) reads what the rules
left out: in every paragraph that may state progress, the statements the rules would make were the
paragraph a review (their bounds and status), and the `；`-clauses none of those touches (status by
the rules' cues, `done` when none). One that no rule statement touches and that scores at or above
the model's threshold is added (provenance `model:progress_lr.v1`); adjacent added clauses of one
sentence and status are one statement. The rules' own statements are never changed. In a long work
report's review (a document read as a report, `LONG_REPORT` characters or more; a paragraph read as
a review, not a sentence that heads it, `_leads`) a second model decides instead, on further
features (`_review_features`; weights `models/progress_lr_review.npz`, provenance
`model:progress_lr_review.v1`): such reviews state much work done without a cue word, and the
short documents keep the first model, where the richer decision lost more than it gained.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container
from dataclasses import dataclass, field, replace

from duban.base.model import Block, Document, Progress, ProgressStatus
from duban.extractors.progress_model import (
    CUE_WORDS,
    LONG_REPORT,
    MEASURE_WORDS,
    PROVENANCE,
    REVIEW_MODEL_PATH,
    REVIEW_PROVENANCE,
    load_progress_model,
)
from duban.extractors.prose_model import ProseModel
from duban.extractors.regex_screen import Search, any_match, may_match, screened, skips, word_screen
from duban.pipeline.layout import GroupMatcher, plain_view
from duban.rules.ruleset import Rule, RuleFile, load_lexicon_entries, load_rule_file

# Word lists read as a whole (`rules/progress.yaml`); the finder's own rules are loaded with it.
# The groups read at import, checked at load so that a misspelt group is an error there.
_RULES = load_rule_file("progress").require(
    (
        "continues",
        "lead_word",
        "heading_line",
        "headline",
        "addressee",
        "new_turn",
        "own_subject",
        "enumerated",
        "plan_column",
        "progress_column",
        "share",
        "enum_heading",
        "decision_lead",
        "decision_end",
        "praise_lead",
        "inspection_work",
        "negated_problem",
        "schedule_column",
        "empty_cell",
        "ranking_line",
        "ranking",
        "ranking_low",
        "list_close",
        "case_lead",
        "case_sanction",
        "case_end",
        "sanction",
        "sanction_modal",
        "misconduct",
        "case_back",
        "attribute",
        "opening_cue",
        "fresh_anchor",
        "finding_sibling",
        "heading_number",
        "assigned_label",
        "meeting_opening",
        "commentary",
        "commitment",
        "figure_tail",
        "negated_quality",
        "addressee_request",
        "explanation",
    )
)
_LINE = re.compile(r"[^\n]+")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
# A colon ends a clause too: `…研究提出了办理意见：…已将你省纳入…` states two things.
_CLAUSE = re.compile(r"[^；;：:]+[；;：:]?")
# Pieces are cut at commas; a `、` list is cut only between parts that each state a status.
_PIECE_SEP = re.compile(r"[，,]")
_LIST_SEP = re.compile(r"、")
# Quoted problem statements and 《titles》 say nothing about the state of work.
_QUOTED = re.compile(r"“[^“”]{2,80}”|《[^《》]{2,100}》")
_CONTINUES = _RULES.regex("continues")
# A heading line: a marker and a short phrase, no sentence in it (`（一）信息重视不够`).
_HEADING = _RULES.regex("heading_line")
# A line with no sentence in it (`抓整改促长效 中央环保督察完成第一轮全覆盖`): above a document's
# first sentence, a news item's headline or the page's chrome.
_HEADLINE = _RULES.regex("headline")
_TRAILING = "；;，,、：: 。！？!?"
_ADDRESSEE = _RULES.regex("addressee")
_LEAD_WORD = _RULES.regex("lead_word")
# A piece without status that turns to something else ends the statement before it: a contrast,
# what will be done, what is the case now, a new example.
# So does one that says, after its own subject, what will be done (`该指南将从…方面规范`).
_NEW_TURN = _RULES.regex("new_turn")
# A piece that names its own subject before an explicit cue (`林业局也正在研究…`) starts a statement.
# So does one that opens with its own count (`9个事项超序时进度，11个事项按序时推进` are two).
_OWN_SUBJECT = _RULES.regex("own_subject")
_ACTION_RULE = "progress.review_action.v1"
# A further finding after a shortfall (`…现象突出，有的社团组织…`): a statement of its own.
_FINDING_SIBLING = _RULES.regex("finding_sibling")
_FINDING_RULE = "progress.finding_sibling.v1"
# Inspectors sent out (`派出8个督查组，`): the inspection framed after it (`对…进行了督查`) is the
# same work done, not the report's frame.
_SENT_RULE = "progress.inspection_sent.v1"
# Rules that read each work item of a review on its own (`二是…；三是…` are two statements).
_ITEM_RULES = ("progress.review_action.v1", "progress.review_predicate.v1")
_ENUMERATED = _RULES.regex("enumerated")
_PLAN_COLUMN = _RULES.regex("plan_column")
_PROGRESS_COLUMN = _RULES.regex("progress_column")
# A header that says `进度` of a schedule or target (`进度安排`, `计划进度`): no column of progress.
_SCHEDULE_COLUMN = _RULES.regex("schedule_column")
_CELL_RULE = "progress.progress_column.v1"
# A header cell is a short name (`当前进度`, `计划完成时间`).
_HEADER_CELL = 10
_RULE_LINE = re.compile(r"[\s|:\-]+")
# A cell of a progress column that says nothing (`/`, `—`, `无`): no statement.
_EMPTY_CELL = _RULES.regex("empty_cell")
# An assessment's results, rank by rank (`第一名：甲社区第二名：乙社区`, `末位村：丙村`).
_RANKING_LINE = _RULES.regex("ranking_line")
_RANKING = _RULES.regex("ranking")
_RANKING_LOW = _RULES.regex("ranking_low")
_RANKING_RULE = "progress.ranking_line.v1"
# The items of a list of shortfalls (`_siblings`): an item ends at `；`, a sentence's or a line's end.
_ITEM = re.compile(r"[^；;。！？!?\n]+[；;。！？!?]?")
_SIBLING_RULE = "progress.shortfall_sibling.v1"
_CASE_LEAD = _RULES.regex("case_lead")
_CASE_END = _RULES.regex("case_end")
_CASE_SANCTION = _RULES.regex("case_sanction")
_CASE_RULE = "progress.case_list.v1"
# A clause whose predicate is a sanction (`…，受到严肃处理`, `某某因…被问责`), unless a modal or a
# condition sets it (`必须受到…`, `…的，受到…`); the case it closes tells a misconduct and does not
# turn back to cases told before (`这些党员…`, `上述…`).
_SANCTION = _RULES.regex("sanction")
_SANCTION_MODAL = _RULES.regex("sanction_modal")
_MISCONDUCT = _RULES.regex("misconduct")
_CASE_BACK = _RULES.regex("case_back")
_SANCTION_RULE = "progress.sanction_clause.v1"
_SANCTION_CASE_RULE = "progress.sanction_case.v1"
# The clauses of a sentence (`_sanctions`): cut at commas.
_COMMA_CLAUSE = re.compile(r"[^，,]+")
# Who must fix a problem listed above, or by when (`责任单位：…`, `整改时限：3天`): a list handed over.
_ASSIGNED_LABEL = _RULES.regex("assigned_label")
# How far (characters) a problem may stand above its label: a group of items under one place.
_ASSIGNED_REACH = 400
# A meeting told in a text's opening (`…主持召开…会议`): a read-out, whatever its given kind.
_MEETING_OPENING = _RULES.regex("meeting_opening")
# How far into the text (characters) a read-out names its meeting: in its title or first sentence.
# Further in, local regulations name meetings of their own (`村民会议讨论决定…`: at 300, 4 real
# regulations read as minutes, with 13 wrong statements; at 100, one, with 3).
_KIND_OPENING = 100
# A notice's case is a line or a clause: a longer line after the list is the notice's own text.
_CASE_LINE = 200
# A shortfall a list's items spread to their neighbours: one read by a rule from its cue words.
_EXPLICIT = "rule:"
_WEAK_SOURCES = ("rule:progress.review_predicate",)
# What closes an item that the next item of its list follows (`；`): the list goes on past it.
_LIST_CLOSE = _RULES.regex("list_close")
# Where a rank's names end at the latest: a sentence or clause after them.
_NAMES_END = re.compile(r"[，,。；;！？!?]")
# A line of names only under a rank that heads its own line (`教育局 信用联社`).
# What a raw line break may leave joined to a rank's names, at most, and still be one of them: a
# longer run is the next line (`_names_end`).
_RUN_ON = 12
_NAMES_LINE = re.compile(r"[^，,。；;：:！？!?]{1,30}")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
# A share of a year's total (`完成年度总投资的87%`, `占年度计划的60%`).
_SHARE = _RULES.regex("share")
# A short sentence that opens with an item marker: the item's heading (`一是深化法治建设。`).
_ENUM_HEADING = _RULES.regex("enum_heading")
# A meeting's decisions opened (`会议确定：`): the rest of the paragraph is decided, not done.
_DECISION_LEAD = _RULES.regex("decision_lead")
_DECISION_END = _RULES.regex("decision_end")
# What a list lead-in follows when it sums up gains (`…继续出现积极变化。主要表现在：`): the list
# it opens tells achievements, not problems.
_PRAISE_LEAD = _RULES.regex("praise_lead")
# An inspection body or its work named (`督查组`, `巡视`): a news paragraph that names one reports it.
_INSPECTION_WORK = _RULES.regex("inspection_work")
# A problem said not to have occurred (`未出现…不合格网站`): a lagging cue after it states nothing.
_NEGATED_PROBLEM = _RULES.regex("negated_problem")
# An achievement that stands out (`成绩突出`): the lagging `突出` of a problem, read as praise.
_ACHIEVED = _RULES.regex("achieved")
_SHORT_CLAUSE = 14
# A line this long that holds most of a document's text is a flattened page (`_pieces`).
_FLAT_LINE = 1000
# A piece this short that is its own cue (`稳步推进`, `有序推进`) is a result without an object,
# not a new work item: it ends the items stated verb first before it.
_BARE_RESULT = 4
# A run of explicit cues past this many characters states several pieces of work: a later cue
# of the same status starts a statement of its own (each item of a long list told on its own).
_LONG_STATEMENT = 60
# A document's opening: its headline, a dateline and the first clauses of its lead. On check, a
# first statement that starts here was right 14% of the time (none before 50), against 79% on dev,
# where the right ones carry an explicit cue (`已…`, `完成…`, `截至…`) or start an item. A text
# shorter than twice the opening has no body beyond its lead: all of it is the statement.
_OPENING = 100
_OPENED_BODY = 2 * _OPENING
_OPENING_CUE = _RULES.regex("opening_cue")
# What work shows or weighs (`彰显了…`, `为…奠定了坚实基础`, `发挥了重要作用`): masked to its
# piece's end before the piece's cues are read (`progress.commentary.v1`).
_COMMENTARY = _RULES.regex("commentary")
# What a body says it will do (`…将继续…`, `拟在…`, `下一步`): a review word after it states a measure.
_COMMITMENT = _RULES.regex("commitment")
# A piece that is only a figure's share or change (`占…的25.73%`, `同比增长3.3%`): part of the
# statement before it.
_FIGURE_TAIL = _RULES.regex("figure_tail")
# A review's piece that ends by denying how well work was done (`执行…规定不严格`): a shortfall.
_NEGATED_QUALITY = _RULES.regex("negated_quality")
_QUALITY_RULE = "progress.negated_quality.v1"
# A letter's account of what its addressee asked (`你省请求，…`): the rest of the sentence.
_ADDRESSEE_REQUEST = _RULES.regex("addressee_request")
# A sentence that opens on a cause (`由于…，所以…`): an explanation.
_EXPLANATION = _RULES.regex("explanation")
# Where things stand now (`…，目前…已…`) starts a statement of its own (`progress.fresh_anchor.v1`).
_FRESH_ANCHOR = _RULES.regex("fresh_anchor")
_log = logging.getLogger(__name__)
_MIN_LEN = 6
_MIN_STATEMENTS = 2
_MIN_REPORT_PARAGRAPHS = 3
# In a document that calls itself a report, a paragraph stating progress outweighs this many that
# set requirements: a report's review ends its items with purposes (`…，确保不落一件`).
_REPORT_WEIGHT = 2
_GLUED = 40
_PREDICATES = "progress_predicates.txt"
# Tags of the same mined file: words that overcome a problem (`克服`, `顶住`, `攻坚`) and the clause
# endings they take as objects (`…困难`, `…压力`): `克服多重困难` is work done, not a shortfall; and
# words after which a problem is there after all (`存在`, `面临`).
_OVERCOME, _OBJECT, _EXISTS = "overcome", "object", "exists"
# What closes a piece after its last word (punctuation, closing quotes and brackets, a lead-in's
# colon): a clause-final predicate is read before it (`final_entry`).
TRAILING_PUNCT = '。！？!?；;，, ”"）)：:'
_STATUSES: tuple[ProgressStatus, ...] = ("done", "in_progress", "lagging", "planned")
# Groups read together, as they are acted on alike: a requirement cuts the clause; an aside
# (attribution, summary rate, condition) closes the statement before it.
_JOINED = {"requirement": ("directive", "request"), "aside": ("attribution", "rate", "condition")}
# The groups of `rules/progress.yaml` this finder reads (checked when the file is loaded).
_GROUPS = (
    "status", "directive", "action_start", "proceedings", "request", "condition", "attribution",
    "rate", "figure", "plan_heading", "review_heading", "later_year_heading", "heading_year", "review_lead",
    "review_lead_glued", "plan_lead",
    "heard_lead", "meeting_turn", "problems_lead", "report_frame", "inspection", "apart_rate",
)  # fmt: skip
_NAMED_GROUP = re.compile(r"\(\?P<[a-z_]+>")


def _apart(joined: re.Pattern[str], rules: list[Rule]) -> bool:
    """Whether a group is asked rule by rule because its joined alternation skips no text
    (`regex_screen.skips`: no screen, no first characters to skip to) where each of its rules
    does. Some `status` rules open with any Chinese character (`[一-鿿]了`, `[一-鿿]完成`), so the
    joined pattern is tried in full at every character (apart: twice as fast). One rule that opens with a negated run (`wish`'s `[^，。；,;]{0,10}?希望`) and
    one that needs no word (`directive`'s many modals) cost the joined pattern both its look-ahead
    and its screen: `directive`, `requirement` and `proceedings` were tried at every character of
    every piece. Apart, each rule skips to its own start or is screened out: on the 70,000 texts
    500 real documents ask of those three groups, 0.25 s → 0.10 s, the same answers."""
    return len(rules) > 1 and not skips(joined) and all(skips(rule.regex) for rule in rules)


_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:" + MEASURE_WORDS + ")")
# A run-in heading's most characters (`_leads`), and the punctuation that splits a sentence in clauses.
_RUN_IN = 12
_INNER_BREAK = re.compile(r"[，,；;：:]")
# A heading's number (`一、`, `（二）`, `3.`), left out of its bigrams (the long-report model's).
_HEADING_NUMBER = _RULES.regex("heading_number")


@dataclass
class Candidate:
    """A clause the learned model reads: its span on the plain view, its features, the status the
    rules' cues give it, whether a rule statement touches it, and where it stands."""

    start: int
    end: int
    features: list[str]
    status: ProgressStatus
    covered: bool
    kind: str
    sentence: int
    clause: int
    # The rule statements (indices in the finder's output, in reading order) the clause touches.
    owners: tuple[int, ...] = ()
    # Whether it lies in a long work report's review (`_Reading.long_report`, a paragraph read as a
    # review), and there the further features the long-report model reads (`_review_features`).
    scope: bool = False
    extra: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Reading:
    """How the whole document reads (see `_find`): features of each of its clauses."""

    kind: str | None
    as_report: bool
    policy_like: bool
    news: bool
    report: bool
    # Where the paragraphs that head the document start (`_headlines`): they state nothing.
    headlines: frozenset[int] = frozenset()
    # Whether it is a long work report (read as a report, `LONG_REPORT` characters or more), whose
    # review paragraphs the long-report model reads (`progress_model.REVIEW_PROVENANCE`).
    long_report: bool = False


def join_runs(
    chosen: list[Candidate], between: Callable[[Candidate, Candidate], str]
) -> list[list[Candidate]]:
    """Chosen clauses in runs: the next clause of the same sentence with the same status joins the
    run (one statement per status change); anything but punctuation `between` them ends it."""
    runs: list[list[Candidate]] = []
    for c in chosen:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and last.status == c.status
            and c.sentence == last.sentence
            and c.clause == last.clause + 1
            and not between(last, c).strip("；;：:， ")
        ):
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def _leads(masked: str, start: int, end: int) -> frozenset[int]:
    """The sentences of a paragraph (their indices) that head it rather than state its work: its
    first sentence (a topic sentence, numbered or not: `（三）…，…成效明显。`, `这一年，面对…，我们…`),
    the one after an exclamation that opens it (`各位代表！过去一年，我们…`), and each run-in heading
    further on: a sentence of one clause, at most `_RUN_IN` characters and no figure
    (`…万元。园区发展提质增效。园区亩均产值…`). The long-report model leaves them to the progress
    model: in a long report's review they name a field of work or sum it up; the work done is
    stated in the sentences after them."""
    out: set[int] = {0}
    for i, m in enumerate(_SENTENCE.finditer(masked, start, end)):
        body = m.group().strip()
        if i == 0 and body[-1:] in "！!":
            out.add(1)
        body = body.rstrip("。！？!?")
        if len(body) <= _RUN_IN and not _INNER_BREAK.search(body) and not any(ch.isdigit() for ch in body):
            out.add(i)
    return frozenset(out)


def _review_features(
    masked: str,
    start: int,
    end: int,
    heading: str,
    reviewed: bool,
    reading: _Reading,
    rules: list[str],
    at: int,
    features: list[str],
) -> list[str]:
    """The further features the long-report model reads of a clause `masked[start:end]` (the
    `at`-th unit of its paragraph, whose units came from `rules`, "" for a bare clause; `heading`
    the line above the paragraph, `reviewed` whether it is a review heading), besides its `features`. A long report's review holds many clauses of work done without any cue word,
    and also what reads like them but states nothing: a work item's own heading run into its
    paragraph (`一是在…中…。`), the year's setting, a target, a lead-in to problems. What tells
    them apart is where the clause stands (the heading above its paragraph, whether it is its
    sentence's only clause, the punctuation after it), how it opens and closes (bigrams and
    trigrams of its first 8 and last 6 characters), the verb after `已`, and what its neighbours
    are (the rule each came from)."""
    body = masked[start:end]
    after = masked[end : end + 1] or "$"
    head = _HEADING_NUMBER.sub("", heading)[:24]
    kind = reading.kind or ""
    out = [
        "x:scope",
        f"xa:{after}",
        f"xh:{bool(heading):d}",
        f"xhr:{reviewed:d}",
        f"xp:{_family(rules[at - 1]) if at and rules[at - 1] else ('cl' if at else '^')}",
        f"xn:{_family(rules[at + 1]) if at + 1 < len(rules) and rules[at + 1] else ('cl' if at + 1 < len(rules) else '$')}",
    ]
    out += ["xhb:" + head[i : i + 2] for i in range(len(head) - 1)]
    lead, tail = body[:8], body[-6:]
    out += ["xo2:" + lead[i : i + 2] for i in range(len(lead) - 1)]
    out += ["xo3:" + lead[i : i + 3] for i in range(len(lead) - 2)]
    out += ["xe2:" + tail[i : i + 2] for i in range(len(tail) - 1)]
    out += ["xe3:" + tail[i : i + 3] for i in range(len(tail) - 2)]
    done = body.find("已")
    if done >= 0:
        out.append("xy:" + body[done + 1 : done + 3])
    out += [f"xk:{kind}:{f[2:]}" for f in features if f.startswith("w:")]
    if _FIGURE.search(body):
        out.append(f"xk:{kind}:fig:{after}")
    return out


def _family(rule_id: str) -> str:
    """A rule's id without its version (`progress.done_already`): the learned model's feature for
    the rule a candidate came from, so that a rule's new version keeps the weights it was trained
    with instead of falling to an unseen (hashed, colliding) feature until the model is retrained."""
    return rule_id.rsplit(".v", 1)[0]


def _unnamed(pattern: str) -> str:
    """A rule's pattern with its named groups made plain, so that several can be joined."""
    return _NAMED_GROUP.sub("(?:", pattern)


def _progress_columns(header: list[str]) -> list[int]:
    """The columns of a table header that tell where each row's work stands (`当前进度`,
    `推进情况`, `完成率`), not its schedule or target (`进度安排`, `计划进度`)."""
    return [i for i, h in enumerate(header) if _PROGRESS_COLUMN.search(h) and not _SCHEDULE_COLUMN.search(h)]


def _table_rows(doc: Document) -> list[tuple[Block, list[str]]]:
    """The data rows of the document's tables, each with its table's header. The layout gives a
    header to the rows of a table laid out a cell to a line; a table set out with `|` carries none,
    and its first row is taken as the header when its cells are short names (`_HEADER_CELL`), one of
    them a column of progress or of a plan (`当前进度`, `计划完成时间`, `牵头单位`)."""
    out: list[tuple[Block, list[str]]] = []
    header: list[str] = []
    previous = ""
    for block in doc.blocks:
        if block.kind != "table_row" and _RULE_LINE.fullmatch(doc.text, block.start, block.end):
            continue  # a Markdown table's rule under its header (`|---|---|`) is inside the table
        first = block.kind == "table_row" and previous != "table_row"
        previous = block.kind
        if block.kind != "table_row":
            header = []
            continue
        if block.header:
            header = block.header
        elif first:
            names = [doc.text[s:e].strip() for s, e in block.cells]
            if all(len(n) <= _HEADER_CELL for n in names) and (
                _progress_columns(names) or _PLAN_COLUMN.search("|".join(names))
            ):
                header = names
                continue
        out.append((block, header))
    return out


@dataclass(frozen=True)
class _Tables:
    """A document's tables as the finder reads them, found once per document (`_tables`).

    `tasks`: where the rows of a task table start, a table whose header names when or by whom the
    work is due (`计划完成时间`, `牵头单位`) and no column for its progress (`进展情况`, `完成率`): its
    rows are the tasks themselves (`新建停车场3处`), planned work even in a report.
    `rows` and `cells`: the rows of a progress table and their progress cells, on the document's
    text, a table whose header has a column telling where each row's work stands (`序号 | 项目内容 |
    当前进度 | 牵头单位`). Such a table states one status per row, in that cell (`80%（…进度滞后）`,
    `已完成`); its task cell names the work (a measure, not progress) and its other cells who and
    when, so a row's progress is read from its progress cell alone, whatever the rest says."""

    tasks: frozenset[int]
    rows: list[tuple[int, int]]
    cells: list[tuple[int, int]]


def _tables(doc: Document) -> _Tables:
    """The document's task rows and progress tables (`_Tables`), from one walk of its table rows."""
    tasks: set[int] = set()
    rows: list[tuple[int, int]] = []
    cells: list[tuple[int, int]] = []
    for block, header in _table_rows(doc):
        columns = _progress_columns(header)
        if columns:
            rows.append((block.start, block.end))
            cells += [block.cells[i] for i in columns if i < len(block.cells)]
        elif _PLAN_COLUMN.search("|".join(header)):
            tasks.add(block.start)
    return _Tables(frozenset(tasks), rows, cells)


@dataclass(frozen=True)
class _StatusRule:
    """A status rule as the finder asks it of a piece, read from the rule once: its id, the status
    it states, its `review_only` mode, its screened search and the screen alone (None: none)."""

    id: str
    status: ProgressStatus
    # `true` or `unless_report` in the rule file, False when absent. (Not `object`: a dataclass
    # compiled by mypyc with an `object` field failed at import, `KeyError: 'object'`.)
    review_only: bool | str
    search: Search
    screen: Callable[[str], bool] | None


@dataclass
class _Group:
    start: int
    end: int
    status: ProgressStatus
    rule: str
    already: bool
    explicit: bool

    def run_on(self, end: int, explicit: bool, already: bool = False) -> None:
        """The statement runs on over a piece up to `end`, taking what the piece's cue tells."""
        self.end = end
        self.already = self.already or already
        self.explicit = self.explicit or explicit


@dataclass(frozen=True)
class ProgressFinder:
    rules: RuleFile
    predicates: dict[str, ProgressStatus] = field(default_factory=dict)
    # Each group's rules as one alternation, so that a piece is tested with one search per group
    # (progress reads every clause of every document; this keeps it near the cost of tokenising).
    combined: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False)
    # Answers of `_paragraph` and `_status` by what they read, for the document being read: every cued
    # paragraph is read twice (whether the document reads as a report, then its statements), and
    # its pieces are asked the same questions both times. Emptied after each document.
    memo: dict[tuple[object, ...], object] = field(default_factory=dict, compare=False, repr=False)
    # Whether a text matches a status rule (`_cued`), for the document being read.
    cued: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    # The status rules, in order, that may match within the paragraph being read (`_within`); at
    # the bottom, all of them.
    scope: list[tuple[_StatusRule, ...]] = field(default_factory=list, compare=False, repr=False)
    # How `_has` asks each group: its combined alternation, or (`_apart`) its rules one by one;
    # each search screened by the words its matches need (`regex_screen`), so that a rule that
    # would try every character of a piece is not run where its keyword is missing.
    searches: dict[str, Callable[[str], bool]] = field(default_factory=dict, compare=False, repr=False)
    # Each rule's screened search, by rule id, for the finder's rule-by-rule readings.
    rule_search: dict[str, Search] = field(default_factory=dict, compare=False, repr=False)
    # The learned decision for the clauses the rules leave out (`progress_model`); None: rules only.
    model: ProseModel | None = field(default=None, compare=False, repr=False)
    # The long-report model: it reads the clauses of a long work report's review instead (None: the
    # model above reads them too).
    review_model: ProseModel | None = field(default=None, compare=False, repr=False)
    # Mined with the predicates: words that overcome a problem and the endings they take as objects.
    overcome: re.Pattern[str] | None = None
    objects: frozenset[str] = frozenset()
    exists: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        groups = {g: [_unnamed(rule.regex.pattern) for rule in rs] for g, rs in self.rules.groups.items()}
        for name, members in _JOINED.items():
            groups[name] = [p for g in members for p in groups[g]]
        self.combined.update({g: re.compile("|".join(f"(?:{p})" for p in ps)) for g, ps in groups.items()})
        self.rule_search.update({rule.id: screened(rule.regex) for rule in self.rules.rules})
        for g, pattern in self.combined.items():
            # A group whose every branch opens at the text's start (`plan_heading`, `plan_lead`) is
            # tried there alone (`GroupMatcher`), not at every character as its alternation's
            # search tries it: on 733 real documents those groups took half the time.
            rules = [r for member in _JOINED.get(g, (g,)) for r in self.rules.by_group(member)]
            if _apart(pattern, rules):
                self.searches[g] = any_match(tuple(self.rule_search[r.id] for r in rules))
                continue
            matcher = GroupMatcher(tuple(rule.regex for rule in rules))
            self.searches[g] = any_match(
                (matcher.screened(word_screen).search,) if matcher.anchored_only else (screened(pattern),)
            )
        self.scope.append(
            tuple(
                _StatusRule(
                    rule.id, rule.get("status"), rule.get("review_only", False),
                    self.rule_search[rule.id], may_match(rule.regex),
                )
                for rule in self.rules.by_group("status")
            )
        )  # fmt: skip

    @classmethod
    def default(
        cls, learned: bool = True, model: ProseModel | None = None, review_model: ProseModel | None = None
    ) -> ProgressFinder:
        """The shipped rules with the shipped models (`learned`), or with `model` and `review_model`
        when given (models trained without some documents, to score them held out)."""
        predicates: dict[str, ProgressStatus] = {}
        words: dict[str, list[str]] = {_OVERCOME: [], _OBJECT: [], _EXISTS: []}
        for phrase, tag in load_lexicon_entries(_PREDICATES):
            status = next((s for s in _STATUSES if s == tag), None)
            if status is not None:
                predicates[phrase] = status
            elif tag in words:
                words[tag].append(phrase)
        if model is None and learned:
            model = load_progress_model()
        if review_model is None and learned:
            review_model = load_progress_model(REVIEW_MODEL_PATH)
        return cls(
            load_rule_file("progress").require(_GROUPS),
            predicates,
            model=model,
            review_model=review_model,
            overcome=_alternation(words[_OVERCOME]),
            objects=frozenset(words[_OBJECT]),
            exists=_alternation(words[_EXISTS]),
        )

    def _has(self, group: str, text: str) -> bool:
        """Whether a rule of `group` matches `text`, asked afresh each time: on 587 real documents
        five in six of these questions were new to the document, and keeping every answer (a key,
        a lookup and a store each) cost more than the screened searches the repeats would run."""
        return self.searches[group](text)

    def _rate_only(self, piece: str) -> bool:
        """Whether an aside is a rate alone (`按期办结率100%`), not an attribution or a condition,
        nor a rate that stands apart (`污水收集率不足50%`, a shortfall; `整改完成率76%`, a summary)."""
        return (
            self._has("rate", piece)
            and not self._has("apart_rate", piece)
            and not self._has("attribution", piece)
            and not self._has("condition", piece)
        )

    def _cued(self, text: str) -> bool:
        """`_has("status", text)`, kept for the document: the status rules are many and each is
        asked of a piece in turn, and a quarter of the pieces asked are asked again (a paragraph's
        two readings, a piece read whole and as its `、` parts), where the other groups' single
        searches cost less than keeping their answers (`_has`). Emptied after each document."""
        known = self.cued.get(text)
        if known is None:
            known = False
            for rule in self.scope[-1]:
                if rule.search(text) is not None:
                    known = True
                    break
            self.cued[text] = known
        return known

    def _within(self, paragraph: str) -> tuple[_StatusRule, ...]:
        """The status rules that may match in `paragraph` or any part of it: those of the scope it
        lies in (the document's, `_find`) whose screen finds a word every match needs
        (`regex_screen.may_match`) in the paragraph, or that have none. A word missing from the
        paragraph is missing from each of its pieces, so the others cannot match there: its
        pieces, each asked about every status rule in turn, skip them."""
        return tuple(r for r in self.scope[-1] if r.screen is None or r.screen(paragraph))

    def _search(self, group: str, text: str) -> re.Match[str] | None:
        found = [m for rule in self.rules.by_group(group) if (m := self.rule_search[rule.id](text))]
        return min(found, key=lambda m: m.start()) if found else None

    def find(self, doc: Document) -> list[Progress]:
        try:
            found, _ = self._find(doc, self.model is not None)
            return self._without_news_lead(found) if len(doc.text) >= _OPENED_BODY else found
        finally:
            self.memo.clear()
            self.cued.clear()

    def _without_news_lead(self, found: list[Progress]) -> list[Progress]:
        """`found` without a first statement that is the document's news rather than a task's status.

        An item's opening tells what the item is about: a report published or a case made public
        (`审计署今天发布了…报告`, `中央纪委日前对…进行了公开曝光`), inspectors sent or an inspection begun,
        a meeting's deliberation, the setting it follows (`党的十八大以来，…取得明显成效`). The clause rules read
        its `了`-forms, figures and verbs as work done, but it states no task's progress; the statements
        after it do. An opening that carries an explicit cue (`已基本办结`, `完成…督查工作`, `截至…`,
        `开始陆续关停`) or a shortfall (lagging) does state one, and so does one that starts an item
        (`（七）社会治理持续加强`: an excerpt that begins inside a report) or opens as a review
        (`过去一年，全区新建…`: a work report's first paragraph).
        """
        if not found:
            return found
        first = min(found, key=lambda p: p.start)
        if (
            first.start >= _OPENING
            or first.status == "lagging"
            or _OPENING_CUE.search(first.text)
            or _ENUMERATED.match(first.text)
            or self._has("review_lead", first.text)
        ):
            return found
        _log.debug("progress: opening statement read as the news itself: %s", first.text[:40])
        return [p for p in found if p is not first]

    def candidates(self, doc: Document) -> tuple[list[Progress], list[Candidate]]:
        """The rules' statements and every clause of the paragraphs that may state progress, with
        the features the learned model reads (for training: the covered clauses too)."""
        try:
            return self._find(doc, True, model=False)
        finally:
            self.memo.clear()
            self.cued.clear()

    def _find(
        self, doc: Document, clauses: bool, model: bool = True
    ) -> tuple[list[Progress], list[Candidate]]:
        # Read on the plain view: pinyin a mirror site inserted (`進(jìn)展`) would break every
        # cue. Spans found there map back through `offsets` to slices of the document's text.
        text, offsets = plain_view(doc.analysis_text)
        offsets.append(len(doc.analysis_text))
        masked = _QUOTED.sub(lambda m: "□" * len(m.group()), text)
        # Every text read below is a slice of `masked`: a status rule whose words the document
        # lacks matches none of them, and is not asked (`_within`, as for a paragraph).
        self.scope.append(self._within(masked))
        try:
            out, found = self._read_document(doc, text, offsets, masked, clauses, model)
        finally:
            self.scope.pop()
        ranks, lines = _rankings(masked, _line_breaks(doc, offsets))
        if ranks:
            # The rank lines are read as ranks only: what the clause rules made of them (a rank's
            # names run into the next rank's on a flattened page) is dropped.
            spans = [(offsets[s], offsets[e]) for s, e in lines]
            out = [p for p in out if not any(p.start < e and p.end > s for s, e in spans)]
            out += [
                self._progress(doc, text, offsets, s, e, status, f"rule:{_RANKING_RULE}")
                for s, e, status in ranks
            ]
            out.sort(key=lambda p: p.start)
        return out, found

    def _read_document(
        self, doc: Document, text: str, offsets: list[int], masked: str, clauses: bool, model: bool
    ) -> tuple[list[Progress], list[Candidate]]:
        """`_find` on the document's plain view `text` (`offsets` map it back) and `masked`."""
        tables = _tables(doc)
        headings: list[str] = []
        paragraphs = self._paragraphs(doc, masked, offsets, tables, headings)
        kind = doc.meta.kind
        if kind in ("policy", "other") and _MEETING_OPENING.search(masked, 0, _KIND_OPENING):
            kind = "minutes"  # a read-out given another kind: read as the minutes it is
        # Whether the document reads as a report, from its paragraphs: more that state progress
        # than that set requirements. The kind is a hint only, as scraped pages misread it.
        report = kind == "report"
        directs: list[bool] = []
        # Whether each paragraph has an explicit cue: the status alternation is long, so it is
        # searched once per paragraph and the answer reused by the second reading below. A
        # paragraph that sets a requirement is searched only where a later reading needs its answer
        # (None until then, `_all_cues`): in a policy-like document none does.
        early: list[bool | None] = []
        stating = 0
        # Whether each paragraph reports an inspection's work: names the inspection, states work done,
        # under way or planned with an explicit cue (`派出8个督查组…`, `督察工作今天全面启动`,
        # `拟于10月组织开展…大督查`) and sets no requirement. In a news item that is the paragraph's
        # role, whatever the rest of the item does; one that only lists problems found (`…现象突出`)
        # is an exposure, and other news (a directive issued, a law quoted) tells no task's progress.
        reporting: list[bool] = []
        for start, end in paragraphs:
            # A requirement, or a task stated verb first (`27．推进…`), with no statement of progress.
            # A paragraph that sets a requirement counts neither as stating nor as reporting: its
            # statements are not read here (policies are mostly such paragraphs, and this reading
            # of them was a fifth of the finder's time on real text).
            directive = self._has("directive", masked[start:end])
            # Outside a review only explicit cues make statements: a paragraph without one has none.
            cued = None if directive else self._cued(masked[start:end])
            early.append(cued)
            groups = self._paragraph(masked, start, end, False, report, False) if cued else []
            states = any(g.explicit for g in groups)
            directs.append(
                directive or (not report and not groups and self._has("action_start", masked[start:end]))
            )
            stating += states and not directs[-1]
            reporting.append(
                not directs[-1]
                and any(g.explicit and g.status != "lagging" for g in groups)
                and bool(_INSPECTION_WORK.search(masked, start, end))
            )
        directing = sum(directs)
        as_report = (
            kind != "minutes"
            and stating >= (1 if kind == "report" else _MIN_REPORT_PARAGRAPHS)
            and stating >= directing
        )
        least = 1 if kind in ("report", "minutes") else _MIN_STATEMENTS
        # A document read as `other` (a news item, a list of problems exposed) states progress only
        # where a paragraph opens as a review (`截至…`, `一年来…`), reports work (`reporting`) or the
        # whole reads as a report: its other explicit cues tell of events and problems found.
        news = kind == "other" and not as_report
        # A document that sets more requirements than it states progress reads as a policy: only
        # what it opens as a review (`过去一年…`, `截至目前…`) can state progress there.
        policy_like = (
            not as_report and kind != "minutes" and directing > stating * (_REPORT_WEIGHT if report else 1)
        )
        out: list[Progress] = []
        heads = _headlines(masked, paragraphs)
        # Each paragraph's role for the learned model: whether it reads as a review, and the
        # spans (on the plain view) of the statements the rules made in it.
        roles: list[tuple[bool, list[tuple[int, int]]]] = []
        for (line_start, line_end), known, reports in zip(paragraphs, early, reporting, strict=True):
            body = masked[line_start:line_end]
            # A paragraph that opens with what comes next (`下一步，…`) is the report's own plan, even
            # in its review: only an explicit cue states progress there (`…，预计年底前完成`).
            plan = self._has("plan_lead", body)
            review = not plan and (
                as_report or self._has("review_lead", body) or self._has("review_lead_glued", body[:_GLUED])
            )
            spans: list[tuple[int, int]] = []
            roles.append((review, spans))
            if line_start in heads:
                continue
            for start, end, as_review in self._readings(masked, line_start, line_end, review):
                whole = (start, end) == (line_start, line_end)
                # Outside a review a policy-like document states nothing: its paragraphs are not read.
                if not as_review and (
                    policy_like
                    or (news and not reports)
                    or not (self._cued(masked[start:end]) if known is None or not whole else known)
                ):
                    continue
                groups = self._paragraph(masked, start, end, as_review, report, as_report and not plan, True)
                if plan:
                    groups = [g for g in groups if g.explicit]
                if not as_review and sum(g.explicit for g in groups) < (1 if news else least):
                    continue
                for g in groups:
                    span = self._trimmed(text, g.start, g.end)
                    if span is None:
                        continue
                    spans.append(span)
                    out.append(self._progress(doc, text, offsets, *span, g.status, f"rule:{g.rule}"))
        if not out and report:
            cues = self._all_cues(masked, paragraphs, early)
            out += self._second_reading(doc, text, offsets, masked, paragraphs, cues, directs, roles, heads)
        out = self._cases(doc, text, offsets, masked, out, paragraphs, roles)
        if kind != "policy" or as_report:  # a law's or a policy's sanctions are conditions it sets
            out = self._sanctions(doc, text, offsets, masked, out, paragraphs, roles, heads)
        if out:
            out = self._siblings(doc, text, offsets, masked, out, paragraphs, roles)
            out = _assigned(masked, offsets, out)
        cells = self._cells(doc, tables)
        if cells:
            out = sorted(out + cells, key=lambda p: p.start)
        # The model adds nothing where the rules found nothing in a document of another kind than a
        # report or minutes: on dev it adds nothing right there, and the cross-check reads such a
        # document as a report itself (`crosscheck_measures.progress_of`), which a statement added here
        # would stop. Its clauses are then not read at all (unless for training).
        if not clauses or (model and not (out or kind in ("report", "minutes"))):
            return out, []
        reading = _Reading(
            kind, as_report, policy_like, news, report, heads, as_report and len(masked) >= LONG_REPORT
        )
        cues = self._all_cues(masked, paragraphs, early)
        found = self._clauses(
            doc, masked, paragraphs, cues, directs, roles, reading, headings, training=not model
        )
        if model and self.model is not None:
            out += self._learned(doc, text, offsets, found)
            out.sort(key=lambda p: p.start)
        return out, found

    def _cases(
        self,
        doc: Document,
        text: str,
        offsets: list[int],
        masked: str,
        out: list[Progress],
        paragraphs: list[tuple[int, int]],
        roles: list[tuple[bool, list[tuple[int, int]]]],
    ) -> list[Progress]:
        """The cases a notice lists after a lead-in that counts them (`这8起典型问题分别是：`), one
        lagging statement each (`done` where a case is told by its sanction, `…被问责`): a case is
        told by who did what (`某某违规收受礼金问题`), mostly with no cue word, so the list's layout
        says it. The items run from the lead-in to its paragraph's
        end and on, line after line, up to the notice's own words about them (`…强调，`), a
        requirement or a line too long to be a case, or up to an item that turns back to them all
        (`上述…`); an item a statement already touches keeps it."""
        leads = list(_CASE_LEAD.finditer(masked))
        if not leads:
            return out
        starts = [s for s, _ in paragraphs]
        taken = [(bisect_left(offsets, p.start), bisect_left(offsets, p.end)) for p in out]
        added: list[Progress] = []
        for lead in leads:
            at = bisect_right(starts, lead.start()) - 1
            if at < 0 or lead.start() >= paragraphs[at][1]:
                continue
            spans = [(lead.end(), paragraphs[at][1])]
            for start, end in paragraphs[at + 1 :]:
                body = masked[start:end]
                if len(body) > _CASE_LINE or _CASE_END.search(body) or self._has("directive", body):
                    break
                spans.append((start, end))
            items = [m.span() for start, end in spans for m in _ITEM.finditer(masked, start, end)]
            for s, e in items:
                if _CASE_END.search(masked[s:e]):
                    break
                if any(a < e and s < b for a, b in taken):
                    continue
                span = self._trimmed(text, s, e)
                if span is None:
                    continue
                taken.append(span)
                status: ProgressStatus = "done" if _CASE_SANCTION.search(masked[s:e]) else "lagging"
                added.append(self._progress(doc, text, offsets, *span, status, f"rule:{_CASE_RULE}"))
                _cover(roles, starts, span)
        return sorted(out + added, key=lambda p: p.start) if added else out

    def _sanctions(
        self,
        doc: Document,
        text: str,
        offsets: list[int],
        masked: str,
        out: list[Progress],
        paragraphs: list[tuple[int, int]],
        roles: list[tuple[bool, list[tuple[int, int]]]],
        heads: frozenset[int],
    ) -> list[Progress]:
        """What a notice says was done about its cases, wherever it says it: a clause whose
        predicate is a sanction (`…，受到严肃处理`, `某某等人因…不力被问责`, `上述人员均受到…处分`) is a
        `done` statement, and where it closes a sentence that opens its paragraph by telling a
        misconduct (`甲、乙等人违规收受礼品礼金等，受到严肃处理`: the newer notices tell all their cases
        so, in one sentence with no lead-in counting them), the clauses before it are that case,
        `lagging` (one statement per status, as a report's `完成…；持续整改…`). The cue is the
        predicate, not a word a status rule reads (`受到` is a review's word only), so a notice read
        as news had none. A statement already there keeps its span; one that ends on the sanction
        takes its status (`…因履职不力被问责` is the sanction, not the shortfall `不力`); names before the
        sanction with no misconduct told are its subject (`甲，乙等人因…被问责`: one statement). A
        headline (`heads`) is not read: its sanction is the item's news."""
        if "受到" not in masked and "被" not in masked:
            return out
        starts = [s for s, _ in paragraphs]
        taken = [(bisect_left(offsets, p.start), bisect_left(offsets, p.end)) for p in out]
        added: list[Progress] = []
        for line_start, line_end in paragraphs:
            if line_start in heads:
                continue
            for sentence in _ITEM.finditer(masked, line_start, line_end):
                clauses = list(_COMMA_CLAUSE.finditer(masked, *sentence.span()))
                for k, clause in enumerate(clauses):
                    before = masked[clauses[k - 1].start() : clause.start()] if k else ""
                    if not _SANCTION.search(clause.group()) or _SANCTION_MODAL.search(
                        before + clause.group()
                    ):
                        continue
                    span = self._trimmed(text, *clause.span())
                    if span is None:
                        break
                    touching = [
                        i for i, (a, b) in enumerate(taken[: len(out)]) if a < span[1] and span[0] < b
                    ]
                    for i in touching:
                        if out[i].status == "lagging" and taken[i][1] == span[1] and taken[i][0] <= span[0]:
                            out[i] = replace(out[i], status="done")
                    if touching:
                        break
                    found: list[tuple[tuple[int, int], ProgressStatus, str]] = [
                        (span, "done", _SANCTION_RULE)
                    ]
                    case = self._trimmed(text, sentence.start(), clauses[k - 1].end()) if k else None
                    if (
                        case is not None
                        and not _CASE_BACK.match(masked, case[0])
                        and not any(a < case[1] and case[0] < b for a, b in taken)
                    ):
                        if not _MISCONDUCT.search(masked, *case):  # only who (`甲，乙等人因…被问责`)
                            found = [((case[0], span[1]), "done", _SANCTION_RULE)]
                        elif not masked[line_start : sentence.start()].strip():  # a case told first
                            found.insert(0, (case, "lagging", _SANCTION_CASE_RULE))
                    for (a, b), status, rule in found:
                        taken.append((a, b))
                        added.append(self._progress(doc, text, offsets, a, b, status, f"rule:{rule}"))
                        _cover(roles, starts, (a, b))
                    break
        return sorted(out + added, key=lambda p: p.start) if added else out

    def _siblings(
        self,
        doc: Document,
        text: str,
        offsets: list[int],
        masked: str,
        out: list[Progress],
        paragraphs: list[tuple[int, int]],
        roles: list[tuple[bool, list[tuple[int, int]]]],
    ) -> list[Progress]:
        """The items of a list of shortfalls that state theirs without a cue word. A list is a run
        of items joined by `；` (within a sentence, or line after line each closed by `；`), as an
        inspection's or an audit's findings are set out (`甲单位…问题突出；乙单位…违规决策导致…流失；
        丙单位…处理不到位。`): an item no statement touches, next to an item that states a shortfall,
        is one too, whatever its own predicate (one item per statement, as the finding is told).
        The layout says it, not the words: items that set requirements, lead into something (`：`),
        or tell something else (a statement of another status) are not read so, and they end the
        run a shortfall spreads along."""
        items = _list_items(masked, _LIST_CLOSE)
        if not any(len(run) > 1 for run in items):
            return out
        back = [bisect_left(offsets, p.start) for p in out], [bisect_left(offsets, p.end) for p in out]
        starts = [p for p, _ in paragraphs]
        added: list[Progress] = []
        for run in items:
            if len(run) < 2:
                continue
            states: list[str | None] = []
            for s, e in run:
                touching = [out[i] for i in range(len(out)) if back[0][i] < e and s < back[1][i]]
                # A shortfall read from a cue word (`不到位`, `问题突出`, `仍未`), not from a mined
                # predicate or the learned model: those are weaker, and a list spreads what they say.
                explicit = any(
                    p.status == "lagging"
                    and p.provenance.startswith(_EXPLICIT)
                    and not p.provenance.startswith(_WEAK_SOURCES)
                    for p in touching
                )
                states.append("lagging" if explicit else ("other" if touching else None))
            changed = True
            while changed:
                changed = False
                for i, ((s, e), state) in enumerate(zip(run, states, strict=True)):
                    if state is not None:
                        continue
                    beside = (states[i - 1] if i else None, states[i + 1] if i + 1 < len(run) else None)
                    body = masked[s:e]
                    if (
                        "lagging" not in beside
                        or len(body.strip()) < _MIN_LEN
                        or body.rstrip().endswith(("：", ":"))  # a lead-in to what follows
                        or self._has("requirement", body)
                    ):
                        continue
                    span = self._trimmed(text, s, e)
                    if span is None:
                        continue
                    states[i] = "lagging"
                    changed = True
                    added.append(
                        self._progress(doc, text, offsets, *span, "lagging", f"rule:{_SIBLING_RULE}")
                    )
                    _cover(roles, starts, span)
        return sorted(out + added, key=lambda p: p.start) if added else out

    def _all_cues(
        self, masked: str, paragraphs: list[tuple[int, int]], early: list[bool | None]
    ) -> list[bool]:
        """Each paragraph's cue (`_cued`): the first reading's answer, or asked now where it left
        one unasked (a paragraph that sets a requirement)."""
        return [
            self._cued(masked[start:end]) if cued is None else cued
            for (start, end), cued in zip(paragraphs, early, strict=True)
        ]

    def _second_reading(
        self,
        doc: Document,
        text: str,
        offsets: list[int],
        masked: str,
        paragraphs: list[tuple[int, int]],
        cues: list[bool],
        directs: list[bool],
        roles: list[tuple[bool, list[tuple[int, int]]]],
        heads: frozenset[int],
    ) -> list[Progress]:
        """A report the gate left with no statement, read again: the vote retaken with requirement
        cues that a past event tells (`及时反馈各责任单位，提出了限时整改要求`) not counted as the
        paragraph's own. Where the paragraphs that state progress with an explicit cue and set no
        requirement of their own then match those that do, their explicit statements count: an
        inspection notice that tells what the inspectors did before its ranking lists
        (`…进行了销号整改，取得明显成效`) is a report, while a notice that passes a plan on
        (`现印发给你们，请…`) or a news item of a policy issued, whose paragraphs go on to require,
        stays silent. Statements go to `roles`, so the learned model reads the rest as before."""
        owns = [
            d and self._own_requirement(masked, s, e) for (s, e), d in zip(paragraphs, directs, strict=True)
        ]
        readings = [
            [g for g in self._paragraph(masked, s, e, False, True, False, True) if g.explicit]
            if cued and not own and not review
            else []
            for (s, e), cued, own, (review, _) in zip(paragraphs, cues, owns, roles, strict=True)
        ]
        stating = sum(bool(groups) for groups in readings)
        out: list[Progress] = []
        if not stating or stating < sum(owns):
            return out
        for (start, _), groups, (_, spans) in zip(paragraphs, readings, roles, strict=True):
            for g in groups if start not in heads else []:
                span = self._trimmed(text, g.start, g.end)
                if span is not None:
                    spans.append(span)
                    out.append(self._progress(doc, text, offsets, *span, g.status, f"rule:{g.rule}"))
        return out

    def _cells(self, doc: Document, tables: _Tables) -> list[Progress]:
        """One statement per progress cell of a progress table (`_Tables.cells`), the cell whole.
        Its status: a shortfall anywhere in it (`57%（…偏慢）`) makes it lagging; else its first
        explicit cue (`已完成`, `正在施工`); else a share of the work (`95%`: under way, `100%`: done);
        else under way, as the column says where work stands."""
        out: list[Progress] = []
        for start, end in tables.cells:
            while start < end and doc.text[start].isspace():
                start += 1
            while end > start and doc.text[end - 1].isspace():
                end -= 1
            cell = doc.analysis_text[start:end]  # simplified where the text is traditional
            if not cell or _EMPTY_CELL.match(cell):
                continue
            cues = [rule.status for rule in self.scope[-1] if rule.search(cell)] if self._cued(cell) else []
            share = _PERCENT.search(cell)
            status: ProgressStatus = "in_progress"
            if "lagging" in cues:
                status = "lagging"
            elif cues:
                status = cues[0]
            elif share is not None and float(share.group(1)) >= 100:
                status = "done"
            out.append(
                Progress(
                    text=doc.text[start:end],
                    status=status,
                    start=start,
                    end=end,
                    page=doc.page_at(start),
                    figures=[],
                    provenance=f"rule:{_CELL_RULE}",
                )
            )
        return out

    def _own_requirement(self, masked: str, start: int, end: int) -> bool:
        """Whether a paragraph sets a requirement of its own: a sentence with a requirement cue and
        no `了`-past after its last one. A cue followed by a past form is part of an event told
        (`反馈各责任单位，提出了…要求`); one after the past (`已经市政府同意，现印发给你们，请…`,
        `已超警8天，…要…`) is the paragraph's own."""
        for sentence in _SENTENCE.finditer(masked, start, end):
            body = sentence.group()
            last = max(
                (m.start() for rule in self.rules.by_group("directive") for m in rule.regex.finditer(body)),
                default=None,
            )
            if last is not None and "了" not in body[last:]:
                return True
        return False

    def _readings(self, masked: str, start: int, end: int, review: bool) -> list[tuple[int, int, bool]]:
        """A paragraph's parts and whether each reads as a review. A paragraph that opens with the
        meeting hearing a report (`会议听取了…汇报。`) and is no review otherwise reads as one from
        there up to the first later sentence the meeting itself opens (`会议指出…`, `会议要求…`):
        what sums up the report heard tells what was done; what the meeting says after is its own."""
        if review or not self._has("heard_lead", masked[start:end]):
            return [(start, end, review)]
        cut = next(
            (
                m.start()
                for m in _SENTENCE.finditer(masked, start, end)
                if m.start() > start and self._has("meeting_turn", m.group())
            ),
            end,
        )
        return [(start, cut, True), (cut, end, False)] if cut < end else [(start, end, True)]

    def _trimmed(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """A statement's span without its trailing and leading punctuation and lead word; None
        when what is left is too short to state anything."""
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        while start < end and text[start] in _TRAILING:
            start += 1
        lead = _LEAD_WORD.match(text, start, end)
        start = lead.end() if lead else start
        return None if end - start < _MIN_LEN else (start, end)

    def _progress(
        self,
        doc: Document,
        text: str,
        offsets: list[int],
        start: int,
        end: int,
        status: ProgressStatus,
        by: str,
    ) -> Progress:
        """A statement on the plain view `text[start:end]` as a slice of the document's text."""
        figure = self.rules.by_group("figure")[0].regex
        figures = [int(float(f.group("n"))) for f in figure.finditer(text, start, end)]
        start, end = offsets[start], offsets[end]  # a last character keeps its pinyin
        return Progress(
            text=doc.text[start:end],
            status=status,
            start=start,
            end=end,
            page=doc.page_at(start),
            figures=figures,
            provenance=by,
        )

    def _clauses(
        self,
        doc: Document,
        masked: str,
        paragraphs: list[tuple[int, int]],
        cues: list[bool],
        directs: list[bool],
        roles: list[tuple[bool, list[tuple[int, int]]]],
        reading: _Reading,
        headings: list[str],
        training: bool = False,
    ) -> list[Candidate]:
        """What the learned model reads in the paragraphs that may state progress: the statements
        the rules would make were each paragraph a review, and the `；`-clauses none of those
        touches; each with its features, its status (the statement's, or as the rules' cues read
        the clause, `done` when none), and the rule statements it touches (then it is not added,
        and unless `training` its features are not read). In a long work report's review the
        long-report model's features are read too (with `training`, everywhere)."""
        out: list[Candidate] = []
        size = max(1, len(masked))
        doc_flags = [
            f"dk:{reading.kind}",
            f"rep:{reading.as_report:d}",
            f"pol:{reading.policy_like:d}",
            f"news:{reading.news:d}",
            f"self:{reading.report:d}",
        ]
        stated = sum(1 for _, spans in roles if spans)
        doc_flags.append(f"stated:{min(stated, 3)}")
        first = 0  # the index of the paragraph's first rule statement in the finder's output
        for pi, ((p_start, p_end), cued, directs_, (review, spans)) in enumerate(
            zip(paragraphs, cues, directs, roles, strict=True)
        ):
            if (reading.policy_like and not review) or p_start in reading.headlines:
                # A policy's paragraph with no status cue and no review opening: on dev none of its
                # clauses states progress (2,050 of them), and reading them all costs most of the time.
                first += len(spans)
                continue
            para = [
                f"rv:{review:d}",
                f"cued:{cued:d}",
                f"dir:{directs_:d}",
                f"pst:{min(len(spans), 3)}",
                f"rvk:{review:d}:{reading.kind}",
                f"prev:{bool(pi and roles[pi - 1][1]):d}",
                f"next:{bool(pi + 1 < len(roles) and roles[pi + 1][1]):d}",
                f"dp:{10 * p_start // size}",
            ]
            # The statements the rules would make were the paragraph a review (their bounds and
            # status), then the clauses none of them touches.
            units: list[tuple[int, int, int, int, ProgressStatus | None, str]] = []
            ends = [m.end() for m in _SENTENCE.finditer(masked, p_start, p_end)]
            # Read as a review only where a status cue or a review opening is (a review's reading is
            # the rules' own, kept): elsewhere its clauses alone, as reading costs.
            read = (
                self._paragraph(masked, p_start, p_end, True, reading.report, True, True)
                if review or cued
                else []
            )
            for gi, g in enumerate(read):
                span = self._trimmed(masked, g.start, g.end)
                if span is not None:
                    si = next((i for i, end in enumerate(ends) if span[0] < end), len(ends))
                    units.append((span[0], span[1], si, 2 * gi + 100, g.status, g.rule))
            grouped = [(u[0], u[1]) for u in units]
            for si, sentence in enumerate(_SENTENCE.finditer(masked, p_start, p_end)):
                for ci, clause in enumerate(_CLAUSE.finditer(masked, sentence.start(), sentence.end())):
                    span = self._trimmed(masked, clause.start(), clause.end())
                    if span is not None and not any(a < span[1] and span[0] < b for a, b in grouped):
                        units.append((span[0], span[1], si, ci, None, ""))
            units.sort()
            rows: list[tuple[int, int, bool]] = []
            scope = reading.long_report and review
            leads = _leads(masked, p_start, p_end) if scope or training else frozenset()
            if scope or training:  # what the long-report model reads of the paragraph, once
                heading = headings[pi]
                reviewed = bool(heading) and self._has("review_heading", heading)
                rules = [u[5] for u in units]
            for s, e, si, ci, _, _ in units:
                owners = tuple(first + i for i, (a, b) in enumerate(spans) if a < e and s < b)
                rows.append((s, e, bool(owners)))
                out.append(
                    Candidate(
                        s, e, [], "done", bool(owners), doc.meta.kind or "", si, ci, owners,
                        scope and si not in leads,
                    )
                )  # fmt: skip
            first += len(spans)
            for ri, (s, e, covered) in enumerate(rows):
                if covered and not training:
                    continue
                body = masked[s:e]
                cand = out[len(out) - len(rows) + ri]
                unit_status, unit_rule = units[ri][4], units[ri][5]
                found = (unit_status, unit_rule, True) if unit_status else self._status(body, True, True)
                status = found[0] if found else "done"
                cand.status = status
                features = (
                    doc_flags
                    + para
                    + [
                        f"si:{min(cand.sentence, 3)}",
                        f"ci:{min(cand.clause, 3)}",
                        f"len:{min(len(body) // 10, 8)}",
                        f"pc:{bool(ri and rows[ri - 1][2]):d}",
                        f"nc:{bool(ri + 1 < len(rows) and rows[ri + 1][2]):d}",
                    ]
                )
                features.append("u:grp" if unit_status else "u:cl")
                if found:
                    features += [f"st:{_family(found[1])}", f"sts:{status}", f"stx:{found[2]:d}"]
                else:
                    features.append("st:none")
                for group in (
                    "requirement",
                    "aside",
                    "action_start",
                    "proceedings",
                    "report_frame",
                    "inspection",
                ):
                    if self._has(group, body):
                        features.append("g:" + group)
                features += ["w:" + w for w in CUE_WORDS if w in body]
                if _FIGURE.search(body):
                    features.append("fig")
                if "%" in body or "％" in body or "百分" in body:
                    features.append("pct")
                if any(ch.isdigit() for ch in body):
                    features.append("num")
                features += ["o:" + body[:2], "o1:" + body[:1], "e:" + body[-2:], "e1:" + body[-1:]]
                features += ["b:" + body[i : i + 2] for i in range(len(body) - 1)]
                cand.features = features
                if scope or training:
                    cand.extra = [
                        f"xl:{cand.sentence in leads:d}",
                        *_review_features(masked, s, e, heading, reviewed, reading, rules, ri, features),
                    ]
        return out

    def _learned(
        self, doc: Document, text: str, offsets: list[int], found: list[Candidate]
    ) -> list[Progress]:
        """The clauses the rules left out that the model scores at or above its threshold, as
        statements; adjacent ones of one sentence and status are one statement."""
        model = self.model
        assert model is not None
        review = self.review_model
        out: list[Progress] = []
        chosen = [
            c
            for c in found
            if not c.covered
            and (
                review.probability(c.features + c.extra) >= review.threshold
                if c.scope and review is not None
                else model.probability(c.features) >= model.threshold
            )
        ]
        for run in join_runs(chosen, lambda a, b: text[a.end : b.start]):
            by = REVIEW_PROVENANCE if run[0].scope and review is not None else PROVENANCE
            out.append(self._progress(doc, text, offsets, run[0].start, run[-1].end, run[0].status, by))
        return out

    def _paragraphs(
        self,
        doc: Document,
        masked: str,
        offsets: list[int],
        tables: _Tables,
        headings: list[str] | None = None,
    ) -> list[tuple[int, int]]:
        """The lines that may state progress: not headings, the title, a report's plan part, or the
        rows of its tables (`tables`). `masked` is the plain view; `offsets` maps its characters to
        the document's text. `headings`, when given, gets each paragraph's heading: the last line
        before it read as one (`""` when none), which the long-report model reads."""
        title = (doc.meta.title or "").strip()
        out: list[tuple[int, int]] = []
        in_plan = False
        reviewed: int | None = None  # the year the last review heading names
        rows = tables.rows
        row_starts = [s for s, _ in rows]
        pieces = _pieces(doc, masked, offsets)
        bodies = [masked[start:end].strip() for start, end in pieces]
        planned = [self._has("plan_heading", body) for body in bodies]
        # A report that heads its review like its plan, naming the years (`奋力完成2023年…任务` …
        # `全力实现2024年…奋斗目标`): a plan heading that names an earlier year than a later plan
        # heading heads the year reviewed.
        years = [self._heading_year(body) if plan else 0 for body, plan in zip(bodies, planned, strict=True)]
        reviews = {i for i, year in enumerate(years) if year and any(y > year for y in years[i + 1 :])}
        heading = ""
        for i, ((start, end), body, plan) in enumerate(zip(pieces, bodies, planned, strict=True)):
            if i in reviews:
                in_plan, reviewed, heading = False, years[i], body
                continue
            if offsets[start] in tables.tasks:
                continue
            at = bisect_right(row_starts, offsets[start]) - 1
            if at >= 0 and offsets[start] < rows[at][1]:
                continue  # a progress table's row: its progress cell is read alone (`_cells`)
            later = self._search("later_year_heading", body) if reviewed is not None else None
            if plan or (later and int(later.group("year")) > (reviewed or 0)):
                in_plan = True
            elif self._has("review_heading", body):
                in_plan, heading = False, body
                reviewed = self._heading_year(body) or reviewed
            elif not (
                in_plan
                or not body
                or _HEADING.match(body)
                or (title and doc.text[offsets[start] : offsets[end]].strip() == title)
            ):
                out.append((start, end))
                if headings is not None:
                    headings.append(heading)
            elif body and _HEADING.match(body):
                heading = body
        return out

    def _heading_year(self, heading: str) -> int:
        """The year a heading names (`二、2024年主要目标和重点任务`), 0 if none."""
        named = self._search("heading_year", heading)
        return int(named.group("year")) if named else 0

    def _paragraph(
        self, text: str, start: int, end: int, review: bool, report: bool, actions: bool, frame: bool = False
    ) -> list[_Group]:
        """The statements of one paragraph. With `frame`, the report's own frame (`现将…通报如下`,
        `对…落实情况进行了督查`) is left out; the first reading, which only decides whether the
        document reads as a report, keeps it, since a report's frame is one sign of a report.
        Kept for the document: the learned model's candidates read most paragraphs as the rules did."""
        key = ("_paragraph", start, end, review, report, actions, frame)
        if key not in self.memo:
            self.scope.append(self._within(text[start:end]))
            try:
                self.memo[key] = self._read_paragraph(text, start, end, review, report, actions, frame)
            finally:
                self.scope.pop()
        return self.memo[key]  # type: ignore[return-value]

    def _read_paragraph(
        self, text: str, start: int, end: int, review: bool, report: bool, actions: bool, frame: bool
    ) -> list[_Group]:
        out: list[_Group] = []
        # Past a lead-in to a list of problems (`主要表现在：`) each sentence's shortfalls are one.
        problems: int | None = None
        # Past a meeting's decision lead-in (`会议确定：一是…已将…`) its items are decided, not done,
        # until a sentence tells where things stand (`目前…`).
        decided = False
        for sentence in _SENTENCE.finditer(text, start, end):
            groups: list[_Group] = []
            decided = decided and not _DECISION_END.match(sentence.group())
            cause: int | None = None  # where a clause opening on a cause starts (`由于…`)
            for clause in _CLAUSE.finditer(text, sentence.start(), sentence.end()):
                body = clause.group()
                if cause is None and _EXPLANATION.match(body):
                    cause = clause.start()
                decided = decided or bool(_DECISION_LEAD.match(body.lstrip()))
                if decided or _ADDRESSEE_REQUEST.match(body):
                    break  # a request restated (`你省请求，…；…。`): the sentence is the request
                lead = self._search("problems_lead", body)
                proceedings = self._search("proceedings", body)
                stop = clause.end() if proceedings is None else clause.start() + proceedings.start()
                if proceedings is not None and not self._cued(text[clause.start() : stop]):
                    stop = clause.start()  # its subject (`执行主席某某主持会议`) goes with it
                if lead is not None:  # the lead-in itself states nothing; what precedes it may
                    stop = min(stop, clause.start() + lead.start())
                found = self._groups(text, clause.start(), stop, review, report, actions, frame)
                if review and found:
                    found = _uncommitted(text, groups[-1].end if groups else sentence.start(), found)
                short = len(body.strip("；;：: 。")) <= _SHORT_CLAUSE
                if (
                    len(found) == 1
                    and short
                    and any(ch.isdigit() for ch in body)
                    and groups
                    and groups[-1].status == found[0].status
                    and not text[groups[-1].end : clause.start()].strip("；;：: ")
                ):
                    # A short figure clause (`；诫勉0人`) continues the statement before it.
                    groups[-1].end = found[0].end
                elif (
                    found
                    and groups
                    and not (groups[-1].explicit or found[0].explicit)
                    and groups[-1].rule == found[0].rule
                    and found[0].rule not in _ITEM_RULES
                    and not _ENUMERATED.match(body)
                    and groups[-1].status == found[0].status
                    and not text[groups[-1].end : clause.start()].strip("；;： ")
                ):
                    # Clauses that state alike in the same weak form (`A受到…处分；B受到…处分`)
                    # are one statement.
                    groups[-1].end = found[0].end
                    groups += found[1:]
                elif found:
                    groups += found
                # After praise (`…出现积极变化。主要表现在：`) the list tells achievements, not problems.
                praised = lead is not None and _PRAISE_LEAD.search(
                    text[max(start, clause.start() + lead.start() - _GLUED) : clause.start() + lead.start()]
                )
                if lead is not None and not praised:
                    problems = len(groups)
                if proceedings is not None:
                    break  # the rest of the sentence is the meeting's own business
            if review and cause is not None:
                # From a clause that opens on a cause (`由于…，所以…`, `…意见：因为…`) the sentence
                # explains: no statement there, unless an explicit cue of its own (a finding,
                # `由于…不到位等原因，造成…问题比较多`) and no `所以` tells a consequence.
                so = "所以" in text[cause : sentence.end()]
                groups = [g for g in groups if g.start < cause or (g.explicit and not so)]
            if _ENUM_HEADING.match(sentence.group()):
                # An item's own heading (`二是深化作风建设。`) names a field of work; only an explicit
                # cue in it (`已完成`) states progress. A shortfall that heads the sentences telling
                # it (`（一）信息重视不够。部分单位…未按照要求…`) is the problem's title: the detail
                # after it is the statement (dev GK08, GH18: gold takes the detail, not the title).
                # In a review, a heading that closes on its result (`（二）坚定不移强产业，转型升级
                # 取得新突破。`) states it, as a heading that is only a result does (`社会治理持续加强`).
                detailed = bool(text[sentence.end() : end].strip())
                closing = sentence.group().rstrip(TRAILING_PUNCT)
                last = sentence.start() + len(closing)
                groups = [
                    g
                    for g in groups
                    if (
                        g.explicit or (review and g.end >= last and g.status != "lagging" and "，" in closing)
                    )
                    and not (detailed and g.status == "lagging")
                ]
            if problems is not None and len(groups) > problems:
                listed = groups[problems:]
                groups[problems:] = [
                    _Group(
                        listed[0].start, listed[-1].end, "lagging", "progress.problem_list.v1", False, True
                    )
                ]
                problems = 0
            out += groups
        return out

    def _status(self, piece: str, review: bool, report: bool) -> tuple[ProgressStatus, str, bool] | None:
        """A piece's status: an explicit cue first, else (in a review) the predicate it ends with.
        A rule marked `review_only` counts only in a review; `review_only: unless_report` also
        counts in a document that calls itself a report (figures achieved, `追缴资金12.5万元`)."""
        key = ("_status", piece, review, report)
        if key not in self.memo:
            self.memo[key] = self._read_status(piece, review, report)
        return self.memo[key]  # type: ignore[return-value]

    def _read_status(self, piece: str, review: bool, report: bool) -> tuple[ProgressStatus, str, bool] | None:
        if "已" in piece or "正在" in piece:
            # `已…的` before a noun (`落实已出台的改革`) names what the piece is about: its words are
            # masked, so only a cue of the piece's own states (`已出台的政策已全部落实`); so does
            # `正在…的` (`以正在开展的活动为契机`).
            piece = self.combined["attribute"].sub(lambda m: "□" * len(m.group()), piece)
        # What work shows or weighs (`彰显了…`, `为…奠定了坚实基础`) comments on it: no cue of its own.
        piece = _COMMENTARY.sub(lambda m: "□" * len(m.group()), piece)
        if self._cued(piece):  # one search rejects most pieces; then rules in order
            for rule in self.scope[-1]:
                mode = rule.review_only
                weak = bool(mode) and not (mode == "unless_report" and report)
                if (review or not weak) and (found := rule.search(piece)) is not None:
                    if rule.status == "lagging" and self._no_shortfall(piece, found.start(), found.end()):
                        continue  # a later rule may still read it (`解决了…不到位的问题`: done)
                    return rule.status, rule.id, not weak
        if review:
            # A lead-in to its list (`…任重道远：`) ends in a colon: the predicate is before it.
            tail = piece.rstrip(TRAILING_PUNCT)
            entry = final_entry(tail, self.predicates)
            if entry is not None:
                status = self.predicates[entry]
                if status == "lagging" and _ACHIEVED.search(tail):
                    return "done", "progress.review_predicate.v1", False  # `成绩突出`
                if status == "lagging" and self._no_shortfall(tail, len(tail) - len(entry), len(tail)):
                    return None
                return status, "progress.review_predicate.v1", False
        return None

    def _no_shortfall(self, piece: str, start: int, end: int) -> bool:
        """Whether the lagging cue at `start:end` of a piece states no shortfall: a problem said not
        to have occurred (`未出现…不合格网站`), or a problem object that a word before the cue
        overcomes (`克服多重困难`, `顶住经济下行压力`, `着力解决…不到位的问题`), where the piece ends in
        such an object and no word after it, up to the cue's end, says the problem is there
        (`脱贫攻坚中还存在…问题`). A shortfall of the overcoming itself (`化解风险的能力不足`) ends
        otherwise. Nor does an achievement that stands out (`成效比较突出`, `_ACHIEVED`)."""
        if _ACHIEVED.search(piece, 0, end):
            return True
        negated = _NEGATED_PROBLEM.search(piece)
        if negated is not None and negated.start() < end:
            return True
        if self.overcome is None or piece.rstrip(TRAILING_PUNCT)[-2:] not in self.objects:
            return False
        overcoming = list(self.overcome.finditer(piece, 0, start))
        if not overcoming:
            return False
        if self.exists is None:
            return True
        # `存在的…问题` names the problem overcome (`解决了…中存在的…不规范的问题`), as an attribute:
        # only a word that says the problem is there, not followed by `的`, keeps it a shortfall.
        return all(
            piece.startswith("的", m.end()) for m in self.exists.finditer(piece, overcoming[-1].end(), end)
        )

    def _listed(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """A piece cut at `、` only where its parts carry cues of different statuses
        (`已完成整改19个、正在整改6个`); otherwise whole, since a lead-in or a list of objects
        (`在督查、评估、调研过程中`) reads as one."""
        parts: list[tuple[int, int]] = []
        pos = start
        for sep in _LIST_SEP.finditer(text, start, end):
            parts.append((pos, sep.start()))
            pos = sep.end()
        parts.append((pos, end))
        if len(parts) == 1:
            return parts
        statuses = {self._cue(text[s:e]) for s, e in parts} - {None}
        if len(statuses) > 1 and "lagging" in statuses and self._overcome(text[start:end]):
            # A list inside the name of a problem overcome (`解决了…不一致、…不规范的问题`) is one
            # object: its parts' shortfall words state nothing on their own.
            return [(start, end)]
        return parts if len(statuses) > 1 else [(start, end)]

    def _overcome(self, piece: str) -> bool:
        """Whether a lagging cue of the piece names a problem overcome (`_no_shortfall`)."""
        return any(
            rule.status == "lagging"
            and (found := rule.search(piece)) is not None
            and self._no_shortfall(piece, found.start(), found.end())
            for rule in self.scope[-1]
        )

    def _cue(self, piece: str) -> ProgressStatus | None:
        """The status of a piece's first explicit cue, in the rules' order, if any."""
        if not self._cued(piece):
            return None
        return next((rule.status for rule in self.scope[-1] if rule.search(piece)), None)

    def _groups(
        self, text: str, start: int, end: int, review: bool, report: bool, actions: bool, frame: bool = False
    ) -> list[_Group]:
        """The statements in one clause: consecutive pieces grouped by status, up to a requirement."""
        pieces: list[tuple[int, int]] = []
        pos = start
        for sep in _PIECE_SEP.finditer(text, start, end):
            pieces += self._listed(text, pos, sep.start())
            pos = sep.end()
        pieces += self._listed(text, pos, end)
        groups: list[_Group] = []
        current: _Group | None = None
        lead: int | None = None
        for s, e in pieces:
            piece = text[s:e].rstrip("。！？!?")  # read as a phrase: `…的。` is a condition too
            # Whom a request is for is read over the rest of the clause (`对…、…的单位`).
            addressee = text[s:end] if _ADDRESSEE.match(piece) else piece
            if (
                self._has("requirement", piece)
                or (addressee is not piece and self._has("request", addressee))
                or (frame and self._has("report_frame", piece))
            ):
                break  # a requirement: it and what follows in the clause are not progress
            sent = current is not None and current.rule == _SENT_RULE
            if self._has("aside", piece) or (frame and not sent and self._has("inspection", piece)):
                if review and current and current.status == "done" and self._rate_only(piece):
                    # In a review a rate after work done is its result (`全面推行信访代办制，一次性
                    # 化解率98.5%，…均居全区首位`): one statement, as a share of the year's total is.
                    current.end = e
                    continue
                if current:
                    groups.append(current)
                current, lead = None, None
                continue
            found = self._status(piece, review, report)
            share = _SHARE.match(piece)
            if current and current.status in ("done", "in_progress") and share:
                # A share of the year's total after a figure achieved (`已完成投资5亿元，完成年度
                # 计划的80%`) is that figure's measure: one statement, under way until it is whole.
                current.end = e
                if float(share.group("pct")) < 100:
                    current.status = "in_progress"
                continue
            if (
                found is None
                and actions
                and current is None
                and not groups
                and self._has("action_start", piece)
                and "将" not in text[s if lead is None else lead : e]  # nor what leads into it
            ):
                # In a report's review, work stated verb first (`成立整改专班`) is work done; a
                # finding so told (`执行财经制度不严`) is a shortfall.
                denied = _NEGATED_QUALITY.search(piece.rstrip(TRAILING_PUNCT))
                found = ("lagging", _QUALITY_RULE, False) if denied else ("done", _ACTION_RULE, False)
            if found is None:
                sibling = (
                    current is not None and current.status == "lagging" and _FINDING_SIBLING.match(piece)
                )
                if sibling and current is not None and current.rule == _FINDING_RULE:
                    current.end = e  # `有的…，有的…` with no cue of their own: one finding
                elif sibling and current is not None:
                    # After a shortfall, `有的…` with no cue of its own is a further finding.
                    groups.append(current)
                    current, lead = _Group(s, e, "lagging", _FINDING_RULE, False, False), None
                elif current and _NEW_TURN.match(piece):
                    # `…正在修订，同时将会同…`, `…情况良好，但…`: the statement ends before it.
                    groups.append(current)
                    current, lead = None, None
                elif current:
                    current.end = e
                elif lead is None:
                    lead = s
                continue
            value, rule_id, explicit = found
            if current is not None and explicit and current.rule == _FINDING_RULE:
                # A shortfall cued after a further finding (`有的…特权思想比较严重，形式主义…仍然存在`)
                # is a statement of its own; one that a further finding cues goes on with the
                # shortfall before it (`部分单位未…，个别账号长期未更新`), the status unchanged.
                groups.append(current)
                current, lead = None, None
            if (current is not None or lead is not None) and _FRESH_ANCHOR.match(piece):
                # `收到…线索，目前这些线索已移交…`: the status told now is a statement of its own;
                # what led to it is its setting (a lead, left out) or a statement of its own.
                if current:
                    groups.append(current)
                current, lead = None, None
            already = "已" in piece
            if (
                current
                and value == current.status
                and not (explicit and current.explicit and e - current.start > _LONG_STATEMENT)
                and (
                    _CONTINUES.match(piece)
                    or not (
                        (value == "done" and already and current.already)
                        or (explicit and current.explicit and _OWN_SUBJECT.match(piece))
                    )
                )
            ):
                current.run_on(e, explicit, already)
                continue
            if (
                current
                and current.rule == _ACTION_RULE
                and rule_id != _ACTION_RULE
                and value in ("done", "in_progress")  # not what is expected (`预计…`) or behind
                and (not self._has("action_start", piece) or len(piece.strip()) <= _BARE_RESULT)
            ):
                # Work stated verb first and then its result (`坚持…，强化…，资金使用效率稳步提升`):
                # one statement, whose status is the result's.
                current.status, current.rule = value, rule_id
                current.run_on(e, explicit)
                continue
            if current and _FIGURE_TAIL.match(piece):
                # The share or change of the figure just told (`…金额169.32亿元，占抽查资金总额的
                # 25.73%`, `…预计达10.6万元，较上年提高3300元`): its own figure cue (`抽查…%`,
                # `增长…%`) starts no statement of its own, whatever the length or status before.
                current.run_on(e, explicit)
                continue
            if current:
                groups.append(current)
            current = _Group(
                lead if lead is not None and current is None else s, e, value, rule_id, already, explicit
            )
            lead = None
        if current:
            groups.append(current)
        return groups


def _uncommitted(text: str, floor: int, found: list[_Group]) -> list[_Group]:
    """The statements of a clause without those a commitment governs: a review word that no
    explicit cue backs (`progress.review_action`, `review_predicate`), with a body's `将…`/`拟…`/
    `下一步` before it in its sentence and after the statement before it (`某部将继续关注…，积极研究
    并推动这项工作`; `我们将…采纳：一是拟…；二是加强…指导`; `督察组将重点检查…；…；进一步传导压力`). The spec
    reads a body's own commitment as a measure; with a date of its own an explicit cue reads it
    planned (`将于年底前完成`), which stays."""
    out: list[_Group] = []
    for g in found:
        if g.rule in _ITEM_RULES and not g.explicit and _COMMITMENT.search(text, floor, g.end):
            continue
        out.append(g)
        floor = g.end
    return out


def _cover(roles: list[tuple[bool, list[tuple[int, int]]]], starts: list[int], span: tuple[int, int]) -> None:
    """Hand a statement a later rule pass added to its paragraph's role: the learned model reads it
    as the rules' own (its features count it, and the clause it covers is not a candidate)."""
    role = bisect_right(starts, span[0]) - 1
    if role >= 0:
        roles[role][1].append(span)
        roles[role][1].sort()


def _assigned(masked: str, offsets: list[int], out: list[Progress]) -> list[Progress]:
    """The statements without the problems of a list handed over to be fixed: a lagging statement
    that a label naming who must fix it or by when follows (`责任单位：…`, within `_ASSIGNED_REACH`
    characters) is a task assigned, not a shortfall reported (`progress.assigned_label.v1`). A
    document needs two such labels: one alone is a line of a report's own, not a list."""
    labels = [offsets[m.start()] for m in _ASSIGNED_LABEL.finditer(masked)]
    if len(labels) < 2:
        return out
    kept: list[Progress] = []
    for p in out:
        at = bisect_left(labels, p.end)
        if p.status == "lagging" and at < len(labels) and labels[at] - p.end <= _ASSIGNED_REACH:
            continue
        kept.append(p)
    return kept


def final_entry(piece: str, entries: Container[str]) -> str | None:
    """The entry of a mined table (`progress_predicates.txt`) that a piece ends with, longest first
    (four characters, then three, then two), with more than one character before it: how the
    finder reads a review's clause-final predicate, and how the miner reads the same pieces."""
    tail = piece.rstrip(TRAILING_PUNCT)
    return next((tail[-k:] for k in (4, 3, 2) if len(tail) > k + 1 and tail[-k:] in entries), None)


def _alternation(words: list[str]) -> re.Pattern[str] | None:
    """One pattern for a mined word list, longest first (None: the list is empty)."""
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _list_items(masked: str, closes: re.Pattern[str]) -> list[list[tuple[int, int]]]:
    """The text's lists, each a run of items (spans on `masked`): an item ends at `；`, at a
    sentence's end or at a line's end; a run goes on past an item only where `closes` (the list's
    separator, `progress.shortfall_sibling`) ends it, so a run is the items joined by `；` within a
    sentence or line after line."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for m in _ITEM.finditer(masked):
        body = m.group()
        if not body.strip():
            continue
        current.append((m.start(), m.end()))
        if not closes.search(body):
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _line_breaks(doc: Document, offsets: list[int]) -> Callable[[int], bool]:
    """Whether the raw text had a break (or a run of spaces) just before a character of the plain
    view: normalisation joins a line without end punctuation to the next one, even across blank
    lines, and the raw-offset map still shows where it dropped characters between two kept ones
    (`Document.dropped_between`). Pinyin the plain view leaves out is kept in the document's text,
    so it is no gap here."""

    def broken(i: int) -> bool:
        return 0 < i < len(offsets) - 1 and doc.dropped_between(offsets[i - 1], offsets[i])

    return broken


def _names_end(masked: str, label_end: int, end: int, broken: Callable[[int], bool]) -> int:
    """Where a rank's names end when the line under them was joined to them: at the last raw break
    after which more than `_RUN_ON` characters run to the names' end with no break among them (the
    notice's closing sentence, `…江口村希望在此次考核中…`, or its signature, `交通局某县…领导小组办公室`);
    names set apart by spaces (`教育局 信用联社`) are shorter."""
    last = None
    for i in range(label_end + 1, end):
        if broken(i):
            last = i
    if last is not None and len(masked[last:end].strip()) > _RUN_ON:
        return last
    return end


def _rankings(
    masked: str, broken: Callable[[int], bool] = lambda i: False
) -> tuple[list[tuple[int, int, ProgressStatus]], list[tuple[int, int]]]:
    """An assessment's results read rank by rank: the statements (spans on the plain view and their
    status) and the lines they take. A line that opens with a rank (`progress.ranking_line`) is cut
    at each further rank (`第二名：`); a rank's names end at the next rank or the first clause after
    them; ranks in a row of one standing (`第一名…第二名…`: under way, ahead; `末位…`: lagging) are
    one statement. A rank that heads its line alone (`1、单位末位排名`) takes the next line's names.
    The last names of a list end where the raw text broke the line, if what the normalisation
    joined to them is long (`broken`, `_names_end`): the notice's closing sentence or signature."""
    out: list[tuple[int, int, ProgressStatus]] = []
    taken: list[tuple[int, int]] = []
    lines = [m.span() for m in _LINE.finditer(masked)]
    for i, (start, end) in enumerate(lines):
        head = _RANKING_LINE.match(masked, start, end)
        if head is None:
            continue
        ranks = [(head.start("label"), head.end("label"))]
        if not head.group("end").strip():  # the rank alone: its names are on the next line
            if i + 1 >= len(lines) or not _NAMES_LINE.fullmatch(masked, *lines[i + 1]):
                continue
            stop = lines[i + 1][1]
            segments = [(ranks[0][0], stop, ranks[0][1])]
            taken += [(start, end), lines[i + 1]]
        else:
            ranks += [(m.start(), m.end()) for m in _RANKING.finditer(masked, head.end(), end)]
            segments = []
            for k, (s, label_end) in enumerate(ranks):
                e = ranks[k + 1][0] if k + 1 < len(ranks) else end
                names_end = _NAMES_END.search(masked, label_end, e)
                segments.append((s, names_end.start() if names_end else e, label_end))
            taken.append((start, end))
        for s, e, label_end in segments:
            e = len(masked[: _names_end(masked, label_end, e, broken)].rstrip())
            if e <= label_end:
                continue
            status: ProgressStatus = "lagging" if _RANKING_LOW.search(masked, s, label_end) else "in_progress"
            last = out[-1] if out else None
            if last is not None and last[2] == status and not masked[last[1] : s].strip():
                out[-1] = (last[0], e, status)
            else:
                out.append((s, e, status))
    return out, taken


def _headlines(masked: str, paragraphs: list[tuple[int, int]]) -> frozenset[int]:
    """Where the paragraphs above the document's first sentence start: lines with no sentence in
    them (`progress.headline`), a news item's headline (often a title and a subtitle set apart by a
    space) or the page's chrome. A headline tells in short what the body then tells in full, so a
    statement read in it would state the body's first statement twice. They still count in the
    document's vote of how it reads (a headline that states progress is a sign of a report)."""
    out: set[int] = set()
    for start, end in paragraphs:
        if not _HEADLINE.match(masked[start:end].strip()):
            break
        out.add(start)
    return frozenset(out)


def _pieces(doc: Document, masked: str, offsets: list[int]) -> list[tuple[int, int]]:
    """The spans of the plain view's lines, each cut where the layout split a flattened line into
    items (`一、2023年工作回顾……二、2024年工作安排……` on one line): a page flattened onto one line
    then has its review and plan parts, headings and paragraphs as a page with its lines would.
    On a page flattened whole (`_FLAT_LINE`), each sentence of those spans is one."""
    starts = sorted({b.start for b in doc.blocks})
    out: list[tuple[int, int]] = []
    lines = [line.span() for line in _LINE.finditer(masked)]
    longest = max((e - s for s, e in lines), default=0)
    # A page flattened onto one line (its longest line holds most of its text) keeps no paragraph
    # breaks, and a paragraph is what the finder reads as a unit (the report's vote, its review and
    # plan parts, a heading glued to the text under it, `2024年工作安排2024年是…`): there, each
    # sentence stands for a paragraph. On dev flattened (`benchmarks/eval_flattened.py`) progress
    # 0.590 -> 0.738; dev as it is unchanged.
    flat = longest >= _FLAT_LINE and longest * 2 >= len(masked.strip())
    for ls, le in lines:
        lo, hi = offsets[ls], offsets[le] if le < len(offsets) else len(doc.text)
        first = bisect_right(starts, lo)
        cuts = [ls]
        for start in starts[first : bisect_left(starts, hi)]:
            cut = bisect_left(offsets, start, ls, le)
            if ls < cut < le and cut > cuts[-1]:
                cuts.append(cut)
        pieces = list(zip(cuts, [*cuts[1:], le], strict=True))
        if flat:
            pieces = [
                (s.start(), s.end()) for ps, pe in pieces for s in _SENTENCE.finditer(masked, ps, pe)
            ] or pieces
        out.extend(pieces)
    return out
