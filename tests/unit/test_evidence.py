"""Before/after statistics on constructed series whose break is known, and a seeded simulation
of series where nothing changed (the page must almost never claim a change there)."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest

from data.queries.evidence import (
    ASSUMED_AUTOCORRELATION,
    MIN_POINTS,
    NotEnoughData,
    difference_in_differences,
    means,
    segmented_regression,
)
from tests.doc_tables import methods_table

YEARS = list(range(2008, 2024))  # 16 years; the intervention starts in 2016: 8 before, 8 after
START = 2016


def _series(level: float, slope: float, noise: np.ndarray | None = None) -> list[float]:
    t = np.asarray(YEARS) - START
    after = t >= 0
    values = 20 + 0.5 * t + level * after + slope * t * after
    return list(values + (0 if noise is None else noise))


def test_an_exact_break_is_recovered_exactly() -> None:
    fit = segmented_regression(YEARS, _series(level=-4, slope=-1), START)
    assert not fit.counts  # values without counts: least squares on the values
    assert fit.pre_slope.value == pytest.approx(0.5)
    assert fit.level.value == pytest.approx(-4)
    assert fit.slope.value == pytest.approx(-1)
    assert fit.at_last.value == pytest.approx(-4 - 1 * 7)  # 2023 is 7 years after 2016
    # the after years are t = 0..7, 3.5 on average: -4 - 1 × 3.5
    assert fit.average.value == pytest.approx(-7.5)
    assert (fit.n_before, fit.n_after, fit.last_year) == (8, 8, 2023)
    assert fit.level.high - fit.level.low == pytest.approx(0, abs=1e-6)


def test_the_pre_trend_is_projected_over_the_after_years() -> None:
    fit = segmented_regression(YEARS, _series(level=-4, slope=-1), START)
    lines = fit.lines.set_index("year")
    # the counterfactual keeps rising at 0.5 a year from 20 in 2016
    assert lines.at[2020, "projected"] == pytest.approx(22)
    assert lines.at[2020, "fitted"] == pytest.approx(22 - 4 - 4)
    assert lines.at[2010, "fitted"] == pytest.approx(lines.at[2010, "projected"])


def test_counts_are_modelled_as_rates_with_the_population_as_offset() -> None:
    # 1,000,000 people; 200 events a year before, exactly 150 after: the rate falls by 25%
    population = [1_000_000] * len(YEARS)
    counts = [200.0 if y < START else 150.0 for y in YEARS]
    rates = [c / 10 for c in counts]
    fit = segmented_regression(YEARS, rates, START, counts, population)
    assert fit.counts
    assert fit.level.relative and fit.level.value == pytest.approx(-0.25, abs=1e-9)
    assert fit.slope.value == pytest.approx(0, abs=1e-9)
    assert fit.average.value == pytest.approx(-0.25, abs=1e-9)
    lines = fit.lines.set_index("year")
    assert lines.at[2020, "projected"] == pytest.approx(20.0)  # per 100,000
    assert lines.at[2020, "fitted"] == pytest.approx(15.0)
    # a growing population with the same counts is a falling rate, and the model sees it
    growing = [1_000_000 * 1.05 ** (y - YEARS[0]) for y in YEARS]
    flat = [200.0] * len(YEARS)
    trend = segmented_regression(YEARS, flat, START, flat, growing)
    assert trend.pre_slope.value == pytest.approx(1 / 1.05 - 1, abs=1e-9)  # -4.76% a year
    assert trend.level.value == pytest.approx(0, abs=1e-9)


def test_a_noisy_count_break_lies_inside_its_interval() -> None:
    rng = np.random.default_rng(7)
    population = np.full(len(YEARS), 2_000_000.0)
    truth = np.where(np.asarray(YEARS) < START, 400.0, 240.0)  # -40% at the start
    counts = rng.poisson(truth).astype(float)
    fit = segmented_regression(YEARS, counts / 20, START, counts, population)
    assert fit.level.low < -0.4 < fit.level.high
    assert fit.average.excludes_zero and fit.average.high < 0


def test_a_year_without_a_count_falls_back_to_the_values() -> None:
    counts = [200.0] * len(YEARS)
    counts[3] = float("nan")
    fit = segmented_regression(YEARS, [20.0] * len(YEARS), START, counts, [1e6] * len(YEARS))
    assert not fit.counts and not fit.level.relative


def test_fewer_than_12_values_a_side_always_allow_for_autocorrelation() -> None:
    fit = segmented_regression(YEARS, _series(0, 0, np.zeros(len(YEARS))), START)
    assert not fit.autocorrelation_ruled_out
    assert fit.allowed_autocorrelation == ASSUMED_AUTOCORRELATION
    years = list(range(1990, 2014))  # 12 and 12
    white = np.random.default_rng(3).normal(0, 1, len(years))
    long_fit = segmented_regression(years, list(20 + white), 2002)
    assert long_fit.autocorrelation_ruled_out
    assert long_fit.allowed_autocorrelation < ASSUMED_AUTOCORRELATION


def test_autocorrelated_residuals_are_measured() -> None:
    walk = np.cumsum(np.random.default_rng(3).normal(0, 1, len(YEARS)))
    fit = segmented_regression(YEARS, _series(0, 0, walk * 3), START)
    white = segmented_regression(
        YEARS, _series(0, 0, np.random.default_rng(3).normal(0, 1, len(YEARS))), START
    )
    assert fit.residual_autocorrelation > white.residual_autocorrelation


def test_too_few_points_on_either_side_refuse_to_estimate() -> None:
    years = [2013, 2014, 2015, 2016, 2017, 2018, 2019]
    with pytest.raises(NotEnoughData) as error:
        segmented_regression(years, [1.0] * len(years), START)
    assert (error.value.before, error.value.after, error.value.needed) == (3, 4, MIN_POINTS)


def test_gaps_do_not_count_as_points() -> None:
    values = _series(-4, -1)
    values[0] = values[3] = values[5] = float("nan")  # 8 years before, 3 of them missing
    assert segmented_regression(YEARS, values, START).n_before == 5
    values[1] = values[6] = float("nan")  # 3 left
    with pytest.raises(NotEnoughData) as error:
        segmented_regression(YEARS, values, START)
    assert (error.value.before, error.value.after) == (3, 8)


def test_means_before_and_after_by_hand() -> None:
    result = means([2018, 2019, 2020, 2021, 2022], [10, 20, float("nan"), 4, 8], 2020)
    assert result is not None
    assert (result.before, result.after) == (15, 6)
    assert (result.n_before, result.n_after) == (2, 2)
    assert result.years_before == (2018, 2019) and result.years_after == (2021, 2022)
    assert result.change == -9
    assert result.difference is not None and result.difference.value == pytest.approx(-9)
    assert result.difference.low < -9 < result.difference.high
    assert means([2021, 2022], [1, 2], 2020) is None


def test_means_of_counts_give_the_change_in_the_pooled_rate() -> None:
    # 100 + 120 events before, 60 + 70 after, 1,000,000 people each year: 130 / 220 - 1 = -40.9%
    result = means([2018, 2019, 2021, 2022], [10, 12, 6, 7], 2020, [100, 120, 60, 70], [1e6] * 4)
    assert result is not None and result.difference is not None
    assert result.difference.relative
    assert result.difference.value == pytest.approx(130 / 220 - 1)


def test_difference_in_differences_recovers_a_known_change_in_the_gap() -> None:
    rng = np.random.default_rng(5)
    t = np.asarray(YEARS) - START
    comparison = 30 + 0.8 * t + rng.normal(0, 1, len(YEARS))
    city = comparison + 5 - 3 * (t >= 0) + rng.normal(0, 0.5, len(YEARS))
    did = difference_in_differences(YEARS, list(city), list(comparison), START)
    assert did.estimate.low < -3 < did.estimate.high
    assert did.estimate.value == pytest.approx(did.gap_after - did.gap_before)
    assert did.gap_before == pytest.approx(5, abs=0.5)
    assert did.parallel_before


def test_difference_in_differences_flags_gaps_that_already_drifted() -> None:
    t = np.asarray(YEARS) - START
    comparison = 30 + np.sin(t)
    city = comparison + 2 * t  # drifting apart long before the start
    did = difference_in_differences(YEARS, list(city), list(comparison), START)
    assert not did.parallel_before
    with pytest.raises(NotEnoughData):
        difference_in_differences(YEARS[:10], list(city[:10]), list(comparison[:10]), START)


# The seeded simulation: series in which nothing changes at the start. Each is a city of
# 1,000,000 with about 200 events a year on a trend of -2% a year; the log of its rate carries
# AR(1) errors (lag-1 correlation rho, standard deviation 0.15), and the counts are Poisson
# around it. The page claims a change when `claims_change` holds (the headline interval excludes
# zero). 300 series a cell: a method that truly claimed in 15% of runs would pass the 10% bound
# with a chance under 1%.
SIMULATION_RUNS = 300
SIMULATION_SEED = 2016
RHOS = (0.0, 0.5, 0.8)
SIDES = (4, 6, 10)


def _no_change(rng: np.random.Generator, side: int, rho: float) -> tuple[np.ndarray, ...]:
    years = np.arange(START - side, START + side)
    sigma = 0.15
    errors = np.empty(len(years))
    errors[0] = rng.normal(0, sigma)
    for i in range(1, len(years)):
        errors[i] = rho * errors[i - 1] + rng.normal(0, sigma * math.sqrt(1 - rho**2))
    counts = rng.poisson(200 * np.exp(-0.02 * (years - START) + errors)).astype(float)
    population = np.full(len(years), 1_000_000.0)
    return years, counts / population * 100_000, counts, population


@functools.cache  # the test and the docs check share the runs
def simulate_no_change(rho: float, side: int, runs: int = SIMULATION_RUNS) -> float:
    """The share of series without any change where the page claims one."""
    rng = np.random.default_rng([SIMULATION_SEED, round(rho * 10), side])
    claims = 0
    for _run in range(runs):
        years, rates, counts, population = _no_change(rng, side, rho)
        fit = segmented_regression(years, rates, START, counts, population)
        claims += fit.claims_change
    return claims / runs


@pytest.mark.parametrize("rho", RHOS)
def test_without_a_change_the_page_almost_never_claims_one(rho: float) -> None:
    for side in SIDES:
        assert simulate_no_change(rho, side) <= 0.10, (rho, side)


def test_methods_prints_the_simulation_it_reports() -> None:
    rows = methods_table("before-after-simulation")
    assert sorted(rows) == list(RHOS)
    for rho, shown in rows.items():
        actual = [100 * simulate_no_change(rho, side) for side in SIDES]
        assert shown == pytest.approx(actual, abs=1.0), (rho, actual)


def test_the_count_model_is_statsmodels_poisson_glm_with_an_offset() -> None:
    """Our regression (fast enough to simulate thousands of series) against the reference."""
    import statsmodels.api as sm

    rng = np.random.default_rng(1)
    population = rng.integers(500_000, 2_000_000, len(YEARS)).astype(float)
    counts = rng.poisson(population / 100_000 * 15).astype(float)
    fit = segmented_regression(YEARS, counts / population * 100_000, START, counts, population)
    t = np.asarray(YEARS, dtype=float) - START
    after = (t >= 0).astype(float)
    design = np.column_stack([np.ones_like(t), t, after, after * t])
    reference = sm.GLM(
        counts, design, family=sm.families.Poisson(), offset=np.log(population / 100_000)
    ).fit()
    b = reference.params
    assert fit.pre_slope.value == pytest.approx(math.expm1(b[1]), abs=1e-8)
    assert fit.level.value == pytest.approx(math.expm1(b[2]), abs=1e-8)
    assert fit.slope.value == pytest.approx(math.expm1(b[3]), abs=1e-8)
