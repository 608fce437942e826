"""The layout stage: one test per page shape, with short texts written for these tests.

Each test builds a document from its own text and checks what the layout made of it (block kinds,
parents, roles) and, where it matters, the measures the rules then find.
"""

from __future__ import annotations

import pytest

from duban.base.model import Block, Document
from duban.extractors.measures import MeasureFinder
from duban.pipeline.layout import owner_of, plain, plain_view
from duban.pipeline.layout_markers import match_marker
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> MeasureFinder:
    # The rules' reading: the learned prose decision, which adds and vetoes prose measures, is
    # tested in test_prose_model.py (it scores some bare sentences of these few-line texts low).
    return MeasureFinder.default(learned=False)


def texts(finder: MeasureFinder, text: str) -> list[str]:
    return [m.text for m in finder.find(make_doc(text))]


def block_of(doc: Document, prefix: str) -> tuple[int, Block]:
    for index, block in enumerate(doc.blocks):
        if doc.text[block.start : block.end].startswith(prefix):
            return index, block
    raise AssertionError(f"no block starts with {prefix!r}")


def test_a_heading_on_its_own_line_and_its_body_are_one_measure(finder: MeasureFinder) -> None:
    text = (
        "关于加强河道管理的实施意见\n"
        "（一）健全巡河制度。\n"
        "各镇要落实河长巡河责任，每月至少巡河一次，发现问题及时交办整改。\n"
        "（二）强化执法监管。\n"
        "县水利局要会同县公安局开展联合执法，严厉打击非法采砂行为。\n"
    )
    doc = make_doc(text)
    index, heading = block_of(doc, "（一）")
    assert heading.role == "title"
    body_index, body = block_of(doc, "各镇要落实")
    assert body.role == "body" and body.parent == index
    assert owner_of(doc.blocks, body_index) == index
    assert texts(finder, text) == [
        "（一）健全巡河制度。\n各镇要落实河长巡河责任，每月至少巡河一次，发现问题及时交办整改。",
        "（二）强化执法监管。\n县水利局要会同县公安局开展联合执法，严厉打击非法采砂行为。",
    ]


def test_a_heading_over_several_titled_paragraphs_only_groups_them(finder: MeasureFinder) -> None:
    text = (
        "2025年工作安排\n"
        "（一）坚持稳中求进，推动经济持续向好\n"
        "着力扩大有效投资。全年实施重点项目80个以上，力争完成投资300亿元。\n"
        "着力提振消费需求。举办促消费活动20场以上，培育夜间经济街区。\n"
    )
    doc = make_doc(text)
    _, heading = block_of(doc, "（一）")
    assert heading.role == "group"
    assert texts(finder, text) == [
        "着力扩大有效投资。全年实施重点项目80个以上，力争完成投资300亿元。",
        "着力提振消费需求。举办促消费活动20场以上，培育夜间经济街区。",
    ]


def test_an_article_keeps_all_its_paragraphs(finder: MeasureFinder) -> None:
    text = (
        "某市档案管理办法\n"
        "第五条 档案主管部门应当加强对档案工作的监督指导。\n"
        "各单位应当明确档案工作人员，建立健全档案管理制度。\n"
        "第六条 档案馆应当按照规定向社会开放档案。\n"
    )
    found = texts(finder, text)
    assert found[0] == (
        "第五条档案主管部门应当加强对档案工作的监督指导。\n各单位应当明确档案工作人员，建立健全档案管理制度。"
    )
    assert found[1].startswith("第六条")


def test_the_cases_of_a_rule_belong_to_it(finder: MeasureFinder) -> None:
    text = (
        "某县数据管理办法\n"
        "第九条 有下列情形之一的，数据主管部门应当责令限期整改：\n"
        "（一）未按照规定报送数据的；\n"
        "（二）擅自删除共享数据的。\n"
        "第十条 本办法自印发之日起施行。\n"
    )
    doc = make_doc(text)
    _, case = block_of(doc, "（一）")
    assert case.role == "condition"
    found = texts(finder, text)
    assert found[0].startswith("第九条") and found[0].endswith("擅自删除共享数据的。")
    assert not any(t.startswith("（一）") for t in found)


