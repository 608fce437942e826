"""The closed vocabulary of the domain: document kinds, unit roles, deadline kinds and statuses, each
with the Chinese label staff read and the aliases a query may use.

Written once here (the base layer, importing nothing of the project) because the extractors, the
index filters, the ledger, the workbook and the web pages all name the same values; five copies had
started to disagree. Open word lists (unit names, cue words) are data in `duban/rules/`.
"""

from __future__ import annotations

from typing import Literal, cast, get_args

DocKind = Literal["policy", "minutes", "report", "other"]
Role = Literal["lead", "co", "responsible"]
DeadlineKind = Literal["absolute", "relative", "recurring", "term", "ongoing", "range"]
ProgressStatus = Literal["done", "in_progress", "lagging", "planned"]
Status = Literal["not_relayed", "relayed", "planned", "in_progress", "done", "lagging", "overdue"]

DOC_KINDS: tuple[str, ...] = get_args(DocKind)
ROLES: tuple[str, ...] = get_args(Role)
DEADLINE_KINDS: tuple[str, ...] = get_args(DeadlineKind)
STATUSES: tuple[str, ...] = get_args(Status)
#: A measure the cross-check has not looked at yet (a filter value, never a stored status).
UNSET = "unset"

KIND_LABELS = {"policy": "政策文件", "minutes": "会议纪要", "report": "报告", "other": "其他"}
ROLE_LABELS = {"lead": "牵头", "co": "配合", "responsible": "责任"}
STATUS_LABELS = {
    "not_relayed": "未传达",
    "relayed": "已传达",
    "planned": "计划中",
    "in_progress": "推进中",
    "done": "已完成",
    "lagging": "滞后",
    "overdue": "逾期",
}
UNSET_LABEL = "未检查"
#: How a follower's sentence is quoted in a status's "why" ("X称进度滞后：…").
STATUS_SAID = {
    "done": "已完成",
    "in_progress": "推进中",
    "lagging": "进度滞后",
    "planned": "已作计划",
    "relayed": "已传达",
}
LIGHT_LABELS = {"green": "绿", "yellow": "黄", "red": "红"}
# How an ingest run ended (`stored.RunStatus`), as the CLI's stats and the web's 入库记录 say it.
RUN_STATUS_LABELS = {"running": "进行中", "done": "完成", "interrupted": "被中断", "failed": "失败"}
#: A progress statement's status as a report says it (`planned` is the report's own plan).
PROGRESS_LABELS = {"done": "已完成", "in_progress": "推进中", "lagging": "滞后", "planned": "计划"}
#: How a follower stands to its directive: a relay (minutes, notices) or a report on it.
RELATION_LABELS = {"relays": "传达", "reports_on": "报告落实"}

ROLE_ALIASES = {"牵头": "lead", "牵头单位": "lead", "配合": "co", "配合单位": "co", "责任": "responsible"}
KIND_ALIASES = {
    "政策": "policy",
    "文件": "policy",
    "纪要": "minutes",
    "会议纪要": "minutes",
    "报告": "report",
    "其他": "other",
}
STATUS_ALIASES = {
    "未传达": "not_relayed",
    "已传达": "relayed",
    "计划中": "planned",
    "已作计划": "planned",
    "推进中": "in_progress",
    "正在推进": "in_progress",
    "已完成": "done",
    "完成": "done",
    "滞后": "lagging",
    "逾期": "overdue",
    "超期": "overdue",
    "未检查": UNSET,
}


def status_label(status: str | None) -> str:
    """The Chinese name of a status; no status (or `unset`) is 未检查."""
    if not status or status == UNSET:
        return UNSET_LABEL
    return STATUS_LABELS.get(status, status)


def as_status(value: str) -> Status:
    """`value` as a status a measure can have (a staff correction's, read back as text); a
    ValueError for anything else."""
    if value not in STATUSES:
        raise ValueError(f"status '{value}' is not one of {', '.join(STATUSES)}")
    return cast(Status, value)
