"""Cross-check: documents akin to one another that still do not follow one another (issue 10).

Two kinds of kin share text or name each other without one relaying the other:

- an amendment and what it amends (`amends`): a `…修正案` or a `关于修改…的决定` restates the
  articles it rewrites, and its page names the law in its title, yet it makes the law, it does not
  follow it (the rule `crosscheck.unmarked_statute` already reads no title after an amending verb);
- sibling releases of one issuer (`sibling_releases`): two news pages `某机关印发《X条例》` and
  `某机关印发《Y条例》` of one body and one genre share the body's formulas (the closing
  `确保…落到实处`, the superseding clause) and neither follows the other.

Both are read from titles only (the page title, else a page's first line), so they cost nothing
beside the content filter they feed (`crosscheck.content_blocks`).
"""

from __future__ import annotations

import re

from duban.index.analysis import fold
from duban.pipeline.crosscheck_titlekeys import normalise_issuer, title_key
from duban.rules.ruleset import load_rule_file

_RULES = load_rule_file("crosscheck").require(("amendment_title", "release_title"))
_AMENDMENT = _RULES.regex("amendment_title")
_RELEASE = _RULES.regex("release_title")
# What a title may print after its genre that is no part of it (`…工作条例（试行）`).
_TRIAL = re.compile(r"[（(](?:试行|暂行|草案)[）)]$")
# The shortest name of an amended law (`刑法`, `宪法`).
_MIN_AMENDED = 2


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
