"""Cross-check, part one: link followers to the directives they relay, then match measures.

Works on the stored document (`base.stored.StoredDocument`, read from what `Store.get` returns or
from a `Document.to_json(include_text=True)` record), so the same code runs over fixture files and
over an index.

Linking is by document number first, then by title key (`crosscheck_titlekeys`: when two titles
name one document), then by shared content (`crosscheck_content`) for followers that name neither.
Candidates come from the directive index (`crosscheck_index`: normalised numbers, core keys, page
heads), never from all pairs.
Once a follower is linked, its sentences are matched to the directive's measures
(`crosscheck_measures`).
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from duban.base.model import Metadata
from duban.base.script import strip_pinyin
from duban.base.stored import StoredDocument
from duban.index.analysis import fold
from duban.pipeline.crosscheck_content import (
    SHORT_PASSAGE,
    ContentIndex,
    ContentMatch,
    Owners,
    Passage,
    clear_best,
    clear_candidate,
    linked,
    linked_by_sentences,
    outweighs_length,
    sentences,
)
from duban.pipeline.crosscheck_content import K as SHINGLE
from duban.pipeline.crosscheck_dates import (
    cited_not_before,
    follower_date,
    in_named_year,
    is_statute,
    issued_bound,
    written_by,
)
from duban.pipeline.crosscheck_index import _NEWS_OF_TITLE as _NEWS_OF_TITLE
from duban.pipeline.crosscheck_index import DirectiveIndex, Via, forwarded_title
from duban.pipeline.crosscheck_index import directive_key as directive_key
from duban.pipeline.crosscheck_index import head_keys as head_keys
from duban.pipeline.crosscheck_index import opening_key as opening_key
from duban.pipeline.crosscheck_kin import (
    amends,
    cited_in_force,
    cites_page,
    released_title,
    series_members,
    sibling_releases,
)
from duban.pipeline.crosscheck_measures import _UNIT_MARKERS as _UNIT_MARKERS
from duban.pipeline.crosscheck_measures import MeasureMatch, stated_progress
from duban.pipeline.crosscheck_measures import match_measures as match_measures
from duban.pipeline.crosscheck_measures import progress_of as progress_of
from duban.pipeline.crosscheck_text import comparable
from duban.pipeline.crosscheck_titlekeys import _CONTEXT_ISSUER as _CONTEXT_ISSUER
from duban.pipeline.crosscheck_titlekeys import (
    _NON_WORD,
    _NUMBER,
    _QUOTES,
    _STATE,
    Scope,
    TitleKey,
    cited_decrees,
    context_issuer,
    cores_match,
    normalise_issuer,
    normalise_number,
    provinces_named,
    scope_of_name,
    title_key,
    titles_match,
)
from duban.pipeline.crosscheck_titlekeys import issuers_compatible as issuers_compatible
from duban.pipeline.titles import vocab
from duban.rules.ruleset import load_rule_file
from duban.rules.vocabulary import genres

Relation = Literal["relays", "reports_on"]

# Content linking looks at a follower's few directives with the most rare shingles in common.
_CONTENT_CANDIDATES = 5
# The filters a content candidate must pass (`content_blocks`). Each can be left out of this set to
# measure what it costs and what it saves (`benchmarks/sweep_crosscheck.py`, held out on
# `corpus/real/`).
CONTENT_FILTERS: frozenset[str] = frozenset(
    {
        "date",
        "years_written",
        "same_issuer",
        "look_alike",
        "policy_from_policy",
        "place",
        "reviewed",
        "undated_meeting",
        "series",
        "amendment",
        "siblings",
        "series_members",
        "cites_follower",
    }
)

# The cross-check's own Chinese-text patterns (`rules/crosscheck.yaml`), each read below by its group.
_RULES = load_rule_file("crosscheck").require(
    (
        "breaks_down",
        "cite_end",
        "cite_verb",
        "reviewed",
        "report_tail",
        "series_number",
        "adoption_line",
        "unmarked_core",
        "unmarked_statute",
    )
)
_QUOTED = re.compile(r"《([^《》\n]{4,80})》")
# A number quoted without its year (`国办发123号文`), and what may stand before a number quoted
# without its prefix (`根据〔2018〕123号`).
_NUMBER_NO_YEAR = re.compile(r"(?P<prefix>[\u4e00-\u9fa5]{2,14})(?P<serial>\d{1,5})号文")
_CITE_ENDS = re.compile("(?:" + _RULES.regex("cite_verb").pattern + ")$")
# A title in 《》 as a page may print it, wrapped over at most `_MAX_WRAPS` line breaks; two characters
# at least, for a law by its short name (`《刑法》`).
_QUOTED_WRAPPED = re.compile(r"《([^《》]{2,120}?)》")
_MAX_WRAPS = 2
_REVIEWED = _RULES.regex("reviewed")
_SERIES_NUMBER = _RULES.regex("series_number")
_ADOPTION_LINE = _RULES.regex("adoption_line")
# What a title comparison leaves out: spaces and the marks a page may or may not print.
_TITLE_MARKS = re.compile(r"[\s【】\[\]“”\"《》〈〉]")
# The head two titles of one series share, their numbered slot included (`某部第#轮专项检查`,
# `某委公开曝光#起`). Chosen on the real corpus's content links not listed (issue 10): 12 takes the
# inspection rounds, case exposures, session read-outs and study notices of one series, 6 would
# take two notices of one issuer on unrelated topics (`某某办公厅印发《`).
SERIES_HEAD = 12
_TITLE_LIST_GAP = _RULES.regex("title_list_gap")
# A law or regulation named without book-title marks after a legal-basis or issuing verb
# (`根据中华人民共和国某某法，制定`, `公布修订后的某某条例`): mirror pages and statute texts drop the marks.
_UNMARKED_STATUTE = _RULES.regex("unmarked_statute")
# A title without marks, `关于` and genre after a citing or issuing verb (`根据某年某某安排精神`),
# and where such a title may end inside the run the pattern takes: before a cite end, a report's
# title tail (`…的意见落实情况的报告`) or a `和` joining a second title (`_unmarked_cores`).
_UNMARKED_CORE = _RULES.regex("unmarked_core")
_CORE_CUT = re.compile(
    "(?:"
    + _RULES.regex("cite_end").pattern.removeprefix("^")
    + ")|"
    + _RULES.regex("report_tail").pattern
    + "|[和及]"
)
# The shortest core such a title may have: a shorter one is a topic (`疫情防控工作`), not a name.
_MIN_UNMARKED_CORE = 8
# What opens a core that refers back (`本条例`, `该办法`): no title.
_DEICTIC = "本该其上此"
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
    links.extend(implemented_links(index, chosen, links))
    links.extend(content_links(index, chosen, links))
    return links


def implemented_links(
    index: DirectiveIndex, followers: Sequence[StoredDocument], quoted: Sequence[Link]
) -> list[Link]:
    """Reports and minutes naming an implementing plan in the index report on what it implements.

    A county's report on its `…实施意见` names only that plan, yet reports on the provincial or
    national document the plan implements (the dev gold pairs them so). When the plan is indexed,
    its own links say what it implements, whatever its title's wording: the follower is linked to
    each document the plan names by number or title that another body issued (`via: implements`).
    Only for reports and minutes, and only through a plan whose genre is an implementing one
    (`实施意见`, `实施方案`): a notice citing a notice that cites a law does not follow the law.
    """
    named: dict[str, list[Link]] = defaultdict(list)
    for link in quoted:
        if link.resolved and link.via in ("number", "title", "title_loose", "implements"):
            named[str(link.follower.doc_id)].append(link)
    out: list[Link] = []
    for follower in followers:
        if follower.doc.kind not in _FOLLOWER_KINDS:
            continue
        own = named.get(follower.key, [])
        have = {str(link.directive.doc_id) for link in own} | {follower.key}
        for link in own:
            middle = index.records.get(str(link.directive.doc_id))
            key = index.keys.get(str(link.directive.doc_id))
            if middle is None or key is None or not (key.genre or "").startswith("实施"):
                continue
            for up in named.get(middle.key, []):
                target = str(up.directive.doc_id)
                above = index.keys.get(target)
                if target in have or above is None or issuers_compatible(key.issuer, above.issuer):
                    continue
                have.add(target)
                out.append(dataclasses.replace(link, directive=up.directive, via="implements", measures=[]))
    return out


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


def _scope(record: StoredDocument) -> Scope | None:
    """A document's scope by its issuer, else by its title (a read-out titled by its meeting), else
    by its page's first line: the metadata reader may take a contents line for a statute's title
    (`…第七章…第八章保障措施`) while the head still prints `某市某某条例`."""
    for text in (record.doc.issuer, record.doc.title, _first_line(record.text)):
        found = scope_of_name(text) if text else None
        if found is not None:
            return found
    return None


def _first_line(text: str) -> str:
    """A page's first line that is not blank."""
    return next((line.strip() for line in text[:500].split("\n") if line.strip()), "")


