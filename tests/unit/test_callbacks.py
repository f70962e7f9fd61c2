"""Callback handlers called as plain functions, and the CSV routes through Flask's test client."""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go
import pytest
from flask.testing import FlaskClient

from app import create_app
from callbacks import interventions, overview, routing, trends
from callbacks.url_state import next_search, with_display_params
from data.queries.trends import TrendsState
from data.repository import Repository


@pytest.fixture(scope="module")
def client(repo: Repository) -> FlaskClient:
    return create_app(repo=repo).server.test_client()


def _text(component: object) -> str:
    return str(component.to_plotly_json())  # type: ignore[attr-defined]


def test_trends_update_follows_the_url(repo: Repository) -> None:
    figure, notice, summary, href = trends.update(repo, "?indicator=homicide-rate&cities=alpha")
    assert isinstance(figure, go.Figure)
    assert [t.name for t in figure.data] == ["Álpha"]
    assert notice is None  # alpha's values are real: no demo notice
    assert summary == "Homicide rate in Álpha fell from 12.0 in 2015 to 7.0 in 2023."
    assert href == "/data/trends.csv?indicator=homicide-rate&cities=alpha"


def test_trends_update_shows_the_demo_notice_when_a_demo_value_is_drawn(repo: Repository) -> None:
    _figure, notice, _summary, _href = trends.update(repo, "?cities=alpha,gamma")
    assert "Demo data" in _text(notice)


def test_trends_empty_selection_says_so(repo: Repository) -> None:
    figure, _notice, summary, _href = trends.update(repo, "?indicator=perceived-safety&cities=beta")
    assert summary == "No data for this selection."
    assert figure.layout.annotations[0].text == "No data for this selection."


def test_other_views_update(repo: Repository) -> None:
    _fig, _notice, cards, text = overview.update(repo, "?network=net-a")
    assert "3 cities" in text or "cities" in _text(cards)
    _fig, _notice, text, href = interventions.update(repo, "?group=funder")
    assert href == "/data/interventions.csv?group=funder"
    assert "3 interventions in 3 cities" in text


def test_router_renders_pages_and_a_not_found(repo: Repository) -> None:
    assert "Violence trends" in _text(routing.render(repo, "/trends", "?cities=alpha"))
    assert "Violence trends" in _text(routing.render(repo, "/trends/", ""))
    assert "Page not found" in _text(routing.render(repo, "/nowhere", ""))
    notice = _text(routing.render(repo, "/trends", "?colour=red"))
    assert "colour" in notice and "not understood" in notice


def test_control_change_writes_a_url_that_keeps_display_params() -> None:
    search = next_search(
        TrendsState, "?cities=alpha&lang=en", {"indicator": "x", "cities": ["alpha", "beta"]}
    )
    assert search == "?indicator=x&cities=alpha,beta&lang=en"
    assert with_display_params("", "?colour=red") == ""


def test_trends_csv_matches_the_chart(repo: Repository, client: FlaskClient) -> None:
    query = "indicator=homicide-rate&cities=beta,alpha&from=2016"
    response = client.get(f"/data/trends.csv?{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "observatory-trends.csv" in response.headers["Content-Disposition"]
    table = pd.read_csv(io.BytesIO(response.data))
    figure, *_ = trends.update(repo, "?" + query)
    drawn = {(t.name, x): y for t in figure.data for x, y in zip(t.x, t.y) if not pd.isna(y)}
    assert {(r.city, r.year): round(r.value, 2) for r in table.itertuples()} == drawn


def test_bad_query_gets_a_400_naming_the_parameter(client: FlaskClient) -> None:
    response = client.get("/data/trends.csv?from=yesterday")
    assert response.status_code == 400
    assert "Parameter 'from'" in response.get_data(as_text=True)
    assert client.get("/data/nothing.csv").status_code == 404


def test_cities_csv_lists_every_city(client: FlaskClient) -> None:
    table = pd.read_csv(io.BytesIO(client.get("/data/cities.csv").data))
    assert table["city_id"].tolist() == ["alpha", "beta", "delta", "gamma"]
    assert {"name", "country", "lat", "lon", "population", "region"} <= set(table.columns)


def test_other_csvs(client: FlaskClient) -> None:
    for view in ("interventions", "map", "memberships", "overview"):
        response = client.get(f"/data/{view}.csv")
        assert response.status_code == 200 and len(response.data) > 50, view


def test_page_declares_its_language(client: FlaskClient) -> None:
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
