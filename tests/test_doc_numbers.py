"""Document numbers beyond `字〔年〕号`: the decree (令) a regulation was promulgated by, and a
number that follows its title on a page whose line breaks were lost."""

from __future__ import annotations

from duban.base.model import RawDocument, RawPage
from duban.base.stored import StoredDocument
from duban.extractors.registry import get_extractors
from duban.pipeline.crosscheck import normalise_number
from duban.pipeline.extract import build_document, extract_document
from duban.pipeline.status import select_directive
from tests.conftest import make_doc

_REGULATION = (
    "渔港水域安全条例\n2001年2月3日 中华人民共和国国务院令第300号发布\n"
    "2011年1月8日 国务院第138次常务会议修订通过\n2019年5月6日 中华人民共和国国务院令第715号第二次修订\n"
    "第一章 总则\n第一条 为了保障渔港水域安全，制定本条例。"
)


def _record(text: str, name: str) -> StoredDocument:
    raw = RawDocument(source=name, format="text", pages=[RawPage(1, text, "text")])
    doc = extract_document(build_document(raw, name), get_extractors(("rules",)))
    return StoredDocument.from_json({**doc.to_json(include_text=True), "doc_id": name})


def test_decree_on_the_date_line_under_the_title() -> None:
    doc = make_doc(
        "河湖采砂管理暂行规定\n1993年4月6日 中华人民共和国水利部令第9号发布\n"
        "第一条 为了规范河道采砂，制定本规定。\n第二条 本规定适用于全国河道。"
    )
    assert doc.meta.doc_number == "中华人民共和国水利部令第9号"


def test_decree_after_a_bracket_and_without_the_state_name() -> None:
    doc = make_doc(
        "城市绿地养护办法\n（1997年10月3日 国家园林管理局令第4号公布）\n"
        "第一条 为了加强城市绿地养护，制定本办法。"
    )
    assert doc.meta.doc_number == "国家园林管理局令第4号"


def test_revised_regulation_takes_its_latest_decree() -> None:
    assert make_doc(_REGULATION).meta.doc_number == "中华人民共和国国务院令第715号"


def test_joint_decree_names_the_last_issuer_and_keeps_the_events_first() -> None:
    joint = make_doc(
        "民兵装备仓库管理条例\n1996年7月1日 中华人民共和国国务院、中华人民共和国中央军事委员会令第201号发布\n"
        "第一条 为了加强民兵装备仓库管理，制定本条例。"
    )
    assert joint.meta.doc_number == "中华人民共和国中央军事委员会令第201号"
    two = make_doc(
        "中小学校体育卫生规定\n1992年9月1日 国家教育委员会令第22号、卫生部令第5号发布\n"
        "第一条 为了增强学生体质，制定本规定。"
    )
    assert two.meta.doc_number == "国家教育委员会令第22号"


def test_decree_heading_over_its_serial() -> None:
    doc = make_doc(
        "中华人民共和国国务院令\n第812号\n《林木种苗条例》已经国务院常务会议通过，现予公布。\n总理 某某\n"
        "2025年3月2日\n林木种苗条例\n第一条 为了规范林木种苗生产，制定本条例。"
    )
    assert doc.meta.doc_number == "中华人民共和国国务院令第812号"


def test_decree_quoted_in_a_sentence_is_not_the_documents_own() -> None:
    doc = make_doc(
        "关于做好渔港安全检查工作的通知\n各县农业农村局：\n"
        "2019年5月6日中华人民共和国国务院令第715号修订的条例已施行，请按要求开展检查。"
    )
    assert doc.meta.doc_number is None


def test_number_after_its_title_on_a_joined_line() -> None:
    doc = make_doc(
        "国务院办公厅关于同意设立某某边境合作区的复函 国办函〔2009〕71号 某某省人民政府："
        "你省《关于设立边境合作区的请示》收悉。现函复如下：同意设立。"
    )
    assert doc.meta.doc_number == "国办函〔2009〕71号"


def test_decree_keys_match_across_forms() -> None:
    full = normalise_number("中华人民共和国国务院令第715号")
    assert full == "国务院令第715号"
    assert normalise_number("国务院令第 715 号") == full
    assert normalise_number("中华人民共和国公安部令第１２５号") == "公安部令第125号"
    assert normalise_number("国务院令第716号") != full
    assert normalise_number("立即执行命令第3号") is None


def test_a_regulation_is_selected_by_its_decree_in_either_form() -> None:
    records = [
        _record("关于做好渔港安全检查的通知\n各县农业农村局：\n请开展检查。", "notice.txt"),
        _record(_REGULATION, "regulation.txt"),
    ]
    for wanted in ("国务院令第715号", "中华人民共和国国务院令第 715 号"):
        assert select_directive(records, wanted).doc_id == "regulation.txt"
