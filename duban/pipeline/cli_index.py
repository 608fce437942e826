"""`duban ingest`, `duban search` and `duban stats`: thin commands over `pipeline.ingest` and `index`.

`register(app)` adds them to the main app; `python -m pipeline.cli_index` runs them on their own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from duban.base.errors import DubanError, E
from duban.base.limits import Limits
from duban.base.paths import is_url, source_of, still_there
from duban.base.stored import StoredDocument
from duban.base.vocab import KIND_LABELS, RUN_STATUS_LABELS, status_label
from duban.index import DEFAULT_URL, open_store
from duban.index.analysis import unknown_fields
from duban.index.filters import Filters, parse_filters
from duban.index.highlight import MARK_STYLES, Marks
from duban.index.store import SearchResult, Store
from duban.pipeline.cli_options import (
    DocxElementsOption,
    DocxSizeOption,
    ExtractorsOption,
    IndexOption,
    LogOption,
    MemoryOption,
    TimeoutOption,
    WorkersOption,
    check_output,
    make_limits,
    setup_log,
)
from duban.pipeline.search_hints import unknown_field_hint, why_no_hits

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from duban.base.stored import Failure, RunReport

DEFAULT_LIMITS = Limits()

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
    app.command("search", context_settings={"ignore_unknown_options": True})(search_command)
    app.command("stats")(stats_command)
    app.command("runs")(runs_command)
    app.command("prune")(prune_command)
    app.command("delete")(delete_command)


def _fail(exc: DubanError) -> NoReturn:
    typer.echo(f"{exc.code} {exc.message}\n  提示：{exc.hint}", err=True)
    raise typer.Exit(2) from exc


def require_index(url: str) -> None:
    """Refuse a SQLite index file that does not exist (E045): opening it would silently create an
    empty one, and a mistyped --index would then answer every search with nothing. A folder or
    a file that is no index is refused too (`check_index_file`)."""
    path = index_path(url)
    if path is not None and not path.exists():
        raise DubanError(E.INDEX_MISSING, url=url)
    check_index_file(url, path)


def index_path(url: str) -> Path | None:
    """The file of a SQLite index URL (`open_store`'s reading); None for Elasticsearch, or a URL
    open_store refuses with its own error."""
    if url.startswith("sqlite://"):
        rest = url[len("sqlite://") :].split("?", 1)[0]
        return Path(rest[1:]) if rest.startswith("/") and len(rest) > 1 else None
    if "://" in url or not url.strip():
        return None
    return Path(url)


def check_index_file(url: str, path: Path | None) -> None:
    """Refuse (E041, in staff's words) an index path that is a folder, or a file that is not a
    SQLite database (a 台账 or a PDF given by mistake): SQLite itself says only "unable to open
    database file" or "file is not a database", under a hint about starting Elasticsearch. An
    empty file is left alone (SQLite makes it a new index), as is a path that does not exist.

    The file is asked through SQLite, read-only, never opened and closed by Python: closing any
    descriptor of a database file drops every POSIX lock this process holds on it, so a store
    already open in the process (the web app's, a test's, an ingest's in a library caller) would
    go on writing unlocked beside another process, and the index would be corrupted."""
    if path is None or not path.exists():
        return
    if path.is_dir():
        raise DubanError(
            E.INDEX_UNREACHABLE, url=url, detail="这是一个文件夹，不是索引文件；请写出 .db 文件的路径"
        )
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            probe.execute("PRAGMA schema_version").fetchone()
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        if "not a database" not in str(exc):
            raise DubanError(E.INDEX_UNREACHABLE, url=url, detail=f"无法读取：{exc}") from exc
        raise DubanError(
            E.INDEX_UNREACHABLE,
            url=url,
            detail="这个文件不是 duban 的索引（不是 SQLite 数据库），请检查 --index 是否指错了文件",
        ) from exc


def ingest_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="文件、文件夹或网址...",
            help="要建立索引的文件（.pdf .ofd .txt .md .html .mht .docx .doc .wps .rtf .odt，表格 .xlsx .xls .et .csv .ods，演示文稿 .pptx .ppt .dps .odp，UOF 文档 .uot .uos .uop，扫描图片 .png .jpg .tif；压缩包 .zip .rar .7z .tar .tar.gz 和邮件 .eml .msg 中的这些文件）或文件夹；"
            "也可以是 http(s):// 网址：抓取该网页及其附件后入库。",
        ),
    ] = None,
    urls_file: Annotated[
        Path | None,
        typer.Option(
            "--urls",
            help="从此文件读取要抓取的网址，每行一个（空行和 # 开头的行忽略）；与文件、文件夹可同时给出。",
        ),
    ] = None,
    fetched: Annotated[
        Path | None,
        typer.Option(
            "--fetched",
            help="抓取的网页和附件保存在此文件夹（按网站分子文件夹，另有 manifest.jsonl 供下次判断是否更新）；"
            "默认为 SQLite 索引文件旁的 <索引>.fetched。",
        ),
    ] = None,
    fetch_timeout: Annotated[
        float,
        typer.Option(
            "--fetch-timeout",
            min=0,
            help="抓取网址时每次等待网站响应的时限（秒，默认 30）；整个响应须在其 10 倍时间内传完。0 为不限。",
        ),
    ] = 30.0,
    fetch_max_mb: Annotated[
        int, typer.Option("--fetch-max-mb", min=1, help="抓取的每个网页或附件的大小上限（MB，默认 100）。")
    ] = 100,
    fetch_delay: Annotated[
        float,
        typer.Option("--fetch-delay", min=0, help="对同一网站两次请求之间至少间隔的秒数（默认 1）。"),
    ] = 1.0,
    max_attachments: Annotated[
        int,
        typer.Option(
            "--max-attachments",
            min=0,
            help="每个网页最多抓取的附件数（链接以 .pdf .docx .xlsx .ofd .zip 等结尾的，默认 20；0 为不抓附件）。",
        ),
    ] = 20,
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="包括子文件夹。")] = False,
    index: IndexOption = DEFAULT_URL,
    create: Annotated[
        bool,
        typer.Option("--create/--no-create", help="索引不存在时新建（默认）；--no-create 时索引必须已存在。"),
    ] = True,
    workers: WorkersOption = None,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            metavar="K/N",
            help="只处理 N 份中的第 K 份（按文件相对所给文件夹的路径哈希划分），用于多台机器分担一个文件夹。",
        ),
    ] = None,
    extractors: ExtractorsOption = "rules",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="不显示进度条，只输出汇总。")] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="以一个 JSON 对象输出汇总（供 cron 等定时任务使用）。")
    ] = False,
    timeout: TimeoutOption = DEFAULT_LIMITS.timeout,
    memory_mb: MemoryOption = DEFAULT_LIMITS.memory_mb,
    docx_max_mb: DocxSizeOption = DEFAULT_LIMITS.docx_max_mb,
    docx_max_elements: DocxElementsOption = DEFAULT_LIMITS.docx_max_elements,
    log_file: LogOption = None,
    recheck: Annotated[
        bool,
        typer.Option(
            "--recheck/--no-recheck",
            help="有文件新增或更新、且索引已做过督办核查时，导入后重新核查（默认）；"
            "--no-recheck 时留待下次 duban crosscheck（索引很大时，核查可另行安排）。",
        ),
    ] = True,
) -> None:
    """提取并索引文件（或抓取的网页及其附件）；内容未变的文件自动跳过。

    每个文件一步写入，中断后重新运行即可。每个文件都有交代：已索引、未变、失败（带错误码）、
    跳过（不支持的类型，附转换提示）或超时/超内存被中止。退出码：0 全部成功；1 有文件失败；
    2 参数或索引错误，或批次因索引写入失败（如磁盘已满 E044）而中止；3 无失败但有文件被跳过。
    网址（如 duban ingest https://…/t20261130_1.html 或 --urls 网址列表.txt）：抓取网页及其附件
    （遵守 robots.txt），保存在 --fetched 文件夹，以网址为来源入库；未变的网页不重复下载；
    抓取失败的网址带错误码（E063–E066）列出，其余继续；报告中列出下载、未修改（304）、
    内容未变、robots.txt 不允许和失败的网址数。
    """
    try:
        setup_log(log_file)
    except OSError as exc:
        raise typer.BadParameter(f"无法写入日志文件：{exc.strerror}", param_hint="--log") from exc
    try:
        from duban.pipeline.ingest import (  # the pipeline loads only for ingest
            Interrupted,
            ingest,
            parse_shard,
        )
        from duban.pipeline.worker import auto_workers

        chosen_shard = parse_shard(shard) if shard else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--shard") from exc
    names = [n.strip() for n in extractors.split(",") if n.strip()]
    limits = make_limits(timeout, memory_mb, docx_max_mb, docx_max_elements)
    files, urls = _paths_and_urls(paths or [], urls_file)
    if not files and not urls:
        raise typer.BadParameter("请给出要入库的文件、文件夹或网址（或用 --urls 网址列表文件）。")
    fetch = None
    if urls:
        from duban.pipeline.fetch import FetchOptions
        from duban.pipeline.ingest import fetch_options

        try:
            folder = fetched if fetched is not None else fetch_options(index).folder
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--fetched") from exc
        fetch = FetchOptions(
            folder.absolute(),
            timeout=fetch_timeout,
            max_bytes=fetch_max_mb * 1024 * 1024,
            delay=fetch_delay,
            max_attachments=max_attachments,
        )
    try:
        if not create:
            require_index(index)
        check_index_file(index, index_path(index))  # a folder or a non-index file, before any work
        report = ingest(
            files,
            recursive,
            index,
            workers if workers is not None else auto_workers(),
            chosen_shard,
            names,
            progress=not quiet and not json_output,
            limits=limits,
            recheck=recheck,
            urls=urls,
            fetch=fetch,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    except DubanError as exc:
        _fail(exc)
    except Interrupted as exc:
        _show_report(exc.report, json_output)
        typer.echo(
            f"已中断（Ctrl-C）：已索引的 {exc.report.ingested} 个文件已保存；再次运行同一命令即可继续，"
            "内容未变的文件自动跳过。",
            err=True,
        )
        raise typer.Exit(INTERRUPTED_EXIT) from exc
    _show_report(report, json_output)
    code = report.exit_code()
    if code:
        raise typer.Exit(code)


INTERRUPTED_EXIT = 130  # the shell's code for a command ended by SIGINT (128 + 2)


def _show_report(report: RunReport, json_output: bool) -> None:
    """The run's summary: one JSON object with --json (what a cron job reads), else the table."""
    if json_output:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
        return
    from rich.console import Console  # rich loads only for output meant to be read

    print_report(report, Console())


def _paths_and_urls(arguments: Sequence[str], urls_file: Path | None) -> tuple[list[Path], list[str]]:
    """The paths and the URLs among the arguments (a URL kept as a string: `Path` would fold its
    `//`), then the URLs of `--urls`, in their order."""
    paths = [Path(a) for a in arguments if not is_url(a)]
    urls = [a for a in arguments if is_url(a)]
    if urls_file is not None:
        from duban.pipeline.fetch import read_url_list

        try:
            urls += read_url_list(urls_file)
        except OSError as exc:
            raise typer.BadParameter(
                f"无法读取网址列表文件 {urls_file}：{exc.strerror or exc}", param_hint="--urls"
            ) from exc
    return paths, urls


def _failure_hints(failures: Sequence[Failure]) -> dict[tuple[str, str], int]:
    """What to do about each kind of failure, once per code and hint with how many files it
    concerns: a nightly batch may fail hundreds of scanned PDFs alike, and the same hint under each
    would bury the list; staff still need it (the message says what is wrong, the hint what to do).
    One code may carry two hints (E012: install OCR, or, OCR having found nothing, scan again)."""
    hints: dict[tuple[str, str], int] = {}
    for failure in failures:
        if failure.hint:
            hints[failure.code, failure.hint] = hints.get((failure.code, failure.hint), 0) + 1
    return hints


def print_report(report: RunReport, console: Console) -> None:
    """One summary line, then each failed and skipped file with its code, reason and hint.

    Lines are never wrapped (`soft_wrap`): a nightly batch's output goes to a log file, where rich
    would break them at 80 columns, inside a file's path or the summary's figures, and staff grep
    and copy those lines whole."""
    console.soft_wrap = True
    shard = f"（第 {report.shard} 份）" if report.shard else ""
    stopped = "，批次已中止" if report.stopped else ""
    console.print(
        f"{report.seen} 个文件{shard}：已索引 {report.ingested} 个（{report.measures} 条举措），"
        f"未变 {report.unchanged} 个，失败 {report.failed} 个，跳过 {len(report.skipped)} 个"
        f"{stopped}，用时 {report.seconds:.1f} 秒 → {report.index_url}",
        markup=False,
        highlight=False,
    )
    if report.fetch is not None:
        console.print(f"  {report.fetch.line()}", markup=False, highlight=False)
    for copied in report.copies or ():
        console.print(f"  副本 {copied.line()}", markup=False, highlight=False)
    if report.statuses_recomputed:
        console.print("  已有文件更新，督办核查状态已重新计算（同 duban crosscheck --save）", markup=False)
    if report.stopped:
        console.print(
            f"  {report.stopped.code} {report.stopped.message}\n    提示：{report.stopped.hint}",
            markup=False,
            highlight=False,
        )
    for failure in report.failures:
        console.print(f"  失败 {failure.code} {failure.message}", markup=False, highlight=False)
    for (code, hint), count in _failure_hints(report.failures).items():
        console.print(f"    提示（{code}，{count} 个文件）：{hint}", markup=False, highlight=False)
    for skipped in report.skipped:
        console.print(
            f"  跳过 {skipped.code} {skipped.message}\n    提示：{skipped.hint}",
            markup=False,
            highlight=False,
        )


def prune_command(
    index: IndexOption = DEFAULT_URL,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="只列出将被删除的文件，不删除。")] = False,
    json_output: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果。")] = False,
) -> None:
    """从索引中删除源文件已不存在的文件（已删除或移走的文件）。

    一个文件的所有路径都不存在时才删除；仍有路径存在的文件保留。
    """
    from duban.pipeline.copies import release  # the cross-check's number keys: not for `search`

    try:
        require_index(index)

        with open_store(index) as store:
            gone = [doc for doc in store.iter_documents() if not any(still_there(s) for s in doc.sources)]
            removed = [doc for doc in gone if dry_run or store.delete(doc.doc_id)]
            back = [] if dry_run else release(store, removed)  # copies of what went govern again
    except DubanError as exc:
        _fail(exc)
    if json_output:
        rows = [{"doc_id": d.doc_id, "sources": list(d.sources), "title": d.doc.title} for d in removed]
        returned = [_returned_row(d) for d in back]
        typer.echo(
            json.dumps({"dry_run": dry_run, "removed": rows, "returned": returned}, ensure_ascii=False)
        )
        return
    verb = "将删除" if dry_run else "已删除"
    typer.echo(f"{verb} {len(removed)} 个源文件已不存在的文件")
    for d in removed:
        typer.echo(f"  {d.doc_id} {d.doc.title or ''} {', '.join(d.sources)}")
    for d in back:
        typer.echo(f"  {_returned(d)}")


def _returned_row(record: StoredDocument) -> dict[str, object]:
    """A copy that counts as the directive again, for `prune --json` (`returned`): what the text
    output's line says, and the id of the removed document it was a copy of (`copy_of`), so a
    script that reads the JSON learns what the ledger now counts as the text's readers do."""
    return {
        "doc_id": record.doc_id,
        "sources": list(record.sources),
        "title": record.doc.title,
        "copy_of": record.copy_of.doc_id if record.copy_of is not None else None,
    }


def _returned(record: StoredDocument) -> str:
    """The line that says a copy counts as the directive again, its governing one deleted."""
    return f"{record.source} 原是已删除文件的副本，现重新作为上级文件计入台账和核查"


def delete_command(
    documents: Annotated[
        list[str], typer.Argument(metavar="文件...", help="要删除的文件：文件 id（doc_id）或其源文件路径。")
    ],
    index: IndexOption = DEFAULT_URL,
) -> None:
    """从索引中删除文件（如已废止的文件），连同其举措。源文件本身不动。"""
    try:
        require_index(index)
        with open_store(index) as store:
            ids = [(wanted, _doc_id(store, wanted)) for wanted in documents]
            missing = [wanted for wanted, doc_id in ids if doc_id is None]
            if missing:
                raise DubanError(E.NOT_FOUND, what="document", key=", ".join(missing))
            from duban.pipeline.copies import release  # not loaded for `search`

            removed = []
            for wanted, doc_id in ids:
                record = store.get(doc_id) if doc_id is not None else None
                if doc_id is not None and store.delete(doc_id):
                    typer.echo(f"已删除 {doc_id}（{wanted}）")
                    removed += [record] if record is not None else []
            for back in release(store, removed):  # a copy of what went is the directive again
                typer.echo(f"  {_returned(back)}")
    except DubanError as exc:
        _fail(exc)


def _doc_id(store: Store, wanted: str) -> str | None:
    """A document named by its id or by a source path (as given, or absolute)."""
    if store.get(wanted) is not None:
        return wanted
    path = Path(wanted)
    candidates = {wanted, source_of(path.absolute()), source_of(path.absolute().resolve())}
    known = store.known_hashes(candidates)  # ingest stores each source's content hash, the doc id
    found = [known[source] for source in candidates if source in known]
    return found[0] if found else None


def search_command(
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[检索词]...",
            help="要找的词（可以是举措原文中任意连续 2 个以上的字），也可写 字段:值，字段有 unit: 责任单位: "
            "牵头单位:（牵头） 配合单位:（配合） status: kind: 文号: issuer:；时限:（或 到期: 截止:）与 "
            "发文日期: 取一个时段，如 时限:2024-06、时限:2024年1月至6月、时限:..2024-06；入库: 取入库时间，"
            "如 入库:昨天（昨天起）、入库:最近7天、入库:2026-12-01..、入库:2026-12-05T18:00（此后）。单独的 "
            "逾期/超期/overdue 表示状态为逾期。-词 排除含该词的举措；大写 OR 表示任一即可。",
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(help="责任单位名称包含此文字（简称、全称都算，如 市发改委 / 市发展改革委）。"),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            help="单位角色：lead（牵头，含未分牵头、配合的责任单位）、co（配合）或 responsible（责任）。"
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            help="文件类型：policy（政策文件）、minutes（会议纪要）、report（工作报告）或 other（其他）。"
        ),
    ] = None,
    issuer: Annotated[
        str | None,
        typer.Option(
            help="发文机关名称中从某个词开头起含此文字（“民政”找民政局，不找人民政府；简称、全称都算）。"
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            help="督办核查状态：not_relayed 未传达、relayed 已传达、in_progress 推进中、done 已完成、"
            "lagging 滞后、overdue 逾期，或 unset 尚未核查。"
        ),
    ] = None,
    deadline_before: Annotated[
        str | None, typer.Option(help="时限在此日期或之前（YYYY-MM-DD、YYYY-MM 或 YYYY）。")
    ] = None,
    deadline_after: Annotated[
        str | None, typer.Option(help="时限在此日期或之后（YYYY-MM-DD、YYYY-MM 或 YYYY）。")
    ] = None,
    deadline_kind: Annotated[
        str | None,
        typer.Option(
            help="时限类型：absolute 具体日期、relative 相对期限、recurring 定期、"
            "term 任期或规划期内（如十四五期间）、ongoing 长期或 range 区间。"
        ),
    ] = None,
    doc_number: Annotated[str | None, typer.Option(help="文号包含此文字，如 〔2021〕3号。")] = None,
    date_from: Annotated[
        str | None,
        typer.Option("--from", help="成文日期在此日期或之后（YYYY-MM-DD、YYYY-MM 或 YYYY）。"),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option("--to", help="成文日期在此日期或之前（YYYY-MM-DD、YYYY-MM 或 YYYY）。"),
    ] = None,
    ingested_after: Annotated[
        str | None,
        typer.Option(
            help="入库时间在此之后（含）：YYYY-MM-DD、YYYY-MM、YYYY、YYYY-MM-DDTHH:MM（如 2026-12-05T18:00），"
            "或 今天、昨天、最近7天（近7天）、本周、本月；按本机时区。"
        ),
    ] = None,
    ingested_before: Annotated[
        str | None,
        typer.Option(help="入库时间在此之前（含；写法同 --ingested-after，日期含当天）。"),
    ] = None,
    new: Annotated[
        bool,
        typer.Option(
            "--new",
            help="只看新入库的：最近一次收录了文件的入库（duban runs）开始以来入库的举措或文件，"
            "适合每天早上查看或定时邮件。",
        ),
    ] = False,
    docs: Annotated[bool, typer.Option("--docs", help="搜索文件而不是举措。")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="显示多少条结果。")] = 10,
    offset: Annotated[int, typer.Option("--offset", min=0, help="先跳过这么多条结果（翻页用）。")] = 0,
    sort: Annotated[
        SortOrder,
        typer.Option(help="relevance（按相关度），或 deadline（按时限，最早到期在前，无时限在后）。"),
    ] = SortOrder.relevance,
    json_output: Annotated[
        bool,
        typer.Option(
            "--json",
            help="以 JSON Lines 输出，每行一条结果：text、source、doc_id、page、units、deadlines、status、"
            "score、highlight（另有 measure_id、title、kind，及 ingested_at 入库时间，UTC）。",
        ),
    ] = False,
    highlight: Annotated[
        HighlightStyle,
        typer.Option(help="--json 输出中命中文字的标记方式：brackets 用【…】，html 用 <mark>…</mark>。"),
    ] = HighlightStyle.brackets,
    xlsx: Annotated[
        Path | None,
        typer.Option(
            "--xlsx",
            help="把全部结果（不分页，最多 10000 条）写成 Excel 工作簿（.xlsx）到此路径，不再显示表格。",
        ),
    ] = None,
    csv_path: Annotated[
        Path | None,
        typer.Option(
            "--csv",
            help="把全部结果（不分页，最多 10000 条）写成 CSV 文件（UTF-8，Excel 可直接打开）到此路径。",
        ),
    ] = None,
    index: IndexOption = DEFAULT_URL,
) -> None:
    """按文字和筛选条件搜索举措（加 --docs 搜索文件）。

    每个筛选条件都会缩小结果；日期含当天。例：duban search 约谈 --unit 纪委
    --deadline-before 2021-12 --sort deadline。加 --xlsx 结果.xlsx 或 --csv 结果.csv 导出全部结果。
    昨天起新入库、与财政局有关的举措：duban search 入库:昨天 --unit 财政局（或 --new：最近一次入库以来）。
    """
    unknown = [w for w in words or [] if w.startswith("--") and len(w) > 2]
    if unknown:  # query words may open with one dash (`-财政` excludes); two dashes are a mistyped option
        raise typer.BadParameter(f"没有这个选项：{unknown[0]}（查看 duban search --help）")
    query = " ".join(words or [])
    check_output(xlsx, "--xlsx")
    check_output(csv_path, "--csv")
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
            ingested_after=ingested_after,
            ingested_before=ingested_before,
        )
        marks = MARK_STYLES[highlight.value] if json_output else _TABLE_MARKS
        require_index(index)
        with open_store(index) as store:
            if new:
                filters = filters.merge(newest_ingest(store))
            result = store.search(
                query, filters, "documents" if docs else "measures", limit, offset, sort.value, marks
            )
            empty = result.total == 0 and store.count("documents") == 0
            why = None if empty else why_no_hits(store, query, filters, result)
            exported = (
                _export(store, query, filters, docs, sort.value, xlsx, csv_path)
                if xlsx is not None or csv_path is not None
                else None
            )
    except DubanError as exc:
        _fail(exc)
    if result.query.hint:
        typer.echo(f"提示：{result.query.hint}", err=True)
    for name in unknown_fields(query):
        typer.echo(f"提示：{unknown_field_hint(name)}（见 duban search --help）", err=True)
    if empty:
        typer.echo(f"{index} 处的索引是空的；请先用 `duban ingest 文件夹` 添加文件", err=True)
    if why and why.documents:
        typer.echo(
            f"提示：没有举措同时含这些词，但有 {why.documents} 份文件含有（加 --docs 检索文件）", err=True
        )
    if why and why.unchecked:
        typer.echo(
            f"提示：{index} 处的索引还没有做过督办核查，举措都没有状态；"
            f"请先运行 `duban crosscheck --index {index}`，再按状态（如 逾期）检索",
            err=True,
        )
    if exported is not None:
        typer.echo(exported, err=True)
        return
    if json_output:
        for hit in result.hits:
            typer.echo(json.dumps(hit.to_json(), ensure_ascii=False))
        return
    from duban.pipeline.cli_table import wants_colour

    typer.echo(hits_table(result, colour=wants_colour()))


