"""The cross-check's Chinese-text patterns, read from `rules/crosscheck.yaml` (issue 12)."""

from __future__ import annotations

from duban.pipeline import crosscheck, crosscheck_content, status
from duban.rules.ruleset import check_examples, load_rule_file


def test_the_rule_file_examples_hold() -> None:
    assert check_examples(load_rule_file("crosscheck")) == []


def test_the_finders_read_the_rule_file() -> None:
    rules = load_rule_file("crosscheck")
    assert crosscheck._NEWS_OF_TITLE is rules.regex("news_of_title")
    assert crosscheck._UNIT_MARKERS is rules.regex("unit_markers")
    assert crosscheck_content._FACT is rules.regex("fact")
    assert status._YEAR_END is rules.regex("year_end")


def test_unit_markers_cut_across_lines() -> None:
    """The trailing label is cut with everything after it, line breaks included (DOTALL, as before)."""
    text = "加快建设污水管网（牵头单位：市水务局\n配合单位：各区政府）"
    assert crosscheck._UNIT_MARKERS.sub("", text) == "加快建设污水管网"


def test_reviewed_reads_only_the_window_before_a_title() -> None:
    text = "会议审议通过了《城区停车管理办法》"
    start = text.index("《")
    assert crosscheck._REVIEWED.search(text, max(0, start - 8), start)
    assert not crosscheck._REVIEWED.search("会议要求落实《城区停车管理办法》", 0, 6)


def test_context_issuer_names_the_joint_issuers() -> None:
    match = crosscheck._CONTEXT_ISSUER.search("近日，市水务局、市财政局联合印发了《")
    assert match and match.group("issuer") == "市水务局、市财政局"


def test_a_statute_is_told_by_its_articles() -> None:
    articles = "".join(f"第{n}条 内容。" for n in "一二三四五六七八")
    assert crosscheck.is_statute(articles)
    assert not crosscheck.is_statute(articles.replace("第八条", "八、"))
