"""Metadata on real-looking pages: titles after chrome, headline forms, spam, pinyin, number variants.

Every page here is written for these tests in the shapes real portal and mirror pages take.
"""

from __future__ import annotations

import pytest

from duban.base.script import strip_pinyin
from duban.pipeline.crosscheck import normalise_number, title_key
from duban.pipeline.crosscheck_text import comparable
from duban.pipeline.metadata import _headline_label, clean_title
from duban.pipeline.titles import parse_vocab, vocab
from tests.conftest import make_doc

BODY = (
    "为进一步加强防汛工作，切实保障人民群众生命财产安全，现就有关事项通知如下：\n一、各乡镇要落实值守制度。\n"
)


def test_title_found_after_twenty_lines_of_portal_chrome() -> None:
    chrome = "\n".join(
        ["网站首页", "政务公开", "办事服务", "互动交流", "走进青山", "无障碍浏览", "长者模式"]
        + [f"栏目{n}" for n in range(1, 12)]
        + ["当前位置：首页 > 政务公开 > 通知公告", "字号：大 中 小", "打印本页"]
    )
    doc = make_doc(f"{chrome}\n青山县人民政府办公室关于做好汛期值守工作的通知\n发布时间：2023-06-01\n{BODY}")
    assert doc.meta.title == "青山县人民政府办公室关于做好汛期值守工作的通知"
    assert doc.meta.kind == "policy"


@pytest.mark.parametrize(
    ("headline", "core"),
    [
        ("应急管理部部长：汛期严禁擅离值守岗位", "应急管理部部长：汛期严禁擅离值守岗位"),
        ("国办：各地不得擅自新增涉企收费项目", "国办：各地不得擅自新增涉企收费项目"),
    ],
)
def test_headline_of_the_form_issuer_colon_is_a_title(headline: str, core: str) -> None:
    doc = make_doc(
        f"{headline}\n来源：新华网\n据了解，近日有关部门作出部署，要求各地切实加强值守，确保安全度汛。"
    )
    assert doc.meta.title == core


def test_vocabulary_examples_run() -> None:
    for text, expected in vocab().headline_examples:
        assert _headline_label(text) is expected, text
    for text, title in vocab().separator_examples:
        assert clean_title(text) == title


def test_vocabulary_is_validated() -> None:
    with pytest.raises(ValueError, match="field_labels"):
        parse_vocab(
            {
                "headline_examples": [{"text": "a", "headline": True}],
                "separator_examples": [{"text": "a_b网", "title": "a"}],
            }
        )


def test_injected_spam_and_site_names_are_cut_from_the_title() -> None:
    doc = make_doc(f"某某皮肤病医院 http://spam.example.net/青山县防汛指挥部关于加强河道巡查的通知\n{BODY}")
    assert doc.meta.title == "青山县防汛指挥部关于加强河道巡查的通知"
    assert clean_title("关于加强河道巡查的通知-某某在线") == "关于加强河道巡查的通知"
    assert clean_title("汛期要突出抓好三项重点_滚动新闻_某省政府网") == "汛期要突出抓好三项重点"
    # A dash inside a project name is not a site separator.
    assert clean_title("市政府召开老城片区二期-Ⅰ标段协调会") == "市政府召开老城片区二期-Ⅰ标段协调会"


def test_spam_line_title_and_source_line_joined_by_normalisation_are_read_apart() -> None:
    doc = make_doc(
        "免费在线_热门影视_高清资源_最新电影\n\n关于开展城乡环境卫生整治督查的通报\n\n来源：县住建局\n\n"
        "为推动全县环境卫生整治工作，县住建局组织开展了督查，现将有关情况通报如下。\n"
    )
    assert doc.meta.title == "关于开展城乡环境卫生整治督查的通报"


