"""催办通知单: per responsible unit, the ledger's tasks that need chasing, as a printable .docx.

What a supervision office (督查室) sends each unit every week beside its 台账: the tasks the unit
leads or co-works on that are overdue, lagging or due soon, with the evidence, and a date by which
to reply in writing. Built from ledger rows (`pipeline.ledger.ledger_rows`), so the filters, the
staff corrections and the statuses are the ledger's own and the two can never disagree.

Which rows need a reminder, and why that set:

* 逾期 (status `overdue`): the deadline passed without a report of completion. This already covers
  a measure not relayed at all whose date has passed: the status makes it overdue.
* 滞后 (status `lagging`): a follower says it lags, whatever the date; a reported lag is never made
  overdue by the cross-check, so without this it would never be chased.
* 即将到期: any other unfinished status (not relayed, relayed, planned, in progress) due within
  `days` days of the as-of date (both ends included, as the ledger's yellow light), so a unit is
  warned before the date rather than blamed after it.

Nothing else: a done measure (computed or set by staff: a correction to 已完成 takes the row off the
slip) is not chased; nor is an unfinished one whose date has passed but whose status is not overdue,
because that is a decision already made elsewhere (a staff correction, or a statute's article, which
the cross-check never counts overdue); nor a measure without a due date that nobody says lags, as
there is nothing to hold it to.

Each measure appears under each of its bodies (`ledger._bodies`: one name per body, whatever the
spelling), with the role it has there (牵头, or 配合 when the body is not also in charge). Units
come most overdue first, then by their earliest due date; a unit's rows by due date.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from duban.base.vocab import status_label
from duban.index.filters import Filters
from duban.index.spellings import unit_holds, written_out
from duban.pipeline.docx_writer import (
    Font,
    Page,
    Table,
    Writer,
    page_number_footer,
    paragraph,
    run,
    section_properties,
    styles_xml,
)
from duban.pipeline.ledger import LedgerRow, correction_text

log = logging.getLogger(__name__)

REMIND_DAYS = 7
REPLY_DAYS = 3
OFFICE = "督查室"
TITLE = "督办事项催办通知单"
REASONS = ("overdue", "lagging", "due_soon")
REASON_LABELS = {"overdue": "逾期", "lagging": "滞后", "due_soon": "即将到期"}
ROLE_LABELS = {"lead": "牵头", "co": "配合"}
COLUMNS = ("序号", "文件及文号", "举措", "角色", "完成时限", "截止日期", "状态", "说明/依据")
# centimetres on portrait A4 with 2 cm margins (17 cm of text width); the measure and the
# evidence, the long texts, get the room
COLUMN_WIDTHS_CM = (1.1, 2.6, 4.1, 1.1, 1.8, 1.9, 1.6, 2.8)
BODY_FONT = "宋体"  # on every Chinese Windows; LibreOffice substitutes its CJK serif
TITLE_FONT = "黑体"
LATIN_FONT = "Times New Roman"


@dataclass(frozen=True)
class ReminderRow:
    """One task on a unit's slip: the ledger row, the unit's role in it, and why it is chased."""

    row: LedgerRow
    role: str  # lead | co
    reason: str  # overdue | lagging | due_soon

    @property
    def due(self) -> str | None:
        return self.row.measure.due

    def days_left(self, as_of: str) -> int | None:
        """Days from `as_of` to the due date (negative once passed); None without a date."""
        if self.due is None:
            return None
        return (dt.date.fromisoformat(self.due) - dt.date.fromisoformat(as_of)).days

    def status_text(self, as_of: str) -> str:
        """The status as the slip prints it: the ledger's label, and how far the date is."""
        label = status_label(self.row.status)
        left = self.days_left(as_of)
        if left is None:
            return label
        if self.reason == "overdue" and left < 0:
            return f"{label}\n已逾期{-left}天"
        if self.reason == "due_soon":
            return f"{label}\n{'今天到期' if left == 0 else f'{left}天后到期'}"
        return label

    def note(self) -> str:
        """说明/依据: a staff correction when there is one (who set it, when, why), else the
        cross-check's own sentence (what the followers said, what the date does)."""
        return correction_text(self.row.correction) or self.row.measure.why

    def to_json(self, as_of: str) -> dict[str, Any]:
        row, m = self.row, self.row.measure
        return {
            "measure_id": m.measure_id,
            "directive": row.directive,
            "doc_number": row.doc_number,
            "doc_id": row.doc_id,
            "text": m.text,
            "role": self.role,
            "role_label": ROLE_LABELS[self.role],
            "lead": m.lead,
            "co": m.co,
            "deadline": m.deadline,
            "due": m.due,
            "days_left": self.days_left(as_of),
            "status": row.status,
            "status_label": status_label(row.status),
            "reason": self.reason,
            "reason_label": REASON_LABELS[self.reason],
            "corrected": row.correction is not None,
            "note": self.note(),
        }


