"""入库记录 on the web (`/runs`) and the command line (`duban runs`): what each nightly ingest took and,
file by file, what it did not take and what to do about it, for staff who never see the job's log.
Real ingests into a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from duban.pipeline.app import create_app
from duban.pipeline.cli import app
from duban.pipeline.ingest import ingest

LOCAL = "http://127.0.0.1"
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
NOTICE = "关于做好秋冬季森林防火工作的通知\n一、县林业局要于2026年10月31日前完成防火隔离带清理。\n"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, str]:
    root = tmp_path_factory.mktemp("runs")
    batch = root / "收文"
    batch.mkdir()
    (batch / "通知.txt").write_text(NOTICE, encoding="utf-8")
    (batch / "空白.txt").write_bytes(b"")
    (batch / "<img src=x onerror=alert(1)>演示.xyz").write_bytes(b"not a document")
    url = f"sqlite:///{root / 'index.db'}"
    ingest([batch], index_url=url, progress=False)  # the first night
    (batch / "空白.txt").write_text("各乡镇要于11月底前上报排查结果。", encoding="utf-8")
    ingest([batch], index_url=url, progress=False)  # the next: the empty file fixed
    return TestClient(create_app(url), base_url=LOCAL), url


def test_runs_json_lists_each_run_newest_first_with_what_it_did_not_take(
    served: tuple[TestClient, str],
) -> None:
    client, _ = served
    runs = client.get("/runs.json").json()["runs"]
    assert [(r["ingested"], r["unchanged"], r["failed"]) for r in runs] == [(1, 1, 0), (1, 0, 1)]
    first = runs[1]
    assert [f["code"] for f in first["failures"]] == ["E002"] and "空白.txt" in first["failures"][0][
        "message"
    ]
    assert [s["code"] for s in first["skipped"]] == ["E003"] and first["skipped"][0]["hint"]
    assert client.get("/runs.json", params={"limit": "1"}).json()["runs"][0]["run_id"] == runs[0]["run_id"]
    assert client.get("/runs", params={"format": "json"}).json() == {"runs": runs}


def test_the_runs_page_names_each_file_not_taken_with_its_hint_escaped(
    served: tuple[TestClient, str],
) -> None:
    client, _ = served
    page = client.get("/runs").text
    runs = client.get("/runs.json").json()["runs"]
    assert f'id="run-{runs[1]["run_id"]}"' in page and "未收录的文件" in page
    assert "空白.txt" in page and runs[1]["failures"][0]["hint"] in page
    assert "&lt;img src=x onerror=alert(1)&gt;演示.xyz" in page and "<img" not in page
    assert page.count("未收录的文件") == 2  # both skipped the .xyz; only the first failed a file
    assert page.count('<td class="nowrap">失败</td>') == 1
    assert "完成" in page and '<a href="/runs">入库记录</a>' in page


def test_the_home_page_says_how_the_last_run_went_and_links_to_it(served: tuple[TestClient, str]) -> None:
    client, _ = served
    home = client.get("/").text
    assert "最近一次入库" in home and "新入库 1 个，未变 1 个，失败 0 个，跳过 1 个" in home
    last = client.get("/runs.json").json()["runs"][0]["run_id"]
    assert f'href="/runs#run-{last}"' in home  # it skipped a file: the link goes to the list


def test_an_index_without_runs_says_how_to_make_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    ingest([], index_url=url, progress=False)
    client = TestClient(create_app(url), base_url=LOCAL)
    runs = client.get("/runs.json").json()["runs"]
    assert len(runs) == 1 and runs[0]["seen"] == 0
    assert "最近一次入库" in client.get("/").text


@pytest.mark.parametrize("limit", ["0", "201", "多"])
def test_a_bad_limit_is_400(served: tuple[TestClient, str], limit: str) -> None:
    client, _ = served
    assert client.get("/runs", params={"limit": limit}).status_code == 400
    assert client.get("/runs.json", params={"limit": limit}).status_code in (400, 422)


def test_duban_runs_prints_each_run_with_its_files_not_taken(served: tuple[TestClient, str]) -> None:
    client, url = served
    result = CliRunner().invoke(app, ["runs", "--index", url])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    heads = [line for line in lines if line.startswith("== ")]
    assert len(heads) == 2 and all(head.endswith("（完成）") for head in heads)
    assert sum("失败 E002" in line and "空白.txt" in line for line in lines) == 1
    assert sum("跳过 E003" in line for line in lines) == 2
    assert sum("已索引 1 个" in line for line in lines) == 2
    one = CliRunner().invoke(app, ["runs", "--index", url, "-n", "1", "--json"])
    assert json.loads(one.output) == client.get("/runs.json", params={"limit": "1"}).json()


def test_duban_runs_on_a_missing_index_is_e045(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["runs", "--index", f"sqlite:///{tmp_path / 'none.db'}"])
    assert result.exit_code == 2 and "E045" in result.output


def test_duban_stats_says_how_the_last_run_went_on_one_line(served: tuple[TestClient, str]) -> None:
    _, url = served
    result = CliRunner().invoke(app, ["stats", "--index", url])
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.output.splitlines() if line.startswith("最近一次导入")]
    assert "完成，已索引 1 个，未变 1 个，失败 0 个，跳过 1 个（各文件见 duban runs）" in line
    assert "T" not in line.split("：")[0]  # the time as staff read it, not an ISO stamp
