"""The `duban` command line: a thin Typer layer, each command calling a plain function.

The commands live in their own modules (`cli_extract`, `cli_index`, …), and a module is imported
only when one of its commands runs: `duban search` does not import the extractors, the rule
tables, the cross-check or the PDF loader, and `duban --help` imports none of them. The listing of
`duban --help` reads each command's one-line help from `COMMANDS` below; a test checks that it is
the line each command's own docstring gives.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from duban.pipeline import __version__
from duban.pipeline.cli_zh import ChineseContext, chinese_errors, localize

# command → (module whose `register(app)` adds it, its one-line help for `duban --help`), in the
# order `duban --help` lists them
COMMANDS: dict[str, tuple[str, str]] = {
    "extract": (
        "duban.pipeline.cli_extract",
        "提取举措、责任单位、时限、传达和落实情况，输出 JSON Lines 或表格。",
    ),
    "ingest": (
        "duban.pipeline.cli_index",
        "提取并索引文件（或抓取的网页及其附件）；内容未变的文件自动跳过。",
    ),
    "search": ("duban.pipeline.cli_index", "按文字和筛选条件搜索举措（加 --docs 搜索文件）。"),
    "stats": (
        "duban.pipeline.cli_index",
        "索引中的统计：文件数、举措数，以及按文件类型、责任单位、时限月份和状态的举措数。",
    ),
    "runs": (
        "duban.pipeline.cli_index",
        "最近的入库记录（新的在前）：每次的文件数和结果，以及未收录的每个文件、原因和处理办法。",
    ),
    "prune": ("duban.pipeline.cli_index", "从索引中删除源文件已不存在的文件（已删除或移走的文件）。"),
    "delete": (
        "duban.pipeline.cli_index",
        "从索引中删除文件（如已废止的文件），连同其举措。源文件本身不动。",
    ),
    "crosscheck": (
        "duban.pipeline.cli_crosscheck",
        "督办核查：把传达、落实文件与其上级文件关联，逐项匹配举措，并给出每项举措的状态。",
    ),
    "ledger": (
        "duban.pipeline.cli_crosscheck",
        "生成督办台账（xlsx 和/或 csv）：每项上级文件举措一行，按状态着色。",
    ),
    "changes": (
        "duban.pipeline.cli_changes",
        "本期变化：自上次核查（或 --since 日期）以来状态有变化的举措，分新完成、新增逾期、新增滞后和其他。",
    ),
    "remind": (
        "duban.pipeline.cli_remind",
        "生成催办通知单（.docx）：按责任单位列出逾期、滞后和即将到期的督办事项，每个单位一页起。",
    ),
    "train": (
        "duban.pipeline.cli_models",
        "训练 spaCy 模型（举措片段、责任单位、时限），用 nlp.to_disk 保存到 --out。",
    ),
    "serve": (
        "duban.pipeline.cli_app",
        "启动网页版：检索、文件、督办核查、台账下载与人工核定（每个页面都有 .json 接口）。",
    ),
    "correct": (
        "duban.pipeline.cli_correct",
        "人工核定举措状态：set 设置、list 查看、undo 撤销（与网页上的核定相同）。",
    ),
}


def load_commands(module_name: str, only: str | None = None) -> dict[str, Any]:
    """The click commands that `module_name`'s `register(app)` adds, built as Typer builds them;
    with `only`, just that command. Building a command reads its whole signature (each option's
    annotation evaluated, its parameter made), so `duban search` does not build `ingest`,
    `stats`, `prune` and `delete`, which `cli_index` registers beside it."""
    holder = typer.Typer(add_completion=False, rich_markup_mode=None)
    importlib.import_module(module_name).register(holder)
    if only is not None:
        holder.registered_commands = [
            info
            for info in holder.registered_commands
            if (info.name or typer.main.get_command_name(info.callback.__name__)) == only  # type: ignore[union-attr]
        ]
        holder.registered_groups = [info for info in holder.registered_groups if info.name == only]
    return dict(typer.main.get_group(holder).commands)


class LazyGroup(typer.core.TyperGroup):
    """A command group that imports a command's module, and builds that command alone, when the
    command is looked up.

    Click reaches the commands through `list_commands`, `get_command` and `format_commands`,
    which use only what is loaded; anything else that reads `.commands` (tests, completion)
    gets them all, loaded then. Click's own words (usage, headings, errors) are said in Chinese
    (`cli_zh`): the group and every command it loads format with `ChineseContext`, and what goes
    wrong while parsing or running is shown through `chinese_errors`.
    """

    context_class = ChineseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._loaded: dict[str, Any] = {}
        self._tried: set[str] = set()
        super().__init__(*args, **kwargs)

    @property  # type: ignore[override]
    def commands(self) -> dict[str, Any]:
        for name in COMMANDS:
            self._load(name)
        return {name: self._loaded[name] for name in self.list_commands(None) if name in self._loaded}

    @commands.setter
    def commands(self, value: Any) -> None:
        self._loaded = dict(value)

    def _load(self, name: str) -> Any:
        """The command `name`, built on first use: only it, not the others its module registers."""
        module = COMMANDS.get(name, ("", ""))[0]
        if name not in self._loaded and module and name not in self._tried:
            self._tried.add(name)
            for found, command in load_commands(module, name).items():
                self._loaded.setdefault(found, localize(command))
        return self._loaded.get(name)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with chinese_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with chinese_errors():
            return super().invoke(ctx)

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in self._loaded if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return self._load(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The listing of `duban --help`, from `COMMANDS` for the commands not loaded."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            command = self._loaded.get(name) or typer.core.TyperCommand(name, help=COMMANDS[name][1])
            if not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="duban",
    cls=LazyGroup,
    help="督办 duban：从政策文件、会议纪要和工作报告中找出举措、责任单位和时限，建立索引，"
    "并核对传达和落实情况。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


def iter_files(paths: list[Path], recursive: bool) -> Iterator[tuple[Path, str]]:
    """Files named on the command line, and the supported files inside named folders (for scripts;
    the commands use `walk`, which also reports what it skipped)."""
    from duban.base.paths import source_of
    from duban.pipeline.files import walk

    for path in paths:
        if not path.is_dir():
            yield path, source_of(path)
    for item in walk([p for p in paths if p.is_dir()], recursive).files:
        yield item.path, source_of(item.path)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"duban {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本号后退出。")
    ] = False,
) -> None:
    """督办 duban：政策文件中的举措、责任单位和时限。"""


def main() -> None:
    """Console-script entry point."""
    from duban.base.errors import DubanError

    try:
        app()
    except DubanError as exc:
        print(f"{exc.code} {exc.message}\n  提示：{exc.hint}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
