"""Linking followers that never name their directive, plans that implement it, short names, mirrors.

The documents are written for these tests: a directive on village water supply, a report that
copies its tasks without naming it, a same-topic report that shares only topic words, and so on.
"""

from __future__ import annotations

from duban.pipeline.crosscheck import (
    CONTENT_FILTERS,
    DirectiveIndex,
    content_blocks,
    content_links,
    find_links,
    links_of,
    same_series,
    short_name,
    title_key,
)
from duban.pipeline.crosscheck_content import ContentIndex, boilerplate
from duban.pipeline.status import check, link_json
from tests.conftest import record

DIRECTIVE = """青山市人民政府办公室关于加快推进农村供水保障工程建设的指导意见
青政办发〔2024〕9号
各县（区）人民政府，市政府各部门：
为加快补齐农村供水短板，现提出以下意见。
一、实施规模化供水工程。以县为单位推进城乡供水一体化，优先将水源条件好的集镇管网向周边村庄延伸，力争年内新增规模化供水覆盖人口八万人。（牵头单位：市水利局；完成时限：2024年12月底前）
二、开展小型供水工程标准化改造。对单村供水工程逐一建档立卡，配齐净化消毒设施和计量设备，实现水质检测季度全覆盖。（牵头单位：市水利局、市卫生健康委）
三、建立农村供水工程管护长效机制。推行县级统管、专业化运维，落实管护经费和水价收费制度。（牵头单位：市财政局）
青山市人民政府办公室
2024年3月5日
"""

FOLLOWER = """青松县水利局2024年上半年工作情况汇报
今年以来，我局围绕年度目标扎实开展各项工作，现将有关情况汇报如下。
一、以县为单位推进城乡供水一体化，优先将水源条件好的集镇管网向周边村庄延伸，目前工程正在加快建设。
二、对单村供水工程逐一建档立卡，配齐净化消毒设施和计量设备的工作正在推进，已完成改造四十处。
三、管护经费落实进度滞后。
青松县水利局
2024年7月8日
"""

TOPIC_ONLY = """青柳县水利局关于农村供水工作的情况报告
今年我县农村供水工作取得积极进展，农村供水保障水平稳步提升。
一、农村供水工程建设有序推进，全县农村自来水普及率进一步提高。
二、农村供水工程运行管理不断加强，群众满意度持续提升。
青柳县水利局
2024年7月9日
"""


def test_a_report_that_copies_the_tasks_is_linked_by_content_with_its_evidence() -> None:
    records = [record(DIRECTIVE, "directive"), record(FOLLOWER, "report"), record(TOPIC_ONLY, "topic")]
    links = [link for link in find_links(records) if link.resolved]
    (link,) = [link for link in links if link.follower.doc_id == "report"]
    assert (link.directive.doc_id, link.via, link.relation) == ("directive", "content", "reports_on")
    assert link.content is not None and link.content.score > 0
    assert any("集镇管网向周边村庄延伸" in p for p in link.passages)
    as_json = link_json(link, records[0], "2024-08-01")
    assert as_json["by"] == "content" and as_json["score"] == link.content.score


def test_topic_words_alone_never_link() -> None:
    records = [record(DIRECTIVE, "directive"), record(TOPIC_ONLY, "topic")]
    assert [link for link in find_links(records) if link.resolved] == []


def test_boilerplate_every_document_carries_is_not_a_shared_passage() -> None:
    formula = "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，"
    directive = DIRECTIVE.replace("为加快补齐农村供水短板", formula + "为加快补齐农村供水短板")
    follower = TOPIC_ONLY.replace("今年我县", formula + "今年我县")
    assert "近平新时代" in boilerplate()
    records = [record(directive, "directive"), record(follower, "topic")]
    assert [link for link in find_links(records) if link.resolved] == []


def test_no_content_link_to_a_directive_issued_after_the_follower() -> None:
    later = DIRECTIVE.replace("2024年3月5日", "2024年9月5日")
    records = [record(later, "directive"), record(FOLLOWER, "report")]
    assert [link for link in find_links(records) if link.resolved] == []


