"""Before/after statistics on constructed series whose break is known."""

from __future__ import annotations

import numpy as np
import pytest

from data.queries.evidence import (
    MIN_POINTS,
    NotEnoughData,
    difference_in_differences,
    means,
    segmented_regression,
)

YEARS = list(range(2008, 2024))  # 16 years; the intervention starts in 2016: 8 before, 8 after
START = 2016


def _series(level: float, slope: float, noise: np.ndarray | None = None) -> list[float]:
    t = np.asarray(YEARS) - START
    after = t >= 0
    values = 20 + 0.5 * t + level * after + slope * t * after
    return list(values + (0 if noise is None else noise))


def test_an_exact_break_is_recovered_exactly() -> None:
    fit = segmented_regression(YEARS, _series(level=-4, slope=-1), START)
    assert fit.pre_slope.value == pytest.approx(0.5)
    assert fit.level.value == pytest.approx(-4)
    assert fit.slope.value == pytest.approx(-1)
    assert fit.at_last.value == pytest.approx(-4 - 1 * 7)  # 2023 is 7 years after 2016
    assert (fit.n_before, fit.n_after, fit.last_year) == (8, 8, 2023)
    assert fit.level.high - fit.level.low == pytest.approx(0, abs=1e-6)


def test_the_pre_trend_is_projected_over_the_after_years() -> None:
    fit = segmented_regression(YEARS, _series(level=-4, slope=-1), START)
    lines = fit.lines.set_index("year")
    # the counterfactual keeps rising at 0.5 a year from 20 in 2016
    assert lines.at[2020, "projected"] == pytest.approx(22)
    assert lines.at[2020, "fitted"] == pytest.approx(22 - 4 - 4)
    assert lines.at[2010, "fitted"] == pytest.approx(lines.at[2010, "projected"])


def test_a_noisy_break_lies_inside_its_interval() -> None:
    noise = np.random.default_rng(7).normal(0, 1, len(YEARS))
    fit = segmented_regression(YEARS, _series(level=-6, slope=-1, noise=noise), START)
    assert fit.level.low < -6 < fit.level.high
    assert fit.slope.low < -1 < fit.slope.high
    assert fit.level.excludes_zero and fit.level.high < 0


def test_intervals_cover_the_truth_about_95_times_in_100() -> None:
    rng = np.random.default_rng(2024)
    hits = 0
    runs = 400
    for _ in range(runs):
        fit = segmented_regression(
            YEARS, _series(level=-3, slope=0.4, noise=rng.normal(0, 2, len(YEARS))), START
        )
        hits += fit.level.low <= -3 <= fit.level.high
    assert 0.91 <= hits / runs <= 0.99


def test_no_break_gives_an_interval_around_zero_more_often_than_not() -> None:
    rng = np.random.default_rng(11)
    clear = sum(
        segmented_regression(
            YEARS, _series(0, 0, rng.normal(0, 1, len(YEARS))), START
        ).level.excludes_zero
        for _ in range(200)
    )
    assert clear / 200 < 0.1  # about 5% false alarms, by construction of a 95% interval


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
    assert means([2021, 2022], [1, 2], 2020) is None


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
