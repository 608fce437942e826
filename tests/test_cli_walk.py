"""What a supervision office's staff trip over at the command line (the walk of stop 50): an
output path in a folder that is not there, an index path that is a folder or some other file, a
mistyped --index for `correct`, a filter value duban does not know, and Ctrl-C mid-ingest. Each
must end with exit code 2 (130 for Ctrl-C), a Chinese message naming the path or field and what to
do, and the index left whole."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.pipeline.cli import app
from duban.pipeline.cli_index import check_index_file

runner = CliRunner()

NOTICE = (
    "关于做好今年防汛工作的通知\n"
    "一、市水务局牵头，市应急局配合，于2026年5月底前完成全部堤防隐患排查。\n"
    "二、各区要在2026年6月30日前修订本区防汛预案，并报市防汛办备案。\n"
)


@pytest.fixture
def index(tmp_path: Path) -> Path:
    """A real SQLite index holding one small notice, ingested in this process."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "防汛通知.txt").write_text(NOTICE, encoding="utf-8")
    db = tmp_path / "idx.db"
    result = runner.invoke(app, ["ingest", str(folder), "--index", str(db), "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    return db


def _documents(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


@pytest.mark.parametrize(
    "args",
    [
        ["ledger", "--xlsx", "{missing}/台账.xlsx"],
        ["ledger", "--csv", "{folder}"],
        ["search", "堤防", "--xlsx", "{missing}/结果.xlsx"],
        ["remind", "--out", "{missing}/催办.docx"],
    ],
)
def test_an_export_to_a_missing_folder_or_to_a_folder_is_refused_up_front(
    index: Path, tmp_path: Path, args: list[str]
) -> None:
    filled = [a.format(missing=tmp_path / "无此文件夹", folder=tmp_path) for a in args]
    result = runner.invoke(app, [*filled, "--index", str(index)])
    assert result.exit_code == 2, result.output
    assert "无法写入" in result.stderr
    assert "不存在" in result.stderr or "文件夹" in result.stderr
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert not (tmp_path / "无此文件夹").exists()


@pytest.mark.parametrize("command", [["search", "堤防"], ["stats"], ["ingest", "{doc}"]])
def test_an_index_path_that_is_a_folder_or_not_an_index_says_so(tmp_path: Path, command: list[str]) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(NOTICE, encoding="utf-8")
    not_index = tmp_path / "台账.db"
    not_index.write_text("序号,举措\n1,排查\n", encoding="utf-8")
    args = [a.format(doc=doc) for a in command]
    as_folder = runner.invoke(app, [*args, "--index", str(tmp_path)])
    assert as_folder.exit_code == 2
    assert "E041" in as_folder.stderr and "文件夹" in as_folder.stderr
    as_other = runner.invoke(app, [*args, "--index", str(not_index)])
    assert as_other.exit_code == 2
    assert "E041" in as_other.stderr and "不是 duban 的索引" in as_other.stderr
    assert not_index.read_text(encoding="utf-8").startswith("序号")  # left untouched


def test_correct_on_a_mistyped_index_fails_and_creates_nothing(tmp_path: Path) -> None:
    typo = tmp_path / "idx-typo.db"
    for args in (["list"], ["set", "abc:1", "done"], ["undo", "1"]):
        result = runner.invoke(app, ["correct", *args, "--index", str(typo)])
        assert result.exit_code == 2, result.output
        assert "E045" in result.stderr and "提示：" in result.stderr and "hint:" not in result.stderr
    assert not typo.exists()


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--status", "办完了", "状态（status）“办完了”不是可用的值"),
        ("--deadline-before", "2025-13-01", "“2025-13-01”不是日期"),
        ("--kind", "函", "文件类型（kind）"),
    ],
)
def test_a_bad_filter_value_is_explained_in_chinese(index: Path, option: str, value: str, said: str) -> None:
    result = runner.invoke(app, ["search", "堤防", option, value, "--index", str(index)])
    assert result.exit_code == 2
    assert "E050" in result.stderr and said in result.stderr
    assert "is not" not in result.stderr


def test_a_correction_to_an_unknown_status_lists_the_statuses_in_chinese(index: Path) -> None:
    hits = runner.invoke(app, ["search", "堤防", "--json", "--index", str(index)])
    measure_id = json.loads(hits.stdout.splitlines()[0])["measure_id"]
    result = runner.invoke(app, ["correct", "set", measure_id, "办完了", "--index", str(index)])
    assert result.exit_code == 2
    assert "“办完了”" in result.stderr and "done 已完成" in result.stderr
    assert "is not one of" not in result.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["correct", "undo", "9999", "--by", "张三"], "未找到核定记录：9999"),
        (["correct", "set", "无此文件:1", "done"], "未找到举措：无此文件:1"),
        (["delete", "无此文件"], "未找到文件："),
    ],
)
def test_what_is_not_in_the_index_is_named_in_chinese(index: Path, args: list[str], said: str) -> None:
    result = runner.invoke(app, [*args, "--index", str(index)])
    assert result.exit_code == 2, result.output
    assert "E070" in result.stderr and said in result.stderr
    assert "not found" not in result.stderr
    assert _documents(index) == 1


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--by", "   "], "经办人（by）必须填写"),
        (["--note", "说明" * 300], "说明（note）不能超过 500 个字"),
    ],
)
def test_a_correction_field_refused_is_named_in_chinese(index: Path, extra: list[str], said: str) -> None:
    hits = runner.invoke(app, ["search", "堤防", "--json", "--index", str(index)])
    measure_id = json.loads(hits.stdout.splitlines()[0])["measure_id"]
    result = runner.invoke(app, ["correct", "set", measure_id, "done", *extra, "--index", str(index)])
    assert result.exit_code == 2, result.output
    assert said in result.stderr and "is required" not in result.stderr


