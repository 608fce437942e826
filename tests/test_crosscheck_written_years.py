"""Content links a supervisor can trust (issue 10): the years two texts write order them, and a
long follower needs evidence in proportion to its length.

The documents are the village water-supply directive and report of `test_xcheck_links`, with
dates and lengths changed for each case; every text here is written for these tests.
"""

from __future__ import annotations

from duban.pipeline.crosscheck import DirectiveIndex, content_blocks, content_links, same_series
from duban.pipeline.crosscheck_content import LINK_SCORE, LONG_FOLLOWER, ContentMatch, outweighs_length
from duban.pipeline.crosscheck_dates import cited_not_before, written_by
from tests.conftest import record
from tests.test_xcheck_links import DIRECTIVE, FOLLOWER

# The report without its date line and with a title that names no year: all it writes of time is
# a look back on 2022, as an undated news item or report does.
UNDATED_FOLLOWER = (
    FOLLOWER.replace("青松县水利局2024年上半年工作情况汇报", "青松县水利局农村供水工作情况汇报")
    .replace("2024年7月8日\n", "")
    .replace("今年以来，", "2022年以来，")
)


def _pair(directive: str, follower: str) -> tuple[DirectiveIndex, set[str]]:
    index = DirectiveIndex([record(directive, "directive"), record(follower, "report")])
    return index, content_blocks(index.records["directive"], index.records["report"], [], index)


def test_a_follower_that_writes_no_year_after_the_directive_does_not_follow_it() -> None:
    """The directive is signed in 2024; the report prints no date and writes no year after 2022, so
    it was written before the directive and cannot report on it, however much text they share."""
    index, blocks = _pair(DIRECTIVE, UNDATED_FOLLOWER)
    assert blocks == {"years_written"}
    assert content_links(index, [index.records["report"]], []) == []


def test_the_same_undated_follower_writing_the_directive_year_is_linked() -> None:
    """Writing the year the directive was issued (a target or a look back alike), the report may
    follow it: the link stands."""
    follower = UNDATED_FOLLOWER.replace("2022年以来，", "2024年以来，")
    index, blocks = _pair(DIRECTIVE, follower)
    assert blocks == set()
    (link,) = content_links(index, [index.records["report"]], [])
    assert (link.directive.doc_id, link.via) == ("directive", "content")


def test_a_directive_looking_back_on_a_later_year_than_its_dated_follower_comes_after_it() -> None:
    """An undated directive that looks back on 2025 (`2025年，全市…`) was issued in 2025 or later;
    a report signed in July 2024 does not follow it. A target year (`到2026年`) bounds nothing."""
    undated = DIRECTIVE.replace("2024年3月5日\n", "").replace("青政办发〔2024〕9号", "青政办发〔2025〕9号")
    looking_back = undated.replace(
        "为加快补齐农村供水短板", "2025年，全市农村自来水普及率达到九成。为加快补齐农村供水短板"
    )
    _, blocks = _pair(looking_back, FOLLOWER)
    assert "years_written" in blocks
    with_target = undated.replace(
        "为加快补齐农村供水短板", "到2026年，全市农村自来水普及率达到九成。为加快补齐农村供水短板"
    )
    _, blocks = _pair(with_target, FOLLOWER)
    assert "years_written" not in blocks


def test_years_written_as_reached_and_as_ahead() -> None:
    text = "某某专项规划（2016—2020年）\n2017年以来，全县新建水厂三座。到2025年，实现全覆盖；2023年底前完成改造。"
    directive = record(text, "plan")
    # 2017 is reached; 2020 ends a period, 2025 is a target and 2023 a deadline: none is reached
    assert cited_not_before(directive) == "2017-01-01"
    # undated, the text is read as written by the end of the latest year it writes at all
    assert written_by(directive) == "2025-12-31"
    assert written_by(record("某某工作会议召开\n会议研究了近期工作。", "m")) is None
    # a dated follower keeps its own date
    assert written_by(record(FOLLOWER, "report")) == "2024-07-08"


def test_a_long_follower_needs_evidence_in_proportion_to_its_length() -> None:
    """The same report, padded out to a long review of a year's work on other topics, shares as much
    with the directive as before: for a follower that long, that is what chance gives."""
    filler = "".join(f"第{i}项其他工作按照年度安排有序开展。\n" for i in range(1, 1200))
    long_follower = FOLLOWER.replace("三、管护经费落实进度滞后。", "三、管护经费落实进度滞后。\n" + filler)
    assert len(long_follower) > 4 * LONG_FOLLOWER
    index = DirectiveIndex([record(DIRECTIVE, "directive"), record(long_follower, "report")])
    assert content_blocks(index.records["directive"], index.records["report"], [], index) == set()
    assert content_links(index, [index.records["report"]], []) == []
    short = DirectiveIndex([record(DIRECTIVE, "directive"), record(FOLLOWER, "report")])
    assert len(content_links(short, [short.records["report"]], [])) == 1


def test_outweighs_length_scales_only_above_the_long_follower_length() -> None:
    match = ContentMatch(directive="d", score=LINK_SCORE, passages=(), sentences=0, facts=())
    assert outweighs_length(match, "字" * LONG_FOLLOWER)
    assert not outweighs_length(match, "字" * (2 * LONG_FOLLOWER))
    assert outweighs_length(
        ContentMatch(directive="d", score=2 * LINK_SCORE, passages=(), sentences=0, facts=()),
        "字" * (2 * LONG_FOLLOWER),
    )


def test_one_title_over_the_years_is_a_series() -> None:
    """The next year's notice under the same title, the next five-year plan, and a second version of
    one regulation announced under the same page title are issues of one series, not followers;
    a document and the news page of its issue are not."""
    assert same_series(
        "某办印发《关于做好2017年冬季供暖保障工作的通知》",
        "某委某办印发《关于做好2015年冬季供暖保障工作的通知》",
    )
    assert same_series(
        "某部印发《全省水利设施建设规划纲要（2024—2028年）》",
        "某部印发《2019-2023年全省水利设施建设规划纲要》",
    )
    assert same_series("某省印发《某某干部考核工作条例》", "某省印发《某某干部考核工作条例》")
    assert not same_series("某部印发《某某干部考核工作条例》", "某部关于印发某某干部考核工作条例的通知")
    assert not same_series(
        "某办印发《关于做好2017年冬季供暖保障工作的通知》", "关于做好2017年冬季供暖保障工作的通知"
    )
