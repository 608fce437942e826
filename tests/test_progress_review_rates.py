"""A rate in a review (issue 9, stop 55): after work done it is that work's result and goes on with
its statement (`progress.apart_rate.v1` in `rules/progress.yaml`), as dev's gold reads work
reports; a rate short of its mark does not, nor does a rate outside a review. Texts written for the
test."""

from __future__ import annotations

from duban.base.model import DocKind
from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs


def pairs(finder: ProgressFinder, body: str, kind: DocKind = "report") -> list[tuple[str, str]]:
    return progress_pairs(finder, "某区2024年政府工作报告", body, kind)


HEADING = "一、2023年工作回顾\n"
# A second paragraph of the review, so that the text reads as a report (one alone does not).
SEWERS = "新建污水管网120公里，城区污水收集率仅为62%，黑臭水体整治进展缓慢。\n"


def test_a_rate_after_work_done_goes_on_with_its_statement(progress_finder: ProgressFinder) -> None:
    # Before, the rate closed the statement: two pieces of one, neither half of it.
    body = HEADING + "全面推行群众诉求快办机制，诉求按期办结率100%，群众满意度居全市首位。\n" + SEWERS
    assert pairs(progress_finder, body)[0] == (
        "done",
        "全面推行群众诉求快办机制，诉求按期办结率100%，群众满意度居全市首位",
    )


def test_a_rate_short_of_its_mark_ends_the_statement(progress_finder: ProgressFinder) -> None:
    body = HEADING + "全面推行群众诉求快办机制。\n" + SEWERS
    assert pairs(progress_finder, body)[1:] == [
        ("done", "新建污水管网120公里"),
        ("lagging", "黑臭水体整治进展缓慢"),
    ]


def test_outside_a_review_a_rate_stands_apart(progress_finder: ProgressFinder) -> None:
    # A meeting's minutes read no review here: the explicit cue's statement ends before the rate.
    body = "会议指出，城东片区棚改已完成签约320户，签约率85%，剩余住户正在逐户走访。\n"
    assert all("签约率" not in text for _, text in pairs(progress_finder, body, "minutes"))