def place_blocks(directive: StoredDocument, follower: StoredDocument) -> bool:
    """The follower's level or province rules the directive out: a national body following one
    place's document, a province following another place's (a different name, neither containing
    the other), a city or county following another city's or county's (`_other_local`), or a
    follower in another province following a province's document.

    Shared text is symmetric: a local regulation restates the national policy a State Council
    meeting announced, so the meeting would read as following the regulation, and a read-out page
    prints no year for the date filter. The levels rule it out. A county may follow its city's plan
    and its name does not say in which city it lies, so a follower below the province level is
    not stopped by its name unless it is a city or county and so is the directive's place
    (`_other_local`); but its text says its province (`provinces_named`): one that never
    names the directive's province and names another at least `PROVINCE_MENTIONS` times lies
    elsewhere (city work reports of four provinces restated a province's industrial policy in the
    common words of the day).
    """
    own = _scope(directive)
    if own is None or own.national or own.place is None:
        return False
    other = _scope(follower)
    if other is not None and other.national:
        return True
    if other is not None and other.place is not None:
        if own.place.startswith(other.place) or other.place.startswith(own.place):
            return False
        if other.province:
            return True
        if not own.province:
            return _other_local(own, other)
    if not own.province:
        return False
    named = provinces_named(follower.text)
    if named.get(own.place) or own.place in follower.text:
        return False
    return max(named.values(), default=0) >= PROVINCE_MENTIONS


