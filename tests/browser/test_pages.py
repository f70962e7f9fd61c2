"""Every page loads with data, draws its chart, asks nothing of other hosts, and is accessible."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from dash.testing.composite import DashComposite

from components.ids import Interventions, Map, Overview, Trends
from tests.browser.conftest import axe_violations, foreign_requests, traces

PAGES = [
    ("/", Overview.GRAPH, "Urban violence across the network"),
    ("/trends", Trends.GRAPH, "Violence trends"),
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