def test_label_lines_belong_to_their_item(finder: MeasureFinder) -> None:
    text = (
        "2025年为民办实事项目\n"
        "1.新建城区公办幼儿园3所，新增学位900个。\n"
        "牵头责任单位：县教育局\n"
        "协同责任单位：县财政局、县自然资源局\n"
        "完成时限：2025年12月底前\n"
        "牵头负责领导：王某某\n"
        "2.改造老旧小区12个。\n"
        "责任单位：县住建局\n"
    )
    doc = make_doc(text)
    index, _ = block_of(doc, "1.")
    _, label = block_of(doc, "牵头责任单位")
    assert label.kind == "label" and label.parent == index
    measures = MeasureFinder.default().find(doc)
    assert [m.text.split("\n")[0] for m in measures] == [
        "1.新建城区公办幼儿园3所，新增学位900个。",
        "2.改造老旧小区12个。",
    ]
    first = measures[0]
    assert first.text.endswith("牵头负责领导：王某某")
    names = {u.name for u in first.units}
    assert "县教育局" in names and "王某某" not in names
    assert any("2025年12月底前" in d.text for d in first.deadlines)


def test_label_lines_under_a_paragraph_make_it_a_task(finder: MeasureFinder) -> None:
    text = "关于公布十项民生实事的通知\n城区新增停车泊位2000个。\n主管领导：李某\n责任单位：市城管局\n"
    assert texts(finder, text) == ["城区新增停车泊位2000个。\n主管领导：李某\n责任单位：市城管局"]


def test_items_flattened_onto_one_line_become_blocks(finder: MeasureFinder) -> None:
    text = "关于做好防汛工作的通知\n现就有关事项通知如下：一、各镇要落实防汛责任制。二、县水利局要做好水库巡查。三、各村要转移危险区群众。\n"
    doc = make_doc(text)
    markers = [b.marker for b in doc.blocks if b.kind in ("item", "heading")]
    assert markers == ["一、", "二、", "三、"]
    assert texts(finder, text) == [
        "一、各镇要落实防汛责任制。",
        "二、县水利局要做好水库巡查。",
        "三、各村要转移危险区群众。",
    ]


def test_a_number_inside_a_sentence_does_not_split_it() -> None:
    doc = make_doc("各镇要于6月底前完成排查。2.5万户群众受益，覆盖全部村居。\n")
    assert len(doc.blocks) == 1


def test_a_page_laid_out_in_a_one_column_table_is_read_as_lines(finder: MeasureFinder) -> None:
    text = (
        "关于做好节日值班的通知 | | | |\n---|---|---|---|\n各单位要安排专人昼夜值班，确保信息畅通。 | | | |\n"
    )
    doc = make_doc(text)
    kinds = [b.kind for b in doc.blocks]
    assert "table_row" not in kinds and "chrome" in kinds
    assert texts(finder, text) == ["各单位要安排专人昼夜值班，确保信息畅通。"]


def test_task_table_keeps_its_header_across_group_headings(finder: MeasureFinder) -> None:
    text = (
        "改革举措推广清单\n"
        "序号 | 改革举措 | 主要内容 | 负责单位\n"
        "一、营商环境方面（共2项）\n"
        "1 | 企业开办一日办结 | 整合登记、刻章、申领发票等环节，实行一窗受理。 | 市市场监管局\n"
        "2 | 工程审批并联办理 | 推行联合审图和联合验收，压减审批时间。 | 市住建局\n"
    )
    doc = make_doc(text)
    _, group = block_of(doc, "一、")
    assert group.role == "group"
    measures = MeasureFinder.default().find(doc)
    assert [m.text for m in measures] == [
        "企业开办一日办结 | 整合登记、刻章、申领发票等环节，实行一窗受理。",
        "工程审批并联办理 | 推行联合审图和联合验收，压减审批时间。",
    ]
    assert [u.name for u in measures[0].units] == ["市市场监管局"]