def test_a_follower_naming_a_look_alike_is_not_linked_by_content() -> None:
    # It quotes the same title from another issuer: that is the document it follows.
    follower = FOLLOWER.replace(
        "今年以来，",
        "根据青松县人民政府办公室《关于加快推进农村供水保障工程建设的指导意见》，今年以来，",
    )
    records = [record(DIRECTIVE, "directive"), record(follower, "report")]
    assert [link for link in find_links(records) if link.resolved] == []


def test_a_report_naming_only_the_local_plan_links_to_the_directive_it_implements() -> None:
    follower = (
        "青松县水利局关于农村供水工作的报告\n"
        "今年，我局起草印发《青松县人民政府办公室关于加快推进农村供水保障工程建设的实施方案》"
        "（青松政办发〔2024〕3号），全县新增规模化供水覆盖人口一万人。\n青松县水利局\n2024年7月8日\n"
    )
    records = [record(DIRECTIVE, "directive"), record(follower, "report")]
    (link,) = [link for link in find_links(records) if link.resolved]
    assert (link.directive.doc_id, link.via, link.relation) == ("directive", "implements", "reports_on")


def test_same_genre_title_from_another_issuer_is_not_an_implementing_plan() -> None:
    key = title_key("青松县人民政府办公室关于加快推进农村供水保障工程建设的指导意见")
    index = DirectiveIndex([record(DIRECTIVE, "directive")])
    assert index._implemented(key, exclude="") == []


def test_a_well_known_short_name_resolves_to_its_directive() -> None:
    full = "关于进一步减轻义务教育阶段学生作业负担和校外培训负担的意见"
    assert short_name("《双减》") == full
    directive = record(
        f"{full}\n各地要全面压减作业总量和时长，减轻学生过重作业负担。\n2021年7月24日\n", "directive"
    )
    follower = record(
        "青松县教育局局长办公会议纪要\n2021年9月3日，局长主持召开局长办公会议。会议传达学习了“双减”工作要求，"
        "会议要求，各学校要于9月底前完成作业管理制度修订。\n",
        "minutes",
    )
    index = DirectiveIndex([directive, follower])
    (link,) = [link for link in links_of(index, follower) if link.resolved]
    assert link.directive.doc_id == "directive" and link.via == "title"


def test_a_mirror_page_with_pinyin_is_linked_by_its_number() -> None:
    follower = record(
        "青松縣人民政府辦公室關(guān)于轉(zhuǎn)發(fā)農(nóng)村供水文件的通知\n"
        "各鄉(xiāng)鎮(zhèn)：\n現(xiàn)將青政辦發(fā)〔2024〕9號(hào)文件轉(zhuǎn)發(fā)給你們，請(qǐng)認(rèn)真貫徹執(zhí)行。\n"
        "2024年4月1日\n",
        "mirror",
    )
    records = [record(DIRECTIVE, "directive"), follower]
    (link,) = [link for link in find_links(records) if link.resolved]
    assert (link.directive.doc_id, link.via) == ("directive", "number")


def test_content_links_carry_measure_statuses() -> None:
    records = [record(DIRECTIVE, "directive"), record(FOLLOWER, "report")]
    (found,) = [c for c in check(records, "2024-08-01").directives if c.directive.doc_id == "directive"]
    statuses = [m.status for m in found.measures]
    assert statuses[:2] == ["in_progress", "in_progress"]
    assert all(m.why for m in found.measures)


def test_content_index_scores_by_sentence() -> None:
    texts = {"d": DIRECTIVE, "f": FOLLOWER, "t": TOPIC_ONLY}
    content = ContentIndex(texts, ["d"])
    match = content.match("f", "d")
    assert len({p.sentence for p in match.passages}) >= 2
    assert content.match("t", "d").score < match.score


def test_a_statute_sharing_formulations_is_not_linked_by_content() -> None:
    articles = "".join(
        f"第{n}条 本条例所称供水设施，是指取水、净水、输水和配水设施。\n" for n in "一二三四五六七八九十"
    )
    statute = (
        "青松县农村供水条例\n"
        + articles
        + "以县为单位推进城乡供水一体化，优先将水源条件好的集镇管网向周边村庄延伸。\n"
        + "对单村供水工程逐一建档立卡，配齐净化消毒设施和计量设备。\n2024年9月1日\n"
    )
    records = [record(DIRECTIVE, "directive"), record(statute, "statute")]
    assert [link for link in find_links(records) if link.resolved and link.via == "content"] == []