def _other_local(own: Scope, other: Scope) -> bool:
    """A follower of one city (county) and another city's (county's) own document: peers of one
    level do not follow each other (two cities' rules on one topic share the national law's
    wording, a city's work report another city's regulation). Across the two levels nothing is
    ruled out: a county may lie in the city whose plan it follows (its name does not say which
    city), and a city's and a county's documents copying one template stay two-way candidates that
    `_one_way` leaves undecided rather than one-way ones it would keep.
    """
    return other.county == own.county


PROVINCE_MENTIONS = 3
"""Times a follower below the province level names another province, and never the directive's,
for a province's directive to be ruled out (`place_blocks`): a passing mention (a partner city,
a visit) is not where it lies."""


def content_blocks(
    directive: StoredDocument, follower: StoredDocument, quoted: Sequence[Link], index: DirectiveIndex
) -> set[str]:
    """The content filters (`CONTENT_FILTERS`) a candidate pair fails, by name.

    `date`: the directive is dated after the follower. `same_issuer`: one body issued both and the
    follower is not minutes or a report. `look_alike`: the follower names a look-alike of the
    directive (`_names_look_alike`). `policy_from_policy`: a policy would follow a document that is
    not a policy (a news page about one). `place`: the follower's level rules the directive out, a
    national body following one place's document or a province another place's (`place_blocks`).
    `reviewed`: the follower is the meeting that reviewed or adopted the directive
    (`reviewed_titles`): the two share the title and the text the meeting decided, and the
    directive was issued after it, though a page that prints no year cannot say so.
    `undated_meeting`: the follower is a meeting's read-out that carries no date. A meeting shares
    text with what it relays and with what it decides alike (a State Council meeting `确定` the
    measures an opinion issued three weeks later carries), and only the dates tell the two apart;
    without one the link would as often run backwards as forwards.
    `series`: the two are documents of one series (`same_series`).
    `amendment`: the follower amends the directive (`amends_record`). `siblings`: the two are news
    pages releasing documents of one genre from one issuer (`crosscheck_kin.sibling_releases`).
    `series_members`: the two are news items of one body's series, its rounds of inspections or
    batches of exposed cases, read from their titles or first lines (`crosscheck_kin.series_members`).
    `cites_follower`: the directive cites the follower, or the document the follower's release page
    releases, as one in force (`cites_follower`): the follower's document came first.
    `years_written`: read from the years the two texts write, the directive comes later: it looks
    back on a year (`cited_not_before`) after the last one the follower writes (`written_by`), or
    after the follower's date. Most wrong content links over the real corpus joined a news item or
    report that prints no date to a directive issued years later (issue 10).
    """
    own, meta = directive.doc, follower.doc
    found = set()
    issued = issued_bound(directive)
    dated = follower_date(follower)
    if issued and dated and issued[:10] > dated[:10]:
        found.add("date")
    elif _written_before(directive, follower, issued):
        found.add("years_written")
    if meta.kind == "minutes" and not dated:
        found.add("undated_meeting")
    if _same_issuer(own, meta) and meta.kind not in _FOLLOWER_KINDS:
        found.add("same_issuer")
    if _names_look_alike(index, quoted, directive.key):
        found.add("look_alike")
    if meta.kind == "policy" and own.kind != "policy":
        found.add("policy_from_policy")
    if place_blocks(directive, follower):
        found.add("place")
    if _reviews(follower, directive, index.keys.get(directive.key)):
        found.add("reviewed")
    if same_series(own.title, meta.title):
        found.add("series")
    if amends_record(follower, directive):
        found.add("amendment")
    if sibling_releases(own.title, meta.title):
        found.add("siblings")
    if series_members((own.title, _first_line(directive.text)), (meta.title, _first_line(follower.text))):
        found.add("series_members")
    if cites_follower(directive, follower):
        found.add("cites_follower")
    return found


