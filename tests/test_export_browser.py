"""The HTML report in a real headless Chromium: it renders, every chart is visible, and the
page asks the network for nothing.

The browser is the system's Chromium (Debian's ``chromium`` package), driven by
Python playwright (the project's test extra) pointed at it, so no browser is
downloaded. When no Chromium is installed the test installs Debian's with
apt-get (as root); it is skipped, saying why, only where that cannot be done.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, invoke

ENV = {"STRIDELIFT_DISABLE_ENTRY_POINTS": "1", "NO_COLOR": "1"}
#: The report command's sections and the charts each must show for the shipped log
#: (at least): e1RM per main lift, sets/reps/tonnage, session load, adherence (two),
#: wellness (two), a chart per exercise logged per side, running distance, time and
#: recovery (its pace, heart rate, RPE and cadence need heart rates and cadences the
#: log does not have: those are the report's reasons instead).
REPORT_CHARTS = {
    "strength": 4,
    "volume": 3,
    "session-load": 1,
    "adherence": 2,
    "wellness": 2,
    "symmetry": 5,
    "running": 3,
}
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _installed() -> str | None:
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def _install() -> str:
    """Debian's chromium, installed with apt-get; what went wrong when it cannot be."""
    if shutil.which("apt-get") is None:
        return "no Chromium is installed and there is no apt-get to install it with"
    if os.geteuid() != 0:
        return "no Chromium is installed, and installing one with apt-get needs root"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "install", "-y", "--no-install-recommends", "chromium"],
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "--no-install-recommends", "chromium"],
    ):
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"`{' '.join(command)}` failed: {error}"
        if done.returncode == 0 and command[1] == "install":
            return ""
    tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
    return f"no Chromium is installed and apt-get could not install it: {tail[0]}"


@pytest.fixture(scope="module")
def browser_path() -> str:
    found = _installed()
    if found is None:
        problem = _install()
        found = _installed()
        if found is None and not problem:
            pytest.fail("apt-get installed chromium, but no browser of BROWSERS is on PATH")
        if found is None:
            # Only a machine that cannot get a browser at all (no apt-get, not root, or
            # no package index): the reason says which.
            pytest.skip(problem)
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        result = invoke(
            "export", "programs/minimal-equipment.stride", "--log",
            "programs/logs/minimal-equipment.jsonl", "--format", "html", "--weeks", "9-12",
            "-o", str(out), env=ENV,
        )  # fmt: skip
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.stderr
    return out


def test_the_report_renders_with_every_chart_visible_and_no_request(
    browser_path: str, report: Path
) -> None:
    playwright = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")
    charts_in_file = report.read_text(encoding="utf-8").count("<svg")
    assert charts_in_file >= 10 + sum(REPORT_CHARTS.values())
    requests: list[str] = []
    problems: list[str] = []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=browser_path, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(report.as_uri(), wait_until="load")
            assert page.title().startswith("Runner strength: minimal equipment")
            assert page.locator("h1").inner_text() == "Runner strength: minimal equipment"
            assert page.locator("#plan table").count() >= 8  # a table per session and week
            charts = page.locator("figure.chart svg")
            assert charts.count() == charts_in_file
            for index in range(charts.count()):
                chart = charts.nth(index)
                chart.scroll_into_view_if_needed()
                assert chart.is_visible(), f"chart {index} is not visible"
                box = chart.bounding_box()
                assert box is not None and box["width"] > 100 and box["height"] > 50, box
                # Drawn, not an empty frame: the chart's lines and labels are there.
                assert chart.locator("path").count() > 5
                assert chart.locator("text").count() > 3
            for section, least in REPORT_CHARTS.items():
                drawn = page.locator(f"section#{section} figure.chart svg").count()
                assert drawn >= least, f"{section}: {drawn} charts"
            # Too little data: the report's reason, shown where the chart would be.
            # (The shipped log's runs carry heart rates now: its notes, if any, are
            # the strength or symmetry figures the log holds too little of.)
            notes = page.locator("p.missing")
            assert notes.count() == report.read_text(encoding="utf-8").count("class='note missing'")
            for index in range(notes.count()):
                note = notes.nth(index)
                note.scroll_into_view_if_needed()
                assert note.is_visible() and "not enough data" in note.inner_text()
            # Each chart's values open as a table, and the page's own ids are unique.
            values = page.locator("#strength details.values").first
            values.locator("summary").click()
            assert values.locator("table").is_visible()
            ids = page.evaluate(
                "[...document.querySelectorAll('[id]')]"
                ".filter(e => !e.closest('svg')).map(e => e.id)"
            )
            assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
            assert page.locator("#block table tr").count() >= 8
        finally:
            browser.close()
    assert requests == [report.as_uri()], f"the page asked for more than itself: {requests}"
    assert problems == []
