"""`pipeline.cli` loads a command's module only when that command runs; its listing agrees with them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command

from duban.pipeline.cli import COMMANDS, app, load_commands
from tests.conftest import cli_in_fresh_process

ROOT = Path(__file__).resolve().parents[1]


def test_the_listing_is_what_the_commands_say() -> None:
    """Each command in `COMMANDS` is registered by the module named there, with that one-line help,
    and every registered command is in `COMMANDS` (a new command must be added to the listing)."""
    registered: dict[str, object] = {}
    for module in dict.fromkeys(module for module, _ in COMMANDS.values()):
        for name, command in load_commands(module).items():
            assert COMMANDS[name][0] == module, name
            registered[name] = command
    assert list(registered) == [name for name in COMMANDS if name in registered]
    assert set(registered) == set(COMMANDS)
    for name, command in registered.items():
        assert command.get_short_help_str(500) == COMMANDS[name][1], name  # type: ignore[attr-defined]


def test_all_commands_reachable_through_the_group() -> None:
    group = get_command(app)
    assert list(group.commands) == list(COMMANDS)  # type: ignore[attr-defined]


def _modules_after(*args: str) -> set[str]:
    return cli_in_fresh_process(*args)[0]


def test_help_and_search_leave_the_pipeline_unloaded(tmp_path: Path) -> None:
    heavy = {"duban.extractors.deadlines", "duban.rules.ruleset", "duban.pipeline.loaders", "jieba", "yaml"}
    assert not heavy & _modules_after("--help")
    index = tmp_path / "missing.db"
    after_search = _modules_after("search", "财政", "--index", f"sqlite:///{index}")
    assert "duban.pipeline.cli_index" in after_search
    assert not heavy & after_search
    assert "duban.pipeline.cli_crosscheck" not in after_search


def test_a_search_imports_no_worker_machinery_nor_converter(tmp_path: Path) -> None:
    """A search from the shell answers from the index: no multiprocessing (the ingest workers'),
    no OpenCC package (only its character table is read), no jieba (the cached dictionary), no rich
    (the table of hits is drawn by `cli_table`) and no numpy: the planner loads it where a filter's
    ids are read (it was a third of a search's start-up)."""
    from duban.index import open_store
    from duban.index.testing import policy

    url = f"sqlite:///{tmp_path / 'index.db'}"
    with open_store(url) as store:
        doc = policy()
        store.write(doc, doc.doc_id)
    after_search = _modules_after("search", "约谈", "--index", url)
    assert "duban.index.sqlite_store" in after_search and "duban.base.script" in after_search
    assert not {"multiprocessing", "opencc", "jieba", "rich", "numpy"} & after_search
    with_unit, printed = cli_in_fresh_process(
        "search", "--docs", "--unit", "市发展改革委", "--json", "--index", url
    )
    assert "numpy" in with_unit and doc.doc_id in printed  # where ids are read, numpy is loaded


def test_the_changes_command_imports_no_cross_check(tmp_path: Path) -> None:
    """`duban changes` reads what the saves recorded: its page is named from the index, and the
    cross-check's rules and patterns (`pipeline.status`, half a second of its start) are loaded
    only for a list narrowed to a directive."""
    from duban.index import open_store
    from duban.index.testing import policy

    url = f"sqlite:///{tmp_path / 'index.db'}"
    with open_store(url) as store:
        doc = policy()
        store.write(doc, doc.doc_id)
    after = _modules_after("changes", "--index", url)
    assert "duban.pipeline.changes" in after
    assert not {"duban.pipeline.status", "duban.pipeline.copies", "duban.pipeline.crosscheck"} & after
    narrowed, printed = cli_in_fresh_process("changes", "--directive", doc.doc_id, "--index", url)
    assert "duban.pipeline.status" in narrowed and "本期变化" in printed


def test_a_command_is_built_alone() -> None:
    """`load_commands(module, name)` builds that one command, named explicitly (`search`), by its
    function (`serve`) or as a group (`correct`), and it is the same command the module gives."""
    for name in ("search", "serve", "correct", "ledger"):
        module = COMMANDS[name][0]
        alone = load_commands(module, name)
        assert list(alone) == [name]
        assert alone[name].get_short_help_str(500) == COMMANDS[name][1]
        assert [p.name for p in alone[name].params] == [p.name for p in load_commands(module)[name].params]
    assert load_commands("duban.pipeline.cli_index", "extract") == {}


def test_help_after_one_command_lists_them_all_in_order() -> None:
    group = get_command(app)
    assert group.get_command(None, "stats") is not None  # type: ignore[attr-defined]
    assert list(group.commands) == list(COMMANDS)  # type: ignore[attr-defined]


def test_the_ingest_parent_loads_no_extraction_pipeline() -> None:
    """The parent of the ingest workers never extracts: importing `pipeline.ingest` leaves
    `pipeline.extract` and rich (the progress bar's, loaded only for a bar on a terminal) out, and
    its written-out default extractors are `extract`'s."""
    code = "import sys, duban.pipeline.ingest; print('\\n'.join(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert "duban.pipeline.ingest" in loaded
    assert not {"duban.pipeline.extract", "duban.extractors.rules", "rich"} & loaded
    from duban.pipeline import extract, ingest

    assert ingest.DEFAULT_EXTRACTORS == extract.DEFAULT_EXTRACTORS


def test_the_ingest_parent_refuses_unknown_extractors_as_extract_does() -> None:
    """The parent checks the names without building anything, and says what building them would."""
    from duban.extractors.registry import get_extractors
    from duban.pipeline import extract, ingest

    for names in (("rules", "nope"), ("nope",)):
        with pytest.raises(ValueError) as parent:
            ingest.check_names(names)
        with pytest.raises(ValueError) as reference:
            get_extractors(names)
        assert str(parent.value) == str(reference.value)
    ingest.check_names(extract.DEFAULT_EXTRACTORS)
