"""The 督办台账: one row per directive measure with units, deadline, status light and evidence.

Built from a cross-check result, so the ledger and `duban crosscheck` never disagree, with staff
corrections (`pipeline.corrections`) laid over the computed status. Values are in Chinese, as
staff read them: 已完成/滞后/逾期…, lights 绿/黄/红 (green done, yellow lagging or due within seven
days, red overdue).

The workbook is made to be printed and handed out: sheet 台账 (one row per measure, the light's
colour on the whole row, real date cells, a due-soon highlight that Excel re-evaluates each day,
autofilter, frozen header, landscape A4 fitted to the page width with the header repeated on
every page), sheet 按单位 (the same measures under each lead and co unit) and sheet 单位统计
(per unit: counts by status and 完成率).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from duban.base.dates import as_date
from duban.base.model import Metadata
from duban.base.vocab import LIGHT_LABELS, STATUS_LABELS, status_label
from duban.index.filters import Filters, passes
from duban.index.spellings import unit_holds, written_out
from duban.pipeline.corrections import Correction, Overlay
from duban.pipeline.status import CheckResult, MeasureStatus

if TYPE_CHECKING:
    from duban.pipeline.changes import ChangeList
    from duban.pipeline.xlsx_writer import Book

DUE_SOON_DAYS = 7
FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}
DUE_SOON_FONT = "9C0006"
HEADER = (
    "序号",
    "文件",
    "文号",
    "章节",
    "举措",
    "牵头单位",
    "配合单位",
    "完成时限",
    "截止日期",
    "状态",
    "灯",
    "说明",
    "状态依据",
    "证据来源",
    "人工核定",
)
WIDTHS = (5, 18, 13, 8, 44, 12, 12, 10, 11, 7, 4, 30, 34, 14, 16)
UNIT_HEADER = ("责任单位", "角色", "文件", "文号", "举措", "完成时限", "截止日期", "状态", "灯")
UNIT_WIDTHS = (16, 5, 22, 14, 50, 12, 11, 7, 4)
UNIT_ROLE_LABELS = {"lead": "牵头", "co": "配合"}
ROLE_ORDER = {"lead": 0, "co": 1}
SUMMARY_STATUSES = ("done", "in_progress", "lagging", "overdue")
SUMMARY_HEADER = (
    "责任单位",
    "牵头举措",
    "配合举措",
    "合计",
    *(STATUS_LABELS[s] for s in SUMMARY_STATUSES),
    "其他",
    "完成率",
)
SUMMARY_WIDTHS = (20, 9, 9, 7, 8, 8, 7, 7, 7, 9)
DATE_FORMAT = "yyyy-mm-dd"
Cell = str | int | float | dt.date | None


def local_time(stamp: str | None) -> str:
    """An ISO UTC timestamp shown in the server's local time zone, to the minute."""
    if not stamp:
        return ""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def correction_text(correction: Correction | None) -> str:
    """How the ledger shows a hand-set status: who, when (local time) and the note."""
    if correction is None:
        return ""
    note = f"：{correction.note}" if correction.note else ""
    return f"{correction.by} {local_time(correction.at)} 人工核定为{status_label(correction.status)}{note}"


@dataclass(frozen=True)
class LedgerRow:
    """One ledger line: a measure with the directive it comes from, any staff correction, and
    the light of the status that counts (the correction's, else the computed one)."""

    number: int
    directive: str
    doc_number: str
    doc_id: str
    issuer: str
    measure: MeasureStatus
    light: str
    correction: Correction | None = None

    @property
    def status(self) -> str:
        return self.correction.status if self.correction is not None else self.measure.status

    def cells(self) -> list[Cell]:
        m = self.measure
        return [
            self.number,
            self.directive,
            self.doc_number,
            " / ".join(m.section),
            m.text,
            "、".join(m.lead),
            "、".join(m.co),
            m.deadline or "",
            as_date(m.due),
            status_label(self.status),
            LIGHT_LABELS.get(self.light, ""),
            m.why,
            "\n".join(e.text for e in m.evidence),
            "\n".join(dict.fromkeys(e.source or e.doc_id or "" for e in m.evidence)),
            correction_text(self.correction),
        ]


