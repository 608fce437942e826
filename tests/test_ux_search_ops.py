"""Search honours the query language end to end: `-word`, `OR` and punctuation-only queries, through the stores and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.pipeline.cli import app

runner = CliRunner()

DOC = """关于做好防汛准备工作的通知

一、全面排查城区河道淤积情况，建立问题清单。（责任单位：市水务局；完成时限：2025年5月底前）

二、完成重点河道清淤工程招标，清运淤泥不少于2万立方米。（责任单位：市水务局；完成时限：2025年9月底前）

三、组织开展防汛应急演练，检验预案可行性。（责任单位：市应急管理局；完成时限：2025年6月底前）
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ops")
    (folder / "notice.txt").write_text(DOC, encoding="utf-8")
    path = tmp_path_factory.mktemp("index") / "duban.db"
    result = runner.invoke(app, ["ingest", str(folder), "--index", str(path), "--json", "-q"])
    assert result.exit_code == 0, result.output
    return path


def texts(db: Path, *query: str) -> list[str]:
    result = runner.invoke(app, ["search", "--index", str(db), "--json", *query])  # options before any --
    assert result.exit_code == 0, result.output
    return [json.loads(line)["text"] for line in result.stdout.splitlines() if line.startswith("{")]


def test_a_minus_word_excludes_from_the_shell_and_after_double_dash(db: Path) -> None:
    assert any("清淤" in t for t in texts(db, "河道"))
    for args in (("河道", "-招标"), ("--", "河道 -招标")):
        found = texts(db, *args)
        assert found and all("招标" not in t for t in found), args
    alone = texts(db, "-招标")
    assert alone and all("招标" not in t for t in alone)


def test_upper_case_or_finds_either(db: Path) -> None:
    found = texts(db, "问题清单", "OR", "演练")
    assert any("问题清单" in t for t in found) and any("演练" in t for t in found)
    assert texts(db, "ORACLE") == []  # a word, not an operator


def test_punctuation_only_finds_nothing_and_says_why(db: Path) -> None:
    result = runner.invoke(app, ["search", "，。！", "--index", str(db), "--json"])
    assert result.exit_code == 0
    assert result.stdout.strip() == ""
    assert "标点" in result.stderr


def test_the_web_search_json_carries_the_hint(db: Path) -> None:
    from duban.index import open_store

    with open_store(str(db)) as store:
        result = store.search("？？", None)
        assert result.total == 0 and result.query.hint and "标点" in result.query.hint
        facets = store.facets("？？")
        assert all(not values for values in facets.values())


def test_the_text_summary_says_statuses_were_recomputed() -> None:
    from rich.console import Console

    from duban.base.stored import RunReport
    from duban.pipeline.cli_index import print_report

    console = Console(record=True, width=200)
    report = RunReport("r", "duban.db", "2025-01-01", ingested=1, statuses_recomputed=True)
    print_report(report, console)
    assert "重新计算" in console.export_text()


def test_the_text_summary_is_not_wrapped_in_a_log_file() -> None:
    from rich.console import Console

    from duban.base.stored import Failure, RunReport
    from duban.pipeline.cli_index import print_report

    console = Console(record=True, width=40)  # what rich assumes when the output is not a terminal
    path = "/srv/督办/2026年/各乡镇报送材料/关于春季防火工作落实情况的报告.pdf"
    report = RunReport("r", "sqlite:////srv/督办/duban.db", "2025-01-01", ingested=12, measures=340)
    report.failures = [Failure(path, "E012", f"{path}：没有文字层", "先做文字识别")]
    print_report(report, console)
    lines = console.export_text().splitlines()
    assert any(
        "已索引 12 个（340 条举措）" in line and "sqlite:////srv/督办/duban.db" in line for line in lines
    )
    assert any(path in line and "E012" in line for line in lines)


def test_a_mistyped_long_option_is_an_error_not_query_words(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["search", "财政", "--limt", "5", "--index", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "--limt" in result.output


def test_the_text_summary_says_what_to_do_about_each_kind_of_failure_once() -> None:
    from rich.console import Console

    from duban.base.stored import Failure, RunReport
    from duban.pipeline.cli_index import print_report

    console = Console(record=True, width=300)
    report = RunReport("r", "duban.db", "2025-01-01")
    report.failures = [
        Failure("甲.pdf", "E012", "甲.pdf：没有文字层", "先做文字识别"),
        Failure("乙.pdf", "E012", "乙.pdf：没有文字层", "先做文字识别"),
        Failure("丙.txt", "E002", "丙.txt：文件是空的", "换一个有内容的文件"),
    ]
    print_report(report, console)
    text = console.export_text()
    assert text.count("先做文字识别") == 1 and "E012，2 个文件" in text
    assert "换一个有内容的文件" in text and "E002，1 个文件" in text
    report.failures.append(Failure("丁.pdf", "E012", "丁.pdf：OCR 也未识别出文字", "请核对原件"))
    console = Console(record=True, width=300)
    print_report(report, console)
    text = console.export_text()  # one code, two hints: each said, with its own count
    assert "提示（E012，2 个文件）：先做文字识别" in text and "提示（E012，1 个文件）：请核对原件" in text
