"""End-to-end tests in headless Chromium (Debian's, driven by Playwright) against a real ``porekb app``.

Every request the browser makes is recorded; each must go to 127.0.0.1 (or localhost). Screenshots of each
page are saved to ``build/screenshots/<page>.png`` (gitignored); the copies in ``docs/screenshots/`` (linked
from the README) are updated on purpose, after looking at them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, AppServer, require_chromium

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
NO_NETWORK_SCHEMES = {"data", "blob", "about"}
WAIT_MS = 60_000


def outside_requests(urls: list[str]) -> list[str]:
    """The recorded URLs that would leave 127.0.0.1 (``data:``/``blob:``/``about:`` URLs make no request)."""
    bad = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in NO_NETWORK_SCHEMES:
            continue
        if parts.scheme not in ("http", "https", "ws", "wss") or parts.hostname not in LOCAL_HOSTS:
            bad.append(url)
    return bad


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, with background networking off."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


class Recorded:
    """A browser page and every URL it requested (HTTP and WebSocket)."""

    def __init__(self, page: object, urls: list[str]) -> None:
        self.page = page
        self.urls = urls


@pytest.fixture
def recorded(browser: object, app_server: AppServer) -> Iterator[Recorded]:
    """A fresh browser context and page; after the test, no request may have left 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)  # type: ignore[attr-defined]
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    page = context.new_page()
    page.on("websocket", lambda socket: urls.append(socket.url))
    yield Recorded(page, urls)
    context.close()
    assert urls, "the browser made no request at all: the recorder is not working"
    assert outside_requests(urls) == [], "requests left 127.0.0.1"


def goto(recorded: Recorded, server: AppServer, path: str) -> object:
    """Open a page of the app and wait until Streamlit has drawn it."""
    page = recorded.page
    page.goto(f"{server.url}/{path}", wait_until="domcontentloaded")  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=WAIT_MS)  # type: ignore[attr-defined]
    page.wait_for_selector("h1", timeout=WAIT_MS)  # type: ignore[attr-defined]
    return page


def wait_idle(page: object) -> None:
    """Wait until the script run finishes (Streamlit's status widget disappears)."""
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=WAIT_MS)  # type: ignore[attr-defined]