def light(measure: MeasureStatus, as_of: str, status: str | None = None) -> str:
    """green done, red overdue, yellow lagging or due within a week; empty otherwise. `status`
    (a staff correction) replaces the computed one."""
    return _light(status or measure.status, measure.due, as_of, _soon(as_of))


def _soon(as_of: str) -> str:
    """The last day that counts as due soon, as of `as_of`."""
    today = dt.date.fromisoformat(as_of)
    soon = (today + dt.timedelta(days=DUE_SOON_DAYS)) if today < dt.date(9990, 1, 1) else dt.date.max
    return soon.isoformat()


def _light(status: str, due: str | None, as_of: str, soon: str) -> str:
    if status == "done":
        return "green"
    if status == "overdue":
        return "red"
    if status == "lagging":
        return "yellow"
    if due is not None and as_of <= due <= soon:
        return "yellow"
    return ""


def _matches(
    doc_id: str,
    meta: Metadata,
    measure: MeasureStatus,
    status: str,
    filters: Filters,
    ingested_at: str | None = None,
) -> bool:
    """The shared filter predicate (`index.filters.passes`) on a ledger line, so that the ledger,
    the search and both stores cannot disagree on what a filter means. A line has its units in
    charge (marked 牵头, or named responsible) and co units, and one due date, whose kind it does
    not keep (so a deadline-kind filter passes none); `ingested_at` is its directive's."""
    named = set(measure.responsible)
    return passes(
        filters,
        doc_id=doc_id,
        meta=meta,
        units=[(u, "responsible" if u in named else "lead") for u in measure.lead]
        + [(u, "co") for u in measure.co],
        deadlines=[(None, measure.due)] if measure.due else [],
        status=status,
        ingested_at=ingested_at,
    )


def ledger_rows(
    result: CheckResult, filters: Filters | None = None, overlay: Overlay | None = None
) -> list[LedgerRow]:
    """The ledger lines for every checked directive's measures that pass `filters`, with the
    staff corrections of `overlay` applied (a status filter sees the corrected status)."""
    rows: list[LedgerRow] = []
    soon = _soon(result.as_of)
    unit = filters.unit if filters is not None else None
    held: dict[str, bool] = {}
    for check in result.directives:
        meta = check.record.doc
        doc_id = check.directive.doc_id or ""
        sources = check.record.paths
        for measure in check.measures:
            if unit is not None and not _names_hold(measure, unit, held):
                continue  # the unit filter passes none of its units: `_matches` would say no
            correction = overlay.find(doc_id, sources, measure.text) if overlay is not None else None
            status = correction.status if correction is not None else measure.status
            if filters is not None and not _matches(
                doc_id, meta, measure, status, filters, check.record.ingested_at
            ):
                continue
            rows.append(
                LedgerRow(
                    number=len(rows) + 1,
                    directive=meta.title or check.directive.source or "",
                    doc_number=meta.doc_number or "",
                    doc_id=doc_id,
                    issuer=meta.issuer or "",
                    measure=measure,
                    light=_light(status, measure.due, result.as_of, soon),
                    correction=correction,
                )
            )
    return rows


def _names_hold(measure: MeasureStatus, unit: str, held: dict[str, bool]) -> bool:
    """Whether one of the measure's units holds the unit filter's text (`unit_holds`, what the
    filter itself asks first), each name asked once per ledger (`held`): the real index's
    140,000 lines name a few tens of thousands of units, and asking each line's afresh was most of
    a unit's ledger, 催办单 and page. A line that fails here fails `_matches`; one that passes is
    still asked the whole filter there."""
    for name in (*measure.lead, *measure.co):
        found = held.get(name)
        if found is None:
            found = held[name] = unit_holds(name, unit)
        if found:
            return True
    return False


def _bodies(names: Sequence[str]) -> list[str]:
    """Unit names as the sheets by unit count them: one name per body (`index.spellings.written_out`:
    `市发改委` and `市发展改革委` are one row of 单位统计, not two half-rows), each once."""
    return list(dict.fromkeys(written_out(name) for name in names))


def row_bodies(row: LedgerRow) -> tuple[tuple[str, str], ...]:
    """(body, role) for each unit of a ledger line as the sheets by unit count it (and the web's
    pages by unit, which must agree with them): its lead bodies as `lead`, then its co bodies that
    are not also in charge as `co`, each once (`_bodies`). Kept per list of names (`_roles_of`):
    the pages by unit read it for each of the real index's 140,000 lines on every request, and
    most lines name units that other lines name too."""
    m = row.measure
    return _roles_of(tuple(m.lead), tuple(m.co))


