"""A search's hits taken away as a spreadsheet: `/search.xlsx`, `/search.csv` and `duban search
--xlsx/--csv`, over a real SQLite index built from .txt files by the real pipeline.

Every hit of the query (not one page), in the ledger's columns (牵头 and 配合 apart, the due date a
date cell, the status in Chinese with any staff correction), documents for a `docs` search, the
same filters as the search, and no title that runs as a formula when the file is opened."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from duban.index import open_store
from duban.pipeline import search_export
from duban.pipeline.app import create_app
from duban.pipeline.cli import app as cli_app
from duban.pipeline.corrections import set_status
from duban.pipeline.extract import extract_file
from duban.pipeline.ledger import csv_value

LOCAL = "http://127.0.0.1"
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

PLAN = """示范县人民政府办公室关于印发营商环境提升行动方案的通知
示县政办〔2026〕12号
各乡镇人民政府，县政府各部门：
现将《营商环境提升行动方案》印发给你们，请认真组织实施。
一、重点任务
（一）梳理涉企收费清单并向社会公开。（牵头单位：县发展改革局；配合单位：县财政局、县市场监管局；完成时限：2026年7月31日前）
（二）梳理企业诉求办理流程，每季度通报一次办理情况。（牵头单位：县政务服务中心；完成时限：2026年10月底前）
（三）清理妨碍公平竞争的规定。（责任单位：县司法局；完成时限：2026年11月30日前）
示范县人民政府办公室
2026年4月2日
"""
AREAS = "东西南北中"
CHECKS = (
    "示范县应急管理局关于开展安全隐患专项排查的通知\n示县应急〔2026〕3号\n各乡镇人民政府，县直有关单位：\n"
    "为防范化解安全风险，现就开展专项排查通知如下。\n一、排查任务\n"
    + "".join(
        f"（{n}）对{AREAS[n % 5]}部第{n}片区的危化品企业开展安全隐患排查。"
        "（牵头单位：县应急管理局；完成时限：2026年9月底前）\n"
        for n in range(1, 26)
    )
    + "示范县应急管理局\n2026年5月6日\n"
)
# titles a metadata finder would not give, set by hand: text Excel would run as a formula
FORMULA_TITLE = '=HYPERLINK("http://example.invalid/","点此查看")'
AT_TITLE = "@SUM(1,2)<script>alert(3)</script>排查通知"
HEADER = [
    "序号",
    "举措",
    "牵头单位",
    "配合单位",
    "完成时限",
    "截止日期",
    "状态",
    "人工核定",
    "文件",
    "文号",
    "发文日期",
    "出处",
]
DOC_HEADER = ["序号", "文件", "文号", "发文机关", "发文日期", "类型", "举措数", "出处"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Built:
    url: str
    plan: str
    checks: str
    measures: list[str]  # the plan's measure ids, in order


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Two documents extracted and indexed; the plan's first measure checked overdue, its second
    set to done by hand."""
    root = tmp_path_factory.mktemp("export")
    url = f"sqlite:///{root / 'index.db'}"
    ids = []
    with open_store(url) as store:
        for name, text, title in (("plan.txt", PLAN, FORMULA_TITLE), ("checks.txt", CHECKS, AT_TITLE)):
            path = root / name
            path.write_text(text, encoding="utf-8")
            doc = extract_file(path, name)
            record = doc.to_json(include_text=True)
            record["doc"]["title"] = title
            store.write(record, doc.doc_id)
            ids.append(doc.doc_id)
        stored = store.get(ids[0])
        assert stored is not None and len(stored.measures) == 3
        measures = [m.measure_id for m in stored.measures]
        store.update_status(measures[0], "overdue")
        set_status(store, measures[1], "done", "电话核实已办结", "王五")
    return Built(url, ids[0], ids[1], measures)


@pytest.fixture(scope="module")
def client(built: Built) -> TestClient:
    return TestClient(create_app(built.url), base_url=LOCAL)


