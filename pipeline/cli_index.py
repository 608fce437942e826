"""`duban ingest`, `duban search` and `duban stats`: thin commands over `pipeline.ingest` and `index`.

`register(app)` adds them to the main app; `python -m pipeline.cli_index` runs them on their own.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from index import DEFAULT_URL, open_store
from index.filters import parse_filters
from index.highlight import MARK_STYLES, Marks
from index.store import Hit, SearchResult
from pipeline.cli_options import ExtractorsOption, IndexOption
from pipeline.errors import DubanError
from pipeline.ingest import RunReport, ingest, parse_shard

_TABLE_MARKS = Marks("\x02", "\x03")


class SortOrder(StrEnum):
    relevance = "relevance"
    deadline = "deadline"


class HighlightStyle(StrEnum):
    brackets = "brackets"
    html = "html"


def register(app: typer.Typer) -> None:
    """Add the index commands to `app`."""
    app.command("ingest")(ingest_command)
    app.command("search")(search_command)
    app.command("stats")(stats_command)


def _fail(exc: DubanError) -> NoReturn:
    typer.echo(f"{exc.code} {exc.message}\n  hint: {exc.hint}", err=True)
    raise typer.Exit(2) from exc


def ingest_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Files (.pdf .txt .md .html .docx) or folders to index.")
    ],
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Descend into sub-folders.")] = False,
    index: IndexOption = DEFAULT_URL,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", "-w", min=1, help="Processes that extract in parallel (the index has one writer)."
        ),
    ] = 1,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            metavar="K/N",
            help="Take only shard K of N (by a hash of each file's path relative to the folder named), "
            "to split a folder between machines.",
        ),
    ] = None,
    extractors: ExtractorsOption = "rules",
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar; print only the summary.")
    ] = False,
) -> None:
    """Extract and index documents; files already indexed with the same content are skipped.

    Each document is written as one step, so an interrupted run can simply be run again. A file
    that fails is reported with its error code and the others go on; the exit status is 1 when any
    file failed.
    """
    try:
        chosen_shard = parse_shard(shard) if shard else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--shard") from exc
    names = [n.strip() for n in extractors.split(",") if n.strip()]
    try:
        report = ingest(paths, recursive, index, workers, chosen_shard, names, progress=not quiet)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    except DubanError as exc:
        _fail(exc)
    print_report(report, Console())
    if report.failed:
        raise typer.Exit(1)


def print_report(report: RunReport, console: Console) -> None:
    """One summary line, then each failed file with its code and reason."""
    shard = f" (shard {report.shard})" if report.shard else ""
    console.print(
        f"{report.seen} files{shard}: {report.ingested} indexed ({report.measures} measures), "
        f"{report.unchanged} unchanged, {report.failed} failed in {report.seconds:.1f}s → {report.index_url}",
        markup=False,
        highlight=False,
    )
    for failure in report.failures:
        console.print(f"  {failure.code} {failure.message}", markup=False, highlight=False)


def search_command(
    query: Annotated[
        str,
        typer.Argument(
            help="Words to find (any 2+ characters of a measure match), plus field:value tokens: unit:, "
            "责任单位:, 牵头单位: (lead), 配合单位: (co), status:, kind:, 文号:, issuer:. 逾期/超期/overdue "
            "alone means status overdue.",
        ),
    ] = "",
    unit: Annotated[str | None, typer.Option(help="A responsible unit whose name contains this.")] = None,
    role: Annotated[
        str | None, typer.Option(help="The unit's role: lead (牵头), co (配合) or responsible (责任).")
    ] = None,
    kind: Annotated[str | None, typer.Option(help="Document kind: policy, minutes, report or other.")] = None,
    issuer: Annotated[str | None, typer.Option(help="The document's issuer contains this.")] = None,
    status: Annotated[
        str | None,
        typer.Option(
            help="Cross-check status: not_relayed, relayed, in_progress, done, lagging, overdue, or unset."
        ),
    ] = None,
    deadline_before: Annotated[
        str | None, typer.Option(help="A deadline due on or before this date (YYYY-MM-DD, YYYY-MM or YYYY).")
    ] = None,
    deadline_after: Annotated[
        str | None, typer.Option(help="A deadline due on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).")
    ] = None,
    deadline_kind: Annotated[
        str | None, typer.Option(help="Deadline kind: absolute, relative, recurring, term, ongoing or range.")
    ] = None,
    doc_number: Annotated[
        str | None, typer.Option(help="The document number contains this, e.g. 〔2021〕3号.")
    ] = None,
    date_from: Annotated[
        str | None,
        typer.Option("--from", help="Documents dated on or after this (YYYY-MM-DD, YYYY-MM or YYYY)."),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option("--to", help="Documents dated on or before this (YYYY-MM-DD, YYYY-MM or YYYY)."),
    ] = None,
    docs: Annotated[bool, typer.Option("--docs", help="Find documents instead of measures.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="How many hits to show.")] = 10,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Skip this many hits first (paging).")] = 0,
    sort: Annotated[
        SortOrder, typer.Option(help="relevance, or deadline (earliest due first, undated last).")
    ] = SortOrder.relevance,
    json_output: Annotated[
        bool,
        typer.Option(
            "--json",
            help="JSON Lines, one hit a line: text, source, doc_id, page, units, deadlines, status, score, "
            "highlight (plus measure_id, title, kind).",
        ),
    ] = False,
    highlight: Annotated[
        HighlightStyle, typer.Option(help="How --json marks matches: brackets 【…】 or html <mark>…</mark>.")
    ] = HighlightStyle.brackets,
    index: IndexOption = DEFAULT_URL,
) -> None:
    """Search measures (or documents with --docs) by text and filters.

    Every filter narrows the hits; dates are inclusive. Example: duban search 约谈 --unit 纪委
    --deadline-before 2021-12 --sort deadline
    """
    try:
        filters = parse_filters(
            unit=unit,
            role=role,
            kind=kind,
            issuer=issuer,
            status=status,
            deadline_before=deadline_before,
            deadline_after=deadline_after,
            deadline_kind=deadline_kind,
            doc_number=doc_number,
            date_from=date_from,
            date_to=date_to,
        )
        marks = MARK_STYLES[highlight.value] if json_output else _TABLE_MARKS
        with open_store(index) as store:
            result = store.search(
                query, filters, "documents" if docs else "measures", limit, offset, sort.value, marks
            )
            empty = result.total == 0 and store.count("documents") == 0
    except DubanError as exc:
        _fail(exc)
    if empty:
        typer.echo(f"the index at {index} is empty; add documents with `duban ingest PATH`", err=True)
    if json_output:
        for hit in result.hits:
            typer.echo(json.dumps(hit.to_json(), ensure_ascii=False))
        return
    Console().print(hits_table(result))


def hits_table(result: SearchResult) -> Table:
    """A readable table of hits, matches in bold."""
    shown = f"{len(result.hits)} of {result.total} hits" if result.hits else "no hits"
    table = Table(caption=f"{shown} · {result.took_ms:.0f} ms", show_lines=True, expand=True)
    table.add_column("#", justify="right", width=3)
    table.add_column("score", justify="right", width=6)
    if result.target == "documents":
        table.add_column("document", ratio=2, overflow="fold")
        table.add_column("excerpt", ratio=6, overflow="fold")
        table.add_column("kind", width=8)
    else:
        table.add_column("measure", ratio=6, overflow="fold")
        table.add_column("units", ratio=2, overflow="fold")
        table.add_column("deadlines", ratio=2, overflow="fold")
        table.add_column("status", width=11)
    table.add_column("source", ratio=2, overflow="fold")
    for i, hit in enumerate(result.hits, 1):
        place = Path(hit.source).name + (f" p.{hit.page}" if hit.page else "")
        if result.target == "documents":
            table.add_row(
                str(i),
                f"{hit.score:.2f}",
                Text(hit.text),
                _marked(hit.highlight),
                hit.kind or "",
                Text(place),
            )
        else:
            table.add_row(
                str(i),
                f"{hit.score:.2f}",
                _marked(hit.highlight),
                Text(_units(hit)),
                Text(_deadlines(hit)),
                hit.status or "",
                Text(place),
            )
    return table


def _marked(highlight: str) -> Text:
    text = Text()
    for i, part in enumerate(
        highlight.replace(_TABLE_MARKS.close, _TABLE_MARKS.open).split(_TABLE_MARKS.open)
    ):
        text.append(part, style="bold yellow" if i % 2 else "")
    return text


def _units(hit: Hit) -> str:
    return "\n".join(
        u["name"] + (f" ({u['role']})" if u.get("role") not in (None, "responsible") else "")
        for u in hit.units
    )


def _deadlines(hit: Hit) -> str:
    lines = []
    for d in hit.deadlines:
        norm = d.get("due") or d.get("period")
        lines.append(d.get("text", "") + (f" → {norm}" if norm else ""))
    return "\n".join(lines)


def stats_command(
    json_output: Annotated[bool, typer.Option("--json", help="Print the counts as one JSON object.")] = False,
    index: IndexOption = DEFAULT_URL,
) -> None:
    """Counts in the index: documents, measures, and measures by kind, unit, deadline month and status."""
    try:
        with open_store(index) as store:
            stats = collect_stats(store.stats(), store.runs(1))
    except DubanError as exc:
        _fail(exc)
    if json_output:
        typer.echo(json.dumps(stats, ensure_ascii=False))
        return
    console = Console()
    console.print(
        f"{stats['documents']} documents, {stats['measures']} measures, {stats['runs']} ingest runs",
        highlight=False,
    )
    for title, key in (
        ("documents by kind", "by_kind"),
        ("measures by status", "by_status"),
        ("measures by unit (top)", "by_unit"),
        ("deadlines by month due", "by_deadline_month"),
    ):
        if stats[key]:
            console.print(_counts_table(title, stats[key]))
    last = stats.get("last_run")
    if last:
        console.print(
            f"last run {last.get('started_at')}: {last.get('status')}, {last.get('ingested', 0)} indexed, "
            f"{last.get('unchanged', 0)} unchanged, {last.get('failed', 0)} failed",
            highlight=False,
        )


def collect_stats(stats: dict[str, Any], runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The store's counts plus the latest ingest run."""
    return {**stats, "last_run": runs[0] if runs else None}


def _counts_table(title: str, counts: dict[str, int]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("value")
    table.add_column("count", justify="right")
    for key, count in counts.items():
        table.add_row(key, str(count))
    return table


def main() -> None:
    """Run the index commands on their own (`python -m pipeline.cli_index`)."""
    app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None)
    register(app)
    app()


if __name__ == "__main__":
    main()
