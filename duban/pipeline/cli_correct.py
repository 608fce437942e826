"""`duban correct`: staff set a measure's status by hand, list corrections, undo one.

The same corrections as the web forms (`pipeline.corrections`): stored in the index, laid over the
computed status in the ledger and on every page, kept through re-ingest and re-check.
"""

from __future__ import annotations

import getpass
import json
from typing import Annotated

import typer

from duban.base.errors import DubanError
from duban.base.vocab import status_label
from duban.index import open_store
from duban.pipeline.cli_index import require_index
from duban.pipeline.cli_options import DEFAULT_URL, IndexOption
from duban.pipeline.corrections import history, parse_status, set_status, undo_carried
from duban.pipeline.ledger import local_time

correct_app = typer.Typer(
    name="correct",
    help="人工核定举措状态：set 设置、list 查看、undo 撤销（与网页上的核定相同）。",
    no_args_is_help=True,
    rich_markup_mode=None,
)

ByOption = Annotated[
    str | None, typer.Option("--by", help="经办人（默认为当前系统用户名）。", show_default=False)
]


def _who(by: str | None) -> str:
    return by if by is not None else getpass.getuser()


def _fail(exc: DubanError) -> typer.Exit:
    typer.echo(f"{exc.code} {exc.message}\n  提示：{exc.hint}", err=True)
    return typer.Exit(2)


@correct_app.command("set")
def set_command(
    measure_id: Annotated[
        str,
        typer.Argument(
            metavar="举措编号", help="举措编号，如 <文件编号>:3（见 search --format json 或网页）。"
        ),
    ],
    status: Annotated[
        str,
        typer.Argument(
            metavar="状态", help="状态：done/已完成、lagging/滞后、overdue/逾期、in_progress/推进中…"
        ),
    ],
    note: Annotated[str, typer.Option("--note", "-m", help="说明，如“电话核实已完成”。")] = "",
    by: ByOption = None,
    index: IndexOption = DEFAULT_URL,
) -> None:
    """设置一条举措的状态（覆盖自动核查结果，重新入库、重新核查后仍有效）。"""
    try:
        status = parse_status(status)  # E072 before the index is opened
        require_index(index)  # a mistyped --index must fail, not create an empty index (E045)
        with open_store(index) as store:
            correction = set_status(store, measure_id, status, note, _who(by))
    except DubanError as exc:
        raise _fail(exc) from exc
    typer.echo(f"已核定 {measure_id} 为{status_label(correction.status)}（记录编号 {correction.id}）")


@correct_app.command("undo")
def undo_command(
    correction_id: Annotated[
        str, typer.Argument(metavar="核定记录编号", help="核定记录编号（见 duban correct list）。")
    ],
    by: ByOption = None,
    index: IndexOption = DEFAULT_URL,
) -> None:
    """撤销一条核定；该举措恢复自动核查结果（或上一条仍有效的核定）。

    同一文件的另一份入库副本上随这条核定转来（或这条由之转来）的核定一并撤销。"""
    try:
        require_index(index)  # a mistyped --index must fail, not create an empty index (E045)
        with open_store(index) as store:
            correction, *carried = undo_carried(store, correction_id, _who(by))
    except DubanError as exc:
        raise _fail(exc) from exc
    typer.echo(f"已撤销核定 {correction.id}（{correction.measure_text[:30]}）")
    for other in carried:
        typer.echo(f"  同一文件另一份副本上随之转来的核定 {other.id} 一并撤销")


@correct_app.command("list")
def list_command(
    include_undone: Annotated[bool, typer.Option("--all", help="包括已撤销的核定。")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="每行一条 JSON。")] = False,
    index: IndexOption = DEFAULT_URL,
) -> None:
    """列出人工核定，新的在前。"""
    try:
        require_index(index)  # a mistyped --index must fail, not create an empty index (E045)
        with open_store(index) as store:
            items = [c for c in history(store) if include_undone or not c.undone_at]
    except DubanError as exc:
        raise _fail(exc) from exc
    for c in items:
        if as_json:
            typer.echo(json.dumps(c.to_json(), ensure_ascii=False))
            continue
        undone = f" [已由{c.undone_by}撤销]" if c.undone_at else ""
        note = f"：{c.note}" if c.note else ""
        typer.echo(
            f"{c.id}\t{local_time(c.at)}\t{c.by}\t{status_label(c.status)}\t{c.measure_text[:40]}{note}{undone}"
        )


def register(app: typer.Typer) -> None:
    """Add the `correct` command group to the `duban` app."""
    app.add_typer(correct_app, name="correct")
