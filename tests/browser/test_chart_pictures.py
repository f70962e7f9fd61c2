"""A chart's PNG/SVG, from the buttons under it or its mode bar's camera, names under its source
line the data's date and the view's address (issue 17, item 4): absolute from
OBSERVATORY_PUBLIC_URL, relative without it, as on exported slides."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from dash.testing.composite import DashComposite
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from components.ids import Trends
from data.repository import Repository
from data.settings import Settings
from tests.browser.conftest import DRAW_WAIT, traces
from tests.conftest import free_port

# plotly.js is asked for the picture; the test keeps what it was given instead of a file
CAPTURE = (
    "window.__pictures = [];"
    "window.Plotly.downloadImage = (figure, opts) => {"
    "  window.__pictures.push({annotations: (figure.layout.annotations || []).map(a => a.text),"
    "    title: (figure.layout.title || {}).text || '',"
    "    height: figure.layout.height, width: figure.layout.width, opts: opts});"
    "  return Promise.resolve(opts.filename);"
    "};"
)
ON_SCREEN = (
    "const g = document.querySelector(arguments[0] + ' .js-plotly-plot');"
    "return {annotations: (g.layout.annotations || []).map(a => a.text),"
    " title: (g.layout.title || {}).text || '',"
    " height: g._fullLayout.height, width: g._fullLayout.width};"
)
CAMERA = (
    "document.querySelector(arguments[0] + ' .modebar-btn[data-title=\"Download plot as a PNG\"]')"
    ".click();"
)


def _pictures(duo: DashComposite, count: int) -> list[dict[str, Any]]:
    WebDriverWait(duo.driver, DRAW_WAIT).until(
        lambda d: len(d.execute_script("return window.__pictures")) >= count,
        message=f"{count} pictures asked for",
    )
    return duo.driver.execute_script("return window.__pictures")


def test_pictures_name_the_data_date_and_the_views_public_address(
    start: Callable[[str], DashComposite], repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OBSERVATORY_PUBLIC_URL", "https://observatory.example/")
    duo = start("/trends?lang=fr")
    traces(duo, Trends.GRAPH)
    shown = duo.driver.execute_script(ON_SCREEN, f"#{Trends.GRAPH}")
    duo.driver.execute_script(CAPTURE)

    duo.find_element(".chart-tools button[id*='svg']").click()
    _pictures(duo, 1)  # the button acts through a Dash callback: wait for it before the camera
    duo.driver.execute_script(CAMERA, f"#{Trends.GRAPH}")
    svg, camera = _pictures(duo, 2)

    address = "https://observatory.example/trends?lang=fr"
    footer = f"Données construites le {repo.built_at[:10]} · {address}"
    for picture, image_format in ((svg, "svg"), (camera, "png")):
        assert picture["opts"]["format"] == image_format
        # everything the chart says (its source line among it), then the footer as its last line
        assert picture["annotations"] == [*shown["annotations"], footer]
        assert picture["width"] == picture["opts"]["width"] == shown["width"]
        assert picture["height"] == picture["opts"]["height"] == shown["height"] + 22
        assert picture["opts"]["filename"].startswith("homicide-rate_")
        assert picture["title"] == shown["title"] != ""  # the page's chart has its own
    assert any(text.startswith("Source") for text in shown["annotations"])
    assert duo.get_logs() == []


def test_without_a_public_address_pictures_name_the_view_by_its_path(
    start: Callable[[str], DashComposite], repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OBSERVATORY_PUBLIC_URL", raising=False)
    duo = start("/trends?log=true")
    traces(duo, Trends.GRAPH)
    duo.driver.execute_script(CAPTURE)
    duo.find_element(".chart-tools button[id*='png']").click()
    (png,) = _pictures(duo, 1)
    assert png["opts"]["format"] == "png"
    # plotly text: "&amp;" is drawn "&"
    address = "/trends?log=true&amp;lang=en"
    assert png["annotations"][-1] == f"Data built {repo.built_at[:10]} · {address}"
    assert duo.get_logs() == []


def test_an_embeds_picture_names_its_source_and_the_view_it_shows(
    dash_duo: DashComposite, repo: Repository, own_cache: Settings
) -> None:
    """An embed draws title and source as text around its chart, so its picture's footer says
    them: the source (or the demo notice), the date, and the view's page, not the embed's."""
    settings = dataclasses.replace(own_cache, public_url="https://observatory.example")
    duo = dash_duo
    duo.start_server(create_app(settings, repo), port=free_port())
    duo.driver.get(duo.server_url + "/embed/trends?cities=alpha")
    WebDriverWait(duo.driver, DRAW_WAIT).until(
        lambda d: d.execute_script(
            "const g = document.getElementById('chart');"
            "return !!(g && g._fullLayout && window.Plotly);"
        ),
        message="the embed's chart",
    )
    source = duo.find_element("footer span").text.split(" · ")[0]
    assert source.startswith("Source: ")
    duo.driver.execute_script(CAPTURE)
    duo.driver.execute_script(CAMERA, "#chart")
    (png,) = _pictures(duo, 1)
    assert png["annotations"][-1] == (
        f"{source} · Data built {repo.built_at[:10]} · "
        "https://observatory.example/trends?cities=alpha"
    )
    # the heading above the embed goes into the picture, which grows by it and the footer
    heading = duo.find_element("main > h1").text
    assert heading.startswith("Homicide rate") and png["title"].replace("<br>", " ") == heading
    drawn = duo.driver.execute_script(
        "const g = document.getElementById('chart');"
        "return {title: (g.layout.title || {}).text || '', height: g._fullLayout.height};"
    )
    assert drawn["title"] == ""
    assert png["height"] > drawn["height"] + 22
    # opened as a page rather than in a frame, the browser asks for /favicon.ico by itself
    assert [e for e in duo.get_logs() if "/favicon.ico" not in e["message"]] == []