NEW_RUNS_READ = 200  # ingest runs `--new` looks back through for one that stored something


def newest_ingest(store: Store) -> Filters:
    """The filter `--new` stands for: ingested since the start of the latest ingest run that
    stored a document (added one, or a new version of one: a run that found every file
    unchanged, or only linked a copy at a new path, stored nothing new). Every document that run
    stored has an `ingested_at` at or after its start. E.FILTER_INVALID when no run stored any."""
    for run in store.runs(NEW_RUNS_READ):
        stored = run.actions.get("added", 0) + run.actions.get("replaced", 0) if run.actions else run.ingested
        if stored > 0 and run.started_at:
            return parse_filters(ingested_after=run.started_at)
    raise DubanError(
        E.FILTER_INVALID, detail="--new：索引中还没有收录过文件的入库记录（先运行 duban ingest）"
    )


def _export(
    store: Store,
    query: str,
    filters: Filters,
    docs: bool,
    sort: str,
    xlsx: Path | None,
    csv_path: Path | None,
) -> str:
    """Write every hit of the search (`pipeline.search_export`, imported here: the export and its
    workbook writer are not for a search that only prints) and say so in a line, as `duban ledger` does; a cut export's
    note goes before it. E.g. `已写入 25 条结果 → 结果.xlsx、结果.csv`."""
    from duban.pipeline.search_export import export_search, write_csv, write_xlsx

    export = export_search(
        store,
        query,
        filters,
        "documents" if docs else "measures",
        "deadline" if sort == "deadline" else "relevance",
    )
    written = []
    try:
        if xlsx is not None:
            write_xlsx(export, xlsx)
            written.append(str(xlsx))
        if csv_path is not None:
            write_csv(export, csv_path)
            written.append(str(csv_path))
    except OSError as exc:
        raise typer.BadParameter(f"无法写入 {exc.filename or ''}：{exc.strerror or exc}") from exc
    line = f"已写入 {len(export.rows)} 条结果 → {'、'.join(written)}"
    return f"{export.note}\n{line}" if export.note else line