@dataclass(frozen=True)
class UnitReminder:
    """One unit's slip: its tasks, ordered by due date."""

    unit: str
    rows: tuple[ReminderRow, ...]

    def count(self, reason: str) -> int:
        return sum(r.reason == reason for r in self.rows)

    @property
    def earliest_due(self) -> str | None:
        return min((r.due for r in self.rows if r.due), default=None)

    def to_json(self, as_of: str) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "total": len(self.rows),
            **{reason: self.count(reason) for reason in REASONS},
            "earliest_due": self.earliest_due,
            "rows": [r.to_json(as_of) for r in self.rows],
        }


@dataclass(frozen=True)
class Reminders:
    """Every unit's slip as of a date, with what the letter says around the tables."""

    as_of: str
    days: int
    reply_by: str
    office: str
    units: tuple[UnitReminder, ...]

    @property
    def tasks(self) -> int:
        """Lines over all slips (a measure of two units counts twice: each is sent it)."""
        return sum(len(u.rows) for u in self.units)

    @property
    def measures(self) -> int:
        """Distinct measures behind the lines."""
        return len({r.row.measure.measure_id for u in self.units for r in u.rows})

    def count(self, reason: str) -> int:
        return sum(u.count(reason) for u in self.units)

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "days": self.days,
            "reply_by": self.reply_by,
            "office": self.office,
            "total_units": len(self.units),
            "total_tasks": self.tasks,
            "total_measures": self.measures,
            **{reason: self.count(reason) for reason in REASONS},
            "units": [u.to_json(self.as_of) for u in self.units],
        }


def reason_of(row: LedgerRow, as_of: str, days: int) -> str | None:
    """Why `row` is chased (`overdue`, `lagging`, `due_soon`), or None (see the module docstring)."""
    status, due = row.status, row.measure.due
    if status == "done":
        return None
    if status == "overdue":
        return "overdue"
    if status == "lagging":
        return "lagging"
    if due is not None and as_of <= due <= last_day(as_of, days):
        return "due_soon"
    return None


def last_day(as_of: str, days: int) -> str:
    """The last due date that counts as due soon, as of `as_of`."""
    try:
        return (dt.date.fromisoformat(as_of) + dt.timedelta(days=days)).isoformat()
    except OverflowError:  # an as-of near 9999 (the ledger allows it): everything after is soon
        return dt.date.max.isoformat()


def reply_date(as_of: str, days: int = REPLY_DAYS) -> str:
    """The default date for the written reply: `days` calendar days after `as_of`."""
    return last_day(as_of, days)


def _roles(row: LedgerRow) -> list[tuple[str, str, list[str]]]:
    """(body, role, names as written) for each body of the row: lead first, co only when the body
    is not also in charge (as the ledger's by-unit sheet counts it)."""
    m = row.measure
    by_body: dict[str, tuple[str, list[str]]] = {}
    for role, names in (("lead", m.lead), ("co", m.co)):
        for name in names:
            body = written_out(name)
            kept = by_body.setdefault(body, (role, []))
            kept[1].append(name)
    return [(body, role, names) for body, (role, names) in by_body.items()]


def _wanted(body: str, role: str, names: Sequence[str], filters: Filters | None) -> bool:
    """Whether a body's slip is asked for: the ledger's filters keep a row when one of its units
    matches, and a unit filter (or a role filter) must also pick which of the row's units get the
    slip, or `--unit 市财政局` would send the 牵头 unit's tasks under the 配合 unit's name."""
    if filters is None:
        return True
    if filters.unit is not None and not any(unit_holds(n, filters.unit) for n in (body, *names)):
        return False
    roles = filters.unit_roles()
    return roles is None or role in roles


def any_to_chase(
    rows: Iterable[LedgerRow], as_of: str, days: int = REMIND_DAYS, filters: Filters | None = None
) -> bool:
    """Whether `reminders` would make a slip for any unit: what decides if a page offers the
    催办单 at all (a ledger of green lights only has nothing to chase, and its link would lead
    to the message that says so). Stops at the first task, where `reminders` sorts them all."""
    return any(
        _wanted(body, role, names, filters)
        for row in rows
        if reason_of(row, as_of, days) is not None
        for body, role, names in _roles(row)
    )


