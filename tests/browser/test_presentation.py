"""A coordinator builds a deck in the browser, presents it, and exports it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from dash.testing.composite import DashComposite
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from app import main
from data.deck import Deck
from tests.browser.conftest import axe_violations, traces
from tests.deck_content import pptx_content

Start = Callable[[str], DashComposite]


def add_view(duo: DashComposite, path: str, graph: str, expected: str) -> None:
    duo.driver.get(duo.server_url + path)
    traces(duo, graph)
    duo.find_element("#deck-add").click()
    duo.wait_for_contains_text("#deck-added", expected)


def slide_inputs(duo: DashComposite, kind: str) -> list:
    return duo.driver.find_elements(By.CSS_SELECTOR, f"[id*='presentation-slide-{kind}']")


def values(duo: DashComposite, kind: str) -> list[str]:
    """Read in one go: the list may be redrawn between two Selenium calls."""
    return duo.driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.value);",
        f"[id*='presentation-slide-{kind}']",
    )


def press(duo: DashComposite, kind: str, number: int) -> None:
    """Click a slide's button, found and clicked in one step: the list may be redrawing."""
    duo.driver.execute_script(
        "document.querySelectorAll(arguments[0])[arguments[1]].click();",
        f"[id*='presentation-slide-{kind}']",
        number,
    )


def type_into(element, text: str) -> None:
    element.clear()
    element.send_keys(text, Keys.TAB)  # debounced fields report on leaving


def downloaded(folder: Path, suffix: str, timeout: float = 90) -> Path:
    found: list[Path] = []
    WebDriverWait(None, timeout, poll_frequency=0.5).until(
        lambda _d: found.extend(folder.glob(f"*{suffix}")) or found,
        message=f"no {suffix} downloaded",
    )
    return found[0]


def test_deck_built_in_the_browser_exports_the_same_pptx_as_the_command_line(
    start: Start, tmp_path: Path, built: Path
) -> None:
    duo = start("/")
    duo.driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    add_view(duo, "/trends?indicator=homicide-rate&cities=alpha,beta", "trends-graph", "slide 1")
    add_view(duo, "/map", "map-graph", "slide 2")
    add_view(duo, "/interventions?group=theme", "interventions-graph", "slide 3")
    duo.wait_for_text_to_equal("#deck-count", "3")

    duo.driver.get(duo.server_url + "/presentation")
    WebDriverWait(duo.driver, 10).until(lambda _d: len(slide_inputs(duo, "title")) == 3)
    assert values(duo, "title") == [
        "Homicide rate: Álpha, Beta, 2015–2023",  # indicator, cities, years (the fixture)
        "Member cities of 2 networks",
        "Interventions over time",
    ]
    type_into(slide_inputs(duo, "title")[0], "Homicide in two cities")
    type_into(slide_inputs(duo, "notes")[1], "Five networks, one map.")
    type_into(duo.find_element("#presentation-title"), "Review 2026")
    press(duo, "up", 1)  # the map first
    WebDriverWait(duo.driver, 10).until(
        lambda _d: (
            values(duo, "title")[:2] == ["Member cities of 2 networks", "Homicide in two cities"]
        )
    )
    press(duo, "copy", 2)
    WebDriverWait(duo.driver, 10).until(lambda _d: len(slide_inputs(duo, "title")) == 4)
    press(duo, "remove", 3)
    WebDriverWait(duo.driver, 10).until(lambda _d: len(slide_inputs(duo, "title")) == 3)
    assert axe_violations(duo) == []

    duo.driver.refresh()  # the deck lives in the browser
    WebDriverWait(duo.driver, 10).until(lambda _d: len(slide_inputs(duo, "title")) == 3)
    assert values(duo, "notes")[0] == "Five networks, one map."
    duo.wait_for_element("#presentation-title")
    assert duo.find_element("#presentation-title").get_attribute("value") == "Review 2026"

    duo.find_element("#presentation-title").send_keys(" final")  # then export at once
    duo.find_element("#presentation-export-pptx").click()
    pptx = downloaded(tmp_path, ".pptx")
    slides = pptx_content(pptx)
    assert [s["title"] for s in slides] == [
        "Review 2026 final",
        "Member cities of 2 networks",
        "Homicide in two cities",
        "Interventions over time",
        "Thank you",
    ]
    assert [s["pictures"] for s in slides] == [0, 1, 1, 1, 0]
    assert all(alt for s in slides[1:4] for alt in s["alt"])
    assert slides[1]["notes"] == "Five networks, one map."
    duo.wait_for_contains_text("#presentation-export-status", "Exported 3 slides")

    duo.find_element("#presentation-save").click()
    saved = downloaded(tmp_path, ".json")
    deck = Deck.from_json(saved.read_bytes())
    assert [s.url for s in deck.slides] == [
        "/map",
        "/trends?indicator=homicide-rate&cities=alpha,beta",
        "/interventions?group=theme",
    ]
    cli = tmp_path / "cli.pptx"
    assert main(["deck", str(saved), "--out", str(cli), "--data", str(built)]) == 0
    assert pptx_content(cli) == slides


