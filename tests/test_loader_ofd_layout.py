"""The OFD loader's layout (`loaders/ofd.py`) on packages written by
`tests/fixtures/ofd/make_fixtures.py`: a task table whose cells wrap over several lines, with and
without ruling lines, a caption and a note turned beside the body, and a landscape table turned on
a portrait page."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from duban.pipeline.cli import app
from duban.pipeline.loaders import load
from tests.fixtures.ofd import make_fixtures as fx

FIXTURES = Path(__file__).parent / "fixtures" / "ofd"
runner = CliRunner()
WRITTEN = {
    "tasks_ruled.ofd": lambda: fx.task_parts(ruled=True),
    "tasks_open.ofd": lambda: fx.task_parts(ruled=False),
    "turned.ofd": fx.caption_parts,
    "landscape.ofd": fx.landscape_parts,
}


def task_docx(tmp_path: Path) -> Path:
    """The same notice written in Word: the lead, the task table (cells wrap as Word lays them out),
    the closing line."""
    document = docx.Document()
    document.add_paragraph(fx.TASK_LEAD)
    table = document.add_table(rows=len(fx.TASKS), cols=len(fx.TASKS[0]))
    for row, cells in zip(table.rows, fx.TASKS, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph(fx.TASK_CLOSING)
    path = tmp_path / "任务分工.docx"
    document.save(str(path))
    return path


def table_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if " | " in line]


@pytest.mark.parametrize("name", ["tasks_ruled.ofd", "tasks_open.ofd", "landscape.ofd"])
def test_a_wrapped_task_table_reads_the_rows_the_docx_reads(tmp_path: Path, name: str) -> None:
    (page,) = load(FIXTURES / name).pages
    (word,) = load(task_docx(tmp_path)).pages
    assert page.tables == [fx.TASKS]
    assert table_lines(page.text) == table_lines(word.text) == [" | ".join(row) for row in fx.TASKS]
    if name != "landscape.ofd":
        assert page.text.splitlines()[-1] == fx.TASK_CLOSING


def measures(path: Path) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    result = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    return {
        (tuple(unit["name"] for unit in m["units"]), tuple(d["due"] for d in m["deadlines"]))
        for m in record["measures"]
    }


@pytest.mark.parametrize("name", ["tasks_ruled.ofd", "tasks_open.ofd", "landscape.ofd"])
def test_extract_finds_the_measures_units_and_deadlines_the_docx_gives(tmp_path: Path, name: str) -> None:
    found = measures(FIXTURES / name)
    assert found == measures(task_docx(tmp_path))
    assert (("县交通运输局", "县公安局交警大队"), ("2027-06-30",)) in found


def test_turned_text_is_its_own_line_and_leaves_the_body_lines_whole(tmp_path: Path) -> None:
    plain = fx.write(tmp_path / "plain.ofd", fx.caption_parts(with_turned=False))
    (body,) = load(plain).pages
    (page,) = load(FIXTURES / "turned.ofd").pages
    lines = page.text.splitlines()
    assert lines[: len(body.text.splitlines())] == body.text.splitlines()
    assert sorted(lines[len(body.text.splitlines()) :]) == sorted([fx.CAPTION, fx.MARGIN_NOTE])


def test_a_landscape_page_reads_upright_with_its_page_number_after_it() -> None:
    (page,) = load(FIXTURES / "landscape.ofd").pages
    lines = page.text.splitlines()
    assert lines[0] == fx.TASK_LEAD
    assert lines[-1] == "— 3 —"


def test_a_table_that_does_not_wrap_reads_as_before() -> None:
    """The notice's table (no wrapped cell, no ruling lines) keeps its rows, byte for byte."""
    page = load(FIXTURES / "notice.ofd").pages[1]
    assert page.tables == [fx.TABLE]
    assert table_lines(page.text) == [" | ".join(row) for row in fx.TABLE]


