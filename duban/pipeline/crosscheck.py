"""Cross-check, part one: link followers to the directives they relay, then match measures.

Works on the stored document (`base.stored.StoredDocument`, read from what `Store.get` returns or
from a `Document.to_json(include_text=True)` record), so the same code runs over fixture files and
over an index.

Linking is by document number first, then by title key. A title key splits a quoted title into
issuer, core and genre (`国务院办公厅` · `延长2020年春节假期` · `通知`) after folding away the ways a
title gets quoted (brackets, `关于`, `的通知`, the 文号, page chrome before it). Two titles are the
same document only when their cores are near-identical (not when one contains the other: a later
`关于延长…实施期限等问题的通知` contains the earlier title's words but is a different document), their
genres agree when both are given, and their issuers are compatible when both are known. Candidates
come from an inverted index on normalised numbers and core keys, never from all pairs.

Measure matching scores each directive measure against the follower's sentences by TF-IDF cosine
over jieba words (the shared analyzer of `index.analysis`), character bigrams and characters, plus
a bonus when the sentence names one of the measure's units; see `MATCH_THRESHOLD` for how it was
chosen. A follower paraphrases, so no whole-sentence identity is asked for.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from duban.base.model import Metadata
from duban.base.script import strip_pinyin
from duban.base.stored import StoredDocument, StoredMeasure, StoredProgress
from duban.index.analysis import Analyzer, bigrams, fold, runs
from duban.index.records import measure_id as make_measure_id
from duban.pipeline.crosscheck_content import ContentIndex, ContentMatch, linked, linked_by_sentences
from duban.pipeline.crosscheck_content import K as SHINGLE
from duban.pipeline.crosscheck_text import comparable
from duban.pipeline.titles import vocab
from duban.rules.ruleset import load_rule_file
from duban.rules.vocabulary import (
    doc_number,
    genres,
    issuer_aliases,
    item_marker_alternation,
    title_genre,
)

Relation = Literal["relays", "reports_on"]
# How a link was found: the follower quotes the directive's number or title, quotes the title of a
# plan implementing it (`…实施意见` with the directive's core), or shares its distinctive passages.
Via = Literal["number", "title", "implements", "content", "unresolved"]

# Chosen on the 38 labelled (measure, follower) decisions of tests/fixtures/triples/labels.json
# (16 mentioned), printed by `benchmarks/eval_crosscheck.py --threshold-sweep`. With the directive's
# theme words weighed down (THEME_WEIGHT) mentioned measures score 0.137 and up, the others 0.094
# and below, lexically and with the paraphrase model alike, so 0.115 sits in the middle of the gap
# (precision 1.0, recall 1.0; 0.10 and 0.13 still do, 0.15 loses one measure). The model's
# contribution (EMBED_FLOOR 0.92, EMBED_MARGIN 0.01, EMBED_WEIGHT 3.0) was chosen on the same
# decisions: a floor of 0.90 lets sentences on the directive's theme in (gap 0.004 to 0.04), and
# without the margin over a sentence's mean closeness to all measures a theme sentence outranks
# the one that reports on the measure.
MATCH_THRESHOLD = 0.115
UNIT_BONUS = 0.05
# Weight kept by the words of the directive's own title when matching its measures.
THEME_WEIGHT = 0.3
# The paraphrase model's cosine (multilingual-e5-small) sits near 0.85-0.90 for unrelated Chinese
# sentences and 0.95-0.99 for paraphrases, so only what it gives above EMBED_FLOOR (and above the
# sentence's mean closeness to all the measures plus EMBED_MARGIN) counts, scaled by EMBED_WEIGHT.
EMBED_FLOOR = 0.92
EMBED_WEIGHT = 3.0
EMBED_MARGIN = 0.01
EMBED_CANDIDATES = 3
EMBED_MIN_LEXICAL = 0.05
EMBED_MAX_MEASURES = 24
# A follower with this many `第N条` articles is a statute: never linked by content.
_STATUTE_ARTICLES = 8
# Content linking looks at a follower's few directives with the most rare shingles in common.
_CONTENT_CANDIDATES = 5
# The filters a content candidate must pass (`content_blocks`). Each can be left out of this set to
# measure what it costs and what it saves (`benchmarks/sweep_crosscheck.py`, held out on
# `corpus/real/`).
CONTENT_FILTERS: frozenset[str] = frozenset({"date", "same_issuer", "look_alike", "policy_from_policy"})

# The document number, genre words and item markers are the shared vocabulary's
# (`rules/vocabulary.yaml`), and so is the title key's genre (`title_genre`: every genre word, the
# compounds whose modifier makes another document, `实施意见` not the `意见` it implements, and
# `规划`, `决议`). The vocabulary's number knows the brackets
# pages use after folding (`﹝` folds to `〔`) but not `〈〉`, `{}` or `<>` around the year, which the
# cross-check's own pattern accepted: no page in dev, seed or the real sample writes them.
_NUMBER = doc_number()
# A regulation's number is its decree (`某部令第3号`, `rules/doc_numbers.yaml`), as the metadata
# reader reads it: a key of its own, the state's name left out as in title keys.
_DECREE = load_rule_file("doc_numbers").require(("decree",)).regex("decree")
# The cross-check's own Chinese-text patterns (`rules/crosscheck.yaml`), each read below by its group.
_RULES = load_rule_file("crosscheck").require(
    (
        "news_of_title",
        "about_title",
        "reviewed",
        "opening_date",
        "issuer_split",
        "context_issuer",
        "place_or_org_end",
        "unit_markers",
        "deploy",
        "number_label",
        "plan_genre",
        "breaks_down",
        "article",
        "cite_verb",
        "cite_end",
        "issue_date",
        "forwarded",
        "page_date",
    )
)
_QUOTES = re.compile(r"[《》〈〉<>‹›«»「」『』“”\"'‘’]")
_CHROME = re.compile(r".*[|:：»]")
_CHROME_GT = re.compile(r".*>")
_PAREN_NUMBER = re.compile(r"[(（〔\[]?\s*" + _NUMBER.pattern + r"\s*[)）〕\]]?")
_GENRE = title_genre()
_NON_WORD = re.compile(r"[^\w]|_")
# A genre word anywhere (`_GENRE` only at the end), and the separators a page title's site or
# column name follows (`_`, `｜`, ` - `).
_GENRE_WORD = re.compile(_GENRE.pattern.removesuffix("$"))
_SITE_SUFFIX = re.compile(r"\s*[_｜|]\s*|\s+[-—–]+\s*")
# A character that tells documents apart when it alone differs (`_one_typo`): numerals, places and
# levels, and the opposites titles are built on (`上半年` / `下半年`, `增量` / `减量`).
_APART = frozenset(
    "一二三四五六七八九十百千零〇两省市县区州旗镇乡盟村级上下东西南北内外前后大小高低增减主副正负"
)
_PLACE_LEVEL = frozenset("省市县区州旗盟")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ISSUED_BY = re.compile(r"^(.{2,40}?)印发了?$")
# A page title reporting that another document was issued: a publishing verb, the quoted title, and
# at most a dated bracket after it (`中共中央办公厅 国务院办公厅印发《…》（2019年8月14日）`).
_NEWS_OF_TITLE = _RULES.regex("news_of_title")
# A page title about another document: a meeting or a body that reviews, adopts, studies or issues a
# quoted title (`中共中央政治局召开会议 审议《X》`, `…审议通过《X》、《Y》`, `…印发《X》 要求…`). The
# page is a read-out or a news item about X, not X; a covering notice (`关于印发《X》的通知`) is X.
_ABOUT_TITLE = _RULES.regex("about_title")
_STATE = "中华人民共和国"
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
_CITE_TAIL = re.compile(_RULES.regex("cite_end").pattern.removeprefix("^") + "$")
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
# A covering notice that forwards another body's document (`…关于转发X的通知`, `…批转X的通知`).
_FORWARDED = _RULES.regex("forwarded")
_DIGITS = re.compile(r"\d+")
_ISSUER_SPLIT = _RULES.regex("issuer_split")
# An issuer written just before a quoted title: `人社部、财政部、国家税务总局印发了《…》`, `湖北省人民政府
# 办公厅1日发布关于…`, `传达学习了市政府办公室《…》`. Name characters exclude the function words and
# verbs that precede a name, so the match starts where the name does (`rules/crosscheck.yaml`).
_CONTEXT_ISSUER = _RULES.regex("context_issuer")
_PLACE_OR_ORG_END = _RULES.regex("place_or_org_end")
_UNIT_MARKERS = _RULES.regex("unit_markers")
# The markers a measure may open with: 一、, （一）, 1., （1） (levels 3-6). An article's `第X条` shares
# level 3 with `一、` in the vocabulary but stays in the measure, as it always has (the scores of a
# statute's measures do not move).
_ITEM_MARKER = re.compile(r"^\s*" + item_marker_alternation(range(3, 7), articles=False))
_DEPLOY = _RULES.regex("deploy")
_SEGMENT_END = re.compile(r"[。；;！!？?\n]")
_MIN_SEGMENT = 6
_GENERIC = frozenset(
    [
        "会议",
        "要求",
        "强调",
        "指出",
        "明确",
        "研究",
        "部署",
        "工作",
        "进一步",
        "加强",
        "全面",
        "切实",
        "认真",
        "做好",
        "抓好",
        "落实",
        "贯彻",
        "推进",
        "开展",
        "相关",
        "有关",
        "我局",
        "全局",
        "各项",
        "确保",
        "按期",
        "完成",
        "任务",
        "情况",
        "具体",
        "负责",
        "同志",
        "一是",
        "二是",
        "三是",
    ]
)


@dataclass(frozen=True)
class TitleKey:
    """A title reduced to what identifies the document: issuer, core words, genre."""

    issuer: str | None
    core: str
    genre: str | None


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


@dataclass(frozen=True)
class MeasureMatch:
    """The follower's best sentence for one directive measure; `evidence` None when below threshold."""

    measure_id: str
    ordinal: int
    text: str
    score: float
    evidence: str | None
    start: int | None = None
    end: int | None = None
    progress: str | None = None

    @property
    def mentioned(self) -> bool:
        return self.evidence is not None


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


