"""Click's own words are Chinese too: usage lines, help headings, option notes and usage errors.

Every command's `--help` (sub-commands of `correct` included, found by walking the app) and a set
of bad invocations, one of each kind of usage error Click raises, run through `CliRunner`; the
output must hold none of Click's English framing (`FRAMING` lists what is looked for), and a
usage error keeps its exit code 2. A Click or Typer upgrade that rewords one of its strings fails
here rather than reaching staff in English.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.pipeline.cli import app
from duban.pipeline.cli_zh import translate
from duban.pipeline.corrections import parse_status

runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})

#: Click's and Typer's English framing: headings, notes, metavars and the words of its errors.
FRAMING = re.compile(
    r"Usage|Options:|Arguments:|Commands:|Show this message|Show the version|default:|\[required\]"
    r"|env var|Error|Try '|Invalid value|Missing|No such|Got unexpected|is not one of|not in the range"
    r"|not a valid|does not exist|is a directory|is a file|not readable|not writable|requires an"
    r"|requires \d|does not take|Aborted|Did you mean|Possible options|Choose from|\(dynamic\)"
    r"|\[OPTIONS\]|COMMAND|\[ARGS\]|<(?:str|text|int|integer|int range|float|float range|path|file|boolean)>"
    r"|\b(?:TEXT|INTEGER|FLOAT|PATH|FILE|BOOLEAN)\b"
)


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every command of the app, and the sub-commands of its groups."""
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk(sub, (*path, name))


COMMANDS = list(walk(get_command(app)))


