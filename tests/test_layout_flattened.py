"""Pages flattened onto one line: the layout recovers their items from the numbering.

A scraped page often arrives with its paragraphs joined onto one line, and normalisation removes
the spaces that were left between them, so a heading is glued to what follows it. The texts are
written for these tests.
"""

from __future__ import annotations

from duban.base.model import Document
from tests.conftest import make_doc


def openings(doc: Document) -> list[str]:
    """The first characters of each block after the title line."""
    return [doc.text[b.start : b.end][:6] for b in doc.blocks[1:]]


def test_a_flattened_notice_is_cut_at_headings_glued_to_their_items() -> None:
    text = (
        "关于做好防汛工作的通知\n"
        "各镇人民政府，县直各单位：为做好今年防汛工作，现将有关事项通知如下： "
        "一、压实防汛责任 （一）落实包保制度。各镇要明确包保责任人，汛前完成全面排查。 "
        "（二）健全值班机制。各单位实行24小时值班，发现险情及时上报。 "
        "二、强化隐患整治 （三）整治病险水库。县水利局要在5月底前完成病险水库除险加固。 "
        "（四）清理河道障碍。各镇要清理河道阻水障碍物。"
    )
    doc = make_doc(text)
    starts = openings(doc)
    for head in (
        "一、压实防汛",
        "（一）落实包",
        "（二）健全值",
        "二、强化隐患",
        "（三）整治病",
        "（四）清理河",
    ):
        assert head in starts, (head, starts)


def test_a_flattened_regulation_is_cut_at_chapters_and_articles() -> None:
    text = (
        "某县农村公路管理办法\n"
        "某县人民政府 2024年3月1日 某县农村公路管理办法 第一章 总则 第一条 为加强农村公路管理，制定本办法。"
        "第二条 本办法适用于本县农村公路的建设和养护。第二章 养护管理 第三条 乡镇人民政府负责本辖区农村公路日常养护。"
        "第四条 县交通运输局应当每年组织一次路况评定。"
    )
    doc = make_doc(text)
    starts = openings(doc)
    for head in ("第一章总则", "第一条为加强", "第二条本办法", "第二章养护", "第三条乡镇人", "第四条县交通"):
        assert any(s.replace(" ", "").startswith(head[:4]) for s in starts), (head, starts)
    assert sum(s.startswith("第") for s in starts) == 6, starts


def test_a_flattened_work_report_keeps_its_bullets_apart() -> None:
    text = (
        "督查情况通报\n"
        "● 城东农贸市场存在乱堆乱放现象，部分摊位证照不全。（主体责任：市场管理方，监督责任：县市场监管局） "
        "● 城西公交站台广告栏破损，未及时修复。（主体责任：公交公司，监督责任：县交通运输局）"
    )
    doc = make_doc(text)
    bullets = [s for s in openings(doc) if s.startswith("●")]
    assert bullets == ["● 城东农贸", "● 城西公交"], openings(doc)


def test_a_word_ending_in_a_numeral_is_no_item() -> None:
    # `统一、` and `（二）项` inside sentences: no numbering goes on there and no title comes before.
    text = (
        "关于规范执法的通知\n"
        "一、统一执法标准。各部门要推进统一、规范的执法流程，按照本通知（二）项要求执行到位。"
        "二、加强监督检查。县司法局要每季度开展一次执法检查。"
    )
    doc = make_doc(text)
    starts = openings(doc)
    assert starts[:2] == ["一、统一执法", "二、加强监督"], starts
    assert len(starts) == 2, starts


def test_an_article_named_in_the_text_of_the_article_before_it_is_no_item() -> None:
    # A law refers to the next article by number: `本法第十一条` goes on the numbering, glued.
    text = (
        "某市养犬管理条例\n"
        "第十条 养犬人应当为犬只办理登记，如未依照本条例第十一条规定办理的，由公安机关责令改正。"
        "第十一条 犬只登记证件遗失的，应当及时补办。"
    )
    doc = make_doc(text)
    assert openings(doc) == ["第十条养犬人", "第十一条犬只"]
