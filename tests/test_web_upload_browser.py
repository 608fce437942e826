"""Uploading a file through the `/upload` form in real headless Chromium (Debian's
`/usr/bin/chromium`, driven by Playwright, as `test_web_browser`), then following the result's
link to the new document's page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_app import build_index
from tests.test_web_browser import CHROMIUM, FLAGS
from tests.test_web_upload import HARBOUR
from tests.web_server import running

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"
    ),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


@pytest.fixture
def page(tmp_path: Path) -> Iterator[tuple[object, str]]:
    from playwright.sync_api import sync_playwright

    (tmp_path / "site").mkdir()
    indexed = build_index(tmp_path / "site")
    with running(indexed.url) as base, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 900},
            locale="zh-CN",
        )
        try:
            yield context.new_page(), base
        finally:
            context.close()


def test_upload_a_notice_and_open_its_document(page: tuple[object, str], tmp_path: Path) -> None:
    tab, base = page
    notice = tmp_path / "渔港安全排查通知.txt"
    notice.write_text(HARBOUR, encoding="utf-8")
    tab.goto(base + "/")  # type: ignore[attr-defined]
    tab.click("header.top a[href='/upload']")  # type: ignore[attr-defined]
    tab.wait_for_url("**/upload")  # type: ignore[attr-defined]
    tab.set_input_files("input[name=files]", str(notice))  # type: ignore[attr-defined]
    tab.click("form.upload button")  # type: ignore[attr-defined]
    tab.wait_for_selector("tr.upload-indexed", timeout=120_000)  # type: ignore[attr-defined]
    row = tab.inner_text("tr.upload-indexed")  # type: ignore[attr-defined]
    assert "渔港安全排查通知.txt" in row and "已入库" in row and "条举措" in row
    assert tab.locator("a[href^='/runs#run-']").count() == 1  # type: ignore[attr-defined]
    tab.click("tr.upload-indexed a")  # type: ignore[attr-defined]
    tab.wait_for_url("**/documents/**")  # type: ignore[attr-defined]
    assert "渔港安全隐患排查" in tab.inner_text("h1")  # type: ignore[attr-defined]
    assert tab.locator(".doc-text mark").count() >= 1  # type: ignore[attr-defined]
