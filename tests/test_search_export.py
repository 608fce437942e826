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


STATUTE = "示范市城市绿地养护条例\n（2025年11月20日示范市人民代表大会常务委员会通过）\n" + "".join(
    f"第{n}条　{body}\n"
    for n, body in zip(
        "一二三四五六七八九十",
        [
            "为了规范城市绿地的养护管理，根据有关法律法规，结合本市实际，制定本条例。",
            "本条例适用于本市建成区内公共绿地的养护及其监督管理。",
            "市园林绿化局负责全市绿地养护的监督管理工作。",
            "区人民政府负责本辖区内绿地养护的组织实施。",
            "养护单位应当建立养护档案，如实记录养护情况。",
            "任何单位和个人不得擅自占用城市绿地。",
            "养护单位应当于每年三月三十一日前向市园林绿化局报送上一年度养护情况报告。",
            "市园林绿化局应当在十月底前完成对养护单位的年度考核。",
            "违反本条例规定的，由市园林绿化局责令限期改正。",
            "本条例自2026年1月1日起施行。",
        ],
        strict=True,
    )
)


def _all_hits(store: Any, query: str, target: Any, sort: Any) -> list[Any]:
    hits: list[Any] = []
    while True:
        result = store.search(query, None, target, 7, len(hits), sort)
        hits += result.hits
        if not result.hits or len(hits) >= result.total:
            return hits


def expected_rows(store: Any, query: str, target: Any, sort: Any, as_of: str) -> list[list[Any]]:
    """The rows as the export wrote them before it summarised documents: each hit's document read
    whole with `get`, its measure's due date from the stored measure and the whole text."""
    from duban.base.dates import as_date
    from duban.base.vocab import KIND_LABELS, status_label
    from duban.pipeline.corrections import Overlay
    from duban.pipeline.ledger import correction_text
    from duban.pipeline.status import due_of

    overlay = Overlay.load(store)
    rows: list[list[Any]] = []
    for number, hit in enumerate(_all_hits(store, query, target, sort), 1):
        record = store.get(hit.doc_id)
        meta = record.doc
        title = meta.title or hit.title or Path(hit.source).name
        place = hit.source + (f" 第{hit.page}页" if hit.page else "")
        if target == "documents":
            kind = KIND_LABELS.get(hit.kind or "", hit.kind or "")
            issued = as_date(meta.date)
            rows.append([number, title, meta.doc_number or "", meta.issuer or "", issued, kind])
            rows[-1] += [len(record.measures), place]
            continue
        (measure,) = [m for m in record.measures if m.measure_id == hit.measure_id]
        due = due_of(measure, meta.date, as_of, record.text)[1]
        correction = overlay.find(hit.doc_id, record.paths, hit.text)
        lead = dict.fromkeys(
            [
                *(u.name for u in hit.units if u.role == "lead"),
                *(u.name for u in hit.units if u.role == "responsible"),
            ]
        )
        rows.append(
            [
                number,
                hit.text,
                "、".join(lead),
                "、".join(dict.fromkeys(u.name for u in hit.units if u.role == "co")),
                "；".join(dict.fromkeys(d.text for d in hit.deadlines if d.text)),
                as_date(due),
                status_label(correction.status if correction is not None else hit.status),
                correction_text(correction),
                title,
                meta.doc_number or "",
                as_date(meta.date),
                place,
            ]
        )
    return rows


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A real index of three documents (a plan, a notice, a statute), ingested as `duban ingest`
    does, with a status checked and one set by hand."""
    from duban.pipeline.ingest import ingest

    root = tmp_path_factory.mktemp("ingested")
    paths = []
    for name, text in (("plan.txt", PLAN), ("checks.txt", CHECKS), ("statute.txt", STATUTE)):
        paths.append(root / name)
        paths[-1].write_text(text, encoding="utf-8")
    url = f"sqlite:///{root / 'index.db'}"
    ingest(paths, index_url=url, progress=False, recheck=False)
    with open_store(url) as store:
        (plan,) = [d for d in store.iter_documents() if d.source.endswith("plan.txt")]
        store.update_status(plan.measures[0].measure_id, "overdue")
        set_status(store, plan.measures[1].measure_id, "done", "已核实办结", "赵六")
    return url


@pytest.mark.parametrize(
    ("query", "target", "sort"),
    [
        ("", "measures", "relevance"),
        ("", "measures", "deadline"),
        ("排查 OR 梳理 OR 养护", "measures", "relevance"),
        ("", "documents", "relevance"),
    ],
)
def test_the_export_writes_every_cell_as_reading_each_document_whole_did(
    ingested: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str, target: Any, sort: Any
) -> None:
    """Documents summarised a few at a time over pages of hits give the very cells the export
    wrote when it read each hit's document whole, in the workbook and in the CSV."""
    from duban.index import sqlite_store

    monkeypatch.setattr(search_export, "PAGE_SIZE", 2)  # several pages, and documents met again
    monkeypatch.setattr(sqlite_store, "SUMMARY_BATCH", 2)  # several queries a page
    as_of = "2026-12-05"
    with open_store(ingested) as store:
        expected = expected_rows(store, query, target, sort, as_of)
        made = search_export.export_search(store, query, None, target, sort, as_of)
        search_export.write_xlsx(made, tmp_path / "out.xlsx")
        search_export.write_csv(made, tmp_path / "out.csv")
    assert len(expected) > 2 and made.rows == expected
    written = sheet_rows((tmp_path / "out.xlsx").read_bytes())[1:]
    as_cells = [  # as openpyxl reads them back: dates as datetimes, empty text as no value
        [dt.datetime.combine(v, dt.time()) if isinstance(v, dt.date) else None if v == "" else v for v in row]
        for row in expected
    ]
    assert written == as_cells
    as_text = [[str(csv_value(v)) for v in row] for row in expected]
    assert csv_rows((tmp_path / "out.csv").read_bytes())[1:] == as_text
    if target == "measures" and not query:  # the statute's yearly bounds fall due on no date
        statute = [row for row in expected if "statute.txt" in row[-1]]
        assert statute and any(row[4] and row[5] is None for row in statute)
