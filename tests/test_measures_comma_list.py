"""A list whose first part follows a comma in its opening sentence (`会议确定，一是…。…。二是…`):
the sentence that holds the first part is that part's lead, the sentences after it up to the second
part its body, and the cue before it opens the later parts too. Texts written for these tests."""

from __future__ import annotations

import pytest

from duban.base.model import DocKind
from duban.extractors.measures import MeasureFinder, _enumerated
from tests.conftest import make_doc

SETTLED = (
    "会议指出，发展养老服务事关民生福祉。会议确定，一是放宽养老机构准入门槛，取消设立许可。"
    "鼓励社会资本兴办普惠型养老床位。允许连锁机构跨区域登记。二是以医养结合提质量。"
    "推动社区卫生服务站与日间照料中心共建。三是以人才培养固基础。\n"
)

# The first part after a short lead (`为此，`) whose body says what to do with no modal.
LEAD = (
    "会议强调，要稳住重点群体就业。为此，一要拓宽招聘渠道，办好线上招聘会。"
    "支持企业吸纳应届毕业生。鼓励各地开发乡村公益岗位。二要兜牢困难群体底线。\n"
)


@pytest.fixture(scope="module")
def rules() -> MeasureFinder:
    return MeasureFinder.default(learned=False)


@pytest.fixture(scope="module")
def learned() -> MeasureFinder:
    return MeasureFinder.default(learned=True)


def _texts(finder: MeasureFinder, body: str, kind: DocKind = "minutes") -> list[str]:
    doc = make_doc("青山市政府常务会议纪要\n" + body)
    doc.meta.kind = kind
    return [m.text for m in finder.find(doc)]


def test_the_first_part_after_a_comma_keeps_its_body(rules: MeasureFinder) -> None:
    texts = _texts(rules, SETTLED)
    assert (
        "会议确定，一是放宽养老机构准入门槛，取消设立许可。鼓励社会资本兴办普惠型养老床位。允许连锁机构跨区域登记。"
        in texts
    )


def test_the_cue_before_a_comma_first_part_reaches_the_later_parts(rules: MeasureFinder) -> None:
    texts = _texts(rules, SETTLED)
    # Neither part has a modal or an action verb at its head: they are tasks by their place.
    assert "二是以医养结合提质量。推动社区卫生服务站与日间照料中心共建。" in texts
    assert "三是以人才培养固基础。" in texts


def test_the_plain_sentences_of_a_comma_first_part_are_not_left_to_the_veto(learned: MeasureFinder) -> None:
    texts = _texts(learned, LEAD)
    assert any(
        t.startswith("为此，一要拓宽招聘渠道") and t.endswith("鼓励各地开发乡村公益岗位。") for t in texts
    )


def test_a_comma_part_whose_count_does_not_go_on_is_no_list() -> None:
    text = "会议确定，一是加快审批改革。加强事后监管。三是另行研究。"
    assert _enumerated(text, 0, len(text)) == []
    listed = "会议确定，一是加快审批改革。加强事后监管。二是完善配套政策。"
    assert _enumerated(listed, 0, len(listed)) == [0, listed.index("二是")]


def test_the_first_part_begins_at_its_sentence_not_at_the_paragraph() -> None:
    text = "会议听取了情况汇报。为此，一要压实属地责任。二要加强督查。"
    assert _enumerated(text, 0, len(text)) == [text.index("为此"), text.index("二要")]


ANNOUNCED = (
    "会议认为，扶持小微企业意义重大。会议确定了扶持小微企业的三项措施。一是以数字化促转型。"
    "推广云上办公服务。二是以信用换贷款。三是以园区聚企业。\n"
)

# The meeting's voice with a modal in the sentence right before the list, not at the paragraph's head.
VOICED = "会议听取了外贸形势汇报。会议强调，要稳住外贸基本盘。一是以展会拓市场。二是以通关提效率。\n"

# An account before its list: no announcement, no modal, no meeting's voice.
ACCOUNT = "会议听取了外贸形势汇报。今年以来外贸运行平稳。一是以展会拓市场初见成效。二是通关时间明显缩短。\n"


def test_a_sentence_announcing_the_meetings_measures_opens_its_list(rules: MeasureFinder) -> None:
    texts = _texts(rules, ANNOUNCED)
    assert texts[-3:] == [
        "一是以数字化促转型。推广云上办公服务。",
        "二是以信用换贷款。",
        "三是以园区聚企业。",
    ]


def test_the_meetings_voice_right_before_the_list_opens_it(rules: MeasureFinder) -> None:
    texts = _texts(rules, VOICED)
    assert texts[-2:] == ["一是以展会拓市场。", "二是以通关提效率。"]


def test_an_account_before_a_list_opens_nothing(rules: MeasureFinder) -> None:
    assert not any(t.startswith(("一是", "二是")) for t in _texts(rules, ACCOUNT))
