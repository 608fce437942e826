"""After ingest writes new or changed documents, stored cross-check statuses are recomputed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.index import open_store
from duban.index.store import Store
from duban.pipeline import status
from duban.pipeline.cli import app

runner = CliRunner()
AS_OF = "2025-06-15"

DIRECTIVE = """临江市人民政府办公室文件

临政办发〔2025〕9号

临江市人民政府办公室关于开展河道清淤整治工作的通知

各区人民政府，市有关部门：

为改善城区水环境，经市政府同意，现就开展河道清淤整治工作通知如下。

一、全面排查城区河道淤积情况，建立问题清单。（责任单位：市水务局；完成时限：2025年5月底前）

二、完成重点河段清淤工程，清运淤泥不少于2万立方米。（牵头单位：市水务局，配合单位：市财政局；完成时限：2025年9月底前）

三、建立河道日常保洁长效机制，落实河长巡河制度。（责任单位：各区人民政府；完成时限：2025年12月底前）

临江市人民政府办公室
2025年3月10日
"""

MINUTES = """临江市水务局党组会议纪要

2025年4月2日，局党组书记主持召开党组会议，传达学习《临江市人民政府办公室关于开展河道清淤整治工作的通知》（临政办发〔2025〕9号）精神，研究部署我局贯彻落实工作。

会议要求：

一、全面排查城区河道淤积情况，建立问题清单，由河道管理科负责，4月底前完成。

二、抓紧启动重点河段清淤工程招标，确保9月底前完成清淤任务。

临江市水务局办公室
2025年4月3日
"""


def ingest(folder: Path, db: Path) -> dict[str, object]:
    result = runner.invoke(app, ["ingest", str(folder), "--index", str(db), "--json", "-q"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def directive_statuses(db: Path) -> list[str | None]:
    with open_store(str(db)) as store:
        measures = [m for m in store.iter_measures() if m.doc_id != minutes_id(store)]
    return [m.status for m in sorted(measures, key=lambda m: m.measure_id)]


def minutes_id(store: Store) -> str:
    docs = list(store.iter_documents())
    return next((d.doc_id for d in docs if any(s.endswith("minutes.txt") for s in d.sources)), "")


def cross_checked_directive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A folder holding the directive, ingested and cross-checked (as of `AS_OF`): its folder and index."""
    monkeypatch.setattr(status, "today", lambda: AS_OF)
    folder, db = tmp_path / "docs", tmp_path / "duban.db"
    folder.mkdir()
    (folder / "directive.txt").write_text(DIRECTIVE, encoding="utf-8")
    first = ingest(folder, db)
    assert first["ingested"] == 1
    assert first["statuses_recomputed"] is False  # nobody has cross-checked this index yet
    assert directive_statuses(db) == [None, None, None]
    checked = runner.invoke(app, ["crosscheck", "--index", str(db), "--as-of", AS_OF, "--json"])
    assert checked.exit_code == 0, checked.output
    assert directive_statuses(db) == ["overdue", "not_relayed", "not_relayed"]
    return folder, db


def test_statuses_follow_a_new_relay_and_unchanged_runs_skip_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, db = cross_checked_directive(tmp_path, monkeypatch)

    (folder / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    second = ingest(folder, db)
    assert second["ingested"] == 1 and second["statuses_recomputed"] is True
    after = directive_statuses(db)
    assert after[1] == "relayed", after  # the water bureau's minutes deploy the dredging work

    third = ingest(folder, db)
    assert third["ingested"] == 0 and third["statuses_recomputed"] is False


def test_no_recheck_leaves_the_statuses_for_the_next_crosscheck(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, db = cross_checked_directive(tmp_path, monkeypatch)
    before = directive_statuses(db)
    (folder / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(folder), "--index", str(db), "--json", "-q", "--no-recheck"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ingested"] == 1 and report["statuses_recomputed"] is False
    assert directive_statuses(db) == before  # the minutes wait for the next cross-check
    again = runner.invoke(app, ["crosscheck", "--index", str(db), "--as-of", AS_OF, "--json"])
    assert again.exit_code == 0, again.output
    assert directive_statuses(db)[1] == "relayed"


def test_an_index_without_statuses_is_not_cross_checked(tmp_path: Path) -> None:
    folder, db = tmp_path / "docs", tmp_path / "duban.db"
    folder.mkdir()
    (folder / "directive.txt").write_text(DIRECTIVE, encoding="utf-8")
    (folder / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    report = ingest(folder, db)
    assert report["ingested"] == 2 and report["statuses_recomputed"] is False
    with open_store(str(db)) as store:
        assert all(m.status is None for m in store.iter_measures())


def test_the_index_in_the_ingested_folder_is_not_reported_as_skipped(tmp_path: Path) -> None:
    (tmp_path / "directive.txt").write_text(DIRECTIVE, encoding="utf-8")
    (tmp_path / "old.numbers").write_bytes(b"not read")  # a real skip is still reported
    db = f"sqlite:///{tmp_path / 'duban.db'}"
    first = ingest_any(tmp_path, db)
    second = ingest_any(tmp_path, db)  # now duban.db (and its -wal/-shm) sit in the folder
    for report in (first, second):
        skipped = [s["source"] for s in report["skipped"]]  # type: ignore[attr-defined]
        assert len(skipped) == 1 and skipped[0].endswith("old.numbers"), skipped
    assert second["ignored"] >= 1


def ingest_any(folder: Path, db: str) -> dict[str, object]:
    result = runner.invoke(app, ["ingest", str(folder), "--index", db, "--json", "-q"])
    assert result.exit_code == 3, result.output  # 3: only skips
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_index_files_of_each_url_form(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from duban.pipeline.ingest import index_files

    monkeypatch.chdir(tmp_path)
    expected = str((tmp_path / "duban.db").resolve())
    for url in ("sqlite:///./duban.db", f"sqlite:///{tmp_path}/duban.db", "duban.db"):
        assert expected in index_files(url), url
        assert f"{expected}-wal" in index_files(url), url
    assert index_files("http://localhost:9200") == frozenset()
