"""The original file in real headless Chromium (as `test_web_browser`): from a search hit to the
document page, then its 下载原件 link, which downloads the Word file under its Chinese name with
the bytes that were ingested."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.pipeline.cli import app as cli
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