# --- normalisation -------------------------------------------------------------------------------------


def normalise_number(text: str | None) -> str | None:
    """`国办发明电[2018]15号`, `(2018)`, `〔2018〕第15号` all become `国办发明电〔2018〕15号`;
    `中华人民共和国国务院令第706号` and `国务院令第 706 号` both `国务院令第706号`."""
    if not text:
        return None
    folded = fold(strip_pinyin(text))
    for match in _NUMBER.finditer(folded):
        prefix = _NON_WORD.sub("", match.group("prefix"))
        if prefix:  # `〔2018〕15号` alone names no document: every issuer has one
            return f"{prefix}〔{match.group('year')}〕{int(match.group('serial'))}号"
    decree = _DECREE.search(folded)
    if decree:
        return f"{decree.group('issuer').removeprefix(_STATE)}令第{int(decree.group('serial'))}号"
    return None


@lru_cache(maxsize=65536)
def normalise_issuer(issuer: str) -> str:
    """The folded issuer with common abbreviations spelled one way and `中共` dropped."""
    text = _NON_WORD.sub("", fold(issuer))
    for old, new in issuer_aliases():
        text = text.replace(old, new)
    return text.removeprefix("中共")


@lru_cache(maxsize=65536)
def _issuer_parts(issuer: str) -> tuple[str, ...]:
    """The bodies of a (possibly joint) issuer, after any page chrome or date before them."""
    tail = re.split(r"[^\w、，,/\s]|\d", fold(issuer))[-1]
    parts = [normalise_issuer(p) for p in _ISSUER_SPLIT.split(tail)]
    return tuple(p for p in parts if len(p) >= 2)