def reminders(
    rows: Iterable[LedgerRow],
    as_of: str,
    days: int = REMIND_DAYS,
    filters: Filters | None = None,
    reply_by: str | None = None,
    office: str = OFFICE,
) -> Reminders:
    """The slips for the ledger `rows` (already filtered by `filters`, which also choose the
    units): every unit with at least one task to chase, most overdue first."""
    by_unit: dict[str, list[ReminderRow]] = {}
    for row in rows:
        reason = reason_of(row, as_of, days)
        if reason is None:
            continue
        for body, role, names in _roles(row):
            if _wanted(body, role, names, filters):
                by_unit.setdefault(body, []).append(ReminderRow(row, role, reason))
    units = [
        UnitReminder(unit, tuple(sorted(lines, key=lambda r: (r.due is None, r.due or "", r.row.number))))
        for unit, lines in by_unit.items()
    ]
    units.sort(key=lambda u: (-u.count("overdue"), u.earliest_due is None, u.earliest_due or "", u.unit))
    log.info("reminders as of %s: %d units, %d tasks", as_of, len(units), sum(len(u.rows) for u in units))
    return Reminders(
        as_of=as_of,
        days=days,
        reply_by=reply_by or reply_date(as_of),
        office=office,
        units=tuple(units),
    )


def chinese_date(iso: str) -> str:
    """`2025-05-28` as an official letter writes it: `2025年5月28日`."""
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def letter_text(unit: UnitReminder, slips: Reminders) -> str:
    """The paragraph above a unit's table: how many tasks stand how, and the reply asked for."""
    parts = []
    for reason, wording in (
        ("overdue", "已逾期{n}项"),
        ("lagging", "进度滞后{n}项"),
        ("due_soon", f"{slips.days}日内到期{{n}}项"),
    ):
        n = unit.count(reason)
        if n:
            parts.append(wording.format(n=n))
    return (
        f"截至{chinese_date(slips.as_of)}，你单位牵头或配合落实的督办事项中，{'、'.join(parts)}"
        f"（共{len(unit.rows)}项，详见下表）。请高度重视，抓紧推进落实，并于{chinese_date(slips.reply_by)}前"
        f"将办理情况书面报送{slips.office}；逾期、滞后事项请说明原因、下一步措施和完成时限。"
    )


def write_docx(slips: Reminders, path: Path | IO[bytes]) -> None:
    """Save the slips as a .docx to a path or a binary stream: one section per unit, each on a new
    page of portrait A4, with the heading, the addressee, the letter, the table (header row
    repeated on each page) and the office and date; page numbers restart per unit, so each slip
    prints on its own. Written by the project's own `docx_writer` (python-docx built an object per
    paragraph, run and cell: nearly all of the 20 s the whole real index's slips took)."""
    page = Page()
    table = Table(COLUMN_WIDTHS_CM, size=9)
    title_font = Font(LATIN_FONT, TITLE_FONT)
    date = chinese_date(slips.as_of)
    styles = styles_xml(Font(LATIN_FONT, BODY_FONT), 12)
    footer = page_number_footer("第 ", " 页")
    with Writer(path, styles, footer) as writer:
        for number, unit in enumerate(slips.units):
            if number:  # the section before ends here; the first has the footer, the others show it
                writer.write(paragraph(section=section_properties(page, footer=number == 1)))
            writer.write(
                paragraph(run(TITLE, bold=True, size=20, font=title_font), align="center")
                + paragraph(run(f"致：{unit.unit}", bold=True))
                + paragraph(run(letter_text(unit, slips)), first_line_indent=24, line_spacing=1.3)
                + table.head()
                + table.row(COLUMNS, header=True)
            )
            for n, line in enumerate(unit.rows, 1):
                writer.write(table.row(_cells(n, line, slips.as_of), header=False))
            writer.write(
                table.end()
                + paragraph()
                + paragraph(run(slips.office), align="right")
                + paragraph(run(date), align="right")
            )
        writer.close(section_properties(page, footer=len(slips.units) <= 1))


def _cells(n: int, line: ReminderRow, as_of: str) -> list[str]:
    row, m = line.row, line.row.measure
    return [
        str(n),
        "\n".join(part for part in (row.directive, row.doc_number) if part),
        m.text,
        ROLE_LABELS[line.role],
        m.deadline or "",
        m.due or "",
        line.status_text(as_of),
        line.note(),
    ]