def test_ctrl_c_mid_ingest_still_prints_the_summary_and_keeps_the_index(
    index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from duban.pipeline import ingest as ingest_module

    before = _documents(index)

    def pressed_ctrl_c(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest_module, "_run", pressed_ctrl_c)
    more = tmp_path / "more.txt"
    more.write_text(NOTICE.replace("防汛", "抗旱"), encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(more), "--index", str(index), "--workers", "1", "--json"])
    assert result.exit_code == 130
    summary = json.loads(result.stdout)
    assert summary["status"] == "interrupted"
    assert "已中断" in result.stderr and "再次运行" in result.stderr
    assert _documents(index) == before
    runs = runner.invoke(app, ["runs", "--index", str(index), "--json"])
    assert json.loads(runs.stdout)["runs"][0]["status"] == "interrupted"


def test_a_field_duban_does_not_know_is_pointed_out(index: Path) -> None:
    result = runner.invoke(app, ["search", "经办人:李四", "堤防", "--index", str(index)])
    assert result.exit_code == 0
    assert "“经办人:”不是筛选字段" in result.stderr and "牵头单位:" in result.stderr
    known = runner.invoke(app, ["search", "单位:水务局", "会议10:30", "--index", str(index)])
    assert "不是筛选字段" not in known.stderr


def test_unknown_fields_skips_times_and_known_prefixes() -> None:
    from duban.index.analysis import unknown_fields

    assert unknown_fields("承办人:王五 status:done 截止:2026-06 9:30 第3条:x") == ["承办人"]


def test_checking_an_index_file_keeps_this_process_s_locks_on_it(tmp_path: Path) -> None:
    """The index check must not open and close the file itself: closing any descriptor of a
    database file drops every POSIX lock the process holds on it, so a writer already open here
    would go on unlocked beside another process (the web app's test site was corrupted so)."""
    db = tmp_path / "idx.db"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")  # this process holds the write lock
    holder.execute("INSERT INTO t VALUES (1)")
    check_index_file(f"sqlite:///{db}", db)
    other = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)\n"
        "try:\n    c.execute('BEGIN IMMEDIATE')\nexcept sqlite3.OperationalError:\n    sys.exit(3)\n"
    )
    taken = subprocess.run([sys.executable, "-c", other, str(db)], check=False)
    holder.execute("ROLLBACK")
    holder.close()
    assert taken.returncode == 3  # another process still finds the index locked