def hits_table(result: SearchResult, width: int | None = None, colour: bool = False) -> str:
    """A readable table of hits, matches marked (bold yellow with `colour`), `width` cells wide
    (the terminal's by default). Drawn without rich: importing rich cost a search from the shell
    about a third of its time (see `cli_table`)."""
    from duban.pipeline.cli_table import Column, deadlines_cell, marked_spans, render, units_cell

    shown = f"共 {result.total} 条，显示 {len(result.hits)} 条" if result.hits else "没有结果"
    head = [Column("#", width=3, right=True), Column("相关度", width=6, right=True)]
    if result.target == "documents":
        columns = [*head, Column("文件", ratio=2), Column("摘录", ratio=6), Column("类型", width=8)]
    else:
        columns = [
            *head,
            Column("举措", ratio=6),
            Column("责任单位", ratio=2),
            Column("时限", ratio=2),
            Column("状态", width=8),
        ]
    columns.append(Column("出处", ratio=2))
    rows = []
    for i, hit in enumerate(result.hits, 1):
        place = Path(hit.source).name + (f" p.{hit.page}" if hit.page else "")
        marked = marked_spans(hit.highlight, _TABLE_MARKS.open, _TABLE_MARKS.close)
        if result.target == "documents":
            middle = [[(hit.text, False)], marked, [(KIND_LABELS.get(hit.kind or "", hit.kind or ""), False)]]
        else:
            status = status_label(hit.status) if hit.status else ""
            middle = [
                marked,
                [(units_cell(hit.units), False)],
                [(deadlines_cell(hit.deadlines), False)],
                [(status, False)],
            ]
        rows.append([[(str(i), False)], [(f"{hit.score:.2f}", False)], *middle, [(place, False)]])
    return render(columns, rows, f"{shown} · {result.took_ms:.0f} ms", width, colour)


