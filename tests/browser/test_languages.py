"""Switching the language reloads the page in it: navigation, headings and charts."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs

from dash.testing.composite import DashComposite
from dash.testing.wait import until
from selenium.webdriver.support.select import Select

from components.ids import City, Overview, Shell, Trends
from tests.browser.conftest import (
    axe_violations,
    chart_title,
    query_of,
    traces,
    wait_for_trace_names,
)


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


def test_the_city_page_in_french_draws_the_datas_words_in_french(
    start: Callable[[str], DashComposite],
) -> None:
    """The fixture's indicators.csv gives homicide-rate in French (label_fr, unit_fr) and
    perceived-safety in English only, which the page then says once."""
    duo = start("/city/alpha?lang=fr")
    wait_for_trace_names(
        duo,
        City.GRAPH,
        [
            "Colombie (national)",
            "Trajectoire pour diviser par deux d'ici 2030",
            "Álpha",
            "Álpha",  # its interventions' lane
            "Interventions (bande ci-dessous)",
        ],
    )
    assert chart_title(duo, City.GRAPH) == "Taux d'homicides\u00a0: Álpha"
    axis = duo.driver.execute_script(
        "return document.querySelector('#city-graph .js-plotly-plot')._fullLayout.yaxis.title.text"
    )
    assert axis == "pour 100 000"
    selected = Select(duo.find_element("#" + City.INDICATOR)).first_selected_option.text
    assert selected == "Taux d'homicides (pour 100 000)"
    notice = duo.find_element("#" + Shell.UNTRANSLATED)
    assert "affichés en anglais" in notice.text and "Feeling safe at night" in notice.text
    assert notice.find_element("css selector", "[lang=en]").text == "Feeling safe at night"
    assert duo.get_logs() == []
    assert axe_violations(duo) == []


def test_a_chosen_language_stays_from_page_to_page(
    start: Callable[[str], DashComposite],
) -> None:
    """The browser asks for English; the reader chose Spanish in the address. Moving through the
    menu (Dash's links, no reload) keeps Spanish in the address and in what each page says."""
    duo = start("/?lang=es")
    duo.wait_for_text_to_equal("main h1", "La violencia urbana en la red")
    assert "en" in duo.driver.execute_script("return navigator.language")
    duo.find_element("nav a[href='/trends']").click()
    duo.wait_for_text_to_equal("main h1", "Tendencias de la violencia")
    assert duo.driver.current_url.endswith("/trends?lang=es")
    wait_for_trace_names(duo, Trends.GRAPH, ["Álpha", "Beta", "Delta"], series="city")
    # a control writes the view's state into the address: the language stays beside it
    Select(duo.find_element("#" + Trends.INDICATOR)).select_by_value("perceived-safety")
    until(lambda: chart_title(duo, Trends.GRAPH) == "Feeling safe at night", timeout=10)
    asked = parse_qs(query_of(duo))
    assert asked["indicator"] == ["perceived-safety"] and asked["lang"] == ["es"]
    duo.find_element("nav a[href='/interventions']").click()
    duo.wait_for_text_to_equal("main h1", "Intervenciones")
    assert duo.driver.current_url.endswith("/interventions?lang=es")
    duo.driver.back()
    duo.wait_for_text_to_equal("main h1", "Tendencias de la violencia")
    until(lambda: chart_title(duo, Trends.GRAPH) == "Feeling safe at night", timeout=10)
    assert parse_qs(query_of(duo))["lang"] == ["es"]
    assert duo.get_logs() == []
