"""Callback handlers called as plain functions, and the CSV routes through Flask's test client."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import plotly
import plotly.graph_objects as go
from dash import no_update
from flask.testing import FlaskClient

from callbacks import routing
from callbacks.charts import opened_table
from callbacks.url_state import next_search, with_display_params
from components.ids import Trends
from data.queries.trends import TrendsState
from data.repository import Repository
from views import interventions, overview, trends
from views.trends import table_of


def _text(component: object) -> str:
    """Every string in the component tree (its repr would cut long trees short)."""
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def test_trends_update_follows_the_url(repo: Repository) -> None:
    figure, notice, summary, href, *_rest = trends.update(
        repo, "?indicator=homicide-rate&cities=alpha&national=false"
    )
    assert isinstance(figure, dict)  # a plain figure dict (style.finished): plotly checks it here
    figure = go.Figure(figure)
    kinds = [(t.meta["series"], t.name) for t in figure.data]
    assert kinds == [
        ("glide-path", "Glide path to halve by 2030"),
        ("city", "Álpha"),
        ("interventions", "Álpha"),
        ("interventions-key", "Interventions (band below)"),
    ]
    assert notice is None  # alpha's values are real: no demo notice
    assert summary.startswith("Homicide rate in Álpha fell from 12.0 in 2015 to 7.0 in 2023.")
    assert "Álpha too close to call (latest: 2023)" in summary
    assert href == "/data/trends.csv?indicator=homicide-rate&cities=alpha&national=0&network=net-a"


def test_trends_update_shows_the_demo_notice_when_a_demo_value_is_drawn(repo: Repository) -> None:
    _figure, notice, *_rest = trends.update(repo, "?cities=alpha,gamma")
    assert "Demo data" in _text(notice)


def test_trends_empty_selection_says_so(repo: Repository) -> None:
    figure, _notice, summary, *_rest = trends.update(
        repo, "?indicator=perceived-safety&cities=beta"
    )
    assert summary == "No data for this selection."
    assert figure.layout.annotations[0].text == "No data for this selection."


def test_trends_progress_table_and_span_list(repo: Repository) -> None:
    *_first, progress, span_list = trends.update(repo, "?cities=alpha,beta,delta")
    text = _text(progress)
    assert "Too close to call (latest: 2023)" in text and "Not enough data" in text
    assert "Data too old to judge (latest: 2021)" in text  # delta
    assert "has not pledged the goal of Network A" in text  # delta is a grantee
    assert "(2021)*" in text  # delta: 3 events in 2021, unstable, starred
    assert "/interventions?intervention=alpha-youth" in _text(span_list)
    assert "/interventions?intervention=beta-women" in _text(span_list)


def test_the_trends_table_is_built_once_opened_for_the_pages_url(repo: Repository) -> None:
    search = "?cities=alpha,beta,delta"

    def fill_table(_repo: Repository, opened: int | None, search: str, pathname: str) -> object:
        """The trends page's table as callbacks/trends.py registers it."""
        return opened_table(Trends.URL, lambda _p, q: table_of(repo, q), opened, pathname, search)

    assert fill_table(repo, None, search, "/trends") is no_update  # folded: nothing built
    table = _text(fill_table(repo, 1, search, "/trends"))
    assert "Glide path: Álpha" in table and "Beta" in table
    assert fill_table(repo, 2, search, "/map") is no_update  # the next page's URL, met as it goes
    assert "No city is chosen" in _text(fill_table(repo, 1, "?cities=-", "/trends"))


