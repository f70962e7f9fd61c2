"""The mayor's page on the fixture data: alpha (on track, 2019 alone as baseline), beta (off
track, its peer), gamma (outside the goal network), delta (too few events)."""

from __future__ import annotations

import io

import pandas as pd
from flask.testing import FlaskClient

from callbacks import city, routing
from components.ids import City
from data.queries import city as queries
from data.queries.city import CityState
from data.queries.goals import Reason, Status
from data.repository import Repository


def _text(component: object) -> str:
    if isinstance(component, list):
        return " ".join(_text(c) for c in component)
    return str(component.to_plotly_json())  # type: ignore[attr-defined]


def test_profile_of_a_city_on_track(repo: Repository) -> None:
    p = queries.profile(repo, CityState(city="alpha"))
    assert p.state.indicator == "homicide-rate"
    assert p.goal is not None and p.goal.network_id == "net-a" and p.own_goal
    assert p.progress is not None and p.progress.status is Status.ON_TRACK
    # members of net-a with a status: alpha (-30%) and beta (48 / 40 - 1 = +20%); delta's
    # baseline rests on 2 events, so it has no change to compare
    assert p.rank is not None and (p.rank.position, p.rank.of) == (1, 2)
    assert p.peers["city_id"].tolist() == ["beta"]  # the only other city in its region
    assert p.peers.iloc[0][["year", "value", "status"]].tolist() == [2023, 48.0, "off-track"]
    assert p.networks[["network_id", "role", "joined"]].values.tolist() == [
        ["net-b", "Steering committee", 2016],
        ["net-a", "Founding member", 2019],
    ]
    assert p.interventions["intervention_id"].tolist() == ["alpha-youth"]


def test_a_city_outside_the_goal_network_is_measured_against_the_default_goal(
    repo: Repository,
) -> None:
    p = queries.profile(repo, CityState(city="gamma"))
    assert p.goal is not None and p.goal.network_id == "net-a" and not p.own_goal
    # 10.0 in 2019 (200 events), 5.0 in 2023: the target is already reached
    assert p.progress is not None and p.progress.reached and p.progress.needed is None
    assert p.peers.empty  # alone in its region
    why = city.update(repo, "/city/gamma", "")[1]
    assert "not a member of Network A" in why


def test_few_events_give_no_status_and_say_why(repo: Repository) -> None:
    cards, why, *_rest = city.update(repo, "/city/delta", "?indicator=homicide-rate")
    assert "Not enough data" in _text(cards)
    assert "2 events" in why


def test_update_fills_the_page(repo: Repository) -> None:
    cards, why, figure, notice, summary, table, href, interventions, peers = city.update(
        repo, "/city/alpha", "?indicator=homicide-rate"
    )
    text = _text(cards)
    assert "Latest (2023)" in text and "7.0" in text and "−30.0%" in text
    assert "On track" in text and "1 / 2" in text
    assert "Halving it means 5.0 by 2030" in why and "on track" in why
    series = [t.meta["series"] for t in figure.data]
    assert series == ["national", "glide-path", "city", "interventions", "interventions-key"]
    glide = figure.data[1]
    assert (glide.x[0], glide.y[0]) == (2019, 10.0) and (glide.x[-1], glide.y[-1]) == (2030, 5.0)
    assert notice is None
    assert summary.startswith("Homicide rate in Álpha fell from 12.0 in 2015 to 7.0 in 2023.")
    assert href == "/data/city.csv?city=alpha&indicator=homicide-rate"
    assert "/interventions?intervention=alpha-youth" in _text(interventions)
    assert City.TIMELINE in _text(interventions)
    assert "/city/beta" in _text(peers)
    assert "Glide path: Álpha" in _text(table)


def test_an_indicator_where_higher_is_better_has_no_halving_goal(repo: Repository) -> None:
    cards, why, *_rest = city.update(repo, "/city/alpha", "?indicator=perceived-safety")
    assert "No halving goal" in _text(cards)
    assert why == ""


def test_router_serves_city_pages_and_the_city_index(repo: Repository) -> None:
    assert "Álpha: violence and the 2030 goal" in _text(routing.render(repo, "/city/alpha", ""))
    assert "Network B" in _text(routing.render(repo, "/city/alpha/", "?indicator=homicide-rate"))
    index = _text(routing.render(repo, "/city", ""))
    assert "City profiles" in index and "/city/delta" in index
    assert "There is no city 'nowhere'" in _text(routing.render(repo, "/city/nowhere", ""))


def test_city_csv_is_the_trends_csv_of_the_same_view(client: FlaskClient) -> None:
    response = client.get("/data/city.csv?city=alpha&indicator=homicide-rate")
    assert response.status_code == 200
    table = pd.read_csv(io.BytesIO(response.data))
    trends = pd.read_csv(
        io.BytesIO(client.get("/data/trends.csv?cities=alpha&indicator=homicide-rate").data)
    )
    pd.testing.assert_frame_equal(table, trends)
    assert set(table["series"]) == {"city", "national", "glide-path"}
    missing = client.get("/data/city.csv?city=nowhere")
    assert missing.status_code == 400
    assert "no city 'nowhere'" in missing.get_data(as_text=True)


def test_reason_for_a_zero_baseline_is_kept(repo: Repository) -> None:
    # delta's 2020 count is 0, but its baseline (2019 alone, 2 events) fails first on few events
    p = queries.profile(repo, CityState(city="delta"))
    assert p.progress is not None and p.progress.reason is Reason.FEW_EVENTS