def screenshot(page: object, name: str) -> None:
    """Save ``build/screenshots/<name>.png`` of the whole page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_outside_requests_are_detected() -> None:
    """The filter itself: local and data URLs pass, any other host is reported."""
    urls = [
        "http://127.0.0.1:8501/",
        "ws://localhost:8501/_stcore/stream",
        "data:image/png;base64,xx",
        "https://fonts.googleapis.com/css",
        "http://10.0.0.1/x",
    ]
    assert outside_requests(urls) == ["https://fonts.googleapis.com/css", "http://10.0.0.1/x"]


def test_explore_term_page_draws_neighbourhood(recorded: Recorded, app_server: AppServer) -> None:
    """A term page opened by its address shows the term and its neighbourhood graph as SVG nodes."""
    page = goto(recorded, app_server, "explore?term=pkb:treatment-microneedling")
    page.get_by_role("tab", name="Term").click()  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid='stGraphVizChart'] svg g.node", timeout=WAIT_MS)  # type: ignore[attr-defined]
    wait_idle(page)
    nodes = page.locator("[data-testid='stGraphVizChart'] svg g.node").all_text_contents()  # type: ignore[attr-defined]
    assert any("microneedling" in n for n in nodes)
    assert any("collagen induction" in n for n in nodes)
    screenshot(page, "explore-term")
    page.get_by_role("tab", name="Class hierarchy").click()  # type: ignore[attr-defined]
    page.get_by_text("collagen-inducing treatment").first.wait_for(timeout=WAIT_MS)  # type: ignore[attr-defined]
    screenshot(page, "explore")


def test_sources_page_shows_disagreement(recorded: Recorded, app_server: AppServer) -> None:
    """The Sources page shows the pore-shrinking disagreement with quotes from both sides."""
    page = goto(recorded, app_server, "sources")
    page.get_by_text("Where the sources disagree", exact=True).wait_for(timeout=WAIT_MS)  # type: ignore[attr-defined]
    wait_idle(page)
    text = page.inner_text("[data-testid='stMain']")  # type: ignore[attr-defined]
    assert "Can enlarged pores be made smaller?" in text
    assert "source 001" in text and "source 004" in text
    screenshot(page, "sources")


def test_health_page_shows_report(recorded: Recorded, app_server: AppServer) -> None:
    """The KB health page says the real KB passes, and the report it offers for download is that report: every
    check ran and passed, with the counts the page shows."""
    import json

    page = goto(recorded, app_server, "health")
    page.get_by_text("passes validation").wait_for(timeout=WAIT_MS)  # type: ignore[attr-defined]
    wait_idle(page)
    alerts = page.locator("[data-testid='stAlert']").all_inner_texts()  # type: ignore[attr-defined]
    assert len(alerts) == 1 and alerts[0].startswith("The knowledge base passes validation: 0 errors"), alerts
    with page.expect_download(timeout=WAIT_MS) as info:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Download report (JSON)").click()  # type: ignore[attr-defined]
    report = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert [c["name"] for c in report["checks"]] == ["syntax", "shacl", "qc", "quotes", "owl"]
    assert {
        c["name"]: c["status"] for c in report["checks"] if c["status"] not in ("passed", "warnings")
    } == {}
    warnings = sum(c["warnings"] for c in report["checks"])
    assert f"0 errors, {warnings} warnings" in alerts[0]
    screenshot(page, "health")


def choose(page: object, testid: str, label: str, option: str) -> None:
    """Pick ``option`` in the select box (a combo box) or multiselect labelled ``label``; check it took."""
    from playwright.sync_api import expect

    widget = page.locator(f"[data-testid='{testid}']").filter(has_text=label)  # type: ignore[attr-defined]
    widget.locator("input").click()
    if testid == "stMultiSelect":
        widget.locator("input").fill(option)
    page.get_by_role("option", name=option, exact=True).click()  # type: ignore[attr-defined]
    if testid == "stMultiSelect":  # a multiselect stays open after a pick
        page.keyboard.press("Escape")  # type: ignore[attr-defined]
        widget.get_by_text(option, exact=True).first.wait_for(timeout=WAIT_MS)
    else:
        expect(widget.locator("input")).to_have_value(option, timeout=WAIT_MS)


def fill_form(page: object, age: str, sex: str, skin: str, findings: list[str], **multi: list[str]) -> None:
    """Fill the Consult form's required fields (and any multiselect by its title) and submit it."""
    field = page.locator("[data-testid='stNumberInput']").filter(has_text="Age").locator("input")  # type: ignore[attr-defined]
    field.fill(age)
    choose(page, "stSelectbox", "Sex", sex)
    choose(page, "stSelectbox", "Skin type", skin)
    for finding in findings:
        choose(page, "stMultiSelect", "Findings", finding)
    for title, options in multi.items():
        for option in options:
            choose(page, "stMultiSelect", title.replace("_", " "), option)
    page.get_by_role("button", name="Recommend").click()  # type: ignore[attr-defined]


def wait_for_results(page: object) -> object:
    """The first ranked treatment's heading once drawn (the first consultation of a server may take a while on a
    loaded machine); a refused form fails with the messages shown."""
    first = page.get_by_role("heading", name="1. ", exact=False).first  # type: ignore[attr-defined]
    try:
        first.wait_for(timeout=2 * WAIT_MS)
    except Exception:
        shown = page.locator("[data-testid='stAlertContentError']").all_inner_texts()  # type: ignore[attr-defined]
        raise AssertionError(f"no recommendation was drawn; messages shown: {shown}") from None
    return first


