"""A lower unit's progress table sent as a spreadsheet (任务推进情况表.xlsx, rows of the directive's
tasks with a 进展情况 column) reports on the directive it never names: linked by content, each
task's status read from its own row, through the commands staff run."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from duban.pipeline.cli import app

NOTICE = """关于印发青溪县农村人居环境整治重点任务清单的通知
青政办发〔2026〕12号
各乡镇人民政府，县直有关单位：
现将《青溪县农村人居环境整治重点任务清单》印发给你们，请认真贯彻落实。
（一）全面完成农村户厕问题摸排整改，建立问题台账并逐户销号。（牵头单位：县农业农村局；完成时限：2026年6月底前）
（二）推进乡镇污水处理设施提标改造，确保出水稳定达标排放。（牵头单位：县生态环境局；完成时限：2026年9月底前）
（三）开展村庄清洁行动季度评比，每季度通报一次评比结果。（牵头单位：县乡村振兴服务中心）
青溪县人民政府办公室
2026年2月10日
"""
ROWS = [
    ("序号", "任务内容", "牵头单位", "完成时限", "进展情况"),
    (1, "全面完成农村户厕问题摸排整改，建立问题台账并逐户销号", "县农业农村局", "2026年6月底前",
     "已完成。摸排发现的312个问题户厕已全部整改销号。"),
    (2, "推进乡镇污水处理设施提标改造，确保出水稳定达标排放", "县生态环境局", "2026年9月底前",
     "进度滞后。4座设施中已完工2座，其余2座受征地影响尚未开工。"),
]  # fmt: skip


def test_a_progress_spreadsheet_reports_on_its_directive_task_by_task(tmp_path: Path) -> None:
    folder = tmp_path / "收文"
    folder.mkdir()
    (folder / "任务清单.txt").write_text(NOTICE, encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["青溪县农村人居环境整治重点任务推进情况表"])
    sheet.merge_cells("A1:E1")
    for row in ROWS:
        sheet.append(list(row))
    book.save(folder / "推进情况表.xlsx")
    url = f"sqlite:///{tmp_path / 'index.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(folder), "--index", url, "-q"]).exit_code == 0
    result = runner.invoke(app, ["crosscheck", "--index", url, "--as-of", "2026-11-26", "--json"])
    assert result.exit_code == 0, result.output
    links = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    [link] = [x for x in links if x["follower"]["source"].endswith("推进情况表.xlsx")]
    assert link["directive"]["doc_number"] == "青政办发〔2026〕12号" and link["by"] == "content"

    def status(opening: str) -> str:
        return str(next(m["status"] for m in link["measures"] if m["text"].startswith(opening)))

    assert status("（一）全面完成") == "done"
    assert status("（二）推进乡镇") == "lagging"
    assert status("（三）开展村庄") != "done"  # the table does not list it