def test_a_paragraph_opened_by_a_short_lead_is_one_measure(finder: MeasureFinder) -> None:
    text = (
        "关于做好秋冬季防火工作的通知\n"
        "一要认真组织排查。各村要对林区坟头、田埂逐一排查，建立隐患台账。\n"
        "会议强调：第一，压实防火责任。各镇主要负责同志要靠前指挥。第二，加强宣传教育。要利用广播进村入户宣传。\n"
    )
    assert texts(finder, text) == [
        "一要认真组织排查。各村要对林区坟头、田埂逐一排查，建立隐患台账。",
        "第一，压实防火责任。各镇主要负责同志要靠前指挥。",
        "第二，加强宣传教育。要利用广播进村入户宣传。",
    ]


def test_group_headings_that_count_or_score_their_items_are_not_measures(finder: MeasureFinder) -> None:
    text = (
        "考核细则\n"
        "一、加强组织领导(共2项)\n"
        "1.成立工作专班，明确专人负责日常调度。\n"
        "2.每季度召开一次推进会，研究解决重点问题。\n"
        "二、推进重点工作（20分）\n"
    )
    doc = make_doc(text)
    assert block_of(doc, "一、")[1].role == "group"
    assert block_of(doc, "二、")[1].role == "group"
    found = texts(finder, text)
    assert not any(t.startswith(("一、", "二、")) for t in found)
    assert len(found) == 2


def test_numbering_variants_are_markers_at_their_usual_level() -> None:
    assert match_marker("1﹒加强组织领导") == ("1﹒", 5)
    assert match_marker("２．完善工作机制") == ("２．", 5)
    assert match_marker("3)落实责任") == ("3)", 5)
    assert match_marker("第十二条 各单位") == ("第十二条", 3)
    assert match_marker("3)%的增长") is None or match_marker("3.5亿元") is None


def test_web_chrome_is_marked_and_never_a_measure(finder: MeasureFinder) -> None:
    text = (
        "您当前的位置：首页 > 政务公开 > 通知公告\n"
        "• 索引号：11330000/2025-00012\n"
        "• 发布日期：2025-03-02\n"
        "来源：县政府办公室 浏览次数：\n"
        "关于开展安全生产大检查的通知\n"
        "各乡镇要于3月底前完成辖区企业安全隐患排查整治。\n"
        "扫一扫在手机打开当前页\n"
        "[ 打印 ] [ 关闭 ]\n"
    )
    doc = make_doc(text)
    chrome = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "chrome"]
    assert len(chrome) == 6
    assert texts(finder, text) == ["各乡镇要于3月底前完成辖区企业安全隐患排查整治。"]


def test_a_requirement_that_names_page_furniture_is_no_chrome(finder: MeasureFinder) -> None:
    # A notice on government websites names the footer's fields in what it requires; the footer
    # itself (no sentence going on after a stop) stays chrome.
    item = "（一）规范网站标识。各部门网站要在页面底部添加网站标识码和ICP备案编号，做到信息齐全。"
    text = (
        "关于政府网站检查情况的通报\n"
        "二、工作要求\n"
        f"{item}\n"
        "（二）加强内容保障。各部门网站要每周更新动态信息。\n"
        "网站标识码：3300000001 某ICP备00000000号\n"
    )
    doc = make_doc(text)
    chrome = [doc.text[b.start : b.end] for b in doc.blocks if b.kind == "chrome"]
    assert chrome == ["网站标识码：3300000001 某ICP备00000000号"]
    assert item in texts(finder, text)


