"""Cross-check: documents akin to one another that still do not follow one another (issue 10).

Three kinds of kin share text or name each other without one relaying the other:

- an amendment and what it amends (`amends`): a `…修正案` or a `关于修改…的决定` restates the
  articles it rewrites, and its page names the law in its title, yet it makes the law, it does not
  follow it (the rule `crosscheck.unmarked_statute` already reads no title after an amending verb);
- sibling releases of one issuer (`sibling_releases`): two news pages `某机关印发《X条例》` and
  `某机关印发《Y条例》` of one body and one genre share the body's formulas (the closing
  `确保…落到实处`, the superseding clause) and neither follows the other;
- a document and one it cites as in force (`cites_page`): a regulation that names the plan it
  codifies (`根据《某某总体方案》`) or the notice it replaces (`《某某通知》（某发〔2016〕8号）停止执行`)
  shares its wording with that plan's news page (`某机关印发《某某总体方案》`), written before it;
- members of one series (`series_members`): news items on the rounds of one body's inspections
  (`某省委第三轮巡视完成反馈`, `某省委第四轮巡视启动`, `某省政府派出12个督查组`) or on its batches
  of exposed cases (`某市纪委通报5起典型问题`) repeat the round's procedure and the batch's preamble
  from one item to the next, and the next round's item was read as reporting on the last one's
  (issue 10: all six progress statuses left on the real corpus's ledger came from such links).

All are read from titles only (the page title, else a page's first line; a series from either,
since a news item's page may keep its headline in its text alone), so they cost nothing beside
the content filter they feed (`crosscheck.content_blocks`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from duban.index.analysis import fold
from duban.pipeline.crosscheck_titlekeys import normalise_issuer, title_key, titles_match
from duban.rules.ruleset import load_rule_file

_RULES = load_rule_file("crosscheck").require(("amendment_title", "release_title", "series_title"))
_AMENDMENT = _RULES.regex("amendment_title")
_RELEASE = _RULES.regex("release_title")
_SERIES = _RULES.by_group("series_title")
# What a title may print after its genre that is no part of it (`…工作条例（试行）`).
_TRIAL = re.compile(r"[（(](?:试行|暂行|草案)[）)]$")
# The shortest name of an amended law (`刑法`, `宪法`).
_MIN_AMENDED = 2
# A title a text quotes with its document number after it (`《某某通知》（某发〔2016〕8号）`): a
# document that exists, not one the text orders made (`制定《某某办法》`).
_NUMBERED_QUOTE = re.compile(r"《([^《》\n]{4,80})》\s*[（(][^（）()\n]{1,24}号[）)]")
# The shortest title core that names one document (`title_key`): shorter ones are topics.
_MIN_CITED_CORE = 6


def amended_names(title: str | None) -> list[str]:
    """The names of what a title amends (`amendment_title`): `某某法修正案（三）` amends `某某法`,
    `关于修改〈某某条例〉的决定` amends `某某条例`, whether the page title is the amendment's own or
    a news page's that quotes it. A decision amending `部分法律` names no law it amends."""
    if not title:
        return []
    names = []
    for found in _AMENDMENT.finditer(fold(title)):
        name = found.group("marked") or found.group("bare") or found.group("law")
        if name:
            names.append(name)
    return names


def amends(titles: tuple[str | None, ...], directive_titles: tuple[str | None, ...]) -> bool:
    """One of the follower's titles (`titles`) is an amendment of the directive (known by any of
    `directive_titles`): the amended name has the directive's core (`中华人民共和国刑法` and `刑法`
    alike). The whole core, not its end: a province's `某省某某条例` is not the national
    `某某条例`, and its page's history line names the decision that amended the province's own."""
    cores = {title_key(t).core for t in directive_titles if t}
    cores = {c for c in cores if len(c) >= _MIN_AMENDED}
    return bool(cores) and any(
        title_key(name).core in cores for title in titles for name in amended_names(title)
    )


def release_of(title: str | None) -> tuple[str, str] | None:
    """A release page's issuer and the genre of what it releases (`release_title`:
    `某机关印发《某某工作规则》（2020年2月3日）` gives the issuer and `规则`), or None."""
    if not title:
        return None
    found = _RELEASE.search(fold(title))
    if found is None:
        return None
    issuer = normalise_issuer(found.group("issuer"))
    genre = title_key(_TRIAL.sub("", found.group("title").strip())).genre
    if not issuer or not genre:
        return None
    return issuer, genre


