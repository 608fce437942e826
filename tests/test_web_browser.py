"""The web app in real headless Chromium (Debian's `/usr/bin/chromium`, driven by Playwright) against
a uvicorn server on 127.0.0.1 that the test starts: search with a filter and a facet click, a
document page, a correction that survives re-ingest, and the ledger downloads.

Each step saves a full-page screenshot; set `DUBAN_SCREENSHOTS=<folder>` to keep them.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from duban.pipeline.cli import app as cli
from duban.pipeline.ledger import HEADER
from tests.test_app import MINUTES, NOTICE
from tests.web_server import running

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"
    ),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AS_OF = "2026-11-26"


@dataclass
class Site:
    base: str
    folder: Path
    url: str
    shots: Path


def _ingest(folder: Path, url: str) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(folder), "--index", url, "-q"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("browser")
    folder = root / "docs"
    folder.mkdir()
    (folder / "notice.txt").write_text(NOTICE, encoding="utf-8")
    (folder / "minutes.txt").write_text(MINUTES, encoding="utf-8")
    url = f"sqlite:///{root / 'index.db'}"
    _ingest(folder, url)
    shots = Path(os.environ.get("DUBAN_SCREENSHOTS") or root / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    with running(url) as base:
        _wait_for_ledger(base, "/ledger.json")  # today's cross-check, for the document page
        yield Site(base, folder, url, shots)


def _wait_for_ledger(base: str, path: str) -> None:
    """The cross-check runs in the server's worker process; until it is done the ledger answers
    503 "being computed" (at once, or after 10 s)."""
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(base + quote(path, safe="/?=&"), timeout=60) as response:
                assert response.status == 200
                return
        except urllib.error.HTTPError as exc:
            assert exc.code == 503 and time.monotonic() < deadline, exc
            time.sleep(0.5)


def _open(page: object, site: Site, path: str) -> None:
    """Open a ledger or cross-check page once the server has the cross-check it needs."""
    _wait_for_ledger(site.base, path)
    page.goto(site.base + path)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("profile")  # an empty --user-data-dir
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
            locale="zh-CN",
        )
        yield context
        context.close()


def _shot(page: object, site: Site, name: str) -> None:
    page.screenshot(path=str(site.shots / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_search_with_a_filter_then_a_facet_click(browser: object, site: Site) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site.base + "/search")
    page.fill("input[name=q]", "绩效评价")
    page.fill("input[name=unit]", "审计局")
    page.click("form.filters button")
    page.wait_for_url("**/search?*unit=*")
    assert page.locator("ol.hits > li").count() == 2
    assert "共 2 条举措" in page.inner_text("main")
    facet = page.locator("ul.facet-by_kind a", has_text="会议纪要")
    assert facet.count() == 1
    facet.click()
    page.wait_for_url("**kind=minutes**")
    assert page.locator("ol.hits > li").count() == 1
    assert "会议纪要" in page.inner_text("ul.facet-by_kind li.on")
    assert page.input_value("input[name=unit]") == "审计局", "the filter is kept after the facet click"
    _shot(page, site, "search")
    page.goto(site.base + "/search?q=" + "台账 北极熊")
    assert "部分匹配" in page.inner_text("p.notice")
    assert page.locator("ol.hits > li").count() >= 1
    _shot(page, site, "search-partial")
    page.goto(site.base + "/")
    assert "已收录文件 2 件" in page.inner_text("main")
    _shot(page, site, "home")
    page.close()


def test_a_document_page_shows_its_text_with_the_measures_marked(browser: object, site: Site) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site.base + "/search?q=" + "整改台账")
    page.locator("ol.hits a", has_text="示范市人民政府办公室关于印发问题整改工作方案的通知").first.click()
    page.wait_for_url("**/documents/**")
    assert page.inner_text("h1") == "示范市人民政府办公室关于印发问题整改工作方案的通知"
    marks = page.locator(".doc-text mark")
    assert marks.count() == 2
    assert "建立问题整改台账" in marks.nth(0).inner_text()
    assert "市发展改革委" in (marks.nth(0).get_attribute("title") or "")
    followers = page.locator("table.followers")
    assert "示范市财政局局长办公会议纪要" in followers.inner_text()
    assert "传达" in followers.inner_text()
    _shot(page, site, "document")
    page.close()


def test_a_correction_made_in_the_browser_survives_reingest(browser: object, site: Site) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    _open(page, site, f"/ledger?as_of={AS_OF}&unit=财政局")
    page.locator("table.ledger a", has_text="开展专项资金绩效评价").click()
    page.wait_for_url("**/crosscheck/**")
    row = page.locator("table.crosscheck tr", has_text="开展专项资金绩效评价")
    form = row.locator("form.correct").last
    form.locator("select[name=status]").select_option("lagging")
    form.locator("input[name=note]").fill("审计局反馈报告初稿延后")
    form.locator("input[name=by]").fill("督查室张三")
    form.locator("button").click()
    page.wait_for_load_state()
    row = page.locator("table.crosscheck tr", has_text="开展专项资金绩效评价")
    assert "人工核定" in row.inner_text()
    assert "督查室张三" in row.inner_text()
    _shot(page, site, "crosscheck")

    edited = NOTICE.replace("2026年3月1日", "2026年3月3日")
    (site.folder / "notice.txt").write_text(edited, encoding="utf-8")
    _ingest(site.folder, site.url)
    assert CliRunner().invoke(cli, ["crosscheck", "--index", site.url, "--as-of", AS_OF]).exit_code == 0

    _open(page, site, f"/ledger?as_of={AS_OF}")
    row = page.locator("table.ledger tr", has_text="开展专项资金绩效评价")
    assert "滞后" in row.inner_text()
    assert "人工核定" in row.inner_text()
    assert row.get_attribute("class") == "light-yellow"
    _shot(page, site, "ledger")
    page.goto(site.base + "/corrections")
    assert "审计局反馈报告初稿延后" in page.inner_text("table.corrections")
    _shot(page, site, "corrections")
    page.close()


def test_the_ledger_downloads_as_xlsx_and_csv(browser: object, site: Site, tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    _open(page, site, f"/ledger?as_of={AS_OF}")
    with page.expect_download() as caught:
        page.click("text=Excel 台账（.xlsx）")
    download = caught.value
    assert download.suggested_filename == f"duban-ledger-{AS_OF}.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(str(saved))
    ws = load_workbook(saved)["台账"]
    assert ws.max_row == 3

    def line(text: str) -> tuple[object, ...]:
        return next(r for r in ws.iter_rows(min_row=2) if text in str(r[HEADER.index("举措")].value))

    assert line("开展专项资金绩效评价")[HEADER.index("状态")].value in ("滞后", "逾期")
    assert line("建立问题整改台账")[HEADER.index("灯")].value == "红"
    with page.expect_download() as caught_csv:
        page.click("text=CSV")
    text = Path(caught_csv.value.path()).read_bytes().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == list(HEADER)
    assert len(table) == 3
    page.close()
    if os.environ.get("DUBAN_SCREENSHOTS"):
        shutil.copy(saved, site.shots / saved.name)


def test_the_ledger_page_downloads_the_reminder_slips(browser: object, site: Site, tmp_path: Path) -> None:
    """The 催办单 link beside the ledger's downloads gives a Word file whose slips hold the ledger's
    overdue and lagging tasks, one section per unit."""
    page = browser.new_page()  # type: ignore[attr-defined]
    _open(page, site, f"/ledger?as_of={AS_OF}")
    with page.expect_download() as caught:
        page.click("text=催办单")
    download = caught.value
    assert download.suggested_filename == f"催办通知单-{AS_OF}.docx"
    saved = tmp_path / "slips.docx"
    download.save_as(str(saved))
    slips = Document(str(saved))
    cells = "\n".join(c.text for t in slips.tables for r in t.rows for c in r.cells)
    assert "开展专项资金绩效评价" in cells and "建立问题整改台账" in cells
    heads = [p.text for p in slips.paragraphs if p.text.startswith("致：")]
    assert len(heads) == len(slips.sections) >= 1
    page.close()


def test_the_ledger_links_to_what_the_last_check_changed(browser: object, site: Site) -> None:
    """A saved check records each status it set; the ledger's 本期变化 link shows them grouped."""
    saved = CliRunner().invoke(cli, ["crosscheck", "--index", site.url, "--as-of", AS_OF, "--json"])
    assert saved.exit_code == 0, saved.output
    page = browser.new_page()  # type: ignore[attr-defined]
    _open(page, site, f"/ledger?as_of={AS_OF}")
    page.click("text=本期变化")
    page.wait_for_selector("section.changes-overdue")
    overdue = page.inner_text("section.changes-overdue")
    assert "新增逾期" in overdue and "建立问题整改台账" in overdue
    assert "首次核查" in page.inner_text("body")
    _shot(page, site, "changes")
    page.close()


