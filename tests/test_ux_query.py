"""The query language: `-word` excludes, upper-case `OR`/`AND` are operators, punctuation finds nothing."""

from __future__ import annotations

import pytest

from duban.base.errors import DubanError
from duban.index.analysis import PUNCTUATION_HINT, Analyzer, text_words


def runs_of(terms: tuple[object, ...]) -> list[str]:
    return [term.run for term in terms]  # type: ignore[attr-defined]


def test_a_leading_minus_excludes_a_word() -> None:
    query = Analyzer().parse_query("财政 -审计")
    assert runs_of(query.terms) == ["财政"]
    assert runs_of(query.excluded) == ["审计"]
    exclusion = query.exclusion()
    assert exclusion is not None and exclusion.any_term and runs_of(exclusion.terms) == ["审计"]


def test_full_width_minus_and_exclusion_alone() -> None:
    query = Analyzer().parse_query("－财政")
    assert query.terms == () and runs_of(query.excluded) == ["财政"]
    assert query.hint is None


def test_a_hyphen_inside_a_word_is_no_exclusion() -> None:
    query = Analyzer().parse_query("COVID-19 防控")
    assert query.excluded == ()
    assert "covid" in runs_of(query.terms) and "19" in runs_of(query.terms)


def test_upper_case_or_joins_single_words() -> None:
    query = Analyzer().parse_query("财政 OR 审计")
    assert runs_of(query.terms) == ["财政", "审计"] and query.any_term


def test_or_inside_english_words_or_lower_case_is_a_word() -> None:
    for text, expected in (("ORACLE 数据库", "oracle"), ("or 整改", "or"), ("OR2 整改", "or2")):
        query = Analyzer().parse_query(text)
        assert not query.any_term, text
        assert expected in runs_of(query.terms), text


def test_and_is_the_default_and_may_be_written() -> None:
    written = Analyzer().parse_query("财政 AND 审计")
    implicit = Analyzer().parse_query("财政 审计")
    assert runs_of(written.terms) == runs_of(implicit.terms) == ["财政", "审计"]
    assert not written.any_term
    other = runs_of(Analyzer().parse_query("R AND D 研发 ANDROID and").terms)
    assert other == ["r", "d", "研发", "android", "and"]  # ANDROID and lower-case and are words


def test_or_mixed_with_implicit_and_is_refused() -> None:
    with pytest.raises(DubanError) as raised:
        text_words("财政 预算 OR 审计")
    assert raised.value.code == "E050"


def test_relaxing_keeps_exclusions() -> None:
    query = Analyzer().parse_query("森林防火 -草原")
    relaxed = query.relaxed()
    assert relaxed is not None and runs_of(relaxed.excluded) == ["草原"]


@pytest.mark.parametrize("text", ["，。！", "-", "--", "——", "? ! …"])
def test_a_punctuation_only_query_matches_nothing_with_a_chinese_hint(text: str) -> None:
    query = Analyzer().parse_query(text)
    assert query.terms == () and query.matches_nothing
    assert query.hint == PUNCTUATION_HINT


def test_an_empty_or_filter_only_query_is_no_punctuation_query() -> None:
    assert not Analyzer().parse_query("").matches_nothing
    query = Analyzer().parse_query("status:overdue")
    assert not query.matches_nothing and query.terms == ()
