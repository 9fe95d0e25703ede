"""Every dashboard in a real browser: headless Chromium logs in as the analyst, opens each
dashboard, waits until every chart has rendered, checks that no chart shows an error, measures
the load time and saves a full-page screenshot per dashboard.

Screenshots and the load times (``load_times.json``) go to ``$LLO_SCREENSHOT_DIR`` (default
``artifacts/screenshots/``, git-ignored). Uses the Superset server of the session fixture, so
the server is started once for this and the REST tests.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import yaml

from .conftest import ANALYST

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPO_ROOT = Path(__file__).resolve().parents[2]
ASSETS = REPO_ROOT / "superset_config" / "assets"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WIDTH = 1600
LOAD_BUDGET_SECONDS = 90
SETTLE_SECONDS = 15
# Charts on marts that are empty after the first refresh of a new installation, by design.
MAY_BE_EMPTY = {"Kwaliteitscontroles (laatste run)"}

# Per chart in the grid: still loading, an error alert, something drawn, or an empty state.
CHART_STATE_JS = """
return [...document.querySelectorAll('[data-test="chart-grid-component"]')].map(chart => {
  const title = (chart.querySelector('[data-test="editable-title"]') || {}).innerText || '';
  const loading = !!chart.querySelector('.loading, [data-test="loading-indicator"]');
  const error = !!chart.querySelector('.ant-alert-error, [role="alert"]');
  const drawn = !!chart.querySelector('canvas, svg path, table tbody tr, .header-line');
  const empty = !!chart.querySelector('.ant-empty, [data-test="no-results"]') ||
                /geen resultaten/i.test(chart.innerText);
  return {title: title.trim(), loading, error, drawn, empty,
          text: chart.innerText.slice(0, 300)};
});
"""

CHART_COUNT_JS = "return document.querySelectorAll('[data-test=\"chart-grid-component\"]').length"

# What is drawn: page size, a checksum of every canvas (ECharts) and the size of every chart's
# SVG. Unchanged over two polls means animations and re-layouts after a resize are done.
DRAWING_JS = """
const sum = text => { let h = text.length; for (let i = 0; i < text.length; i += 3)
  h = (h * 31 + text.charCodeAt(i)) | 0; return h; };
const canvases = [...document.querySelectorAll('canvas')].map(canvas => {
  try { return sum(canvas.toDataURL()); } catch (error) { return -1; } });
const svgs = [...document.querySelectorAll('[data-test="chart-grid-component"] svg')]
  .map(svg => svg.innerHTML.length);
return JSON.stringify([document.documentElement.scrollHeight, window.innerWidth,
  window.innerHeight, canvases, svgs]);
"""


def _dashboards() -> list[dict]:
    configs = [
        yaml.safe_load(path.read_text()) for path in sorted((ASSETS / "dashboards").glob("*.yaml"))
    ]
    return sorted(configs, key=lambda config: config["dashboard_title"])


def _chart_count(config: dict) -> int:
    return sum(
        1
        for node in config["position"].values()
        if isinstance(node, dict) and node.get("type") == "CHART"
    )


@pytest.fixture(scope="module")
def browser(superset):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("Debian chromium and chromium-driver are needed (/usr/bin/chromium)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        f"--window-size={WIDTH},1200",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.get(f"{superset['url']}/login/")
        WebDriverWait(driver, 60).until(
            expected_conditions.presence_of_element_located((By.ID, "username"))
        )
        driver.find_element(By.ID, "username").send_keys(ANALYST["username"])
        driver.find_element(By.ID, "password").send_keys(ANALYST["password"])
        driver.find_element(By.CSS_SELECTOR, '[data-test="login-button"]').click()
        WebDriverWait(driver, 60).until(lambda d: "/login" not in d.current_url)
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def screenshot_dir() -> Path:
    directory = Path(os.environ.get("LLO_SCREENSHOT_DIR") or "artifacts/screenshots")
    directory = directory if directory.is_absolute() else REPO_ROOT / directory
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _page_height(driver) -> int:
    return int(
        driver.execute_script(
            "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)"
        )
    )


def _wait(driver, seconds: float, condition, poll: float = 0.25) -> bool:
    """Wait until ``condition(driver)`` is truthy; False when ``seconds`` ran out."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        WebDriverWait(driver, max(seconds, 0.1), poll_frequency=poll).until(condition)
    except TimeoutException:
        return False
    return True


def _wait_for_charts(driver, expected: int, deadline: float) -> list[dict]:
    """Until every chart has finished: drawn, empty or an error (or the deadline passed)."""
    states: list[dict] = []

    def finished(driver) -> bool:
        states[:] = driver.execute_script(CHART_STATE_JS)
        return len(states) == expected and all(
            not state["loading"] and (state["drawn"] or state["empty"] or state["error"])
            for state in states
        )

    _wait(driver, deadline - time.monotonic(), finished)
    return states


def _wait_until_drawing_settles(driver) -> bool:
    """Until what is drawn is the same in two polls half a second apart."""
    last: list[str] = []

    def settled(driver) -> bool:
        drawing = driver.execute_script(DRAWING_JS)
        same = bool(last) and last[-1] == drawing
        last.append(drawing)
        return same

    return _wait(driver, SETTLE_SECONDS, settled, poll=0.5)


def test_every_dashboard_renders_without_chart_errors(browser, superset, screenshot_dir):
    driver = browser
    load_times: dict[str, float] = {}
    problems: list[str] = []
    for config in _dashboards():
        slug = config["slug"]
        expected = _chart_count(config)
        driver.set_window_size(WIDTH, 1200)
        started = time.monotonic()
        driver.get(f"{superset['url']}/superset/dashboard/{slug}/")
        deadline = started + LOAD_BUDGET_SECONDS
        # Charts below the fold render only when visible: grow the window to the whole page.
        _wait(driver, deadline - time.monotonic(), lambda d: d.execute_script(CHART_COUNT_JS))
        driver.set_window_size(WIDTH, _page_height(driver) + 100)
        states = _wait_for_charts(driver, expected, deadline)
        load_times[slug] = round(time.monotonic() - started, 1)
        # Let animations finish, fit the window to the final page, let the charts redraw at
        # that size and take the picture.
        _wait_until_drawing_settles(driver)
        driver.set_window_size(WIDTH, _page_height(driver) + 40)
        _wait_until_drawing_settles(driver)
        driver.save_screenshot(str(screenshot_dir / f"{slug}.png"))

        assert "Filters toepassen" in driver.page_source or not config["metadata"].get(
            "native_filter_configuration"
        ), f"{slug}: the interface is not in Dutch"
        if len(states) != expected:
            problems.append(f"{slug}: {len(states)} of {expected} charts appeared")
        for state in states:
            if state["error"]:
                problems.append(f"{slug}: '{state['title']}' shows an error: {state['text']}")
            elif state["loading"]:
                problems.append(f"{slug}: '{state['title']}' still loading after the budget")
            elif state["empty"] and state["title"] not in MAY_BE_EMPTY:
                problems.append(f"{slug}: '{state['title']}' shows no data")
            elif not (state["drawn"] or state["empty"]):
                problems.append(f"{slug}: '{state['title']}' drew nothing")
    (screenshot_dir / "load_times.json").write_text(
        json.dumps(load_times, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"\nDashboard load times (s): {load_times}")
    assert not problems, "\n".join(problems)
    slow = {slug: seconds for slug, seconds in load_times.items() if seconds > LOAD_BUDGET_SECONDS}
    assert not slow, slow
