"""Kin that do not follow one another: an amendment and what it amends, two cities' (or counties')
own documents, and two releases of one issuer and one genre (issue 10).

Every text here is written for these tests: a city's rules on riverbank greening, an amendment
and readers of them that restate the rules word for word.
"""

from __future__ import annotations

from duban.pipeline.crosscheck import (
    CONTENT_FILTERS,
    DirectiveIndex,
    content_blocks,
    find_links,
)
from duban.pipeline.crosscheck_kin import amended_names, amends, release_of, sibling_releases
from duban.pipeline.crosscheck_titlekeys import scope_of_name
from tests.conftest import record
from tests.test_crosscheck_scope import _content_pairs

ARTICLES = """第五条 沿河绿化带宽度不得少于十五米，已建成区域按照原规划的两倍补植乔木和灌木。
第九条 擅自砍伐、移植沿河绿化带树木的，由园林绿化主管部门责令补种，并处每株五百元以上两千元以下的罚款。
第十二条 园林绿化主管部门应当每年组织一次沿河绿化带养护质量考核，考核结果向社会公布。
"""

RULES = f"青山市沿河绿化带管理条例\n（2019年6月1日青山市人民代表大会常务委员会通过）\n{ARTICLES}"


def _pairs(directive: str, follower: str, filters: frozenset[str] | None = None) -> set[tuple[str, str]]:
    return {("d", "f") for _ in _content_pairs(follower, filters, directive)}


def test_an_amendments_title_names_what_it_amends() -> None:
    assert amended_names("中华人民共和国某某保护法修正案（二）") == ["中华人民共和国某某保护法"]
    assert amended_names("总理签署命令 公布《某院关于修改〈沿河绿化带管理条例〉的决定》") == [
        "沿河绿化带管理条例"
    ]
    assert amended_names("关于修改部分地方性法规的决定") == []
    assert amends(("中华人民共和国某某保护法修正案（二）",), ("中华人民共和国某某保护法",))
    assert not amends(("中华人民共和国某某保护法修正案（二）",), ("中华人民共和国沿河绿化法",))


AMENDMENT = (
    "青山市人民代表大会常务委员会关于修改《青山市沿河绿化带管理条例》的决定\n"
    "（2023年4月2日青山市人民代表大会常务委员会通过）\n"
    "青山市人民代表大会常务委员会决定对《青山市沿河绿化带管理条例》作如下修改：\n"
    f"一、各条修改后全文如下：\n{ARTICLES}本决定自2023年5月1日起施行。\n"
)


def test_an_amendment_does_not_follow_the_rules_it_amends_by_content_or_title() -> None:
    records = [record(RULES, "d"), record(AMENDMENT, "f")]
    index = DirectiveIndex(records)
    assert "amendment" in content_blocks(index.records["d"], index.records["f"], [], index)
    assert not any(link.directive.doc_id == "d" for link in find_links(records))
    # The shared articles alone would link them by content: the amendment filter is what stops it.
    assert _pairs(RULES, AMENDMENT, CONTENT_FILTERS - {"amendment"}) == {("d", "f")}


OTHER_CITY = f"红石市沿河绿化带保护规定\n（2021年3月5日红石市人民代表大会常务委员会通过）\n{ARTICLES}"
TOWN = f"青松县沿河绿化带保护规定\n（2021年3月5日青松县人民代表大会常务委员会通过）\n{ARTICLES}"


def test_a_city_or_county_does_not_follow_another_citys_own_rules() -> None:
    assert scope_of_name("青松县人民政府").county  # type: ignore[union-attr]
    assert _pairs(RULES, OTHER_CITY) == set()
    assert _pairs(RULES, OTHER_CITY, CONTENT_FILTERS - {"place"}) == {("d", "f")}
    # A county and another county: peers too.
    assert _pairs(TOWN.replace("青松县", "青柏县"), TOWN) == set()
    # A county may lie in the city whose rules it restates: not ruled out by place.
    assert _pairs(RULES, TOWN) == {("d", "f")}


def test_two_releases_of_one_body_and_one_genre_are_siblings() -> None:
    a = "某省委近日印发《某省委员会工作条例（试行）》（2015年6月16日）"
    b = "某省委印发《某省党组工作条例》（2016年1月4日）"
    assert release_of(a) == release_of(b)
    assert sibling_releases(a, b)
    # One body's plan after its own opinion is of another genre: it may follow it.
    assert not sibling_releases(
        "某省政府印发《关于推进某项工作的意见》", "某省政府印发《某项工作五年规划纲要》"
    )
    assert not sibling_releases("某省委印发《某某条例》", "某省政府印发《某某条例》")
    assert not sibling_releases("关于印发《某某条例》的通知", "关于印发《某某条例》的通知")


def test_sibling_releases_are_not_linked_by_content() -> None:
    body = "确保《条例》各项规定要求落到实处，凡与本条例不一致的，按照本条例执行。\n" + ARTICLES
    older = f"某省委印发《某省委员会工作条例》（2015年6月16日）\n{body}"
    newer = f"某省委印发《某省党组工作条例》（2016年1月4日）\n{body}"
    records = [record(older, "d"), record(newer, "f")]
    index = DirectiveIndex(records)
    assert "siblings" in content_blocks(index.records["d"], index.records["f"], [], index)
