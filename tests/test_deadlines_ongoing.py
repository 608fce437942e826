"""An ongoing word (持续推进, 长期坚持, 久久为功) is a bound where it is said of the work as such and
closes its clause, or where a time slot holds it (a table cell, a label value, a bracket marker);
followed by its object it is the measure's verb (`持续推进城乡环境整治`), no bound. Every text is
written here."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder


def found(deadline_finder: DeadlineFinder, text: str) -> list[str]:
    return [d.text for d in deadline_finder.find(text, 0, None, "2024-03-01")]


@pytest.mark.parametrize(
    "text",
    [
        "持续推进城乡环境整治，年内完成农房改造。",
        "各镇街要持续开展“清河”专项行动。",
        "持续推进12个示范片区建设。",
        "要长期坚持整治违建，不留死角。",
        "持續推進老舊小區改造。",
    ],
)
def test_an_ongoing_word_before_its_object_is_the_verb(deadline_finder: DeadlineFinder, text: str) -> None:
    assert not any(
        d in ("持续推进", "持续开展", "长期坚持", "持續推進") for d in found(deadline_finder, text)
    )


def test_the_verb_leaves_the_clause_s_own_bound(deadline_finder: DeadlineFinder) -> None:
    assert found(deadline_finder, "持续推进城乡环境整治，年内完成农房改造。") == ["年内"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("这项制度要长期坚持。", "长期坚持"),
        ("治理工作要常抓不懈、久久为功。", "久久为功"),
        ("（持续推进，牵头单位：市住建局）", "持续推进"),
        ("时限要求：持续推进", "持续推进"),
    ],
)
def test_an_ongoing_word_said_of_the_work_stays_a_bound(
    deadline_finder: DeadlineFinder, text: str, span: str
) -> None:
    assert span in found(deadline_finder, text)


def test_a_time_limit_cell_of_an_ongoing_word_stays_a_bound(deadline_finder: DeadlineFinder) -> None:
    assert [(d.text, d.kind) for d in deadline_finder.find_cell("持续推进", 0, 2024)] == [
        ("持续推进", "ongoing")
    ]
