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

_PATH_KINDS = {"File": "文件", "Directory": "文件夹", "Path": "路径"}
_PATH_STATES = {
    "does not exist": "不存在",
    "is a file": "是文件，这里需要文件夹",
    "is a directory": "是文件夹，这里需要文件",
    "is not readable": "没有读取权限",
    "is not writable": "没有写入权限",
    "is not executable": "没有执行权限",
}


def _missing(m: re.Match[str]) -> str:
    kind = {"argument": "参数", "option": "选项", "parameter": "参数"}[m["kind"]]
    hint = f"：{m['hint'].strip()}" if m["hint"] else ""
    more = m["more"].strip()
    if more:
        more = "。" + re.sub(r"^Choose from:\s*", "可选：", more).replace("\n\t", " ")
    return f"缺少{kind}{hint}{more}"


def _suggested(m: re.Match[str]) -> str:
    """Click's `Did you mean …?` (and its list of options) after an unknown command or option."""
    like = f"（是否想输入 {m['like']}？）" if m["like"] else ""
    known = f"（可用的选项：{m['all']}）" if m.groupdict().get("all") else ""
    return f"{like}{known}"


# Click's messages (the installed Typer's copy of Click, and Click 8.x), whole, as patterns; the
# first that matches says it in Chinese: a template of the pattern's groups, or a function of the
# match where the words depend on them. `translate` says a part that is itself a message.
ERRORS: list[tuple[str, str | _Say]] = [
    (r"Invalid value for (?P<hint>.+?): (?P<rest>.*)", lambda m: f"{m['hint']}：{translate(m['rest'])}"),
    (r"Invalid value: (?P<rest>.*)", lambda m: translate(m["rest"])),
    (
        r"(?P<value>.+) is not a valid boolean\. Recognized values: (?P<states>.*)",
        "{value} 不是有效的是/否值，可写：{states}",
    ),
    (
        r"(?P<value>.+) is not a valid (?P<type>[\w ]+)\.?",
        lambda m: f"{m['value']} 不是有效的{_value_type(m['type'])}。",
    ),
    (r"(?P<value>.+) is not in the range (?P<range>.+?)\.?", "{value} 超出允许的范围（{range}）。"),
    (r"(?P<value>.+) is not one of (?P<choices>.+?)\.?", "{value} 不是可选的值；可选：{choices}。"),
    (
        r"[Ii]nvalid choice: (?P<value>.+?)\. \(choose from (?P<choices>.+)\)",
        "{value} 不是可选的值；可选：{choices}。",
    ),
    (r"(?P<value>.+) does not match the formats? (?P<formats>.+?)\.?", "{value} 不符合格式 {formats}。"),
    (r"Missing (?P<kind>argument|option|parameter)(?P<hint> .+?)?\.(?P<more>.*)", _missing),
    (r"Missing parameter: (?P<name>.+)", "缺少参数：{name}"),
    (r"Missing command\.?", "缺少命令。"),
    (
        r"No such command:? (?P<name>.+?)\.?(?: Did you mean (?P<like>.+)\?)?",
        lambda m: f"没有这个命令：{m['name']}{_suggested(m)}",
    ),
    (
        r"No such option:? (?P<name>.+?)\.?(?: Did you mean (?P<like>.+)\?)?(?: \(Possible options: (?P<all>.+)\))?",
        lambda m: f"没有这个选项：{m['name']}{_suggested(m)}",
    ),
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)", "多余的参数：{args}"),
    (r"Option (?P<name>.+?) requires an argument\.?", "选项 {name} 后面需要一个值。"),
    (r"Option (?P<name>.+?) requires (?P<n>\d+) arguments\.?", "选项 {name} 后面需要 {n} 个值。"),
    (r"Option (?P<name>.+?) does not take a value\.?", "选项 {name} 不带值。"),
    (r"Argument (?P<name>.+?) takes (?P<n>\d+) values\.?", "参数 {name} 需要 {n} 个值。"),
    (
        r"Takes (?P<n>\d+) values but (?P<got>\d+) given\.?|(?P<n2>\d+) values are required, but (?P<got2>\d+) given\.?",
        lambda m: f"需要 {m['n'] or m['n2']} 个值，实际给了 {m['got'] or m['got2']} 个。",
    ),
    (r"Value must be an iterable\.?", "这里需要一组值。"),
    (
        r"(?P<kind>File|Directory|Path) (?P<path>.+?) (?P<state>" + "|".join(_PATH_STATES) + r")\.?",
        lambda m: f"{_PATH_KINDS[m['kind']]} {m['path']} {_PATH_STATES[m['state']]}。",
    ),
    (r"Could not open file (?P<name>.+?): (?P<why>.*)", "无法打开文件 {name}：{why}"),
]


def translate(message: str) -> str:
    """A Click message in Chinese; as written when no pattern knows it (our own messages are
    Chinese already)."""
    for pattern, say in ERRORS:
        found = re.fullmatch(pattern, message.strip(), re.DOTALL)
        if found is not None:
            return say.format_map(found.groupdict()) if isinstance(say, str) else say(found)
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
