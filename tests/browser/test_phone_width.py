"""Every page and embed fits a 320 px phone in every language: nothing scrolls sideways.

The pages come from the view registry, so a new view is measured without editing this test.
A wide table or timeline may scroll inside its own box; the page itself may not.
"""

from __future__ import annotations

import pytest
from dash.testing.composite import DashComposite
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from data.repository import Repository
from tests.browser.conftest import DRAW_WAIT
from tests.conftest import free_port
from views import VIEWS

PHONE = 320  # px: the narrowest phone still sold (iPhone SE 1st gen, small Androids)
LANGUAGES = ("en", "es", "fr")

# Ready once the heading is there and every chart on it has been drawn by plotly.js.
DRAWN = (
    "return !!document.querySelector('main h1, body h1') && [...document.querySelectorAll("
    "'.dash-graph')].every(g => g.querySelector('.main-svg'))"
    " && !document.querySelector('[data-dash-is-loading=\"true\"]');"
)
WIDTH = "return document.documentElement.scrollWidth;"


def urls(demo: Repository) -> list[str]:
    """Each page of the registry (the city page for a city with a long name) and its embed,
    when it has one. The not-found page has the same frame as every page."""
    cities = demo.table("cities")["name"]
    city = "cali" if "cali" in cities.index else str(cities.str.len().idxmax())
    found = []
    for view in VIEWS:
        found.append(view.url({view.path_param: city} if view.path_param else {}))
        if view.chart is not None:
            own = f"?{view.path_param}={city}" if view.path_param else ""
            found.append(f"/embed/{view.name}{own}")
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_scrolls_sideways_on_a_320px_phone(
    dash_duo: DashComposite, demo: Repository, lang: str
) -> None:
    dash_duo.start_server(create_app(repo=demo), port=free_port())
    dash_duo.driver.set_window_size(PHONE, 800)
    assert dash_duo.driver.execute_script("return window.innerWidth;") == PHONE
    wide = {}
    for url in urls(demo):
        joined = url + ("&" if "?" in url else "?") + f"lang={lang}"
        dash_duo.driver.get(dash_duo.server_url + joined)
        WebDriverWait(dash_duo.driver, DRAW_WAIT).until(
            lambda d: d.execute_script(DRAWN), message=joined
        )
        width = dash_duo.driver.execute_script(WIDTH)
        if width > PHONE:
            wide[joined] = width
    assert wide == {}
    assert dash_duo.get_logs() == []
