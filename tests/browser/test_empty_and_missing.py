"""Empty and wrong selections say what to choose; pages that are not there say so, with no
Embed or "Add to presentation"."""

from __future__ import annotations

from collections.abc import Callable

from dash.testing.composite import DashComposite
from selenium.webdriver.support.ui import WebDriverWait

from components.ids import Embed, Shell, Trends
from tests.browser.conftest import axe_violations, query_of, traces


def test_a_missing_city_offers_a_search_and_no_embed(start: Callable[[str], DashComposite]) -> None:
    duo = start("/city/alpah")
    duo.wait_for_text_to_equal("main h1", "Page not found")
    assert "Álpha" in duo.find_element(f"#{Shell.MISSING}").text  # did you mean
    WebDriverWait(duo.driver, 5).until(
        lambda _d: not duo.find_element(f"#{Embed.BAR}").is_displayed()
    )
    assert axe_violations(duo) == []
    # the page itself answered 404: the browser notes that, and nothing else
    assert [e for e in duo.get_logs() if "404" not in e["message"]] == []


def test_clearing_the_cities_clears_the_chart_and_says_what_to_choose(
    start: Callable[[str], DashComposite],
) -> None:
    duo = start("/trends?cities=alpha,beta")
    assert len(traces(duo, Trends.GRAPH)) >= 2
    duo.find_element(f"#{Trends.CITIES} .dash-dropdown-clear").click()
    duo.wait_for_contains_text(f"#{Trends.SUMMARY}", "No city is chosen", timeout=10)
    assert "cities=-" in query_of(duo)
    assert traces(duo, Trends.GRAPH, at_least=0) == []
    assert duo.get_logs() == []
