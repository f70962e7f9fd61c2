"""/ranking: the league table on the fixture data (hand arithmetic in comments) and the
question the view was made for, asked of the demo data."""

from __future__ import annotations

import io
import json
from typing import get_args

import pandas as pd
import plotly
import pytest
from flask.testing import FlaskClient

from data.queries.goals import Status
from data.queries.overview import OverviewState, status_counts
from data.queries.progress import goal_for_network, progress_of
from data.queries.ranking import (
    FEW_EVENTS,
    NO_VALUE,
    RankingState,
    StatusFilter,
    rank_range,
    ranking_frame,
    resolve,
)
from data.repository import Repository
from views import ranking

QUESTION = "indicator=homicide-rate&year=2013&country=COL&min_population=500000"


def _state(query: str) -> RankingState:
    return RankingState.from_query(query)


def _text(component: object) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


def test_filters_and_ranks_on_the_fixture(repo: Repository) -> None:
    frame = ranking_frame(repo, _state("year=2021&country=COL&min_population=500000"))
    # COL: alpha (1,000,000) and beta (500,000, the band's lower end counts); gamma is in KEN,
    # delta in BEL. Beta reports 44.0 as a rate; alpha 80 events / 1,000,000 = 8.0
    assert frame["city_id"].tolist() == ["beta", "alpha"]
    assert frame["rank"].tolist() == [1, 2]
    alpha = frame.set_index("city_id").loc["alpha"]
    assert alpha["value"] == pytest.approx(8.0)
    # exact Poisson 95% interval of 80 events: 63.44 to 99.57, per 100,000 of 1,000,000
    assert alpha["low"] == pytest.approx(6.344, abs=0.001)
    assert alpha["high"] == pytest.approx(9.957, abs=0.001)
    beta = frame.set_index("city_id").loc["beta"]
    assert pd.isna(beta["low"])  # a rate given as such has no interval of ours


def test_unstable_values_and_gaps_are_never_ranked(repo: Repository) -> None:
    frame = ranking_frame(repo, _state("year=2021")).set_index("city_id")
    # 2021: delta counted 3 events (under 20); gamma has no 2021 value
    assert frame.loc["delta", "not_ranked"] == FEW_EVENTS and pd.isna(frame.loc["delta", "rank"])
    assert bool(frame.loc["delta", "unstable"])
    assert frame.loc["gamma", "not_ranked"] == NO_VALUE and pd.isna(frame.loc["gamma", "rank"])
    assert frame.index.tolist() == ["beta", "alpha", "delta", "gamma"]  # ranked ones first
    summary = ranking.describe(repo, resolve(repo, _state("year=2021")), frame.reset_index())
    assert "One value rests on fewer than 20 events" in summary
    assert "One city has no value for 2021" in summary


def test_status_is_the_one_the_other_pages_show(repo: Repository) -> None:
    frame = ranking_frame(repo, _state("year=2021"))
    goal = goal_for_network(repo, "")
    found = progress_of(repo, "homicide-rate", frame["city_id"], goal)
    assert frame["status"].tolist() == [found[c].status.value for c in frame["city_id"]]
    # the 2030 goal is to halve; a share of people who feel safe has none
    safety = ranking_frame(repo, _state("indicator=perceived-safety&year=2021"))
    assert set(safety["status"]) == {""}


def test_overview_counts_link_to_exactly_those_cities(repo: Repository) -> None:
    for network in ("", "net-a"):
        counts = status_counts(repo, OverviewState(network=network))
        assert sum(counts.values()) > 0
        for status, n in counts.items():
            shown = ranking_frame(repo, RankingState(network=network, status=status.value))
            assert len(shown) == n, (network, status)
    # net-a today: alpha, beta (members) and delta (grantee)
    assert sum(status_counts(repo, OverviewState(network="net-a")).values()) == 3


def test_page_csv_and_embed(client: FlaskClient, repo: Repository) -> None:
    query = "year=2021&country=COL&min_population=500000"
    assert client.get(f"/ranking?{query}").status_code == 200
    csv = pd.read_csv(io.BytesIO(client.get(f"/data/ranking.csv?{query}").data))
    assert csv["city_id"].tolist() == ["beta", "alpha"]
    assert client.get(f"/embed/ranking?{query}").status_code == 200
    assert client.get("/data/ranking.csv?status=nonsense").status_code == 400
    refused = client.get("/data/ranking.csv?country=XXX")
    assert refused.status_code == 400 and "country" in refused.get_data(as_text=True)
    page = client.get("/_dash-layout", headers={"Referer": "http://localhost/ranking?country=XXX"})
    assert "XXX" in page.get_data(as_text=True)  # the page says what it ignored
    figure, _notice, summary, href, table = ranking.update(repo, f"?{query}")
    behind = pd.read_csv(io.BytesIO(client.get(href).data))  # the chart's own rows
    assert behind["city_id"].tolist() == ["beta", "alpha"]
    assert "Beta" in summary and "44" in summary
    assert [t.name for t in figure.data] == ["Ranked"]
    assert "/city/alpha" in _text(table)