def test_the_ingest_runs_are_one_click_from_every_page(browser: object, site: Site) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site.base + "/search?q=" + "整改台账")
    page.click("header.top >> text=入库记录")
    page.wait_for_url("**/runs")
    rows = page.locator("table.runs tr")
    assert rows.count() >= 2  # the header and at least the fixture's ingest
    assert "完成" in rows.nth(1).inner_text()
    page.goto(site.base + "/")
    assert "最近一次入库" in page.inner_text("p.last-run")
    _shot(page, site, "runs")
    page.close()


def test_from_the_ledger_to_a_unit_and_its_reminder_slip(browser: object, site: Site, tmp_path: Path) -> None:
    """按单位统计 on the ledger opens the units' counts; a unit's name opens its tasks, and its 催办单
    downloads the slip addressed to it alone."""
    page = browser.new_page()  # type: ignore[attr-defined]
    _open(page, site, f"/ledger?as_of={AS_OF}")
    page.click("text=按单位统计")
    page.wait_for_url("**/units?*")
    assert page.locator("table.units tr").count() >= 3  # the header and the notice's units
    _shot(page, site, "units")
    page.locator("table.units a.unit", has_text="市财政局").click()
    page.wait_for_url("**/units/**")
    assert page.inner_text("h1") == "责任单位：市财政局"
    row = page.locator("table.unit-tasks tr", has_text="开展专项资金绩效评价")
    assert "牵头" in row.locator("td.role").inner_text()
    _shot(page, site, "unit")
    with page.expect_download() as caught:
        page.click("a.reminders")
    saved = tmp_path / "unit-slip.docx"
    caught.value.save_as(str(saved))
    heads = [p.text for p in Document(str(saved)).paragraphs if p.text.startswith("致：")]
    assert heads == ["致：市财政局"]
    page.close()
