"""The units a measure puts in charge, as the ledger and the name filters read them.

A measure that says `由A牵头，B负责…` names A lead and B responsible: the ledger's 牵头 column lists
both (it listed A only, and B was in no column and no filter of the ledger found it), and
`牵头单位:B` finds the measure in the ledger as in the search. Name filters take every spelling
the alias list knows (`index.spellings`).
"""

from __future__ import annotations

from typing import Any

import pytest

from duban.base.stored import StoredDocument
from duban.index.filters import parse_filters
from duban.index.spellings import issuer_holds, spellings, written_out
from duban.pipeline.ledger import ledger_rows, unit_lines, unit_summary
from duban.pipeline.status import check
from tests.test_crosscheck import fixture_records

AS_OF = "2023-08-15"


def _with_units(*units: list[dict[str, str]]) -> list[StoredDocument]:
    """The fixture documents, the first directive's first measures' units replaced by `units`."""
    records = fixture_records()
    changed: list[StoredDocument] = []
    done = False
    for record in records.values():
        data: dict[str, Any] = record.to_json()
        if (
            not done
            and data.get("doc", {}).get("kind") == "policy"
            and len(data.get("measures", [])) >= len(units)
        ):
            for measure, replaced in zip(data["measures"], units, strict=False):
                measure["units"] = replaced
            done = True
        changed.append(StoredDocument.from_json(data))
    assert done, "the fixtures hold a policy with measures"
    return changed


def _first_directive_row(records: list[StoredDocument], **filters: str) -> list[str]:
    result = check(records, AS_OF)
    first = next(r for r in records if r.doc.kind == "policy" and r.measures)
    return [
        row.measure.text
        for row in ledger_rows(result, parse_filters(**filters))
        if row.doc_id == first.doc_id
    ]


def test_the_ledger_lists_a_responsible_unit_beside_the_lead() -> None:
    units = [
        {"name": "市财政局", "role": "lead"},
        {"name": "各区人民政府", "role": "responsible"},
        {"name": "市审计局", "role": "co"},
    ]
    records = _with_units(units)
    result = check(records, AS_OF)
    first = next(r for r in records if r.doc.kind == "policy" and r.measures)
    status = next(s for doc in result.directives if doc.record.doc_id == first.doc_id for s in doc.measures)
    assert status.lead == ["市财政局", "各区人民政府"]
    assert status.co == ["市审计局"]
    text = first.measures[0].text
    assert text in _first_directive_row(records, unit="各区政府", role="lead")
    assert text not in _first_directive_row(records, unit="各区人民政府", role="co")
    assert text in _first_directive_row(records, unit="市审计局", role="co")
    assert text in _first_directive_row(records, unit="各区人民政府", role="responsible")
    assert text not in _first_directive_row(records, unit="市财政局", role="responsible")
    assert text in _first_directive_row(records, unit="市财政局", role="lead")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("市发改委", {"市发展改革委", "市发展和改革委员会"}),
        ("市发展和改革委员会", {"市发展改革委", "市发改委"}),
        ("市人民政府", {"市政府"}),
        ("市网信办", {"市网信办公室"}),
        ("市人社局", {"市人力资源和社会保障局", "市人力资源社会保障局"}),
    ],
)
def test_spellings_of_a_name(typed: str, expected: set[str]) -> None:
    found = spellings(typed)
    assert found[0] == typed
    assert set(found[1:]) == expected


def test_a_form_that_holds_the_other_is_not_doubled() -> None:
    assert all("人民人民" not in form for form in spellings("市人民政府"))
    assert all("办公室公室" not in form for form in spellings("市网信办公室"))
    assert spellings("市财政局") == ("市财政局",)


def test_issuer_holds_ignores_case_and_missing_values() -> None:
    assert issuer_holds("XX市发展改革委", "xx市发改委")
    assert not issuer_holds(None, "市发改委")
    assert not issuer_holds("市财政局", "市发改委")
    assert not issuer_holds("东山县人民政府", "民政"), "人民|政府: 民政 starts no word"


def test_the_sheets_by_unit_count_a_body_once_whatever_its_spelling() -> None:
    records = _with_units(
        [{"name": "甲县发改委", "role": "lead"}],
        [{"name": "甲县发展和改革委员会", "role": "responsible"}, {"name": "甲县发展改革委", "role": "co"}],
        [{"name": "市财政局", "role": "lead"}, {"name": "甲县发展改革委", "role": "co"}],
    )
    rows = ledger_rows(check(records, AS_OF))
    summary = {line[0]: line for line in unit_summary(rows)}
    assert "甲县发改委" not in summary and "甲县发展和改革委员会" not in summary
    lead, co, total = summary["甲县发展改革委"][1:4]
    assert (lead, co, total) == (2, 1, 3), (
        "led twice, co-operates once; the measure naming it twice counts once"
    )
    listed = [values[:2] for values, _ in unit_lines(rows) if values[0] == "甲县发展改革委"]
    assert sorted(listed) == [
        ["甲县发展改革委", "牵头"],
        ["甲县发展改革委", "牵头"],
        ["甲县发展改革委", "配合"],
    ]
    assert any("甲县发改委" in row.measure.lead for row in rows), "the main sheet keeps the name as written"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("市发改委", "市发展改革委"),
        ("市发展和改革委员会", "市发展改革委"),
        ("区人社局", "区人力资源社会保障局"),
        ("市网信办", "市网信办公室"),
        ("市网信办公室", "市网信办公室"),
        ("市人民政府", "市人民政府"),
        ("市财政局", "市财政局"),
    ],
)
def test_written_out_gives_one_name_per_body(name: str, expected: str) -> None:
    assert written_out(name) == expected