def test_the_question_it_was_made_for(demo_repo: Repository) -> None:
    """Which Colombian city of over 500,000 people had the highest homicide rate in 2013?"""
    demo = demo_repo
    frame = ranking_frame(demo, _state(QUESTION))
    cities = demo.table("cities")
    assert len(frame) and set(frame["country"]) == {"COL"}
    assert (frame["population"] >= 500_000).all()
    assert set(frame["year"]) == {2013}
    ranked = frame[frame["rank"].notna()]
    assert ranked["value"].is_monotonic_decreasing and ranked["rank"].iloc[0] == 1
    assert not (ranked["count"] < 20).any()  # never a place for an unstable value
    # every Colombian city of that size with a 2013 value is in it
    obs = demo.table("observations")
    wanted = obs[(obs["indicator_id"] == "homicide-rate") & (obs["year"] == 2013)]
    wanted = wanted[wanted["city_id"].map(cities["country"]) == "COL"]
    wanted = wanted[wanted["population"].fillna(wanted["city_id"].map(cities["population"])) >= 5e5]
    assert set(frame.loc[frame["value"].notna(), "city_id"]) == set(wanted["city_id"])
    assert {s.value for s in Status} >= set(frame["status"])


def test_status_filter_takes_every_status() -> None:
    assert set(get_args(StatusFilter)) == {"", *(s.value for s in Status)}


def test_a_year_without_data_names_the_years_that_exist(repo: Repository) -> None:
    _figure, _notice, summary, _href, _table = ranking.update(repo, "?year=1990")
    # the fixture's homicide rates run from 2015 (Álpha) to 2023
    assert "No city has a value that can be ranked for 1990." in summary
    assert "Homicide rate values exist from 2015 to 2023." in summary


def test_figure_keeps_unstable_values_apart_with_their_intervals(repo: Repository) -> None:
    from components.figures.ranking import ranking_figure

    frame = ranking_frame(repo, _state("year=2021"))
    drawn = frame[frame["value"].notna()].assign(status_text="status")
    figure = ranking_figure(drawn, title="t", unit="per 100,000", source="s")
    ranked, apart = figure.data
    assert list(ranked.y) == ["1. Beta", "2. Álpha"]
    assert list(apart.y) == ["– Delta (not ranked)"] and apart.marker.pattern.shape == "/"
    # Delta: 3 events in 80,000 people, 3.75 per 100,000, 95% interval 0.77 to 10.96
    assert apart.error_x.array[0] == pytest.approx(10.96 - 3.75, abs=0.01)
    assert apart.error_x.arrayminus[0] == pytest.approx(3.75 - 0.77, abs=0.01)


def test_a_chart_passed_around_alone_says_which_cities_it_ranks(demo_repo: Repository) -> None:
    """A slide's or a picture's title names the filters: 'in 2013, highest first' alone would
    pass a Colombian table of large cities off as the whole network's."""
    assert ranking.chart(demo_repo, _state(QUESTION)).title == (
        "Homicide rate in 2013 (Colombia; 500,000 people or more), highest first"
    )
    assert ranking.chart(demo_repo, _state("year=2013")).title == (
        "Homicide rate in 2013, highest first"
    )
    banded = _state("year=2013&region=europe&min_population=100000&max_population=900000")
    assert ranking.chart(demo_repo, banded).title == (
        "Homicide rate in 2013 (Europe; 100,000 to 900,000 people), highest first"
    )


def test_overlapping_intervals_give_the_places_a_city_could_hold() -> None:
    index = list("abcdef")
    values = pd.Series([55.0, 50.6, 50.5, 33.0, 20.0, None], index=index)
    low = pd.Series([50.0, 48.0, 49.0, 30.0, None, None], index=index)
    high = pd.Series([60.0, 53.0, 52.0, 35.0, None, None], index=index)
    best, worst = rank_range(values, low, high)
    # a: nobody's low end is above 60, so 1st at best; b's and c's high ends (53, 52) reach
    # above its low end (50), so 3rd at worst. d: three low ends (50, 48, 49) lie above its
    # high end 35, so 4th at best; four high ends above 30, its own among them: 4th at worst.
    # e has no interval: exactly 5th. f has no value: no place.
    assert best.tolist()[:5] == [1, 1, 1, 4, 5]
    assert worst.tolist()[:5] == [3, 3, 3, 4, 5]
    assert pd.isna(best["f"]) and pd.isna(worst["f"])


def test_the_question_names_cities_that_could_swap_places(demo_repo: Repository) -> None:
    frame = ranking_frame(demo_repo, _state(QUESTION))
    ranked = frame[frame["rank"].notna()]
    assert (ranked["rank_best"] <= ranked["rank"]).all()
    assert (ranked["rank"] <= ranked["rank_worst"]).all()
    assert (ranked["rank_best"] != ranked["rank_worst"]).any()  # 2013: Cali and Bogotá overlap
    # two cities whose intervals overlap could each hold the other's place
    for (_i, a), (_j, b) in zip(ranked.iterrows(), ranked.iloc[1:].iterrows()):
        if a["low"] < b["high"]:
            assert a["rank_worst"] >= b["rank"] and b["rank_best"] <= a["rank"]
