"""The main job end to end on the bundled samples, as `make demo` runs it, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from duban.base.vocab import status_label
from duban.pipeline.cli import app
from duban.pipeline.ledger import HEADER

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_ingest_search_crosscheck_ledger_and_reminders_on_the_samples(tmp_path: Path) -> None:
    index = f"sqlite:///{tmp_path / 'demo.db'}"
    ingested = runner.invoke(app, ["ingest", str(ROOT / "samples"), "--index", index, "--quiet"])
    assert ingested.exit_code == 0, ingested.output

    lead = runner.invoke(app, ["search", "牵头单位:市发展改革委", "--index", index, "--json"])
    hits = [json.loads(line) for line in lead.stdout.splitlines() if line.startswith("{")]
    assert hits and all(
        any(u["name"] == "市发展改革委" and u["role"] == "lead" for u in hit["units"]) for hit in hits
    )

    table = runner.invoke(app, ["crosscheck", "--index", index, "--as-of", "2026-11-26"])
    assert table.exit_code == 0, table.output
    assert "督办核查（截至 2026-11-26）" in table.stdout

    links = runner.invoke(app, ["crosscheck", "--index", index, "--as-of", "2026-11-26", "--json"])
    records = [json.loads(line) for line in links.stdout.splitlines() if line.startswith("{")]
    followers = {Path(r["follower"]["source"]).name for r in records if r.get("follower")}
    assert {"minutes-relay.txt", "report-progress.txt"} <= followers
    statuses = {m["status"] for r in records for m in r["measures"]}
    assert "overdue" in statuses

    workbook = tmp_path / "ledger.xlsx"
    ledger = runner.invoke(
        app, ["ledger", "--index", index, "--as-of", "2026-11-26", "--xlsx", str(workbook)]
    )
    assert ledger.exit_code == 0, ledger.output
    sheet = load_workbook(workbook).worksheets[0]
    assert sheet.max_row > 1

    slips = tmp_path / "reminders.docx"
    remind = runner.invoke(app, ["remind", "--index", index, "--as-of", "2026-11-26", "--out", str(slips)])
    assert remind.exit_code == 0, remind.output
    lagging = [
        row
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[HEADER.index("状态")] == status_label("lagging")
    ]
    assert lagging, "the sample report's lagging task is on the ledger"
    body = "\n".join(
        cell.text for table in Document(str(slips)).tables for row in table.rows for cell in row.cells
    )
    assert all(str(row[HEADER.index("举措")])[:12] in body for row in lagging)