def test_title_wrapped_over_lines_is_one_title_and_a_sub_heading_does_not_win() -> None:
    doc = make_doc(
        "青考办发[2023]7号\n青山县考核委员会办公室\n关于对2023年度重点工作\n进展情况进行督查的\n通 知\n"
        "各乡镇人民政府：\n现将督查方案印发给你们。\n青山县重点工作督查方案\n一、督查时间\n本次督查于7月进行。\n"
    )
    assert doc.meta.title == "青山县考核委员会办公室关于对2023年度重点工作进展情况进行督查的通知"
    assert doc.meta.doc_number == "青考办发[2023]7号"


def test_meeting_headline_split_by_spaces_is_one_title() -> None:
    doc = make_doc(
        "张三主持召开市政府常务会议 研究部署防汛救灾工作 全面压实各方责任\n"
        "本台消息：市长张三8日主持召开市政府常务会议，研究部署防汛救灾工作。\n会议强调，要压实责任。\n"
    )
    key = title_key(str(doc.meta.title))
    assert key.core.endswith("全面压实各方责任")
    assert doc.meta.kind == "minutes"


def test_news_headline_before_its_dateline() -> None:
    doc = make_doc(
        "某某日报\n2020年02月02日\n第04版：要闻\n\n青山宣布延长春节假期至2月10日\n\n"
        "据新华社青山2月1日电(记者 李四 王五)青山市政府办公厅1日发布通知，宣布延长春节假期。\n"
    )
    assert doc.meta.title == "青山宣布延长春节假期至2月10日"


def test_mirror_site_pinyin_is_folded_out_of_titles_and_numbers() -> None:
    doc = make_doc(
        "關(guān)于節(jié)假日公務(wù)車輛集中封存的通知\n國辦發(fā)〔2018〕15號\n"
        "各部門：\n為認(rèn)真貫徹落實有關(guān)規(guī)定，現(xiàn)就有關(guān)事項通知如下。\n"
    )
    assert doc.meta.title == "關于節假日公務車輛集中封存的通知"
    assert normalise_number(doc.meta.doc_number) == "国办发〔2018〕15号"
    assert strip_pinyin("節(jié)假日(Holiday)") == "節假日(Holiday)"
    assert comparable("節(jié) 假日")[0] == "节假日"


@pytest.mark.parametrize(
    "variant",
    [
        "青政办发〔2023〕12号",
        "青政办发[2023]12号",
        "青政办发(2023)12号",
        "青政办发（2023）第12号",
        "青政办发【2023】12号",
        "青政办发［２０２３］１２号",
        "青政辦發(fā)〔2023〕12號(hào)",
        "青政办发﹝2023﹞012号",
    ],
)
def test_document_numbers_normalised_from_every_variant(variant: str) -> None:
    assert normalise_number(variant) == "青政办发〔2023〕12号"


def test_pinyin_folded_in_title_keys() -> None:
    plain = title_key("国务院办公厅关于2019年部分节假日安排的通知")
    mirror = title_key("國務院辦公廳關(guān)于2019年部分節(jié)假日安排的通知")
    assert plain == mirror


def test_a_notice_that_reports_progress_is_a_report() -> None:
    doc = make_doc(
        "关于2024年上半年民生实事有关事项的通知\n各乡镇、县直各单位：\n"
        "截至6月底，全县十件民生实事已完成投资3.2亿元，同比增长12%。其中，农村公路改造已完成86公里，"
        "超额完成序时进度；城区停车场建设已完成主体工程，累计新增车位1200个；老旧小区改造已开工23个，"
        "完成年度任务的65%；学校食堂提升工程已建成15所。农贸市场改造进度滞后，仅完成年度任务的30%。\n"
    )
    assert doc.meta.kind == "report"


def test_a_news_page_of_a_meeting_is_minutes() -> None:
    doc = make_doc(
        "全县安全生产工作推进会召开\n来源：县融媒体中心\n"
        "5月8日，县长主持召开全县安全生产工作推进会。会议听取了县应急管理局关于近期安全生产工作的汇报。"
        "会议指出，当前正值汛期，安全生产形势严峻复杂。会议强调，各乡镇要压实属地责任。"
        "会议要求，县应急管理局要牵头开展隐患排查，6月底前完成整改。会议明确，县住建局负责城镇燃气安全检查。\n"
    )
    assert doc.meta.kind == "minutes"
