"""Every page loads with data, draws its chart, asks nothing of other hosts, and is accessible."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import pytest
from dash.testing.composite import DashComposite
from dash.testing.wait import until
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import WebDriverWait

from components.ids import Interventions, Map, Overview, Ranking, Trends
from tests.browser.conftest import DRAW_WAIT, axe_violations, foreign_requests, traces

PAGES = [
    ("/", Overview.GRAPH, "Urban violence across the network"),
    ("/trends", Trends.GRAPH, "Violence trends"),
    ("/ranking", Ranking.GRAPH, "Ranking"),
    ("/interventions", Interventions.GRAPH, "Interventions"),
    ("/map", Map.GRAPH, "Network membership"),
]


@pytest.mark.parametrize(("path", "graph", "heading"), PAGES)
def test_page_loads_with_data_offline_and_accessible(
    start: Callable[[str], DashComposite], path: str, graph: str, heading: str
) -> None:
    duo = start(path)
    duo.wait_for_text_to_equal("main h1", heading)
    assert traces(duo, graph)
    assert duo.driver.execute_script("return document.documentElement.lang") == "en"
    assert len(duo.find_elements("main")) == 1
    assert foreign_requests(duo) == []
    assert duo.get_logs() == []
    assert axe_violations(duo) == []


def test_map_draws_countries_from_the_local_topojson(start: Callable[[str], DashComposite]) -> None:
    duo = start("/map")
    traces(duo, Map.GRAPH)
    duo.wait_for_element("#" + Map.GRAPH + " .countries path")
    loaded = duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.includes('topojson'));"
    )
    assert loaded and all("/assets/vendor/topojson/" in u for u in loaded)
    assert foreign_requests(duo) == []


def test_demo_notice_shows_only_while_demo_values_are_on_screen(
    start: Callable[[str], DashComposite],
) -> None:
    duo = start("/trends?cities=alpha")
    traces(duo, Trends.GRAPH)
    assert duo.find_element("#" + Trends.NOTICE).text == ""
    duo.driver.get(duo.server_url + "/trends?cities=alpha,gamma")
    duo.wait_for_contains_text("#" + Trends.NOTICE, "Demo data: simulated values")


def test_the_layout_is_asked_for_once_while_the_scripts_load(
    start: Callable[[str], DashComposite],
) -> None:
    """assets/head/early.js asks before the scripts have run; the renderer gets that answer."""
    duo = start("/interventions?themes=youth-violence")
    assert [t["n"] for t in traces(duo, Interventions.GRAPH)] == [1]  # the page the URL names
    timing = duo.driver.execute_script(
        "const nav = performance.getEntriesByType('navigation')[0];"
        "const asked = (path) => performance.getEntriesByType('resource')"
        "  .filter(e => new URL(e.name).pathname === path).map(e => e.startTime);"
        "return {loaded: nav.domContentLoadedEventStart, layout: asked('/_dash-layout'),"
        "  callbacks: asked('/_dash-dependencies')};"
    )
    assert len(timing["layout"]) == 1 and len(timing["callbacks"]) == 1
    assert timing["layout"][0] < timing["loaded"]
    assert duo.get_logs() == []


# Where each chart's title, mode bar, legend and annotations sit, relative to the chart.
CHART_PARTS = """
const part = (g, el) => {
  const box = g.getBoundingClientRect(), b = el.getBoundingClientRect();
  return {l: b.left - box.left, r: b.right - box.left, t: b.top - box.top, b: b.bottom - box.top};
};
return [...document.querySelectorAll('.js-plotly-plot')].filter(g => g._fullLayout).map(g => ({
  id: g.parentNode.id, width: g.getBoundingClientRect().width,
  title: [...g.querySelectorAll('.gtitle')].map(e => part(g, e)),
  modebar: [...g.querySelectorAll('.modebar')].map(e => part(g, e)),
  legend: [...g.querySelectorAll('.legend .bg')].map(e => part(g, e)),
  annotations: [...g.querySelectorAll('.annotation')].map(e => part(g, e)),
}));
"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1
    )


@pytest.mark.parametrize(
    ("path", "charts"),
    [("/map", [Map.GRAPH, Map.CHART, Map.BY_REGION, Map.OVERLAP]), ("/trends", [Trends.GRAPH])],
)
def test_charts_fit_a_phone(
    start: Callable[[str], DashComposite], path: str, charts: list[str]
) -> None:
    """At 320 px (assets/narrow.js) titles and source lines wrap inside the chart, the title sits
    below the mode bar, and a legend above the plot stays clear of the title."""
    duo = start(path)
    duo.driver.set_window_size(320, 900)
    duo.driver.refresh()
    for chart in charts:
        duo.wait_for_element_by_id(chart)  # after the refresh, the page is drawn again
        duo.driver.execute_script("document.getElementById(arguments[0]).scrollIntoView()", chart)
        traces(duo, chart)

    def problems() -> list[object]:
        found = {p["id"]: p for p in duo.driver.execute_script(CHART_PARTS)}
        wrong: list[object] = []
        for chart in charts:
            parts = found[chart]
            if parts["width"] > 320 or not parts["title"]:
                wrong.append((chart, "width or title", parts))
            for box in parts["title"] + parts["annotations"]:
                if box["l"] < -1 or box["r"] > parts["width"] + 1:
                    wrong.append((chart, "outside", box))
            for title in parts["title"]:
                for other in parts["modebar"] + parts["legend"]:
                    if _overlap(title, other):
                        wrong.append((chart, "overlap", title, other))
        return wrong

    # a chart may be drawn twice: once as built for the width, once more when plotly.js has
    # measured its legend and labels
    with contextlib.suppress(TimeoutException):
        WebDriverWait(duo.driver, DRAW_WAIT).until(lambda _d: not problems())
    assert problems() == []
    assert duo.get_logs() == []


def test_a_choice_from_the_folded_menu_folds_it_again(
    start: Callable[[str], DashComposite],
) -> None:
    """On a phone the menu unfolds over the page; once a page is chosen from it, it folds away
    instead of covering the new page's heading."""
    duo = start("/")
    duo.driver.set_window_size(420, 900)
    toggle = duo.find_element(".navbar-toggler")
    until(toggle.is_displayed, timeout=10)
    toggle.click()
    duo.wait_for_element(".navbar-collapse.show a[href='/trends']").click()
    duo.wait_for_text_to_equal("main h1", "Violence trends")
    until(lambda: not duo.driver.find_elements("css selector", ".navbar-collapse.show"), 10)
    assert duo.get_logs() == []
