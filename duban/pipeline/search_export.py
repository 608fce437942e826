"""A search's hits as a spreadsheet: what staff take away for a 督办 report or send to a unit.

`duban search … --xlsx/--csv` and the web's `/search.xlsx`, `/search.csv` run the query with the
same filters and sort as the search they come from, and page through the store for every hit, not
the page on screen, up to `EXPORT_CAP` (the store counts totals exactly to that many; a cut export
says so in its last CSV row and in the workbook's 说明 sheet, and logs it).

Measures come out in the ledger's words (`pipeline.ledger`): units in charge under 牵头单位 (those
marked 牵头 and those named responsible without a 牵头/配合 split, as the ledger folds them), 配合单位,
the deadline as written, the due date the cross-check uses (`status.due_of`, a real date cell),
the status that counts (a staff correction's, else the computed one) and the correction. The
workbook is drawn by the ledger's table helpers (`ledger_xlsx.table_sheet`), so both print alike;
cells are written so that no text runs as a formula (`ledger.csv_value`, `ledger_xlsx`).

The hits are read a page at a time and made rows at once; the documents they name are read through
`Store.summaries` (metadata, paths, measure ids and the first `STATUTE_HEAD` characters of the
text), once each, a batch per page, not whole with `get`; the CSV goes to its file a row at a time
and the workbook streams (`pipeline.xlsx_writer`). `benchmarks/bench_search_export.py` measures a 10,000-row export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from duban.base.dates import as_date
from duban.base.model import Metadata
from duban.base.stored import Hit, StoredMeasure
from duban.base.vocab import KIND_LABELS, status_label
from duban.index.filters import Filters, Target
from duban.index.store import Sort, Store
from duban.pipeline.corrections import Overlay
from duban.pipeline.crosscheck_dates import is_statute
from duban.pipeline.ledger import Cell, correction_text, csv_value
from duban.pipeline.status import due_of, today

if TYPE_CHECKING:
    from duban.pipeline.xlsx_writer import Book

log = logging.getLogger(__name__)

EXPORT_CAP = 10_000  # hits exported at most: the store's exact totals stop here too
PAGE_SIZE = 1_000  # hits read from the store at a time (Elasticsearch pages up to 10,000 deep)
MEASURE_HEADER = (
    "序号",
    "举措",
    "牵头单位",
    "配合单位",
    "完成时限",
    "截止日期",
    "状态",
    "人工核定",
    "文件",
    "文号",
    "发文日期",
    "出处",
)
MEASURE_WIDTHS = (5, 48, 14, 14, 14, 11, 7, 16, 22, 14, 11, 18)
DOCUMENT_HEADER = ("序号", "文件", "文号", "发文机关", "发文日期", "类型", "举措数", "出处")
DOCUMENT_WIDTHS = (5, 44, 16, 18, 11, 9, 7, 24)
NOTES_HEADER = ("项目", "内容")
NOTES_WIDTHS = (12, 70)


@dataclass(frozen=True)
class SearchExport:
    """The rows of one search's export and what produced them: the query, the filters as merged
    with its `field:value` words, the sort, the store's total and whether the export was cut."""

    query: str
    filters: Filters
    target: Target
    sort: Sort
    total: int
    rows: list[list[Cell]] = field(default_factory=list)
    as_of: str = ""

    @property
    def header(self) -> tuple[str, ...]:
        return DOCUMENT_HEADER if self.target == "documents" else MEASURE_HEADER

    @property
    def widths(self) -> tuple[int, ...]:
        return DOCUMENT_WIDTHS if self.target == "documents" else MEASURE_WIDTHS

    @property
    def cut(self) -> bool:
        """Fewer rows than hits, or as many hits as the store counts exactly (there may be more)."""
        return len(self.rows) < self.total or self.total >= EXPORT_CAP

    @property
    def note(self) -> str | None:
        """What the file says when it was cut."""
        if not self.cut:
            return None
        found = f"{EXPORT_CAP:,} 条以上" if self.total >= EXPORT_CAP else f"{self.total:,} 条"
        return (
            f"注：共找到 {found}结果，超过导出上限，只导出了前 {len(self.rows):,} 条；"
            "请加筛选条件（单位、状态、时限等）缩小范围后分批导出。"
        )

    def notes(self) -> list[list[Cell]]:
        """The 说明 sheet: what was searched, when, and how many rows."""
        what = "文件" if self.target == "documents" else "举措"
        lines: list[list[Cell]] = [
            ["检索词", self.query or "（无）"],
            ["筛选条件", _filters_text(self.filters) or "（无）"],
            ["排序", "按时限" if self.sort == "deadline" else "按相关度"],
            ["导出日期", as_date(self.as_of)],
            ["导出条数", f"{len(self.rows)} 条{what}"],
        ]
        if self.note:
            lines.append(["注意", self.note])
        return lines