def test_a_full_row_close_below_is_a_row_not_a_wrapped_line(tmp_path: Path) -> None:
    """Rows set tightly (one line apart) in aligned columns are rows, not a cell's wrapped lines."""
    ids = fx.Ids()
    rows = [["甲单位", "负责道路", "三月"], ["乙单位", "负责桥梁", "四月"], ["丙单位", "负责隧道", "五月"]]
    objects = [
        fx.text_object(ids, fx.LEFT + 40 * column, 50 + 5 * number, text, 3.7)
        for number, row in enumerate(rows)
        for column, text in enumerate(row)
    ]
    (page,) = load(fx.write(tmp_path / "dense.ofd", fx.package_parts([fx.page_xml(objects)], None))).pages
    assert page.tables == [rows]


def test_numbers_a_row_apart_in_one_object_stay_in_their_rows(tmp_path: Path) -> None:
    """A 序号 column written as one text object, a code per row, is not a vertical caption."""
    ids = fx.Ids()
    codes = "".join(f'<ofd:TextCode X="0" Y="{3.7 + 10 * n:g}">{n + 1}</ofd:TextCode>' for n in range(3))
    objects = [
        f'<ofd:TextObject ID="{ids()}" Boundary="{fx.LEFT:g} 46.3 5 30" Size="3.7">{codes}</ofd:TextObject>'
    ]
    objects += [fx.text_object(ids, fx.LEFT + 20, 50 + 10 * n, f"任务{n + 1}", 3.7) for n in range(3)]
    (page,) = load(fx.write(tmp_path / "numbers.ofd", fx.package_parts([fx.page_xml(objects)], None))).pages
    assert page.tables == [[["1", "任务1"], ["2", "任务2"], ["3", "任务3"]]]


@pytest.mark.parametrize("name", sorted(WRITTEN))
def test_the_fixtures_are_what_the_builder_writes(tmp_path: Path, name: str) -> None:
    """The committed packages are the builder's output (rerun make_fixtures.py after changing it)."""
    written = fx.write(tmp_path / name, WRITTEN[name]())
    with zipfile.ZipFile(written) as new, zipfile.ZipFile(FIXTURES / name) as old:
        assert {n: new.read(n) for n in new.namelist()} == {n: old.read(n) for n in old.namelist()}


def test_numbers_that_are_not_finite_do_not_stop_the_reading(tmp_path: Path) -> None:
    """A damaged count in DeltaX's `g` shorthand or a direction that is not a number is dropped."""
    from duban.pipeline.loaders.ofd import _deltas

    assert _deltas("g inf 3 2") == [2.0]
    parts = fx.caption_parts(with_turned=False)
    page = parts["Doc_0/Pages/Page_0/Content.xml"]
    parts["Doc_0/Pages/Page_0/Content.xml"] = page.replace(
        "<ofd:TextObject ", '<ofd:TextObject ReadDirection="nan" ', 1
    )
    (read,) = load(fx.write(tmp_path / "nan.ofd", parts)).pages
    assert read.text.splitlines()[1] == "下。"


def test_a_code_advancing_down_by_delta_y_is_one_turned_line(tmp_path: Path) -> None:
    """One TextCode whose characters advance by DeltaY only reads down the page: its own line."""
    parts = fx.caption_parts(with_turned=False)
    page = parts["Doc_0/Pages/Page_0/Content.xml"]
    column = (
        '<ofd:TextObject ID="900" Boundary="12 44 6 40" Size="5.6">'
        '<ofd:TextCode X="0" Y="5.6" DeltaY="g 4 5.6">仅供内部参考</ofd:TextCode></ofd:TextObject>'
    )
    parts["Doc_0/Pages/Page_0/Content.xml"] = page.replace("</ofd:Layer>", column + "</ofd:Layer>")
    (body,) = load(fx.write(tmp_path / "plain.ofd", fx.caption_parts(with_turned=False))).pages
    (read,) = load(fx.write(tmp_path / "column.ofd", parts)).pages
    assert read.text.splitlines() == [*body.text.splitlines(), "仅供内部参考"]
