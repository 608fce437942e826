"""Options shared by several `duban` commands, declared once so their names and help agree."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from duban.base.limits import Limits

#: `duban.index.DEFAULT_URL`, written out (a test checks they agree): importing the index for this
#: one string would load the whole store, and its analysis tables, into `duban extract`.
DEFAULT_URL = "sqlite:///./duban.db"

IndexOption = Annotated[
    str,
    typer.Option(
        "--index",
        envvar="DUBAN_INDEX",
        help="索引位置：sqlite:///相对路径.db、sqlite:////绝对路径.db、文件路径，或 Elasticsearch 的 "
        "http(s)://[用户:密码@]主机:9200[?prefix=名称]（API key 放在 $DUBAN_ES_API_KEY）。",
    ),
]

ExtractorsOption = Annotated[
    str,
    typer.Option("--extractors", "-e", help="要运行并合并的提取器，逗号分隔，如 rules,spacy。"),
]

WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        "-w",
        min=1,
        help="并行提取的进程数；默认为本机可用的 CPU 核数，最多 4 个。",
    ),
]

TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout",
        min=0,
        help="每个文件的处理时限（秒），超时的文件被中止并报告，其余继续；0 为不限。",
    ),
]
MemoryOption = Annotated[
    int,
    typer.Option(
        "--memory-mb",
        min=0,
        help="每个工作进程的内存上限（MB），超出的文件被中止并报告；0 为不限。",
    ),
]
DocxSizeOption = Annotated[
    int,
    typer.Option(
        "--docx-max-mb",
        min=0,
        help=".docx 解压后的大小上限（MB），防压缩炸弹；0 为不限。",
    ),
]
DocxElementsOption = Annotated[
    int,
    typer.Option(
        "--docx-max-elements",
        min=0,
        help=".docx 正文 XML 元素个数上限；0 为不限。",
    ),
]
LogOption = Annotated[
    Path | None,
    typer.Option(
        "--log", metavar="文件", help="把运行日志（每个文件的结果、警告、错误）追加写入此文件；默认不写日志。"
    ),
]


def make_limits(timeout: float, memory_mb: int, docx_max_mb: int, docx_max_elements: int) -> Limits:
    """The `Limits` the limit options ask for."""
    return Limits(
        timeout=timeout, memory_mb=memory_mb, docx_max_mb=docx_max_mb, docx_max_elements=docx_max_elements
    )


def setup_log(path: Path | None) -> None:
    """Standard logging to `path` (appended) at INFO, workers included; without it duban logs
    nothing (quiet for cron). Raises OSError when the file cannot be opened. The worker module
    (threads, signals) loads here, for the commands that run workers, not for `duban search`."""
    from duban.pipeline.worker import configure_logging

    configure_logging(None if path is None else str(path))


def check_output(path: Path | None, option: str) -> None:
    """Refuse, before any work, an output file that cannot be written (typer.BadParameter, exit 2):
    a folder given where a file is meant, a folder that does not exist, or one without write
    permission. Checked up front because the exports write last: a nightly ledger would otherwise
    check the whole index and then die with a traceback (and a half-built workbook's writer spills
    its own tracebacks on stderr). The message names the path, what is wrong and what to do."""
    if path is None:
        return
    if path.is_dir():
        raise typer.BadParameter(
            f"无法写入 {path}：这是一个文件夹；请写出文件名，如 {path / ('结果' + _suffix(option))}",
            param_hint=option,
        )
    folder = path.parent
    if not folder.is_dir():
        raise typer.BadParameter(
            f"无法写入 {path}：文件夹 {folder} 不存在；请先建立该文件夹，或换一个路径", param_hint=option
        )
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise typer.BadParameter(
            f"无法写入 {path}：没有写入权限；请换一个路径，或关闭正在打开该文件的程序", param_hint=option
        )


def _suffix(option: str) -> str:
    """The file ending an output option writes (`--xlsx` → `.xlsx`; `--out` writes .docx)."""
    return {"--xlsx": ".xlsx", "--csv": ".csv"}.get(option, ".docx")


__all__ = [
    "DEFAULT_URL",
    "DocxElementsOption",
    "DocxSizeOption",
    "ExtractorsOption",
    "IndexOption",
    "LogOption",
    "MemoryOption",
    "TimeoutOption",
    "check_output",
    "make_limits",
    "setup_log",
]


# The ledger's filters, shared by `ledger` and `remind` (and, where the words are the same, `search`).
DirectiveOption = Annotated[
    str | None, typer.Option("--directive", help="只要这份上级文件（文件 id、文号或标题）。")
]
LedgerRoleOption = Annotated[
    str | None,
    typer.Option("--role", help="单位角色：lead（牵头，含未分牵头、配合的责任单位）或 co（配合）。"),
]
DeadlineBeforeOption = Annotated[
    str | None,
    typer.Option("--deadline-before", help="时限在此日期或之前（YYYY-MM-DD、YYYY-MM 或 YYYY）。"),
]
DeadlineAfterOption = Annotated[
    str | None,
    typer.Option("--deadline-after", help="时限在此日期或之后（YYYY-MM-DD、YYYY-MM 或 YYYY）。"),
]
DocNumberOption = Annotated[str | None, typer.Option("--doc-number", help="文号包含此文字，如 〔2021〕3号。")]
IssuerOption = Annotated[
    str | None,
    typer.Option(
        "--issuer",
        help="发文机关名称中从某个词开头起含此文字（“民政”找民政局，不找人民政府；简称、全称都算）。",
    ),
]
