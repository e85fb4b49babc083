"""Benchmark of the web app: form submission -> rendered recommendations (warm); cold start -> first render.

    .venv/bin/python benchmarks/bench_app.py [--repeat N] [--no-browser]

- ``apptest``: Streamlit's AppTest runs the real Consult page in-process; the time is the submit click's rerun
  (recommend + explanations + every graph's DOT), after one warm-up submission.
- ``browser``: headless Chromium (Debian's) on a real ``porekb app``; the time runs from the click on
  "Recommend" until the first ranked treatment and its cautions are drawn, after one warm-up submission.
- ``cold start``: from spawning ``porekb app`` until its health check answers, and until the Consult form is
  drawn in the browser (the reasoner's classification comes from its content-hash cache when present).

Goal: warm submission under 300 ms. Prints a Markdown table; nothing is asserted (benchmarks are not tests).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.app.conftest import APP, CHROMIUM, CHROMIUM_ARGS, start_app  # noqa: E402

PROFILE = {
    "age": 34,
    "sex": "female",
    "pregnant": "false",
    "skin_type": "oily",
    "findings": ["enlarged-pores", "oily-skin"],
    "avoid": ["needles"],
}


def _summary(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000, ordered[-1] * 1000


def bench_apptest(repeat: int) -> list[float]:
    """Warm submissions of the Consult form through AppTest (seconds each)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    for key, value in PROFILE.items():
        if isinstance(value, list):
            for code in value:
                at.multiselect(key=key).select(code)
        elif key == "age":
            at.number_input(key=key).set_value(value)
        else:
            at.selectbox(key=key).select(value)
    at.button[0].click().run()  # warm-up: first recommend() call and first graphs
    assert at.subheader and at.subheader[0].value.startswith("1. "), "no recommendation was rendered"
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        at.button[0].click().run()
        samples.append(time.perf_counter() - started)
        assert not at.exception
    return samples


def bench_browser(repeat: int) -> tuple[list[float], float, float]:
    """Warm submissions in Chromium, plus the cold start (health, first render) of a fresh server."""
    from playwright.sync_api import expect, sync_playwright

    spawned = time.perf_counter()
    server = start_app()
    healthy = time.perf_counter() - spawned
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(server.url + "/")
            page.get_by_role("button", name="Recommend").wait_for(timeout=120_000)
            first_render = time.perf_counter() - spawned
            page.locator("[data-testid='stNumberInput']").filter(has_text="Age").locator("input").fill("34")
            for label, option in (("Sex", "female"), ("Skin type", "oily skin type")):
                box = page.locator("[data-testid='stSelectbox']").filter(has_text=label)
                box.locator("input").click()
                page.get_by_role("option", name=option, exact=True).click()
                expect(box.locator("input")).to_have_value(option)
            for option in ("enlarged pores", "oily skin"):
                multi = page.locator("[data-testid='stMultiSelect']").filter(has_text="Findings")
                multi.locator("input").click()
                multi.locator("input").fill(option)
                page.get_by_role("option", name=option, exact=True).click()
                page.keyboard.press("Escape")
            samples = []
            for i in range(repeat + 1):
                page.get_by_role("button", name="Recommend").click()
                started = time.perf_counter()
                # Each submission is numbered on the page: wait for this one's results to be drawn.
                page.get_by_text(f"Consultation {i + 1} of this session", exact=True).wait_for(
                    timeout=120_000
                )
                page.get_by_role("heading", name="1. ").first.wait_for(timeout=120_000)
                if i:  # the first submission is the warm-up
                    samples.append(time.perf_counter() - started)
            browser.close()
    finally:
        server.stop()
    return samples, healthy, first_render


def main() -> int:
    """Run the benchmarks and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="warm submissions per method (default 20)")
    parser.add_argument("--no-browser", action="store_true", help="only the in-process AppTest measurement")
    args = parser.parse_args()
    rows = []
    median, p95, worst = _summary(bench_apptest(args.repeat))
    rows.append(("form submission -> recommendations, warm (AppTest)", median, p95, worst, args.repeat))
    if not args.no_browser and CHROMIUM.is_file():
        samples, healthy, first = bench_browser(min(args.repeat, 10))
        median, p95, worst = _summary(samples)
        rows.append(("form submission -> recommendations, warm (Chromium)", median, p95, worst, len(samples)))
        rows.append(
            ("cold start: spawn -> health check answers", healthy * 1000, healthy * 1000, healthy * 1000, 1)
        )
        rows.append(
            (
                "cold start: spawn -> Consult form drawn (Chromium)",
                first * 1000,
                first * 1000,
                first * 1000,
                1,
            )
        )
    print("| measurement | median ms | p95 ms | max ms | n |")
    print("|---|---:|---:|---:|---:|")
    for name, med, p, mx, n in rows:
        print(f"| {name} | {med:.0f} | {p:.0f} | {mx:.0f} | {n} |")
    print("\nGoal: warm form submission under 300 ms.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
