"""`duban changes`: 本期变化, a thin command over `pipeline.changes`.

It only reads: the changes the saves of statuses recorded and the staff corrections, never a
check of its own (run `duban crosscheck`, or let the ingest re-check, to have something new to
list). An empty period is no failure (exit 0); a missing index or a bad date exits 2.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from duban.base.errors import DubanError
from duban.index import open_store
from duban.pipeline.changes import ChangePage, changes_page, list_changes, local_time, parse_since
from duban.pipeline.cli_index import require_index
from duban.pipeline.cli_options import DEFAULT_URL, IndexOption

SHOWN_LINES = 200
"""Lines the terminal lists at most (the first check of a large index changes every measure
from none); `--json` has them all."""


def changes(
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="列出此日期（YYYY-MM-DD）或时刻（YYYY-MM-DD HH:MM）以来的变化；默认为最近一次核查的变化。",
        ),
    ] = None,
    last: Annotated[
        bool, typer.Option("--last", help="只列最近一次核查以来的变化（默认即如此，不能与 --since 同用）。")
    ] = False,
    directive: Annotated[
        str | None, typer.Option("--directive", help="只要这份上级文件（文件 id、源文件路径、文号或标题）。")
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="牵头或配合单位名称包含此文字（简称、全称都算）。")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以一个 JSON 对象输出（含全部变化）。")] = False,
    index: IndexOption = DEFAULT_URL,
) -> None:
    """本期变化：自上次核查（或 --since 日期）以来状态有变化的举措，分新完成、新增逾期、新增滞后和其他。

    只读取核查保存时记下的变化和人工核定，不重新核查；没有变化时退出码也为 0。例：duban changes --since 2026-06-01
    """
    if since is not None and last:
        typer.echo("duban changes：--since 与 --last 只能选一个", err=True)
        raise typer.Exit(2)
    try:
        start = parse_since(since) if since is not None else None
        require_index(index)  # a weekly job on a mistyped --index must exit non-zero (E045)
        with open_store(index) as store:
            if as_json:
                found = list_changes(store, start, directive=directive, unit=unit)
            else:  # the terminal shows the first lines: only those are named
                shown = changes_page(store, start, directive, unit, 0, SHOWN_LINES)
    except DubanError as exc:
        typer.echo(f"{exc.code} {exc.message}\n  提示：{exc.hint}", err=True)
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(found.to_json(), ensure_ascii=False))
        return
    for line in report_lines(shown):
        typer.echo(line)


def report_lines(found: ChangePage) -> list[str]:
    """The page as text: the period, the counts, then each group's count and its lines on the
    page (the first `SHOWN_LINES` of the list in `changes_page`)."""
    out = [f"本期变化：{found.heading()}", found.summary()]
    if not found.total:
        out.append(
            "没有状态变化。" if found.since is not None else "还没有核查记录：请先运行 duban crosscheck。"
        )
        return out
    shown = 0
    for key, label, lines in found.grouped():
        if not found.counts[key]:
            continue
        out.append(f"\n【{label}】{found.counts[key]} 项")
        for line in lines:
            number = f"（{line.doc_number}）" if line.doc_number else ""
            units = "、".join(line.units) or "—"
            out.append(
                f"  {line.directive}{number}｜{line.measure}｜{units}｜{line.change_text}"
                f"｜{local_time(line.at)} {line.cause_text}"
            )
            shown += 1
    if shown < found.total:
        out.append(f"\n共 {found.total} 项，只显示前 {shown} 项；全部：duban changes --json。")
    return out


def register(app: typer.Typer) -> None:
    """Add `changes` to the `duban` app."""
    app.command("changes")(changes)
