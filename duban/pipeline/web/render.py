"""Pages from Jinja2 templates with autoescaping, and the Chinese labels staff read.

Every value reaches a page through a template, escaped by Jinja2; the only markup passed through
is the search highlight, which `index.highlight` builds with the text around each `<mark>` already
escaped. Links are built with `link`, which URL-encodes every parameter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from duban.base.model import Deadline, Unit
from duban.base.vocab import (
    KIND_LABELS,
    LIGHT_LABELS,
    PROGRESS_LABELS,
    RELATION_LABELS,
    ROLE_LABELS,
    RUN_STATUS_LABELS,
    STATUS_LABELS,
    status_label,
)
from duban.pipeline.ledger import local_time

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

VIA_LABELS = {
    "number": "按文号",
    "title": "按标题",
    "title_loose": "按标题（无书名号）",
    "content": "按内容",
    "unresolved": "未入库",
}
LIGHT_NAMES = {**{k: f"{v}灯" for k, v in LIGHT_LABELS.items()}, "none": "无灯"}
FACET_LABELS = {
    "by_unit": "责任单位",
    "by_status": "状态",
    "by_kind": "文件类型",
    "by_deadline_month": "时限月份",
}


def link(path: str, params: Mapping[str, Any] | None = None, **changes: Any) -> str:
    """`path` with `params` updated by `changes`; empty values are dropped."""
    merged = {k: str(v) for k, v in {**(params or {}), **changes}.items() if v is not None and str(v).strip()}
    return f"{path}?{urlencode(merged)}" if merged else path


def doc_href(doc_id: str, suffix: str = "") -> str:
    return "/documents/" + quote(doc_id, safe="") + suffix


def source_href(doc_id: str, n: int = 1) -> str:
    """The document's `n`-th original file (`/documents/<id>/source`, `?n=K` after the first)."""
    return doc_href(doc_id, "/source") + (f"?n={n}" if n > 1 else "")


def crosscheck_href(doc_id: str, suffix: str = "") -> str:
    return "/crosscheck/" + quote(doc_id, safe="") + suffix


def measure_href(doc_id: str, measure_id: str) -> str:
    return doc_href(doc_id) + "#" + quote(measure_id, safe=":")


def units_text(units: Sequence[Unit]) -> str:
    """`name（角色）、…`."""
    return "、".join(f"{u.name}（{ROLE_LABELS.get(u.role, u.role)}）" for u in units)


def deadlines_text(deadlines: Sequence[Deadline]) -> str:
    """`text → due；…`."""
    return "；".join(d.text + (f" → {d.due}" if d.due else "") for d in deadlines)


INGEST_CHOICES = (("今天", "今天"), ("昨天", "昨天起"), ("最近7天", "最近7天"), ("最近30天", "最近30天"))
"""The search form's 入库 choices: (value of `ingested_after`, label); a relative word is read
against the server's today when the search runs (`index.filters.parse_ingested`), so a saved
link keeps meaning "since yesterday"."""


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(("html",), default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        link=link,
        doc_href=doc_href,
        crosscheck_href=crosscheck_href,
        source_href=source_href,
        measure_href=measure_href,
        STATUS_LABELS=STATUS_LABELS,
        ROLE_LABELS=ROLE_LABELS,
        KIND_LABELS=KIND_LABELS,
        LIGHT_NAMES=LIGHT_NAMES,
        RELATION_LABELS=RELATION_LABELS,
        VIA_LABELS=VIA_LABELS,
        PROGRESS_LABELS=PROGRESS_LABELS,
        FACET_LABELS=FACET_LABELS,
        INGEST_CHOICES=INGEST_CHOICES,
    )
    env.filters.update(
        status_label=status_label,
        run_status=lambda k: RUN_STATUS_LABELS.get(str(k), str(k)),
        local_time=local_time,
        units_text=units_text,
        deadlines_text=deadlines_text,
        kind_label=lambda k: KIND_LABELS.get(str(k), str(k)),
        light_label=lambda k: LIGHT_NAMES.get(str(k or "none"), ""),
        filename=lambda path: PurePath(str(path or "")).name or str(path or ""),
        highlight=Markup,  # store highlights: text escaped, only <mark> added (see module docstring)
    )
    return env


ENV = _environment()


def page(template: str, **context: Any) -> str:
    return ENV.get_template(template).render(**context)
