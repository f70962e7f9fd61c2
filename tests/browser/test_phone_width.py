"""Every page and embed fits a 320 px phone in every language: nothing scrolls sideways.

The pages come from the view registry, so a new view is measured without editing this test.
A wide table or timeline may scroll inside its own box; the page itself may not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from dash.testing.composite import DashComposite
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from components.ids import Interventions
from data.repository import Repository
from tests.browser.conftest import DRAW_WAIT, traces
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


def visit(duo: DashComposite, demo: Repository, lang: str) -> Iterator[str]:
    """Open each of `urls` in `lang` and yield it (with its query) once it is drawn."""
    for url in urls(demo):
        joined = url + ("&" if "?" in url else "?") + f"lang={lang}"
        duo.driver.get(duo.server_url + joined)
        WebDriverWait(duo.driver, DRAW_WAIT).until(
            lambda d: d.execute_script(DRAWN), message=joined
        )
        yield joined


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_scrolls_sideways_on_a_320px_phone(
    dash_duo: DashComposite, demo: Repository, lang: str
) -> None:
    dash_duo.start_server(create_app(repo=demo), port=free_port())
    dash_duo.driver.set_window_size(PHONE, 800)
    assert dash_duo.driver.execute_script("return window.innerWidth;") == PHONE
    wide = {}
    for joined in visit(dash_duo, demo, lang):
        width = dash_duo.driver.execute_script(WIDTH)
        if width > PHONE:
            wide[joined] = width
    assert wide == {}
    assert dash_duo.get_logs() == []


def test_the_timeline_labels_each_row_above_its_bar_on_a_phone(
    start: Callable[[str], DashComposite],
) -> None:
    """Labels beside the bars took most of a 390 px screen; above them, the bars get the whole
    width but the chart's small side margins."""
    duo = start("/interventions")
    duo.driver.set_window_size(390, 900)
    duo.driver.refresh()
    traces(duo, Interventions.GRAPH)
    WebDriverWait(duo.driver, DRAW_WAIT).until(
        lambda d: d.execute_script(TIMELINE, Interventions.GRAPH)["ticks"] is False
    )
    facts = duo.driver.execute_script(TIMELINE, Interventions.GRAPH)
    assert facts["above"] == facts["rows"] > 0  # every row's label, as an annotation
    assert facts["plot"] >= facts["width"] - 20  # 8 px margins each side
    assert facts["page"] <= 390
    assert duo.get_logs() == []


TIMELINE = """
const g = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');
const full = g._fullLayout;
return {ticks: full.yaxis.showticklabels, rows: full.yaxis.ticktext.length,
  above: full.annotations.filter(a => a.yref === 'y').length, plot: full._size.w,
  width: full.width, page: document.documentElement.scrollWidth};
"""
