"""`duban remind`: the week's 催办通知单, a thin command over `pipeline.reminders`.

It reads the statuses as `duban ledger` does (those the last full cross-check saved while the
index is as it saw it, else a check run now and saved), lays the staff corrections over them,
and writes one slip per unit. Nothing to chase is not a failure (exit 0, no file: an empty
slip would be sent to nobody); a missing index, a bad date or filter exits 2, as the ledger.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from duban.base.dates import iso_day
from duban.base.errors import DubanError, E
from duban.index import open_store
from duban.index.filters import parse_filters
from duban.pipeline.cli_crosscheck import AsOfOption
from duban.pipeline.cli_index import require_index
from duban.pipeline.cli_options import (
    DEFAULT_URL,
    DeadlineAfterOption,
    DeadlineBeforeOption,
    DirectiveOption,
    DocNumberOption,
    IndexOption,
    IssuerOption,
    LedgerRoleOption,
    check_output,
)
from duban.pipeline.corrections import Overlay
from duban.pipeline.ledger import ledger_rows
from duban.pipeline.reminders import OFFICE, REMIND_DAYS, REPLY_DAYS, Reminders, reminders, write_docx
from duban.pipeline.status import check_store, parse_as_of
from duban.pipeline.status_saved import saved_check


def remind(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="把催办通知单写成 Word 文件（.docx）到此路径。")
    ] = None,
    as_of: AsOfOption = None,
    days: Annotated[
        int,
        typer.Option("--days", min=0, max=366, help="截止日期在几天之内的未完成事项也要催办（默认 7 天）。"),
    ] = REMIND_DAYS,
    reply_by: Annotated[
        str | None,
        typer.Option(
            "--reply-by",
            help=f"请各单位在此日期前书面回复，格式 YYYY-MM-DD（默认截至日期后 {REPLY_DAYS} 天）。",
        ),
    ] = None,
    office: Annotated[str, typer.Option("--office", help="落款的发文单位（默认：督查室）。")] = OFFICE,
    directive: DirectiveOption = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="只给名称包含此文字的单位出通知单（简称、全称都算）。"),
    ] = None,
    role: LedgerRoleOption = None,
    status: Annotated[
        str | None, typer.Option("--status", help="只催办此状态：overdue、lagging 等（也可写 逾期、滞后…）。")
    ] = None,
    deadline_before: DeadlineBeforeOption = None,
    deadline_after: DeadlineAfterOption = None,
    doc_number: DocNumberOption = None,
    issuer: IssuerOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="以 JSON 输出各单位及其催办事项（可与 --out 同用）。")
    ] = False,
    index: IndexOption = DEFAULT_URL,
) -> None:
    """生成催办通知单（.docx）：按责任单位列出逾期、滞后和即将到期的督办事项，每个单位一页起。

    没有需要催办的事项时只作说明、不写文件（退出码 0）；索引不存在（E045）或参数有误时退出码为 2。
    例：duban remind --out 催办单.docx --days 7 --reply-by 2026-06-05
    """
    if out is None and not as_json:
        typer.echo("duban remind：请给出 --out 文件（.docx） 和/或 --json", err=True)
        raise typer.Exit(2)
    check_output(out, "--out")
    try:
        filters = parse_filters(
            unit=unit,
            role=role,
            status=status,
            deadline_before=deadline_before,
            deadline_after=deadline_after,
            doc_number=doc_number,
            issuer=issuer,
        )
        day = parse_as_of(as_of)
        reply = _reply_by(reply_by, day)
        require_index(index)  # a weekly job on a mistyped --index must exit non-zero (E045)
        with open_store(index) as store:
            # as `duban ledger`: the statuses the last full check saved while the index is as it
            # saw it (seconds), else the check itself (minutes on a large index), saved for next time
            saved = saved_check(store, day) if directive is None else None
            if saved is None:
                typer.echo(
                    "索引自上次全面核查后有变化（或尚未核查），正在核查；"
                    "大的索引需要几分钟，可先定时运行 duban crosscheck。",
                    err=True,
                )
            result = saved if saved is not None else check_store(store, day, directive)
            overlay = Overlay.load(store)  # staff corrections win, as in the ledger
    except DubanError as exc:
        typer.echo(f"{exc.code} {exc.message}\n  提示：{exc.hint}", err=True)
        raise typer.Exit(2) from exc
    slips = reminders(
        ledger_rows(result, filters, overlay),
        result.as_of,
        days=days,
        filters=filters,
        reply_by=reply,
        office=office.strip() or OFFICE,
    )
    if as_json:
        typer.echo(json.dumps(slips.to_json(), ensure_ascii=False))
    if not slips.units:
        hint = "" if result.directives else "索引中还没有带举措的上级文件，请先入库（duban ingest）。"
        typer.echo(
            f"截至 {slips.as_of}，没有需要催办的事项（逾期、滞后或 {days} 天内到期），未写入文件。{hint}",
            err=as_json,
        )
        return
    if out is not None:
        try:
            write_docx(slips, out)
        except OSError as exc:
            raise typer.BadParameter(f"无法写入 {out}：{exc.strerror or exc}", param_hint="--out") from exc
    typer.echo(summary_text(slips, out), err=as_json)


def _reply_by(value: str | None, as_of: str) -> str | None:
    """The reply date asked for, a whole ISO day (E071 otherwise), not before the as-of date (a
    reply asked for before the slip is dated is a typing slip); None for the default."""
    if value is None:
        return None
    day = iso_day(value.strip())
    if day is None:
        raise DubanError(E.BAD_DATE, value=value)
    if day < as_of:
        raise typer.BadParameter(f"回复期限 {day} 早于截至日期 {as_of}", param_hint="--reply-by")
    return day


def summary_text(slips: Reminders, out: Path | None) -> str:
    """What the command prints: a line per unit (most overdue first), then the totals."""
    lines = [
        f"{u.unit}：{len(u.rows)} 项（逾期 {u.count('overdue')}，滞后 {u.count('lagging')}，"
        f"{slips.days} 天内到期 {u.count('due_soon')}）"
        for u in slips.units
    ]
    written = f"，已写入 {out}" if out is not None else ""
    lines.append(
        f"截至 {slips.as_of}：催办 {len(slips.units)} 个单位、{slips.tasks} 项事项"
        f"（{slips.measures} 项举措），回复期限 {slips.reply_by}{written}"
    )
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add `remind` to the `duban` app."""
    app.command("remind")(remind)
