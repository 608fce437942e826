"""Title keys and title matching: when two quoted or indexed titles name one document.

A title key splits a title into issuer, core and genre (`国务院办公厅` · `延长2020年春节假期` · `通知`)
after folding away the ways a title gets quoted (brackets, `关于`, `的通知`, the 文号, page chrome
before it, a site's name after it). Two titles are the same document only when their cores are
near-identical (not when one contains the other: a later `关于延长…实施期限等问题的通知` contains the
earlier title's words but is a different document), their genres agree when both are given, and their
issuers are compatible when both are known. Document numbers are normalised here too, so that every
variant a page prints compares equal. Kept apart from `crosscheck` (which finds the titles a follower
quotes and indexes the directives) because everything that compares titles needs it and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from duban.base.script import strip_pinyin
from duban.index.analysis import fold
from duban.rules.ruleset import load_rule_file
from duban.rules.vocabulary import doc_number, issuer_aliases, title_genre

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
# The title-key patterns of `rules/crosscheck.yaml`.
_RULES = load_rule_file("crosscheck").require(
    (
        "issuer_split",
        "context_issuer",
        "place_or_org_end",
        "cite_end",
        "forwarded",
        "decree_cited",
        "national_head",
        "local_head",
    )
)
# A decree number as a follower cites it (`国令第588号`, `某市人民政府第12号令`), and the well-known
# short forms of a decree's issuer (`rules/crosscheck.yaml`: `国` for `国务院`).
_DECREE_CITED = _RULES.regex("decree_cited")


def _short_issuers(entries: tuple[str, ...]) -> dict[str, str]:
    """`short=full` entries as a mapping; an entry without both sides is a broken rule file."""
    out: dict[str, str] = {}
    for entry in entries:
        short, _, full = entry.partition("=")
        if not short or not full:
            raise ValueError(f"rules/crosscheck.yaml decree_short_issuers: {entry!r} is not short=full")
        out[short] = full
    return out


_DECREE_SHORT = _short_issuers(_RULES.words("decree_short_issuers"))
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
_STATE = "中华人民共和国"
_CITE_TAIL = re.compile(_RULES.regex("cite_end").pattern.removeprefix("^") + "$")
# A covering notice that forwards another body's document (`…关于转发X的通知`, `…批转X的通知`).
_FORWARDED = _RULES.regex("forwarded")
_DIGITS = re.compile(r"\d+")
_ISSUER_SPLIT = _RULES.regex("issuer_split")
# An issuer written just before a quoted title: `人社部、财政部、国家税务总局印发了《…》`, `湖北省人民政府
# 办公厅1日发布关于…`, `传达学习了市政府办公室《…》`. Name characters exclude the function words and
# verbs that precede a name, so the match starts where the name does (`rules/crosscheck.yaml`).
_CONTEXT_ISSUER = _RULES.regex("context_issuer")
_PLACE_OR_ORG_END = _RULES.regex("place_or_org_end")


@dataclass(frozen=True)
class TitleKey:
    """A title reduced to what identifies the document: issuer, core words, genre."""

    issuer: str | None
    core: str
    genre: str | None


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
    cited = cited_decrees(folded)
    return cited[0][2][0] if cited else None


def cited_decrees(folded: str) -> list[tuple[int, int, list[str]]]:
    """The decree numbers a folded text cites: each match's span and the normalised numbers it may
    stand for, longest issuer first (`依据国务院令第5号`: `依据国务院令…`, `据国务院令…`, `国务院令…`).

    The issuer's run of characters may start a few words early, so each of its tails is a candidate,
    as with document numbers; a short form (`国令`) stands for its full issuer (`国务院令`), and a
    reversed number (`某市人民政府第12号令`) for the usual order (`某市人民政府令第12号`).
    """
    out: list[tuple[int, int, list[str]]] = []
    for m in _DECREE_CITED.finditer(folded):
        issuer = m.group("issuer") if m.group("issuer") is not None else m.group("reversed")
        serial = int(m.group("serial") or m.group("reversed_serial"))
        tails = [issuer[cut:].removeprefix(_STATE) for cut in range(len(issuer))]
        numbers = [
            f"{_DECREE_SHORT.get(tail, tail)}令第{serial}号"
            for tail in tails
            if len(tail) >= 2 or tail in _DECREE_SHORT
        ]
        if numbers:
            out.append((m.start(), m.end(), numbers))
    return out


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


# What a title or an issuer opens with: a central body, or a place (`rules/crosscheck.yaml`).
_NATIONAL_HEAD = _RULES.regex("national_head")
_LOCAL_HEAD = _RULES.regex("local_head")
# Characters no place name holds (`城市管理条例`, `全县…`, `关于市…`): the head is no place then.
_NOT_A_NAME = frozenset("市县省城都超门股楼夜菜关于全本各该我其")
# The municipalities directly under the central government: a `…市` of province rank.
_PROVINCIAL_CITIES = frozenset({"北京", "天津", "上海", "重庆"})
_PROVINCES = _RULES.words("provinces")
_PROVINCE_NAME = re.compile("|".join(sorted(map(re.escape, _PROVINCES), key=len, reverse=True)))


@lru_cache(maxsize=64)
def provinces_named(text: str) -> dict[str, int]:
    """How often a text names each province-level place (`rules/crosscheck.yaml` `provinces`).

    A city's or a county's name does not say which province it lies in, but its report does
    (`落实江西省委、省政府部署`): it names its own province a few times, others once or not at
    all. Cached for the few documents in hand (a follower's candidates are weighed one after the
    other)."""
    counts: dict[str, int] = {}
    for name in _PROVINCE_NAME.findall(fold(text)):
        counts[name] = counts.get(name, 0) + 1
    return counts


@dataclass(frozen=True)
class Scope:
    """National (`place` None) or local: the place's name (`淄博`) and whether it is a province.

    Read from what a title or an issuer opens with (`scope_of_name`); the cross-check's content
    filter `place` compares a follower's with its candidate directive's (`crosscheck.place_blocks`).
    """

    national: bool
    place: str | None = None
    province: bool = False
    # A county (`某县`, `某某自治县`): below a city, so its name does not say which city it lies in.
    county: bool = False


@lru_cache(maxsize=65536)
def scope_of_name(text: str) -> Scope | None:
    """The scope a title or an issuer opens with, or None when it names no central body or place."""
    head = fold(text).strip().lstrip('《〈<“"')
    if not head:
        return None
    if _NATIONAL_HEAD.match(head):
        return Scope(national=True)
    found = _LOCAL_HEAD.match(head)
    if found is None:
        return None
    place = found.group("place")
    level = found.group("level")
    name = place[:-1] if level else place[: place.index("自治")]
    if len(name) < 2 or any(c in _NOT_A_NAME for c in name):
        return None
    province = level == "省" or place.endswith("自治区") or (level == "市" and name in _PROVINCIAL_CITIES)
    county = level == "县" or place.endswith("自治县")
    return Scope(national=False, place=name, province=province, county=county)