@lru_cache(maxsize=1 << 18)
def _roles_of(lead_names: tuple[str, ...], co_names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    lead = _bodies(lead_names)
    co = [name for name in _bodies(co_names) if name not in lead]
    return tuple([(name, "lead") for name in lead] + [(name, "co") for name in co])


def unit_lines(rows: Sequence[LedgerRow]) -> list[tuple[list[Cell], str]]:
    """The by-unit sheet: each measure once under each of its lead and co units, sorted by unit."""
    lines: list[tuple[str, int, str, list[Cell], str]] = []
    for row in rows:
        m = row.measure
        for name, role in row_bodies(row):
            values: list[Cell] = [
                name,
                UNIT_ROLE_LABELS[role],
                row.directive,
                row.doc_number,
                m.text,
                m.deadline or "",
                as_date(m.due),
                status_label(row.status),
                LIGHT_LABELS.get(row.light, ""),
            ]
            lines.append((name, ROLE_ORDER[role], m.due or "9999", values, row.light))
    lines.sort(key=lambda line: (line[0], line[1], line[2]))
    return [(values, colour) for _, _, _, values, colour in lines]


def unit_summary(rows: Sequence[LedgerRow]) -> list[list[Cell]]:
    """Per unit: measures it leads and co-operates on, counts by status, and 完成率 (done over
    all of its measures), most measures first. A body is one row whatever its spellings
    (`_bodies`), and a measure that names it both to lead and to co-operate counts once, as led.
    Counted in one pass, a list of counts per body (on the real index's 30,000 bodies two
    `Counter`s each cost most of a second)."""
    role_slot = {"lead": 0, "co": 1}
    slot = {s: 2 + i for i, s in enumerate(SUMMARY_STATUSES)}
    counts: dict[str, list[int]] = {}
    for row in rows:
        status = slot.get(row.status)
        for name, role in row_bodies(row):
            kept = counts.get(name)
            if kept is None:
                kept = counts[name] = [0] * (2 + len(SUMMARY_STATUSES))
            kept[role_slot[role]] += 1
            if status is not None:
                kept[status] += 1
    out: list[list[Cell]] = []
    for name, kept in sorted(counts.items(), key=lambda item: (-(item[1][0] + item[1][1]), item[0])):
        total = kept[0] + kept[1]
        by_status = kept[2:]
        done = kept[slot["done"]]
        out.append(
            [
                name,
                kept[0],
                kept[1],
                total,
                *by_status,
                total - sum(by_status),
                round(done / total, 4) if total else 0.0,
            ]
        )
    return out


def workbook(rows: Sequence[LedgerRow], as_of: str | None = None, changes: ChangeList | None = None) -> Book:
    """The ledger workbook: sheets 台账, 按单位 and 单位统计, and 本期变化 with `changes` (built in
    `pipeline.ledger_xlsx`, imported here on first use), drawn when its `save` names the file or
    stream."""
    from duban.pipeline.ledger_xlsx import build_workbook

    return build_workbook(rows, as_of, changes)


def write_xlsx(
    rows: Sequence[LedgerRow],
    path: Path | IO[bytes],
    as_of: str | None = None,
    changes: ChangeList | None = None,
) -> None:
    """Save the ledger workbook to a path or a binary stream."""
    workbook(rows, as_of, changes).save(path)


def csv_text(rows: Sequence[LedgerRow]) -> str:
    """The 台账 sheet as CSV text (dates as YYYY-MM-DD)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows([csv_value(v) for v in row.cells()] for row in rows)
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value: Any) -> Any:
    """A cell as CSV writes it: dates as YYYY-MM-DD, nothing as empty, and text that Excel would
    read as a formula (opening with `=`, `+`, `-`, `@`, a tab or a return: a title written
    `=HYPERLINK(…)` would run when the file is opened, CSV injection) behind a `'`, which Excel
    shows as text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(rows: Sequence[LedgerRow], path: Path) -> None:
    """The 台账 sheet as UTF-8 CSV with a BOM, so Excel opens the Chinese text correctly."""
    path.write_text(csv_text(rows), encoding="utf-8-sig", newline="")
