"""Every `duban` help text is Chinese (issue 11): walking the whole Typer app, not a list of names,
so a command or option added later with English help fails here. Names stay English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import click
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from duban.pipeline.cli import app

CJK = re.compile(r"[\u4e00-\u9fff]")


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command of the app, sub-commands of groups (`correct set`) included, with its words.
    Duck-typed: Typer builds its commands on its own copy of click, not the installed one."""
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk(sub, (*path, name))


COMMANDS = list(walk(get_command(app)))


def _id(path: tuple[str, ...]) -> str:
    return " ".join(("duban", *path))


def test_the_walk_finds_every_command_and_sub_command() -> None:
    names = {_id(path) for path, _ in COMMANDS}
    wanted = {"duban", "duban search", "duban stats", "duban ingest", "duban train", "duban correct set"}
    assert wanted <= names, names
    assert len(names) >= 14


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[_id(p) for p, _ in COMMANDS])
def test_summary_is_chinese(path: tuple[str, ...], command: Any) -> None:
    summary = command.get_short_help_str(limit=200)
    assert CJK.search(summary), f"{_id(path)}: summary {summary!r} has no Chinese"
    assert command.help and CJK.search(command.help.splitlines()[0]), command.help


def problems(command: Any) -> list[str]:
    """What is wrong with one command's help: a parameter whose help has no Chinese, or a Chinese
    option name. click's own --help is the one English text allowed."""
    found = []
    for param in command.params:
        if param.name == "help":
            continue
        text = getattr(param, "help", None)
        if not (text and CJK.search(text)):
            found.append(f"{param.name}: help {text!r} has no Chinese")
        found += [
            f"option name {n!r} is not English" for n in (*param.opts, *param.secondary_opts) if CJK.search(n)
        ]
    return found


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[_id(p) for p, _ in COMMANDS])
def test_every_option_and_argument_help_is_chinese_with_english_names(
    path: tuple[str, ...], command: Any
) -> None:
    assert problems(command) == [], _id(path)


def test_an_english_or_missing_help_would_be_caught() -> None:
    """The check is not vacuous: English help, no help, and a Chinese option name all fail it."""
    probe = click.Command(
        "probe",
        help="探针。",
        params=[
            click.Option(["--english"], help="An English help."),
            click.Option(["--bare"]),
            click.Option(["--chinese"], help="中文说明。"),
            click.Option(["--名称"], help="中文说明。"),
        ],
    )
    found = problems(probe)
    assert len(found) == 3, found
    assert [f.split(":")[0] for f in found[:2]] == ["english", "bare"]
    assert "名称" in found[2]


@pytest.mark.parametrize("words", [["search"], ["stats"], ["ingest"], ["train"]])
def test_help_pages_render_with_english_option_names(words: list[str]) -> None:
    result = CliRunner().invoke(app, [*words, "--help"])
    assert result.exit_code == 0, result.output
    assert "用法：duban" in result.output and "--help" in result.output
    assert CJK.search(result.output)