def runs_command(
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=200, help="列出最近几次入库（默认 10）。")
    ] = 10,
    json_output: Annotated[
        bool, typer.Option("--json", help="以一个 JSON 对象输出（与网页 /runs.json 相同）。")
    ] = False,
    index: IndexOption = DEFAULT_URL,
) -> None:
    """最近的入库记录（新的在前）：每次的文件数和结果，以及未收录的每个文件、原因和处理办法。

    适合在定时入库之后查看哪些文件没有收进来，与网页的“入库记录”相同。
    """
    try:
        require_index(index)
        with open_store(index) as store:
            runs = store.runs(limit)
    except DubanError as exc:
        _fail(exc)
    if json_output:
        typer.echo(json.dumps({"runs": [run.to_json() for run in runs]}, ensure_ascii=False))
        return
    if not runs:
        typer.echo("还没有入库记录；用 duban ingest 文件夹 把文件收入索引。")
        return
    from rich.console import Console  # rich loads only for output meant to be read

    from duban.pipeline.ledger import local_time

    console = Console()
    for run in runs:
        console.print(
            f"== {local_time(run.started_at)}（{RUN_STATUS_LABELS.get(run.status, run.status)}）",
            markup=False,
            highlight=False,
        )
        print_report(run, console)


def stats_command(
    json_output: Annotated[bool, typer.Option("--json", help="以一个 JSON 对象输出统计。")] = False,
    index: IndexOption = DEFAULT_URL,
) -> None:
    """索引中的统计：文件数、举措数，以及按文件类型、责任单位、时限月份和状态的举措数。"""
    try:
        require_index(index)
        with open_store(index) as store:
            stats = collect_stats(store.stats().to_json(), store.runs(1))
    except DubanError as exc:
        _fail(exc)
    if json_output:
        typer.echo(json.dumps(stats, ensure_ascii=False))
        return
    from rich.console import Console  # rich loads only for output meant to be read

    console = Console()
    console.print(
        f"{stats['documents']} 个文件，{stats['measures']} 条举措，{stats['runs']} 次导入",
        highlight=False,
    )
    named: dict[str, Callable[[str], str]] = {
        "by_kind": lambda k: KIND_LABELS.get(k, k),
        "by_status": status_label,
    }
    for title, key, column in (
        ("按文件类型的文件数", "by_kind", "文件类型"),
        ("按状态的举措数", "by_status", "状态"),
        ("按责任单位的举措数（前列）", "by_unit", "责任单位"),
        ("按到期月份的时限数", "by_deadline_month", "月份"),
    ):
        if stats[key]:
            name = named.get(key, str)
            console.print(_counts_table(title, column, {name(k): n for k, n in stats[key].items()}))
    last = stats.get("last_run")
    if last:
        from duban.pipeline.ledger import local_time

        console.print(  # one line however narrow the output (a log file: see `print_report`)
            f"最近一次导入 {local_time(last.get('started_at'))}："
            f"{RUN_STATUS_LABELS.get(last.get('status'), last.get('status'))}，"
            f"已索引 {last.get('ingested', 0)} 个，未变 {last.get('unchanged', 0)} 个，失败 {last.get('failed', 0)} 个，"
            f"跳过 {last.get('skipped_count', 0)} 个（各文件见 duban runs）",
            highlight=False,
            soft_wrap=True,
        )


def collect_stats(stats: dict[str, Any], runs: list[RunReport]) -> dict[str, Any]:
    """The store's counts plus the latest ingest run, as `duban stats --json` prints them."""
    return {**stats, "last_run": runs[0].to_json() if runs else None}


def _counts_table(title: str, column: str, counts: dict[str, int]) -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    table.add_column(column)
    table.add_column("数量", justify="right")
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