def cites_follower(directive: StoredDocument, follower: StoredDocument) -> bool:
    """The directive cites the follower as a document in force (`crosscheck_kin.cites_page`), by
    the follower's title or, for a release page (`某机关印发《某某方案》`, its title or first line),
    by the title it releases: the page's document came first, and the directive restates it. The
    directive's own titles are its title, its first line and what it forwards or releases: a
    release page's relays name the document it releases, which is no other page's."""
    page = (follower.doc.title, _first_line(follower.text))
    titles = (*page, *(released_title(t) for t in page))
    head = (directive.doc.title, _first_line(directive.text))
    own = (*head, forwarded_title(directive.doc.title), *(released_title(t) for t in head))
    cited = cited_in_force(directive.text, (r.title for r in directive.relays))
    return cites_page(cited, own, titles)


def amends_record(follower: StoredDocument, directive: StoredDocument) -> bool:
    """The follower is an amendment of the directive (`crosscheck_kin.amends`), read from either's
    title or page's first line: a statute's title may be read as its enactment note
    (`…第二十三次会议通过`) while its page opens with `某某法修正案（二）2001年…`. Of the follower's
    first line only the head before a date or a bracket (either's): a regulation's page goes on
    with the history line naming the decisions that amended it, which does not make it an
    amendment."""
    heads = [_TITLE_HEAD.match(_first_line(r.text)) for r in (follower, directive)]
    follows, directs = (head.group() if head else None for head in heads)
    return amends((follower.doc.title, follows), (directive.doc.title, directs))


# A page's first line up to its first figure or bracket: the title a statute's page opens with.
_TITLE_HEAD = re.compile(r"[^\d（(]*")


def _written_before(directive: StoredDocument, follower: StoredDocument, issued: str | None) -> bool:
    """The follower was written (`written_by`) before the directive was issued, the directive's
    issue read no earlier than the years it looks back on (`cited_not_before`)."""
    written = written_by(follower)
    if not written:
        return False
    bounds = [day for day in (issued, cited_not_before(directive)) if day]
    return bool(bounds) and max(bounds)[:10] > written[:10]


def same_series(a: str | None, b: str | None) -> bool:
    """Two titles of one series: with counts and ordinals folded (`series_number`) they open with
    the same head of `SERIES_HEAD` characters or more, a numbered slot in it (`某委第三轮巡视完成反馈`
    and `某委第四轮…`, `某部公开曝光九起…` and `八起…`, a session's read-outs `第二次会议`, `第五次会议`).

    One body's series repeats its own formulas from one issue to the next (the round's procedure,
    the case list's preamble), which content linking reads as quotation; yet the next issue
    neither relays nor reports on the last. A statute's enactment note read as its title
    (`adoption_line`, `…第三十次会议通过`) is not a title and makes no series.
    """
    if not a or not b or _ADOPTION_LINE.search(a) or _ADOPTION_LINE.search(b):
        return False
    if _one_title_over_years(a, b):
        return True
    x, y = (_SERIES_NUMBER.sub("#", _TITLE_MARKS.sub("", t)) for t in (a, b))
    head = next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
    return head >= SERIES_HEAD and "#" in x[:head]


# A year or period a title names, with its brackets (`（2024—2028年）`, `2019-2023年`, `2017年度`).
_TITLE_YEARS = re.compile(r"[（(]?(?:19|20)\d{2}\s*(?:[-—–~～至到]\s*(?:19|20)\d{2}\s*)?年度?[）)]?")
# The shortest title two documents of one title over the years must share (`_one_title_over_years`).
_MIN_SERIES_TITLE = 8


