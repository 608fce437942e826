"""A news item's headline above its first sentence states nothing of its own: it tells in short
what the body then tells in full (dev GG06, X11; real NR00057, NR00107, NR00182), so a statement
read in it stated the body's first statement twice. Texts written for the test."""

from __future__ import annotations

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

# Paragraphs as long as a news page's, so that the layout keeps the headline a line of its own.
_BODY = (
    "本台消息：截至目前，第三轮省级环保督察已完成对全省12个市的督察反馈，交办的3200件群众举报已全部办结，问责干部85人。\n"
    "督察组在反馈中指出，各市生态环境保护工作虽然取得积极进展，但与群众期盼相比仍有差距，部分地方整改不够到位。\n"
    "督察组表示，将持续跟踪各地整改落实情况，对敷衍整改、表面整改的严肃追责问责。\n"
)


def test_a_headline_with_a_subtitle_states_nothing(progress_rules: ProgressFinder) -> None:
    headline = "抓整改促长效 省级环保督察完成第三轮全覆盖"
    found = progress_pairs(progress_rules, headline, _BODY, "report")
    assert found, "the body states the work"
    assert not any("全覆盖" in text for _, text in found)
    assert any("已完成对全省12个市的督察反馈" in text for _, text in found)


def test_chrome_and_headline_above_the_first_sentence_state_nothing(progress_rules: ProgressFinder) -> None:
    found = progress_pairs(
        progress_rules,
        "您的位置：首页 > 要闻",
        "上半年减免各类费用120亿元 小微企业受益最大\n" + _BODY,
        "report",
    )
    assert not any("受益最大" in text for _, text in found)
    assert any("已完成对全省12个市的督察反馈" in text for _, text in found)


def test_a_first_line_with_a_sentence_is_read(progress_rules: ProgressFinder) -> None:
    found = progress_pairs(progress_rules, "截至目前，全县已完成整改问题19个，正在整改6个。", _BODY, "report")
    assert ("done", "截至目前，全县已完成整改问题19个") in found


def test_a_short_line_below_the_first_sentence_is_read(progress_rules: ProgressFinder) -> None:
    body = "截至目前，全县已完成整改问题19个。\n已完成销号的问题有12个\n"
    found = progress_pairs(progress_rules, "全县巡察整改进展情况通报", body, "report")
    assert any(text == "已完成销号的问题有12个" for _, text in found)
