"""Page weight and time to the first drawn chart, in headless Chromium with a cold cache; and,
to see where a page's first chart waits, a timeline of one load against a running server:

    python -m benchmarks.pages http://127.0.0.1:8050 /map

prints when plotly.js was evaluated, the DOM was ready, each fetch, and each chart's
`Plotly.react` with its points and milliseconds, beside the first chart's time.
"""

from __future__ import annotations

import statistics
import sys
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


def _first_chart(driver: webdriver.Chrome, url: str, *scripts: str) -> float | None:
    """Open `url` with FIRST_CHART (and `scripts`) run before the page's own: milliseconds
    from navigation to the first drawn chart, or None after 20 s."""
    for script in (FIRST_CHART, *scripts):
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": script})
    driver.get(url)
    deadline = time.monotonic() + 20
    drawn = None
    while drawn is None and time.monotonic() < deadline:
        drawn = driver.execute_script("return window.__firstChart || null")
        time.sleep(0.05)
    return drawn


def _load(base: str, path: str) -> tuple[float, float]:
    """One load in a fresh profile (nothing cached): kilobytes and seconds to the first chart."""
    driver = _driver()
    try:
        drawn = _first_chart(driver, base + path)
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


# Runs before any page script: marks the moments a page's first chart waits for.
TIMELINE = """
window.__marks = [];
const mark = (what) => window.__marks.push([Math.round(performance.now()), what]);
document.addEventListener('DOMContentLoaded', () => mark('DOM ready'));
let plotly;
Object.defineProperty(window, 'Plotly', {configurable: true, get: () => plotly, set(p) {
  plotly = p;
  mark('plotly.js evaluated');
  const react = p.react;
  p.react = function (gd) {
    const started = performance.now();
    const name = (gd.parentNode && gd.parentNode.id) || gd.id;
    const drawn = react.apply(this, arguments);
    Promise.resolve(drawn).then(() => {
      const points = (gd._fullData || []).reduce((n, t) => n + (t._length || 0), 0);
      mark(`${name} drawn: ${points} points in ${Math.round(performance.now() - started)} ms`);
    });
    return drawn;
  };
}});
const fetched = window.fetch;
window.fetch = function (url) {
  const name = String(url).split('?')[0].slice(-40);
  mark('fetch ' + name);
  return fetched.apply(this, arguments).then((r) => { mark('answer ' + name); return r; });
};
"""


def timeline(base: str, path: str) -> list[tuple[int, str]]:
    """One load of `path`: (milliseconds since navigation, what happened), in order."""
    driver = _driver()
    try:
        drawn = _first_chart(driver, base + path, TIMELINE)
        time.sleep(1)  # the charts drawn after the first
        marks = [(int(t), str(m)) for t, m in driver.execute_script("return window.__marks")]
        return sorted([*marks, (round(drawn or -1), "first chart drawn (FIRST_CHART)")])
    finally:
        driver.quit()


if __name__ == "__main__":
    for at, what in timeline(sys.argv[1], sys.argv[2]):
        print(f"{at:6d} ms  {what}")
