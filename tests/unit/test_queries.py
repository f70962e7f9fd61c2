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


def _plotted(chart: trends.Chart, series: str, key: str, column: str = "plotted") -> dict:
    rows = chart.lines[(chart.lines["series"] == series) & (chart.lines["city"] == key)]
    return {int(y): v for y, v in zip(rows["year"], rows[column])}


def test_three_year_averages_need_all_three_years_of_their_own_line(repo: Repository) -> None:
    """Álpha's rates are 12, 11.5, 11 (2015-2017), a gap in 2018, then 10, 9, 8, 7.5, 7; Beta's
    40, 42, 44, 46, 48 (2019-2023); Colombia's 25, 24, 26.5 (2019-2021): the mean of y-1, y
    and y+1, where all three have a value of the same line."""
    state = trends.TrendsState(
        indicator="homicide-rate", cities=("alpha", "beta"), smooth=True, network="net-a"
    )
    chart = trends.chart(repo, state, today=date(2026, 1, 1))
    nan = float("nan")
    expected = {2015: nan, 2016: 11.5, 2017: nan, 2019: nan, 2020: 9.0, 2021: 8.5 - 1 / 3}
    expected |= {2022: 7.5, 2023: nan}
    assert _plotted(chart, "city", "Álpha") == pytest.approx(expected, nan_ok=True)
    assert _plotted(chart, "city", "Álpha", "rolling_3y") == pytest.approx(expected, nan_ok=True)
    beta = {2019: nan, 2020: 42.0, 2021: 44.0, 2022: 46.0, 2023: nan}
    assert _plotted(chart, "city", "Beta") == pytest.approx(beta, nan_ok=True)
    national = _plotted(chart, "national", "Colombia (national)")
    assert national == pytest.approx({2019: nan, 2020: 75.5 / 3, 2021: nan}, nan_ok=True)
    assert chart.cities["low"].isna().all()  # no interval around an average of three years


def test_each_line_is_indexed_to_its_own_baseline(repo: Repository) -> None:
    """Reference year 2019 (Network A), no 2018 anywhere: each line's 2019 value is its 100."""
    state = trends.TrendsState(
        indicator="homicide-rate", cities=("alpha", "gamma", "delta"), index=True, network="net-a"
    )
    chart = trends.chart(repo, state, today=date(2026, 1, 1))
    alpha = _plotted(chart, "city", "Álpha")
    assert alpha[2019] == pytest.approx(100.0)
    assert alpha[2015] == pytest.approx(120.0) and alpha[2023] == pytest.approx(70.0)
    assert _plotted(chart, "city", "Gamma") == pytest.approx({2019: 100.0, 2023: 50.0})
    # Delta: 2, 0 and 3 homicides among 80,000: 2.5, 0 and 3.75 per 100,000
    assert _plotted(chart, "city", "Delta") == pytest.approx({2019: 100.0, 2020: 0.0, 2021: 150.0})
    national = _plotted(chart, "national", "Colombia (national)")
    assert national == pytest.approx({2019: 100.0, 2020: 96.0, 2021: 106.0})
    assert chart.not_indexed == ()


def test_lines_without_a_baseline_are_named_and_left_undrawn(repo: Repository) -> None:
    """Perceived safety: Álpha has 2019 (45.5) and 2021 (50.0); Gamma only 2021, so neither
    2019 nor both 2018 and 2020: no baseline."""
    state = trends.TrendsState(
        indicator="perceived-safety", cities=("gamma", "alpha"), index=True, network="net-a"
    )
    chart = trends.chart(repo, state, today=date(2026, 1, 1))
    assert chart.not_indexed == ("Gamma",)
    assert _plotted(chart, "city", "Álpha") == pytest.approx({2019: 100.0, 2021: 5000 / 45.5})
    assert chart.cities.loc[chart.cities["city_id"] == "gamma", "plotted"].isna().all()
