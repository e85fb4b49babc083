"""Issue 12, item 5: the endpoint's query page in headless Chromium: it runs a query and draws the table, and the
browser requests nothing outside 127.0.0.1 (the old Oxigraph page asked an outside host for prefixes)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kb.sparql.front import SparqlFront

pytestmark = [pytest.mark.browser, pytest.mark.server]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def test_query_page_runs_a_query_offline(porekb_server: SparqlFront) -> None:
    if not CHROMIUM.is_file():
        message = f"{CHROMIUM} is missing (apt-get install -y chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    urls: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page()
            page.on("request", lambda request: urls.append(request.url))
            page.goto(porekb_server.base_url + "/", wait_until="load")
            page.click("button[type=submit]")
            page.wait_for_selector("table td", timeout=30_000)
            cells = page.locator("table td").all_inner_texts()
        finally:
            browser.close()
    assert any("microneedling" in c for c in cells), cells[:10]
    assert urls and all(urlsplit(u).hostname in ("127.0.0.1", "localhost") for u in urls), urls