def test_consult_profile_to_explanation_graph(recorded: Recorded, app_server: AppServer) -> None:
    """Fill a profile, get ranked recommendations with summaries and cautions, open a WHY explanation and find
    the summary graph's nodes (the treatment, a cause, a mechanism; no rule boxes) in its SVG, then the full
    justification; draw the consultation's summary graph. Icons are Material Symbols, not emoji."""
    page = goto(recorded, app_server, "")  # Consult is the default page, at the root
    disclaimer = page.get_by_test_id("stAlertContentWarning").filter(has_text="not a prescription")  # type: ignore[attr-defined]
    disclaimer.wait_for(timeout=WAIT_MS)
    fill_form(
        page,
        "34",
        "female",
        "oily skin type",
        ["enlarged pores", "oily skin"],
        Wants_to_avoid=["avoids needles"],
    )
    first = wait_for_results(page)
    wait_idle(page)
    title = first.inner_text().strip()
    treatment = title.split(". ", 1)[1]
    assert page.get_by_text("Cautions for this patient").count() >= 1  # type: ignore[attr-defined]
    assert page.get_by_text("Causes addressed:").count() >= 1  # type: ignore[attr-defined]
    main = page.inner_text("[data-testid='stMain']")  # type: ignore[attr-defined]
    assert "Strongest source:" in main
    assert not any(ch in main for ch in "⛔⚠⚕⚖")  # no emoji that needs an emoji font
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelectorAll('[data-testid=stIconMaterial]').length >= 2", timeout=WAIT_MS
    )  # the disclaimer's and the cautions' icons are Material Symbols
    # the explanation toggles are drawn by fragments: wait for them before the screenshot
    page.get_by_text("why is it likely?").first.wait_for(timeout=WAIT_MS)  # type: ignore[attr-defined]
    page.locator(".st-key-rec-1").get_by_text(f"Why is {treatment} recommended?").wait_for(timeout=WAIT_MS)  # type: ignore[attr-defined]
    wait_idle(page)
    page.locator(".st-key-rec-1").scroll_into_view_if_needed()  # type: ignore[attr-defined]
    screenshot(page, "consult")  # the first ranked treatments with their summaries and cautions
    # The whole consultation as one picture, on request
    page.get_by_text("Draw this consultation as a graph").click()  # type: ignore[attr-defined]
    graph = page.locator("[data-testid='stGraphVizChart'] svg g.node")  # type: ignore[attr-defined]
    graph.first.wait_for(timeout=WAIT_MS)
    wait_idle(page)
    labels = graph.all_text_contents()
    assert any(treatment.split()[0] in n for n in labels) and not any("[" in n for n in labels)
    chart = page.locator("[data-testid='stGraphVizChart']").first  # type: ignore[attr-defined]
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box is not None and box["width"] <= 1280
    chart.screenshot(path=str(SCREENSHOTS / "consult-graph.png"))
    page.get_by_text("Draw this consultation as a graph").click()  # type: ignore[attr-defined]
    wait_idle(page)
    # Explanations are drawn on request: switch on the first card's WHY toggle, then its graph toggle.
    card = page.locator(".st-key-rec-1")  # type: ignore[attr-defined]
    assert card.get_by_text("Cautions for this patient", exact=True).count() == 1  # cautions in the card
    card.get_by_text(f"Why is {treatment} recommended?").click()
    card.get_by_text("Draw the explanation as a graph").click()
    nodes_selector = ".st-key-rec-1 [data-testid='stGraphVizChart'] svg g.node"
    page.wait_for_selector(nodes_selector, timeout=WAIT_MS)  # type: ignore[attr-defined]
    wait_idle(page)
    nodes = page.locator(nodes_selector).all_text_contents()  # type: ignore[attr-defined]
    assert any(treatment in n for n in nodes)
    assert not any("[kb-fact]" in n for n in nodes)  # the summary: one node per term
    assert card.get_by_text("recommended: it is a candidate").count() >= 1  # the WHY tree is drawn
    card.scroll_into_view_if_needed()
    screenshot(page, "consult-explanation")
    card.get_by_text("Show the full justification").click()
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => [...document.querySelectorAll('.st-key-rec-1 [data-testid=stGraphVizChart] svg g.node')]"
        ".some(n => n.textContent.includes('[kb-fact]'))",
        timeout=WAIT_MS,
    )


