"""dash-ag-grid's bundle comes with the member list's answer, not with every page."""

from __future__ import annotations

import json
import re

from app import create_app
from components.ids import Map
from data.repository import Repository


def member_list_body(search: str) -> bytes:
    """The request /map sends for its member list, as Dash's renderer writes it."""
    return json.dumps(
        {
            "output": f"{Map.TABLE_HOLDER}.children",
            "outputs": {"id": Map.TABLE_HOLDER, "property": "children"},
            "inputs": [
                {"id": Map.URL, "property": "search", "value": search},
                {"id": Map.LIST_WANTED, "property": "data", "value": True},
            ],
            "changedPropIds": [f"{Map.LIST_WANTED}.data"],
            "state": [],
        }
    ).encode()


def test_pages_do_not_load_the_grid_library(repo: Repository) -> None:
    page = create_app(repo=repo).server.test_client().get("/map").get_data(as_text=True)
    scripts = " ".join(re.findall(r'<script src="([^"]+)"', page))
    assert "dash_bootstrap_components" in scripts  # other libraries still load with the page
    assert "dash_ag_grid" not in scripts


def test_an_answer_with_a_grid_names_the_bundle_and_the_bundle_is_served(repo: Repository) -> None:
    client = create_app(repo=repo).server.test_client()
    post = lambda body: client.post(  # noqa: E731
        "/_dash-update-component", data=body, content_type="application/json"
    )
    answer = post(member_list_body("?network=net-a&year=2020")).get_json()
    grid = answer["response"][Map.TABLE_HOLDER]["children"]
    assert grid["namespace"] == "dash_ag_grid" and len(grid["props"]["rowData"]) == 2
    [bundle] = answer["dist"]
    assert bundle["type"] == "_js_dist"
    assert re.search(
        r"/_dash-component-suites/dash_ag_grid/dash_ag_grid\.v[\w]+\.min\.js$", bundle["url"]
    )
    assert client.get(bundle["url"]).status_code == 200
    # the same answer again comes from the cache, still with its bundle, and only once
    again = post(member_list_body("?network=net-a&year=2020")).get_json()
    assert again == answer


def test_answers_without_a_grid_name_no_bundle(repo: Repository) -> None:
    app = create_app(repo=repo)
    client = app.server.test_client()
    [(output, _spec)] = [
        (key, spec)
        for key, spec in app.callback_map.items()
        if spec["inputs"][0] == {"id": Map.URL, "property": "search"} and Map.SUMMARY in key
    ]
    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1)))
        for part in output.strip(".").split("...")
    ]
    body = {
        "output": output,
        "outputs": outputs,
        "inputs": [
            {"id": Map.URL, "property": "search", "value": "?year=2020"},
            {"id": Map.READY, "property": "data", "value": True},
        ],
        "changedPropIds": [f"{Map.URL}.search"],
        "state": [],
    }
    answer = client.post("/_dash-update-component", json=body).get_json()
    assert Map.SUMMARY in answer["response"]
    assert "dist" not in answer
