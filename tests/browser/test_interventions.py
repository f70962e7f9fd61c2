"""/interventions in a browser: filters and grouping move the URL and the timeline, the library
searches, a card opens the detail with its evidence, and the CSV link follows the view."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from dash.testing.composite import DashComposite
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait

from components.ids import Interventions
from data.queries import interventions
from tests.browser.conftest import (
    axe_violations,
    click_option,
    dropdown_options,
    query_of,
    traces,
)


def _until(duo: DashComposite, check: Callable[[], bool], message: str) -> None:
    WebDriverWait(duo.driver, 10).until(lambda _d: check(), message=message)


def _bars(duo: DashComposite) -> int:
    return sum(t["n"] for t in traces(duo, Interventions.GRAPH) if t["type"] == "bar")


def _cards(duo: DashComposite) -> list[str]:
    return duo.driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim());",
        f"#{Interventions.LIBRARY} .intervention-card h3",
    )


def test_theme_filter_narrows_the_timeline_and_the_csv(
    start: Callable[[str], DashComposite],
) -> None:
    duo = start("/interventions")
    _until(duo, lambda: _bars(duo) == 3, "three bars")
    duo.find_element(f"#{Interventions.THEMES} input[value='youth-violence']").click()
    _until(duo, lambda: "themes=youth-violence" in query_of(duo), "url")
    _until(duo, lambda: _bars(duo) == 1, "one bar")
    duo.wait_for_contains_text(f"#{Interventions.SUMMARY}", "Showing 1-1 of 1 interventions")
    href = duo.find_element(f"#{Interventions.DOWNLOAD}").get_attribute("href")
    assert href.endswith("/data/interventions.csv?themes=youth-violence")
    # the other facets now count what they would give with this theme chosen
    duo.wait_for_contains_text(f"#{Interventions.STATUSES}", "Completed (1)")
    duo.driver.back()
    _until(duo, lambda: _bars(duo) == 3, "back restores all three")
    box = duo.find_element(f"#{Interventions.THEMES} input[value='youth-violence']")
    _until(duo, lambda: not box.is_selected(), "checkbox follows back")
    assert duo.get_logs() == []


def test_grouping_by_theme_puts_a_header_per_theme(start: Callable[[str], DashComposite]) -> None:
    duo = start("/interventions")
    _until(duo, lambda: _bars(duo) == 3, "bars")
    duo.find_element(f"#{Interventions.GROUP} input[value='theme']").click()
    _until(duo, lambda: "group=theme" in query_of(duo), "url")

    def ticks() -> list[str]:
        return duo.driver.execute_script(
            "const g = document.querySelector('#' + arguments[0] + ' .js-plotly-plot');"
            "return g._fullLayout.yaxis.ticktext;",
            Interventions.GRAPH,
        )

    _until(duo, lambda: ticks()[0] == "<b>Violence against women</b>", "theme headers")
    assert sum(t.startswith("<b>") for t in ticks()) == 3


def test_library_search_and_a_card_opens_the_detail_with_evidence(
    start: Callable[[str], DashComposite],
) -> None:
    duo = start("/interventions?tab=library")
    _until(duo, lambda: len(_cards(duo)) == 3, "three cards")
    search = duo.find_element(f"#{Interventions.SEARCH}")
    search.send_keys("mentoring")
    _until(duo, lambda: "q=mentoring" in query_of(duo), "url follows the search")
    _until(duo, lambda: _cards(duo) == ["Youth employment for peace"], "one card")
    assert duo.find_element(f"#{Interventions.LIBRARY} mark").text.lower() == "mentoring"

    duo.find_element(f"#{Interventions.LIBRARY} .intervention-card h3 a").click()
    _until(duo, lambda: "intervention=alpha-youth" in query_of(duo), "detail url")
    duo.wait_for_contains_text(f"#{Interventions.RECORD}", "Jobs and mentoring")
    duo.wait_for_contains_text(f"#{Interventions.EVIDENCE}", "Not enough years")
    duo.wait_for_contains_text(f"#{Interventions.EVIDENCE}", "Association is not causation")
    assert not duo.find_element(f"#{Interventions.DETAIL}").get_attribute("hidden")
    assert duo.find_element(f"#{Interventions.INDICATOR}").get_attribute("value") == (
        "homicide-rate"
    )
    assert {t["name"] for t in traces(duo, Interventions.EVIDENCE_GRAPH)} == {"Álpha"}

    duo.find_element(f"#{Interventions.COMPARE}").click()
    _until(duo, lambda: "compare=1" in query_of(duo), "compare in the url")
    duo.wait_for_contains_text(f"#{Interventions.EVIDENCE}", "Against comparison cities")
    assert axe_violations(duo) == []

    duo.find_element(f"#{Interventions.BACK}").click()
    _until(duo, lambda: query_of(duo) == "tab=library&q=mentoring", "back to the list")
    _until(duo, lambda: _cards(duo) == ["Youth employment for peace"], "the list as it was")
    assert duo.get_logs() == []


def test_a_shared_detail_link_opens_the_detail(start: Callable[[str], DashComposite]) -> None:
    duo = start("/interventions?intervention=beta-women")
    duo.wait_for_contains_text(f"#{Interventions.RECORD}", "Safe houses, counselling")
    assert duo.find_element(f"#{Interventions.BROWSE}").get_attribute("hidden")
    assert axe_violations(duo) == []


def test_clicking_a_bar_opens_its_intervention(start: Callable[[str], DashComposite]) -> None:
    duo = start("/interventions?statuses=completed")
    _until(duo, lambda: _bars(duo) == 1, "one bar")

    def click_bar() -> bool:
        """Hover then click the bar, as a person does; again if the chart was redrawn under
        the pointer before plotly saw the click."""
        if "intervention=alpha-youth" in query_of(duo):
            return True
        bar = duo.find_element(f"#{Interventions.GRAPH} .bars path")
        actions = ActionChains(duo.driver).move_to_element(bar).pause(0.3)
        actions.move_by_offset(2, 0).pause(0.3).click().perform()
        return "intervention=alpha-youth" in query_of(duo)

    _until(duo, click_bar, "detail url")
    duo.wait_for_contains_text(f"#{Interventions.RECORD}", "Youth employment for peace")
    assert "statuses=completed" in query_of(duo)  # the way back keeps the filters
    assert duo.find_elements(f"#{Interventions.BROWSE}[hidden]")


def test_the_city_picker_finds_cities_it_did_not_list(
    start: Callable[[str], DashComposite], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 5,000 cities the picker lists the first few; typing asks the server for the rest."""
    monkeypatch.setattr(interventions, "FACET_CHOICES", 1)
    duo = start("/interventions")
    _until(duo, lambda: _bars(duo) == 3, "three bars")

    duo.find_element(f"#{Interventions.CITIES}").click()
    only_first = ["Álpha, Colombia (1)"]
    _until(duo, lambda: dropdown_options(duo) == only_first, "only the first city listed")
    duo.wait_for_element(".dash-dropdown-search").send_keys("kenya")
    found = ["Gamma, Kenya (1)"]
    _until(duo, lambda: dropdown_options(duo) == found, "the server found Gamma")
    click_option(duo, "Gamma, Kenya (1)")
    _until(duo, lambda: "cities=gamma" in query_of(duo), "url")
    _until(duo, lambda: _bars(duo) == 1, "one bar")
    assert duo.get_logs() == []