def sheet_rows(content: bytes, sheet: str = "检索结果") -> list[list[Any]]:
    wb = load_workbook(io.BytesIO(content))
    return [list(row) for row in wb[sheet].iter_rows(values_only=True)]


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_workbook_has_a_row_per_hit_in_the_ledger_columns(client: TestClient, built: Built) -> None:
    response = client.get("/search.xlsx", params={"q": "梳理 OR 清理", "sort": "deadline"})
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    today = dt.date.today().isoformat()
    assert response.headers["content-disposition"] == f'attachment; filename="duban-search-{today}.xlsx"'
    rows = sheet_rows(response.content)
    assert rows[0] == HEADER
    body = {row[1].split("。")[0]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    assert len(rows) == 4 and len(body) == 3
    fees = body["（一）梳理涉企收费清单并向社会公开"]
    assert (fees["牵头单位"], fees["配合单位"]) == ("县发展改革局", "县财政局、县市场监管局")
    assert fees["截止日期"] == dt.datetime(2026, 7, 31)  # a date cell, not text
    assert fees["状态"] == "逾期"
    assert fees["文号"] == "示县政办〔2026〕12号" and fees["发文日期"] == dt.datetime(2026, 4, 2)
    assert fees["出处"].endswith("plan.txt 第1页")
    # a recurrence and a one-off: written as they are, due at the one-off; the status set by hand
    flow = body["（二）梳理企业诉求办理流程，每季度通报一次办理情况"]
    assert flow["完成时限"] == "每季度通报一次；2026年10月底前"
    assert flow["截止日期"] == dt.datetime(2026, 10, 31)
    assert flow["状态"] == "已完成" and "王五" in flow["人工核定"] and "电话核实已办结" in flow["人工核定"]
    # a unit named responsible, without a 牵头/配合 split, stands in charge as in the ledger
    rules = body["（三）清理妨碍公平竞争的规定"]
    assert (rules["牵头单位"], rules["状态"]) == ("县司法局", "未检查") and not rules["配合单位"]
    assert [row[0] for row in rows[1:]] == [1, 2, 3]
    # sorted by deadline, as the search was
    assert [row[5] for row in rows[1:]] == sorted(row[5] for row in rows[1:])
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["检索结果"]
    assert ws.freeze_panes == "A2" and ws.print_title_rows.replace("$", "") == "1:1"
    assert ws.page_setup.orientation == "landscape"
    assert ws["A1"].font.bold and ws["B2"].alignment.wrap_text and ws["F2"].number_format == "yyyy-mm-dd"


def test_the_csv_holds_the_same_rows(client: TestClient) -> None:
    params = {"q": "梳理 OR 清理", "sort": "deadline"}
    workbook = sheet_rows(client.get("/search.xlsx", params=params).content)
    response = client.get("/search.csv", params=params)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'filename="duban-search-' in response.headers["content-disposition"]
    rows = csv_rows(response.content)
    assert rows[0] == HEADER
    as_text = [
        [str(csv_value(v.date() if isinstance(v, dt.datetime) else v)) for v in row] for row in workbook[1:]
    ]
    assert rows[1:] == as_text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"unit": "县财政局"}, ["（一）"]),
        ({"status": "overdue"}, ["（一）"]),
        ({"status": "done"}, ["（二）"]),  # a staff correction's status is the one filtered on
        ({"q": "梳理 配合单位:县市场监管局"}, ["（一）"]),
    ],
)
def test_a_filter_narrows_both_downloads(
    client: TestClient, params: dict[str, str], expected: list[str]
) -> None:
    params = {"q": "梳理 OR 清理", **params}
    rows = sheet_rows(client.get("/search.xlsx", params=params).content)
    assert [row[1][:3] for row in rows[1:]] == expected
    assert [row[1][:3] for row in csv_rows(client.get("/search.csv", params=params).content)[1:]] == expected


def test_every_hit_is_exported_not_one_page(
    client: TestClient, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """25 hits: more than the page shows (20) and, read five at a time, five reads of the store."""
    monkeypatch.setattr(search_export, "PAGE_SIZE", 5)
    page = client.get("/search.json", params={"q": "危化品"}).json()
    assert page["total"] == 25 and len(page["hits"]) == 20
    params = {"q": "危化品", "limit": "3", "offset": "6"}  # the page asked for does not matter
    rows = sheet_rows(client.get("/search.xlsx", params=params).content)
    assert len(rows) == 26 and [row[0] for row in rows[1:]] == list(range(1, 26))
    assert len({row[1] for row in rows[1:]}) == 25
    assert {row[2] for row in rows[1:]} == {"县应急管理局"}
    assert len(csv_rows(client.get("/search.csv", params=params).content)) == 26
    notes = dict((r[0], r[1]) for r in sheet_rows(client.get("/search.xlsx", params=params).content, "说明"))
    assert notes["检索词"] == "危化品" and notes["导出条数"] == "25 条举措" and "注意" not in notes


def test_an_export_over_the_cap_says_it_was_cut(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_export, "EXPORT_CAP", 10)
    monkeypatch.setattr(search_export, "PAGE_SIZE", 4)
    rows = csv_rows(client.get("/search.csv", params={"q": "危化品"}).content)
    assert len(rows) == 12  # the header, ten rows, the note
    assert rows[-1][0].startswith("注：") and "只导出了前 10 条" in rows[-1][0]
    content = client.get("/search.xlsx", params={"q": "危化品"}).content
    assert len(sheet_rows(content)) == 11
    notes = dict((r[0], r[1]) for r in sheet_rows(content, "说明"))
    assert "只导出了前 10 条" in notes["注意"]


def test_a_docs_search_exports_documents(client: TestClient, built: Built) -> None:
    params = {"q": "排查 OR 营商环境", "docs": "1"}
    rows = sheet_rows(client.get("/search.xlsx", params=params).content)
    assert rows[0] == DOC_HEADER
    by_number = {row[2]: dict(zip(DOC_HEADER, row, strict=True)) for row in rows[1:]}
    assert set(by_number) == {"示县政办〔2026〕12号", "示县应急〔2026〕3号"}
    checks = by_number["示县应急〔2026〕3号"]
    assert (checks["发文机关"], checks["类型"], checks["举措数"]) == ("示范县应急管理局", "政策文件", 25)
    assert checks["发文日期"] == dt.datetime(2026, 5, 6) and checks["出处"].endswith("checks.txt 第1页")
    text = csv_rows(client.get("/search.csv", params=params).content)
    assert text[0] == DOC_HEADER and len(text) == 3


@pytest.mark.parametrize(
    "params", [{"sort": "newest"}, {"status": "finished"}, {"limit": "x"}, {"deadline_before": "2026-13"}]
)
@pytest.mark.parametrize("path", ["/search.xlsx", "/search.csv"])
def test_a_bad_parameter_is_400_as_for_the_json(
    client: TestClient, path: str, params: dict[str, str]
) -> None:
    assert client.get("/search.json", params=params).status_code == 400
    response = client.get(path, params=params, headers={"accept": "application/json"})
    assert response.status_code == 400
    assert "content-disposition" not in response.headers


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value for name, value in attrs if tag == "a" and name == "href" and value]


