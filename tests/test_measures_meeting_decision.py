"""A minutes sentence that states what the meeting decided (`会议决定，…`, `会议确定，…`) is a
measure by what it is: the learned veto does not drop it, and the list it opens (`会议决定，在…开展
试点。一是…。二是…`) is the decision's parts. So is a sentence whose voice opens with a modal
(`会议指出，要…`). Texts written for these tests."""

from __future__ import annotations

import pytest

from duban.base.model import DocKind
from duban.extractors.measures import MeasureFinder
from tests.conftest import make_doc

# Decisions said plainly: a draft sent on, a pilot, a subsidy. Each alone in its paragraph.
DECISIONS = (
    "会议决定将《青山市物业管理条例（草案）》提请市人大常委会审议。",
    "会议确定，在城东新区开展工程建设项目审批制度改革试点。",
    "会议还决定，对去年受灾的种植户给予每亩200元补助。",
)

# Decisions whose verb is in no action list: the decision cue alone makes them measures.
PLAIN_DECISIONS = (
    "会议决定，从下月起将城区停车收费标准由每小时5元降至3元。",
    "会议同时确定，将老旧小区加装电梯试点在全市推开。",
    "会议决定，对新区三个重点项目予以核准。",
)

# Requests in the meeting's or a speaker's voice that open with a modal, alone or as a title.
REQUESTS = (
    "会议指出，要加强汛期地质灾害隐患排查。",
    "会议强调，要抓实校园食品安全各项工作。",
    "王某某指出，要补齐农村养老服务短板。",
    "会议要求强化工程款支付监管。",
    "会议要求，加强冬季供暖保障。",
    "会议部署实施老旧管网更新改造。",
)

# A decision that the list after it spells out, its parts without a cue of their own.
DECIDED_LIST = (
    "会议指出，去年以来全区营商环境持续改善。会议决定，在高新区先行开展涉企服务集成改革试点。"
    "一是将企业开办的登记、刻章、申领发票合并为一个环节。二是对新设企业的水电气报装实行并联办理。"
    "三是推行涉企证照到期前主动提醒。\n"
)

# The decision after the clause that gives its purpose, and a decision that opens its list with a colon.
PURPOSED_LIST = (
    "会议指出，发展夜间经济有利于扩大消费。为激发消费潜力，会议决定，在老城区试行夜间经营时段延长政策。"
    "一是对沿街商户的外摆经营实行备案管理。二是延长公交夜班线路运营时间。三是简化临时活动审批。\n"
)
COLON_LIST = (
    "会议指出，乡村振兴是全局性任务。会议确定：一是推动城郊村发展特色农业，引导农户组建合作社。"
    "二是支持村集体盘活闲置用房。三是加快农村公路提档升级。\n"
)

# A decision before a colon lists the kinds of thing decided on, not tasks.
DECIDED_KINDS = (
    "会议指出，清理文件是优化营商环境的重要一环。会议决定，废止一批区政府规范性文件，具体包括：一是与上位法规定不一致的；"
    "二是适用期已过或调整对象已消失的。\n"
)


@pytest.fixture(scope="module")
def learned() -> MeasureFinder:
    return MeasureFinder.default(learned=True)


@pytest.fixture(scope="module")
def rules() -> MeasureFinder:
    return MeasureFinder.default(learned=False)


def _texts(finder: MeasureFinder, body: str, kind: DocKind = "minutes") -> list[str]:
    doc = make_doc("青山市政府常务会议纪要\n" + body)
    doc.meta.kind = kind
    return [m.text for m in finder.find(doc)]


@pytest.mark.parametrize("sentence", DECISIONS)
def test_a_meetings_decision_is_not_vetoed(learned: MeasureFinder, sentence: str) -> None:
    assert sentence in _texts(learned, sentence + "\n")


def test_the_parts_of_a_decided_list_are_measures(rules: MeasureFinder) -> None:
    texts = _texts(rules, DECIDED_LIST)
    assert "一是将企业开办的登记、刻章、申领发票合并为一个环节。" in texts
    assert "二是对新设企业的水电气报装实行并联办理。" in texts
    assert "三是推行涉企证照到期前主动提醒。" in texts
    # The meeting's judgement before the decision is no measure.
    assert not any(t.startswith("会议指出") for t in texts)


def test_the_kinds_under_a_decision_before_a_colon_are_not_parts(rules: MeasureFinder) -> None:
    texts = _texts(rules, DECIDED_KINDS)
    assert not any(t.startswith(("一是", "二是")) for t in texts)


