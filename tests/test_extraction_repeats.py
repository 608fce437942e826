"""Work the extractors keep or skip so as not to do it twice (issue 14, extraction CPU): a lead-in's
carried subject is read once for all the items under it, and a block whose every clause a rule
measure took builds no features for the learned model. The answers are those read afresh.
Texts written for these tests."""

from __future__ import annotations

import pytest

from duban.extractors.measures import MeasureFinder
from duban.extractors.units import UnitFinder

_LEAD_IN = "第八条 县果蔬质量检测中心履行下列职责："
_DUTY_LEAD_IN = "第三条 县古树名木养护站的主要职责是："


@pytest.mark.parametrize(
    ("lead_in", "name"), [(_LEAD_IN, "县果蔬质量检测中心"), (_DUTY_LEAD_IN, "县古树名木养护站")]
)
def test_a_lead_in_read_again_elsewhere_carries_its_body_at_the_new_place(
    unit_finder: UnitFinder, lead_in: str, name: str
) -> None:
    # The same lead-in at two places of two texts: the second answer is the kept one, shifted.
    first = unit_finder.carried(lead_in, 40 + len(lead_in))
    again = unit_finder.carried(lead_in, 900 + len(lead_in))
    assert [u.name for u in first] == [u.name for u in again] == [name]
    (a,), (b,) = first, again
    assert a.start is not None and a.end is not None and b.start is not None and b.end is not None
    assert (b.start - a.start, b.end - a.end) == (860, 860)
    assert lead_in[a.start - 40 : a.end - 40] == name
    assert (a.role, a.provenance) == (b.role, b.provenance)


def test_a_kept_lead_in_answer_is_not_changed_by_what_a_caller_does_with_it(unit_finder: UnitFinder) -> None:
    # Callers may set a unit's role (`first_is_lead`): the next item must still get the answer as read.
    first = unit_finder.carried(_LEAD_IN, len(_LEAD_IN))
    first[0].role = "co"
    first.clear()
    again = unit_finder.carried(_LEAD_IN, len(_LEAD_IN))
    assert [(u.name, u.role) for u in again] == [("县果蔬质量检测中心", "responsible")]


@pytest.mark.parametrize(
    ("taken", "prose", "covered_too", "wanted"),
    [
        (False, None, False, True),  # left out by the rules: the model reads it
        (True, None, False, False),  # taken, and no veto reads it
        (True, None, True, True),  # training reads every clause
        (True, b"\x00\x00\x00\x00", False, False),  # taken by an item measure: the veto spares it
        (True, b"\x00\x01\x00\x00", False, True),  # taken by a prose measure: the veto reads it
    ],
)
def test_which_clauses_the_learned_step_reads(
    taken: bool, prose: bytes | None, covered_too: bool, wanted: bool
) -> None:
    marks = bytearray(prose) if prose is not None else None
    assert MeasureFinder._wanted(taken, marks, 0, 4, covered_too) is wanted
