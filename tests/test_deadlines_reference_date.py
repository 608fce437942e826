"""Bounds without a year resolve against the document's own date (issue 9): a notice signed late
in the year that asks for `2月底前` or `一季度末前` means the coming year's; one signed a little
after the bound it names keeps its own year; without the document's date nothing is guessed.

Texts are written for the tests, modelled on shapes of real notices and work plans."""

from __future__ import annotations

from duban.extractors.deadlines import DeadlineFinder


def dues(deadline_finder: DeadlineFinder, text: str, doc_date: str | None) -> list[tuple[str, str | None]]:
    year = int(doc_date[:4]) if doc_date else None
    return [(d.text, d.due) for d in deadline_finder.find(text, doc_year=year, doc_date=doc_date)]


def test_a_month_long_past_in_the_documents_year_is_the_next_years(deadline_finder: DeadlineFinder) -> None:
    assert dues(deadline_finder, "各单位于2月底前报送自查报告。", "2023-11-20") == [("2月底前", "2024-02-29")]
    assert dues(deadline_finder, "一季度末前完成系统升级。", "2023-12-05") == [("一季度末前", "2024-03-31")]
    assert dues(deadline_finder, "上半年完成全部改造任务。", "2023-10-08") == [("上半年", "2024-06-30")]


def test_a_month_just_behind_the_document_keeps_its_year(deadline_finder: DeadlineFinder) -> None:
    # signed (or posted) a few weeks after the bound it names: no reason to move it a year on
    assert dues(deadline_finder, "6月底前完成摸底排查。", "2023-07-10") == [("6月底前", "2023-06-30")]
    assert dues(deadline_finder, "9月30日前报送。", "2023-03-01") == [("9月30日前", "2023-09-30")]


def test_a_named_year_is_never_moved(deadline_finder: DeadlineFinder) -> None:
    assert dues(deadline_finder, "2023年2月底前完成验收。", "2023-11-20") == [("2023年2月底前", "2023-02-28")]
    assert dues(deadline_finder, "今年3月底前完成整改。", "2023-11-20") == [("今年3月底前", "2023-03-31")]


def test_the_documents_own_month_is_read_as_written(deadline_finder: DeadlineFinder) -> None:
    assert dues(deadline_finder, "请于本月20日前反馈。", "2023-12-05") == [("本月20日前", "2023-12-20")]
    assert dues(deadline_finder, "下月5日前报送。", "2023-12-05") == [("下月5日前", "2024-01-05")]


def test_a_range_over_the_years_turn_ends_in_the_next_year(deadline_finder: DeadlineFinder) -> None:
    assert dues(deadline_finder, "12月20日至1月10日开展集中整治。", "2023-03-01") == [
        ("12月20日至1月10日", "2024-01-10")
    ]
    assert dues(deadline_finder, "3月1日至6月30日开展专项行动。", "2023-03-01") == [
        ("3月1日至6月30日", "2023-06-30")
    ]


def test_with_only_the_year_known_the_year_is_kept(deadline_finder: DeadlineFinder) -> None:
    assert dues(deadline_finder, "2月底前报送自查报告。", "2023") == [("2月底前", "2023-02-28")]


def test_without_the_documents_date_no_due_is_guessed(deadline_finder: DeadlineFinder) -> None:
    assert dues(deadline_finder, "年底前完成，本月底前报送方案，明年上半年验收。", None) == [
        ("年底前", None),
        ("本月底前", None),
        ("明年上半年", None),
    ]