def _one_title_over_years(a: str, b: str) -> bool:
    """Two documents under one title: the same page title word for word (two versions of one
    regulation, each announced), or the same title in 《》 (else the whole title) for different
    years or periods (`关于做好2015年…的通知` and `关于做好2017年…`, a five-year plan and the next).

    Each is the next issue or version of the other, not its follower (issue 10: over the real
    corpus three such pairs were linked by content once the older one could no longer be read as
    following the newer). A news page of a document (`某部印发《X》`) and the document itself
    (`某部关于印发X的通知`) differ in their page titles and name no different years: they still link.
    """
    x, y = (_TITLE_MARKS.sub("", t) for t in (a, b))
    if x == y:
        return len(x) >= _MIN_SERIES_TITLE
    cores = [(_QUOTED.findall(t) or [t])[-1] for t in (a, b)]
    years = [frozenset(_TITLE_YEARS.findall(_TITLE_MARKS.sub("", c))) for c in cores]
    p, q = (_TITLE_YEARS.sub("", _TITLE_MARKS.sub("", c)) for c in cores)
    return p == q and len(p) >= _MIN_SERIES_TITLE and years[0] != years[1]


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
    names a look-alike of the directive (see `_names_look_alike`), nor from a national body or a
    province to another place's document (`place_blocks`): `content_blocks`, the ones in
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
    clear: list[Link] = []
    for follower in followers:
        follower_id = follower.key
        lookups = None
        near: list[ContentMatch] = []
        unblocked: list[str] = []
        made = len(out)
        cited = by_follower.get(follower_id, [])
        for directive, _ in content.candidates(follower_id).most_common(_CONTENT_CANDIDATES):
            record = index.records[directive]
            if (directive, follower_id) in pairs or directive == follower_id:
                continue
            if content_blocks(record, follower, by_follower.get(follower_id, []), index) & filters:
                continue
            unblocked.append(directive)
            if is_statute(texts[follower_id]):
                break  # never linked by content, whatever it shares
            lookups = content.lookups(follower_id) if lookups is None else lookups
            found = content.match(follower_id, directive, lookups)
            if not linked(found):
                found = content.measure_match(follower_id, directive, lookups, _theme(record))
                parent = _shared_parent(record, cited, texts[follower_id]) or _through_plan(
                    index, record, cited
                )
                if not linked_by_sentences(found, 1 if parent else None):
                    near.append(found)
                    continue
            if not _cites_only(found, follower) and outweighs_length(found, texts[follower_id]):
                out.append(_content_link(record, follower, found))
        dated = {m.directive: in_named_year(index.records[m.directive], follower) for m in near}
        alone = len(out) == made and not cited
        years = {d: y for d, y in dated.items() if y}
        best = clear_best(near, years) if alone else None
        if (
            len(out) == made
            and cited
            and follower.doc.kind not in _FOLLOWER_KINDS
            and not any(_names_a_document(k) for k in cited)
        ):
            # Only loose references (`_names_a_document`): a notice of this year's arrangements that
            # also says `严格落实某某规定精神` still gets the near miss its year supports, to a policy.
            # Not minutes or reports: a read-out relays a meeting (`传达了…推进会精神`) and speaks of
            # this year's work of every plan of the year.
            best = clear_best(near, years)
            if best is not None and (
                best.directive not in years or not is_directive(index.records[best.directive])
            ):
                best = None
        # A read-out or a report covers many topics and shares wording with every document its
        # meeting decided or discussed: one heavy candidate tells less there (see `clear_candidate`).
        if best is None and alone and near and follower.doc.kind not in _FOLLOWER_KINDS:
            weights = {d: content.shared_weight(follower_id, d, _theme(index.records[d])) for d in unblocked}
            best = clear_candidate(near, weights)
            if best is not None and not best.passages:
                best = dataclasses.replace(
                    best, passages=_runs(content, follower_id, best.directive, lookups)
                )
        if (
            best is not None
            and not _cites_only(best, follower)
            and outweighs_length(best, texts[follower_id])
        ):
            clear.append(_content_link(index.records[best.directive], follower, best))
    # A clear near miss never outvotes a link made on the thresholds the other way (`_one_way`).
    made_pairs = {(link.follower.doc_id, link.directive.doc_id) for link in out}
    out.extend(link for link in clear if (link.directive.doc_id, link.follower.doc_id) not in made_pairs)
    return out


def _names_a_document(link: Link) -> bool:
    """Whether a follower's link names a document it may follow instead of a content candidate.

    A follower that names what it follows has said so, and a near miss by content is not made
    for it (`content_candidates`): a resolved link, or a citation of a document outside the
    collection by number, in book-title marks, or by a whole title (an issuer or `关于` and a genre).
    A loose reference without marks that names no whole document (`严格落实中央某某规定精神`,
    `传达了相关会议文件精神`) is a passing mention in a notice's tasks, not the document it follows.
    """
    if link.resolved or link.quoted_number or "《" in link.evidence:
        return True
    key = title_key(link.quoted_title or "")
    return key.genre is not None and (key.issuer is not None or "关于" in (link.quoted_title or ""))


# The share of a passage that may lie in the follower's citations of other documents for it to be
# a citation (`_cites_only`): a passage running across two citations keeps the `和` between them.
_CITED_SHARE = 0.8


def _cites_only(found: ContentMatch, follower: StoredDocument) -> bool:
    """Every passage the link rests on is the follower's citation of another document.

    Two documents that cite one parent (`《…的意见》（国办发〔2018〕123号）`) share that citation,
    not text one took from the other: dev's provincial report on government new media and a city's
    implementing notice share nothing longer than their citations of the national and the
    provincial opinion (the notice is no content target only for want of measures); on the real held-out
    sample a State Council meeting and the news of the opinion it decided both quote its title, the
    only passage they share. A link whose every passage lies in the follower's relays (the spans of
    its citations), with no shared figure besides, is not made. The citation still makes the pair
    a candidate, so a report naming the plan a directive breaks down is linked by one task it
    speaks of.
    """
    if not found.passages or found.facts:
        return False
    spans = [(relay.start, relay.end) for relay in follower.relays]
    for passage in found.passages:
        start, end = passage.follower_start, passage.follower_end
        cited = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
        if end <= start or cited < _CITED_SHARE * (end - start):
            return False
    return True


