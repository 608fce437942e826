"""A bound without a year of its own in a sentence that names a yearly cycle falls due every year
(issue 9): regulations say `每年…报送上一年度的报告，…于5月31日前报送` or `取得收入的次年三月底前`,
and read as dated those bounds resolved to the year of the document's date — for a regulation often
the decades-old date in its head — so that staff saw them as long overdue. They are recurring (P1Y)
and `next_due` reads their month and day; a bound that names its year stays dated.

Texts are written for the tests, modelled on shapes of real regulations and notices."""

from __future__ import annotations

from duban.extractors.deadlines import DeadlineFinder, next_due


def found(
    deadline_finder: DeadlineFinder, text: str, doc_date: str = "1994-07-01"
) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (d.text, d.kind, d.due, d.period)
        for d in deadline_finder.find(text, doc_year=int(doc_date[:4]), doc_date=doc_date)
    ]


def test_a_second_bound_after_an_annual_one_recurs_too(deadline_finder: DeadlineFinder) -> None:
    text = "各协会应当于每年2月底前向主管单位报送上一年度的工作总结，经审核后，于4月30日前报送登记机关。"
    assert found(deadline_finder, text) == [
        ("每年2月底前", "recurring", None, "P1Y"),
        ("4月30日前", "recurring", None, "P1Y"),
    ]


def test_the_year_after_an_event_recurs(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "纳税人应当在领取报酬的次年三月底前办理汇总申报。") == [
        ("次年三月底前", "recurring", None, "P1Y")
    ]
    assert found(deadline_finder, "县财政部门应当于下一年度2月15日前报送决算草案。") == [
        ("2月15日前", "recurring", None, "P1Y")
    ]


def test_a_yearly_meeting_in_a_quarter_recurs(deadline_finder: DeadlineFinder) -> None:
    deadlines = deadline_finder.find(
        "每年的第一次全体会议，应当不迟于第二季度召开。", doc_year=1989, doc_date="1989-05-02"
    )
    assert [(d.text, d.kind, d.due, d.period) for d in deadlines][-1] == (
        "第二季度",
        "recurring",
        None,
        "P1Y",
    )
    assert next_due(deadlines[-1], "2026-08-01") == "2027-06-30"


def test_the_next_due_day_of_a_recurring_bound_is_read_from_its_text(deadline_finder: DeadlineFinder) -> None:
    deadlines = deadline_finder.find(
        "纳税人应当在领取报酬的次年三月底前办理汇总申报。", doc_year=1981, doc_date="1981-01-01"
    )
    assert next_due(deadlines[0], "2026-12-05") == "2027-03-31"


def dated(deadline_finder: DeadlineFinder, text: str) -> tuple[str, str | None]:
    """The last bound of a text in a document dated 2023-03-01, with its due date, if it stays dated."""
    last = found(deadline_finder, text, "2023-03-01")[-1]
    return (last[0], last[2]) if last[1] == "absolute" else (last[0], last[1])


def test_a_named_year_stays_dated(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "每年开展一次检查，今年9月底前完成首轮。", "2023-03-01")[0][1:] == (
        "recurring",
        None,
        "P1Y",
    )
    assert dated(deadline_finder, "每年开展一次检查，今年9月底前完成首轮。") == ("今年9月底前", "2023-09-30")
    assert dated(deadline_finder, "每年评估一次，2024年6月底前完成首次评估。") == (
        "2024年6月底前",
        "2024-06-30",
    )


def test_without_a_cycle_a_bound_keeps_its_date(deadline_finder: DeadlineFinder) -> None:
    assert dated(deadline_finder, "各县区要在6月底前完成排查。") == ("6月底前", "2023-06-30")
    # a cycle in an earlier sentence does not carry over
    assert dated(deadline_finder, "每年组织一次培训。各县区要在6月底前完成排查。") == (
        "6月底前",
        "2023-06-30",
    )


def test_a_yearly_day_named_as_a_festival_is_no_bound(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "每年的农历七月初七为本县民俗文化节。") == []


def test_a_start_bound_that_dates_a_legal_status_or_a_count_is_no_bound(
    deadline_finder: DeadlineFinder,
) -> None:
    # a right, a status or a period that begins on a day sets no one work (issue 9)
    assert found(deadline_finder, "商标专用权自核准注册之日起取得。") == []
    assert found(deadline_finder, "协会自登记机关核准之日起即具有法人资格。") == []
    assert found(deadline_finder, "保修期限自工程移交之日起计算。") == []
    # a start bound that opens work keeps its bound
    assert found(deadline_finder, "自收到整改通知之日起，各单位要逐项落实整改。")[0][:2] == (
        "自收到整改通知之日起",
        "absolute",
    )


def test_the_day_a_daily_fine_starts_is_no_bound(deadline_finder: DeadlineFinder) -> None:
    text = "拒不改正的，处罚机关可以自责令改正之日的次日起，按照原罚款数额按日连续处罚。"
    assert found(deadline_finder, text) == []
