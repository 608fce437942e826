from __future__ import annotations

from duban.pipeline.metadata import parse_date
from tests.conftest import make_doc


def test_policy_notice_metadata() -> None:
    doc = make_doc(
        "江州市人民政府办公室关于印发安全生产专项整治方案的通知\n江政办发〔2021〕12号\n各区人民政府：\n"
        "现将方案印发给你们，请认真贯彻落实。\n江州市人民政府办公室\n二〇二一年一月二十五日"
    )
    meta = doc.meta
    assert meta.title == "江州市人民政府办公室关于印发安全生产专项整治方案的通知"
    assert meta.doc_number == "江政办发〔2021〕12号"
    assert meta.issuer == "江州市人民政府办公室"
    assert meta.date == "2021-01-25"
    assert meta.kind == "policy"


def test_document_number_quoted_in_the_body_is_not_the_documents_own() -> None:
    doc = make_doc(
        "关于上半年重点任务落实情况的报告\n市人民政府：\n"
        "按照《关于印发分工方案的通知》（江政办发〔2026〕7号）要求，现将落实情况报告如下：已完成2项。"
    )
    assert doc.meta.doc_number is None
    assert doc.meta.kind == "report"


def test_minutes_kind_and_bracket_variants() -> None:
    doc = make_doc(
        "江州市水务局局长办公会议纪要\n〔2022〕第3号\n会议传达学习了有关文件精神。会议要求，各科室要抓好落实。"
    )
    assert doc.meta.kind == "minutes"
    assert doc.meta.doc_number == "〔2022〕第3号"


def test_parse_date_forms() -> None:
    assert parse_date("2021年6月1日") == "2021-06-01"
    assert parse_date("二〇二一年十二月三十一日") == "2021-12-31"
    assert parse_date("2020-03-20") == "2020-03-20"
    assert parse_date("2021年13月1日") is None
    assert parse_date("没有日期") is None


def test_minutes_date_from_the_opening_sentence() -> None:
    doc = make_doc("2023年6月8日，局党组书记主持召开局长办公会议。会议要求，各科室要抓好落实。")
    assert doc.meta.date == "2023-06-08"


def test_a_date_inside_a_closing_sentence_is_not_the_signing_date() -> None:
    doc = make_doc(
        "关于规范督查工作的办法\n第一条 各单位要建立督查台账。\n第二条 本办法自2024年1月1日起施行。"
    )
    assert doc.meta.date is None


def test_speech_opening_is_not_a_title() -> None:
    doc = make_doc("现在，我代表市人民政府，向大会报告政府工作\n一、过去一年的工作回顾")
    assert doc.meta.title is None
