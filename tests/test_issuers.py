"""The issuer (发文机关) reader: bodies only, never a title's verb, a speech or page furniture.

Fixtures are written for this file (invented places: 江州, 江北); none is copied from a corpus.
"""

from __future__ import annotations

import pytest

from duban.base.model import RawDocument, RawPage
from duban.pipeline.extract import build_document
from duban.pipeline.issuers import split_joint

BODY = "各区县人民政府，市政府各部门：\n为做好有关工作，现将有关事项通知如下。\n一、加强组织领导，各单位要明确责任人。\n"


def issuer(text: str) -> str | None:
    raw = RawDocument(source="t.txt", format="text", pages=[RawPage(1, text, "text")])
    return build_document(raw, "t").meta.issuer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A transfer verb ends the issuer; what it passes on is not part of it.
        ("江州省人民政府办公厅转发省教育厅关于做好春季招生工作意见的通知\n" + BODY, "江州省人民政府办公厅"),
        # A release headline: the body before `印发《`.
        (
            "江州市人民政府办公室印发《江州市防汛抗旱工作方案》\n近日，江州市人民政府办公室印发了方案，要求各地抓好落实。\n",
            "江州市人民政府办公室",
        ),
        # An approval before the issuer is no part of it.
        (
            "经江州省人民政府同意 江州省发展改革委印发《江州省节能降碳行动方案》\n近日，方案印发，要求各地抓好落实。\n",
            "江州省发展改革委",
        ),
        # Joint issuers printed with a space get their `、` back.
        (
            "中共江州市委办公厅 江州市人民政府办公厅印发《关于加强基层治理的意见》\n近日，两办印发了意见，要求各地结合实际贯彻落实。\n",
            "中共江州市委办公厅、江州市人民政府办公厅",
        ),
        # Joint issuers glued together in a title are cut where the second body opens.
        ("江州省教育厅江州省财政厅关于做好学生资助工作的通知\n" + BODY, "江州省教育厅、江州省财政厅"),
    ],
)
def test_a_title_prefix_is_its_bodies(text: str, expected: str) -> None:
    assert issuer(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # A speech, an act of study, a vague count: the prefix names no issuer.
        "王某在江州市第二次廉政工作会议上强调坚决落实党中央关于作风建设的部署\n会议指出，要持续改进作风，各单位要抓好落实。\n",
        "江州集团公司党组专题学习传达《中共中央关于加强作风建设的意见》\n会议要求，各单位要认真学习，抓好落实。\n",
        "三部委联合印发《关于加强车辆管理的通知》\n近日，有关部门联合印发通知，要求各地抓好落实。\n",
        "我省发布《江州省水资源公报》\n近日，公报发布，全省水资源总量稳中有升。\n",
    ],
)
def test_a_prefix_that_tells_an_act_is_no_issuer(text: str) -> None:
    found = issuer(text)
    assert found is None or not any(word in found for word in ("强调", "学习", "《", "部委", "发布", "我省"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("【紧急通知】江州县防汛抗旱指挥部关于启动防汛四级应急响应的通知\n" + BODY, "江州县防汛抗旱指挥部"),
        (
            "2022-05-06主题分类综合政务有效性有效江州县人民政府关于印发江州县规范性文件管理办法的通知\n"
            + BODY,
            "江州县人民政府",
        ),
        # A portal's furniture and its own name above the title line are not the issuer.
        (
            "无障碍版\n网站支持ipv6\n江州市人民政府\n江州省人民政府办公厅关于印发江州省政务新媒体管理办法的通知\n"
            + BODY,
            "江州省人民政府办公厅",
        ),
    ],
)
def test_page_chrome_is_never_part_of_an_issuer(text: str, expected: str) -> None:
    assert issuer(text) == expected


