"""The one date reader: dates in words and figures, partial ISO dates, a year and month."""

from __future__ import annotations

from datetime import date

import pytest

from duban.base.dates import as_date, iso_day, iso_year_month, parse_date, partial_iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023年6月8日，县长主持召开常务会议", "2023-06-08"),
        ("二〇二二年十一月三十日", "2022-11-30"),
        ("印发日期：2019/7/1", "2019-07-01"),
        ("2021年13月1日", None),
        ("2020-02-31", "2020-02-31"),  # a day number the month lacks is kept as written (no calendar)
        ("本月内完成", None),
    ],
)
def test_parse_date_reads_words_then_figures(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("value", "end", "iso"),
    [
        ("2024", False, "2024-01-01"),
        ("2024", True, "2024-12-31"),
        ("2024-02", True, "2024-02-29"),
        ("2023-2-3", False, "2023-02-03"),
        ("2023-02-30", False, None),
        ("2023-13", False, None),
        ("24-01-01", False, None),
    ],
)
def test_partial_iso_fills_the_first_or_last_day(value: str, end: bool, iso: str | None) -> None:
    assert partial_iso(value, end) == iso


def test_iso_year_month_reads_what_is_given() -> None:
    assert iso_year_month("2024-06-30") == (2024, 6)
    assert iso_year_month("2024") == (2024, None)
    assert iso_year_month("2024-13") == (2024, None)
    assert iso_year_month("") is None


def test_as_date_is_lenient() -> None:
    assert as_date("2024-06-30") == date(2024, 6, 30)
    assert as_date("2024-06-31") is None
    assert as_date(None) is None


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2026-06-30", "2026-06-30"),
        ("1900-01-01", "1900-01-01"),
        ("2026-6-30", None),  # a check date is written whole
        ("2026-02-30", None),
        ("1899-12-31", None),
        ("3000-01-01", None),
        ("２０２６-06-30", None),  # full-width digits are not ISO text
        ("2026-06", None),
        ("", None),
    ],
)
def test_iso_day_takes_only_a_whole_day_in_range(value: str, iso: str | None) -> None:
    assert iso_day(value) == iso
