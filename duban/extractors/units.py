"""Responsible units: label lines and markers (牵头单位：…, 负责部门：…, （X负责）), `由X牵头`, clause
subjects (`X要…`), subjects carried into later `；`-clauses, lists split with care.

A unit is kept only when it looks like one: a name from the lexicon (`rules/lexicons/units.txt`,
`unit_collectives.txt`), a name ending in an organisation suffix (…局, …办公室, …领导小组, and the
endings mined from real documents), a role holder (一把手, 主要负责人, 值班人员), a distributive or
collective subject (各地区, 各校各年级, 全体党员, 全市教育系统), a body picked out by a clause
before 的 (工程所在地的区人民政府, 事发地的县人民政府). Recipients (`向市委报告`,
`报旗政府督查室`), the person named by `牵头负责领导：` and names inside titles (《…》) are not units.
Lists split on 、，和及 unless they share a head (`组织、宣传等部门`, `纪检机关、组织部门负责人`,
`各乡、镇人民政府`, `政府性融资担保、再担保机构`, `各级机关、单位`, `各级党委和政府`).

Every scan is bounded (a name run is read at most `_MAX_RUN` characters, a marker list at most a
few dozen), and what a marker or subject has read is kept in a byte map, so a line of any length
costs linear time.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import TypeVar

from duban.base.model import Role, Unit
from duban.extractors.prose_model import ProseModel
from duban.extractors.regex_screen import fast_start
from duban.extractors.unit_model import (
    AFTER_WORDS,
    MAX_NAME,
    OPENING_AFTER,
    candidate_features,
    load_unit_model,
)
from duban.pipeline.structure import match_marker
from duban.rules.ruleset import Rule, RuleFile, load_lexicon, load_lexicon_entries, load_rule_file
from duban.rules.vocabulary import modals

# Word lists read as a whole (`rules/units.yaml`); the finder's own rules are loaded with it.
# The groups this module reads at import are declared here, so a misspelt one fails at load.
_RULES = load_rule_file("units").require(
    (
        "not_name",
        "co_split",
        "partners",
        "conj",
        "system",
        "etc",
        "generic_rest",
        "convention",
        "shared_head",
        "fixed_list",
        "alias",
        "recipient_before",
        "comma_cue",
        "comma_adverbial",
        "cue_inside",
        "cue_after",
        "is_cue",
        "bare_head",
        "level",
        "level_join",
        "sector_head",
        "level_headed",
        "role_bracket",
        "note_bracket",
        "not_level",
        "level_bracket",
        "count",
        "trim_lead",
        "time_lead",
        "next_label",
        "things_list",
        "duties_of",
    )
)
# Pinyin that mirror sites insert after characters: `監(jiān)督`.
PINYIN = re.compile(r"[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,8}[）)]")
_QUOTE_TITLE = re.compile(r"《[^》]*》")
# Masks that stand for characters of a name (`各有关单位**主要领导`, `县**局`, `***乡人民政府`): read
# as 某, a character like any other, so that the name around them is still read (the reported name
# keeps them). Only a mask that a character follows: `*` alone marks a note.
_INNER_MASK = re.compile(r"\*+(?=[\u4e00-\u9fa5])")
# Separators of a unit list. 和/及/与/或 split only where both sides read as names, so that
# 市人力资源和社会保障局 stays whole.
_COMMA = re.compile(r"[、，,；;]")
_CONJ = _RULES.regex("conj")
_HARD_COMMA = re.compile(r"[，,；;]")
_SOFT_COMMA = re.compile(r"、")
# Bodies paired by convention (`各级党委和政府`, `党委和政府信访部门`): a 和 between two of them
# joins one subject, not two.
_PAIRED = ("党委", "政府", "党组", "人大", "政协", "纪委", "监委")
# Words inside a candidate that show it is a clause, not a name.
_NOT_NAME = fast_start(_RULES.regex("not_name"))
_CO_SPLIT = _RULES.regex("co_split")
_PARTNERS = _RULES.regex("partners")
# A sector's whole system as a subject: `全市公安系统`, `各级政府系统`.
_SYSTEM = _RULES.regex("system")
_ETC = _RULES.regex("etc")
# What may follow 等 after a named body without naming a body of its own (`商务部等有关部门`).
_GENERIC_REST = _RULES.regex("generic_rest")
# The longest text a unit's name may be: past it, a list's words are no name.
_NAME_MAX = 40
# A list's own convention (`列第一位者为牵头单位`), not a unit.
_CONVENTION = _RULES.regex("convention")
_SHARED_HEAD = _RULES.regex("shared_head")
_FIXED_LIST = _RULES.regex("fixed_list")
_ALIAS = _RULES.regex("alias")
_TRAILING_BRACKET = re.compile(r"[（(][^（）()]*[）)]$")
_EDGE = " \t“”\"'：:。，,、"
_COLLECTIVE_HEAD = ("单位", "企业", "部门", "机关", "地区", "地方", "党组织", "机构", "学校", "组织", "年级")
# Heads a 的-clause may pick out beside those (`从事…的经营者`): see `defined_heads` in units.yaml.
_DEFINED_ONLY = tuple(_RULES.words("defined_heads"))
_DEFINED_HEAD = _COLLECTIVE_HEAD + _DEFINED_ONLY
_RECIPIENT_BEFORE = _RULES.regex("recipient_before")
# A lead-in to an enumeration of things (`提交下列材料：`), read in the last characters before its colon.
_THINGS_LIST = _RULES.regex("things_list")
_THINGS_TAIL = 32
# `X的主要职责是：`: the lead-in names the body whose duties it lists (`UnitFinder._duties_of`).
_DUTIES_OF = _RULES.regex("duties_of")


@dataclass
class UnitFinder:
    """Finds units in one measure's text; built once per extractor (rules and lexicons compiled)."""

    rules: RuleFile
    lexicon: frozenset[str]
    suffixes: tuple[str, ...]
    stopwords: frozenset[str]
    role_words: tuple[str, ...] = field(default_factory=tuple)
    # Both are used with `Pattern.match(text, pos)`, which anchors at `pos` (a `^` would not).
    openers: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    causative: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    cues: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    persons: frozenset[str] = frozenset()
    # First two characters of listed names: an opener word that starts a name (`当地政府`, `自治区`)
    # does not open an adverbial.
    name_heads: frozenset[str] = frozenset()
    # Names that open with an opener word beyond their first two characters (`建设单位` is no
    # `建设…` clause): checked as prefixes.
    opener_names: tuple[str, ...] = ()
    # Last characters of every listed name, suffix, role and tail word: a candidate that ends with
    # none of them cannot be a unit list (checked before the full test, for speed).
    end_chars: frozenset[str] = frozenset()
    # The suffixes as a set with their greatest length: the longest suffix of a name is found by
    # looking up its last k characters, k from the greatest length down (no scan of the list).
    suffix_set: frozenset[str] = frozenset()
    suffix_max: int = 0
    # What a longer `各X`/`全体X` subject must end with (suffixes, collective heads, role words).
    body_ends: tuple[str, ...] = ()
    # The cue words as a plain alternation (`cues` without its look-ahead): `re` skips along the
    # text to their first characters, which a pattern that opens with a look-ahead does not allow.
    cue_scan: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    # For each cue word, the offsets inside it where another cue may start (`_inner_starts`):
    # `_cue_positions` tries only those. A word not listed: every offset is tried.
    cue_inner: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # Verbs that govern an object (the measures' action verbs, the causatives and units.yaml's
    # `governing`; not the subject openers, many of which are adverbs: `重点科研单位`): a list part that opens with one and goes on to a name is an
    # act done to that name (`表彰、奖励先进个人`), no modifier of a shared head (`生产、经营单位`).
    governing: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    # A clause that opens with a governing verb and a body (`_acts_on`): the verbs that form names
    # (`制定机关`), the agent heads they form them with, the heads of a longer name they open
    # (`保密工作部门`), the openings that make the body an object (`其`, `一个`; with `object_heads`)
    # and the acts that body does next (`进行`; with the action and governing verbs).
    name_verbs: tuple[str, ...] = ()
    agent_heads: frozenset[str] = frozenset()
    agent_starts: tuple[str, ...] = ()
    compound_heads: tuple[str, ...] = ()
    object_openers: tuple[str, ...] = ()
    object_acts: tuple[str, ...] = ()
    # Verbs outside `governing` that take a body as their object where a clause opens with them
    # (`聘请专业单位进行…`, `通知有关主管部门…`): they join the verb run of `_acts_on` only, so that
    # verb and object are not reported as one subject's name. Mined from the real corpus
    # (`lexicons/mine_object_verbs.py`); kept out of `governing`, which also splits lists and ends
    # bare subjects, where these words were never seen.
    object_verbs: tuple[str, ...] = ()
    # A subject with no cue (`_bare_subject`): the endings its parts must have, the act that must
    # follow it at once (an adverb may come first), and the openings of a unit that a short verb may
    # govern (`给各级…`, `争取省…`).
    bare_ends: tuple[str, ...] = ()
    bare_act: re.Pattern[str] = field(default=re.compile(r"(?!)"))
    # Last characters a bare subject's head can have (those of `bare_ends` and of the listed names,
    # and the brackets a pinyin note closes with): `_bare_subject` tries a cut only where one
    # stands, a set look-up instead of a slice, a suffix scan and a lexicon test. None: every cut.
    bare_last: frozenset[str] | None = None
    # First characters of the acts and adverbs `bare_act` opens with: a bare subject's head can end
    # only before one of them. None: any character.
    act_first: frozenset[str] | None = None
    object_heads: tuple[str, ...] = ()
    # The last characters a unit can end with where `_may_be_list` screens it (those of listed
    # names, suffixes, roles, persons and collective heads, of `的同志` and `系统`); None: no screen.
    list_last: frozenset[str] | None = None
    # The learned decision over the names the rules leave out (`unit_model`); None: rules only.
    model: ProseModel | None = None
    # Answers already given, by the text they read (both are pure functions of it): the same names
    # and lists recur from clause to clause and document to document. Cleared when full.
    _unit_memo: _Memo[str, bool] = field(default_factory=lambda: _Memo(), repr=False, compare=False)
    _opening_memo: _Memo[str, int | None] = field(default_factory=lambda: _Memo(), repr=False, compare=False)
    _list_memo: _Memo[tuple[str, bool], list[tuple[int, int, Role | None]]] = field(
        default_factory=lambda: _Memo(), repr=False, compare=False
    )
    # `carried`'s answers by the sentence part it reads, spans in that text (`_carried`).
    _carried_memo: _Memo[str, list[Unit]] = field(default_factory=lambda: _Memo(), repr=False, compare=False)
    # The marker rules with what `find` asks of each on every measure, read once (per-rule `get`
    # calls and a generator per rule cost more than the matching on a short text): the rule, its
    # pattern as `regex_screen.fast_start` gives it (the same matches), its `needs` as one
    # alternation (None: always tried) and whether it is a `longest` rule.
    _markers: tuple[tuple[Rule, re.Pattern[str], re.Pattern[str] | None, bool], ...] = field(
        init=False, repr=False, compare=False
    )
    # Every marker rule's `needs` joined into one alternation, when each rule has some (None
    # otherwise): a text that holds none of them is tried by no marker rule, and one search says so
    # where the twelve rules' own would each say it again (a third of the measures on 300 real
    # documents hold none).
    _any_needs: re.Pattern[str] | None = field(init=False, repr=False, compare=False)
    # `role_words` and `body_ends` as `_Endings`: what `is_role` and `_is_unit` ask of every
    # candidate name, answered by a look-up per word length instead of `str.endswith` over some
    # 250 and 400 words in turn (the same answers).
    _role_ends: _Endings = field(init=False, repr=False, compare=False)
    _body_ends: _Endings = field(init=False, repr=False, compare=False)
    # Where a bare subject's head may end (`_bare_subject`): after one of `bare_last`, before one of
    # `act_first` (either any character when None). Built once from the rule data; `find` reads
    # each text's places with it once (`_Stops`).
    _bare_cut: re.Pattern[str] = field(init=False, repr=False, compare=False)
    # Listed names that open with 各 (`各地`, `各部门`, `各级人民政府`), longest first, and lists of
    # them: the heads a distributive subject with no cue may have (`_distributive_subject`), so
    # that it ends where a listed word ends, never inside the act (`各地以县为单位…` is `各地`).
    _distributive: re.Pattern[str] = field(init=False, repr=False, compare=False)
    # The fields of work that listed offices are named by (`卫生健康` of `旗卫生健康局`, `体育` of
    # `体育部门`), with every opening of two characters or more (`卫生`): what a part after a
    # distributive must open with to share a list's head (`_field_part`).
    _office_fields: frozenset[str] = field(init=False, repr=False, compare=False)
    # A run of governing verbs at a name's start, joined or not (`监督检查…`, `制定、调整…`,
    # `奖励和保障…`); a joining word before anything else ends it (`宣传、文化部门`, `组织和人员`).
    _verb_run: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        known = self.governing.pattern
        if self.object_verbs:
            known = f"{known}|{_alternation(self.object_verbs, '(?:', ')').pattern}"
        verbs = f"(?:{known})+"
        self._verb_run = re.compile(f"{verbs}(?:(?:、|和|或者|或|及|并){verbs})*")
        self._markers = tuple(
            (rule, fast_start(rule.regex), _needs_pattern(rule.get("needs")), bool(rule.get("longest")))
            for rule in self.rules.by_group("marker")
        )
        needs = [rule.get("needs") for rule in self.rules.by_group("marker")]
        self._any_needs = (
            _needs_pattern(sorted({word for words in needs if words for word in words}))
            if needs and all(needs)
            else None
        )
        self._role_ends = _Endings.of(self.role_words)
        self._body_ends = _Endings.of(self.body_ends)
        self._bare_cut = re.compile(
            f"{_char_class(self.bare_last)}(?={_char_class(self.act_first)})", re.DOTALL
        )
        heads = tuple(n for n in self.lexicon if n.startswith("各") and len(n) >= 2)
        one = _alternation(heads, "(?:", ")").pattern
        self._distributive = re.compile(f"{one}(?:[、和及]?{one})*") if heads else re.compile(r"(?!)")
        fields: set[str] = set()
        for name in self.lexicon:
            office = _OFFICE_END.search(name)
            level = _LEVEL.match(name)
            work = name[level.end() if level else 0 : office.start() if office else 0]
            if "各" not in work:
                fields.update(work[:k] for k in range(2, len(work) + 1))
        self._office_fields = frozenset(fields)

    @classmethod
    def default(cls, learned: bool = True) -> UnitFinder:
        """The finder with the shipped rules and lexicons, and the shipped unit model unless
        `learned` is False (the model's training reads the rules alone)."""
        rules = load_rule_file("units").require(("marker", "subject", "carry"))
        suffixes = set(load_lexicon("unit_suffixes.txt")) | set(rules.words("suffixes"))
        suffixes |= set(load_lexicon("unit_suffixes_mined.txt"))
        stop = set(load_lexicon("unit_stopwords.txt")) | set(rules.words("not_units"))
        roles = set(rules.words("role_words"))
        roles |= {name for name, tag in load_lexicon_entries("units.txt") if tag.startswith("nr")}
        names = load_lexicon("units.txt") + load_lexicon("unit_collectives.txt")
        lexicon = frozenset(_clean(n) for n in names)
        lexicon |= _bare_bodies(lexicon, frozenset(stop))
        suffixes |= _shadowed_heads(lexicon, suffixes, frozenset(stop), frozenset(roles))
        names_last = frozenset(
            n[-1] for n in (*lexicon, *suffixes, *roles, *rules.words("persons"), *_COLLECTIVE_HEAD) if n
        ) | frozenset('）)”"')
        ordered = tuple(sorted(suffixes, key=len, reverse=True))
        role_words = tuple(sorted(roles, key=len, reverse=True))
        return cls(
            end_chars=names_last | frozenset(w[-1] for w in _TAIL_WORDS),
            list_last=names_last | frozenset("志统"),
            rules=rules,
            lexicon=lexicon,
            suffixes=ordered,
            stopwords=frozenset(stop),
            role_words=role_words,
            suffix_set=frozenset(suffixes),
            suffix_max=max((len(x) for x in suffixes), default=0),
            body_ends=ordered + _COLLECTIVE_HEAD + role_words,
            openers=_alternation(rules.words("not_subject_openers"), "(?:", ")"),
            causative=_alternation(rules.words("causative"), "(?:", ")+"),
            cues=_alternation((*modals(), *rules.words("subject_cues")), "(?=", ")"),
            cue_scan=_alternation((*modals(), *rules.words("subject_cues")), "", ""),
            cue_inner=_inner_starts((*modals(), *rules.words("subject_cues"))),
            persons=frozenset(rules.words("persons")),
            name_heads=frozenset(n[:2] for n in lexicon if len(n) > 2)
            | frozenset(n for n in rules.words("name_openers") if len(n) == 2),
            opener_names=tuple(rules.words("name_openers")),
            bare_ends=tuple(rules.words("bare_subject_ends")),
            bare_last=_last_chars(tuple(rules.words("bare_subject_ends")), lexicon),
            act_first=frozenset(
                v[0]
                for v in (*rules.words("bare_subject_adverbs"), *load_rule_file("measures").words("action"))
            ),
            bare_act=re.compile(
                _alternation(rules.words("bare_subject_adverbs"), "(?:", ")?").pattern
                + _alternation(
                    tuple(v for v in load_rule_file("measures").words("action") if len(v) >= 2), "(?:", ")"
                ).pattern
            ),
            object_heads=tuple(rules.words("object_heads")),
            name_verbs=tuple(rules.words("name_verbs")),
            agent_heads=frozenset(rules.words("agent_heads")),
            agent_starts=tuple(h for h in rules.words("agent_heads") if len(h) >= 2),
            compound_heads=tuple(rules.words("compound_heads")),
            object_openers=(*rules.words("object_heads"), *rules.words("object_openers")),
            object_acts=tuple(rules.words("object_acts")),
            object_verbs=tuple(rules.words("object_verbs")),
            model=load_unit_model() if learned else None,
            governing=_alternation(
                tuple(
                    v
                    for v in (
                        *load_rule_file("measures").words("action"),
                        *rules.words("causative"),
                        *rules.words("governing"),
                    )
                    if len(v) >= 2
                ),
                "(?:",
                ")",
            ),
        )

    def is_unit(self, name: str) -> bool:
        """Whether a candidate name looks like a body, a role holder or a distributive subject."""
        known = self._unit_memo.get(name)
        if known is None:
            known = self._unit_memo.keep(name, self._is_unit(name))
        return known

    def _is_unit(self, name: str) -> bool:
        bare = _clean(name).strip(_EDGE)
        if len(bare) < 2 or len(bare) > 40 or bare in self.stopwords:
            return False
        if bare in self.lexicon:
            return True
        if _NOT_NAME.search(bare):
            return False
        if self.is_role(bare):
            return True
        if bare.startswith("广大") and (self.is_role(bare[2:]) or bare[2:] in self.persons):
            return True  # `广大党员干部`, `广大党员`: every holder of the role
        if bare.endswith("的同志") and self.is_unit(bare[:-3]):
            return True  # `中央政治局的同志`, `市委常委班子的同志`: the members of a body
        if (
            bare.endswith("同志")
            and len(bare) > 3
            and not self.is_role(bare[:-2])
            and self.is_unit(bare[:-2])
        ):
            return True  # `党组同志`, `局党组同志`: the members of a body, said without 的
        if "的" in bare and bare.endswith(_DEFINED_ONLY) and "负责" in bare:
            # `X部门负责监督管理的食品生产经营者`: a business is bound, not in charge; the 负责 is X's act
            return False
        if "的" in bare and (
            bare.startswith(_TOPIC_OPENERS)
            or not (bare.endswith(_DEFINED_HEAD) or bare.startswith("党的") or self._body_after_de(bare))
        ):
            return False
        if bare.startswith("各"):
            head = self._distributive.match(bare)
            after = head.end() if head else len(bare)
            if bare.startswith(_DISTRIBUTIVE_ADVERBIALS, after) and not bare.startswith(_BOUND_AFTER, after):
                return False  # `各地以县为单位`: a listed distributive, then an adverbial opens
        if bare.startswith("各") and self._glued_distributive(bare):
            return False  # `各地可`, `各方都有`, `各项改革`: no body's name
        if bare.startswith(("各", "全体")) and bare not in self.stopwords:
            # `各地`, `各乡镇`, `全体党员`; a longer one must end like a body (`各检查组另行` does not)
            short = len(bare) <= 4 and not _TRIM_TAIL.search(bare)
            if short or (len(bare) <= 8 and self._body_ends.end(bare)):
                return True
        levels = _LEVEL_BRACKET.search(bare)
        if levels and bare.startswith(("各", "有关", "相关")) and self.is_unit(bare[: levels.start()]):
            return True  # `各区（县级市）`, `各省（市）`: the bodies of a level and of those it also covers
        count = _COUNT.match(bare)
        if levels and count and _LEVEL_HEADED.fullmatch(bare, count.end(), levels.start()):
            return True  # `7省（市）`, `31个省（区、市）`: a count of those bodies
        whole = bare.find("全体", 2)
        if whole > 0 and self.is_unit(bare[whole:]) and self.is_unit(bare[:whole]):
            return True  # `县直各单位全体干部`: every member of the bodies named first
        system = _SYSTEM.fullmatch(bare)
        if system:  # `全市教育系统`, `政府系统`: every body of a sector
            sector = system.group(1)
            return self.is_unit(sector) or f"{sector}部门" in self.lexicon
        core = bare
        while _TRAILING_BRACKET.search(core):
            core = _TRAILING_BRACKET.sub("", core)
        if core in self.stopwords:
            return False
        suffix = self._longest_suffix(core)
        if not suffix:
            return False
        # A stopword that ends the name past its suffix shadows it: `门户网站` ends in 站 but is a site.
        if any(core[-k:] in self.stopwords for k in range(len(suffix) + 1, min(len(core), 6) + 1)):
            return False
        return len(core) >= (3 if len(suffix) == 1 else 2)

    def _glued_distributive(self, bare: str) -> bool:
        """Whether a `各…` candidate that ends like no body is a distributive with the first word of
        its predicate glued on, or a count of things (`is_unit` lets any short `各X` pass).

        A listed name or a suffix word (`各地`, `各部门`, `各方`) followed by one character or by a
        cue, an adverb (`glued_adverbs`) or a governing verb is that name and its act (`各地可将…`
        NM00068 NM00364, `各部门既要…` NM00922, `各方都有权…` NP01691 NX00307, `各地一律不得…`,
        `各区参照…`); `各地驻军`, `各级领导` stay. After a classifier (`各项`, `各类`, `各种`) what is
        counted must be a body or a listed kind of actor (`各类主体`): `各项改革要…` (NM00109 NM00238
        NM00695), `各项建设应当…` (NP00068 NP00098), `各类管线应当…` (NP01006 NP01058), `各种物料要…`
        name things."""
        if self._body_ends.end(bare) or len(bare) < 3:
            return False
        for k in range(len(bare) - 1, 1, -1):
            head, rest = bare[:k], bare[k:]
            if head in self.lexicon or head in self.suffix_set:
                return (
                    len(rest) == 1
                    or rest.startswith(_GLUED_ADVERBS)
                    or self.cues.match(rest) is not None
                    or self.governing.match(rest) is not None
                )
        return bare[1] in _CLASSIFIERS and bare[2:] not in _CLASSIFIED_KINDS

    def _body_after_de(self, name: str) -> bool:
        """Whether `name` is a body picked out by a clause before its last 的 (`设区的市人民政府`,
        `气象灾害发生地的区县人民政府`, `作出决定的人民政府`): what follows the 的 is a listed name
        or a body headed by a level or a distributive (`object_heads`) that ends like one
        (`bare_subject_ends`), and what precedes it opens with no preposition (`对X的…`; `关于X的…`
        names a topic: `_TOPIC_OPENERS`). Regulations name the body that must act so: on 235 real
        documents 37 more units, 5 lists now split at 或者/及 (`实施征用的人民政府或者有关部门`)."""
        tail = name[name.rfind("的") + 1 :]
        return (
            not self.openers.match(name)
            and 3 <= len(tail) <= 14
            and (_clean(tail) in self.lexicon or tail.startswith(self.object_heads))
            and tail.endswith(self.bare_ends)
            and self.is_unit(tail)
        )

    def _longest_suffix(self, name: str) -> str:
        """The longest listed suffix that `name` ends with ('' when none does)."""
        for k in range(min(self.suffix_max, len(name)), 0, -1):
            if name[-k:] in self.suffix_set:
                return name[-k:]
        return ""

    def is_role(self, name: str) -> bool:
        # pinyin and a trailing bracket both open with a bracket: most names have none to remove
        core = name.strip(_EDGE)
        if "（" in name or "(" in name:
            core = _TRAILING_BRACKET.sub("", _clean(name).strip(_EDGE))
        return self._role_ends.end(core) and core not in self.stopwords

    def find(
        self,
        text: str,
        offset: int = 0,
        original: str | None = None,
        first_is_lead: bool = False,
        learned: bool = True,
    ) -> list[Unit]:
        """Units in one measure's text (analysis view); names are reported from `original`.

        Unless `learned` is False, the rules' units the unit model scores below its veto are
        dropped (`unit_model`; `_vetoed`).

        Pinyin inserted by mirror sites (`應(yīng)當(dāng)`) would hide cues and names, so the rules
        run on the text without it and the spans are mapped back (a name keeps its own pinyin).
        """
        source = original if original is not None else text
        if PINYIN.search(text):
            bare, keep = _strip_pinyin(text)
            mapped = []
            for unit in self.find(bare, 0, None, first_is_lead, learned):
                assert unit.start is not None and unit.end is not None
                s, e = keep[unit.start], keep[unit.end - 1] + 1
                tail = PINYIN.match(text, e)
                e = tail.end() if tail else e
                mapped.append(Unit(source[s:e], unit.role, offset + s, offset + e, unit.provenance))
            return mapped
        masked = _masked(text)
        units: list[Unit] = []
        # Characters already read by a marker or a subject (a byte each: linear on any length).
        taken = bytearray(len(masked) + 1)
        any_needs = self._any_needs
        markers = self._markers if any_needs is None or any_needs.search(masked) is not None else ()
        for rule, regex, needs, longest in markers:
            if needs is not None and needs.search(masked) is None:
                continue
            for m in regex.finditer(masked) if not longest else self._longest(rule, regex, masked):
                if taken[m.start("units")]:
                    continue
                label = m.group("label") if "label" in m.re.groupindex else m.group()
                person = rule.get("person_if")
                if isinstance(person, str) and re.search(person, label):
                    _take(taken, *m.span())  # `牵头负责领导：张三` names a person: nobody else reads it
                    continue
                role = _role(rule.get("role", "responsible"), label, rule.attrs)
                strict = bool(rule.get("strict"))
                units_end = self._before_glued_label(masked, m.start("units"), m.end("units"))
                found = self._list(m.start("units"), units_end, role, masked, rule.id, strict=strict)
                if rule.get("filter"):
                    found = [u for u in found if self.is_unit(u.name)]
                if found and rule.id.startswith(_CLAUSE_MARKERS) and self._acts_on(found[0].name, True):
                    found = []  # `加强部门协同`: the verb's object works with others, no partner named
                if rule.get("co_group") and m.group("co"):
                    co_role = _co_role(rule, m)
                    found += self._list(m.start("co"), m.end("co"), co_role, masked, rule.id, strict=strict)
                says_first = _CONVENTION.search(masked, m.start(), min(len(masked), m.end() + 40))
                if (first_is_lead or says_first) and rule.get("first_is_lead") and found and role != "co":
                    found[0] = Unit(found[0].name, "lead", found[0].start, found[0].end, found[0].provenance)
                if found:
                    _take(taken, *m.span())
                units += found
        # Where a cue stands in `masked`: found once, on first need, in a text of measure size; a
        # longer one (a page flattened into one line) is read clause window by clause window.
        stops: _Stops | None = None
        whole = len(masked) <= _WHOLE_TEXT_CUES
        for rule in self.rules.by_group("subject"):
            for m in rule.regex.finditer(masked):
                start = m.end()
                if taken[start]:
                    continue
                if stops is None and whole:
                    stops = self._stops(masked)
                subject = self._subject(start, masked, rule.id, stops)
                if subject:
                    _take(taken, start, subject[1])
                    units += self._comma_before(start, masked, rule.id)
                    units += subject[0]
        closing = [u.start or 0 for u in units if u.provenance.startswith(_CLOSING_MARKERS)]
        if closing:
            units = _marker_over_subjects(units, max(closing))
        kept: list[Unit] = []
        seen: set[str] = set()
        for unit in units:
            assert unit.start is not None and unit.end is not None
            before = masked[max(0, unit.start - 4) : unit.start]
            if _RECIPIENT_BEFORE.search(before) or "□" in masked[unit.start : unit.end]:
                continue
            name = source[unit.start : unit.end]
            clean = _clean(name)
            if clean in seen:
                continue
            seen.add(clean)
            kept.append(Unit(name, unit.role, offset + unit.start, offset + unit.end, unit.provenance))
        if learned and self.model is not None:
            kept = self._vetoed(masked, offset, kept)
        return kept

    def _vetoed(self, masked: str, offset: int, kept: list[Unit]) -> list[Unit]:
        """The rules' units less those the unit model scores below its veto (none when it has
        none), but for those `spared`."""
        model = self.model
        assert model is not None
        if model.veto <= 0 or not kept:
            return kept
        inside = [
            Unit(u.name, u.role, (u.start or 0) - offset, (u.end or 0) - offset, u.provenance) for u in kept
        ]
        # most units are spared (markers, labels): their features are never built
        asked = [i for i, r in enumerate(inside) if not self.spared(masked, r)]
        if not asked:
            return kept
        features = self.rule_unit_features(masked, inside, asked)
        low = {i for i, f in zip(asked, features, strict=True) if model.probability(f) < model.veto}
        return [u for i, u in enumerate(kept) if i not in low]

    def spared(self, masked: str, unit: Unit) -> bool:
        """Whether the veto leaves a rule's unit (span in `masked`) alone whatever it scores.

        The veto reads only the units a clause's subject gave (`_SUBJECT_RULES`): a marker says
        what it names (`由X负责`, `会同X`, `牵头单位：X`), and on a sample of 200 real documents
        the model vetoed 48 of 128 partners after `会同` and 73 of 1,215 bodies after `由`, most of
        them rightly units (regulations: `由国务院有关行政主管部门编制计划`).
        A role holder is spared: the dev gold has few of them, bracketed ones (`纪委书记（…组长）`)
        least of all, and the model scores them low for their form, not their place. So is a subject
        whose clause goes on to a modal, `负责`, `不得` or `可以` (`A和B负责监测`, `承担…的有关部门，要…`,
        `X等组织及其成员不得…`): the
        requirement names it whatever the characters around it look like to the model. So is a
        body that `领导`/`统一领导` follows at once (`X委员会统一领导本行政区域内的…工作`): regulations
        say so who is in charge of a field, and the model, which saw few of them, vetoed them."""
        return (
            not unit.provenance.startswith(_SUBJECT_RULES)
            or self.is_role(unit.name)
            or bool(_MODAL_AHEAD.match(masked, unit.end or 0))
            or masked.startswith(_LEADS, unit.end or 0)
        )

    def unit_candidates(
        self, text: str, units: list[Unit], covered: bool = False
    ) -> list[tuple[int, int, list[str], bool]]:
        """The names the unit model reads in one measure's text whose units by the rules are
        `units` (spans in `text`): at each clause's opening and after the words that bring in a
        doer (`unit_model.AFTER_WORDS`), the longest string the name matcher accepts; each with its
        span, features and whether it overlaps a rule's unit. Those that overlap one or repeat its
        name are left out unless `covered` (training reads them too: what a unit looks like)."""
        masked = _masked(text)
        spans = [(u.start or 0, u.end or 0) for u in units]
        return self._candidates(masked, units, spans, covered)

    def rule_unit_features(
        self, text: str, units: list[Unit], which: Sequence[int] | None = None
    ) -> list[list[str]]:
        """The features of each of the rules' `units` (spans in `text`, titles masked or not) as
        the unit model reads them, with the rule that found it: the model's veto reads them.
        `which` names the units wanted by index (all when None); the others still count as the
        measure's units in each one's features."""
        masked = _masked(text)
        places = self._places(masked)
        spans = [(u.start or 0, u.end or 0) for u in units]
        return [
            self._features(masked, *spans[i], places, units, [i], units[i].provenance.split(".v")[0])
            for i in (range(len(units)) if which is None else which)
        ]

    @staticmethod
    def _places(masked: str) -> tuple[set[int], set[int], list[int]]:
        """Where clauses open, where a doer cue ends, and where clauses end, in `masked`."""
        openings = {0}
        openings.update(m.end() for m in _OPENING_AFTER_CHAR.finditer(masked))
        cued = {m.end() for m in _AFTER.finditer(masked)}
        return openings, cued, [m.start() for m in _CLAUSE_STOP_CHAR.finditer(masked)]

    def _features(
        self,
        masked: str,
        at: int,
        end: int,
        places: tuple[set[int], set[int], list[int]],
        units: list[Unit],
        overlap: list[int],
        source: str,
    ) -> list[str]:
        openings, cued, clause_ends = places
        name = _clean(masked[at:end])
        names = frozenset(_clean(u.name) for i, u in enumerate(units) if i not in overlap)
        return [
            f"by={source}",
            *candidate_features(
                masked,
                at,
                end,
                opening="clause" if at in openings else "cued" if at in cued else "free",
                suffix=self._longest_suffix(name),
                known=name in self.lexicon,
                role=self.is_role(name),
                cue=bool(self.cues.match(masked, end)),
                act=bool(self.bare_act.match(masked, end)),
                clause=bisect_left(clause_ends, at),
                rule_units=len(units) - len(overlap),
                rule_names=names,
            ),
        ]

    def _candidates(
        self, masked: str, units: list[Unit], spans: list[tuple[int, int]], covered: bool = False
    ) -> list[tuple[int, int, list[str], bool]]:
        places = self._places(masked)
        openings, cued, _ = places
        out: list[tuple[int, int, list[str], bool]] = []
        for start in sorted(openings | cued):
            pos = start
            while pos < len(masked) and (masked[pos].isspace() or masked[pos] in _MARKER_START):
                pos += 1
            if pos >= len(masked) or masked[pos] in _NOT_FIRST:
                continue
            if start in openings:
                openings.add(pos)  # the item's text opens after its marker (`1.`, `（二）`)
            end = self._longest_name(masked, pos)
            if end is None:
                continue
            name = _clean(masked[pos:end])
            if "□" in name:
                continue
            overlap = [i for i, (os, oe) in enumerate(spans) if pos < oe and os < end]
            hit = bool(overlap) or any(name == _clean(u.name) for u in units)
            if hit and not covered:
                continue
            out.append((pos, end, self._features(masked, pos, end, places, units, overlap, "none"), hit))
        return out

    def _longest_name(self, masked: str, pos: int) -> int | None:
        """Where the longest string from `pos` that reads as a unit ends (None: none does)."""
        ends = self.end_chars
        for end in range(min(len(masked), pos + MAX_NAME), pos + 1, -1):
            if masked[end - 1] in ends and self.is_unit(masked[pos:end]):
                return end
        return None

    def _before_glued_label(self, masked: str, start: int, end: int) -> int:
        """Where a marker's list ends when the next label follows it with no separator (the space
        between two label lines printed on one line is lost in normalisation:
        `责任单位:市卫生健康委员会整改时限:5天`): the longest list that reads as units and is followed
        by a whole known label before the colon. Otherwise `end` as matched."""
        if end >= len(masked) or masked[end] in _LIST_STOP or masked[end].isspace():
            return end
        colon = _COLON.search(masked, end, min(len(masked), end + 12))
        if colon is None:
            return end
        for cut in range(colon.start() - 2, start + 1, -1):
            if _NEXT_LABEL.fullmatch(masked, cut, colon.start()) and self._list(
                start, cut, "responsible", masked, "", strict=True
            ):
                return cut
        return end

    def _longest(self, rule: Rule, regex: re.Pattern[str], masked: str) -> Iterator[re.Match[str]]:
        """A `longest` rule's matches (a greedy name before a verb, `由X…牵头`): the longest match
        whose name reads as a unit list, shortened verb by verb (`由市委组织部牵头制定` tries
        `市委组织部牵头` before `市委组织部`). Each retry ends before the last: linear per match."""
        for first in regex.finditer(masked):
            m: re.Match[str] | None = first
            while m is not None:
                found = self._list(
                    m.start("units"), m.end("units"), "responsible", masked, rule.id, strict=True
                )
                # An open end must close on a whole body, and no name in it may run on into an act
                # (`会同A充分利用各类媒体` ends like a body, `媒体`, but is A and what it does).
                if found and not (
                    self._open_end(m)
                    and (
                        self._not_closed(found[-1].name, masked, m.end("units"))
                        or any(self._runs_into_act(u.name) for u in found)
                    )
                ):
                    yield m
                    break
                m = regex.match(masked, first.start(), m.end("units"))

    @staticmethod
    def _open_end(m: re.Match[str]) -> bool:
        """Whether a match closes on no act of its rule's own (`会同A倒排…`: only a comma or the next
        character follows the list), so that only the list itself says where it ends."""
        return m.string[m.end("units") : m.end()] in ("", "，", ",")

    def _not_closed(self, last: str, masked: str, end: int) -> bool:
        """Whether an open list's last name does not close on a whole body: it cuts a word (`…主管部`
        before 门, `…部门部` before 署: its last character and the next make a suffix, a collective
        head or a listed non-unit), or it closes on a place or a level (`等部门赴某某县`)."""
        bare = _clean(last)
        pair = masked[end - 1 : end + 1]
        return (
            self._place(bare)
            or bare.endswith(_LEVEL_PREFIXES)
            or pair in self.suffix_set
            or pair in _COLLECTIVE_HEAD
            or pair in self.stopwords
        )

    def _runs_into_act(self, name: str) -> bool:
        """Whether a name read up to a long list's end runs on past a unit into an act (`A充分利用
        各类媒体` ends like a body, `媒体`, but is `A` and what it does): a unit, then an opener
        word (充分, 加强, 尽快 …) or an action verb. A `longest` rule then reads a shorter list."""
        part = 0  # where the list part that holds `cut` begins (`财政、建设、住房保障等部门` is no act)
        for cut in range(2, len(name) - 1):
            if name[cut - 1] in _LIST_MARKS:
                part = cut
                continue
            head = name[part:cut]  # a body, not a place (`住房城乡建设` is a sector)
            if (
                (self.openers.match(name, cut) or self.governing.match(name, cut))
                and not head.endswith(_LEVEL_PREFIXES)
                and self.is_unit(head)
            ):
                return True
        return False

    def carried(self, before: str, offset: int) -> list[Unit]:
        """The subject a `；`-clause inherits from earlier clauses of its sentence.

        `before` is the sentence's text up to the clause (it ends with `；`, or with the `：` of a
        lead-in that names the actor before an enumeration) and ends at `offset` in
        the document. The subject of the nearest earlier clause that has one is carried
        (`各镇街要…排查；要…整改` gives the second clause 各镇街), but not into the items of an
        enumeration of things (`应当提交下列材料：`, `应当具备下列条件：`: `things_list`). A lead-in
        that names whose duties it lists (`X的主要职责是：`, `duties_of`) carries that body. The
        caller passes it when the clause names no unit itself; spans point to where the subject is
        written.
        """
        if not before or not self.rules.by_group("carry")[0].regex.search(before[-2:]):
            return []
        if _THINGS_LIST.search(before[-_THINGS_TAIL:]):
            return []  # `应当提交下列材料：`: the items are documents or conditions, nobody's acts
        start = offset - len(before)
        known = self._carried_memo.get(before)
        if known is None:
            known = self._carried_memo.keep(before, self._carried(before))
        return [
            Unit(u.name, u.role, start + (u.start or 0), start + (u.end or 0), u.provenance, u.confidence)
            for u in known
        ]

    def _carried(self, before: str) -> list[Unit]:
        """`carried`'s units with spans in `before` (its caller shifts them to the document): the
        answer depends on that text alone, and it is asked again for every item under one lead-in
        (`X履行下列职责：` / `（一）…` `（二）…`: each item carries the lead-in's subject), which on
        500 real documents made one in fourteen of the finder's `find` calls a repeat."""
        clauses = [0] + [m.end() for m in _HARD_COMMA.finditer(before) if before[m.start()] in "；;"]
        if before.rstrip()[-1:] in "：:":
            clauses.append(len(before))  # `各乡镇要做好以下工作：一是…`: the lead-in is the earlier clause
        for clause_start in reversed(clauses[:-1]):
            found = self.find(before[clause_start:], clause_start, learned=False)
            subjects = [u for u in found if u.provenance.startswith(_CARRIED_FROM)]
            if subjects:
                rule = self.rules.by_group("carry")[0].id
                return [Unit(u.name, u.role, u.start, u.end, f"rule:{rule}") for u in subjects]
        return self._duties_of(before, 0)

    def closing_marker(self, text: str) -> bool:
        """Whether `text` (an item or a paragraph) is marked once, at its end, by a bracket that
        names its units (`…。一是…；二是…。（6月底完成，牵头考核单位：A、B）`, `…。…。（A、B指导）`): the
        marker answers for the whole of it, which is then one measure, not one per part or
        sentence (`covers`). A text with a marker inside as well is marked stretch by stretch."""
        rule = self.rules.by_group("covers")[0]
        body = text.rstrip().rstrip("。；;")
        found = list(rule.regex.finditer(body))
        if len(found) != 1 or found[0].end() != len(body):
            return False
        units = self.find(found[0].group(), learned=False)
        return any(u.provenance.startswith(_MARKER_UNITS) for u in units)

    def _duties_of(self, before: str, start: int) -> list[Unit]:
        """The body whose duties a lead-in lists (`县红十字会的主要职责是：`, `选举委员会的职责：`),
        its name read back from the 的 to the clause's opening (an article or item number skipped);
        none when that is no unit (`平安建设的主要任务是：` names a task)."""
        duties = _DUTIES_OF.search(before)
        if duties is None:
            return []
        begin = max(before.rfind(c, 0, duties.start()) for c in "，,；;：:。\n") + 1
        while begin < duties.start() and before[begin].isspace():
            begin += 1
        number = match_marker(before[begin : begin + 12])
        begin += len(number[0]) if number else 0
        found = self._list(begin, duties.start(), "responsible", _masked(before), "", strict=True)
        rule = f"rule:{self.rules.by_group('duties_of')[0].id}"
        return [
            Unit(
                before[u.start or 0 : u.end or 0], u.role, start + (u.start or 0), start + (u.end or 0), rule
            )
            for u in found
        ]

    def opening(self, text: str) -> int | None:
        """Where the unit list that opens `text` ends (`县财政局、县审计局` in `县财政局、县审计局按季…`),
        if a unit list opens it: the measure rules read what follows as its predicate. Memoised:
        the measure rules and the learned model's features ask it of the same clause."""
        if text in self._opening_memo:
            return self._opening_memo[text]
        return self._opening_memo.keep(text, self._opening(text))

    def _opening(self, text: str) -> int | None:
        bare = PINYIN.sub("", text) if "(" in text else text
        masked = _masked(bare)
        found = self._subject(0, masked, "", None)
        if not found or not found[0] or (found[0][0].start or 0) > 4:
            return None
        return found[1]

    def _cue_positions(self, masked: str) -> list[int]:
        """Where a subject cue (要, 负责, 对, 每年 …) starts in `masked`, in order: read once per text,
        not once per clause. A cue is at most a few characters long, so a position inside a
        clause's name run is the same whether the run's window or the whole text is searched.

        The same positions as `self.cues.finditer` (a look-ahead at every position), found three
        times faster: the plain alternation skips to the next cue, and only the few positions
        inside a cue it matched are tried one by one (a cue may start inside another: `要求`, `求`)."""
        out: list[int] = []
        match = self.cue_scan.match
        inner = self.cue_inner
        for cue in self.cue_scan.finditer(masked):
            start, end = cue.span()
            out.append(start)
            offsets = inner.get(cue.group())
            if offsets is None:
                out += [pos for pos in range(start + 1, end) if match(masked, pos)]
            elif offsets:
                out += [start + k for k in offsets if match(masked, start + k)]
        return out

    def _stops(self, masked: str) -> _Stops:
        """Where in `masked` a clause's subject may end (`_Stops`), read once for all its clauses."""
        cues = self._cue_positions(masked)
        ends = self.end_chars
        # `_named_end` for each cue, its common case (no edge mark before the cue) read inline
        named = [
            pos
            for pos in cues
            if (
                masked[pos - 1] in ends
                if pos > 0 and masked[pos - 1] not in _EDGE
                else self._named_end(masked, pos)
            )
        ]
        return _Stops(cues, named, [m.end() for m in self._bare_cut.finditer(masked)])

    def _may_stop(self, masked: str, start: int, end: int, stops: _Stops, bare: bool) -> bool:
        """Whether a subject could end in the name run [start, end): a cue after a character that
        ends a name (any cue when the run holds a `各`/`全体` subject, which `_may_end_name` lets end
        anywhere), a `是`, a modal after a comma or colon at the run's end (read, as `_subject`
        reads it, in the run's window), or, when `bare`, the place of a bare subject's act. On 586
        real documents it answers False for half the clauses it is asked about (with the runs too
        short to be a name, 59% of all clauses end there), before the run's openers, causatives
        and cue window are read; True may still find no subject."""
        # (`find` within bounds: the same answers as `in` on a slice, without making the slice)
        anywhere = masked.find("各", start, end) >= 0 or masked.find("全体", start, end) >= 0
        cues = stops.cues if anywhere else stops.named
        if bisect_right(cues, end) > bisect_left(cues, start) or masked.find("是", start, end + 1) >= 0:
            return True
        if (_COMMA_CUE.match(masked, end, end + 4) or _COMMA_ADVERBIAL.match(masked, end)) and (
            anywhere or self._named_end(masked, end)
        ):
            return True
        if bare and bisect_right(stops.bare, end) > bisect_right(stops.bare, start):
            return True
        return bare and masked.startswith("各", start) and bool(self._distributive.match(masked, start, end))

    def _named_end(self, masked: str, end: int) -> bool:
        """Whether the last character before `end` (edge marks skipped) ends some name."""
        while end > 0 and masked[end - 1] in _EDGE:
            end -= 1
        return end > 0 and masked[end - 1] in self.end_chars

    def _subject(
        self, start: int, masked: str, rule_id: str, stops: _Stops | None
    ) -> tuple[list[Unit], int] | None:
        """The unit list that opens a clause at `start`, followed by a cue (要, 负责, 对, 每年 …);
        `stops` are `_stops(masked)`, or None to search the clause's own window.

        The longest candidate that reads as a unit list wins, so `市财政局与市审计局要…` keeps both.
        """
        # Blanks before the item number too: a clause read from the `：` or `；` that ends the line
        # before opens with the line break (`…下列情形之一的：\n(二)发证机关…`).
        lead = 0
        marker: tuple[str, int] | None = None
        counted = 0
        first = masked[start : start + 1]
        if first.isspace() or first in _MARKER_START or first.isdigit():  # most clauses open on a name
            while start + lead < len(masked) and masked[start + lead].isspace():
                lead += 1
            at = start + lead
            marker = match_marker(masked[at : at + 12]) if masked[at : at + 1] in _MARKER_START else None
            if marker is None and masked[at : at + 1].isdigit():
                outline = _OUTLINE_NUMBER.match(masked, at, at + 16)
                marker = (outline.group(), 0) if outline else None
                # `6月底前各区要…`: a date in digits glued to the subject is no part of its name
                dated = None if outline else _TIME_LEAD.match(masked, at, at + 24)
                if dated and dated.end() > at:
                    if masked[dated.end() : dated.end() + 1] in _TIME_REST:
                        return None  # `6月第二周…`: a time the rule does not read to its end
                    lead += dated.end() - at
                count = None if outline or dated else _COUNT.match(masked, at, at + 8)
                counted = count.end() - at if count else 0  # `7省（市）应…`: the count opens the name
            lead += len(marker[0]) if marker else 0
            while start + lead < len(masked) and masked[start + lead].isspace():
                lead += 1
        m = _NAME_RUN.match(masked, start + lead + counted, min(len(masked), start + lead + _MAX_RUN))
        if not m or m.end() - start - lead < 2:
            return None
        if stops is not None and not self._may_stop(masked, start + lead, m.end(), stops, bool(rule_id)):
            return None
        window = masked[start : m.end() + 4]
        joined = _TRIM_LEAD.match(window, lead)  # `并通报有关部门`: the opener follows the joining word
        opens = lead
        lead = joined.end() if joined and joined.end() < len(window) - 2 else lead
        timed = _TIME_LEAD.match(window, lead)  # `今年各部门要…`, `力争各县…`: the subject follows the time
        if timed and timed.end() + 2 <= m.end() - start and window[timed.end()] not in "的、":
            if self.governing.match(window, timed.end()) and not window.startswith(
                self.opener_names, timed.end()
            ):
                return None  # `全年实施市重点项目…`: a time, then the act; no name in between
            # after a time a distributive is still the clause's own subject (`今年各部门…`)
            opens = timed.end() if opens == lead else opens
            lead = timed.end()
        lead_m = self.causative.match(window, lead)
        if lead_m and marker:
            return None  # `（一）推动东西部地区建立协作机制。`: an item's title names a topic, not an actor
        lead = lead_m.end() if lead_m else lead
        opener = self.openers.match(window, lead)
        # `组织、宣传、司法、督查等部门要…`: an opener word that a list goes on from names a field of
        # a group, no act; only a list of fields that `等` and one head close is read then.
        listed = opener is not None and window.startswith("、", opener.end())
        if (
            opener
            and not listed
            and window[lead : lead + 2] not in self.name_heads
            and not window.startswith(self.opener_names, lead)
        ):
            return None
        opener = None if listed else opener
        run_end = m.end() - start
        if stops is None:  # the window's own cues (`_cue_positions`: those of `cues.finditer`)
            found_stops = {
                p for p in self._cue_positions(window) if lead <= p <= run_end and _cue_ok(window, p)
            }
        else:
            cue_at = stops.cues
            lo = bisect_left(cue_at, start + lead)
            hi = bisect_right(cue_at, start + run_end, lo)
            found_stops = {p - start for p in cue_at[lo:hi] if _cue_ok(window, p - start)}
        if _IS_CUE.search(window, lead) is not None:  # seldom: most clauses make no iterator nor set
            found_stops |= {c.start() for c in _IS_CUE.finditer(window, lead) if c.start() <= run_end}
        adverbial = -1
        if _COMMA_CUE.match(window, run_end):
            found_stops.add(run_end)  # `负有监管职责的有关部门，要…`: the subject ends at the comma
        elif _COMMA_ADVERBIAL.match(masked, start + run_end):
            found_stops.add(run_end)  # `X，在…时，应当…`: so it does before one adverbial clause
            adverbial = run_end
        for stop in sorted(found_stops, reverse=True):
            if not self._may_end_name(masked, start + lead, start + stop):
                continue
            found = self._list(start + lead, start + stop, "responsible", masked, rule_id, strict=True)
            if stop == adverbial and any(self._runs_into_act(u.name) for u in found):
                continue  # `A、B设立X机构，按照…，负责…`: a body and its act, not one name
            if listed and not (
                len(found) == 1 and _SHARED_HEAD.search(found[0].name) and self._shared_head(found[0].name)
            ):
                continue  # `监督、教育从业人员`: acts done to the holders of a role
            if found and opener and self._verb_then_name(found[0].name, opener.end() - lead):
                return None
            if not found:
                continue
            # after a causative its object is the actor (`委托评估机构进行…`): no verb's object then
            # after a verb that sets someone to a task the 对 of `对X进行…` opens that one's act too
            # (read only for a list found and a clause rule: most candidate ends give no list)
            if rule_id:
                acts = (
                    self._act_at(masked, start + stop)
                    or (masked.startswith("对", start + stop) and window.startswith(_ASSIGNING, lead))
                ) and not lead_m
                if self._acts_on(found[0].name, acts):
                    return None  # `指导企业制定…`: a verb and its object; `opening` reads as before
            return found, start + stop
        if rule_id and not listed:  # `opening` (rule_id "") serves the measure rules: cued subjects only
            cuts = None
            if stops is not None:  # only where a head's last character meets an act's first
                lo, hi = bisect_right(stops.bare, start + lead), bisect_right(stops.bare, start + run_end)
                cuts = stops.bare[lo:hi][::-1]
            bare = self._bare_subject(start + lead, start + run_end, masked, rule_id, cuts)
            if bare or lead != opens or lead_m:
                return bare  # after a joining word or a verb a distributive is an object's modifier
            return self._distributive_subject(start + lead, start + run_end, masked, rule_id)
        return None

    def _distributive_subject(
        self, start: int, run_end: int, masked: str, rule_id: str
    ) -> tuple[list[Unit], int] | None:
        """A listed `各X` subject (or a list of them) that opens a clause with no cue and no action
        verb after it (`各地以县为单位…`, `各部门密切配合…`, `各单位数据共享`, `各地各部门高度重视…`):
        a distributive names every body of its kind and is the actor of what follows. Only listed
        names (`_distributive`) may end it, as words of their own: not when a longer name goes on
        from it (`各部门负责人…`, `各单位党组织…`), nor before 的, a joining word or a bound
        (`各部门的意见`, `各级党委和政府以外的…`), nor inside a relative clause (`各单位采用的方法`)
        or a run that a modal goes on to (`各地新华书店应当…`: the cue found no list there).
        `_subject` asks only at a clause's own opening: after a joining word or a verb
        (`和各部门实际情况`, `建立健全各级党委统一领导…`) the distributive modifies a noun."""
        m = self._distributive.match(masked, start, run_end)
        if m is None or m.end() >= run_end:
            return None
        end = m.end()
        if (
            masked[end] in _NOT_AFTER_DISTRIBUTIVE
            or masked.startswith(_BOUND_AFTER, end)
            or (
                not masked.startswith(_DISTRIBUTIVE_ADVERBIALS, end)
                and self._name_goes_on(masked, start, end)
            )
            or _MODAL_AHEAD.match(masked, end, run_end)
            or "的" in masked[end : min(run_end, end + _DE_AFTER)]
        ):
            return None
        found = self._list(start, end, "responsible", masked, rule_id, strict=True)
        return (found, end) if found else None

    def _name_goes_on(self, masked: str, start: int, end: int) -> bool:
        """Whether a longer name than `masked[start:end]` opens at `start`: a listed name, a role or a
        name with a suffix of two or more characters ends within a few characters past `end`."""
        for k in range(end + 1, min(len(masked), end + _NAME_GOES_ON) + 1):
            longer = masked[start:k]
            if longer in self.lexicon or self.is_role(longer) or len(self._longest_suffix(longer)) >= 2:
                return True
        return False

    def _bare_subject(
        self, start: int, run_end: int, masked: str, rule_id: str, cuts: Sequence[int] | None = None
    ) -> tuple[list[Unit], int] | None:
        """A subject with no cue before its act (`资规局优化好…`, `国办正在牵头…`,
        `各级政府贯彻落实…`): the longest head of the name run that ends like a body (`bare_subject_ends`)
        or is a listed name, directly followed by one of the measures' action verbs (an adverb such as
        正在 may stand between) that does not qualify a noun (`X设立的…`). Every part must end like a
        body, and the head must not be a verb before its object (`争取省政府…`, `给各级人民政府…`).

        `cuts` are the places in the run, last first, where a head's last character meets an act's
        first (`_Stops.bare`): the only cuts that can pass; None tries every one."""
        last = self.bare_last
        for cut in range(run_end, start + 1, -1) if cuts is None else cuts:
            if last is not None and masked[cut - 1] not in last:
                continue
            head = masked[start:cut]
            if not head.endswith(self.bare_ends) and _clean(head) not in self.lexicon:
                continue
            act = self.bare_act.match(masked, cut)
            if not act or "的" in masked[act.end() : act.end() + 3]:
                continue
            if len(self._longest_suffix(masked[start : act.end()])) > act.end() - cut:
                continue  # `境外非政府组织…`: a listed suffix runs through the act's word, one name
            if self.cues.match(head) or self._verb_before_object(head) or self._acts_on(head, True):
                return None
            found = self._list(start, cut, "responsible", masked, rule_id, strict=True)
            if found and all(self._ends_like_body(u.name) for u in found):
                return found, cut
            if found:
                return None
        return None

    def _comma_before(self, start: int, masked: str, rule_id: str) -> list[Unit]:
        """The unit list that stands alone before the comma that opens a subject clause
        (`各省辖市政府，A、B要…`: one subject list cut by a comma); nothing when that clause is
        anything else (`会议强调，A要…`, `为此，A要…`: no unit list)."""
        end = start
        while end > 0 and masked[end - 1].isspace():
            end -= 1
        if end == 0 or masked[end - 1] not in "，,":
            return []
        end -= 1
        begin = end
        while begin > 0 and masked[begin - 1] not in _CLAUSE_STOP and end - begin <= _MAX_COMMA_LIST:
            begin -= 1
        while begin < end and masked[begin].isspace():
            begin += 1
        # `第四条国务院部门，省…人民政府应当…`: an article's number (its blank lost in the measure's
        # text) opens the clause and is no part of the list (NP00213, NP01251, NP01666)
        # (an item's own opening, `四是建设创新政府，各部门…`, is left to read as no list)
        number = match_marker(masked[begin : begin + 12]) if masked.startswith("第", begin) else None
        begin += len(number[0]) if number else 0
        if end - begin < 2 or end - begin > _MAX_COMMA_LIST:
            return []
        return self._list(begin, end, "responsible", masked, rule_id, strict=True)

    def _verb_before_object(self, head: str) -> bool:
        """Whether a head is a verb of one or two characters before a unit that opens with a level or
        a distributive (`给各级人民政府`, `争取省政府`, `批转各有关省人民政府`): not listed, and its
        own start is no such opening."""
        if _clean(head) in self.lexicon or head.startswith(self.object_heads):
            return False
        return any(
            len(head) - k >= 3 and head.startswith(self.object_heads, k) and self.is_unit(head[k:])
            for k in (1, 2)
        )

    def _ends_like_body(self, name: str) -> bool:
        """A listed name, or one that ends like a body and holds no act or 的 (`…审批局`, not
        `扶持中小科技企业`). A listed non-unit word that ends it past its body's ending shadows that
        ending, as in `_is_unit`: `各省份全部开通…` ends in 部 but with the adverb 全部 (people are
        bodies here: `各级干部贯彻落实…`)."""
        bare = _clean(name)
        if bare in self.lexicon:
            return True
        if not bare.endswith(self.bare_ends) or self.governing.search(bare) or "的" in bare:
            return False
        ending = max(len(e) for e in self.bare_ends if bare.endswith(e))
        return not any(
            bare[-k:] in self.stopwords and bare[-k:] not in self.persons
            for k in range(ending + 1, min(len(bare), 4) + 1)
        )

    def _verb_then_name(self, name: str, cut: int) -> bool:
        """Whether a name that opens with an opener word is that verb before a name of its own
        (`组织企业参加…`, `配合有关部门打击…`, `争取省委省政府出台…`): not a listed name, and
        what follows the verb is a unit of three characters or more. `组织部`, `当地政府` stay."""
        if (
            cut < 2  # a one-character preposition (`自`, `对`) is no verb: `自贸试验区…` stays
            or _clean(name) in self.lexicon
            or name.startswith(self.opener_names)
            or (len(name) - cut < 3 and name[cut:] not in _SHARED_ONLY)  # `指导地方…`: the verb's object
            or name[cut] in "（("  # `组织（人事）部门`
        ):
            return False
        return self.is_unit(name[cut:])

    def _acts_on(self, name: str, act_after: bool) -> bool:
        """Whether a clause that opens with `name` opens with a governing verb and the body it acts
        on, so that it names no subject (`实行政府给予…`, `指导企业制定…`, `制定本省…`,
        `组织人员进行巡护`), not with a name formed with that verb (`监督检查部门应当…`, `制定机关…`,
        `保密工作部门…`). `act_after`: an act follows the name at once (`进行`, `制定`), no modal.

        What follows the verbs decides: an opening such as 本, 有关, 其 makes it the verb's object; an
        agent head alone (`机关`, `人员`, `单位`) forms the agent's name, unless an act follows and
        the verb forms no names (`组织人员进行…`, against `检查人员进行…`: `name_verbs`, mined from
        the real corpus); any other body is the object, unless such a verb opens a longer name
        that ends in a compound head (`维护保养单位`, not `举办幼儿园`). A listed name, a name
        with 的 (`实行排污许可管理的企业…`: a relative clause) and a verb that is a list's part or
        a noun's modifier (`宣传、文化部门`, `组织和人员`, `规范性文件…`, `创新型企业`) stay names."""
        bare = _clean(name)
        if "的" in bare or bare in self.lexicon or bare.startswith(self.opener_names):
            return False
        verbs = self._verb_run.match(bare)
        if verbs is None or verbs.end() >= len(bare):
            return False
        rest = bare[verbs.end() :]
        if rest[0] in _NOT_OBJECT_START or rest.startswith("等"):
            return False
        if rest.startswith(self.object_openers):
            return True
        forms_names = bare.startswith(self.name_verbs)
        if rest in self.agent_heads or rest.startswith(self.agent_starts):
            return act_after and not forms_names
        return not (forms_names and rest.endswith(self.compound_heads))

    def _act_at(self, masked: str, pos: int) -> bool:
        """Whether an act opens at `pos` (one of the measures' action verbs, a governing verb or an
        `object_acts` word), not a modal or a preposition."""
        return bool(
            self.bare_act.match(masked, pos)
            or self.governing.match(masked, pos)
            or masked.startswith(self.object_acts, pos)
        )

    def _may_end_name(self, text: str, start: int, end: int) -> bool:
        """A cheap test before the full list check: a unit list ends with a character that ends some
        listed name, suffix or role (or a bracket, a tail word, or it is a short `各X`)."""
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        if end - start < 2:
            return False
        return text[end - 1] in self.end_chars or text.startswith(("各", "全体"), start)

    def _list(self, start: int, end: int, role: Role, masked: str, rule_id: str, strict: bool) -> list[Unit]:
        """Split the list at [start, end) into units; `strict` demands that it read as units.

        What is read is `masked[start:end]` alone (no rule looks behind `start` or past `end`), so
        the answer is kept by that text and shifted to where it stands."""
        key = (masked[start:end], strict)
        spans = self._list_memo.get(key)
        if spans is None:
            # The screen reads the key's text alone, so a text the memo holds has passed it: asked
            # only on a miss, it is spared on the half of the calls the memo answers.
            if strict and not self._may_be_list(masked, start, end):
                return []
            spans = self._list_memo.keep(
                key, [(s - start, e - start, r) for s, e, r in self._split(start, end, masked, strict)]
            )
        if any(masked[start + e - 1 : start + e + 1] in _CUT_WORDS for _, e, _ in spans):
            return []  # `…部门进行调查处理`, `会同公安机关科学设置`: a one-character head is a word's first half
        provenance = f"rule:{rule_id}"
        return [
            Unit(
                name=masked[start + s : start + e],
                role=r or role,
                start=start + s,
                end=start + e,
                provenance=provenance,
            )
            for s, e, r in spans
        ]

    def _may_be_list(self, masked: str, start: int, end: int) -> bool:
        """False only where a strict `_split` of [start, end) surely finds no list (a screen; True
        may still find none): every strict list's last name must read as a unit, and a unit ends
        with a character of `list_last` (that of a listed name, suffix, role, person, collective
        head, `的同志` or `系统`) or with a bare head (`单位`, `部门`…). Without brackets, quotes, `各`,
        `全` or `等` in the span, that name ends where the span does but for what `_trim` cuts off
        (`_may_end_unit`): no alias or note is cut off, no role bracket or pinyin, no generic rest
        after `等` (`_split_etc`), no short `各X`/`全体X` that may end with any character. Most of a
        `longest` marker's retries (`会同A…` shortened a character at a time) and many of a
        clause's candidate ends stop here."""
        last = self.list_last
        if last is None or not _SCREEN_OFF.isdisjoint(masked[start:end]):
            return True
        return self._may_end_unit(masked, start, end, last)

    def _may_end_unit(self, masked: str, start: int, end: int, last: frozenset[str]) -> bool:
        """Whether a unit may end at `end` once `_trim` has cut what may trail it: edge marks, a line
        break (`_TRIM_TAIL`'s `$` matches before one) and tail words (`等`, `分别`, `负责`…), any
        of them in any order, at the list's end and again at its last piece's. Every end they leave
        is tried; one where a unit may end (a `last` character, a bare head) lets the list pass."""
        while end > start and (masked[end - 1] in _EDGE or masked[end - 1] == "\n"):
            end -= 1
        if end - start < 2:
            return False
        if masked[end - 1] in last or _BARE_END.search(masked, start, end) is not None:
            return True
        return masked[end - 1] in _TAIL_LAST and any(
            masked.endswith(word, start, end) and self._may_end_unit(masked, start, end - len(word), last)
            for word in _TAIL_WORDS
        )

    def _split(self, start: int, end: int, masked: str, strict: bool) -> list[tuple[int, int, Role | None]]:
        """The units of [start, end) as spans, each with the role its own text gives it (a role
        bracket, a `会同` partner), None where the caller's role applies: the answer depends on the
        text alone, not on the rule or role asking (`_list` keeps it by text)."""
        alias = _ALIAS.search(masked, start, end)
        if alias:
            end = alias.start() if alias.end() >= end - 1 else end
        note = _NOTE_BRACKET.search(masked, start, end)
        if note:
            end = note.start()
        start, end = _trim(masked, start, end)
        # The pieces are cut as they are read: a strict list fails at its first piece that is no
        # unit, and the cuts after it (each weighed with `is_unit` on both sides) are never made.
        # A list with no character any split reads (`_SPLIT_CHARS`) is one piece: `_pieces` would
        # yield it alone after a dozen searches that find nothing.
        pieces = (
            self._pieces(masked, start, end)
            if not _SPLIT_CHARS.isdisjoint(masked[start:end])
            else iter(((start, end, None),))
        )
        first = next(pieces)
        second = next(pieces, None)
        several = second is not None
        # `市发改委、农委、人保局`: the first name's level carries over to the short names after it.
        level = _level_of(masked[first[0] : first[1]].strip(_EDGE)) if several else ""
        out: list[tuple[int, int, Role | None]] = []
        for s, e, piece_role in chain((first,) if second is None else (first, second), pieces):
            s, e = _trim(masked, s, e)
            name = masked[s:e]
            if e - s < 2 or "□" in name:
                if strict:
                    return []
                continue
            final_role = piece_role
            marked = _ROLE_BRACKET.search(name)
            if marked:  # `县发改局（牵头）`: the bracket gives the role, the name ends before it
                e = s + marked.start()
                name = masked[s:e]
                final_role = "lead" if marked.group(1) in ("牵头", "主责") else "co"
            if (
                strict
                and not self.is_unit(name)
                and not (several and name in self.persons)
                and not (several and _BARE_HEAD.fullmatch(name))
                and not (level and self.is_unit(level + name))
            ):
                return []
            if not strict and (
                _clean(name) in self.stopwords or len(name) > _NAME_MAX or _CONVENTION.search(name)
            ):
                continue
            out.append((s, e, final_role))
        return out

    def _pieces(self, text: str, start: int, end: int) -> Iterator[tuple[int, int, Role | None]]:
        """Top-level pieces of a list, in order: split on 和/及/与 first (only between names), then
        on 、， unless a part is a fixed list or shares its head; separators inside brackets never
        split. There is always one at least.

        A `会同` outside brackets splits first, and each side is a list of its own
        (`A会同B、C和D`: A, then the partners B, C, D): split on 和 or 、 first, the partners' list
        stayed glued to the lead's part and read as one partner (`B、C`, `B和D`)."""
        partners = _PARTNERS.search(text, start, end)
        while partners is not None and _depth(text[start : partners.start()]) != 0:
            partners = _PARTNERS.search(text, partners.end(), end)
        if partners is not None and partners.start() > start and partners.end() < end:
            yield from self._pieces(text, start, partners.start())
            for a, b, _ in self._pieces(text, partners.end(), end):
                yield a, b, "co"
            return
        for a, b in self._cut(text, start, end, _CONJ, check=True):
            chunk = text[a:b]
            if _FIXED_LIST.match(chunk) or self._shared_head(chunk):
                parts = [(a, b)]
            else:
                parts = []
                for ca, cb in self._cut(text, a, b, _HARD_COMMA, check=False):
                    if self._shared_tail(text[ca:cb]):
                        parts.append((ca, cb))
                    else:
                        parts += self._cut(text, ca, cb, _SOFT_COMMA, check=False)
            for pa, pb in self._split_etc(text, parts):
                co = _CO_SPLIT.search(text, pa, pb)
                # `联合督查组`, `联合调查组`: 联合 as a modifier opens a body's own name (a joint team),
                # no lead stands before it (会同 is only ever the verb).
                joint = co is not None and co.start() == pa and co.group() == "联合"
                if co and not (joint and self.is_unit(text[pa:pb])):
                    yield pa, co.start(), None
                    yield co.end(), pb, "co"
                else:
                    yield pa, pb, None

    def _cut(
        self, text: str, start: int, end: int, sep: re.Pattern[str], check: bool
    ) -> Iterator[tuple[int, int]]:
        """The spans between the separators of `text[start:end]` that split it, in order (with
        `check`, only those with a name on each side)."""
        pos = start
        for m in sep.finditer(text, start, end):
            if _depth(text[start : m.start()]) != 0:
                continue
            if check:
                left = _COMMA.split(text[pos : m.start()])[-1]
                right = _COMMA.split(text[m.end() : end])[0]
                if left.endswith(_PAIRED) and right.startswith(_PAIRED):
                    continue
                nxt = sep.search(text, m.end(), end)
                right_list = _HARD_COMMA.split(text[m.end() : nxt.start() if nxt else end])[0]
                right = (
                    right[: nxt.start() - m.end()] if nxt and nxt.start() - m.end() < len(right) else right
                )
                # A side may be a list that shares its head (`…基金和省级担保、再担保基金（机构）`).
                # A bare head (`各有关地区和部门、…`) is no name of its own to join.
                left_list = _HARD_COMMA.split(text[pos : m.start()])[-1]
                # `各地区、部门和单位`: bare heads after a headed first part are units of their own.
                bare_after_headed = bool(_BARE_HEAD.fullmatch(left)) and self._headed(
                    _top_split(left_list)[0]
                )
                if self._field_head(right) and self._field_part(left):
                    continue  # `各级卫生和体育部门`, `财政和审计部门`: fields that share one head
                left_ok = (
                    self.is_unit(left)
                    or bare_after_headed
                    or (not _BARE_HEAD.fullmatch(left) and self._shared_tail(left_list))
                )
                # A word that reads as a unit alone (`地方要…`) still shares the list's modifier
                # after an unheaded part: `有关部门和地方` is one subject.
                right_ok = (
                    (self.is_unit(right) and not (right in _SHARED_ONLY and not self._headed(left)))
                    or (bool(_BARE_HEAD.fullmatch(right)) and self._headed(left))
                    or (bool(_BARE_HEAD.fullmatch(right)) and bare_after_headed)
                    or right in self.persons
                    or bool(_FIXED_LIST.match(right_list))
                    or (not _BARE_HEAD.fullmatch(right) and self._shared_tail(right_list))
                )
                if not (left_ok and right_ok):
                    continue
            yield pos, m.start()
            pos = m.end()
        yield pos, end

    def _split_etc(self, text: str, parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """`市生态环境局等市直有关部门`: a full name before 等 is a unit of its own, the rest another.
        Not a list of fields that share the head after 等 (`医疗保障、财政等部门`, `科技、海关等部门`):
        one group, kept whole as `_shared_head` keeps it, though its last field reads as a body's
        name (`财政`, `海关`); cut there, the unit lost its head and named no body. (A list too long
        to be one name is cut as before: whole, it would be dropped.)"""
        out: list[tuple[int, int]] = []
        for a, b in parts:
            etc = _ETC.search(text, a, b)
            if etc and "、" in text[a : etc.start()] and b - a <= _NAME_MAX and self._shared_head(text[a:b]):
                out.append((a, b))
            elif etc and self.is_unit(text[a : etc.start()]) and _GENERIC_REST.fullmatch(text, etc.end(), b):
                out.append((a, etc.start()))  # `银保监会等部门`: the named body is the unit
            elif etc and self.is_unit(text[a : etc.start()]) and self.is_unit(text[etc.end() : b]):
                out += [(a, etc.start()), (etc.end(), b)]
            else:
                out.append((a, b))
        return out

    def _shared_tail(self, chunk: str) -> bool:
        """A list whose parts are not names alone but share the last part's head noun or level:
        `政府性融资担保、再担保机构`, `各乡、镇人民政府`, `移动、联通、电信公司`; or whose last part is a
        bare head that names nothing alone (`各级机关、单位`, `有关地区、部门和单位`). Kept whole."""
        if len(chunk) > 30 or not _COMMA.search(chunk):
            return False  # too long, or no list at all (most chunks: no split needed to say so)
        names = [n.strip(_EDGE) for n in _top_split(chunk)]
        if len(names) < 2 or not all(names):
            return False
        last, rest = names[-1], names[:-1]
        if _BARE_HEAD.fullmatch(last):
            return not any(self._headed(n) for n in rest)
        if not self.is_unit(last):
            return False
        if _SECTOR_HEAD.search(last) and all(
            len(n) <= 8 and not n.endswith(_BODY_ENDS) and not _NOT_NAME.search(n) for n in rest
        ):
            return True  # `国务院财政、税务主管部门`: sectors that share one kind of department
        if (
            all(_LEVEL.fullmatch(p) for n in rest for p in _LEVEL_JOIN.split(n))
            and _LEVEL_HEADED.match(last)
            and not _LEVEL.fullmatch(last)
            and last[1:2] not in ("直", "各", "属", "级")
        ):
            return True
        if self._place(last):
            return False  # `养殖场、养殖小区`, `一级、二级实验室`: places and rooms, no shared body
        if "的" not in last and (self._governed(last) or self._governed(rest[0], name=False)):
            return False  # `表彰、奖励先进个人`, `落实民兵、预备役部队`: acts done to bodies
        fields = self._field_head(last)
        return all(
            len(n) <= 10
            and (not self.is_unit(n) or (fields and self._field_part(n)))
            and not _NOT_NAME.search(n)
            and not self.openers.fullmatch(n)
            and not self.causative.fullmatch(n)
            for n in rest
        )

    def _field_head(self, last: str) -> bool:
        """Whether a list's last part is a field's department (`体育部门`, `审计部门`, `物价管理部门`)
        that the fields before it may share: a bare or sector head, no modifier or level of its own
        (`各地、有关部门`, `学校、各部门`, `省财政、省发展改革部门` name bodies of their own), no `等`
        that closes a list of its own (`各级税务、海关等预算收入征收部门`: two bodies of one kind)."""
        return (
            (_BARE_END.search(last) is not None or _SECTOR_HEAD.search(last) is not None)
            and _MODIFIER.match(last) is None
            and (_LEVEL_HEADED.match(last) is None or _NOT_LEVEL.match(last) is not None)
            and "等" not in last
        )

    def _field_part(self, part: str) -> bool:
        """Whether a list part that `is_unit` reads alone is a field of work that shares the last
        part's head: a field after a distributive (`各级卫生` in `各级卫生、体育部门`: `is_unit`
        takes any short `各X`), or a field that also names its office (`shared_fields`: `财政`,
        `省财政` in `财政、审计部门`, `省财政、物价部门`). A field opens a listed office's name
        after its level (`_office_fields`): `各县区`, `各校各年级`, `各大中企` name bodies of their own."""
        modifier = _MODIFIER.match(part)
        core = part[modifier.end() :] if modifier else part
        level = _LEVEL.match(core)
        if core in _SHARED_FIELDS or (level is not None and core[level.end() :] in _SHARED_FIELDS):
            return True
        return (
            modifier is not None
            and core in self._office_fields
            and not self.is_unit(core)
            and not _BARE_HEAD.fullmatch(core)
            and core not in self.persons
            and not any(role.startswith(core) for role in self.role_words)  # `各级领导` (`领导干部`)
        )

    def _place(self, name: str) -> bool:
        """Whether a list's last part is a place or a room, read as a unit only by a one-character
        suffix (`居住小区`, `保护区`, `实验室`, `城镇`): short parts before it then are more places,
        not modifiers of one body. An administered area keeps its body (`白沙湖管理区`, `开发区`)."""
        core = _clean(name).strip(_EDGE)
        suffix = self._longest_suffix(core)
        return (
            len(suffix) == 1
            and suffix in _PLACE_SUFFIX
            and core not in self.lexicon
            and not self.is_role(core)
            and not _ADMINISTERED.search(core)
        )

    def _governed(self, part: str, name: bool = True) -> bool:
        """Whether a list part is a verb that governs what follows it (`奖励先进个人`, `支持有关部门`,
        `落实民兵`): the list is then a row of acts done to a body, not modifiers that share the
        last part's head (`生产、经营单位`, `查封、扣押部门`: the verb goes straight to a bare head).
        With `name`, what follows must read as a name of its own (the last part of a list). A verb
        inside a relative clause (`承担养护、维修的单位`, `接受投诉、举报的部门`) names the body."""
        if part.startswith(self.opener_names) or "的" in part:
            return False  # `使用单位`, `建设单位`: a name that opens with a verb; `承担维修的单位`
        verb = self.governing.match(part)
        if verb is None:
            return False
        if any(part[:k] in self.lexicon for k in range(verb.end() + 1, len(part) + 1)):
            return False  # `组织部门负责人`, `建设局`: a known name opens with the verb's characters
        obj = part[verb.end() :]
        if not name:
            return len(obj) >= 2 and not _BARE_HEAD.fullmatch(obj)
        return len(obj) >= 2 and not _BARE_HEAD.fullmatch(obj) and self.is_unit(obj)

    def _headed(self, name: str) -> bool:
        """Whether a list part names a body with a head of its own after a shared modifier
        (`各级政府`, `各乡镇（街道）`), so that a bare head after it (`…和部门`, `…、部门`) is another
        unit; a part whose head is bare too (`各级机关`, `各有关部门`, `各主管部门`) shares the last
        one's head, and the list stays whole. An area after a plain `各` ("each") is a unit of its
        own (`各地区、部门、单位` is three), but after a level or a qualifier that the list shares
        (`有关地区和部门`, `各有关地区和部门`) it is not."""
        core = _TRAILING_BRACKET.sub("", name.strip(_EDGE))
        modifier = _MODIFIER.match(core)
        if modifier is None:
            return False
        rest = core[modifier.end() :]
        return (
            len(rest) >= 2
            and not _BARE_END.search(rest)
            and (rest not in ("地区", "地方") or modifier.group() == "各")
            and self.is_unit(core)
        )

    def _shared_head(self, chunk: str) -> bool:
        """`组织、宣传等部门` and `纪检机关、组织部门负责人` name one group: keep them whole."""
        if "、" not in chunk:
            return False
        etc = _SHARED_HEAD.search(chunk)
        if etc:  # `组织、宣传等部门` is one group; `海关总署、商务部等有关部门` names two bodies
            return not all(self.is_unit(n) for n in chunk[: etc.start()].split("、"))
        names = chunk.split("、")
        if self._governed(names[-1]) or self._governed(names[0], name=False):
            return False  # `表彰、奖励先进个人`: acts done to the holders of a role
        return self.is_role(names[-1]) and not any(map(self.is_role, names[:-1])) and len(chunk) <= 30


# Characters that can open an item number (`第六条`, `（一）`, `1.`, `①`, `★`): only there is one looked for.
_AFTER = re.compile("|".join(sorted(AFTER_WORDS, key=len, reverse=True)))
_MARKER_START = frozenset(
    "第（(一二三四五六七八九十百零〇0123456789①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳❶❷❸❹❺❻❼❽❾❿⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇★☆●○◆◇■□▲△▶►•※√"
)
# Subjects a later `；`-clause inherits: a clause's own subject, the one asked to act
# (`要求各乡镇…；要…`) and the one a request names (`请县财政局…；要…`).
# A decimal outline number (`5.1.2 省级人民政府必须…`, `3.2 各地要…`), which emergency plans and
# standards number their sections with and the layout's markers do not read: a blank or a second
# dot tells it from an amount (`1.5倍`). Seen in NP00301 (67 sections), NR00258 and GD01.
_OUTLINE_NUMBER = re.compile(r"\d{1,2}(?:[.．]\d{1,2}){2,3}\s*|\d{1,2}[.．]\d{1,2}\s+")
_CARRIED_FROM = ("rule:unit.clause_start", "rule:unit.asked", "rule:unit.please")
# The bracket and label markers that make a closing bracket a unit marker (`UnitFinder.closing_marker`).
_MARKER_UNITS = ("rule:unit.paren_", "rule:unit.label")

# Entries a memo of `UnitFinder` holds before it is cleared (bounds its memory in a long run).
_MEMO_MAX = 1 << 14


K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class _Stops:
    """Where in one text a clause's subject may end, read once per text (`UnitFinder._stops`) so
    that `_subject` turns away at once the clauses no subject opens: `cues`, every subject cue
    (`_cue_positions`); `named`, those after a character some name ends with (edge marks
    skipped); `bare`, where a bare subject's head may end before its act (a last character of
    `bare_last` before a first one of `act_first`). All in order."""

    cues: list[int]
    named: list[int]
    bare: list[int]


@dataclass(frozen=True)
class _Endings:
    """Words a text may end with, asked as `text.endswith(words)` answers, the empty word too
    (any text ends with it), but by looking up the text's last k characters for each length k
    the words have (at most eight) instead of comparing the words one by one: `is_role` is asked
    of some 16,000 names on 300 real documents, each against some 250 role words."""

    words: frozenset[str]
    lengths: tuple[int, ...]  # ascending

    @staticmethod
    def of(words: Iterable[str]) -> _Endings:
        kept = frozenset(words)
        return _Endings(kept, tuple(sorted({len(word) for word in kept})))

    def end(self, text: str) -> bool:
        """Whether `text` ends with one of the words."""
        size = len(text)
        words = self.words
        for k in self.lengths:
            if k > size:
                return False
            if text[size - k :] in words:
                return True
        return False


class _Memo(dict[K, V]):
    """Answers kept by the text they read, emptied when it holds `_MEMO_MAX` of them."""

    def keep(self, key: K, value: V) -> V:
        if len(self) >= _MEMO_MAX:
            self.clear()
        self[key] = value
        return value


# What may not follow a distributive subject with no cue: it qualifies a noun or the list goes on.
_NOT_AFTER_DISTRIBUTIVE = frozenset('的之等和及与、或（()“”"□')
# What opens a distributive's predicate (`各地以县为单位…`): `units.yaml`'s `distributive_adverbials`.
_DISTRIBUTIVE_ADVERBIALS = _RULES.words("distributive_adverbials")
# What `UnitFinder._glued_distributive` reads: `units.yaml`'s adverbs that open a distributive's
# predicate, the classifiers of `各项`/`各类`/`各种` and the actor kinds they may count.
_GLUED_ADVERBS = _RULES.words("glued_adverbs")
_CLASSIFIERS = frozenset(_RULES.words("classifiers"))
_CLASSIFIED_KINDS = frozenset(_RULES.words("classified_kinds"))
# Words whose first character also ends a body's name (`处`, `科`, `股`, `办`): a name that ends there
# is cut inside the word (`units.yaml`'s `cut_words`).
_CUT_WORDS = frozenset(_RULES.words("cut_words"))
# Verbs that set someone to a task (`确定责任人对…进行管理`): `units.yaml`'s `assigning`.
_ASSIGNING = tuple(_RULES.words("assigning"))
# A bound after a body names others (`各级党委和政府以外的…`): no act follows there.
_BOUND_AFTER = ("以外", "以上", "以下", "以内")
# How near after a distributive a 的 makes it a relative clause's subject (`各单位发生的事项`).
_DE_AFTER = 5
# How far past a distributive's end a longer name is looked for (`各部门` → `各部门主要负责同志`).
_NAME_GOES_ON = 10
# Texts up to this length have their subject cues found once for all clauses (`UnitFinder.find`).
_WHOLE_TEXT_CUES = 4000
# Prepositions that open a topic, not a body (`关于某县的中央企业`): no `X的Y` name opens with one.
_TOPIC_OPENERS = ("关于", "对于", "至于")
# A list before a subject's comma is read back to the clause's start, at most this far.
_MAX_COMMA_LIST = 40
_LIST_MARKS = frozenset("、，,和及与")
# Every character that a match of a separator `_pieces` splits on opens with or needs: the commas
# (`_COMMA`), the joining words (`conj`: 以及 和 及 与 或… 特别是 尤其是), `会同`/`联合` (`partners`,
# `co_split`) and `等` (`etc`); `fixed_list` and `shared_head` need `、`. A list without any is one
# piece. `test_units_speed` holds the patterns to it.
_SPLIT_CHARS = frozenset("、，,；;和及与或特尤会联等")
# Characters in a span that `_may_be_list` does not screen: brackets (aliases, notes, role brackets,
# pinyin, levels), quotes (`_trim` cuts one off), `各`/`全` (`各X`, `全体X` end anywhere) and `等`
# (a generic rest after it is dropped).
_SCREEN_OFF = frozenset("（）()“”各全等")
_CLAUSE_STOP = frozenset("，,。；;：:！？!?\n")
# The rules that read a clause's subject from its place alone: the veto reads their units.
_SUBJECT_RULES = ("rule:unit.clause_start", "rule:unit.asked", "rule:unit.please")
# The brackets that close an item with the units answering for it (`（商务部负责）`, `（市经信委）`,
# `（A牵头，B配合）`): the spec makes the other actors of the item's text optional at most.
_CLOSING_MARKERS = ("rule:unit.paren_",)
# Words that, later in a subject's clause, make it the bearer of a duty, a ban or a power, as a
# modal does (`X负责…`, `X及其工作人员不得…`, `X可以根据需要…`: regulations and task lists).
_SPARING_WORDS = ("负责", "不得", "可以")
# A body in charge of a field of work (`X统一领导…`, `X领导本地区…`): the veto spares it.
_LEADS = ("领导", "统一领导")
# A modal (or one of `_SPARING_WORDS`) later in the unit's clause, before any sentence stop: the
# veto spares the unit.
_MODAL_AHEAD = re.compile(
    f"[^。；;！？!?\\n]{{0,30}}?(?:{'|'.join(sorted({*modals(), *_SPARING_WORDS}, key=len, reverse=True))})"
)
# Characters no name opens with (`is_unit` strips them, so a run from one would repeat the name).
_NOT_FIRST = frozenset(_EDGE) | _CLAUSE_STOP | frozenset("（）()*□…—-《》〈〉【】[]")
# A subject run longer than this is no name: the finder never looks further (linear time on
# lines of any length).
_MAX_RUN = 80
# `…有关部门，要…`: a subject set off by a comma before its modal.
# `县委办：负责统筹协调…` (a division of labour that names each body, then its duties): the same
# after a colon.
# The modals are the vocabulary's (`vocabulary.yaml`); the further cues are `units.yaml`'s `comma_cue`.
_COMMA_CUE = re.compile(
    r"[，,：:]\s*(?:" + "|".join(modals()) + "|" + _RULES.regex("comma_cue").pattern + ")"
)
# `X，在…时，应当…`, `X，对…，要…`: a subject set off by a comma, then one adverbial clause, then its
# modal (`comma_adverbial`).
_COMMA_ADVERBIAL = re.compile(
    _RULES.regex("comma_adverbial").pattern
    + r"[，,]\s*(?:"
    + "|".join(modals())
    + "|"
    + _RULES.regex("comma_cue").pattern
    + ")"
)
# Cue words that are only the tail or head of a longer word (`主要`, `负责人`, `关于`, `必须`).
_CUE_INSIDE = _RULES.regex("cue_inside")
# An act followed by 的 qualifies a noun (`相关机构作出的鉴定结论`): no predicate opens there.
_CUE_AFTER = _RULES.regex("cue_after")
# `X是…第一责任人`: 是 opens a predicate only when it assigns responsibility (`高素质的队伍是关键`
# names no actor).
_IS_CUE = _RULES.regex("is_cue")
# A bare head that names nothing alone: the list before it shares it (`各级机关、单位`).
_BARE_HEAD = _RULES.regex("bare_head")
# A part that ends with a bare head (`各牵头单位`, `其他机关`) shares it with the list's last part.
_BARE_END = re.compile(f"(?:{_BARE_HEAD.pattern})$")
# Modifiers that a list's parts may share before their heads (`各级政府和部门`, `各有关部门和单位`).
_MODIFIER = re.compile(r"^(?:各级|各有关|各相关|各|有关|相关)")
# Administrative levels that share the next part's head: `各乡、镇人民政府`, `市、县融资担保机构`.
_LEVEL = _RULES.regex("level")
# `市和区、县人民政府`: levels joined by 和 share the head as well.
_LEVEL_JOIN = _RULES.regex("level_join")
# A department kind that sectors share: `国务院财政、税务主管部门`, `卫生、教育行政部门`.
_SECTOR_HEAD = _RULES.regex("sector_head")
# Words that read as a unit alone but share the modifier of a list they close (`units.yaml`).
_SHARED_ONLY = frozenset(_RULES.words("shared_only"))
# The ends of an office's name after its field of work (`市卫生健康局`, `体育部门`, `省教育厅`).
_OFFICE_END = re.compile(r"(?:行政|主管)?(?:部门|局|厅|委)$")
# Fields that also name their office alone (`市财政`) but share a list's head (`财政、审计部门`).
_SHARED_FIELDS = frozenset(_RULES.words("shared_fields"))
# Marker rules that read a clause's opening as the unit list (`…，X协同，…`): a verb and its object
# there name no unit, as at a clause subject's place (`UnitFinder._acts_on`).
_CLAUSE_MARKERS = ("unit.co_clause.",)
# What, right after a clause's opening verb, makes the verb part of a list or a modifier, not the
# verb of an object (`宣传、文化部门`, `组织和人员`, `组织（人事）部门`, `规范性文件`, `创新型企业`).
_NOT_OBJECT_START = frozenset("、，,和及与或（(性型")
# One-character suffixes that name a place or a room more often than a body (`养殖小区`, `实验室`):
# a list of short non-units closed by one names places. `units.yaml`'s `place_suffix`.
_PLACE_SUFFIX = frozenset(_RULES.words("place_suffix"))
# Areas with an administration of their own (`X管理区`, `X开发区`): a body, despite the 区.
_ADMINISTERED = _RULES.regex("administered_area")
# Endings of a full body name: a part that ends so is a name of its own, not a sector.
_BODY_ENDS = (
    "部门",
    "机构",
    "机关",
    "单位",
    "政府",
    "局",
    "委",
    "厅",
    "办",
    "部",
    "署",
    "院",
    "会",
    "室",
    "处",
    "所",
)
_LEVEL_HEADED = _RULES.regex("level_headed")
# A role written in a bracket after a name in a list (`县发改局（牵头）、县财政局（配合）`).
_ROLE_BRACKET = _RULES.regex("role_bracket")
# A bracketed note inside a unit list that states the list's convention, not a unit.
_NOTE_BRACKET = _RULES.regex("note_bracket")


# Level prefixes of generated names (`县财政局`, `市委组织部`): minutes of one county or city name its
# own bodies without them (`财政局要加强资金保障`, `民政局负责…`).
_LEVEL_PREFIXES = ("自治区", "街道", "省", "市", "州", "盟", "县", "区", "旗", "镇", "乡")
# Prefixes that are the head of an ordinary word, not a level (`市场监管局`, `区域…`, `县级…`).
_NOT_LEVEL = _RULES.regex("not_level")
# The levels a distributive level also covers, in a bracket that ends a name (`各区（县级市）`).
_LEVEL_BRACKET = _RULES.regex("level_bracket")
# How many bodies a subject names, at its opening (`7省（市）`, `15个巡视组`): never a time or a sum.
_COUNT = _RULES.regex("count")


def _bare_bodies(lexicon: frozenset[str], stopwords: frozenset[str]) -> frozenset[str]:
    """Listed body names without their level prefix (`县财政局` → `财政局`, `市委宣传部` → `委宣传部`
    is no name: only forms of three or more characters that end like a body and are no stopword)."""
    out: set[str] = set()
    for name in lexicon:
        if _NOT_LEVEL.match(name):
            continue
        for prefix in _LEVEL_PREFIXES:
            rest = name[len(prefix) :]
            if (
                name.startswith(prefix)
                and len(rest) >= 3
                and rest not in stopwords
                and rest[0] not in "委政级直属"
            ):
                out.add(rest)
                break
    return frozenset(out)


def _shadowed_heads(
    lexicon: frozenset[str], suffixes: set[str], stopwords: frozenset[str], roles: frozenset[str]
) -> set[str]:
    """The listed bodies' heads without their level (`县财政局` → `财政局`, `市委机要局` → `委机要局`)
    that the suffix test would refuse under another place's name, because a stopword is their own
    ending (`政局` of `财政局` and `民政局`, `全局` of `国家安全局`, `数据中心` of `大数据中心`, `经办` of
    `委财经办`): taken as endings themselves, so that a body the lexicon lists only for the plain
    levels is read under any place's name (`新昌县财政局`, `高新区民政局`, `鞍山市委机要局`: local
    notices name their offices by the city or county, where the lexicon lists `县财政局`). Only
    these: every other head passes the suffix test already. Not a head with a level in a bracket
    (`镇（街道）` of `乡镇（街道）`) nor a role's holder (`副主席` of `自治区副主席`, listed as a role),
    and a party committee's head (`委…`) only with a department after it: those name no body."""
    heads: dict[str, str] = {}
    for name in lexicon:
        if _NOT_LEVEL.match(name) or "(" in name or "（" in name or name in roles:
            continue
        level = next((p for p in _LEVEL_PREFIXES if name.startswith(p)), "")
        head = name[len(level) :]
        if level and len(head) >= 3 and head[0] not in "政级直属" and (head[0] != "委" or len(head) >= 4):
            heads[name] = head
    out: set[str] = set()
    for name, head in heads.items():
        if name in heads.values() or any(other + head in roles for other in _LEVEL_PREFIXES):
            continue  # `乡村振兴办` is a head itself (of `县乡村振兴办`), not `乡` + `村振兴办`
        suffix = next((head[-k:] for k in range(len(head), 0, -1) if head[-k:] in suffixes), "")
        if not suffix or any(head[-k:] in stopwords for k in range(len(suffix) + 1, min(len(head), 6) + 1)):
            out.add(head)
    return out


def _marker_over_subjects(units: list[Unit], marker_at: int) -> list[Unit]:
    """`units` less the clause subjects that stand before the last bracket (its units start at
    `marker_at`) that closes an item with its units: `（X负责）` names who answers for the text
    before it, whose own subjects are other actors (`鼓励金融机构…（人民银行负责）`), optional at best
    and false units when the item only mentions them (State Council notices NP01417, NP01476,
    NP02369 in corpus/real; dev GE07, GM10). A subject after the last bracket belongs to text that
    follows the items and stays."""
    return [u for u in units if not (u.provenance.startswith(_SUBJECT_RULES) and (u.end or 0) <= marker_at)]


def _level_of(name: str) -> str:
    """The level prefix a listed name opens with (`市` of `市发改委`), '' when none: the level that
    the names after it in a list share (`市发改委、农委、人保局` are all city bodies)."""
    if _NOT_LEVEL.match(name):
        return ""
    return next((p for p in _LEVEL_PREFIXES if name.startswith(p) and len(name) > len(p) + 1), "")


def _take(taken: bytearray, start: int, end: int) -> None:
    taken[start:end] = b"\x01" * (end - start)


def _cue_ok(window: str, pos: int) -> bool:
    """Whether a cue at `pos` stands as a word, not inside `主要`, `负责人`, `关于`, `必须`."""
    if pos > 0:
        inside = _CUE_INSIDE.match(window, pos - 1)
        if inside and inside.end() > pos:
            return False
    return not _CUE_AFTER.match(window, pos)


# A name run: characters of a name, brackets, and pinyin notes (`（jiān）`) read as one piece. The
# characters other than brackets are read as a run of their own first: `re` reads a run of one
# class in one tight loop, where an alternation repeated character by character costs a branch
# at each (a tenth of the subject finder's time). The same run as reading pinyin, else one
# character, at each place: a pinyin note and a plain character never open alike.
_NAME_RUN = re.compile(
    r"(?:[\u4e00-\u9fa5“”\"、□]+|[（(][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,8}[）)]|[（）()])+"
)


def _strip_pinyin(text: str) -> tuple[str, list[int]]:
    """`text` without inserted pinyin, and for each kept character its offset in `text`."""
    parts: list[str] = []
    keep: list[int] = []
    pos = 0
    for m in PINYIN.finditer(text):
        parts.append(text[pos : m.start()])
        keep.extend(range(pos, m.start()))
        pos = m.end()
    parts.append(text[pos:])
    keep.extend(range(pos, len(text)))
    return "".join(parts), keep


def _top_split(chunk: str) -> list[str]:
    """`chunk` split on list separators outside brackets: `市、县（市、区）人民政府` has two parts."""
    parts: list[str] = []
    pos = 0
    for m in _COMMA.finditer(chunk):
        if _depth(chunk[: m.start()]) == 0:
            parts.append(chunk[pos : m.start()])
            pos = m.end()
    parts.append(chunk[pos:])
    return parts


def _depth(text: str) -> int:
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def _last_chars(ends: tuple[str, ...], names: frozenset[str]) -> frozenset[str] | None:
    """The characters a string must end with to end with one of `ends` or to be one of `names`
    once its pinyin is removed (a pinyin note ends with a bracket, so a string that does not
    end with one keeps its last character); None when an empty ending lets any string pass."""
    if "" in ends:
        return None
    return frozenset(e[-1] for e in ends) | frozenset(n[-1] for n in names if n) | frozenset("）)")


def _needs_pattern(needs: list[str] | None) -> re.Pattern[str] | None:
    """A rule's `needs` (strings of which a text must hold one) as one alternation, which finds
    any of them in one pass; None when the rule needs nothing."""
    if not needs:
        return None
    return re.compile("|".join(re.escape(n) for n in needs))


def _inner_starts(words: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """For each of `words`, the offsets k inside it (0 < k < its length) where another of them may
    start when it is matched: one that is a prefix of its rest from k, or of which that rest is a
    prefix (it may go on past the word). At any other offset none can match, whatever follows."""
    out: dict[str, tuple[int, ...]] = {}
    for word in words:
        out[word] = tuple(
            k
            for k in range(1, len(word))
            if any(other.startswith(word[k:]) or word[k:].startswith(other) for other in words if other)
        )
    return out


def _char_class(chars: frozenset[str] | None) -> str:
    """A pattern of one of `chars` (any character when None, none when empty)."""
    if chars is None:
        return "."
    return f"[{''.join(map(re.escape, sorted(chars)))}]" if chars else "(?!)"


# The same characters as one-character patterns: `re` finds them along a text at C speed.
_CLAUSE_STOP_CHAR = re.compile(_char_class(_CLAUSE_STOP))
_OPENING_AFTER_CHAR = re.compile(_char_class(OPENING_AFTER))


def _masked(text: str) -> str:
    """`text` as the rules read it: titles in 《》 blanked (no unit is read inside a title) and a
    mask inside a name read as characters (`_INNER_MASK`); the same length, so spans carry over."""
    masked = _QUOTE_TITLE.sub(lambda m: "□" * len(m.group()), text)
    return _INNER_MASK.sub(lambda m: "某" * len(m.group()), masked) if "*" in masked else masked


def _clean(name: str) -> str:
    """A name without inserted pinyin, for lexicon and suffix checks."""
    return PINYIN.sub("", name) if "(" in name or "（" in name else name


def _alternation(phrases: tuple[str, ...], head: str, tail: str) -> re.Pattern[str]:
    if not phrases:
        return re.compile(r"(?!)")
    body = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(f"{head}(?:{body}){tail}")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _EDGE:
        s += 1
    while e > s and text[e - 1] in _EDGE:
        e -= 1
    lead = _TRIM_LEAD.match(text, s, e)
    if lead and lead.end() < e:
        s = lead.end()
    # a tail word ends where the span does (`$` also before a final line break)
    tail = _TRIM_TAIL.search(text, s, e) if e > s and text[e - 1] in _TAIL_LAST else None
    if tail and tail.start() > s + 1:
        e = tail.start()
    while s < e and text[s] in _EDGE:
        s += 1
    seg = text[s:e]
    if seg.startswith(("（", "(")) and _depth(seg) > 0:
        s += 1  # `（生态环境部牵头，…`: the bracket that opens a marker is not part of the name
        seg = seg[1:]
    if "“" not in seg and "”" not in seg:
        return s, e
    if seg.count("“") > seg.count("”"):
        s += seg.startswith("“")
    elif seg.count("”") > seg.count("“") and seg[-1:] == "”":
        e -= 1
    return s, e


_TRIM_LEAD = _RULES.regex("trim_lead")
_TIME_LEAD = _RULES.regex("time_lead")
# What may still belong to a time where `time_lead` stops (`第二周`, `至8月`, `开始`, `1号`): no
# name opens there.
_TIME_REST = frozenset("旬起始开末底初中年月日号份前后内以至止之第到—-～~")
_NEXT_LABEL = _RULES.regex("next_label")
_COLON = re.compile(r"[：:]")
# Characters that end a marker's list where they stand: no label is glued on after them.
_LIST_STOP = frozenset("，,；;。、\n）)〕]】|")
_TAIL_WORDS = (
    "等", "分别", "共同", "均", "都", "也", "还", "之间", "尤其", "按职责分工", "按职责", "按照职责", "负责",
    "另行", "立即", "迅速", "尽快", "抓紧", "及时", "自行", "统一", "具体",
)  # fmt: skip
_TRIM_TAIL = re.compile(f"(?:{'|'.join(_TAIL_WORDS)})+$")
# The characters a `_TRIM_TAIL` match can end with: a span that ends otherwise has no tail word.
_TAIL_LAST = frozenset(w[-1] for w in _TAIL_WORDS) | frozenset("\n")


def _co_role(rule: Rule, m: re.Match[str]) -> Role:
    """The role of a marker's co-operating list: co, unless the word that closes it says that they
    answer for their own share (`co_role_if_responsible`: `（A牵头，B、C按职责分工负责）` makes B and C
    responsible; the spec's co is who 配合 or 参与)."""
    hint = rule.get("co_role_if_responsible")
    close = m.group("co_close") if "co_close" in m.re.groupindex else None
    if isinstance(hint, str) and close and re.search(hint, close):
        return "responsible"
    return "co"


def _role(default: str, matched: str, attrs: dict[str, object]) -> Role:
    lead_hint = attrs.get("role_if_lead")
    if isinstance(lead_hint, str) and re.search(lead_hint, matched):
        return "lead"
    co_hint = attrs.get("role_if_co")
    if isinstance(co_hint, str) and re.search(co_hint, matched):
        return "co"
    resp_hint = attrs.get("role_if_responsible")
    if isinstance(resp_hint, str) and re.search(resp_hint, matched):
        return "responsible"
    if default == "lead":
        return "lead"
    if default == "co":
        return "co"
    return "responsible"
