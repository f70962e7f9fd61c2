"""The mayor's page on the fixture data, judged as in 2026: alpha (too close to call, 2019 alone
as baseline), beta (published rates without counts: no status), gamma (outside the goal network,
on track), delta (a grantee whose latest value, 2021, is too old)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from flask.testing import FlaskClient

from callbacks import routing
from components.ids import City
from data.pipeline.build import build
from data.queries import city as queries
from data.queries.city import CityState
from data.queries.goals import Status
from data.repository import Repository
from views import city


def _text(component: object) -> str:
    if isinstance(component, list):
        return " ".join(_text(c) for c in component)
    return str(component.to_plotly_json())  # type: ignore[attr-defined]


def test_profile_of_a_city_too_close_to_call(repo: Repository) -> None:
    p = queries.profile(repo, CityState(city="alpha"))
    assert p.state.indicator == "homicide-rate"
    assert p.goal is not None and p.goal.network_id == "net-a" and p.own_goal
    # 225 events in 2021-2023: 6.55 to 8.55 around the glide path's 8.29 (docs/methods.md)
    assert p.progress is not None and p.progress.status is Status.TOO_CLOSE
    # pledging members of net-a: alpha (founding member) and beta (member); delta is a grantee.
    # beta's published rates have no count or interval, so it has no status to rank by
    assert p.rank is not None and (p.rank.position, p.rank.of) == (1, 1)
    assert p.peers["city_id"].tolist() == ["beta"]  # the only other city in its region
    assert p.peers.iloc[0][["year", "value", "status"]].tolist() == [
        2023,
        48.0,
        "not-enough-data",
    ]
    assert queries.networks(repo, "alpha")[["network_id", "role", "joined"]].values.tolist() == [
        ["net-b", "Steering committee", 2016],
        ["net-a", "Founding member", 2019],
    ]
    assert p.interventions["intervention_id"].tolist() == ["alpha-youth"]


def test_a_city_outside_the_goal_network_is_measured_against_the_default_goal(
    repo: Repository,
) -> None:
    p = queries.profile(repo, CityState(city="gamma"))
    assert p.goal is not None and p.goal.network_id == "net-a" and not p.own_goal
    # 10.0 in 2019 (200 events), 5.0 in 2023 from 100 events: 4.07 to 6.08, wholly below the
    # glide path's 7.77 but not below the target of 5.0: on track, target not yet reached
    assert p.progress is not None and p.progress.status is Status.ON_TRACK
    assert not p.progress.reached and p.progress.needed is None
    assert p.rank is None  # not a pledging member of any network: never ranked
    assert p.peers.empty  # alone in its region
    why = city.update(repo, "/city/gamma", "")[1]
    assert "not a member of Network A" in why


def test_an_old_latest_value_gives_no_status_and_a_grantee_no_rank(repo: Repository) -> None:
    cards, why, *_rest = city.update(repo, "/city/delta", "?indicator=homicide-rate")
    text = _text(cards)
    # delta's latest value is from 2021; in 2026 a status needs 2023 or later
    assert "Data too old to judge (latest: 2021)" in text
    assert "a status needs a value from 2023 or later" in text
    assert "latest value is from 2021" in why
    # delta is a grantee of Network A: judged against its goal for comparison, never ranked
    assert "Not ranked: grantee of Network A" in text
    assert "as grantee, not as a city that pledged its goal" in why
    # 2 events in 2019: unstable, with its interval (0.242 to 7.225 events in 80,000)
    assert "unstable: 3 events" in text


def test_update_fills_the_page(repo: Repository) -> None:
    cards, why, figure, notice, summary, href, interventions, peers = city.update(
        repo, "/city/alpha", "?indicator=homicide-rate"
    )
    text = _text(cards)
    assert "Latest (2023)" in text and "7.0" in text and "−30.0%" in text
    assert "Too close to call (latest: 2023)" in text and "1 / 1" in text
    assert "95% interval 6.6–8.5 around the glide path's 8.3" in text
    assert "Halving it means 5.0 by 2030" in why and "Status: too close to call." in why
    assert "Judged on 2021–2023 together (225 events)" in why
    figure = go.Figure(figure)  # a plain figure dict (style.finished): plotly checks it here
    assert figure.layout.title.subtitle.text == (
        "Toward halving by 2030: Too close to call (latest: 2023)"
    )
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
    assert "/trends?indicator=homicide-rate&cities=alpha,beta" in _text(peers)  # compared
    assert "Glide path: Álpha" in _text(
        city.table_of(repo, "/city/alpha", "?indicator=homicide-rate")
    )


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


def test_age_is_said_before_any_other_reason(repo: Repository) -> None:
    # delta's baseline (2019 alone, 2 events) is too few too, but its age is said first
    p = queries.profile(repo, CityState(city="delta"))
    assert p.progress is not None and p.progress.status is Status.TOO_OLD
    assert p.progress.reason is None and p.progress.baseline is not None
    assert p.progress.baseline.few_events


def test_a_city_with_no_goal_network_is_told_what_to_set(raw_copy: Path, tmp_path: Path) -> None:
    networks = raw_copy / "networks.csv"
    text = networks.read_text(encoding="utf-8").replace(",2019,police", ",,police")
    networks.write_text(text, encoding="utf-8")
    out = tmp_path / "processed"
    assert build(raw_copy, out).ok
    cards, why, *_rest = city.update(Repository(out), "/city/alpha", "?indicator=homicide-rate")
    text = _text(cards)
    assert "Higher is better" not in text
    assert "No network in the observatory sets a reference year" in text
    assert "reference_year in networks.csv" in text and why == ""