def test_present_moves_with_keys_and_buttons(start: Start) -> None:
    duo = start("/")
    add_view(duo, "/trends?indicator=homicide-rate&cities=alpha", "trends-graph", "slide 1")
    add_view(duo, "/map", "map-graph", "slide 2")
    duo.driver.get(duo.server_url + "/presentation")
    WebDriverWait(duo.driver, 10).until(lambda _d: len(slide_inputs(duo, "title")) == 2)
    duo.find_element("#presentation-present").click()
    duo.wait_for_text_to_equal("#presentation-show-number", "Slide 1 of 4")
    duo.wait_for_contains_text("#presentation-show-body h2", "Review")
    duo.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
    duo.wait_for_text_to_equal("#presentation-show-number", "Slide 2 of 4")
    duo.wait_for_text_to_equal("#presentation-show-body h2", "Homicide rate: Álpha, 2015–2023")
    assert "Álpha" in [t["name"] for t in traces(duo, "presentation-show-body")]
    duo.wait_for_contains_text("#presentation-show-body p", "Source: National Police, 2024")
    duo.find_element("#presentation-show-next").click()
    duo.wait_for_text_to_equal("#presentation-show-number", "Slide 3 of 4")
    traces(duo, "presentation-show-body")  # the map draws from local topojson
    duo.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_LEFT)
    duo.wait_for_text_to_equal("#presentation-show-number", "Slide 2 of 4")
    duo.find_element("#presentation-show-close").click()
    duo.wait_for_no_elements(".presentation-show.show")
    assert duo.get_logs() == []


def test_cancel_stops_an_export(start: Start, tmp_path: Path) -> None:
    deck = Deck()
    for year in range(2015, 2023):
        deck = deck.add(f"/trends?indicator=homicide-rate&from={year}", str(year)).add("/map", "")
    (tmp_path / "big.json").write_text(deck.to_json())
    downloads = tmp_path / "downloads"
    duo = start("/presentation")
    duo.driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    duo.find_element("#presentation-load input[type=file]").send_keys(str(tmp_path / "big.json"))
    duo.wait_for_contains_text("#presentation-load-status", "16 slides")
    duo.find_element("#presentation-export-pdf").click()
    duo.wait_for_contains_text("#presentation-export-step", "Slide", timeout=60)
    assert not duo.find_element("#presentation-export-pptx").is_enabled()
    duo.find_element("#presentation-export-cancel").click()
    duo.wait_for_contains_text("#presentation-export-status", "Export cancelled")
    WebDriverWait(duo.driver, 10).until(
        lambda _d: duo.find_element("#presentation-export-pptx").is_enabled()
    )
    time.sleep(8)  # longer than the rest of that export would take: no file may arrive
    assert not list(downloads.glob("*.pdf"))
    assert "d-none" in duo.find_element("#presentation-export-panel").get_attribute("class")
