"""Progress shapes from the third draw of the real yardstick (issue 9), with texts written for the test:
a work report's frames and item headings, honours won, an approval that opens a read-out, a leader's
visit, a read-out's own announcements, and an item's problem title above its detail."""

from __future__ import annotations

from duban.base.model import DocKind
from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs


def pairs(finder: ProgressFinder, text: str, kind: DocKind = "report") -> list[tuple[str, str]]:
    title, body = text.split("\n", 1)
    return progress_pairs(finder, title, body, kind)


REVIEW = "某市政府工作报告\n一、2025年工作回顾\n"


def test_a_work_reports_lead_in_to_its_list_is_its_frame(progress_rules: ProgressFinder) -> None:
    text = REVIEW + "一年来，我们主要抓好了以下几方面工作：\n新建城市绿道12公里。\n"
    assert pairs(progress_rules, text) == [("done", "新建城市绿道12公里")]


def test_an_item_heading_that_closes_on_its_result_states_it(progress_rules: ProgressFinder) -> None:
    text = REVIEW + "（二）聚力兴产业，转型发展取得新突破。新引进制造业项目15个。\n"
    statuses = [status for status, _ in pairs(progress_rules, text)]
    assert pairs(progress_rules, text)[0][1].endswith("转型发展取得新突破")
    assert statuses == ["in_progress", "done"]


def test_a_bare_field_heading_still_states_nothing(progress_rules: ProgressFinder) -> None:
    text = REVIEW + "（二）聚力兴产业。新引进制造业项目15个。\n"
    assert pairs(progress_rules, text) == [("done", "新引进制造业项目15个")]


def test_honours_and_approvals_won_are_done_in_a_review(progress_rules: ProgressFinder) -> None:
    text = (
        REVIEW
        + "全年已完成固定资产投资120亿元。\n东湖区获批国家级生态保护示范区。市图书馆荣获省级文明单位称号。\n"
    )
    assert [status for status, _ in pairs(progress_rules, text)] == ["done", "done", "done"]


def test_an_approval_that_opens_a_sentence_is_no_work_done(progress_rules: ProgressFinder) -> None:
    text = "某省环保督察动态\n经省委、省政府批准，第二轮省级环保督察全面启动，将对6个市开展督察。\n"
    assert pairs(progress_rules, text) == [("in_progress", "第二轮省级环保督察全面启动")]


def test_a_leaders_visit_is_no_work_under_way(progress_rules: ProgressFinder) -> None:
    # A name ending in 正 before 在 read as `正在`.
    text = "某领导小组会议召开\n3月5日，副省长林正在新区建设指挥部调研。\n会议要求加快推进项目建设。\n"
    assert pairs(progress_rules, text, "minutes") == []


def test_a_read_outs_own_announcement_is_its_frame(progress_rules: ProgressFinder) -> None:
    text = "某市纪委通报典型问题\n日前，市纪委对4起违反中央八项规定精神问题进行了公开通报。\n"
    assert pairs(progress_rules, text) == []


def test_a_shortfall_heading_its_detail_is_a_title(progress_rules: ProgressFinder) -> None:
    text = (
        "关于政务新媒体检查情况的通报\n一是账号开设还不规范。部分单位未按要求办理备案，个别账号长期未更新。\n"
    )
    assert pairs(progress_rules, text) == [("lagging", "部分单位未按要求办理备案，个别账号长期未更新")]