def issuers_compatible(a: str | None, b: str | None) -> bool:
    """True unless both issuers are known and no body of one is the other's with a prefix dropped.

    `市政府办公室` fits `江临市人民政府办公室`, `国务院办公厅` fits page chrome ending in it, but
    `湖北省人民政府办公厅` does not fit `国务院办公厅`, nor `江临市人民政府` its own 办公室.
    """
    if not a or not b:
        return True
    parts_a, parts_b = _issuer_parts(a), _issuer_parts(b)
    if not parts_a or not parts_b:
        return True
    return any(x.endswith(y) or y.endswith(x) for x in parts_a for y in parts_b)


@lru_cache(maxsize=65536)
def title_key(title: str, issuer: str | None = None) -> TitleKey:
    """Issuer, core and genre of a quoted or indexed title; `issuer` fills in when the title has none."""
    text = fold(strip_pinyin(title))
    text = _PAREN_NUMBER.sub(_title_before_number, text)
    for chrome in (_CHROME, None if "<" in text else _CHROME_GT):
        found = chrome.match(text) if chrome else None
        if found and len(text) - found.end() >= 4:
            text = text[found.end() :]
    site = _SITE_SUFFIX.search(text)
    if site and _GENRE.search(_NON_WORD.sub("", text[: site.start()])):
        # A page title with the site's or column's name after it (`…的意见_政策文件`, `… - 某某网`).
        text = text[: site.start()]
    text = _QUOTES.sub("", text)
    text = _NON_WORD.sub("", text)
    tail = _CITE_TAIL.search(text)
    if tail and _GENRE.search(text[: tail.start()]):
        # A relay read with what follows the title (`…的指导意见文件精神`): the title ends at its genre.
        text = text[: tail.start()]
    own_issuer: str | None = None
    forwards = bool(_FORWARDED.search(text))
    head, found_about, rest = text.partition("关于")
    issued = _ISSUED_BY.match(head) if found_about else None
    if issued:
        # `国务院办公厅印发关于X的意见`, the news form of a title quoted as one: X, by that issuer.
        own_issuer, text = issued.group(1), rest
    elif found_about and "印发" not in head:
        own_issuer, text = head or None, rest
    if "印发" in text and text.endswith("通知"):
        # `关于印发〈X〉的通知` is cited as `X` too: key it by the document it issues.
        head, _, rest = text.partition("印发")
        own_issuer = own_issuer or head or None
        text = rest.removesuffix("通知").removesuffix("的")
    text = text.removeprefix("关于")
    inner = _GENRE.search(text.removesuffix("通知").removesuffix("的")) if text.endswith("的通知") else None
    if inner and inner.start() >= 2 and inner.group(1) != "通知" and not forwards:
        # `…的意见的通知`: the opinion quoted with the notice's `的通知` added to it (a forwarding
        # notice's `的通知` is its own: it is not what it forwards).
        text = text[: -len("的通知")]
    genre_match = _GENRE.search(text)
    genre = genre_match.group(1) if genre_match and genre_match.start() >= 2 else None
    core = text[: genre_match.start()] if genre and genre_match else text
    if len(core) >= len(_STATE) + 2:
        # A national law or regulation is quoted with and without its state prefix (`《疫苗管理法》`,
        # `《中华人民共和国疫苗管理法》`): both name one document.
        core = core.removeprefix(_STATE)
    return TitleKey(
        issuer=own_issuer or (normalise_issuer(issuer) if issuer else None), core=core, genre=genre
    )


