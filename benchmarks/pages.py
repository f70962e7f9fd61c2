"""Page weight and time to the first drawn chart, in headless Chromium with a cold cache."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from selenium import webdriver
from selenium.webdriver.chrome.options import Options

# Runs before any page script: note when the first plotly chart has drawn its traces.
FIRST_CHART = """
(function watch() {
  // Any chart on the page: the first in the document may sit in a hidden tab.
  const drawn = Array.from(document.querySelectorAll('.js-plotly-plot')).some(
    (g) => g._fullData && g._fullData.length && g.querySelector('.main-svg'));
  if (drawn) {
    window.__firstChart = performance.now();
  } else {
    requestAnimationFrame(watch);
  }
})();
"""


LOADS = 3  # of each page: one load on a 2-core machine varies by a third with what else it does


@dataclass(frozen=True)
class Page:
    path: str
    kilobytes: float
    first_chart: float  # the median of the loads
    fastest: float
    slowest: float


def pages(processed: Path) -> list[str]:
    cities = pd.read_parquet(processed / "current" / "cities.parquet", columns=["city_id"])
    city = cities["city_id"].iloc[0]
    views = ["/", "/trends", "/interventions", "/map", f"/city/{city}"]
    return [*views, "/embed/trends", "/embed/map", f"/embed/city?city={city}"]


def _driver() -> webdriver.Chrome:
    options = Options()
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(options=options)


def _load(base: str, path: str) -> tuple[float, float]:
    """One load in a fresh profile (nothing cached): kilobytes and seconds to the first chart."""
    driver = _driver()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FIRST_CHART})
        driver.get(base + path)
        deadline = time.monotonic() + 20
        drawn = None
        while drawn is None and time.monotonic() < deadline:
            drawn = driver.execute_script("return window.__firstChart || null")
            time.sleep(0.05)
        time.sleep(0.5)  # let late requests (fonts, topojson) finish
        size = driver.execute_script(
            "const nav = performance.getEntriesByType('navigation')[0];"
            "return performance.getEntriesByType('resource')"
            ".reduce((s, e) => s + e.transferSize, nav.transferSize);"
        )
        return size / 1024, (drawn or float("inf")) / 1000
    finally:
        driver.quit()


def measure_pages(base: str, processed: Path, loads: int = LOADS) -> list[Page]:
    """Each page `loads` times, round after round; the median is the page's number."""
    paths = pages(processed)
    rounds = [[_load(base, path) for path in paths] for _ in range(loads)]
    measured = []
    for i, path in enumerate(paths):
        sizes, times = zip(*(r[i] for r in rounds))
        measured.append(
            Page(path, statistics.median(sizes), statistics.median(times), min(times), max(times))
        )
    return measured