def _undated(body: str, issuer: str) -> str:
    """An undated notice (no 文号, no date) whose tasks carry `body`."""
    return (
        f"{issuer}关于做好农村供水工作的通知\n"
        "各乡镇人民政府：\n"
        f"一、各乡镇要{body}\n"
        "二、各有关部门要加强协调配合，确保各项任务落到实处。\n"
    )


def test_two_documents_that_share_passages_without_a_direction_are_not_linked_by_content() -> None:
    """Shared text is symmetric: when each would be read as the other's follower (no date or
    quote orders them), the likelier story is a common source or slogan, not a link either way."""
    shared = (
        "以县为单位推进城乡供水一体化，优先将水源条件好的集镇管网向周边村庄延伸；"
        "对单村供水工程逐一建档立卡，配齐净化消毒设施和计量设备，实现水质检测季度全覆盖。"
    )
    records = [
        record(_undated(shared, "青松县人民政府"), "a"),
        record(_undated(shared, "青柳县人民政府"), "b"),
    ]
    links = [link for link in find_links(records) if link.resolved and link.via == "content"]
    assert links == []


def test_each_content_filter_is_named_and_can_be_measured_apart() -> None:
    """The date filter alone stops this pair: named by `content_blocks`, and the link comes back
    only when that filter is left out (what the held-out sweep measures, filter by filter)."""
    later = DIRECTIVE.replace("2024年3月5日", "2024年9月5日")
    records = [record(later, "directive"), record(FOLLOWER, "report")]
    index = DirectiveIndex(records)
    directive, follower = index.records["directive"], index.records["report"]
    assert content_blocks(directive, follower, [], index) == {"date"}
    assert content_links(index, [follower], []) == []
    others = CONTENT_FILTERS - {"date"}
    (link,) = content_links(index, [follower], [], others)
    assert (link.directive.doc_id, link.follower.doc_id, link.via) == ("directive", "report", "content")


def test_the_next_issue_of_a_series_is_not_linked_by_content_to_the_last() -> None:
    """Two issues of one series (`第三轮`, `第四轮` of a body's inspection) repeat its procedure word
    for word; the later one neither relays nor reports on the earlier, so `series` stops the pair
    that the shared passages alone would link. The same two texts under unrelated titles link."""
    third = DIRECTIVE.replace(
        "青山市人民政府办公室关于加快推进农村供水保障工程建设的指导意见",
        "青山市第三轮农村供水专项督查工作方案",
    )
    fourth = FOLLOWER.replace(
        "青松县水利局2024年上半年工作情况汇报", "青山市第四轮农村供水专项督查工作情况汇报"
    )
    index = DirectiveIndex([record(third, "directive"), record(fourth, "report")])
    directive, follower = index.records["directive"], index.records["report"]
    assert content_blocks(directive, follower, [], index) == {"series"}
    assert content_links(index, [follower], []) == []
    plain = DirectiveIndex([record(DIRECTIVE, "directive"), record(FOLLOWER, "report")])
    assert "series" not in content_blocks(plain.records["directive"], plain.records["report"], [], plain)


def test_titles_of_one_series_share_a_numbered_head() -> None:
    assert same_series(
        "某委公开曝光九起扶贫领域问题典型案例（2016年8月1日）", "某委公开曝光八起扶贫领域问题典型案例"
    )
    assert same_series("【某届某部第四轮巡察完成反馈】以整改促担当", "某届某部第三轮巡察完成反馈 强化整改")
    # a shared issuer's head without a numbered slot, or too short a head, is no series
    assert not same_series("某某办公厅印发《甲类事项处理工作规则》", "某某办公厅印发《乙类机构工作规则》")
    assert not same_series("某部派出8个检查组", "某部派出31个检查组分赴各地")
    # a statute's enactment note read as its title is no title
    assert not same_series(
        "第十届某省人民代表大会常务委员会第五次会议通过", "第十届某省人民代表大会常务委员会第八次会议通过"
    )