def _filters_text(filters: Filters) -> str:
    return "；".join(
        f"{name}={value}" for name, value in filters.to_json().items() if value not in (None, "", [])
    )


def hit_pages(
    store: Store,
    query: str,
    filters: Filters | None,
    target: Target = "measures",
    sort: Sort = "relevance",
    cap: int | None = None,
    page_size: int | None = None,
) -> Iterator[tuple[list[Hit], int, Filters]]:
    """Every hit of the search, a page at a time in the search's own order, up to `cap`; each
    page with the store's total and the filters merged with the query's words. The same query is
    asked each time, so a page never changes from strict to relaxed midway (the relaxed query runs
    only when the strict one finds nothing at all). The first page comes even when it is empty
    (a `cap` of 0 asks nothing), so the caller learns the total."""
    cap = EXPORT_CAP if cap is None else cap
    page_size = PAGE_SIZE if page_size is None else page_size
    read = 0
    while read < cap:
        result = store.search(query, filters, target, min(page_size, cap - read), read, sort)
        page = result.hits[: cap - read]
        read += len(page)
        yield page, result.total, result.filters
        if not result.hits or read >= result.total or read >= cap:
            break


def all_hits(
    store: Store,
    query: str,
    filters: Filters | None,
    target: Target = "measures",
    sort: Sort = "relevance",
    cap: int | None = None,
    page_size: int | None = None,
) -> tuple[list[Hit], int, Filters]:
    """Every hit of the search (`hit_pages`) in one list, with the store's total and the merged
    filters."""
    hits: list[Hit] = []
    total = 0
    merged = filters or Filters()
    for page, found, filtered in hit_pages(store, query, filters, target, sort, cap, page_size):
        hits.extend(page)
        total, merged = found, filtered
    return hits, total, merged


STATUTE_HEAD = 20_000
"""Characters of a document's text `crosscheck_dates.is_statute` reads: all an export asks for."""


@dataclass(frozen=True)
class _Document:
    """What the rows need of a document a hit names: its metadata, source paths (a correction is
    found under any of them), its measures' ids and the head of its text when it is a statute
    (`due_of` reads that to tell a statute's standing bounds; empty otherwise, which `due_of`
    reads the same way)."""

    meta: Metadata
    paths: list[str]
    measure_ids: frozenset[str]
    statute_head: str

    @property
    def measures(self) -> int:
        return len(self.measure_ids)


class _Documents:
    """Each document the hits name, summarised by the store (`Store.summaries`: metadata, paths,
    measure ids and the head of the text, never the whole document) once, as the pages of hits
    come, a batch of new documents per page: an export may name thousands of documents."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.found: dict[str, _Document] = {}
        self.asked: set[str] = set()

    def read(self, hits: Sequence[Hit]) -> None:
        """Summarise the documents of these hits not read before, in one call."""
        new = [d for d in dict.fromkeys(hit.doc_id for hit in hits) if d not in self.asked]
        self.asked.update(new)
        for doc_id, summary in self.store.summaries(new, STATUTE_HEAD).items():
            head = summary.head if is_statute(summary.head) else ""
            self.found[doc_id] = _Document(summary.doc, summary.paths, frozenset(summary.measure_ids), head)

    def get(self, doc_id: str) -> _Document | None:
        return self.found.get(doc_id)

    def due(self, hit: Hit, as_of: str) -> str | None:
        """The due date the cross-check uses, for a measure still in its document; else (removed
        since the search) the latest of the hit's own dates."""
        record = self.found.get(hit.doc_id)
        if record is not None and hit.measure_id is not None and hit.measure_id in record.measure_ids:
            measure = StoredMeasure(deadlines=hit.deadlines)  # the stored measure's, as the hit read them
            return due_of(measure, record.meta.date, as_of, record.statute_head)[1]
        return max((d.due[:10] for d in hit.deadlines if d.due), default=None)


def _place(hit: Hit) -> str:
    """出处: the source file and the page."""
    return hit.source + (f" 第{hit.page}页" if hit.page else "")