def sibling_releases(a: str | None, b: str | None) -> bool:
    """Two news pages releasing documents of one genre from one issuer (`release_of`).

    A body's regulations share its formulas (how the body's organs are named, the closing request
    to carry them out, the clause that the new rule prevails), which content linking reads as
    quotation. Of one genre only: a body's plan implementing its own earlier opinion does follow it
    (`某院印发《…意见》` then `某院印发《…规划纲要》`).
    """
    x, y = release_of(a), release_of(b)
    return x is not None and x == y


def released_title(title: str | None) -> str | None:
    """The title a release page releases (`release_title`: `某机关印发《某某规则》` gives
    `某某规则`), or None."""
    found = _RELEASE.search(fold(title)) if title else None
    return found.group("title").strip() if found else None


def cited_in_force(text: str, relays: Iterable[str | None]) -> list[str]:
    """The titles a document cites as documents in force: those its relays name (`根据《某某方案》`,
    `贯彻落实《某某意见》`) and those it quotes with their numbers (`《某某通知》（某发〔2016〕8号）`)."""
    return [*(t for t in relays if t), *_NUMBERED_QUOTE.findall(fold(text))]


def cites_page(cited: Iterable[str], own: Iterable[str | None], page: Iterable[str | None]) -> bool:
    """A document citing `cited` (`cited_in_force`), known by its titles `own`, cites the document a
    page is (`page`: the page's titles, and for a release page the title it releases).

    What a document cites existed before it, so the page cannot follow it: a regulation codifying a
    plan restates the plan's wording, and the plan's news page read as relaying the regulation
    (issue 10: a zone's regulation and the news of its master plan, a points regulation and the
    news of the licence rules it amends, a notice and the news of the notice it replaces). A title
    of the document's own (`现将《某某办法》印发给你们`) is not cited: its news page may follow it.
    """
    mine = [title_key(t) for t in own if t]
    theirs = [k for t in page if t and len((k := title_key(t)).core) >= _MIN_CITED_CORE]
    for title in cited:
        key = title_key(title)
        if len(key.core) < _MIN_CITED_CORE or any(titles_match(key, m) for m in mine):
            continue
        if any(titles_match(key, k) for k in theirs):
            return True
    return False


@lru_cache(maxsize=16384)
def series_of(title: str | None) -> tuple[str, str, str] | None:
    """The series a news item's title names an issue of (`series_title`): the rule that read it,
    the body that runs the series and the series' noun, or None. The issue itself (its number,
    date or name: `第三轮`, `今年`, `脱贫攻坚专项`) is left out: it is what tells one member from
    the next. `某省委第三轮巡视完成反馈` gives (the round rule, `某省委`, `巡视`), the body as written
    (`中共` dropped)."""
    if not title:
        return None
    text = fold(title)
    for rule in _SERIES:
        found = rule.regex.search(text)
        if found:
            return rule.id, found.group("issuer").removeprefix("中共"), found.groupdict().get("genre") or ""
    return None


def _same_body(a: str, b: str) -> bool:
    """One body's name and the other's, or its longer name (`某市纪委` and `某市纪委监委`), as
    written or with the usual short forms spelled out (`国办` and `国务院办公厅`)."""
    return any(
        x.startswith(y) or y.startswith(x) for x, y in ((a, b), (normalise_issuer(a), normalise_issuer(b)))
    )


def series_members(a: Iterable[str | None], b: Iterable[str | None]) -> bool:
    """Two documents, each known by its titles (the page title, the page's first line), are news
    items of one series (`series_of`): one rule, one noun, one body, the longer name of a body
    allowed for the shorter (`_same_body`: a body renamed while its series ran).

    Each item restates the series' procedure, not the last item's tasks: the round announced
    after the last round's feedback does not report on it, and a launch page and the feedback
    page of one round are two reports on that round. Only the body's own items are read: a
    rectification report on a round (`某部党组关于某省委第二轮巡视整改情况的通报`) opens with its
    own body and may follow the feedback it answers.
    """
    mine = {found for title in a if (found := series_of(title))}
    if not mine:
        return False
    for rule, issuer, genre in {found for title in b if (found := series_of(title))}:
        for own_rule, own_issuer, own_genre in mine:
            if rule == own_rule and genre == own_genre and _same_body(issuer, own_issuer):
                return True
    return False
