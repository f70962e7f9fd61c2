"""Trends and the city page in a browser: the glide path, intervention spans that open the
intervention, the city page's URL round trip, chart exports and the CSV behind the chart."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pandas as pd
from dash.testing.composite import DashComposite
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from components.ids import City, Trends
from tests.browser.conftest import axe_violations, foreign_requests, query_of, traces

FULL = (
    "const g = document.querySelector(arguments[0] + ' .js-plotly-plot');"
    "return g && g._fullData ? g._fullData.map(t => ({series: t.meta && t.meta.series,"
    " name: t.name, x: Array.from(t.x || []), y: Array.from(t.y || [])})) : [];"
)


def _until(duo: DashComposite, check: Callable[[], Any], message: str) -> None:
    WebDriverWait(duo.driver, 10).until(lambda _d: check(), message=message)


def _full(duo: DashComposite, graph_id: str) -> list[dict[str, Any]]:
    return duo.driver.execute_script(FULL, f"#{graph_id}")


def _series(duo: DashComposite, graph_id: str, series: str) -> list[dict[str, Any]]:
    return [t for t in _full(duo, graph_id) if t["series"] == series]


def test_glide_path_runs_from_baseline_to_half_in_2030(
    start: Callable[[str], DashComposite],
) -> None:
    duo = start("/trends?cities=alpha&national=false")
    _until(duo, lambda: _series(duo, Trends.GRAPH, "glide-path"), "glide path drawn")
    (glide,) = _series(duo, Trends.GRAPH, "glide-path")
    # alpha's baseline is 2019 alone (2018 is a gap): 10.0, halved to 5.0 by 2030
    assert (glide["x"][0], glide["y"][0]) == (2019, 10.0)
    assert (glide["x"][-1], glide["y"][-1]) == (2030, 5.0)
    duo.wait_for_contains_text(f"#{Trends.PROGRESS}", "Too close to call (latest: 2023)")

    duo.find_element(f"#{Trends.GOAL}").click()  # the switch turns the glide path off
    _until(duo, lambda: not _series(duo, Trends.GRAPH, "glide-path"), "glide path gone")
    assert "goal=0" in query_of(duo)


def test_clicking_an_intervention_span_opens_it(start: Callable[[str], DashComposite]) -> None:
    duo = start("/trends?cities=alpha&national=false&goal=false")
    _until(duo, lambda: _series(duo, Trends.GRAPH, "interventions"), "span drawn")
    (span,) = _series(duo, Trends.GRAPH, "interventions")
    assert span["name"] == "Álpha"
    (key,) = _series(duo, Trends.GRAPH, "interventions-key")
    assert key["name"] == "Interventions (band below)"
    bar = duo.find_element(f"#{Trends.GRAPH} .barlayer .point path")
    # in the middle of the span, away from the city's line (hover first, as a mouse does)
    ActionChains(duo.driver).move_to_element(bar).perform()
    duo.wait_for_contains_text(".hoverlayer", "Youth employment for peace")
    ActionChains(duo.driver).move_to_element(bar).click().perform()
    _until(duo, lambda: "/interventions" in duo.driver.current_url, "navigated")
    assert query_of(duo) == "intervention=alpha-youth"


def test_trends_csv_download_matches_the_chart(start: Callable[[str], DashComposite]) -> None:
    duo = start("/trends?cities=alpha,beta&median=true&from=2016")
    _until(duo, lambda: _series(duo, Trends.GRAPH, "median"), "median drawn")
    href = duo.find_element(f"#{Trends.DOWNLOAD}").get_attribute("href")
    assert "/data/trends.csv?" in href and "median=1" in href and "from=2016" in href
    text = duo.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.text()).then(done);",
        href,
    )
    table = pd.read_csv(io.StringIO(text))
    drawn = {
        (t["series"], t["name"], x)
        for t in _full(duo, Trends.GRAPH)
        if t["series"] != "interventions"
        for x, y in zip(t["x"], t["y"])
        if y is not None
    }
    names = {
        "glide-path": lambda r: "Glide path to halve by 2030",
    }
    rows = table[table["plotted"].notna()]
    in_csv = {
        (s, names.get(s, lambda r: r["city"])(r), int(r["year"]))
        for s, (_i, r) in zip(rows["series"], rows.iterrows())
    }
    assert in_csv == drawn


def test_city_page_round_trip_export_and_accessibility(
    start: Callable[[str], DashComposite],
) -> None:
    duo = start("/city/alpha?indicator=perceived-safety")
    duo.wait_for_text_to_equal("main h1", "Álpha: violence and the 2030 goal")
    duo.wait_for_contains_text(f"#{City.CARDS}", "No halving goal")
    select = duo.find_element(f"#{City.INDICATOR}")
    assert select.get_attribute("value") == "perceived-safety"

    Select(select).select_by_value("homicide-rate")
    duo.wait_for_contains_text(f"#{City.CARDS}", "Too close to call")
    assert query_of(duo) == "indicator=homicide-rate"
    assert duo.driver.current_url.split("?")[0].endswith("/city/alpha")
    _until(duo, lambda: _series(duo, City.GRAPH, "glide-path"), "glide path on the city page")
    assert "Status: too close to call." in duo.find_element(f"#{City.WHY}").text
    href = duo.find_element(f"#{City.DOWNLOAD}").get_attribute("href")
    assert href.endswith("/data/city.csv?city=alpha&indicator=homicide-rate")

    duo.driver.back()
    duo.wait_for_contains_text(f"#{City.CARDS}", "No halving goal")
    _until(
        duo,
        lambda: duo.find_element(f"#{City.INDICATOR}").get_attribute("value") == "perceived-safety",
        "select follows back",
    )
    duo.driver.forward()
    duo.wait_for_contains_text(f"#{City.CARDS}", "Too close to call")

    # PNG export: plotly.js is asked for an image named after what the chart shows
    traces(duo, City.GRAPH)
    duo.driver.execute_script(
        "window.__exports = [];"
        "window.Plotly.downloadImage = (gd, opts) => { window.__exports.push(opts); };"
    )
    duo.find_element(".chart-tools button").click()
    _until(duo, lambda: duo.driver.execute_script("return window.__exports.length"), "export")
    export = duo.driver.execute_script("return window.__exports[0]")
    assert export["format"] == "png"
    assert export["filename"].startswith("homicide-rate_alpha_")

    assert foreign_requests(duo) == []
    assert duo.get_logs() == []
    assert axe_violations(duo) == []
