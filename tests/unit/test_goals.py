"""The halve-by-2030 rule against cases computed by hand (the arithmetic is in each comment)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from data.queries import goals
from data.queries.goals import Reason, Status
from data.queries.small_numbers import count_interval, rate_interval, unstable


def _series(values: dict[int, float], counts: dict[int, float] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": list(values),
            "value": list(values.values()),
            "count": [(counts or {}).get(y, math.nan) for y in values],
        }
    )


def test_reference_year_alone_when_the_year_before_is_a_gap() -> None:
    # The fixture city alpha: 2018 missing, so the baseline is 2019 alone: 10.0, target 5.0.
    series = _series(
        {2015: 12.0, 2016: 11.5, 2017: 11.0, 2019: 10.0, 2020: 9.0, 2021: 8.0, 2023: 7.0},
        {2019: 100},
    )
    progress = goals.assess(series, 2019)
    assert progress.baseline == goals.Baseline(2019, (2019,), 10.0, 100.0)
    assert progress.target == 5.0
    assert (progress.latest_year, progress.latest_value) == (2023, 7.0)
    # glide path in 2023: 10 * 0.5 ** (4 / 11) = 7.772; 7.0 is below it
    assert progress.expected == pytest.approx(7.772, abs=1e-3)
    assert progress.status is Status.ON_TRACK
    assert progress.change == pytest.approx(-0.30)
    # (7 / 10) ** (1 / 4) - 1 = -8.53% a year so far; (5 / 7) ** (1 / 7) - 1 = -4.69% still needed
    assert progress.achieved == pytest.approx(-0.0853, abs=1e-4)
    assert progress.needed == pytest.approx(-0.0469, abs=1e-4)


def test_three_year_average_around_the_reference_year() -> None:
    series = _series(
        {2018: 30.0, 2019: 24.0, 2020: 21.0, 2023: 20.0}, {2018: 300, 2019: 240, 2020: 210}
    )
    progress = goals.assess(series, 2019)
    # (30 + 24 + 21) / 3 = 25, from 750 events; target 12.5
    assert progress.baseline == goals.Baseline(2019, (2018, 2019, 2020), 25.0, 750.0)
    assert progress.target == 12.5
    # glide path in 2023: 25 * 0.5 ** (4 / 11) = 19.43 < 20: off track
    assert progress.expected == pytest.approx(19.430, abs=1e-3)
    assert progress.status is Status.OFF_TRACK
    # (20 / 25) ** (1 / 4) - 1 = -5.43%; (12.5 / 20) ** (1 / 7) - 1 = -6.49%
    assert progress.achieved == pytest.approx(-0.0543, abs=1e-4)
    assert progress.needed == pytest.approx(-0.0649, abs=1e-4)


def test_reference_year_without_data_uses_the_years_either_side() -> None:
    series = _series({2018: 18.0, 2020: 14.0, 2022: 10.0})
    progress = goals.assess(series, 2019)
    # (18 + 14) / 2 = 16; no counts, so the number of events is unknown (not "too few")
    assert progress.baseline == goals.Baseline(2019, (2018, 2020), 16.0, None)
    # 16 * 0.5 ** (3 / 11) = 13.244 in 2022; 10 is below it
    assert progress.expected == pytest.approx(13.244, abs=1e-3)
    assert progress.status is Status.ON_TRACK
    # (10 / 16) ** (1 / 3) - 1 = -14.50%; (8 / 10) ** (1 / 8) - 1 = -2.75%
    assert progress.achieved == pytest.approx(-0.1450, abs=1e-4)
    assert progress.needed == pytest.approx(-0.0275, abs=1e-4)


def test_reference_year_without_data_and_one_side_only_is_not_enough() -> None:
    progress = goals.assess(_series({2020: 14.0, 2021: 12.0, 2022: 10.0}), 2019)
    assert progress.status is Status.NOT_ENOUGH_DATA
    assert progress.reason is Reason.NO_BASELINE
    assert progress.baseline is None and progress.target is None
    assert (progress.latest_year, progress.latest_value) == (2022, 10.0)  # still shown


def test_few_events_at_baseline_give_no_status() -> None:
    # The fixture city delta: 2, 0 and 3 homicides in a town of 80,000 (2.5, 0.0, 3.75 per 100k)
    series = _series({2019: 2.5, 2020: 0.0, 2021: 3.75}, {2019: 2, 2020: 0, 2021: 3})
    progress = goals.assess(series, 2019)
    assert progress.baseline == goals.Baseline(2019, (2019,), 2.5, 2.0)  # 2018 is missing
    assert progress.status is Status.NOT_ENOUGH_DATA
    assert progress.reason is Reason.FEW_EVENTS
    assert progress.target == 1.25 and progress.achieved is None


def test_a_zero_baseline_has_no_target_to_reach() -> None:
    progress = goals.assess(_series({2018: 0.0, 2019: 0.0, 2020: 0.0, 2022: 1.0}), 2019)
    assert progress.reason is Reason.ZERO_BASELINE


def test_zero_events_in_the_latest_year_reach_the_target() -> None:
    series = _series({2019: 10.0, 2021: 0.0}, {2019: 100, 2021: 0})
    progress = goals.assess(series, 2019)
    assert progress.status is Status.ON_TRACK
    assert progress.reached and progress.needed is None
    assert progress.achieved == pytest.approx(-1.0)


def test_gaps_after_the_baseline_measure_change_over_the_real_span() -> None:
    series = _series({2019: 10.0, 2022: 9.5}, {2019: 100, 2022: 95})
    progress = goals.assess(series, 2019)
    # glide path in 2022: 10 * 0.5 ** (3 / 11) = 8.28 < 9.5: off track
    assert progress.status is Status.OFF_TRACK
    # (9.5 / 10) ** (1 / 3) - 1 = -1.70%; (5 / 9.5) ** (1 / 8) - 1 = -7.71%
    assert progress.achieved == pytest.approx(-0.0170, abs=1e-4)
    assert progress.needed == pytest.approx(-0.0771, abs=1e-4)


def test_nothing_after_the_baseline_years() -> None:
    series = _series({2018: 30.0, 2019: 24.0, 2020: 21.0}, {2018: 300, 2019: 240, 2020: 210})
    progress = goals.assess(series, 2019)
    assert progress.reason is Reason.NO_LATER_YEAR
    assert progress.baseline is not None and progress.baseline.value == 25.0


def test_after_the_goal_year_only_the_target_counts() -> None:
    series = _series({2019: 10.0, 2031: 4.0}, {2019: 100, 2031: 40})
    progress = goals.assess(series, 2019)
    assert progress.status is Status.ON_TRACK and progress.needed is None
    assert progress.expected == 5.0


def test_glide_path_halves_the_baseline_by_2030() -> None:
    path = goals.glide_path(goals.Baseline(2019, (2019,), 40.0, None))
    assert path.index.tolist() == list(range(2019, 2031))
    assert path[2019] == 40.0 and path[2030] == pytest.approx(20.0)
    # the same percentage each year: 0.5 ** (1 / 11) - 1 = -6.11%
    assert (path.pct_change().dropna() + 0.0611).abs().max() < 1e-4


def test_reference_year_must_come_before_the_goal() -> None:
    with pytest.raises(ValueError, match="2030"):
        goals.assess(_series({2030: 1.0}), 2030)


def test_small_numbers_are_unstable_with_an_exact_interval() -> None:
    count = pd.Series([0, 2, 10, 100, None], dtype="float64")
    population = pd.Series([80_000, 80_000, 1_000_000, 50_000, None], dtype="Int64")
    assert unstable(count, population).tolist() == [True, True, False, True, False]
    low, high = count_interval(count)
    # Garwood's exact interval, e.g. in Ulm (1990) or any table of Poisson limits
    assert low[:4].round(3).tolist() == [0.0, 0.242, 4.795, 81.364]
    assert high[:4].round(3).tolist() == [3.689, 7.225, 18.390, 121.627]
    assert math.isnan(low[4]) and math.isnan(high[4])
    rate_low, rate_high = rate_interval(count, population)
    assert rate_low[1] == pytest.approx(0.242209 / 80_000 * 100_000, rel=1e-5)
    assert rate_high[2] == pytest.approx(1.839, abs=1e-3)