def test_inserted_pinyin_is_read_past_and_spans_stay_in_the_document_text(finder: MeasureFinder) -> None:
    line = "各鄉(xiāng)鎮(zhèn)要於6月底前完成排查整治。"
    view, offsets = plain_view(line)
    assert view == "各鄉鎮要於6月底前完成排查整治。"
    assert [line[i] for i in offsets] == list(view)
    assert plain("責(zé)任單(dān)位:市教育局") == "責任單位:市教育局"
    text = "某某通知\n1.新增學(xué)位2000個。\n責(zé)任單(dān)位:市教育局\n"
    doc = make_doc(text)
    label = next(b for b in doc.blocks if b.kind == "label")
    assert doc.text[label.start : label.end].startswith("責(zé)任單")
    measures = MeasureFinder.default().find(doc)
    assert len(measures) == 1
    assert doc.text[measures[0].start : measures[0].end] == measures[0].text
    assert measures[0].text.endswith("市教育局")


def test_a_deadline_split_by_inserted_pinyin_is_found_as_written(finder: MeasureFinder) -> None:
    doc = make_doc("某某通知\n各鄉(xiāng)鎮(zhèn)要於6月(yuè)底前完成排查整治。\n")
    measures = finder.find(doc)
    assert len(measures) == 1
    assert [d.text for d in measures[0].deadlines] == ["6月(yuè)底前"]


def test_a_chapter_heading_glued_to_its_first_article_is_split() -> None:
    doc = make_doc("某市档案管理办法\n第二章　规划建设　　第八条　档案主管部门应当编制档案事业发展规划。\n")
    kinds = [(b.kind, b.marker) for b in doc.blocks[1:]]
    assert kinds == [("heading", "第二章"), ("item", "第八条")]
    assert doc.blocks[2].parent == 1


def test_a_signature_and_date_are_not_an_items_body(finder: MeasureFinder) -> None:
    text = "关于做好值班工作的通知\n一、各单位要加强值班值守，及时报告突发情况。\n某某县人民政府办公室\n2026年3月1日\n"
    assert texts(finder, text) == ["一、各单位要加强值班值守，及时报告突发情况。"]


def test_labels_after_a_list_of_problems_belong_to_the_lists_item(finder: MeasureFinder) -> None:
    text = (
        "关于创建工作督查情况的通报\n"
        "1.县图书馆\n"
        "(1)阅览室消防通道堆放杂物;\n"
        "(2)公益广告破损未更换。\n"
        "问题整改责任单位：县文化馆\n"
        "整改时限：5天\n"
        "2.县人民医院\n"
        "(1)门诊大厅禁烟标识缺失;\n"
        "(2)停车区域划线不清。\n"
        "问题整改责任单位：县卫生健康局\n"
    )
    found = texts(finder, text)
    assert [t.split("\n")[0] for t in found] == ["1.县图书馆", "2.县人民医院"]
    assert found[0].endswith("整改时限：5天")


@pytest.mark.parametrize("name", ["layout", "measures", "units", "deadlines", "progress", "relays"])
def test_a_groups_joined_pattern_matches_exactly_where_one_of_its_rules_does(name: str) -> None:
    from duban.pipeline.layout import group_pattern
    from duban.rules.ruleset import load_rule_file

    rules = load_rule_file(name)
    samples = [text for rule in rules.rules for text in (*rule.examples, *rule.counter)]
    for group in rules.groups:
        joined = group_pattern(rules, group)
        for text in samples:
            expected = any(rule.regex.search(text) for rule in rules.by_group(group))
            assert bool(joined.search(text)) == expected, (group, text)


def test_a_pattern_is_cut_into_its_top_level_alternatives_only() -> None:
    import re

    from duban.pipeline.layout import _branches

    cut = _branches(re.compile(r"甲|乙(?:丙|丁)|[|】]|\||^戊[^|]|(?<=己)庚"))
    assert cut == ["甲", "乙(?:丙|丁)", "[|】]", "\\|", "^戊[^|]", "(?<=己)庚"]
    # flags, inline flags or a back-reference across branches: kept whole
    assert _branches(re.compile("甲|乙", re.IGNORECASE)) is None
    assert _branches(re.compile("(?i:a)|b")) is None
    assert _branches(re.compile(r"(?P<x>甲)|(?P=x)乙")) is None


