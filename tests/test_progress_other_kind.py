"""A report given the kind `other` (issue 9, stop 56: `ProgressFinder._other_reads_as_report`).

`other` is what the kind decision gives a text with no cue of a genre, so it says little of how to
read the text; read as a news item, a report loses nearly all its statements. A text given `other`
whose paragraphs state progress with explicit cues, in two paragraphs or more and no fewer than
those that set requirements, is read as the report it is. Not one whose only stating paragraph is
its news (`…印发了…`), nor news of a document released (`国务院印发《…》`: its targets are that
document's, `progress.released_opening.v1`), nor a law's articles (`progress.article.v1`). Texts
written for the test."""

from __future__ import annotations

import pytest

from duban.base.model import DocKind
from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs


def pairs(finder: ProgressFinder, text: str, kind: DocKind) -> list[tuple[str, str]]:
    title, _, body = text.partition("\n")
    return progress_pairs(finder, title, body, kind)


# A quarter's account of the year's projects, as a city's site posts it (no genre word, few cues).
PROJECTS = (
    "前三季度全市重点项目加快推进\n"
    "今年全市安排重点项目40个，截至9月底，其中18个项目已完成全年任务，12个项目正在加快建设。\n"
    "全市累计完成投资56.3亿元，完成年度计划的81.2%。\n"
    "下一步，各责任单位要倒排工期，确保年底前全面完成。\n"
)

# A check of a department's websites, told as a notice of its results.
WEBSITES = (
    "某区政务网站一季度检查结果\n"
    "近日，区政府办公室对各单位网站运行情况进行了检查。\n"
    "经检查，区农业局网站已完成改版，区人社局网站已经完成栏目整合。\n"
    "部分单位网站仍存在更新不及时的问题，区水务局网站超过3个月未更新。\n"
)


@pytest.mark.parametrize("text", [PROJECTS, WEBSITES], ids=["projects", "websites"])
def test_a_report_given_other_keeps_the_statements_it_has_as_a_report(
    progress_finder: ProgressFinder, text: str
) -> None:
    as_other = pairs(progress_finder, text, "other")
    assert len(as_other) >= 3
    assert as_other == pairs(progress_finder, text, "report")


def test_one_stating_paragraph_is_the_news_not_a_report(progress_finder: ProgressFinder) -> None:
    text = (
        "某市出台支持小微企业发展若干措施\n"
        "近日，某市已出台支持小微企业发展的若干措施。\n"
        "措施明确，对新设立的小微企业给予一次性补助。\n"
        "措施提出，到2025年，全市小微企业数量达到10万户，融资环境明显改善。\n"
    )
    assert pairs(progress_finder, text, "other") == []
    assert pairs(progress_finder, text, "report") != []


def test_news_of_a_release_is_not_read_as_a_report(progress_finder: ProgressFinder) -> None:
    text = (
        "国务院印发《某领域发展规划纲要》\n"
        "国务院近日印发《某领域发展规划纲要》，已于日前正式实施。\n"
        "《纲要》提出，到2035年，现代化体系基本建成，已建成的示范区达到50个。\n"
        "《纲要》明确，已出台的扶持政策继续有效，各地已开展的试点全面推开，已经取得的成果得到巩固。\n"
    )
    assert pairs(progress_finder, text, "other") == []
    assert pairs(progress_finder, text, "report") != []


def test_a_law_s_articles_are_not_read_as_a_report(progress_finder: ProgressFinder) -> None:
    text = (
        "某某条例修正案\n"
        "第五条 本省已经建立统一的登记制度，全省登记工作已于2020年全面完成。\n"
        "第九条 已完成试点的地区，试点工作已经全面推开，累计完成登记1200件。\n"
        "第十二条 本条例自公布之日起施行。\n"
    )
    assert pairs(progress_finder, text, "other") == []
    assert pairs(progress_finder, text, "report") != []