def _title_before_number(found: re.Match[str]) -> str:
    """A document number cut out of a title, without the title's end that the number's prefix
    took in (`…的意见国办发〔2018〕123号`: the prefix may run back over `…的意见`)."""
    prefix = found.group(0)[: found.start("year") - found.start()]
    ends = [m.end() for m in _GENRE_WORD.finditer(prefix)]
    return prefix[: ends[-1]] if ends else ""


def _edit_distance(a: str, b: str, limit: int, substitution: int = 1) -> int:
    """Levenshtein distance with a substitution costing `substitution`, stopping early once it must
    exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution * (ca != cb))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def cores_match(a: str, b: str, paraphrase: bool = False) -> bool:
    """Near-identity: equal, or a character dropped or added in a long core with the same figures.

    A quoted title drops or adds a character (`的`, a typo's missing `建`); one that differs by a
    character in place names another document (`民事诉讼法` / `刑事诉讼法`), so a substitution
    counts as two edits, unless `paraphrase`: a local plan restating the core it implements may
    swap a word's character (`审核机制` / `审查机制`).
    """
    if a == b:
        return bool(a)
    if min(len(a), len(b)) < 12 or _DIGITS.findall(a) != _DIGITS.findall(b):
        return False
    limit = max(1, len(a) // 20)
    return _edit_distance(a, b, limit, 1 if paraphrase else 2) <= limit


def _one_typo(a: str, b: str) -> bool:
    """Two long cores that differ in one character, where that character names nothing apart.

    A garbled page or a careless quote gets one character of a long title wrong (`政务某媒体`). Among
    the 5,864 titles of `corpus/real/` the distinct documents whose long cores differ so are nearly
    all places (`台州市…` / `湖州市…`: a character before a place or level word) or numerals (`第十三个`
    / `第十四个`), which stay apart; one pair in all (`海岸` / `海洋`) is two documents, and a word
    swapped for its neighbour (`审核` / `审查`, `民事` / `刑事`) may be too: so this is a last resort
    (`DirectiveIndex.garbled`), never a title match of its own.
    """
    if len(a) != len(b):
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(differ) != 1:
        return False
    at = differ[0]
    if any(not _CJK.match(c) or c in _APART for c in (a[at], b[at])):
        return False
    return not any(c in _PLACE_LEVEL for c in a[at + 1 : at + 3] + b[at + 1 : at + 3])


def titles_match(a: TitleKey, b: TitleKey) -> bool:
    """Same document by title: near-identical cores, compatible genres and issuers.

    Without a `关于` the issuer may be glued to the core (`江临市城市内涝治理工作方案`): a core that
    equals the other's with a place or body name in front counts as the same title.
    """
    if a.genre and b.genre and a.genre != b.genre:
        return False
    if (a.genre or "").startswith("实施") != (b.genre or "").startswith("实施"):
        # `中华人民共和国矿产资源法` is not its `…法实施细则`, nor `关于X的意见` its `X实施方案`.
        return False
    if not issuers_compatible(a.issuer, b.issuer):
        return False
    if cores_match(a.core, b.core):
        return True
    long, short = (a.core, b.core) if len(a.core) >= len(b.core) else (b.core, a.core)
    prefix = long[: len(long) - len(short)]
    if len(short) >= 6 and long.endswith(short) and len(prefix) >= 2 and prefix[0] not in "全本各该我":
        other = a.issuer if long == b.core else b.issuer
        if not _PLACE_OR_ORG_END.search(prefix):
            return False
        if other is None and _statute_genre(a if long == a.core else b):
            # `《城市市容和环境卫生管理条例》` is the national regulation every city's `X市城市市容…条例`
            # also ends with: a statute's place-less title fits a local one only when its issuer is known.
            return False
        # `市政府办公室《城乡供水…方案》` names its own city's plan: a body named by its level alone
        # (`市`, `县`) fits a prefix of that level (`青禾市`).
        relative = bool(other) and normalise_issuer(other or "")[:1] == prefix[-1:]
        return relative or issuers_compatible(prefix, other)
    return False


_STATUTE_GENRES = frozenset({"条例", "办法", "规定", "细则", "实施细则", "实施办法", "规则"})


def _statute_genre(key: TitleKey) -> bool:
    """A law or regulation by its title: a statute genre, or a core ending in `法` with no genre."""
    return key.genre in _STATUTE_GENRES or (key.genre is None and key.core.endswith("法"))


# A title core this short with a genre and no issuer (`政府工作报告`, `工作要点`) names a kind of
# document, not one (`DirectiveIndex.titled`).
_GENERIC_CORE = 4


def _generic(key: TitleKey) -> bool:
    """A title every body issues (`《政府工作报告》`): a short core, a genre, no issuer, no statute."""
    return bool(key.genre) and not key.issuer and len(key.core) <= _GENERIC_CORE and not _statute_genre(key)


def context_issuer(text: str, start: int) -> str | None:
    """The issuer named just before a quoted title (`人社部、财政部印发了《…》`), if any."""
    window = fold(text[max(0, start - 40) : start])
    match = _CONTEXT_ISSUER.search(window)
    return match.group("issuer") if match else None


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


_ISSUE_DATE = _RULES.regex("issue_date")
# Where a page prints its own dates: the head (enactment note, date line) and the tail (signature).
_DATE_HEAD = 600
_DATE_TAIL = 300


_PAGE_DATE = _RULES.regex("page_date")


def follower_date(record: StoredDocument) -> str | None:
    """The date a follower is known by: its extracted one, else the latest its page prints as its
    own (`YYYY-MM-DD`): a dated title or opening line (`…常务会议（2014年3月19日）`), or a date field in
    the head (`发布时间：2019-04-04`).

    Most minutes and web pages have no extracted signing date, so the rule that a follower cannot
    follow a directive issued after it never applied to them (a 2014 meeting linked to the 2024
    work report it could not have read). A page's date is its signing date or later, which only
    makes the rule looser than the signing date would, never wrong; the latest of several is the
    safe one for the same reason. Only for followers: a directive's later page date would make an
    earlier follower look as if it came first.
    """
    if record.doc.date:
        return record.doc.date
    text = record.text.lstrip()
    first = text.split("\n", 1)[0]
    found = []
    for part, dated_title in ((record.doc.title or "", True), (first, True), (text[:_DATE_HEAD], False)):
        for m in _PAGE_DATE.finditer(fold(part)):
            if m.group(0)[:1] in "(（" and not dated_title:
                continue  # a bracketed date in the body cites another document's date
            month, day = int(m.group("month")), int(m.group("day"))
            if 1 <= month <= 12 and 1 <= day <= 31:
                found.append(f"{int(m.group('year')):04d}-{month:02d}-{day:02d}")
    return max(found) if found else None


@lru_cache(maxsize=4096)
def issued_not_before(text: str) -> str | None:
    """For a document without an extracted date, the earliest date its head or tail prints as an
    issue date (a date line, `…通过`, `…公布`, `…修正`), as `YYYY-MM-DD`: it was issued no earlier.

    Without it a directive with no date passed the date filter whatever the follower's date. The
    earliest such date is a safe lower bound: a revised statute's head lists its first enactment
    first, and a follower of any version is dated after that. Deadlines (`…日前`) and effective
    dates (`自…起施行`) are not issue dates and are not read.
    """
    found = [
        f"{int(m.group('year')):04d}-{int(m.group('month')):02d}-{int(m.group('day')):02d}"
        for part in (text[:_DATE_HEAD], text[-_DATE_TAIL:])
        for m in _ISSUE_DATE.finditer(part)
        if 1 <= int(m.group("month")) <= 12 and 1 <= int(m.group("day")) <= 31
    ]
    return min(found) if found else None


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


_ARTICLE = _RULES.regex("article")


def _statute(text: str) -> bool:
    """A law or regulation (`第一条`, `第二条`… articles): it re-enacts formulations, it does not follow."""
    return len(_ARTICLE.findall(text[:20000])) >= _STATUTE_ARTICLES


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


# --- measure matching ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _analyzer() -> Analyzer:
    return Analyzer()


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    """Jieba words (two characters or more, minus 公文 boilerplate), character bigrams and characters.

    Single characters carry a paraphrase that shares no word or bigram (`户厕改造` / `改厕`); IDF keeps
    the common ones (`的`, `要`) from counting. Cached: a directive's measures meet every follower.
    """
    folded = fold(text)
    words = [w for w in _analyzer().words(folded) if len(w) >= 2 and w not in _GENERIC and not w.isdigit()]
    grams = ["#" + g for run in runs(folded) for g in bigrams(run) if len(g) == 2 and not g.isdigit()]
    chars = ["@" + ch for ch in folded if "\u4e00" <= ch <= "\u9fff"]
    return (*words, *grams, *chars)


@lru_cache(maxsize=65536)
def _counts(text: str) -> Counter[str]:
    """Token counts of a measure, shared by every follower it is matched against (never mutated)."""
    return Counter(tokens(text))


def measure_core(text: str) -> str:
    """A measure without its item marker and its trailing 牵头单位/完成时限 boilerplate."""
    return _UNIT_MARKERS.sub("", _ITEM_MARKER.sub("", text)).strip()


def segments(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Sentences and `；` clauses of a follower, leaving out those that lie inside `skip` spans.

    A sentence that quotes the directive (`按照《…》要求，已完成…`) is kept: what it says beyond
    the quotation is evidence, and `match_measures` masks the quotation itself before scoring.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for m in [*_SEGMENT_END.finditer(text), None]:
        end = m.start() if m else len(text)
        start = pos
        while start < end and text[start].isspace():
            start += 1
        if end - start >= _MIN_SEGMENT and not any(s <= start and end <= e for s, e in skip):
            out.append((start, end))
        pos = m.end() if m else len(text)
    return out


def _masked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with quoted titles blanked, so a sentence does not score by quoting the directive."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _tfidf(counts: Counter[str], idf: Mapping[str, float]) -> tuple[dict[str, float], float]:
    """A TF-IDF vector (sublinear tf) and its norm; the norm is applied in `_cosine`."""
    vector = {t: (1.0 if c == 1 else 1 + math.log(c)) * idf.get(t, 1.0) for t, c in counts.items()}
    return vector, math.sqrt(sum(v * v for v in vector.values())) or 1.0


def _cosine(a: tuple[dict[str, float], float], b: tuple[dict[str, float], float]) -> float:
    (va, na), (vb, nb) = a, b
    shared = va.keys() & vb.keys()
    return sum(va[t] * vb[t] for t in shared) / (na * nb) if shared else 0.0


@dataclass(frozen=True)
class _Side:
    """Token counts of a list of texts (a directive's measures, a follower's sentences) as arrays.

    One entry per (text, token): `rows`, `cols` into `tokens`, and the sublinear term frequency.
    Built once per directive and once per follower and reused for every pair they are in: a law
    cited by hundreds of documents, or a report citing dozens, is tokenised once.
    """

    vocab: dict[str, int]
    rows: Any
    cols: Any
    tf: Any
    df: Any
    n: int

    @classmethod
    def of(cls, counts: Sequence[Counter[str]]) -> _Side:
        import numpy as np

        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tf: list[float] = []
        for row, found in enumerate(counts):
            for token, count in found.items():
                rows.append(row)
                cols.append(vocab.setdefault(token, len(vocab)))
                tf.append(1.0 if count == 1 else 1 + math.log(count))
        col_array = np.asarray(cols, dtype=np.int64)
        return cls(
            vocab,
            np.asarray(rows, dtype=np.int64),
            col_array,
            np.asarray(tf, dtype=np.float64),
            np.bincount(col_array, minlength=len(vocab)).astype(np.float64),
            len(counts),
        )


def _lexical(measures: _Side, sentences: _Side, theme: set[str]) -> tuple[list[list[float]], Any, Any]:
    """Every measure's TF-IDF cosine with every sentence, and the two sides' IDF arrays.

    The figures `_cosine(_tfidf(...), _tfidf(...))` gives pair by pair (IDF over the measures and
    sentences together, the directive's theme words weighed by THEME_WEIGHT), as one matrix
    product over the tokens both sides share: the norms take every token, the products only the
    shared ones, so a long law's hundred articles against a long report's two hundred sentences
    costs one small dense product instead of a Python loop per token.
    """
    import numpy as np

    n = measures.n + sentences.n
    shared = [t for t in measures.vocab if t in sentences.vocab]
    m_idx = np.asarray([measures.vocab[t] for t in shared], dtype=np.int64)
    s_idx = np.asarray([sentences.vocab[t] for t in shared], dtype=np.int64)
    df_m, df_s = measures.df.copy(), sentences.df.copy()
    df_m[m_idx] += sentences.df[s_idx]
    df_s[s_idx] += measures.df[m_idx]
    idf_m = np.log((n + 1) / (df_m + 0.5))
    idf_s = np.log((n + 1) / (df_s + 0.5))
    for token in theme:
        if token in measures.vocab:
            idf_m[measures.vocab[token]] *= THEME_WEIGHT
        if token in sentences.vocab:
            idf_s[sentences.vocab[token]] *= THEME_WEIGHT
    if not measures.n or not sentences.n:
        return [[] for _ in range(measures.n)], idf_m, idf_s
    dense = []
    for side, idf, idx in ((measures, idf_m, m_idx), (sentences, idf_s, s_idx)):
        weights = side.tf * idf[side.cols]
        norms = np.sqrt(np.bincount(side.rows, weights * weights, minlength=side.n))
        norms[norms == 0] = 1.0
        position = np.full(len(side.vocab), -1, dtype=np.int64)
        position[idx] = np.arange(len(shared))
        kept = position[side.cols] >= 0
        matrix = np.zeros((side.n, len(shared)), dtype=np.float64)
        matrix[side.rows[kept], position[side.cols[kept]]] = weights[kept]
        dense.append(matrix / norms[:, None])
    return (dense[0] @ dense[1].T).tolist(), idf_m, idf_s


def _idf_map(measures: _Side, sentences: _Side, idf_m: Any, idf_s: Any) -> dict[str, float]:
    """The pair's IDF as a dict (for scoring a clause against a measure, `_progress_at`)."""
    out = {t: float(idf_s[j]) for t, j in sentences.vocab.items()}
    out.update({t: float(idf_m[j]) for t, j in measures.vocab.items()})
    return out


@lru_cache(maxsize=512)
def _measure_side(cores: tuple[str, ...]) -> _Side:
    return _Side.of([_counts(core) for core in cores])


@dataclass(frozen=True)
class _FollowerView:
    """What measure matching reads of a follower, whichever directive it is matched against."""

    spans: list[tuple[int, int]]
    masked: str
    side: _Side
    names: list[str]


@lru_cache(maxsize=256)
def _follower_view(text: str, title: str, quoted: tuple[tuple[int, int], ...]) -> _FollowerView:
    skip: list[tuple[int, int]] = []
    if title and title in text:
        skip.append((text.index(title), text.index(title) + len(title)))
    spans = segments(text, skip)
    masked = _masked(text, quoted)
    side = _Side.of([Counter(tokens(masked[s:e])) for s, e in spans])
    return _FollowerView(spans, masked, side, [normalise_issuer(text[s:e]) for s, e in spans])


def _units_of(measure: StoredMeasure) -> list[str]:
    return [u.name for u in measure.units if u.role in ("lead", "co")]


_STATUS_ORDER = ("lagging", "in_progress", "done", "planned")
# In a sentence that mixes statuses, a clause speaks of the measure when it scores this share of the
# clause that matches it best: `A已完成，B正在推进` keeps A's status for A, while `累计新建管网45公里，
# 管网改造进度滞后` (one measure, two clauses) keeps the lag.
CLAUSE_RATIO = 0.3
_CLAUSE = re.compile(r"[^，,；;：:]+")


def progress_of(follower: StoredDocument) -> list[StoredProgress]:
    """The follower's progress statements; for one read as another kind, found here.

    Extraction reads progress only in reports and minutes, so a progress report misread as `other`
    or `policy` would state nothing; the progress rules are run over its text as a report's would be.
    A statute (a law citing a law) reports no progress: it is not read again (on `corpus/real/`,
    where most links are between statutes, that re-reading took a tenth of the cross-check).
    """
    if follower.progress or follower.doc.kind in ("report", "minutes") or _statute(follower.text):
        return list(follower.progress)
    return list(_progress_as_report(follower.text))


@lru_cache(maxsize=256)
def _progress_as_report(text: str) -> tuple[StoredProgress, ...]:
    from duban.base.model import RawDocument, RawPage
    from duban.pipeline.extract import build_document

    if not text:
        return ()
    doc = build_document(RawDocument(source="", format="text", pages=[RawPage(1, text, "text")]))
    if doc.text != text:
        return ()
    doc.meta.kind = "report"
    return tuple(
        StoredProgress(text=p.text, status=p.status, start=p.start, end=p.end) for p in _finder().find(doc)
    )


@lru_cache(maxsize=1)
def _finder() -> Any:
    from duban.extractors.progress import ProgressFinder

    return ProgressFinder.default()


def _statuses_in(progress: Sequence[StoredProgress], start: int, end: int) -> set[str]:
    return {p.status for p in progress if p.start < end and start < p.end}


def _progress_at(
    text: str,
    progress: Sequence[StoredProgress],
    start: int,
    end: int,
    relevance: Any = None,
) -> str | None:
    """The progress status stated inside a span, clause by clause when it mixes statuses.

    A deployment (`会议要求…要完成改厕任务`) states no progress, whatever words it shares with one.
    `A已完成，B正在推进` says `done` of A: with `relevance` (a clause's score against the measure)
    only the statuses of the clauses that speak of the measure count; among them a lag outweighs
    work in progress, which outweighs done, which outweighs a plan.
    """
    if _DEPLOY.search(text[start:end]):
        return None
    found = _statuses_in(progress, start, end)
    if len(found) > 1 and relevance is not None:
        clauses = [(m.start(), m.end()) for m in _CLAUSE.finditer(text, start, end) if m.group().strip()]
        scored = [(relevance(text[s:e]), s, e) for s, e in clauses]
        top = max((sc for sc, _, _ in scored), default=0.0)
        if top > 0:
            near = set().union(
                *(_statuses_in(progress, s, e) for sc, s, e in scored if sc >= CLAUSE_RATIO * top)
            )
            found = near or found
    for status in _STATUS_ORDER:
        if status in found:
            return status
    return None


# A second sentence counts as evidence for a measure when it scores this share of the best one:
# a report may say what lags in one sentence and what is planned in the next.
SUPPORT_RATIO = 0.6


def match_measures(
    directive: StoredDocument, follower: StoredDocument, threshold: float | None = None
) -> list[MeasureMatch]:
    """Score every directive measure against every follower sentence; keep the evidence per measure.

    IDF comes from the directive's measures and the follower's sentences together, so words every
    measure shares (the directive's own theme) weigh little and distinctive terms decide. The
    evidence is the sentence whose combined score (lexical, unit named, paraphrase when the
    embedding model is there) is best, unless a sentence scoring at least `SUPPORT_RATIO` of it
    states a weightier status (a lag beside a plan): then that sentence is the evidence.
    """
    from duban.pipeline.crosscheck_embed import similarities

    measures = directive.measures
    text = follower.text
    view = _follower_view(text, follower.doc.title or "", tuple((r.start, r.end) for r in follower.relays))
    spans, masked, segment_names = view.spans, view.masked, view.names
    progress = progress_of(follower)
    doc_id = directive.doc_id
    cores = [measure_core(m.text) for m in measures]
    measure_side = _measure_side(tuple(cores))
    # The directive's theme (the words of its title) is what every sentence of a follower is about:
    # it must not decide which measure a sentence speaks of.
    theme = set(tokens(directive.doc.title or ""))
    lexical, idf_m, idf_s = _lexical(measure_side, view.side, theme)
    if threshold is None:
        threshold = MATCH_THRESHOLD
    idf_cache: list[dict[str, float]] = []

    def pair_idf() -> dict[str, float]:
        if not idf_cache:
            idf_cache.append(_idf_map(measure_side, view.side, idf_m, idf_s))
        return idf_cache[0]

    # The model re-ranks; it sees only each measure's EMBED_CANDIDATES best sentences by words, so a
    # long follower costs a few dozen embeddings, not hundreds (the model does 35-40 a second).
    # Measures with no sentence near them by words (max below EMBED_MIN_LEXICAL) are not embedded
    # either, and of the rest only the EMBED_MAX_MEASURES nearest: a long law's hundred articles
    # would cost minutes, and a follower speaks of a handful of them.
    near = sorted(
        (o for o, row in enumerate(lexical) if row and max(row) >= EMBED_MIN_LEXICAL),
        key=lambda o: -max(lexical[o]),
    )[:EMBED_MAX_MEASURES]
    to_embed = sorted(
        {
            i
            for o in near
            for i in sorted(range(len(lexical[o])), key=lambda i: -lexical[o][i])[:EMBED_CANDIDATES]
            if lexical[o][i] > 0
        }
    )
    paraphrase: dict[tuple[int, int], float] = {}
    floors: dict[int, float] = {}
    found = (
        similarities([cores[o] for o in near], [masked[spans[i][0] : spans[i][1]] for i in to_embed])
        if to_embed
        else None
    )
    if found is not None:
        for column, i in enumerate(to_embed):
            sims = [row[column] for row in found]
            # A sentence on the directive's theme (`扎实推进农村人居环境整治`) is close to every
            # measure; what counts is how much closer it is to this one than to the measures on average.
            floors[i] = (
                EMBED_FLOOR if len(sims) < 2 else max(EMBED_FLOOR, sum(sims) / len(sims) + EMBED_MARGIN)
            )
            for row_index, sim in enumerate(sims):
                paraphrase[(near[row_index], i)] = sim
    out: list[MeasureMatch] = []
    for ordinal, measure in enumerate(measures):
        units = [normalise_issuer(u) for u in _units_of(measure)]
        scored: list[tuple[float, tuple[int, int]]] = []
        for index, (span, names) in enumerate(zip(spans, segment_names, strict=True)):
            score = lexical[ordinal][index]
            if score <= 0:
                continue
            if any(u in names for u in units):
                score += UNIT_BONUS
            if (ordinal, index) in paraphrase:
                score += EMBED_WEIGHT * max(0.0, paraphrase[(ordinal, index)] - floors[index])
            scored.append((score, span))
        mid = measure.measure_id or make_measure_id(doc_id, ordinal)
        scored.sort(key=lambda item: -item[0])
        best = scored[0][0] if scored else 0.0
        if not scored or best < threshold:
            out.append(MeasureMatch(mid, ordinal, measure.text, round(best, 4), None))
            continue

        def relevance(clause: str, core: str = cores[ordinal]) -> float:
            idf = pair_idf()
            return _cosine(_tfidf(_counts(core), idf), _tfidf(Counter(tokens(clause)), idf))

        chosen: tuple[int, float, int, int, str | None] | None = None
        for score, span in scored:
            if score < max(threshold, SUPPORT_RATIO * best):
                break
            start, end = _with_body(text, span, progress)
            status = _progress_at(text, progress, start, end, relevance)
            rank = _STATUS_ORDER.index(status) if status else len(_STATUS_ORDER)
            if chosen is None or rank < chosen[0]:
                chosen = (rank, score, start, end, status)
        assert chosen is not None
        _, score, start, end, status = chosen
        out.append(
            MeasureMatch(
                mid,
                ordinal,
                measure.text,
                round(score, 4),
                text[start:end],
                start,
                end,
                status,
            )
        )
    return out


def _with_body(text: str, span: tuple[int, int], progress: Sequence[StoredProgress]) -> tuple[int, int]:
    """A heading sentence (`二、雨污分流改造工作。`) stands for the rest of its line: take the line."""
    start, end = span
    if _progress_at(text, progress, start, end) is not None:
        return span
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or line_end - end < _MIN_SEGMENT:
        return span
    return start, line_end
