"""Click's own words in Chinese: the usage line, help headings, option notes and usage errors.

Staff read Chinese; our help texts and messages are Chinese, but Click frames them in English
(`Usage:`, `Options:`, `[default: …]`, `Error: Missing argument …`). Click marks those strings for
`gettext`, but `gettext.gettext` picks its catalogue from the process's locale (staff's servers run
`C` or `en_US`), and Typer from 0.2x on runs its own copy of Click whose strings are plain literals.
So the words are put in Chinese where Click writes them, through the hooks both expose:

* help and usage lines: a `Context` whose `formatter_class` writes the usage prefix, the section
  headings and the option notes (`[default: …]`, `[required]`, type names such as `<int>`) in
  Chinese before wrapping (`ChineseFormatter`); every command gets it (`localize`);
* usage errors: `chinese_errors` turns a Click exception into one whose `show` prints the usage,
  the hint and the message in Chinese (the message read through `ERRORS`), exit code unchanged.

A message no pattern knows is shown as Click wrote it; `tests/test_cli_zh.py` runs every command's
`--help` and a set of bad invocations and fails when an English framing word shows, so a Click or
Typer upgrade that rewords a string is caught.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

try:  # Typer 0.2x runs its own copy of Click
    from typer._click.core import Context
    from typer._click.exceptions import ClickException
    from typer._click.formatting import HelpFormatter
    from typer._click.utils import echo
    from typer.exceptions import Abort
except ImportError:  # pragma: no cover - earlier Typer, on Click itself
    from click import Context, HelpFormatter, echo  # type: ignore[assignment]
    from click.exceptions import Abort, ClickException  # type: ignore[assignment]

# The patterns below are kept as strings, compiled by `re` (and cached there) on first use: a
# command that prints no help and meets no usage error (`duban search 财政`) compiles none of them.

# Section headings (`formatter.section(name)`), Click's and Typer's.
HEADINGS = {
    "Options": "选项",
    "Arguments": "参数",
    "Positional arguments": "参数",
    "Commands": "命令",
}

# Words of the usage line and of the left column of help lists: Click's metavars and type names.
USAGE_WORDS = [
    (r"\[OPTIONS\]", "[选项]"),
    (r"\[COMMAND\] \[ARGS\]\.\.\.", "[命令] [参数]..."),
    (r"COMMAND \[ARGS\]\.\.\.", "命令 [参数]..."),
]
TYPE_NAMES = {
    "str": "文字",
    "text": "文字",
    "string": "文字",
    "int": "整数",
    "integer": "整数",
    "int range": "整数",
    "integer range": "整数",
    "float": "数值",
    "float range": "数值",
    "boolean": "是/否",
    "path": "路径",
    "file": "文件",
    "filename": "文件",
    "directory": "文件夹",
    "datetime": "日期时间",
    "uuid": "UUID",
}
_METAVAR = (
    r"<([a-z ]+)>|\b(TEXT|INTEGER RANGE|INTEGER|FLOAT RANGE|FLOAT|BOOLEAN|PATH|FILENAME|FILE|DIRECTORY)\b"
)

# The notes Click and Typer append to an option's help: `[default: 10; x>=0]`, `[required]`.
_NOTES = r"\s*\[([^\[\]]*)\]\s*$"
NOTE_WORDS = [
    (r"^default: ", "默认："),
    (r"^env var: ", "环境变量："),
    (r"^required$", "必填"),
    (r"^deprecated$", "已弃用"),
    (r"\(dynamic\)", "（动态）"),
]
HELP_PHRASES = {
    "Show this message and exit.": "显示本帮助后退出。",
    "Show the version and exit.": "显示版本号后退出。",
    "(DEPRECATED)": "（已弃用）",
}


def _words(text: str) -> str:
    """The usage words and type names of `text` in Chinese."""
    for pattern, said in USAGE_WORDS:
        text = re.sub(pattern, said, text)
    return re.sub(_METAVAR, _type_name, text)


def _type_name(found: re.Match[str]) -> str:
    if found.group(1) is not None:
        name = TYPE_NAMES.get(found.group(1))
        return found.group(0) if name is None else f"<{name}>"
    return TYPE_NAMES.get(found.group(2).lower(), found.group(0))


def _notes(text: str) -> str:
    """An option's help with Click's trailing notes (`[default: …; env var: …]`) in Chinese; a
    bracket of our own (`[?prefix=名称]`) is left as written."""
    for english, chinese in HELP_PHRASES.items():
        text = text.replace(english, chinese)
    found = re.search(_NOTES, text)
    if found is None:
        return text
    items = found.group(1).split("; ")
    if not all(any(re.search(p, item) for p, _ in NOTE_WORDS) or _is_range(item) for item in items):
        return text
    said = []
    for item in items:
        for pattern, chinese in NOTE_WORDS:
            item = re.sub(pattern, chinese, item)
        said.append(item)
    return f"{text[: found.start()]}  [{'；'.join(said)}]"


def _is_range(item: str) -> bool:
    """A range note of an `IntRange`/`FloatRange` (`x>=0`, `1<=x<=4`): no words to translate."""
    return re.fullmatch(r"[-\d.]*<?=?x[<>]=?[-\d.]*", item) is not None


_TERM = r"(?P<indent> *)(?P<term>\S(?:.*?\S)?)(?:(?P<gap> {2,})(?P<text>.*))?$"


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: two for a wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class ChineseFormatter(HelpFormatter):
    """Click's help formatter, its own words in Chinese, put in before the text is wrapped."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _words(args), "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """The list laid out by Click with the terms as written (Click measures a Chinese character
        as one column, the terminal shows two), then each term said in Chinese with the gap after
        it widened or narrowed so the help texts stay in one column."""
        start = len(self.buffer)
        super().write_dl([(term, _notes(text)) for term, text in rows], col_max, col_spacing)
        lines = "".join(self.buffer[start:]).split("\n")
        self.buffer[start:] = ["\n".join(self._term_said(line) for line in lines)]

    def _term_said(self, line: str) -> str:
        term = re.match(_TERM, line)
        if term is None or len(term["indent"]) != self.current_indent:
            return line  # a help text's continuation line
        said = _words(term["term"])
        if term["gap"]:
            gap = max(2, len(term["gap"]) + _width(term["term"]) - _width(said))
            return f"{term['indent']}{said}{' ' * gap}{term['text']}"
        return f"{term['indent']}{said}{term['text']}"


class ChineseContext(Context):
    """A Click context that formats help with `ChineseFormatter`."""

    formatter_class = ChineseFormatter


def localize(command: Any) -> Any:
    """`command`, and the commands of a group under it, formatting help in Chinese."""
    command.context_class = ChineseContext
    for sub in (getattr(command, "commands", None) or {}).values():
        localize(sub)
    return command


# --- usage errors -------------------------------------------------------------------------------

_TYPES_IN_ERRORS = {**TYPE_NAMES, "boolean": "是/否值"}


def _value_type(name: str) -> str:
    return _TYPES_IN_ERRORS.get(name.strip().lower(), name)


_Say = Callable[[re.Match[str]], str]

# Click's messages (the installed Typer's copy of Click, and Click 8.x), whole, as patterns; the
# first that matches says it in Chinese. `_zh` translates a part that is itself a message.
ERRORS: list[tuple[str, _Say]] = []


def _error(pattern: str) -> Callable[[_Say], _Say]:
    def add(say: _Say) -> _Say:
        ERRORS.append((pattern, say))
        return say

    return add


@_error(r"Invalid value for (?P<hint>.+?): (?P<rest>.*)")
def _bad_value_for(m: re.Match[str]) -> str:
    return f"{m['hint']}：{translate(m['rest'])}"


@_error(r"Invalid value: (?P<rest>.*)")
def _bad_value(m: re.Match[str]) -> str:
    return translate(m["rest"])


@_error(r"(?P<value>.+) is not a valid boolean\. Recognized values: (?P<states>.*)")
def _not_boolean(m: re.Match[str]) -> str:
    return f"{m['value']} 不是有效的是/否值，可写：{m['states']}"


@_error(r"(?P<value>.+) is not a valid (?P<type>[\w ]+)\.?")
def _not_valid(m: re.Match[str]) -> str:
    return f"{m['value']} 不是有效的{_value_type(m['type'])}。"


@_error(r"(?P<value>.+) is not in the range (?P<range>.+?)\.?")
def _out_of_range(m: re.Match[str]) -> str:
    return f"{m['value']} 超出允许的范围（{m['range']}）。"


@_error(r"(?P<value>.+) is not one of (?P<choices>.+?)\.?")
def _not_a_choice(m: re.Match[str]) -> str:
    return f"{m['value']} 不是可选的值；可选：{m['choices']}。"


@_error(r"[Ii]nvalid choice: (?P<value>.+?)\. \(choose from (?P<choices>.+)\)")
def _not_a_choice_old(m: re.Match[str]) -> str:
    return f"{m['value']} 不是可选的值；可选：{m['choices']}。"


@_error(r"(?P<value>.+) does not match the formats? (?P<formats>.+?)\.?")
def _not_a_format(m: re.Match[str]) -> str:
    return f"{m['value']} 不符合格式 {m['formats']}。"


@_error(r"Missing (?P<kind>argument|option|parameter)(?P<hint> .+?)?\.(?P<more>.*)")
def _missing(m: re.Match[str]) -> str:
    kind = {"argument": "参数", "option": "选项", "parameter": "参数"}[m["kind"]]
    hint = f"：{m['hint'].strip()}" if m["hint"] else ""
    more = m["more"].strip()
    if more:
        more = "。" + re.sub(r"^Choose from:\s*", "可选：", more).replace("\n\t", " ")
    return f"缺少{kind}{hint}{more}"


@_error(r"Missing parameter: (?P<name>.+)")
def _missing_name(m: re.Match[str]) -> str:
    return f"缺少参数：{m['name']}"


@_error(r"Missing command\.?")
def _missing_command(m: re.Match[str]) -> str:
    return "缺少命令。"


@_error(r"No such command:? (?P<name>.+?)\.?(?: Did you mean (?P<like>.+)\?)?")
def _no_command(m: re.Match[str]) -> str:
    like = f"（是否想输入 {m['like']}？）" if m["like"] else ""
    return f"没有这个命令：{m['name']}{like}"


@_error(
    r"No such option:? (?P<name>.+?)\.?(?: Did you mean (?P<like>.+)\?)?(?: \(Possible options: (?P<all>.+)\))?"
)
def _no_option(m: re.Match[str]) -> str:
    like = f"（是否想输入 {m['like']}？）" if m["like"] else ""
    known = f"（可用的选项：{m['all']}）" if m["all"] else ""
    return f"没有这个选项：{m['name']}{like}{known}"


@_error(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)")
def _extra_args(m: re.Match[str]) -> str:
    return f"多余的参数：{m['args']}"


@_error(r"Option (?P<name>.+?) requires an argument\.?")
def _option_value(m: re.Match[str]) -> str:
    return f"选项 {m['name']} 后面需要一个值。"


@_error(r"Option (?P<name>.+?) requires (?P<n>\d+) arguments\.?")
def _option_values(m: re.Match[str]) -> str:
    return f"选项 {m['name']} 后面需要 {m['n']} 个值。"


@_error(r"Option (?P<name>.+?) does not take a value\.?")
def _option_flag(m: re.Match[str]) -> str:
    return f"选项 {m['name']} 不带值。"


@_error(r"Argument (?P<name>.+?) takes (?P<n>\d+) values\.?")
def _argument_values(m: re.Match[str]) -> str:
    return f"参数 {m['name']} 需要 {m['n']} 个值。"


@_error(
    r"Takes (?P<n>\d+) values but (?P<got>\d+) given\.?|(?P<n2>\d+) values are required, but (?P<got2>\d+) given\.?"
)
def _count(m: re.Match[str]) -> str:
    return f"需要 {m['n'] or m['n2']} 个值，实际给了 {m['got'] or m['got2']} 个。"


@_error(r"Value must be an iterable\.?")
def _iterable(m: re.Match[str]) -> str:
    return "这里需要一组值。"


_PATH_KINDS = {"File": "文件", "Directory": "文件夹", "Path": "路径"}
_PATH_STATES = {
    "does not exist": "不存在",
    "is a file": "是文件，这里需要文件夹",
    "is a directory": "是文件夹，这里需要文件",
    "is not readable": "没有读取权限",
    "is not writable": "没有写入权限",
    "is not executable": "没有执行权限",
}


@_error(r"(?P<kind>File|Directory|Path) (?P<path>.+?) (?P<state>" + "|".join(_PATH_STATES) + r")\.?")
def _path(m: re.Match[str]) -> str:
    return f"{_PATH_KINDS[m['kind']]} {m['path']} {_PATH_STATES[m['state']]}。"


@_error(r"Could not open file (?P<name>.+?): (?P<why>.*)")
def _open_file(m: re.Match[str]) -> str:
    return f"无法打开文件 {m['name']}：{m['why']}"


def translate(message: str) -> str:
    """A Click message in Chinese; as written when no pattern knows it (our own messages are
    Chinese already)."""
    for pattern, say in ERRORS:
        found = re.fullmatch(pattern, message.strip(), re.DOTALL)
        if found is not None:
            return say(found)
    return message


class ChineseError(ClickException):
    """A Click exception shown in Chinese: usage line, where to find help, the message. Its exit
    code is the original's (2 for usage errors)."""

    def __init__(self, original: ClickException) -> None:
        super().__init__(original.format_message())
        self.exit_code = original.exit_code
        self.ctx: Any = getattr(original, "ctx", None)
        self.help_only = type(original).__name__ == "NoArgsIsHelpError"  # `duban correct` alone

    def show(self, file: IO[Any] | None = None) -> None:
        ctx = self.ctx
        color = None if ctx is None else ctx.color
        if self.help_only:
            echo(self.message, file=file, err=True, color=color)
            return
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = f"查看帮助：{ctx.command_path} {ctx.help_option_names[0]}\n"
            echo(f"{ctx.get_usage()}\n{hint}", file=file, err=True, color=color)
        echo(f"错误：{translate(self.message)}", file=file, err=True, color=color)


class ChineseAbort(ClickException):
    """Ctrl-C at a prompt, or input ended: said in Chinese, exit code 1 as Click's `Aborted!`."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        echo("已中止。", file=file, err=True)


@contextmanager
def chinese_errors() -> Iterator[None]:
    """Run a group's parsing or invocation with Click's exceptions shown in Chinese."""
    try:
        yield
    except ChineseError:
        raise
    except ClickException as exc:
        raise ChineseError(exc) from exc
    except Abort as exc:
        raise ChineseAbort("已中止。") from exc