def test_framing_catches_clicks_english() -> None:
    english = (
        "Usage: duban search [OPTIONS] [QUERY]...\nTry 'duban search --help' for help.\n\n"
        "Error: Invalid value for '--limit' / '-n': 'abc' is not a valid int range."
    )
    assert len(FRAMING.findall(english)) >= 5
    assert FRAMING.search("  --index <str>  索引位置。  [env var: DUBAN_INDEX; default: x]")
    assert not FRAMING.search("  --json  以 JSON Lines 输出（Elasticsearch、sqlite:///、<mark>）。")


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(("duban", *p)) for p in COMMANDS])
def test_every_help_page_is_framed_in_chinese(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("用法：duban") and "选项：" in result.output
    assert "显示本帮助后退出。" in result.output
    assert FRAMING.findall(result.output) == [], result.output


def test_option_notes_and_types_are_chinese() -> None:
    result = runner.invoke(app, ["search", "--help"])
    assert "[默认：10；x>=0]" in result.output
    assert "[环境变量：DUBAN_INDEX；默认：sqlite:///./duban.db]" in result.output
    assert "--limit <整数>" in result.output and "--xlsx <路径>" in result.output
    assert "用法：duban search [选项] [检索词]..." in result.output
    commands = runner.invoke(app, ["--help"]).output
    assert "用法：duban [选项] 命令 [参数]..." in commands and "命令：\n  extract" in commands


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_help_texts_stay_in_one_column_after_chinese_type_names() -> None:
    """A term with a Chinese type name (`<路径>`, two columns a character) does not push its help
    text out of the column the other options' texts start in."""
    lines = runner.invoke(app, ["search", "--help"]).output.splitlines()
    starts = {
        _width(found.group(1))
        for line in lines
        if (found := re.match(r"(  (?:-n, )?--(?:json|xlsx|csv|limit|docs|index) \S*\s+)\S", line))
    }
    assert len(starts) == 1, starts


# (arguments, words the error must hold): one of each kind of usage error the commands can meet
BAD = [
    (["nosuch"], "没有这个命令：'nosuch'"),
    (["serach"], "是否想输入 'search'"),
    (["--bogus"], "没有这个选项：--bogus"),
    (["correct", "bogus"], "没有这个命令"),
    (["search", "--limit", "abc"], "'abc' 不是有效的整数"),
    (["search", "--limit", "-1"], "超出允许的范围"),
    (["ingest", "--fetch-timeout", "soon"], "不是有效的数值"),
    (["search", "--sort", "sideways"], "'sideways' 不是可选的值；可选："),
    (["search", "--limit"], "选项 '--limit' 后面需要一个值"),
    (["search", "--docs=yes"], "选项 '--docs' 不带值"),
    (["correct", "set"], "缺少参数：'举措编号'"),
    (["correct", "undo"], "缺少参数：'核定记录编号'"),
    (["extract"], "缺少参数"),
    (["correct", "set", "x:1", "done", "extra"], "多余的参数：extra"),
    (["search", "--unit"], "后面需要一个值"),
    (["ledger", "--xlsx", "/no/such/folder/台账.xlsx"], "文件夹 /no/such/folder 不存在"),
]


@pytest.mark.parametrize(("args", "said"), BAD, ids=[" ".join(a) for a, _ in BAD])
def test_usage_errors_are_chinese_with_exit_code_2(args: list[str], said: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "错误：" in result.output and said in result.output, result.output
    assert FRAMING.findall(result.output) == [], result.output


def test_a_usage_error_shows_the_usage_and_where_help_is() -> None:
    result = runner.invoke(app, ["correct", "set", "x:1"])
    assert result.exit_code == 2
    assert result.output.splitlines()[:2] == [
        "用法：duban correct set [选项] {举措编号} {状态}",
        "查看帮助：duban correct set --help",
    ]


@pytest.mark.parametrize("args", [[], ["correct"]], ids=["duban", "duban correct"])
def test_a_group_without_a_command_shows_its_help_in_chinese(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert "用法：duban" in result.output and "命令：" in result.output
    assert "错误：" not in result.output
    assert FRAMING.findall(result.output) == [], result.output


@pytest.mark.parametrize(
    ("english", "chinese"),
    [  # Click 8.x's own wording of messages the installed Typer words differently or never raises
        ("Invalid value for '--out': Path '/x/y' does not exist.", "'--out'：路径 '/x/y' 不存在。"),
        ("Directory 'a.txt' is a file.", "文件夹 'a.txt' 是文件，这里需要文件夹。"),
        ("'x' is not one of 'a', 'b'.", "'x' 不是可选的值；可选：'a', 'b'。"),
        (
            "No such option '--lmit'. Did you mean '--limit'?",
            "没有这个选项：'--lmit'（是否想输入 '--limit'？）",
        ),
        ("Got unexpected extra arguments (a b)", "多余的参数：a b"),
        ("'maybe' is not a valid boolean. Recognized values: 0, 1", "'maybe' 不是有效的是/否值，可写：0, 1"),
        ("Option '--pair' requires 2 arguments.", "选项 '--pair' 后面需要 2 个值。"),
        ("Missing option '--out'.", "缺少选项：'--out'"),
        ("Missing command.", "缺少命令。"),
        ("没有这个选项：--x", "没有这个选项：--x"),  # our own words pass through
    ],
)
def test_clicks_other_wordings_are_translated(english: str, chinese: str) -> None:
    assert translate(english) == chinese


def test_a_bad_status_of_a_correction_has_its_own_code(tmp_path: Path) -> None:
    """`correct set` with a status that is none: E072 naming the statuses that can be set, before
    the index is opened (a missing index does not hide it), not search's filter error E050."""
    missing = f"sqlite:///{tmp_path / 'none.db'}"
    result = runner.invoke(app, ["correct", "set", "x:1", "finished", "--index", missing])
    assert result.exit_code == 2
    assert result.output.startswith("E072 “finished”不是可以核定的状态")
    assert "done 已完成" in result.output and "duban correct set --help" in result.output
    assert "E050" not in result.output and "E045" not in result.output
    with pytest.raises(DubanError) as caught:
        parse_status("unset")  # a filter's value, no status staff can set
    assert caught.value.code == "E072"
    assert parse_status("已完成") == "done"
