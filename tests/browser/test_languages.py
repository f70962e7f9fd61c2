"""Switching the language reloads the page in it: navigation, headings and charts."""

from __future__ import annotations

from collections.abc import Callable

from dash.testing.composite import DashComposite
from dash.testing.wait import until
from selenium.webdriver.support.select import Select

from components.ids import Overview, Shell
from tests.browser.conftest import axe_violations, chart_title, traces


def test_switching_language_reloads_the_page_in_spanish(
    start: Callable[[str], DashComposite],
) -> None:
    duo = start("/")
    duo.wait_for_text_to_equal("main h1", "Urban violence across the network")
    traces(duo, Overview.GRAPH)
    assert chart_title(duo, Overview.GRAPH).endswith("the typical member city")

    Select(duo.find_element("#" + Shell.LANGUAGE)).select_by_value("es")

    duo.wait_for_text_to_equal("main h1", "La violencia urbana en la red")
    assert "lang=es" in duo.driver.current_url
    assert duo.driver.execute_script("return document.documentElement.lang") == "es"
    nav = duo.find_element("nav").text
    assert "Tendencias" in nav and "Intervenciones" in nav and "Trends" not in nav
    traces(duo, Overview.GRAPH)
    until(
        lambda: (chart_title(duo, Overview.GRAPH) or "").endswith("la ciudad miembro típica"),
        timeout=10,
    )
    assert Select(duo.find_element("#" + Shell.LANGUAGE)).first_selected_option.text == "Español"
    logs = duo.get_logs()
    assert logs == []
    assert axe_violations(duo) == []
