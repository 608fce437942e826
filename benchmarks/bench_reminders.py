"""Reminders benchmark (not a test): the whole index's 催办通知单 .docx, its CPU time and memory, and,
against another tree, whether the two documents read back the same.

    .venv/bin/python benchmarks/bench_reminders.py --index sqlite:////tmp/real.db --as-of 2026-12-05
    .venv/bin/python benchmarks/bench_reminders.py --index ... --against /work/main --repeat 3

Each run is a child process (`--child`) of one tree: it loads the index's saved check (or checks
it), the ledger rows and the slips as `duban remind` does, then times `write_docx` alone: CPU
seconds (user + system), wall seconds and the rise in peak RSS while writing (ru_maxrss after
minus before). With `--against`, the runs alternate between this tree and that one in one go
(so both see the same load), medians and their ratio are reported with the load average, and
the two documents are read back with python-docx and compared: every paragraph (text, style,
alignment, indent, spacing), run (text, bold, size, Latin and East Asian font), table (style,
alignment, grid, each cell's width, shading and paragraphs, the header row's repeat and
no-split), section (page size, orientation, margins, start, page-number restart, footer
paragraphs and whether it is linked to the one before) and the Normal style's fonts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from child_runs import run_child

ROOT = Path(__file__).resolve().parents[1]


def child(index: str, as_of: str, out: Path) -> dict[str, Any]:
    """Load the slips of `index` as `duban remind` does and time writing them to `out`."""
    from duban.index import open_store
    from duban.pipeline.corrections import Overlay
    from duban.pipeline.ledger import ledger_rows
    from duban.pipeline.reminders import reminders, write_docx
    from duban.pipeline.status import check_store
    from duban.pipeline.status_saved import saved_check

    with open_store(index) as store:
        result = saved_check(store, as_of) or check_store(store, as_of)
        overlay = Overlay.load(store)
    slips = reminders(ledger_rows(result, None, overlay), as_of)
    before = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.perf_counter()
    write_docx(slips, out)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "units": len(slips.units),
        "tasks": slips.tasks,
        "cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "wall_s": wall,
        "rss_rise_mb": (after.ru_maxrss - before.ru_maxrss) / 1024,
        "bytes": out.stat().st_size,
    }


def run_tree(tree: Path, index: str, as_of: str, out: Path) -> dict[str, Any]:
    """One child run on `tree` (its package first on the path)."""
    return run_child(__file__, tree, ["--index", index, "--as-of", as_of, "--out", str(out)])


def _length(value: Any) -> int | None:
    return None if value is None else int(value)


def _paragraph(p: Any) -> dict[str, Any]:
    from docx.oxml.ns import qn

    f = p.paragraph_format
    runs = []
    for r in p.runs:
        fonts = r._element.rPr.rFonts if r._element.rPr is not None else None
        runs.append(
            (
                r.text,
                r.bold,
                r.italic,
                _length(r.font.size),
                r.font.name,
                None if fonts is None else fonts.get(qn("w:eastAsia")),
            )
        )
    fields = [
        (e.get(qn("w:instr")), "".join(t.text or "" for t in e.iter(qn("w:t"))))
        for e in p._p.iter(qn("w:fldSimple"))
    ]
    return {
        "text": p.text,
        "style": p.style.name if p.style is not None else None,
        "align": None if p.alignment is None else int(p.alignment),
        "first_line_indent": _length(f.first_line_indent),
        "line_spacing": f.line_spacing if isinstance(f.line_spacing, float) else _length(f.line_spacing),
        "space_after": _length(f.space_after),
        "space_before": _length(f.space_before),
        "runs": runs,
        "fields": fields,
        "section_break": p._p.pPr is not None and p._p.pPr.sectPr is not None,
    }


def _table(t: Any) -> dict[str, Any]:
    from docx.oxml.ns import qn

    rows = []
    for row in t.rows:
        tr_pr = row._tr.trPr
        flags = (
            None
            if tr_pr is None
            else tuple((tag, tr_pr.find(qn(f"w:{tag}")) is not None) for tag in ("tblHeader", "cantSplit"))
        )
        cells = []
        for cell in row.cells:
            tc_pr = cell._tc.tcPr
            shade = (
                None
                if tc_pr is None or tc_pr.find(qn("w:shd")) is None
                else tc_pr.find(qn("w:shd")).get(qn("w:fill"))
            )
            cells.append((_length(cell.width), shade, [_paragraph(p) for p in cell.paragraphs]))
        rows.append((flags, cells))
    return {
        "style": t.style.name if t.style is not None else None,
        "align": None if t.alignment is None else int(t.alignment),
        "autofit": t.autofit,
        "grid": [_length(c.width) for c in t.columns],
        "rows": rows,
    }


def dump(path: Path) -> dict[str, Any]:
    """What a reader sees of the document at `path`, through python-docx, as plain data."""
    import docx
    from docx.oxml.ns import qn

    doc = docx.Document(str(path))
    # python-docx finds a linked footer by walking back through the sections, a call a section:
    # a slip per unit for 1,000 units is deeper than Python's default limit
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20 * len(doc.sections) + 1000))
    body: list[Any] = []
    tables = iter(doc.tables)
    paragraphs = iter(doc.paragraphs)
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:p"):
            body.append(_paragraph(next(paragraphs)))
        elif element.tag == qn("w:tbl"):
            body.append(_table(next(tables)))
    sections = []
    for s in doc.sections:
        numbering = s._sectPr.find(qn("w:pgNumType"))
        sections.append(
            {
                "page": tuple(_length(v) for v in (s.page_width, s.page_height)),
                "orientation": int(s.orientation),
                "margins": tuple(
                    _length(v)
                    for v in (
                        s.top_margin,
                        s.right_margin,
                        s.bottom_margin,
                        s.left_margin,
                        s.header_distance,
                        s.footer_distance,
                        s.gutter,
                    )
                ),
                "start": int(s.start_type),
                "restart": None if numbering is None else numbering.get(qn("w:start")),
                "footer_linked": s.footer.is_linked_to_previous,
                "footer": [_paragraph(p) for p in s.footer.paragraphs],
            }
        )
    normal = doc.styles["Normal"]
    fonts = normal.element.rPr.rFonts
    return {
        "body": body,
        "sections": sections,
        "normal": (normal.font.name, _length(normal.font.size), fonts.get(qn("w:eastAsia"))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--index", required=True)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--against", type=Path, help="another tree (e.g. /work/main) to alternate with")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.index, args.as_of, args.out)))
        return
    trees = [("this", ROOT)] + ([("against", args.against.resolve())] if args.against else [])
    figures: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in trees}
    loads = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            for name, tree in trees if i % 2 == 0 else trees[::-1]:
                loads.append(os.getloadavg()[0])
                figures[name].append(run_tree(tree, args.index, args.as_of, Path(tmp) / f"{name}.docx"))
                print(name, figures[name][-1], file=sys.stderr)
        report: dict[str, Any] = {"load_avg": [round(min(loads), 2), round(max(loads), 2)]}
        for name, runs in figures.items():
            report[name] = {
                key: round(statistics.median(r[key] for r in runs), 3)
                for key in ("cpu_s", "wall_s", "rss_rise_mb", "bytes")
            } | {"units": runs[0]["units"], "tasks": runs[0]["tasks"]}
        if args.against:
            report["cpu_ratio"] = round(report["against"]["cpu_s"] / report["this"]["cpu_s"], 2)
            this, other = dump(Path(tmp) / "this.docx"), dump(Path(tmp) / "against.docx")
            report["same_when_read_back"] = this == other
            if this != other:
                for key in ("normal", "sections", "body"):
                    a, b = this[key], other[key]
                    if a != b:
                        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
                        report.setdefault("differs", {})[key] = {
                            "lengths": [len(a), len(b)] if isinstance(a, list) else None,
                            "first": at,
                            "this": repr(a[at] if at is not None else a)[:800],
                            "against": repr(b[at] if at is not None else b)[:800],
                        }
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
