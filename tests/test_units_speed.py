"""The unit finder's screen of clause openings (`UnitFinder._stops`, `_may_stop`) turns away only
clauses in which the full reading finds no subject, and it turns most of them away.

Each test compares `_subject` behind the screen with `_subject` where the screen lets every clause
through, at every position of invented texts that hold each kind of subject end: a cue after a
name, a name in quotes, `各…`/`全体…` subjects, `是…第一责任人`, a comma before the modal, a bare
subject before its act, an item number before the name, and clauses that open no subject at all.
"""

from __future__ import annotations

import pytest

from duban.extractors import units
from duban.extractors.units import UnitFinder, _Stops

_TEXTS = [
    "一、县住建局要于月底前完成排查，各乡镇配合做好摸底；县财政局负责资金保障。",
    "“区城管局”要牵头整治占道经营，全体党员要带头参加志愿服务。",
    "各村书记是本村防汛工作的第一责任人，负有监管职责的有关部门，要加强巡查。",
    "水务局正在牵头编制规划，交通局优化好线路，加强统筹协调，确保按期完成。",
    "（三）市场监管局、商务局按季度通报价格情况。会议要求各街道立即开展自查。",
    "建立健全长效机制，推动资源下沉，提高服务水平，不断增强群众获得感。",
    "完善考核办法，形成工作合力，营造良好氛围，确保各项任务落到实处。",
]


@pytest.fixture(scope="module")
def finder() -> UnitFinder:
    return UnitFinder.default()


def _open_everything(finder: UnitFinder, text: str) -> _Stops:
    """Stops that let every clause through the screen: every position may end a subject."""
    everywhere = list(range(len(text) + 1))
    return _Stops(finder._stops(text).cues, everywhere, everywhere)


@pytest.mark.parametrize("text", _TEXTS)
def test_the_screen_answers_as_the_full_reading(finder: UnitFinder, text: str) -> None:
    stops = finder._stops(text)
    plain = _open_everything(finder, text)
    for rule_id in ("unit.clause_start.v4", ""):
        for start in range(len(text)):
            assert finder._subject(start, text, rule_id, stops) == finder._subject(
                start, text, rule_id, plain
            )


@pytest.mark.skipif(
    not (units.__file__ or "").endswith(".py"),
    reason="swaps UnitFinder._may_stop, which the compiled finder (`make compile`) calls directly",
)
def test_find_turns_clauses_away_and_keeps_its_units(
    finder: UnitFinder, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers: list[bool] = []
    screen = UnitFinder._may_stop

    def recorded(self: UnitFinder, masked: str, start: int, end: int, stops: _Stops, bare: bool) -> bool:
        answers.append(screen(self, masked, start, end, stops, bare))
        return answers[-1]

    fresh = UnitFinder.default()  # no remembered lists from the other tests
    monkeypatch.setattr(UnitFinder, "_may_stop", recorded)
    screened = [fresh.find(text) for text in _TEXTS]
    monkeypatch.setattr(UnitFinder, "_may_stop", lambda *_: True)
    assert [UnitFinder.default().find(text) for text in _TEXTS] == screened
    assert sum(map(len, screened)) >= 8  # the texts name units: the comparison is not of empties
    assert answers.count(False) >= 6  # subjectless clauses (`建立健全…`, `营造…`) were turned away


_COMPILED = not (units.__file__ or "").endswith(".py")


@pytest.mark.skipif(_COMPILED, reason="swaps UnitFinder methods, which the compiled finder calls directly")
def test_a_remembered_list_is_not_screened_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The screen of strict lists reads the remembered text alone: a text the memo holds passed
    it once, so a second reading of that text (at another place) is answered without it."""
    asked: list[str] = []
    screen = UnitFinder._may_be_list

    def recorded(self: UnitFinder, masked: str, start: int, end: int) -> bool:
        asked.append(masked[start:end])
        return screen(self, masked, start, end)

    monkeypatch.setattr(UnitFinder, "_may_be_list", recorded)
    fresh = UnitFinder.default()
    text = "甲，县农业农村局、县水利局要于汛前完成检查；乙，县农业农村局、县水利局要做好调度。"
    first_at = text.index("县农业农村局")
    second_at = text.index("县农业农村局", first_at + 1)
    span = len("县农业农村局、县水利局")
    first = fresh._list(first_at, first_at + span, "responsible", text, "r", strict=True)
    second = fresh._list(second_at, second_at + span, "responsible", text, "r", strict=True)
    assert [u.name for u in first] == [u.name for u in second] == ["县农业农村局", "县水利局"]
    assert second[0].start == second_at
    assert asked == ["县农业农村局、县水利局"]  # once, at the first reading
    # a text the screen turns away is not remembered: it is screened at each reading
    for _ in range(2):
        assert fresh._list(0, 7, "responsible", "加强统筹协调推进", "r", strict=True) == []
    assert asked[1:] == ["加强统筹协调推进"[:7]] * 2


@pytest.mark.skipif(_COMPILED, reason="swaps UnitFinder methods, which the compiled finder calls directly")
def test_the_act_after_a_subject_is_read_only_for_a_list_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """`_subject` asks whether an act follows a candidate subject (a verb and its object) only
    for a candidate end that gave a list, and only for a clause rule (`opening` never reads it);
    the subjects found are those of a reading that asks it at every candidate end."""
    asked: list[int] = []
    act_at = UnitFinder._act_at

    def recorded(self: UnitFinder, masked: str, pos: int) -> bool:
        asked.append(pos)
        return act_at(self, masked, pos)

    monkeypatch.setattr(UnitFinder, "_act_at", recorded)
    fresh = UnitFinder.default()
    found = [fresh.find(text) for text in _TEXTS]
    assert sum(map(len, found)) >= 8
    cued = len(asked)
    assert 0 < cued <= sum(map(len, found))  # never more often than lists were found
    for text in _TEXTS:
        for start in range(len(text)):
            fresh._subject(start, text, "", None)
    assert len(asked) == cued  # the measure rules' `opening` reading never asks