def test_a_decision_outside_minutes_is_read_as_before(rules: MeasureFinder) -> None:
    # Outside minutes no paragraph is read at sentence grain: the list is not opened by the decision.
    texts = _texts(rules, DECIDED_LIST, kind="report")
    assert "三是推行涉企证照到期前主动提醒。" not in texts


@pytest.mark.parametrize("sentence", REQUESTS)
def test_a_voiced_request_is_not_vetoed(learned: MeasureFinder, sentence: str) -> None:
    assert sentence in _texts(learned, sentence + "\n")


def test_a_voiced_request_as_a_title_is_not_vetoed(learned: MeasureFinder) -> None:
    texts = _texts(learned, "会议指出，要深入推进老旧小区改造。当前各地进度不一，群众期盼较高。\n")
    assert "会议指出，要深入推进老旧小区改造。" in texts


def test_a_judgement_with_a_modal_is_still_read_by_the_model(learned: MeasureFinder) -> None:
    # `会议认为` is a judgement, not a request: no spared form.
    assert _texts(learned, "会议认为，要看到当前经济恢复的基础还不稳固。\n") == []


def test_what_the_meeting_did_is_no_request(learned: MeasureFinder) -> None:
    assert _texts(learned, "会议部署了下一阶段工作。\n") == []


@pytest.mark.parametrize("sentence", PLAIN_DECISIONS)
def test_a_decision_is_a_measure_whatever_its_verb(
    rules: MeasureFinder, learned: MeasureFinder, sentence: str
) -> None:
    assert sentence in _texts(rules, sentence + "\n")
    assert sentence in _texts(learned, sentence + "\n")


def test_a_meetings_schedule_is_no_decided_measure(learned: MeasureFinder) -> None:
    assert _texts(learned, "会议决定，区人大常委会第五次会议于6月3日举行。\n") == []


def test_a_decision_after_its_purpose_opens_its_list(learned: MeasureFinder) -> None:
    texts = _texts(learned, PURPOSED_LIST)
    assert "为激发消费潜力，会议决定，在老城区试行夜间经营时段延长政策。" in texts
    assert "二是延长公交夜班线路运营时间。" in texts
    assert "三是简化临时活动审批。" in texts


def test_a_decision_before_a_colon_opens_its_list(learned: MeasureFinder) -> None:
    texts = _texts(learned, COLON_LIST)
    assert "二是支持村集体盘活闲置用房。" in texts
    assert "三是加快农村公路提档升级。" in texts


def test_a_meeting_named_by_its_chair_does_not_reject_the_requirement(learned: MeasureFinder) -> None:
    sentence = "会议指出，要认真贯彻市委书记主持召开的常委会会议精神，加强汛期值守，做好转移避险准备。"
    assert sentence in _texts(learned, sentence + "\n")


def test_who_chaired_the_meeting_is_no_measure(rules: MeasureFinder) -> None:
    assert _texts(rules, "常务副市长主持召开专题会议，要求加快推进老旧小区改造。\n") == []


# Requests with the modal late: the voice first says why or what about, then a later clause opens
# with `要` and the work, or names who must act (`各街道要…`, `有关方面要…`).
LATE_REQUESTS = (
    "会议指出，城区老桥大多建于上世纪八十年代，要抓紧完成安全检测和加固。",
    "会议指出，冬季用电负荷攀升，要提前做好电网检修和应急抢修准备。",
    "会议认为，各部门对规划稿提了不少修改建议，要逐条梳理、认真吸收。",
    "会议强调，各街道要全面排查老旧小区电梯安全隐患。",
    "张某某指出，新修订的条例下月起施行，有关方面要抓好宣传解读和配套制度建设。",
)

# A late `必须` (a principle or an attitude), a modal inside a clause, a call to see: still the model's.
LATE_ATTITUDES = (
    "会议指出，当前外部环境复杂多变，必须增强忧患意识，做到居安思危。",
    "会议指出，形势越是复杂，越要保持战略定力。",
    "会议指出，在充分肯定成绩的同时，要清醒看到发展中存在的不少困难。",
)


@pytest.mark.parametrize("sentence", LATE_REQUESTS)
def test_a_request_with_its_modal_late_is_not_vetoed(learned: MeasureFinder, sentence: str) -> None:
    assert sentence in _texts(learned, sentence + "\n")


@pytest.mark.parametrize("sentence", LATE_ATTITUDES)
def test_an_attitude_with_its_modal_late_is_still_read_by_the_model(
    rules: MeasureFinder, learned: MeasureFinder, sentence: str
) -> None:
    assert sentence in _texts(rules, sentence + "\n")
    assert sentence not in _texts(learned, sentence + "\n")
