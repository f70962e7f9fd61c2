"""Pages that are not there answer 404 with a page that helps: nearby cities, a city search,
every view; and no Embed or "Add to presentation" (the share bar hides on it: a browser test)."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from components.ids import Shell


def _layout(client: FlaskClient, url: str) -> str:
    answer = client.get("/_dash-layout", headers={"Referer": f"http://localhost{url}"})
    return json.dumps(json.loads(answer.get_data(as_text=True)), ensure_ascii=False)


@pytest.mark.parametrize(
    "url",
    ["/does-not-exist", "/city/nowhere", "/trends/extra", "/interventions?intervention=nope"],
)
def test_unknown_pages_and_ids_answer_404(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 404
    page = _layout(client, url)
    assert "Page not found" in page and Shell.MISSING in page
    assert 'href": "/ranking"' in page and 'href": "/trends"' in page  # every view
    assert Shell.MISSING_SEARCH in page  # the city search


@pytest.mark.parametrize(
    "url", ["/city/alpha", "/city", "/interventions?intervention=alpha-youth", "/ranking"]
)
def test_known_pages_answer_200(client: FlaskClient, url: str) -> None:
    assert client.get(url).status_code == 200
    assert Shell.MISSING not in _layout(client, url)


def test_a_near_miss_suggests_the_city(client: FlaskClient) -> None:
    page = _layout(client, "/city/alpah")
    assert '"/city/alpha"' in page and "Did you mean" in page


def test_the_search_box_suggests_for_a_typed_name(client: FlaskClient) -> None:
    response = client.get("/city?city=Alpha")  # a name typed, not an id
    assert response.status_code == 404
    assert '"/city/alpha"' in _layout(client, "/city?city=Alpha")
