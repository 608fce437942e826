"""`duban extract`: files to measures, units, deadlines, relays and progress, as JSON Lines or a table.

Kept apart from `pipeline.cli` so that `duban --help` or `duban search` never import what only
extraction needs (the option types, rich's tables, the file walker and its loaders).
"""

from __future__ import annotations

import json
import logging
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from duban.base.errors import DubanError
from duban.base.limits import Limits
from duban.base.paths import readable, source_of
from duban.base.vocab import KIND_LABELS
from duban.pipeline.cli_options import (
    DocxElementsOption,
    DocxSizeOption,
    ExtractorsOption,
    LogOption,
    MemoryOption,
    TimeoutOption,
    WorkersOption,
    make_limits,
    setup_log,
)
from duban.pipeline.cli_table import deadlines_cell, units_cell
from duban.pipeline.files import walk

if TYPE_CHECKING:
    from duban.base.model import Document

DEFAULT_LIMITS = Limits()
log = logging.getLogger(__name__)


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


def register(app: typer.Typer) -> None:
    """Add `extract` to `app`."""
    app.command("extract")(extract)


def extract(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="文件或文件夹...",
            help="要读取的文件（.pdf .ofd .txt .md .html .mht .docx .doc .wps .rtf .odt，表格 .xlsx .xls .et .csv .ods，演示文稿 .pptx .ppt .dps .odp，UOF 文档 .uot .uos .uop，扫描图片 .png .jpg .tif；压缩包 .zip .rar .7z .tar .tar.gz 和邮件 .eml .msg 中的这些文件）或文件夹。",
        ),
    ],
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="包括子文件夹。")] = False,
    output: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="jsonl：每个文件一行 JSON；table：便于阅读的表格。"),
    ] = OutputFormat.jsonl,
    extractors: ExtractorsOption = "rules",
    text: Annotated[bool, typer.Option("--text", help="在 JSON 输出中包含规范化后的全文。")] = False,
    workers: WorkersOption = None,
    timeout: TimeoutOption = DEFAULT_LIMITS.timeout,
    memory_mb: MemoryOption = DEFAULT_LIMITS.memory_mb,
    docx_max_mb: DocxSizeOption = DEFAULT_LIMITS.docx_max_mb,
    docx_max_elements: DocxElementsOption = DEFAULT_LIMITS.docx_max_elements,
    log_file: LogOption = None,
) -> None:
    """提取举措、责任单位、时限、传达和落实情况，输出 JSON Lines 或表格。

    读不了的文件输出一行带 `error`（code、message、hint）的 JSON，其余文件照常处理；文件夹中不支持
    的文件类型在标准错误中列为“跳过”。退出码：0 全部成功；1 有文件失败；2 参数错误；3 无失败但有跳过。
    """
    try:
        setup_log(log_file)
    except OSError as exc:
        raise typer.BadParameter(f"无法写入日志文件：{exc.strerror}", param_hint="--log") from exc
    names = tuple(n.strip() for n in extractors.split(",") if n.strip())
    limits = make_limits(timeout, memory_mb, docx_max_mb, docx_max_elements)
    try:
        from duban.extractors.registry import DEFAULT_EXTRACTORS, check_names
        from duban.pipeline.extract import cached_extractors

        if limits.isolated and names == DEFAULT_EXTRACTORS:
            # the worker extracts, forked from a server that has the rules built already:
            # building them here too cost half a second before the first file
            check_names(names)
        else:
            cached_extractors(names)  # a model that cannot load is refused here, once
    except (ValueError, DubanError) as exc:
        typer.echo(f"duban: {exc}", err=True)
        raise typer.Exit(2) from exc
    found = walk(paths, recursive, limits)
    failed = 0
    console = Console()
    for path, error in found.failed:
        failed += 1
        _echo_error(source_of(path), error)
    for path, error in found.skipped:
        log.info("skipped %s: %s", readable(path), error.code)
        typer.echo(f"跳过 {error.code} {error.message}\n  提示：{error.hint}", err=True)
    files = ((item.path, source_of(item.path)) for item in found.files)
    from duban.pipeline.extract import extract_many  # the pipeline loads only for commands that extract
    from duban.pipeline.worker import auto_workers

    chosen = workers if workers is not None else auto_workers()
    for path, source, result in extract_many(files, names, limits, chosen):
        if isinstance(result, DubanError):
            failed += 1
            log.warning("%s %s", result.code, result.message)
            _echo_error(source, result)
            continue
        log.info("extracted %s: %d measures", readable(path), len(result.measures))
        if output is OutputFormat.jsonl:
            typer.echo(json.dumps(result.to_json(include_text=text), ensure_ascii=False))
        else:
            console.print(_table(result))
    if failed:
        raise typer.Exit(1)
    if found.skipped:
        raise typer.Exit(3)


def _echo_error(source: str, error: DubanError) -> None:
    typer.echo(json.dumps({"source": source, "error": error.to_json()}, ensure_ascii=False))
    typer.echo(f"{error.code} {error.message}\n  提示：{error.hint}", err=True)


def _table(doc: Document) -> Table:
    meta = doc.meta
    kind = KIND_LABELS.get(meta.kind, meta.kind)
    title = f"{doc.source} — {meta.title or '（无标题）'} [{kind}] {meta.doc_number or ''} {meta.date or ''}"
    table = Table(title=escape(title), show_lines=True, expand=True)
    table.add_column("#", justify="right", width=3)
    table.add_column("举措", ratio=6)
    table.add_column("责任单位", ratio=2)
    table.add_column("时限", ratio=2)
    table.add_column("页", width=3)
    for i, m in enumerate(doc.measures, 1):
        body = m.text if len(m.text) <= 160 else m.text[:157] + "…"
        table.add_row(
            str(i),
            escape(body),
            escape(units_cell(m.units)),
            escape(deadlines_cell(m.deadlines)),
            str(m.page),
        )
    if doc.relays:
        table.caption = escape("传达：" + "；".join(r.title or "" for r in doc.relays))
    return table