def measure_row(number: int, hit: Hit, docs: _Documents, overlay: Overlay, as_of: str) -> list[Cell]:
    """One measure hit in the ledger's words (see the module docstring)."""
    marked = [u.name for u in hit.units if u.role == "lead"]
    lead = list(dict.fromkeys([*marked, *(u.name for u in hit.units if u.role == "responsible")]))
    co = list(dict.fromkeys(u.name for u in hit.units if u.role == "co"))
    record = docs.get(hit.doc_id)
    due = docs.due(hit, as_of)
    correction = overlay.find(hit.doc_id, record.paths if record else [hit.source], hit.text)
    status = correction.status if correction is not None else hit.status
    meta = record.meta if record is not None else None
    return [
        number,
        hit.text,
        "、".join(lead),
        "、".join(co),
        "；".join(dict.fromkeys(d.text for d in hit.deadlines if d.text)),
        as_date(due),
        status_label(status),
        correction_text(correction),
        (meta.title if meta else None) or hit.title or Path(hit.source).name,
        (meta.doc_number if meta else None) or "",
        as_date(meta.date) if meta else None,
        _place(hit),
    ]


def document_row(number: int, hit: Hit, docs: _Documents) -> list[Cell]:
    """One document hit: what identifies it and how many measures it holds."""
    record = docs.get(hit.doc_id)
    meta = record.meta if record is not None else None
    return [
        number,
        (meta.title if meta else None) or hit.title or Path(hit.source).name,
        (meta.doc_number if meta else None) or "",
        (meta.issuer if meta else None) or "",
        as_date(meta.date) if meta else None,
        KIND_LABELS.get(hit.kind or "", hit.kind or ""),
        record.measures if record is not None else None,
        _place(hit),
    ]


def export_search(
    store: Store,
    query: str,
    filters: Filters | None = None,
    target: Target = "measures",
    sort: Sort = "relevance",
    as_of: str | None = None,
    cap: int | None = None,
    page_size: int | None = None,
) -> SearchExport:
    """The export of a search: every hit (to `cap`) as a row, staff corrections laid over the
    statuses as the search page shows them. The hits are read a page at a time and made rows at
    once, their documents summarised a batch per page (`_Documents`): only the rows are kept, not
    10,000 hits and whole documents."""
    day = as_of or today()
    docs = _Documents(store)
    overlay = Overlay.load(store) if target != "documents" else None
    rows: list[list[Cell]] = []
    total, merged = 0, filters or Filters()
    for page, found, filtered in hit_pages(store, query, filters, target, sort, cap, page_size):
        total, merged = found, filtered
        docs.read(page)
        for hit in page:
            number = len(rows) + 1
            rows.append(
                document_row(number, hit, docs)
                if overlay is None
                else measure_row(number, hit, docs, overlay, day)
            )
    export = SearchExport(query, merged, target, sort, total, rows, day)
    if export.cut:
        log.info("search export cut at %d rows (query %r, %d or more hits)", len(rows), query, total)
    else:
        log.info("search export: %d rows (query %r)", len(rows), query)
    return export


def workbook(export: SearchExport) -> Book:
    """The export as a workbook: sheet 检索结果 (printable as the ledger's 台账 is) and sheet 说明
    (the query, filters, date, count, and the note when cut), drawn a row at a time when saved."""
    from duban.pipeline.ledger_xlsx import STYLES_XML, table_sheet
    from duban.pipeline.xlsx_writer import Book, Writer

    title = f"检索结果：{export.query}" if export.query else "检索结果"

    def draw(book: Writer) -> None:
        rows = ((row, "") for row in export.rows)
        table_sheet(book, "检索结果", export.header, export.widths, rows, title)
        notes = ((line, "") for line in export.notes())
        table_sheet(book, "说明", NOTES_HEADER, NOTES_WIDTHS, notes, "说明")

    return Book(draw, STYLES_XML)


def write_xlsx(export: SearchExport, path: Path | IO[bytes]) -> None:
    """Save the export's workbook to a path or a binary stream."""
    workbook(export).save(path)


def write_csv_rows(export: SearchExport, out: IO[str]) -> None:
    """The rows as CSV to a text stream, a row at a time (dates as YYYY-MM-DD, formula-like text
    behind a `'`), the note on a last row when the export was cut."""
    writer = csv.writer(out)
    writer.writerow(export.header)
    for row in export.rows:
        writer.writerow([csv_value(v) for v in row])
    if export.note:
        writer.writerow([export.note])


def csv_text(export: SearchExport) -> str:
    """The rows as CSV text (`write_csv_rows`)."""
    out = io.StringIO()
    write_csv_rows(export, out)
    return out.getvalue()


def write_csv(export: SearchExport, path: Path) -> None:
    """The rows as UTF-8 CSV with a BOM, so Excel opens the Chinese text correctly, written to
    the file as they are made rather than as one text first."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        write_csv_rows(export, out)


def download_name(suffix: str, day: str | None = None) -> str:
    """The file name a download offers: ASCII, dated (`duban-search-2026-06-30.xlsx`)."""
    stamp = dt.date.fromisoformat(day).isoformat() if day else today()
    return f"duban-search-{stamp}.{suffix}"
