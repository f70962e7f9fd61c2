"""What a first visit loads: the page inside Dash's layout, and only the files the page needs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from components.ids import City, Map, Shell, Trends
from data.repository import Repository
from web.warm import shared, warm


def find(node: Any, component_id: str) -> dict[str, Any] | None:
    """A component, as Dash serialises it, by id."""
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == component_id:
            return node
        node = list(node.values())
    if isinstance(node, list):
        for child in node:
            found = find(child, component_id)
            if found is not None:
                return found
    return None


def test_layout_comes_with_the_page_the_browser_is_on(client: FlaskClient) -> None:
    layout = client.get(
        "/_dash-layout", headers={"Referer": "http://localhost/map?year=2016&network=net-b"}
    ).get_json()
    shell = find(layout, Shell.URL)
    assert shell is not None and shell["props"]["pathname"] == "/map"
    page = find(layout, Map.URL)  # its own location starts at the URL: mounting it changes nothing
    assert page is not None
    assert page["props"]["search"] == "?year=2016&network=net-b"
    assert page["props"]["pathname"] == "/map"
    data = find(layout, Map.MAP_DATA)
    assert data is not None and data["props"]["data"]["figure"]["data"]  # the map draws at once
    assert find(layout, Map.MAP_KEY)["props"]["data"] == "?network=net-b"  # type: ignore[index]


def test_layout_without_a_referer_leaves_the_page_to_the_router(client: FlaskClient) -> None:
    layout = client.get("/_dash-layout").get_json()
    assert find(layout, Shell.URL)["props"].get("pathname") is None  # type: ignore[index]
    assert find(layout, Trends.URL) is None and find(layout, Map.URL) is None


def test_map_page_preloads_its_outline_and_other_pages_do_not(client: FlaskClient) -> None:
    def preloaded(url: str) -> list[str]:
        page = client.get(url).get_data(as_text=True)
        return re.findall(r'<link rel="preload" href="([^"]+)" as="fetch"', page)

    assert preloaded("/map") == ["/assets/vendor/topojson/world_110m.json"]
    assert preloaded("/map?region=africa") == ["/assets/vendor/topojson/world_50m.json"]
    assert preloaded("/trends") == []


def test_pages_ask_for_the_code_of_the_dcc_components_they_show_at_once(
    client: FlaskClient,
) -> None:
    """dcc.Graph, Dropdown and Slider load their code only once drawn: the page's HTML asks for
    it with the other scripts (web/dash_internals.py, item 7)."""

    def scripts(url: str) -> list[str]:
        page = client.get(url).get_data(as_text=True)
        link = r'<link rel="preload" href="[^"]*/dcc/async-(\w+)\.js" as="script">'
        return re.findall(link, page)

    assert scripts("/map?region=africa") == ["graph", "dropdown", "slider"]
    assert scripts("/trends") == ["graph", "dropdown"]
    assert scripts("/") == ["graph"]
    assert scripts("/presentation") == ["upload"]
    assert scripts("/no-such-page") == []


def test_pages_load_the_regenerator_runtime_not_the_babel_polyfill(client: FlaskClient) -> None:
    scripts = re.findall(r'<script src="([^"]+)"', client.get("/").get_data(as_text=True))
    assert scripts[1] == "/assets/vendor/regenerator-runtime.js"  # after the early requests
    assert not [s for s in scripts if "polyfill" in s]


def test_pages_ask_for_their_layout_before_the_scripts_load(client: FlaskClient) -> None:
    """The head's first script requests the layout and callbacks the renderer will ask for."""
    page = client.get("/interventions?themes=youth-violence").get_data(as_text=True)
    head = page[: page.index("</head>")]
    found = re.search(r'<script src="([^"]+)" data-urls="([^"]+)"></script>', head)
    assert found is not None and found.group(1) == "/assets/head/early.js"
    assert found.group(2).split() == ["/_dash-layout", "/_dash-dependencies"]
    assert head.index(found.group(0)) < head.index("<link")  # before the stylesheets
    assert client.get(found.group(1)).status_code == 200
    # not also among the page's own scripts (assets/head is left out of Dash's list)
    assert page.count("early.js") == 1


def test_pages_come_with_their_first_answer(client: FlaskClient) -> None:
    """The chart is in the layout: the page draws without a callback round trip."""
    layout = client.get(
        "/_dash-layout", headers={"Referer": "http://localhost/trends?cities=alpha,beta"}
    ).get_json()
    graph = find(layout, Trends.GRAPH)
    assert graph is not None
    names = {trace.get("name") for trace in graph["props"]["figure"]["data"]}
    assert {"Álpha", "Beta"} <= names
    city = client.get("/_dash-layout", headers={"Referer": "http://localhost/city/alpha"})
    cards = find(city.get_json(), City.CARDS)
    assert cards is not None and cards["props"]["children"]


def test_the_map_page_leaves_its_overview_for_after_the_map(client: FlaskClient) -> None:
    layout = client.get("/_dash-layout", headers={"Referer": "http://localhost/map"}).get_json()
    assert find(layout, Map.BY_REGION)["props"].get("figure") is None  # type: ignore[index]
    assert find(layout, Map.TABLE) is None  # the member list comes with its library, later


def test_warming_computes_the_shared_data(built: Path) -> None:
    """What every request of a view shares is computed by the warming, not on demand."""
    from app import create_app

    fresh = Repository(built)
    warm(create_app(repo=fresh), fresh, paths=(), embeds_at=())
    derived = fresh.snapshot.derived
    assert "observation rows" in derived
    assert ("city labels", "en") in derived and ("city labels", "fr") in derived
    assert any(isinstance(k, tuple) and k[0] == "intervention facet labels" for k in derived)


def test_a_failing_warm_up_does_not_stop_a_worker(built: Path) -> None:
    done: list[str] = []

    def broken(repo: Repository) -> None:
        raise ValueError("no such table")

    shared(Repository(built), [broken, lambda repo: done.append("next")])  # logs, goes on
    assert done == ["next"]
