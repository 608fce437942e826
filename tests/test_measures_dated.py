"""A schedule said without a modal (`9月底前出台…`, `年底前，各乡镇完成…`): the bound that opens
the clause makes it a task, in policy text and in minutes. Texts written for these tests."""

from __future__ import annotations

import pytest

from duban.base.model import RawDocument, RawPage
from duban.pipeline.extract import build_document, cached_extractors, extract_document

_HEADS = {
    "policy": "关于开展背街小巷整治工作的通知\n各乡镇人民政府，县直各部门：\n为改善人居环境，现就有关事项通知如下。\n",
    "minutes": "县政府常务会议纪要\n2025年4月8日，县长主持召开县政府常务会议。\n会议研究了背街小巷整治工作。会议明确：\n",
}


@pytest.mark.parametrize("kind", sorted(_HEADS))
@pytest.mark.parametrize(
    ("sentence", "deadline"),
    [
        ("8月底前出台背街小巷整治验收办法。", "8月底前"),
        ("2025年9月底前，各乡镇完成背街小巷路面修补。", "2025年9月底前"),
        ("7月15日前报送背街小巷整治台账。", "7月15日前"),
        ("到2025年底，各乡镇完成背街小巷雨污分流改造。", "到2025年底"),
        ("2026年起，每年3月底前各乡镇报送上年度整治考核结果。", "每年3月底前"),
        ("年底前，各乡镇完成背街小巷改造不少于20条。", "年底前"),
        # The object put first, the action after it (dated_action.v4).
        ("年底前将背街小巷整治审批时限压缩至5个工作日。", "年底前"),
        ("9月底前，对沿街违规搭建的雨棚，无审批手续的一律限期整改。", "9月底前"),
        ("2026年6月底前实现背街小巷路灯智能控制全覆盖。", "2026年6月底前"),
    ],
)
def test_a_clause_that_opens_with_its_bound_and_then_acts_is_a_measure(
    kind: str, sentence: str, deadline: str
) -> None:
    raw = RawDocument("t.txt", "text", [RawPage(1, _HEADS[kind] + sentence + "\n", "text")])
    doc = extract_document(build_document(raw, "t"), cached_extractors(("rules",)))
    assert doc.meta.kind == kind
    found = [m for m in doc.measures if m.text == sentence]
    assert found, [m.text for m in doc.measures]
    assert deadline in [d.text for d in found[0].deadlines]


@pytest.mark.parametrize(
    "sentence",
    [
        "8月底前，各乡镇完成了背街小巷路面修补。",  # done: progress, not a task
        "预计8月底前完工。",  # a forecast
        "到2027年，背街小巷整治率达到90%。",  # a target, no bound to act by
        "到2027年底，全县背街小巷硬化率达到90%。",  # a target by a year’s end: no action
        "到2027年底，全县背街小巷整治率达到90%。",  # a rate named by an action word: still a target
        "到2026年底，背街小巷保洁服务覆盖面提升至95%以上。",  # a level to reach, not a task
        "8月底前，对背街小巷的破损路面进行了修补。",  # done, the object put first
        "到2027年底，实现背街小巷保洁覆盖率达到95%。",  # a rate to reach
    ],
)
def test_a_bound_without_a_task_to_do_by_it_is_no_dated_action(sentence: str) -> None:
    raw = RawDocument("t.txt", "text", [RawPage(1, _HEADS["policy"] + sentence + "\n", "text")])
    doc = extract_document(build_document(raw, "t"), cached_extractors(("rules",)))
    assert not any("dated_action" in p for m in doc.measures for p in m.provenance)