def _runs(
    content: ContentIndex, follower: str, directive: str, lookups: list[list[Owners | None]] | None
) -> tuple[Passage, ...]:
    """The follower's runs (`SHORT_PASSAGE` or more) shared with the directive, longest first: the
    evidence a `clear_candidate` link shows when its spoken sentence rests on shared figures."""
    runs = content.passages(follower, directive, lookups, shortest=SHORT_PASSAGE)
    return tuple(sorted(runs, key=lambda p: -p.length)[:3])


def _content_link(directive: StoredDocument, follower: StoredDocument, found: ContentMatch) -> Link:
    """A link made by content, with its best passage (or the shared figures) as evidence."""
    text = follower.text
    best = found.passages[0] if found.passages else None
    evidence = text[best.follower_start : best.follower_end] if best else "、".join(found.facts)
    return Link(
        directive=doc_ref(directive),
        follower=doc_ref(follower),
        relation=relation_of(follower),
        evidence=evidence,
        via="content",
        follower_date=follower.doc.date,
        follower_issuer=follower.doc.issuer,
        content=found,
        passages=tuple(text[p.follower_start : p.follower_end] for p in found.passages[:3]),
    )


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


def _through_plan(index: DirectiveIndex, directive: StoredDocument, quoted: Sequence[Link]) -> bool:
    """The follower names another body's implementing plan (`…实施意见`, `…实施方案`) of the directive.

    A city's notice carrying out its province's implementing opinion of a national opinion follows
    both; it often names only the province's, which names the national one. Reports and minutes
    are linked through the plan by name (`implemented_links`); a notice needs what it says too, so
    here one directive sentence it speaks of is enough (`linked_by_sentences`), as for a plan the
    directive breaks down (`_shared_parent`).
    """
    key = index.keys.get(directive.key)
    if key is None or not key.core:
        return False
    number = index.numbers.get(directive.key)
    for link in quoted:
        middle = index.records.get(str(link.directive.doc_id)) if link.resolved else None
        plan = index.keys.get(middle.key) if middle is not None else None
        if middle is None or plan is None or middle.key == directive.key:
            continue
        implements = (plan.genre or "").startswith("实施") and not issuers_compatible(plan.issuer, key.issuer)
        if implements and _names(middle, key, number):
            return True
    return False


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

    Read as a report's would be whatever the document's kind (`stated_progress`): a notice relaying a
    plan says what it has done. A majority, not one: the progress rules read a plan's `逐步实现`
    as work under way, and a plan restates no task with progress throughout.
    """
    if not spans:
        return False
    made = [(p.start, p.end) for p in stated_progress(record) if p.status != "planned"]
    # Read over the sentences the passages are cut from: the task restated and what has been done
    # on it are one sentence (`一、推进城乡供水一体化，…，目前已完成主管网铺设二十公里。`), while the
    # statement may be only the clause that says where things stand (`目前已完成…`).
    held = [(s, e) for s, e in sentences(record.text) if any(ps < e and s < pe for ps, pe in made)]
    covered = sum(1 for start, end in spans if any(s < end and start < e for s, e in held))
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
        if not doc_id and not number and relay.text and "《" not in relay.text:
            # A relay read from a title without marks (`根据某年某某安排精神`) that names no title as
            # read: the title may end before its cite end (`_unmarked_cores`).
            doc_id = _named_unmarked(index, relay.text, follower_id, dated)
            how = "title_loose" if doc_id else how
        if doc_id and amends_record(follower, index.records[doc_id]):
            continue
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
        if doc_id and doc_id not in out and not amends_record(follower, index.records[doc_id]):
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
        if doc_id in out or amends_record(follower, index.records[doc_id]):
            continue
        out[doc_id] = Link(
            directive=doc_ref(index.records[doc_id]),
            follower=ref,
            relation=relation_of(follower),
            evidence=evidence,
            via=how,
            quoted_title=index.records[doc_id].doc.title if how in ("title", "title_loose") else None,
            quoted_number=index.records[doc_id].doc.doc_number if how == "number" else None,
            follower_date=meta.date,
            follower_issuer=meta.issuer,
        )
    return list(out.values())


def _shortest_core(quoted: str, key: TitleKey) -> int:
    """The shortest core a title found in 《》 may have to be looked up (`_mentions`).

    Without a genre word a short core is a topic (`《安全》`), not a title; a law is a title whatever
    its length, quoted by its full name (`《中华人民共和国水法》`) or by its short one (`《水法》`,
    `《商标法》`): it still has to name an indexed law's core exactly.
    """
    if key.genre or key.core.endswith("法"):
        return 2
    return 4


def short_name(title: str | None) -> str | None:
    """The full title a well-known short name stands for (`rules/lexicons/xcheck_titles.yaml`)."""
    if not title:
        return None
    return vocab().short_names.get(_QUOTES.sub("", title).strip())


def _cites_unmarked(title: str, key: TitleKey) -> bool:
    """Whether an unmarked title a relay verb cites (`_UNMARKED`) names a document: only where it
    names its issuer or opens with `关于`; a bare core in running text is a topic, not a citation."""
    return "关于" in title and len(key.core) >= 6 and key.genre is not None


def _names_statute(title: str, key: TitleKey) -> bool:
    """Whether a statute's title without marks after a legal-basis or issuing verb
    (`_UNMARKED_STATUTE`) names one: a citation as sure as a quoted one when it names an indexed
    title exactly (`titles_match`); a short core or one that refers back (`本条例`) names nothing."""
    shortest = 2 if title.startswith(_STATE) else 4  # `中华人民共和国立法法`: the full name
    return len(key.core) >= shortest and key.core[0] not in _DEICTIC


def _unmarked_cores(text: str) -> Iterator[list[tuple[int, int, str]]]:
    """Titles a follower writes without marks, `关于` or genre after a citing or issuing verb.

    `根据某年某某安排精神，现将…`, `某部印发了阶段性某某补贴，其中规定…`: the run after the verb
    (`_UNMARKED_CORE`, read in simplified script) holds the title's core and what follows it up to a
    clause break; the title ends before a cite end (`精神`, `要求`), before a report title's tail
    (`关于贯彻落实某某意见的情况报告`), before a `和` joining another title, or at the break. The
    parts whose core is `_MIN_UNMARKED_CORE` characters or more are yielded run by run, shortest
    first, with their spans; `_mentions` and `links_of` link the first that names a whole indexed
    title (`DirectiveIndex.named`), so a topic phrase after a verb names nothing.
    """
    folded = fold(text)
    if len(folded) != len(text):
        folded = text
    for m in _UNMARKED_CORE.finditer(folded):
        start = m.start("title")
        run = m.group("title")
        cuts = sorted({c.start() for c in _CORE_CUT.finditer(run) if c.start() > 0} | {len(run)})
        parts = [(start, start + cut, run[:cut]) for cut in cuts]
        yield [
            part
            for part in parts
            if "关于" not in part[2] and len(title_key(part[2]).core) >= _MIN_UNMARKED_CORE
        ]


def _first_named(
    index: DirectiveIndex, parts: Sequence[tuple[int, int, str]], exclude: str, date: str | None
) -> tuple[str, int, int] | None:
    """The document the shortest of a run's parts (`_unmarked_cores`) names, with that part's span.

    The document's own core must be `_MIN_UNMARKED_CORE` characters too: a place glued before a
    short topic (`某市优化营商环境“三十条”`) matches a statute's short core (`优化营商环境条例`) by
    its place prefix, and names a city's own measures, not that statute.
    """
    for start, end, title in parts:
        doc_id = index.named(title_key(title), exclude, date)
        if doc_id:
            key = index.keys.get(doc_id)
            if key is None or len(key.core) < _MIN_UNMARKED_CORE:
                return None
            return doc_id, start, end
    return None


def _named_unmarked(index: DirectiveIndex, text: str, exclude: str, date: str | None) -> str:
    """The document an unmarked citation in `text` names (`_unmarked_cores`), else ``."""
    for parts in _unmarked_cores(text):
        named = _first_named(index, parts, exclude, date)
        if named is not None:
            return named[0]
    return ""


def reviewed_titles(text: str) -> list[tuple[int, int, str]]:
    """The titles in 《》 a meeting reviews or adopts (`会议审议通过了《甲》《乙》和《丙》`), with spans.

    A meeting that reviews or adopts a draft makes the document, it does not follow it: the
    document is issued after the meeting (the dev and check gold pair neither). The reviewing verb
    stands before the first title of a list only, so a title that follows a reviewed one across a
    list gap (`rules/crosscheck.yaml` `title_list_gap`: `、`, `和`, nothing) is reviewed too; a
    title after a full stop or a clause (`。会议要求，贯彻《丁》`) is not.
    """
    out: list[tuple[int, int, str]] = []
    previous: int | None = None
    for m in _QUOTED_WRAPPED.finditer(text):
        reviewed = bool(_REVIEWED.search(text, max(0, m.start() - 8), m.start())) or (
            previous is not None and _TITLE_LIST_GAP.search(text[previous : m.start()]) is not None
        )
        previous = m.end() if reviewed else None
        if reviewed:
            out.append((m.start(), m.end(), m.group(1)))
    return out


def _reviews(follower: StoredDocument, directive: StoredDocument, key: TitleKey | None) -> bool:
    """The follower reviews or adopts the directive (`reviewed_titles`): a title it reviews names
    the directive (`key`) or, for a news page of the document issued (`印发《X》`, in its title or
    its first line), the X it is about. A reviewed draft (`《X（草案）》`) names the X it becomes.
    """
    if "《" not in follower.text:
        return False
    heads = (directive.doc.title or "") + "\n" + _first_line(directive.text)
    keys = [k for k in (key, *(title_key(t) for t in _QUOTED.findall(heads))) if k]
    keys = [k for k in keys if len(k.core) >= _MIN_REVIEWED_CORE]
    if not keys:
        return False
    reviewed = [title_key(_DRAFT.sub("", title)) for _, _, title in reviewed_titles(follower.text)]
    return any(titles_match(r, k) for r in reviewed for k in keys)


# A draft's mark at the end of a reviewed title (`《某某条例（草案）》`).
_DRAFT = re.compile(r"\s*[（(]?(?:修订|修正)?草案(?:[（(]?(?:征求意见稿|送审稿|修改稿)[）)]?)?[）)]?\s*$")
# The shortest core a reviewed title must share with the directive to say it is the same document.
_MIN_REVIEWED_CORE = 6


def _mentions(index: DirectiveIndex, follower: StoredDocument) -> list[tuple[str, Via, str]]:
    """Directives the follower names in its text where no relay was extracted for them.

    A relay extractor misses forms it has no rule for (a number after a loose title, a number on a
    mirror page with pinyin in it, a well-known short name in quotes); the index knows every
    directive's number, so the text is scanned for them: a document number that is not the
    follower's own, or a quoted short name of `rules/lexicons/xcheck_titles.yaml`, of a directive
    dated no later than the follower. A title core found in running text without 《》 is not linked
    (on unseen documents such cores linked mostly pairs nobody labelled); a title without marks is,
    where a citing verb stands before it and it names a whole title (`_cites_unmarked`,
    `_names_statute`): `via` says `title_loose`.
    """
    text = follower.text
    follower_id = follower.key
    own = normalise_number(follower.doc.doc_number)
    date = (follower_date(follower) or "")[:10]
    found: list[tuple[str, Via, str]] = []

    def usable(doc_id: str) -> bool:
        day = (issued_bound(index.records[doc_id], read_page=False) or "")[:10]
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
    reviewed = {start for start, _, _ in reviewed_titles(text)}
    for m in _QUOTED_WRAPPED.finditer(text):
        # A title in 《》 the relay extractor did not take (a legal basis, `根据《X》`, a title
        # wrapped over lines): the same document by its title, never by a plan that implements it.
        if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in relayed):
            continue
        if m.group(1).count("\n") > _MAX_WRAPS:
            continue
        if m.start() in reviewed:
            continue  # a meeting reviewing or adopting a draft does not follow it (`reviewed_titles`)
        key = title_key(m.group(1))
        if len(key.core) < _shortest_core(m.group(1), key) or (
            key.genre is None and not key.core.endswith("法")
        ):
            continue
        doc_id = index.named(key, follower_id, date or None)
        if doc_id and usable(doc_id):
            found.append((doc_id, "title", text[max(0, m.start() - 20) : m.end() + 12]))
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    taken = [*relayed, *quoted]
    for pattern, names in ((_UNMARKED, _cites_unmarked), (_UNMARKED_STATUTE, _names_statute)):
        for m in pattern.finditer(text):
            start, end = m.span("title")
            if any(s < end and start < e for s, e in taken):
                continue
            key = title_key(m.group("title"))
            if not names(m.group("title"), key):
                continue
            doc_id = index.named(key, follower_id, date or None)
            if doc_id and usable(doc_id):
                found.append((doc_id, "title_loose", text[max(0, m.start() - 10) : m.end() + 12]))
    for parts in _unmarked_cores(text):
        if parts and any(s < parts[-1][1] and parts[0][0] < e for s, e in taken):
            continue
        named = _first_named(index, parts, follower_id, date or None)
        if named is not None and usable(named[0]):
            found.append((named[0], "title_loose", text[max(0, named[1] - 10) : named[2] + 12]))
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
    for start, end, numbers in cited_decrees(folded):
        # `依据《X条例》（国令第588号）`: a regulation by its decree, in any order or short form.
        for number in numbers:
            owners = index.by_number.get(number) or index.by_head_number.get(number)
            if number == own or not owners:
                continue
            for doc_id in owners:
                if usable(doc_id):
                    found.append((doc_id, "number", folded[max(0, start - 30) : end + 10]))
            break
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
