"""The 督办台账: one row per directive measure with units, deadline, status light and evidence.

Built from a cross-check result, so the ledger and `duban crosscheck` never disagree. The status
cell is coloured like a 督办 light: green done, yellow lagging or due within seven days, red
overdue. A second sheet lists the same measures by unit (lead and co), which is how the ledger
is handed to each responsible body.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from index.filters import Filters
from pipeline.status import CheckResult, DirectiveCheck, MeasureStatus

DUE_SOON_DAYS = 7
FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}
STATUS_LABELS = {
    "not_relayed": "未传达",
    "relayed": "已传达",
    "in_progress": "推进中",
    "done": "已完成",
    "lagging": "滞后",
    "overdue": "逾期",
}
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
    "状态说明",
    "灯",
    "证据",
    "证据来源",
)
UNIT_HEADER = ("责任单位", "角色", "文件", "文号", "举措", "完成时限", "截止日期", "状态", "状态说明", "灯")
STATUS_COLUMN = HEADER.index("状态") + 1
UNIT_STATUS_COLUMN = UNIT_HEADER.index("状态") + 1


@dataclass(frozen=True)
class LedgerRow:
    """One ledger line: a measure with the directive it comes from and its light."""

    number: int
    directive: str
    doc_number: str
    doc_id: str
    issuer: str
    measure: MeasureStatus
    light: str

    def cells(self) -> list[str | int]:
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
            m.due or "",
            m.status,
            STATUS_LABELS.get(m.status, m.status),
            self.light,
            "\n".join(e.text for e in m.evidence),
            "\n".join(dict.fromkeys(e.source or e.doc_id or "" for e in m.evidence)),
        ]


def light(measure: MeasureStatus, as_of: str) -> str:
    """green done, red overdue, yellow lagging or due within a week; empty otherwise."""
    if measure.status == "done":
        return "green"
    if measure.status == "overdue":
        return "red"
    if measure.status == "lagging":
        return "yellow"
    if measure.due is not None:
        soon = (dt.date.fromisoformat(as_of) + dt.timedelta(days=DUE_SOON_DAYS)).isoformat()
        if as_of <= measure.due <= soon:
            return "yellow"
    return ""


def _matches(check: DirectiveCheck, measure: MeasureStatus, filters: Filters) -> bool:
    """The ledger's reading of the shared filters (unit, role, status, deadline, document fields)."""
    meta = check.record.get("doc") or {}
    units = [(u, "lead") for u in measure.lead] + [(u, "co") for u in measure.co]
    if filters.unit is not None and not any(
        filters.unit in u and (filters.role is None or filters.role == r) for u, r in units
    ):
        return False
    if filters.role is not None and filters.unit is None and not any(r == filters.role for _, r in units):
        return False
    if filters.status is not None and measure.status != filters.status:
        return False
    if filters.deadline_before is not None and not (measure.due and measure.due <= filters.deadline_before):
        return False
    if filters.deadline_after is not None and not (measure.due and measure.due >= filters.deadline_after):
        return False
    if filters.doc_number is not None and filters.doc_number not in str(meta.get("doc_number") or ""):
        return False
    if filters.issuer is not None and filters.issuer not in str(meta.get("issuer") or ""):
        return False
    return filters.doc_id is None or filters.doc_id == check.directive.doc_id


def ledger_rows(result: CheckResult, filters: Filters | None = None) -> list[LedgerRow]:
    """The ledger lines for every checked directive's measures that pass `filters`."""
    rows: list[LedgerRow] = []
    for check in result.directives:
        meta = check.record.get("doc") or {}
        for measure in check.measures:
            if filters is not None and not _matches(check, measure, filters):
                continue
            rows.append(
                LedgerRow(
                    number=len(rows) + 1,
                    directive=str(meta.get("title") or check.directive.source or ""),
                    doc_number=str(meta.get("doc_number") or ""),
                    doc_id=check.directive.doc_id or "",
                    issuer=str(meta.get("issuer") or ""),
                    measure=measure,
                    light=light(measure, result.as_of),
                )
            )
    return rows


def _sheet(
    ws: Worksheet, header: Sequence[str], lines: Iterable[tuple[list[str | int], str]], column: int
) -> None:
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for values, colour in lines:
        ws.append(values)
        row = ws.max_row
        for cell in ws[row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if colour:
            ws.cell(row=row, column=column).fill = PatternFill(
                "solid", start_color=FILLS[colour], end_color=FILLS[colour]
            )
    ws.freeze_panes = "A2"


def unit_lines(rows: Sequence[LedgerRow]) -> list[tuple[list[str | int], str]]:
    """The by-unit sheet: each measure once under each of its lead and co units, sorted by unit."""
    lines: list[tuple[str, int, list[str | int], str]] = []
    for row in rows:
        m = row.measure
        for order, (role, names) in enumerate((("牵头", m.lead), ("配合", m.co))):
            for name in names:
                values: list[str | int] = [
                    name,
                    role,
                    row.directive,
                    row.doc_number,
                    m.text,
                    m.deadline or "",
                    m.due or "",
                    m.status,
                    STATUS_LABELS.get(m.status, m.status),
                    row.light,
                ]
                lines.append((name, order, values, row.light))
    lines.sort(key=lambda line: (line[0], line[1], str(line[2][6]) or "9999"))
    return [(values, colour) for _, _, values, colour in lines]


def write_xlsx(rows: Sequence[LedgerRow], path: Path) -> None:
    """The ledger workbook: sheet 台账 (one row per measure) and sheet 按单位 (per unit)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "台账"
    _sheet(ws, HEADER, ((row.cells(), row.light) for row in rows), STATUS_COLUMN)
    for letter, width in zip(
        "ABCDEFGHIJKLMN", (5, 30, 18, 12, 60, 16, 16, 14, 11, 11, 9, 7, 60, 30), strict=True
    ):
        ws.column_dimensions[letter].width = width
    _sheet(wb.create_sheet("按单位"), UNIT_HEADER, unit_lines(rows), UNIT_STATUS_COLUMN)
    wb.save(path)


def write_csv(rows: Sequence[LedgerRow], path: Path) -> None:
    """The 台账 sheet as UTF-8 CSV with a BOM, so Excel opens the Chinese text correctly."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(row.cells() for row in rows)
