"""Minutes lists in the meeting's voice: a paragraph that opens `会议强调，…要…` (or a speaker's
`某某指出，…`) and then enumerates lists the meeting's tasks, so each part is a measure even without a
modal of its own, the first one too after a short lead (`下一步，一是…`). A voiced head that only
recounts achievements opens no list. Texts written for these tests."""

from __future__ import annotations

import pytest

from duban.extractors.measures import MeasureFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> MeasureFinder:
    """The measure rules alone: the learned veto is not what these tests are about."""
    return MeasureFinder.default(learned=False)


def _texts(finder: MeasureFinder, body: str) -> list[str]:
    doc = make_doc("青山市政府常务会议纪要\n" + body)
    doc.meta.kind = "minutes"
    return [m.text for m in finder.find(doc)]


def test_parts_after_a_voiced_head_are_measures_without_a_modal(finder: MeasureFinder) -> None:
    body = (
        "会议强调，在山区各县要聚焦乡村道路改造。一是完善养护资金投入机制。"
        "二是推行路长负责制度。三是深化与周边县市的交通合作。\n"
    )
    texts = _texts(finder, body)
    assert "一是完善养护资金投入机制。" in texts
    assert "三是深化与周边县市的交通合作。" in texts


def test_a_voiced_head_that_recounts_achievements_opens_no_list(finder: MeasureFinder) -> None:
    body = (
        "会议强调，水利是农业的命脉。近年来全市水利建设取得历史性成就。一是灌区改造成效不断显现。"
        "二是防洪体系日益完善。\n"
    )
    assert not [text for text in _texts(finder, body) if text.startswith(("一是", "二是"))]


def test_a_reference_back_to_a_meeting_opens_no_list(finder: MeasureFinder) -> None:
    assert finder._has("voiced_list", "按照会议要求，各镇要加快进度。") is None
    assert finder._has("voiced_list", "李某某强调，各级要压实责任。") == "measure.voiced_list.v1"


CLOSED = (
    "会议要求：一要压实整改责任。各单位主要负责人要亲自过问。二要加快补齐制度短板。"
    "健全预算绩效管理，细化公开内容。有关乡镇、部门和单位要在9月底前将整改结果报告市政府。\n"
)


def test_a_requirement_to_everyone_closes_the_list_and_stands_alone(finder: MeasureFinder) -> None:
    texts = _texts(finder, CLOSED)
    assert "二要加快补齐制度短板。健全预算绩效管理，细化公开内容。" in texts
    assert "有关乡镇、部门和单位要在9月底前将整改结果报告市政府。" in texts


@pytest.mark.parametrize(
    ("body", "measure"),
    [
        # The first part after a short lead to the next steps.
        (
            "会议指出，近年来全市社会救助工作取得积极成效。下一步，一是提高救助的时效性。"
            "二是健全多部门协同的救助机制。三是引导社会力量参与救助。\n",
            "下一步，一是提高救助的时效性。",
        ),
        # A last part keeps an elaboration with a single actor: it closes no list.
        (
            "会议要求：一要压实整改责任。各单位要建立台账。二要保障困难群众基本生活。各镇要及时足额发放补贴。\n",
            "二要保障困难群众基本生活。各镇要及时足额发放补贴。",
        ),
    ],
)
def test_a_part_read_whole(finder: MeasureFinder, body: str, measure: str) -> None:
    assert measure in _texts(finder, body)
