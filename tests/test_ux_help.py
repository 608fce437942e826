"""`duban crosscheck --help` and `duban ledger --help` speak Chinese; command and option names stay English."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from duban.pipeline.cli import app

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("name", ["crosscheck", "ledger"])
def test_summary_and_every_option_and_argument_help_is_chinese(name: str) -> None:
    command = get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and CJK.search(command.help.splitlines()[0]), command.help
    for param in command.params:
        if param.name == "help":
            continue
        text = getattr(param, "help", None)
        assert text and CJK.search(text), f"{name} {param.name}: {text!r}"
        assert all(not CJK.search(opt) for opt in param.opts), param.opts  # names stay English


@pytest.mark.parametrize("name", ["crosscheck", "ledger"])
def test_help_renders(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "--index" in result.output and "--as-of" in result.output


def test_ledger_without_an_output_says_so_in_chinese() -> None:
    result = CliRunner().invoke(app, ["ledger"])
    assert result.exit_code == 2
    assert "--xlsx" in result.stderr and "请" in result.stderr
