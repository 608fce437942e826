"""`duban crosscheck` and `duban ledger`: thin commands over `pipeline.status` and `pipeline.ledger`."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from duban.base.errors import DubanError
from duban.base.vocab import RELATION_LABELS, STATUS_LABELS
from duban.index import open_store
from duban.index.filters import parse_filters
from duban.pipeline.changes import list_changes, parse_since
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
from duban.pipeline.ledger import ledger_rows, write_csv, write_xlsx
from duban.pipeline.status import CheckResult, check_store, link_json, parse_as_of
from duban.pipeline.status_saved import saved_check

log = logging.getLogger(__name__)

AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="按此日期判断是否逾期，格式 YYYY-MM-DD（默认今天）。")
]


def crosscheck(
    directive: Annotated[
        str | None,
        typer.Argument(
            metavar="上级文件", help="要核查的上级文件：文件 id、源文件路径、文号或标题；省略则核查全部。"
        ),
    ] = None,
    as_of: AsOfOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON Lines 输出，每行一条传达关系。")] = False,
    index: IndexOption = DEFAULT_URL,
    save: Annotated[
        bool,
        typer.Option(
            "--save/--no-save", help="把每项举措的核查状态存入索引（默认）；--no-save 只显示不保存。"
        ),
    ] = True,
) -> None:
    """督办核查：把传达、落实文件与其上级文件关联，逐项匹配举措，并给出每项举措的状态。

    状态：未传达、已传达、推进中、已完成、滞后、逾期；证据列出对应的传达或落实原文。
    """
    try:
        require_index(index)  # a mistyped --index must fail, not create an empty index (E045)
        with open_store(index) as store:
            day = parse_as_of(as_of)
            result = check_store(store, day, directive, save=save)
    except DubanError as exc:
        typer.echo(f"{exc.code} {exc.message}\n  提示：{exc.hint}", err=True)
        raise typer.Exit(2) from exc
    if as_json:
        for line in result_lines(result):
            typer.echo(json.dumps(line, ensure_ascii=False))
    else:
        Console().print(result_table(result, TABLE_ROWS))
    if save and directive is None:
        del result  # the check's result (about a GB over the real corpus) goes before the ledger is made
        keep_ledger(index, day)


def keep_ledger(index: str, day: str) -> None:
    """Keep the ledger of the statuses just saved (`ledger_keep`): a server started after the
    nightly `duban crosscheck` serves the morning's first ledger from it instead of computing it
    (some 20 s of CPU over the real corpus, here added to a check of minutes; made after the
    check's result is let go, so the command's peak memory stays the check's). The statuses are
    saved whatever happens here: a failure is a warning, and the server computes the ledger."""
    from duban.pipeline.ledger_keep import keep_saved

    try:
        with open_store(index) as store:
            kept = keep_saved(store, day)
    except DubanError as exc:
        log.warning("台账未能保存以供网页快速打开：%s %s", exc.code, exc.message)
        return
    if kept is None:
        log.info("the index changed during the check: no ledger kept")


def result_lines(result: CheckResult) -> list[dict[str, object]]:
    """The JSON Lines: each link, and each directive that no follower relays (follower null)."""
    lines: list[dict[str, object]] = []
    for check in result.directives:
        for link in check.links:
            lines.append(link_json(link, check.record, result.as_of))
        if not check.links:
            lines.append(
                {
                    "directive": check.directive.to_json(),
                    "follower": None,
                    "relation": None,
                    "evidence": None,
                    "measures": [
                        {"measure_id": m.measure_id, "text": m.text, "status": m.status, "evidence": None}
                        for m in check.measures
                    ],
                }
            )
    lines.extend(link_json(link, None, result.as_of) for link in result.unresolved)
    return lines


TABLE_ROWS = 200
"""Rows (measures, then links to documents not in the index) the terminal table shows at most. An
index of every real document has 150,000 directive measures: their table took a minute and a GB
to draw and no one reads it; the rest is in `--json`, the ledger and the web pages."""


def result_table(result: CheckResult, limit: int) -> Table:
    """A readable summary: per directive, its followers and each measure's status and evidence;
    the first `limit` rows, and a caption saying where the rest is when there are more."""
    table = Table(title=f"督办核查（截至 {result.as_of}）", show_lines=True, expand=True)
    table.add_column("上级文件", ratio=3)
    table.add_column("传达、报告的文件", ratio=3)
    table.add_column("举措", ratio=5)
    table.add_column("状态", ratio=1)
    table.add_column("依据", ratio=4)
    rows = [(check, i, m) for check in result.directives for i, m in enumerate(check.measures)]
    total = len(rows) + len(result.unresolved)
    for check, i, m in rows[:limit]:
        name = followers = ""
        if i == 0:  # the directive and its followers stand on its first row only
            name = f"{check.directive.title or check.directive.source}\n{check.directive.doc_number or ''}"
            followers = "\n".join(
                f"{_relation(link.relation)}：{link.follower.title or link.follower.source}"
                for link in check.links
            )
        # no passage behind an overdue or unrelayed measure: the why says what the date does
        evidence = "\n".join(f"[{e.source}] {e.text[:80]}" for e in m.evidence) or m.why
        table.add_row(
            *map(
                escape,
                (
                    name,
                    followers,
                    m.text[:120],
                    STATUS_LABELS.get(m.status, m.status),
                    evidence,
                ),
            )
        )
    for link in result.unresolved[: max(0, limit - len(rows))]:
        table.add_row(
            *map(
                escape,
                (
                    f"（未入库）{link.directive.title or link.directive.doc_number}",
                    f"{_relation(link.relation)}：{link.follower.title or link.follower.source}",
                    "",
                    "",
                    link.evidence[:80],
                ),
            )
        )
    if total > limit:
        table.caption = (
            f"共 {len(result.directives)} 个上级文件、{len(rows)} 项举措、{len(result.unresolved)} 条未入库文件的传达，"
            f"只显示前 {limit} 行。全部结果：duban crosscheck --json、duban ledger --xlsx 台账.xlsx 或网页版。"
        )
    return table


def _relation(relation: str) -> str:
    return RELATION_LABELS.get(relation, relation)


def ledger(
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="把台账写成 Excel 工作簿（.xlsx）到此路径。")
    ] = None,
    csv_path: Annotated[Path | None, typer.Option("--csv", help="把台账写成 CSV 文件到此路径。")] = None,
    directive: DirectiveOption = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="牵头或配合单位名称包含此文字（简称、全称都算）。")
    ] = None,
    role: LedgerRoleOption = None,
    status: Annotated[
        str | None, typer.Option("--status", help="状态：overdue、lagging、done 等（也可写 逾期、滞后…）。")
    ] = None,
    deadline_before: DeadlineBeforeOption = None,
    deadline_after: DeadlineAfterOption = None,
    doc_number: DocNumberOption = None,
    issuer: IssuerOption = None,
    ingested_after: Annotated[
        str | None,
        typer.Option(
            "--ingested-after",
            help="上级文件入库时间在此之后（含）：YYYY-MM-DD、YYYY-MM-DDTHH:MM，或 今天、昨天、最近7天、本周、本月。",
        ),
    ] = None,
    ingested_before: Annotated[
        str | None,
        typer.Option("--ingested-before", help="上级文件入库时间在此之前（含；写法同 --ingested-after）。"),
    ] = None,
    as_of: AsOfOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="工作簿的“本期变化”表列出此日期（YYYY-MM-DD）以来的状态变化；默认为最近一次核查的变化。",
        ),
    ] = None,
    index: IndexOption = DEFAULT_URL,
) -> None:
    """生成督办台账（xlsx 和/或 csv）：每项上级文件举措一行，按状态着色。

    适合定时任务：索引不存在（E045）或参数有误时退出码为 2。例：duban ledger --xlsx 台账.xlsx --status 逾期
    """
    if xlsx is None and csv_path is None:
        typer.echo("duban ledger：请给出 --xlsx 文件 和/或 --csv 文件", err=True)
        raise typer.Exit(2)
    check_output(xlsx, "--xlsx")  # before the check: a nightly ledger to a mistyped folder fails fast
    check_output(csv_path, "--csv")
    try:
        filters = parse_filters(
            unit=unit,
            role=role,
            status=status,
            deadline_before=deadline_before,
            deadline_after=deadline_after,
            doc_number=doc_number,
            issuer=issuer,
            ingested_after=ingested_after,
            ingested_before=ingested_before,
        )
        start = parse_since(since) if since else None  # a bad date fails before the check
        require_index(index)  # a nightly ledger on a mistyped --index must exit non-zero (E045)
        with open_store(index) as store:
            day = parse_as_of(as_of)
            # an index unchanged since its last full cross-check: the statuses it saved (seconds,
            # where checking again reads every document)
            saved = saved_check(store, day) if directive is None else None
            result = saved if saved is not None else check_store(store, day, directive)
            overlay = Overlay.load(store)  # staff corrections win over computed statuses, as on the web
            # the 本期变化 sheet, read after the ledger wrote back the due dates passed since
            changed = list_changes(store, start, directive, unit) if xlsx is not None else None
    except DubanError as exc:
        typer.echo(f"{exc.code} {exc.message}\n  提示：{exc.hint}", err=True)
        raise typer.Exit(2) from exc
    rows = ledger_rows(result, filters, overlay)
    try:
        if xlsx is not None:
            write_xlsx(rows, xlsx, result.as_of, changed)
        if csv_path is not None:
            write_csv(rows, csv_path)
    except OSError as exc:  # a full disk, or the file held open by Excel on a shared folder
        raise typer.BadParameter(f"无法写入 {exc.filename or ''}：{exc.strerror or exc}") from exc
    typer.echo(f"已写入 {len(rows)} 项举措", err=True)


def register(app: typer.Typer) -> None:
    """Add `crosscheck` and `ledger` to the `duban` app."""
    app.command("crosscheck")(crosscheck)
    app.command("ledger")(ledger)
