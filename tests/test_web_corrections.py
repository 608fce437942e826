"""Staff corrections: keys that survive re-extraction, the overlay's choice, undo, and `duban correct`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.base.stored import StoredMeasure
from duban.index import open_store
from duban.index.store import Store
from duban.index.testing import load, minutes, policy, policy_v2
from duban.pipeline import cli_correct
from duban.pipeline.corrections import (
    Correction,
    Overlay,
    correction_key,
    history,
    set_status,
    text_hash,
    undo,
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(f"sqlite:///{tmp_path}/index.db")
    load(store, policy(), minutes())
    return store


def _measure(store: Store, doc_id: str, n: int) -> StoredMeasure:
    record = store.get(doc_id)
    assert record is not None
    return record.measures[n]


def test_text_hash_ignores_line_wrapping_and_width() -> None:
    assert text_hash("市财政局于2021年9月30日前完成 绩效评价。") == text_hash(
        "市财政局于２０２１年9月30日前\n完成绩效评价。"
    )
    assert text_hash("完成绩效评价") != text_hash("完成绩效评估")


def test_set_status_stores_who_what_and_why(store: Store) -> None:
    target = _measure(store, policy().doc_id, 3).measure_id
    correction = set_status(store, target, "已完成", "  电话核实\n已完成 ", "督查室张三")
    assert (correction.status, correction.note, correction.by) == ("done", "电话核实 已完成", "督查室张三")
    assert correction.key == correction_key(policy().doc_id, _measure(store, policy().doc_id, 3).text)
    assert correction.sources == ("samples/policy.txt",)
    with pytest.raises(DubanError) as bad_status:
        set_status(store, target, "finished", "", "张三")
    assert bad_status.value.code == "E072"  # a correction's status, not a search filter (E050)
    with pytest.raises(DubanError) as nobody:
        set_status(store, target, "done", "", "  ")
    assert nobody.value.code == "E073"
    assert "经办人（by）必须填写" in nobody.value.message
    with pytest.raises(DubanError) as missing:
        set_status(store, f"{policy().doc_id}:99", "done", "", "张三")
    assert missing.value.code == "E070"


def test_overlay_follows_the_measure_into_a_new_version_of_its_file(store: Store) -> None:
    kept = _measure(store, policy().doc_id, 3).measure_id
    dropped = _measure(store, policy().doc_id, 2).measure_id
    set_status(store, kept, "lagging", "", "张三")
    set_status(store, dropped, "done", "", "张三")
    load(store, policy_v2())
    assert store.get(policy().doc_id) is None
    overlay = Overlay.load(store)
    new = store.get(policy_v2().doc_id)
    assert new is not None
    found = {m.text: overlay.find(new.doc_id, new.paths, m.text) for m in new.measures}
    kept_text = _measure(store, policy_v2().doc_id, 2).text
    assert found[kept_text] is not None and found[kept_text].status == "lagging"
    assert sum(c is not None for c in found.values()) == 1, "a measure whose text changed is not matched"
    assert overlay.find("other-doc", ["elsewhere.txt"], kept_text) is None


def test_undo_brings_back_the_previous_correction(store: Store) -> None:
    target = _measure(store, minutes().doc_id, 1).measure_id
    text = _measure(store, minutes().doc_id, 1).text
    first = set_status(store, target, "in_progress", "", "张三")
    second = set_status(store, target, "done", "", "李四")

    def current() -> Correction | None:
        return Overlay.load(store).find(minutes().doc_id, [], text)

    assert current() == second
    undo(store, second.id, "王五")
    assert current() == first
    undo(store, first.id, "王五")
    assert current() is None
    with pytest.raises(DubanError) as again:
        undo(store, first.id, "王五")
    assert again.value.code == "E070"
    assert [(c.id, c.undone_by) for c in history(store)] == [(second.id, "王五"), (first.id, "王五")]


def _cli() -> typer.Typer:
    app = typer.Typer()
    cli_correct.register(app)

    @app.command()
    def other() -> None:
        """A second command, so Typer keeps `correct` as a group."""

    return app


def test_correct_command_sets_lists_and_undoes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/index.db"
    with open_store(url) as store:
        load(store, policy())
        target = _measure(store, policy().doc_id, 0).measure_id
    runner = CliRunner()
    done = runner.invoke(
        _cli(), ["correct", "set", target, "逾期", "-m", "未按月报送", "--by", "张三", "--index", url]
    )
    assert done.exit_code == 0, done.output
    assert "逾期" in done.output
    listed = runner.invoke(_cli(), ["correct", "list", "--json", "--index", url])
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert [(r["status"], r["by"], r["note"]) for r in rows] == [("overdue", "张三", "未按月报送")]
    undone = runner.invoke(_cli(), ["correct", "undo", rows[0]["id"], "--by", "李四", "--index", url])
    assert undone.exit_code == 0, undone.output
    assert runner.invoke(_cli(), ["correct", "list", "--index", url]).output == ""
    everything = runner.invoke(_cli(), ["correct", "list", "--all", "--index", url]).output
    assert "已由李四撤销" in everything
    bad = runner.invoke(_cli(), ["correct", "set", target, "finished", "--by", "张三", "--index", url])
    assert bad.exit_code == 2
    assert "E072" in bad.output  # a status, not a search filter (E050)


def test_the_ledger_command_shows_a_staff_correction(tmp_path: Path) -> None:
    from duban.pipeline.cli import app

    url = f"sqlite:///{tmp_path}/index.db"
    with open_store(url) as store:
        load(store, policy())
        target = _measure(store, policy().doc_id, 0).measure_id
    runner = CliRunner()
    before = tmp_path / "before.csv"
    assert runner.invoke(app, ["ledger", "--csv", str(before), "--index", url]).exit_code == 0
    assert "张三" not in before.read_text(encoding="utf-8-sig")
    done = runner.invoke(
        app, ["correct", "set", target, "已完成", "-m", "电话核实", "--by", "张三", "--index", url]
    )
    assert done.exit_code == 0, done.output
    after = tmp_path / "after.csv"
    written = runner.invoke(app, ["ledger", "--csv", str(after), "--index", url])
    assert written.exit_code == 0, written.output
    text = after.read_text(encoding="utf-8-sig")
    assert "张三" in text and "已完成" in text
