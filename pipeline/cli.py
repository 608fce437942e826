"""The `duban` command line: a thin Typer layer, each command calling a plain function."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipeline import __version__
from pipeline.cli_options import ExtractorsOption
from pipeline.errors import DubanError
from pipeline.extract import extract_file
from pipeline.loaders import SUPPORTED
from pipeline.model import Document

app = typer.Typer(
    name="duban",
    help="督办 duban: find measures, responsible units and deadlines in Chinese policy documents, "
    "minutes and reports; index them; cross-check relays and progress.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


def iter_files(paths: list[Path], recursive: bool) -> Iterator[tuple[Path, str]]:
    """Files named on the command line, and the supported files inside named folders."""
    for path in paths:
        if path.is_dir():
            pattern = "**/*" if recursive else "*"
            for child in sorted(path.glob(pattern)):
                if child.is_file() and child.suffix.lower() in SUPPORTED:
                    yield child, str(child)
        else:
            yield path, str(path)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"duban {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """督办 duban: measures, units and deadlines from Chinese policy documents."""


@app.command()
def extract(
    paths: Annotated[
        list[Path], typer.Argument(help="Files (.pdf .txt .md .html .docx) or folders to read.")
    ],
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Descend into sub-folders.")] = False,
    output: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="jsonl: one JSON object per document; table: readable."),
    ] = OutputFormat.jsonl,
    extractors: ExtractorsOption = "rules",
    text: Annotated[
        bool, typer.Option("--text", help="Include the normalised text in the JSON output.")
    ] = False,
) -> None:
    """Extract measures, units, deadlines, relays and progress; print JSON Lines or a table.

    A file that cannot be read yields a line with an `error` object (code, message, hint) and the
    run goes on; the exit status is 1 when any file failed.
    """
    from extractors.registry import get_extractors

    try:
        chosen = get_extractors(tuple(n.strip() for n in extractors.split(",") if n.strip()))
    except (ValueError, DubanError) as exc:
        typer.echo(f"duban: {exc}", err=True)
        raise typer.Exit(2) from exc
    failed = 0
    console = Console()
    for path, source in iter_files(paths, recursive):
        try:
            doc = extract_file(path, source, chosen)
        except DubanError as exc:
            failed += 1
            typer.echo(json.dumps({"source": source, "error": exc.to_json()}, ensure_ascii=False))
            typer.echo(f"{exc.code} {exc.message}\n  hint: {exc.hint}", err=True)
            continue
        if output is OutputFormat.jsonl:
            typer.echo(json.dumps(doc.to_json(include_text=text), ensure_ascii=False))
        else:
            console.print(_table(doc))
    if failed:
        raise typer.Exit(1)


def _table(doc: Document) -> Table:
    meta = doc.meta
    title = (
        f"{doc.source} — {meta.title or '(no title)'} [{meta.kind}] {meta.doc_number or ''} {meta.date or ''}"
    )
    table = Table(title=escape(title), show_lines=True, expand=True)
    table.add_column("#", justify="right", width=3)
    table.add_column("measure", ratio=6)
    table.add_column("units", ratio=2)
    table.add_column("deadlines", ratio=2)
    table.add_column("p.", width=3)
    for i, m in enumerate(doc.measures, 1):
        units = "\n".join(f"{u.name} ({u.role})" if u.role != "responsible" else u.name for u in m.units)
        deadlines = "\n".join(
            d.text + (f" → {d.due or d.period}" if d.due or d.period else "") for d in m.deadlines
        )
        body = m.text if len(m.text) <= 160 else m.text[:157] + "…"
        table.add_row(str(i), escape(body), escape(units), escape(deadlines), str(m.page))
    if doc.relays:
        table.caption = escape("relays: " + "; ".join(r.title or "" for r in doc.relays))
    return table


def _register_commands() -> None:
    """Commands that live in their own modules (index, cross-check, models, web) join the app."""
    from pipeline import cli_app, cli_crosscheck, cli_index, cli_models

    for module in (cli_index, cli_crosscheck, cli_models, cli_app):
        module.register(app)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except DubanError as exc:
        print(f"{exc.code} {exc.message}\n  hint: {exc.hint}", file=sys.stderr)
        sys.exit(2)
