"""Charts for keyboards and screen readers, and axe-core on every page and embed in every
language (issue 18): each chart is an image named by its title and described by the page's
sentence about it, in the page's language; its mode bar is one tab stop."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from dash.testing.composite import DashComposite
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from components.ids import Trends
from data.i18n import _, language
from data.repository import Repository
from tests.browser.conftest import DRAW_WAIT, axe_violations, traces
from tests.browser.test_phone_width import LANGUAGES, visit
from tests.conftest import free_port

# Per chart: its plot layer's role, name and description, and its mode bar's tab stops.
CHARTS = """
return [...document.querySelectorAll('.js-plotly-plot')].map(g => {
  const plot = g.querySelector('svg.main-svg');
  const described = plot.getAttribute('aria-describedby');
  const summary = described && document.getElementById(described);
  return {role: plot.getAttribute('role'), name: plot.getAttribute('aria-label') || '',
    description: summary ? summary.textContent : null,
    hidden: [...g.querySelectorAll('svg.main-svg')].slice(1)
      .every(s => s.getAttribute('aria-hidden') === 'true'),
    stops: [...g.querySelectorAll('.modebar-btn')].filter(b => b.tabIndex >= 0).length};
});
"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_and_embed_is_accessible_and_its_charts_are_described(
    dash_duo: DashComposite, demo: Repository, lang: str
) -> None:
    dash_duo.start_server(create_app(repo=demo), port=free_port())
    with language(lang):
        show_as_table = _("Show as table")
    problems = {}
    for joined in visit(dash_duo, demo, lang):
        charts = dash_duo.driver.execute_script(CHARTS)
        wrong = [
            c
            for c in charts
            if c["role"] != "img" or not c["name"] or not c["hidden"] or c["stops"] > 1
        ]
        found = axe_violations(dash_duo)
        if wrong or found:
            problems[joined] = {"charts": wrong, "axe": found}
        if joined.startswith("/embed/"):  # the embed's one chart has its sentence
            assert charts and charts[0]["description"], joined
            assert show_as_table in dash_duo.driver.execute_script(
                "return document.body.innerText"
            ), joined
    assert problems == {}
    assert dash_duo.get_logs() == []


def test_the_mode_bar_is_one_tab_stop_walked_with_the_arrow_keys(
    start: Callable[[str], DashComposite],
) -> None:
    duo = start("/trends")
    traces(duo, Trends.GRAPH)
    buttons = f"#{Trends.GRAPH} .modebar-btn"
    WebDriverWait(duo.driver, DRAW_WAIT).until(
        lambda d: d.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map(b => b.tabIndex).join()",
            buttons,
        ).startswith("0,-1")
    )
    first, second = duo.find_elements(buttons)[:2]
    duo.driver.execute_script("arguments[0].focus()", first)
    first.send_keys(Keys.ARROW_RIGHT)
    assert duo.driver.switch_to.active_element == second
    assert [b.get_attribute("tabindex") for b in duo.find_elements(buttons)[:2]] == ["-1", "0"]
    second.send_keys(Keys.HOME)
    assert duo.driver.switch_to.active_element == first
    assert duo.get_logs() == []