def test_joint_signature_on_successive_lines() -> None:
    text = (
        "关于做好春节假期有关工作的紧急通知\n"
        + BODY
        + "特此通知。\n中共江州市委办公室\n江州市人民政府办公室\n2020年1月27日\n"
    )
    assert issuer(text) == "中共江州市委办公室、江州市人民政府办公室"


def test_a_letterhead_names_the_body_in_full() -> None:
    text = (
        "江州市江北区人民政府文件\n江北政发〔2023〕2号\n江北区人民政府关于印发2023年重点工作分工方案的通知\n"
        + BODY
    )
    assert issuer(text) == "江州市江北区人民政府"


def test_a_labelled_field_names_the_issuer_but_a_portal_does_not() -> None:
    head = "索引号：000123/2020-105 发布日期：2020-06-28 发布机构：江北区政府办公室\n关于印发2020年重点工作责任分解的通知\n"
    assert issuer(head + BODY) == "江北区政府办公室"
    portal = "发布日期：2020-06-28\n发布机构：江州市人民政府门户网站\n关于印发2020年重点工作责任分解的通知\n"
    assert issuer(portal + BODY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "张某主持召开江州市人民政府第十次常务会议\n会议听取了有关情况汇报，要求各部门抓好落实。\n",
            "江州市人民政府",
        ),
        ("江州省委常委会召开会议 审议《江州省河湖长制工作规定》\n会议指出，要压实责任。\n", "江州省委常委会"),
        # The body, not its term of office.
        (
            "十三届江州省人大常委会第四次会议在江州举行\n会议听取了有关报告，审议了有关事项。\n",
            "江州省人大常委会",
        ),
    ],
)
def test_a_read_out_files_under_the_body_that_met(text: str, expected: str) -> None:
    assert issuer(text) == expected


def test_a_bare_level_is_too_little_to_file_a_read_out_under() -> None:
    text = "县政府召开第七次常务会议\n会议听取了有关情况汇报，要求各部门抓好落实。\n"
    assert issuer(text) is None


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("江州省教育厅江州省财政厅", ["江州省教育厅", "江州省财政厅"]),
        ("某某部财政部税务总局", ["某某部", "财政部", "税务总局"]),
        ("中共江州市委办公室江州市人民政府办公室", ["中共江州市委办公室", "江州市人民政府办公室"]),
        # A sub-unit is no second body.
        ("中共江州市委宣传部", ["中共江州市委宣传部"]),
        ("江州省人民政府办公厅", ["江州省人民政府办公厅"]),
        ("国务院国有资产监督管理委员会", ["国务院国有资产监督管理委员会"]),
    ],
)
def test_split_joint(name: str, parts: list[str]) -> None:
    assert split_joint(name) == parts


def test_a_statute_is_issued_by_the_legislature_whose_session_passed_it() -> None:
    """The enactment line under a statute's name (joined to it by normalisation), its term dropped;
    a later amendment line does not replace it, and a session named in a body's sentence is none."""
    law = issuer(
        "中华人民共和国河湖保护法\n"
        "2001年6月1日 第九届全国人民代表大会常务委员会第二十次会议通过\n"
        "2015年3月2日 第十二届某某人民代表大会常务委员会第十三次会议《关于修改〈中华人民共和国河湖保护法〉的决定》修正\n"
        "第一条 为了保护河湖，制定本法。\n"
    )
    assert law == "全国人民代表大会常务委员会"
    regulation = issuer(
        "某省河湖管理条例\n（2010年5月28日某省第十一届人民代表大会常务委员会第十八次会议通过）\n"
        "第一条 为了管理河湖，制定本条例。\n"
    )
    assert regulation == "某省人民代表大会常务委员会"
    council = issuer(
        "河湖巡查条例\n2015年3月4日 国务院第83次常务会议通过\n第一条 为了规范河湖巡查，制定本条例。\n"
    )
    assert council == "国务院"
    told = issuer(
        "会议指出，2001年6月1日第九届全国人民代表大会常务委员会第二十次会议通过的法律要认真实施。\n"
    )
    assert told is None