def test_the_search_page_links_its_downloads_with_the_query(client: TestClient) -> None:
    params = {"q": '梳理 "><script>x', "unit": "县财政局", "sort": "relevance", "limit": "5", "offset": "0"}
    response = client.get("/search", params=params)
    assert response.status_code == 200
    assert "<script>" not in response.text  # the query is escaped wherever the page shows it
    parser = _Links()
    parser.feed(response.text)
    for path in ("/search.xlsx", "/search.csv"):
        (href,) = [h for h in parser.hrefs if urlsplit(h).path == path]
        kept = parse_qs(urlsplit(href).query)
        assert kept == {"q": [params["q"]], "unit": ["县财政局"], "sort": ["relevance"]}
        assert client.get(href).status_code == 200


def test_the_command_writes_both_files_and_says_so(built: Built, tmp_path: Path) -> None:
    xlsx, table = tmp_path / "结果.xlsx", tmp_path / "结果.csv"
    result = CliRunner().invoke(
        cli_app,
        [
            "search",
            "危化品",
            "--unit",
            "应急",
            "--index",
            built.url,
            "--xlsx",
            str(xlsx),
            "--csv",
            str(table),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"已写入 25 条结果 → {xlsx}、{table}" in result.output
    assert "┌" not in result.output  # no table of hits instead
    assert len(sheet_rows(xlsx.read_bytes())) == 26
    assert csv_rows(table.read_bytes())[0] == HEADER
    only = tmp_path / "文件.csv"
    result = CliRunner().invoke(
        cli_app, ["search", "排查", "--docs", "--index", built.url, "--csv", str(only)]
    )
    assert result.exit_code == 0, result.output
    assert f"已写入 1 条结果 → {only}" in result.output
    assert csv_rows(only.read_bytes())[0] == DOC_HEADER


def test_titles_are_written_as_text_not_formulas(client: TestClient, built: Built, tmp_path: Path) -> None:
    params = {"q": "排查 OR 营商环境", "docs": "1"}
    wb = load_workbook(io.BytesIO(client.get("/search.xlsx", params=params).content))
    titles = {
        cell.value: cell.data_type for (cell,) in wb["检索结果"].iter_rows(min_row=2, min_col=2, max_col=2)
    }
    assert titles == {FORMULA_TITLE: "s", AT_TITLE: "s"}
    rows = csv_rows(client.get("/search.csv", params=params).content)
    assert {row[1] for row in rows[1:]} == {"'" + FORMULA_TITLE, "'" + AT_TITLE}
    # the ledger writes the same titles the same way
    ledger_xlsx, ledger_csv = tmp_path / "台账.xlsx", tmp_path / "台账.csv"
    result = CliRunner().invoke(
        cli_app, ["ledger", "--index", built.url, "--xlsx", str(ledger_xlsx), "--csv", str(ledger_csv)]
    )
    assert result.exit_code == 0, result.output
    ledger = load_workbook(ledger_xlsx)["台账"]
    cells = [cell for (cell,) in ledger.iter_rows(min_row=2, min_col=2, max_col=2)]
    assert cells and all(cell.value in (FORMULA_TITLE, AT_TITLE) and cell.data_type == "s" for cell in cells)
    assert {row[1] for row in csv_rows(ledger_csv.read_bytes())[1:]} <= {"'" + FORMULA_TITLE, "'" + AT_TITLE}


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("+86 123", "'+86 123"),
        ("-削减", "'-削减"),
        ("@A1", "'@A1"),
        ("=1+1", "'=1+1"),
        ("县财政局", "县财政局"),
        (-3, -3),
    ],
)
def test_csv_cells_that_excel_would_evaluate_are_quoted(value: object, written: object) -> None:
    assert csv_value(value) == written