def test_consult_required_fields_in_words(recorded: Recorded, app_server: AppServer) -> None:
    """The required fields are marked; an empty submission says what is missing in a clinician's words."""
    page = goto(recorded, app_server, "")
    page.get_by_role("button", name="Recommend").wait_for(timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert page.get_by_text("Fields marked * are required").count() == 1  # type: ignore[attr-defined]
    page.get_by_role("button", name="Recommend").click()  # type: ignore[attr-defined]
    page.get_by_text("Age is required: enter the patient's age in whole years.").wait_for(timeout=WAIT_MS)  # type: ignore[attr-defined]
    wait_idle(page)
    errors = page.locator("[data-testid='stAlertContentError']").all_inner_texts()  # type: ignore[attr-defined]
    assert any("Skin type is required: choose the patient's skin type." in e for e in errors), errors
    assert any("Findings: choose at least one finding" in e for e in errors), errors
    assert not any("skin_type" in e or "findings:" in e for e in errors)
    screenshot(page, "consult-required")


def test_consult_disputed_and_consult_note_download(recorded: Recorded, app_server: AppServer) -> None:
    """Family history only: the cards say the recommendation is disputed, with the other side's sources; the
    consult note downloads as standalone HTML holding every recommendation, and as Markdown."""
    page = goto(recorded, app_server, "")
    page.get_by_role("button", name="Recommend").wait_for(timeout=WAIT_MS)  # type: ignore[attr-defined]
    fill_form(
        page,
        "25",
        "female",
        "normal skin type",
        ["enlarged pores"],
        History=["family history of large pores"],
    )
    wait_for_results(page)
    wait_idle(page)
    disputed = page.locator(".st-key-disputed-1")  # type: ignore[attr-defined]
    disputed.wait_for(timeout=WAIT_MS)
    text = disputed.inner_text()
    assert "Disputed: can enlarged pores be made smaller?" in text and "no" in text
    assert "Can Laser Skin Rejuvenation Reduce Pore Size?" in text  # a source of the other side, by title
    headings = [
        h.split(". ", 1)[1]
        for h in page.get_by_role("heading", name=". ", exact=False).all_inner_texts()  # type: ignore[attr-defined]
        if h[:1].isdigit()
    ]
    assert headings
    page.locator(".st-key-rec-1").scroll_into_view_if_needed()  # type: ignore[attr-defined]
    screenshot(page, "consult-disputed")
    with page.expect_download(timeout=WAIT_MS) as info:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Download consult note (HTML)").click()  # type: ignore[attr-defined]
    note = info.value
    assert note.suggested_filename == "porekb-consult-note.html"
    html = Path(note.path()).read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and " src=" not in html
    assert all(label in html for label in headings)
    assert "can enlarged pores be made smaller?" in html
    with page.expect_download(timeout=WAIT_MS) as info:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Download consult note (Markdown)").click()  # type: ignore[attr-defined]
    markdown = Path(info.value.path()).read_text(encoding="utf-8")
    assert markdown.startswith("# Treatment options") and "**Disputed:**" in markdown


def test_sparql_named_question_rows(recorded: Recorded, app_server: AppServer) -> None:
    """Run a named question and see its rows in the result table."""
    page = goto(recorded, app_server, "sparql")
    choose(
        page,
        "stSelectbox",
        "Named question",
        "Treatments that address a cause, and through which mechanism (treatments-for-cause)",
    )
    page.locator("[data-testid='stTextInput']").filter(has_text="cause").locator("input").fill(  # type: ignore[attr-defined]
        "pkb:cause-excess-sebum"
    )
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Run", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_text(" rows").first.wait_for(timeout=WAIT_MS)  # type: ignore[attr-defined]
    wait_idle(page)
    table = page.locator("[data-testid='stTable'] table")  # type: ignore[attr-defined]
    table.wait_for(timeout=WAIT_MS)
    cells = [c.strip() for c in table.locator("td").all_text_contents()]
    assert "pkb:cause-excess-sebum" in cells
    assert any(c.startswith("pkb:treatment-") for c in cells)
    screenshot(page, "sparql")
