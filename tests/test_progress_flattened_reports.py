"""A work report whose page was flattened onto one line: the layout cuts it back into its parts
(`一、2023年工作回顾……二、2024年工作安排……`), and progress reads those parts as it reads the lines
of a page that kept them: the review states progress, the plan part does not. Texts written for
these tests."""

from __future__ import annotations

from duban.base.model import Document, RawDocument, RawPage
from duban.pipeline.extract import build_document, cached_extractors, extract_document

_REVIEW = (
    "一、2023年工作回顾 2023 年是全市发展极不平凡的一年。一是综合实力稳步提升。全市地区生产总值增长6.1%，"
    "一般公共预算收入增长5.2%，规模以上工业增加值增长9.8%。二是项目建设成效明显。全年实施市级重点项目"
    "180个、完成投资520亿元，新建改造城市道路46公里。"
)
_PLAN = (
    "二、2024年工作安排 2024 年是实现“十四五”规划目标任务的关键一年。（一）聚力产业升级。坚持主攻实体"
    "经济，加快构建现代化产业体系，力争规模以上工业增加值增长8%。（二）聚力改革开放。持续优化营商环境，"
    "深化政务服务改革，年内新增市场主体2万户以上。"
)


def _extract(text: str) -> Document:
    raw = RawDocument("报告.txt", "text", [RawPage(1, text, "text")])
    return extract_document(build_document(raw, "t"), cached_extractors(("rules",)))


def _stated(doc: Document) -> list[str]:
    return [p.text for p in doc.progress]


def test_a_report_flattened_onto_one_line_states_the_progress_of_its_review() -> None:
    flat = _extract(
        "某市2024年政府工作报告\n各位代表：现在，我代表市人民政府向大会报告工作，请予审议。 "
        + _REVIEW
        + " "
        + _PLAN
        + "\n"
    )
    lines = _extract(
        "某市2024年政府工作报告\n各位代表：现在，我代表市人民政府向大会报告工作，请予审议。\n"
        + _REVIEW.replace(" 2023 年", "\n2023 年")
        + "\n"
        + _PLAN.replace(" 2024 年", "\n2024 年")
        + "\n"
    )
    stated = _stated(flat)
    assert any("地区生产总值增长6.1%" in s for s in stated)
    assert any("完成投资520亿元" in s for s in stated)
    assert not any("力争规模以上工业增加值增长8%" in s or "新增市场主体" in s for s in stated)
    assert len(stated) >= len(_stated(lines)) - 1


def test_a_report_title_quoted_in_a_read_out_opens_no_review() -> None:
    doc = _extract(
        "会议审议通过了关于工作的报告\n会议审议了《2015年工作总结报告》、《2016年工作要点》。会议强调，要抓好落实。\n"
    )
    assert _stated(doc) == []
