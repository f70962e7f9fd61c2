"""The demo shows a newcomer every judgement the observatory makes (judged as in 2026, see
tests/conftest.py): on track, off track, too close to call, data too old, a series break, and a
grantee that is judged for comparison but never ranked."""

from __future__ import annotations

import pytest

from data.demo.generate import BREAK, STOPPED, write_demo
from data.pipeline.build import build
from data.queries.city import CityState, profile
from data.queries.goals import Status
from data.queries.progress import goal_for_network, progress_of
from data.repository import Repository


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Repository:
    folder = tmp_path_factory.mktemp("demo")
    write_demo(folder / "raw")
    assert build(folder / "raw", folder / "processed").ok
    return Repository(folder / "processed")


def test_every_status_appears(demo: Repository) -> None:
    goal = goal_for_network(demo, "pioc")
    found = progress_of(demo, "homicide-rate", list(demo.table("cities").index), goal)
    statuses = {p.status for p in found.values()}
    assert {Status.ON_TRACK, Status.OFF_TRACK, Status.TOO_CLOSE, Status.TOO_OLD} <= statuses
    for city, last in STOPPED.items():
        assert found[city].status is Status.TOO_OLD and found[city].latest_year == last
    city, year, _factor = BREAK
    assert found[city].break_year == year


def test_a_grantee_is_judged_but_not_ranked(demo: Repository) -> None:
    # Nairobi: an organisation there received a Peace Incentive Fund grant; the city did not
    # pledge (see data/demo/facts.py)
    p = profile(demo, CityState(city="nairobi", indicator="homicide-rate"))
    assert p.goal is not None and p.goal.network_id == "pioc" and not p.own_goal
    assert p.goal_roles == ("grantee",) and p.rank is None
    assert p.progress is not None and p.progress.status in (
        Status.ON_TRACK,
        Status.OFF_TRACK,
        Status.TOO_CLOSE,
    )
    cali = profile(demo, CityState(city="cali", indicator="homicide-rate"))
    assert cali.own_goal and cali.rank is not None  # a member (and a grantee): ranked


def test_the_stopped_series_end_where_the_demo_says(demo: Repository) -> None:
    obs = demo.table("observations")
    for city, last in STOPPED.items():
        assert obs.loc[obs["city_id"] == city, "year"].max() == last
