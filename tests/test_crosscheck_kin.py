"""Kin that do not follow one another: an amendment and what it amends, two cities' (or counties')
own documents, two releases of one issuer and one genre, and a document and the page of one it
cites (issue 10).

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
from duban.pipeline.crosscheck_kin import (
    amended_names,
    amends,
    cited_in_force,
    cites_page,
    release_of,
    released_title,
    series_members,
    series_of,
    sibling_releases,
)
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


def _stopped_by(directive: str, follower: str, name: str) -> None:
    """The pair fails the content filter `name`, is not linked by content, and is without it."""
    records = [record(directive, "d"), record(follower, "f")]
    index = DirectiveIndex(records)
    assert name in content_blocks(index.records["d"], index.records["f"], [], index)
    assert _pairs(directive, follower) == set()
    assert _pairs(directive, follower, CONTENT_FILTERS - {name}) == {("d", "f")}


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


def test_news_items_of_one_bodys_series_are_kin() -> None:
    """Rounds of one body's inspections and batches of its exposed cases, whatever the round's
    number, date or name; not another body's round, nor a report on a round by the body inspected."""
    third = "【十届某省委第三轮巡视完成反馈】压实整改责任"
    assert series_of(third) == ("crosscheck.round_title.v1", "某省委", "巡视")
    assert series_members((third,), ("今年某省委第四轮专项巡视启动",))
    assert series_members((third,), ("某省委乡村振兴专项巡视完成进驻",))
    assert series_members(("2021年某省政府第六次大督查启动",), (None, "某省政府派出9个督查组分赴各市"))
    assert series_members(
        ("某市纪委通报5起违反八项规定精神问题",), ("某市纪委监委公开曝光七起侵害群众利益典型问题",)
    )
    assert not series_members((third,), ("某省政府派出9个督查组分赴各市",))
    assert not series_members((third,), ("某市委第三轮巡视完成反馈",))
    assert not series_members((third,), ("某部党组关于某省委第三轮巡视整改进展情况的通报",))
    assert not series_members(("某省政府发出通知部署开展第六次大督查",), ("某省政府派出9个督查组分赴各市",))
    assert series_of("某市委巡察办关于印发某某办法的通知") is None


INSPECTION_RULES = (
    "督查组要重点围绕稳就业、保市场主体、优化营商环境和农村饮水安全四个方面开展实地督查。\n"
    "督查期间不得召开二十人以上的汇报会，不得要求各地层层陪同，不得随意要求基层填报表格材料。\n"
    "对督查发现的典型问题要督促有关方面立行立改，对敷衍塞责、整改不力的要约谈有关负责同志。\n"
    "各市要通过省政府督查平台征集企业和群众反映的问题线索，督查组将带着线索逐一核查。\n"
)


def test_two_rounds_of_one_series_are_not_linked_by_content() -> None:
    """The next round's dispatch restates the last round's launch rules: kin, not a follower."""
    older = (
        "某省政府第六次大督查启动（2023年8月2日）\n"
        f"为推动重大政策落地见效，某省政府决定开展第六次大督查。\n{INSPECTION_RULES}"
    )
    newer = (
        "某省政府派出9个督查组分赴各市开展实地督查（2024年8月20日）\n"
        f"按照某省政府第七次大督查总体安排，某省政府派出9个督查组。\n{INSPECTION_RULES}"
    )
    # The shared rules alone would link them: the series filter is what stops it.
    _stopped_by(older, newer, "series_members")


def test_a_document_cites_what_it_names_in_force_not_its_own_title_nor_what_it_orders() -> None:
    text = (
        "根据《青岚河流域生态保护总体方案》，制定本条例。省林业局要于年内制定《青岚河生态补偿办法》。"
        "《湖东省人民政府关于加强河道管理的通知》（湖政发〔2016〕8号）同时废止。"
    )
    cited = cited_in_force(text, ["青岚河流域生态保护总体方案"])
    assert cited == ["青岚河流域生态保护总体方案", "湖东省人民政府关于加强河道管理的通知"]
    assert released_title("湖东省委 省政府印发《青岚河流域生态保护总体方案》") == "青岚河流域生态保护总体方案"
    page = ("湖东省委 省政府印发《青岚河流域生态保护总体方案》", "青岚河流域生态保护总体方案")
    assert cites_page(cited, ("青岚河流域保护条例",), page)
    # The news page of a plan it orders made, or of its own text, may follow the document.
    assert not cites_page(
        cited, ("青岚河流域保护条例",), ("省林业局印发《青岚河生态补偿办法》", "青岚河生态补偿办法")
    )
    own = ("湖东省人民政府关于印发青岚河流域生态保护总体方案的通知",)
    assert not cites_page(["青岚河流域生态保护总体方案"], own, page)


PLAN_TEXT = (
    "实行最严格的水资源管理制度，沿河两岸一公里范围内禁止新建化工园区和尾矿库。\n"
    "建立上下游横向生态补偿机制，按照谁受益谁补偿的原则由下游向上游支付补偿资金。\n"
    "沿河各县要设立河道巡护员，对干流和主要支流实行每周不少于两次的全线巡查。\n"
)
CODIFYING = (
    "青岚河流域保护条例\n（2023年5月10日湖东省人民代表大会常务委员会通过）\n"
    "第一条 为了保护青岚河流域生态环境，根据《青岚河流域生态保护总体方案》，制定本条例。\n"
    + "".join(f"第{n}条 {line}\n" for n, line in zip("二三四", PLAN_TEXT.splitlines(), strict=True))
)
PLAN_NEWS = (
    "湖东省委 省政府印发《青岚河流域生态保护总体方案》\n"
    "近日，湖东省委、省政府印发了《青岚河流域生态保护总体方案》，要求各地认真贯彻落实。\n"
    f"《方案》提出：{PLAN_TEXT}"
)


def test_the_news_of_a_plan_a_regulation_codifies_does_not_follow_the_regulation() -> None:
    """The regulation cites the plan and restates it: the plan's news page was written first."""
    # The restated articles alone would link them: the filter is what stops it.
    _stopped_by(CODIFYING, PLAN_NEWS, "cites_follower")
