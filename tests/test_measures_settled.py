"""What a meeting settles (`会议确定，…`) is its requirement, and a clause that names its own actor
through `由X…` or a body it sets up inherits no subject from the clause before it. Texts written
for these tests."""

from __future__ import annotations

from duban.base.model import Document, RawDocument, RawPage
from duban.pipeline.extract import build_document, cached_extractors, extract_document

_MINUTES = "县政府常务会议纪要\n2025年4月8日，县长主持召开县政府常务会议。\n"


def _extract(text: str) -> Document:
    raw = RawDocument("t.txt", "text", [RawPage(1, text, "text")])
    return extract_document(build_document(raw, "t"), cached_extractors(("rules",)))


def test_what_the_meeting_settles_and_the_parts_it_lists_are_measures() -> None:
    parts = [
        "针对农贸市场环境脏乱问题，会议确定，一是推行农贸市场标准化建设，统一设置摊位和标识。",
        "二是建立市场保洁长效机制，落实日常巡查。",
        "三是年底前完成城区农贸市场提升改造。",
    ]
    doc = _extract(_MINUTES + "".join(parts) + "\n")
    assert doc.meta.kind == "minutes"
    texts = [m.text for m in doc.measures]
    for part in parts:
        assert part in texts, texts


def test_a_reference_to_what_a_meeting_settled_is_no_cue() -> None:
    sentence = "按照会议确定的分工，农贸市场改造情况作了介绍。"
    doc = _extract(_MINUTES + sentence + "\n")
    assert not any("minutes_settled" in p for m in doc.measures for p in m.provenance)


def test_a_clause_with_its_own_actor_inherits_no_subject() -> None:
    first = "一是县市场监管局要于6月底前完成农贸市场摊位登记；"
    second = "二是由县住建局、县城管局组成联合检查组，对农贸市场开展消防安全检查。"
    doc = _extract(_MINUTES + "会议要求：" + first + second + "\n")
    owners = [m for m in doc.measures if second in m.text and first not in m.text]
    assert owners, [m.text for m in doc.measures]
    names = [u.name for u in owners[0].units]
    assert "县市场监管局" not in names, names