def test_other_views_update(repo: Repository) -> None:
    _fig, _notice, cards, text, _statuses = overview.update(repo, "?network=net-a")
    assert "3 cities" in text or "cities" in _text(cards)
    found = interventions.update(repo, "?group=funder")
    assert len(found) == len(interventions.OUTPUTS)


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
    query = "indicator=homicide-rate&cities=beta,alpha&from=2016&median=true"
    response = client.get(f"/data/trends.csv?{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "observatory-trends.csv" in response.headers["Content-Disposition"]
    table = pd.read_csv(io.BytesIO(response.data), keep_default_na=False, na_values=[""])
    assert list(table.columns[:9]) == [
        "city_id",
        "city",
        "country",
        "indicator",
        "year",
        "value",
        "count",
        "population",
        "source",
    ]
    figure, *_ = trends.update(repo, "?" + query)
    figure = go.Figure(figure)
    drawn = {
        (t.meta["series"], t.meta.get("city_id", t.name), x): y
        for t in figure.data
        if t.meta["series"] != "interventions"
        for x, y in zip(t.x, t.y)
        if not pd.isna(y)
    }
    rows = table[table["plotted"].notna()]
    key = [c if isinstance(c, str) else n for c, n in zip(rows["city_id"], rows["city"])]
    csv = {
        (s, k, y): round(v, 2)
        for s, k, y, v in zip(rows["series"], key, rows["year"], rows["plotted"])
    }
    assert csv == drawn
    assert set(table["series"]) == {"city", "national", "median", "glide-path"}
    assert table["year"].min() == 2016
    alpha_2020 = table[(table["series"] == "city") & (table["city_id"] == "alpha")]
    assert alpha_2020.set_index("year").loc[2020, ["value", "count", "population"]].tolist() == [
        9.0,
        90,
        1000000,
    ]


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


def test_trends_says_what_to_choose_and_which_years_exist(repo: Repository) -> None:
    figure, _notice, summary, _href, progress, _spans = trends.update(repo, "?cities=-")
    assert summary.startswith("No city is chosen. Choose one or more cities")
    assert [t for t in figure.data if t.x is not None and len(t.x)] == [] and progress is None
    # Álpha's homicide rates run from 2015 to 2023 (tests/fixtures/raw/observations.csv)
    reversed_ = trends.update(repo, "?cities=alpha&from=2020&to=2010")[2]
    assert reversed_ == (
        "The years are reversed: from 2020 to 2010. Choose a first year before the last; "
        "these cities have data from 2015 to 2023."
    )
    outside = trends.update(repo, "?cities=alpha&from=1990&to=1995")[2]
    assert (
        outside
        == "There are no values from 1990 to 1995: these cities have data from 2015 to 2023."
    )
    assert "1990" in _text(trends.page(repo, "?cities=alpha&from=1990&to=1995"))  # not blank
    later = trends.update(repo, "?cities=alpha&from=2030")[2]
    assert later == "There are no values from 2030 on: these cities have data from 2015 to 2023."


def test_a_cleared_city_picker_is_no_city_not_the_default() -> None:
    from callbacks.url_state import next_search
    from data.queries.trends import TrendsState
    from views import VIEWS

    wiring = VIEWS.named("trends").wiring  # type: ignore[union-attr]
    assert wiring is not None
    cleared = next_search(TrendsState, "?indicator=homicide-rate", {"cities": []}, wiring.adjust)
    assert cleared == "?indicator=homicide-rate&cities=-"
    picked = next_search(TrendsState, cleared, {"cities": ["alpha"]}, wiring.adjust)
    assert picked == "?indicator=homicide-rate&cities=alpha"


def test_the_trends_summary_stays_short_for_many_cities(demo_repo: Repository) -> None:
    """Twelve cities: counts in two sentences, not a sentence per city (issue 18)."""
    ids = demo_repo.table("cities").index[:12]
    _figure, _notice, summary, *_rest = trends.update(
        demo_repo, "?indicator=homicide-rate&cities=" + ",".join(ids)
    )
    assert summary.startswith("Homicide rate, 12 cities: rose in ")
    found = re.search(r"rose in (\d+), fell in (\d+), unchanged in (\d+)", summary)
    assert found and sum(int(n) for n in found.groups()) <= 12
    names = demo_repo.table("cities").loc[ids, "name"]
    assert not [n for n in names if n in summary]  # no city by name
    assert len(summary) < 400
