"""One control per view changes its chart, and the URL follows; a URL restores the view."""

from __future__ import annotations

from collections.abc import Callable

from dash.testing.composite import DashComposite
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from components.ids import Interventions, Map, Overview, Trends
from tests.browser.conftest import (
    chart_title,
    choose,
    query_of,
    traces,
    wait_for_trace_names,
)


def _select(duo: DashComposite, select_id: str, value: str) -> None:
    Select(duo.find_element(f"#{select_id}")).select_by_value(value)


def _until(duo: DashComposite, check: Callable[[], bool], message: str) -> None:
    WebDriverWait(duo.driver, 10).until(lambda _d: check(), message=message)


def test_trends_indicator_changes_chart_and_url(start: Callable[[str], DashComposite]) -> None:
    duo = start("/trends")
    wait_for_trace_names(duo, Trends.GRAPH, ["Álpha", "Beta", "Delta"], series="city")
    _select(duo, Trends.INDICATOR, "perceived-safety")
    _until(duo, lambda: chart_title(duo, Trends.GRAPH) == "Feeling safe at night", "title")
    assert "indicator=perceived-safety" in query_of(duo)
    cities = [t["name"] for t in traces(duo, Trends.GRAPH) if t["series"] == "city"]
    assert cities == ["Álpha"]  # only alpha reports it


def test_trends_city_search_adds_a_line(start: Callable[[str], DashComposite]) -> None:
    duo = start("/trends?cities=alpha")
    wait_for_trace_names(duo, Trends.GRAPH, ["Álpha"], series="city")
    choose(duo, Trends.CITIES, "Gamma, Kenya")
    wait_for_trace_names(duo, Trends.GRAPH, ["Álpha", "Gamma"], series="city")
    assert "cities=alpha%2Cgamma" in query_of(duo) or "cities=alpha,gamma" in query_of(duo)
    duo.wait_for_contains_text("#" + Trends.NOTICE, "Demo data")  # gamma's values are demo


def test_interventions_grouping_changes_rows_and_url(start: Callable[[str], DashComposite]) -> None:
    duo = start("/interventions")
    traces(duo, Interventions.GRAPH)
    duo.find_element(f"#{Interventions.GROUP} input[value='funder']").click()
    _until(duo, lambda: "group=funder" in query_of(duo), "url")
    duo.wait_for_contains_text(f"#{Interventions.GRAPH}", "Funder not stated")


def _map_markers(duo: DashComposite) -> int:
    """Markers of the map's rings (the names' trace and the legend's keys left out)."""
    drawn = traces(duo, Map.GRAPH)
    return sum(t["n"] for t in drawn if t["series"] not in ("labels", "key"))


def test_map_network_filter_changes_markers(start: Callable[[str], DashComposite]) -> None:
    duo = start("/map")
    # alpha, beta, delta in Network A; alpha's Network B ring fills its Network A marker (rings
    # come two by one marker), and gamma left Network B in 2021
    assert _map_markers(duo) == 3
    choose(duo, Map.NETWORKS, "Network B")
    _until(duo, lambda: _map_markers(duo) == 1, "one marker")
    assert query_of(duo) == "network=net-b"


def test_overview_network_changes_cards(start: Callable[[str], DashComposite]) -> None:
    duo = start("/")
    duo.wait_for_contains_text(f"#{Overview.CARDS}", "4")
    _select(duo, Overview.NETWORK, "net-a")
    duo.wait_for_contains_text(f"#{Overview.CARDS}", "change in the median since 2019")
    assert query_of(duo) == "network=net-a"


def test_url_restores_the_view_and_back_forward_work(start: Callable[[str], DashComposite]) -> None:
    duo = start("/trends?indicator=perceived-safety&cities=alpha,gamma&from=2020")
    wait_for_trace_names(duo, Trends.GRAPH, ["Álpha", "Gamma"], series="city")
    assert duo.find_element(f"#{Trends.INDICATOR}").get_attribute("value") == "perceived-safety"
    assert duo.find_element(f"#{Trends.YEARS}").get_attribute("value") == "2020"
    assert "Álpha" in duo.find_element(f"#{Trends.CITIES}").text

    _select(duo, Trends.INDICATOR, "homicide-rate")
    _until(duo, lambda: chart_title(duo, Trends.GRAPH) == "Homicide rate", "changed")
    duo.driver.back()
    _until(duo, lambda: chart_title(duo, Trends.GRAPH) == "Feeling safe at night", "back")
    _until(
        duo,
        lambda: (
            duo.find_element(f"#{Trends.INDICATOR}").get_attribute("value") == "perceived-safety"
        ),
        "control follows back",
    )
    duo.driver.forward()
    _until(duo, lambda: chart_title(duo, Trends.GRAPH) == "Homicide rate", "forward")

    duo.driver.refresh()
    duo.wait_for_element("main h1")
    _until(duo, lambda: chart_title(duo, Trends.GRAPH) == "Homicide rate", "reload")
    assert duo.get_logs() == []


def test_navigation_keeps_each_page_on_its_own_state(start: Callable[[str], DashComposite]) -> None:
    duo = start("/map?network=net-b")
    _until(duo, lambda: _map_markers(duo) == 1, "filtered map")
    duo.find_element("a.nav-link[href='/trends']").click()
    wait_for_trace_names(duo, Trends.GRAPH, ["Álpha", "Beta", "Delta"], series="city")
    duo.driver.back()
    _until(duo, lambda: _map_markers(duo) == 1, "map restored")
    assert query_of(duo) == "network=net-b"


# Keeps the text of every callback answer, to read what the pages asked the address to become.
ANSWERS_KEPT = """
window.answersKept = [];
const fetched = window.fetch;
window.fetch = function () {
    return fetched.apply(this, arguments).then(function (response) {
        response.clone().text().then(function (text) { window.answersKept.push(text); });
        return response;
    });
};
"""


def test_back_from_another_page_returns_to_the_address_as_it_was(
    start: Callable[[str], DashComposite],
) -> None:
    """Every page's location sees the address it goes back to before that page leaves: the
    interventions page read /trends' query as its own and answered with it rewritten (a new step
    in the history, when that answer came before the page was gone)."""
    duo = start("/trends")
    wait_for_trace_names(duo, Trends.GRAPH, ["Álpha", "Beta", "Delta"], series="city")
    _select(duo, Trends.INDICATOR, "perceived-safety")
    _until(duo, lambda: "indicator=perceived-safety" in query_of(duo), "indicator in the URL")
    trends = duo.driver.current_url
    steps = duo.driver.execute_script("return history.length")
    duo.find_element("a.nav-link[href='/interventions']").click()
    traces(duo, Interventions.GRAPH)
    duo.driver.execute_script(ANSWERS_KEPT)
    duo.driver.back()
    _until(duo, lambda: chart_title(duo, Trends.GRAPH) == "Feeling safe at night", "back")
    _until(duo, lambda: duo.redux_state_rqs == [], "every callback answered")
    answers = duo.driver.execute_script("return window.answersKept")
    assert answers and not [a for a in answers if f'"{Interventions.URL}"' in a]
    assert duo.driver.current_url == trends
    assert duo.driver.execute_script("return history.length") == steps + 1
    assert duo.get_logs() == []
