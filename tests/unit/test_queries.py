"""View queries on the fixture data, checked against values computed by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data.queries import interventions, overview, trends
from data.queries.common import (
    attribution,
    city_indicators,
    current_members,
    observations,
    reporting_cities,
)
from data.repository import Repository


def test_trend_series_keeps_the_chosen_order_and_leaves_gaps_out(repo: Repository) -> None:
    frame = trends.series(
        repo, trends.TrendsState(indicator="homicide-rate", cities=("beta", "alpha"))
    )
    assert frame["city_id"].drop_duplicates().tolist() == ["beta", "alpha"]
    alpha = frame[frame["city_id"] == "alpha"]
    assert 2018 not in alpha["year"].tolist()  # no row: a gap, not an invented value
    assert alpha.set_index("year").at[2015, "value"] == pytest.approx(12.0)
    assert alpha.set_index("year").at[2015, "count"] == 120
    assert list(frame.columns[:9]) == [
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


def test_trend_years_and_unknown_cities(repo: Repository) -> None:
    state = trends.TrendsState(
        indicator="homicide-rate", cities=("alpha", "nowhere"), start=2020, end=2021
    )
    frame = trends.series(repo, state)
    assert frame["year"].tolist() == [2020, 2021]
    assert set(frame["city_id"]) == {"alpha"}


def test_trend_defaults_are_goal_network_members_largest_first(repo: Repository) -> None:
    state = trends.resolve(repo, trends.TrendsState())
    assert state.indicator == "homicide-rate"
    # net-a (reference year 2019) has alpha (1,000,000), beta (500,000), delta (80,000)
    assert state.cities == ("alpha", "beta", "delta")


def test_current_members_exclude_those_who_left(repo: Repository) -> None:
    assert set(current_members(repo, "net-b")) == {"alpha"}  # gamma left in 2021
    assert len(current_members(repo, "")) == 4


def test_overview_median_and_headline(repo: Repository) -> None:
    state = overview.OverviewState(network="net-a")
    trend = overview.median_trend(repo, state).set_index("year")
    # 2019: alpha 10.0, beta 40.0, delta 2.5 -> median 10.0
    assert trend.at[2019, "median"] == pytest.approx(10.0)
    assert trend.at[2019, "cities"] == 3
    facts = overview.headline(repo, state)
    assert (facts.cities, facts.countries, facts.interventions) == (3, 2, 2)
    assert facts.reference_year == 2019 and facts.reference_median == pytest.approx(10.0)
    assert facts.latest_year == 2023
    assert facts.attribution.simulated  # delta's values are demo values


def test_unknown_network_falls_back_to_all(repo: Repository) -> None:
    assert overview.resolve(repo, overview.OverviewState(network="nope")).network == ""


def test_interventions_run_to_today_while_ongoing(repo: Repository) -> None:
    frame = interventions.listing(
        repo, interventions.InterventionsState(group="theme"), today=date(2026, 1, 1)
    ).set_index("intervention_id")
    assert frame.at["beta-women", "end"] == pd.Timestamp("2026-01-01")
    assert bool(frame.at["beta-women", "open_end"])
    assert not bool(frame.at["alpha-youth", "open_end"])
    assert frame.at["alpha-youth", "group"] == "Youth violence prevention"


def test_interventions_filter_by_theme(repo: Repository) -> None:
    frame = interventions.listing(
        repo, interventions.InterventionsState(themes=("organised-crime",))
    )
    assert frame["intervention_id"].tolist() == ["gamma-radio"]


def test_attribution_names_publishers_and_flags_demo(repo: Repository) -> None:
    real = attribution(repo, ["police", "survey", "police"])
    assert real.sources == ("National Police, 2024", "Statistics Office, 2023")
    assert not real.simulated
    assert "Demo data" not in real.text()
    mixed = attribution(repo, ["police", "demo"])
    assert mixed.simulated and mixed.text().endswith("Demo data: simulated values")


def test_spans_of_years_without_interventions_are_empty(repo: Repository) -> None:
    from data.queries.trends import spans

    assert spans(repo, ("alpha",), 2011, 2011).empty  # alpha's only one ran 2018-2021
    assert list(spans(repo, ("alpha", "beta"), 2011, 2030)["intervention_id"]) == [
        "alpha-youth",
        "beta-women",
    ]


def test_city_choices_keep_the_chosen_and_find_what_was_typed(repo: Repository) -> None:
    from data.queries import options

    every = options.city_choices(repo)
    assert len(every) == len(repo.table("cities"))  # the fixture is small: all of them
    found = options.city_choices(repo, "alp", chosen=["beta"])
    assert [o["value"] for o in found] == ["beta", "alpha"]  # chosen first, accents aside
    assert options.city_choices(repo, "no such place") == []
    assert options.city_choices(repo, chosen=["nowhere"]) == every


def test_observations_are_the_rows_a_filter_on_the_table_gives(repo: Repository) -> None:
    """The build's index of rows by indicator and city gives the same rows, in table order."""
    obs = repo.table("observations")
    for indicator in [*repo.table("indicators").index, "no-such-indicator"]:
        for cities in [("beta", "alpha"), ("gamma",), (), ("alpha", "nowhere", "alpha")]:
            wanted = obs[(obs["indicator_id"] == indicator) & obs["city_id"].isin(cities)]
            pd.testing.assert_frame_equal(observations(repo, indicator, cities), wanted)
    for indicator in repo.table("indicators").index:
        rows = obs[obs["indicator_id"] == indicator]
        assert reporting_cities(repo, indicator) == set(rows["city_id"])
    assert reporting_cities(repo, "no-such-indicator") == set()
    assert city_indicators(repo, "alpha") == set(obs.loc[obs["city_id"] == "alpha", "indicator_id"])
    assert city_indicators(repo, "nowhere") == set()