def test_a_group_matcher_tries_anchored_branches_at_the_start_only() -> None:
    import re

    from duban.pipeline.layout import GroupMatcher

    matcher = GroupMatcher((re.compile(r"^\s*来源[:：]|扫一扫"), re.compile(r"^(?:上一篇|下一篇)")))
    assert matcher.search("来源：市政府网站")
    assert matcher.search("  来源:本报")
    assert matcher.search("请扫一扫下方二维码")
    assert matcher.search("下一篇：关于…的通知")
    assert not matcher.search("资金来源：财政拨款")  # `^` holds: not at the start
    assert not matcher.search("阅读下一篇")
    # a named group repeated across patterns cannot be joined: the patterns are tried in turn
    twice = GroupMatcher((re.compile(r"^(?P<n>甲)"), re.compile(r"(?P<n>乙)")))
    assert twice.search("丙乙") and twice.search("甲丙") and not twice.search("丙甲")


def test_match_marker_answers_as_trying_each_marker_in_turn() -> None:
    from duban.rules.vocabulary import item_markers

    lines = [
        "一、总体要求",
        "（二）加强领导",
        "3.完善制度",
        "（4）按时报送",
        "②其他",
        "●重点",
        "一是要",
        "第五条 本办法",
        "第二章 总则",
        "12.5亿元",
        "二〇二四年",
        "工作要求",
        "(1)开展",
        "１．推进",
        "1)落实",
    ]
    for line in lines:
        expected = next(((m.group(), level) for p, level in item_markers() if (m := p.match(line))), None)
        assert match_marker(line) == expected, line


def test_an_item_line_opened_by_a_title_sentence_takes_the_answer_under_it(finder: MeasureFinder) -> None:
    text = (
        "关于某县所提建议办理情况的函\n"
        "一、关于农村公路改造问题。你县请求，省里加大对农村公路改造的补助。\n"
        "省交通运输厅研究提出了办理意见：将在明年计划中统筹安排补助资金，支持你县改造农村公路。\n"
        "二、关于中小学校舍问题。你县请求，省里支持新建两所寄宿制学校。\n"
        "省教育厅提出了办理意见：将把你县列入校舍建设项目库，优先安排项目资金。\n"
        "某某省人民政府办公厅\n"
    )
    doc = make_doc(text)
    first, item = block_of(doc, "一、")
    assert item.role == "title"
    answer_index, answer = block_of(doc, "省交通运输厅")
    assert answer.role == "body" and owner_of(doc.blocks, answer_index) == first
    # The last item's answer is its own too: an earlier item of the list took its answer.
    _, last = block_of(doc, "省教育厅")
    assert last.role == "body"
    items = [t for t in texts(finder, text) if t.startswith(("一、", "二、"))]
    assert [t.split("\n")[1][:3] for t in items] == ["省交通", "省教育"]


def test_paragraphs_after_the_last_one_line_item_close_the_document(finder: MeasureFinder) -> None:
    text = (
        "关于加强某项工作的意见\n"
        "（一）完善考核办法。各级财政部门要研究制定考核办法，落实激励约束机制。\n"
        "（二）强化监督检查。各级审计机关要加强审计监督，及时通报发现的问题。\n"
        "各地区、各部门要充分认识这项工作的重要意义，加强组织领导，抓好贯彻落实。\n"
    )
    doc = make_doc(text)
    _, item = block_of(doc, "（二）")
    _, closing = block_of(doc, "各地区")
    assert item.role == "" and closing.role == ""
    assert texts(finder, text)[-1].startswith("各地区")
