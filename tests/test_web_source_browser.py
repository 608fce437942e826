"""The original file in real headless Chromium (as `test_web_browser`): from a search hit to the
document page, then its 下载原件 link, which downloads the Word file under its Chinese name with
the bytes that were ingested; and 打开原件 on a PDF, which Chromium's own PDF viewer shows under
the site's strict Content-Security-Policy (no policy violation, the page drawn on white paper)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.pipeline.cli import app as cli
from tests.pdf_factory import text_pdf
from tests.test_archives import docx_of
from tests.test_web_browser import CHROMIUM, FLAGS
from tests.web_server import running

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"
    ),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]
TITLE = "关于推进老旧小区加装电梯的通知"
NAME = "加装电梯通知.docx"
PDF_TITLE = "关于开展城区排水管网清淤的通知"
PDF_NAME = "排水管网清淤通知.pdf"
PDF_LINES = [PDF_TITLE, "县住房城乡建设局要于2026年8月底前完成城区主干排水管网清淤。"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("originals")
    folder = root / "docs"
    folder.mkdir()
    original = folder / NAME
    original.write_bytes(docx_of(TITLE, "县住房城乡建设局要于2026年9月底前完成十处老旧小区加装电梯。"))
    url = f"sqlite:///{root / 'index.db'}"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--index", url, "-q"])
    assert result.exit_code == 0, result.output
    with running(url) as base:
        yield base, original


def test_the_original_is_one_click_from_the_document_page(
    site: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    from playwright.sync_api import sync_playwright

    base, original = site
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            accept_downloads=True,
            locale="zh-CN",
        )
        try:
            page = context.new_page()
            page.goto(base + "/search?q=" + "加装电梯")
            hit = page.locator("ol.hits li", has_text="加装电梯").first
            assert hit.locator("a.original", has_text="原件").count() == 1
            hit.locator("a", has_text=TITLE).first.click()
            page.wait_for_url("**/documents/**")
            link = page.locator("dd.originals a.original")
            assert link.count() == 1
            assert link.inner_text() == "下载原件"
            with page.expect_download() as caught:
                link.click()
            download = caught.value
            assert download.suggested_filename == NAME
            assert Path(download.path()).read_bytes() == original.read_bytes()
        finally:
            context.close()


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("pdf-originals")
    folder = root / "docs"
    folder.mkdir()
    text_pdf(folder / PDF_NAME, [PDF_LINES])
    url = f"sqlite:///{root / 'index.db'}"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--index", url, "-q"])
    assert result.exit_code == 0, result.output
    with running(url) as base:
        yield base


def test_a_pdf_opens_in_the_browsers_viewer_under_the_sites_policy(
    pdf_site: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The strict policy (`default-src 'none'`, no scripts) does not stop Chromium's PDF viewer:
    打开原件 shows the page, drawn (white paper with dark text where the viewer's grey would be
    if it were blocked), and the console reports no policy violation."""
    from PIL import Image
    from playwright.sync_api import Error, sync_playwright

    shots = tmp_path_factory.mktemp("pdf-shots")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            locale="zh-CN",
            viewport={"width": 1000, "height": 800},
        )
        try:
            page = context.new_page()
            console: list[str] = []
            page.on("console", lambda m: console.append(m.text))
            page.goto(pdf_site + "/search?q=" + "排水管网")
            page.locator("ol.hits li a", has_text=PDF_TITLE).first.click()
            page.wait_for_url("**/documents/**")
            link = page.locator("dd.originals a.original")
            assert link.inner_text() == "打开原件"
            try:
                with page.expect_navigation():
                    link.click()
            except Error as exc:  # a headless shell without the viewer downloads the PDF instead
                if "download" in str(exc).lower():
                    pytest.skip("this chromium has no PDF viewer in headless mode (it downloads PDFs)")
                raise
            page.wait_for_timeout(4000)  # the viewer draws the page after the load event
            viewer = [f.url for f in page.frames if f.url.startswith("chrome-extension://")]
            if not viewer:
                pytest.skip("this chromium's headless mode opened the PDF without its viewer")
            shot = shots / "pdf.png"
            page.screenshot(path=str(shot))
        finally:
            context.close()
    assert not [m for m in console if "Content Security Policy" in m], console
    grey = Image.open(shot).convert("L").crop((400, 120, 900, 600))  # the middle of the first page
    histogram = grey.histogram()
    white = sum(histogram[230:]) / sum(histogram)
    ink = sum(histogram[:120]) / sum(histogram)
    assert white > 0.5, f"the page is not drawn (only {white:.0%} white): see {shot}"
    assert ink > 0.001, f"no text on the page: see {shot}"
