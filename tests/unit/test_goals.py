"""The halve-by-2030 rule against cases computed by hand (the arithmetic is in each comment), and
a seeded simulation of cities whose true rate never changes.

Exact Poisson limits quoted below (Garwood's interval, as in any table of Poisson limits):
k = 0: 0 to 3.689; 12: 6.201 to 20.962; 45: 32.823 to 60.214; 95: 76.861 to 116.133;
225: 196.559 to 256.400; 400: 361.756 to 441.187; 2,250: 2,157.98 to 2,344.93;
2,300: 2,206.95 to 2,395.96.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
import pytest

from data.queries import goals
from data.queries.goals import Point, Reason, Status
from data.queries.small_numbers import count_interval, rate_interval, unstable
from tests.doc_tables import methods_table

NOW = 2026  # the current year of every case: a latest value from 2023 or later is recent


def _series(
    counts: dict[int, float], population: float = 1_000_000, flags: dict[int, str] | None = None
) -> pd.DataFrame:
    """Counts per year for a city of `population`: the rate is count / population × 100,000."""
    return pd.DataFrame(
        {
            "year": list(counts),
            "value": [c / population * 100_000 for c in counts.values()],
            "count": list(counts.values()),
            "population": population,
            "flags": [(flags or {}).get(y, "") for y in counts],
        }
    )


def _values(values: dict[int, float], **columns: dict[int, float]) -> pd.DataFrame:
    """Values without counts (published rates, surveys), with optional `low`/`high` columns."""
    frame = pd.DataFrame({"year": list(values), "value": list(values.values())})
    for name, by_year in columns.items():
        frame[name] = [by_year.get(y, math.nan) for y in values]
    return frame


def _assess(series: pd.DataFrame, **options: int) -> goals.Progress:
    return goals.assess(series, 2019, current_year=options.pop("now", NOW), **options)


# The fixture city Álpha: population 1,000,000; 2018 missing.
ALPHA = {2015: 120, 2016: 115, 2017: 110, 2019: 100, 2020: 90, 2021: 80, 2022: 75, 2023: 70}


def test_a_fall_that_chance_could_explain_is_too_close_to_call() -> None:
    progress = _assess(_series(ALPHA))
    # baseline: 2019 alone (2018 is a gap): 10.0 from 100 events; target 5.0
    assert progress.baseline == goals.Baseline(2019, (2019,), 10.0, 100.0)
    assert progress.target == 5.0
    assert (progress.latest_year, progress.latest_value) == (2023, pytest.approx(7.0))
    # glide path in 2023: 10 × 0.5^(4/11) = 7.772
    assert progress.expected == pytest.approx(7.772, abs=1e-3)
    # judged: 2021-2023 pooled, 80 + 75 + 70 = 225 events in 3,000,000 person-years = 7.5;
    # interval 196.559 / 30 to 256.400 / 30 = 6.552 to 8.547; the glide path over those years:
    # (8.816 + 8.278 + 7.772) / 3 = 8.288. The interval reaches both sides: too close to call.
    judged = progress.judged
    assert judged is not None and judged.years == (2021, 2022, 2023) and judged.events == 225
    assert (judged.value, judged.low, judged.high) == pytest.approx((7.5, 6.552, 8.547), abs=1e-3)
    assert judged.expected == pytest.approx(8.288, abs=1e-3)
    assert progress.status is Status.TOO_CLOSE and not progress.reached
    # the point values still say how far it went: -30%, (7/10)^(1/4) - 1 = -8.53% a year so far,
    # (5/7)^(1/7) - 1 = -4.69% a year still needed
    assert progress.change == pytest.approx(-0.30)
    assert progress.achieved == pytest.approx(-0.0853, abs=1e-4)
    assert progress.needed == pytest.approx(-0.0469, abs=1e-4)


def test_the_same_fall_in_a_city_ten_times_larger_is_on_track() -> None:
    # the same rates from ten times the events: 2,250 events in 2021-2023 over 30,000,000
    # person-years, interval 2,157.98 / 300 to 2,344.93 / 300 = 7.193 to 7.816, below 8.288
    progress = _assess(_series({y: 10 * c for y, c in ALPHA.items()}, 10_000_000))
    assert progress.judged is not None
    assert (progress.judged.low, progress.judged.high) == pytest.approx((7.193, 7.816), abs=1e-3)
    assert progress.status is Status.ON_TRACK and not progress.reached


def test_off_track_only_when_the_whole_interval_lies_above_the_glide_path() -> None:
    counts = {2018: 3000, 2019: 2400, 2020: 2100, 2023: 2300}  # a city of 10,000,000
    progress = _assess(_series(counts, 10_000_000))
    # baseline (30 + 24 + 21) / 3 = 25 from 7,500 events; target 12.5; glide path in 2023:
    # 25 × 0.5^(4/11) = 19.430. 2022 is a gap, so 2023 is judged alone: 23.0, interval
    # 22.070 to 23.960, wholly above: off track.
    assert progress.baseline == goals.Baseline(2019, (2018, 2019, 2020), 25.0, 7500.0)
    assert progress.expected == pytest.approx(19.430, abs=1e-3)
    assert progress.judged is not None and progress.judged.years == (2023,)
    assert progress.judged.low == pytest.approx(22.070, abs=1e-3)
    assert progress.status is Status.OFF_TRACK
    # (23/25)^(1/4) - 1 = -2.06% a year so far; (12.5/23)^(1/7) - 1 = -8.34% needed
    assert progress.achieved == pytest.approx(-0.0206, abs=1e-4)
    assert progress.needed == pytest.approx(-0.0834, abs=1e-4)


def test_a_gap_keeps_the_real_span_and_a_small_count_a_wide_interval() -> None:
    progress = _assess(_series({2019: 100, 2022: 95}), now=2025)
    # 2022 alone: 95 events, 7.686 to 11.613 per 100,000 around the glide path's
    # 10 × 0.5^(3/11) = 8.278: too close to call (the old rule said "off track")
    assert progress.status is Status.TOO_CLOSE
    # (9.5/10)^(1/3) - 1 = -1.70% a year; (5/9.5)^(1/8) - 1 = -7.71% needed
    assert progress.achieved == pytest.approx(-0.0170, abs=1e-4)
    assert progress.needed == pytest.approx(-0.0771, abs=1e-4)


def test_target_reached_only_when_the_interval_lies_below_it() -> None:
    zero = _assess(_series({2019: 100, 2023: 0}))
    # 0 events: 0 to 3.689 events, 0 to 0.369 per 100,000, below the target of 5.0
    assert zero.status is Status.ON_TRACK and zero.reached and zero.needed is None
    assert zero.achieved == pytest.approx(-1.0)
    below = _assess(_series({2019: 100, 2025: 45}))
    # 4.5 is below the target, but its interval 3.282 to 6.021 is not; it is below the glide
    # path's 10 × 0.5^(6/11) = 6.852: on track, target not reached (and no pace needed)
    assert below.status is Status.ON_TRACK and not below.reached and below.needed is None


def test_a_town_of_eleven_baseline_events_gets_no_status() -> None:
    # the case the old rule called "on track, target reached": 11 events, then none
    progress = _assess(_series({2018: 4, 2019: 3, 2020: 4, 2023: 0}, 30_000))
    assert progress.baseline is not None and progress.baseline.events == 11
    assert progress.status is Status.NOT_ENOUGH_DATA and progress.reason is Reason.FEW_EVENTS


def test_fewer_than_twenty_baseline_events_are_too_few() -> None:
    # The fixture city delta: 2, 0 and 3 homicides in a town of 80,000 (2018 missing)
    few = _assess(_series({2019: 2, 2020: 0, 2021: 3}, 80_000), now=2024)
    assert few.baseline == goals.Baseline(2019, (2019,), 2.5, 2.0)
    assert few.reason is Reason.FEW_EVENTS and few.target == 1.25 and few.achieved is None
    # 6 + 6 + 7 = 19 events: one short of 20; 20 would do
    assert _assess(_series({2018: 6, 2019: 6, 2020: 7, 2023: 5})).reason is Reason.FEW_EVENTS
    assert _assess(_series({2018: 6, 2019: 7, 2020: 7, 2023: 5})).reason is None


def test_an_old_latest_value_is_too_old_to_judge() -> None:
    series = _series({2018: 300, 2019: 240, 2020: 210, 2022: 100})
    # in 2026 a value may be 3 years old: 2023 or later. 2022 is too old, whatever it says
    old = _assess(series)
    assert old.status is Status.TOO_OLD and old.latest_year == 2022 and old.oldest_judged == 2023
    assert old.change is None and old.judged is None
    assert _assess(series, now=2025).status is Status.ON_TRACK
    # an indicator may allow older values (max_age in indicators.csv)
    assert _assess(series, max_age=4).status is Status.ON_TRACK
    # Colombia's public municipal series end in 2013: too old, before anything else is said
    colombia = _assess(_series({y: 1500 for y in range(1990, 2014)}))
    assert colombia.status is Status.TOO_OLD and colombia.latest_year == 2013


def test_values_without_a_count_or_an_interval_cannot_be_judged() -> None:
    # The fixture city beta: published rates only, 40 in 2019 rising to 48 in 2023
    beta = _assess(_values({2019: 40.0, 2020: 42.0, 2021: 44.0, 2022: 46.0, 2023: 48.0}))
    assert beta.status is Status.NOT_ENOUGH_DATA and beta.reason is Reason.NO_INTERVAL
    # how far it went is still said (48 / 40 - 1 = +20%), not whether chance could explain it
    assert beta.change == pytest.approx(0.20) and beta.judged is None


def test_a_survey_value_is_judged_on_its_own_interval() -> None:
    values = {2018: 18.0, 2020: 14.0, 2023: 10.0}
    # baseline (18 + 14) / 2 = 16 (2019 missing); glide path in 2023: 16 × 0.5^(4/11) = 12.435
    inside = _assess(_values(values, low={2023: 8.0}, high={2023: 12.0}))
    assert inside.baseline == goals.Baseline(2019, (2018, 2020), 16.0, None)
    assert inside.status is Status.ON_TRACK
    straddles = _assess(_values(values, low={2023: 7.0}, high={2023: 13.0}))
    assert straddles.status is Status.TOO_CLOSE


def test_a_break_between_baseline_and_latest_is_named_and_not_pooled_across() -> None:
    counts = {y: 10 * c for y, c in ALPHA.items()}
    progress = _assess(_series(counts, 10_000_000, flags={2022: "break"}))
    assert progress.break_year == 2022
    # pooling stops at the break: 2022-2023 only (750 + 700 events)
    assert progress.judged is not None and progress.judged.years == (2022, 2023)
    assert progress.judged.events == 1450
    # a break before the baseline years is not between baseline and latest
    assert _assess(_series(counts, 10_000_000, flags={2016: "break"})).break_year is None


def test_a_zero_baseline_has_no_target_to_reach() -> None:
    progress = _assess(_values({2018: 0.0, 2019: 0.0, 2020: 0.0, 2023: 1.0}))
    assert progress.reason is Reason.ZERO_BASELINE


def test_reference_year_without_data_and_one_side_only_is_not_enough() -> None:
    progress = _assess(_series({2020: 140, 2021: 120, 2022: 100, 2023: 100}))
    assert progress.status is Status.NOT_ENOUGH_DATA and progress.reason is Reason.NO_BASELINE
    assert progress.baseline is None and progress.target is None
    assert (progress.latest_year, progress.latest_value) == (2023, 10.0)  # still shown


def test_nothing_after_the_baseline_years() -> None:
    progress = _assess(_series({2018: 300, 2019: 240, 2020: 210}), now=2022)
    assert progress.reason is Reason.NO_LATER_YEAR
    assert progress.baseline is not None and progress.baseline.value == 25.0


def test_after_the_goal_year_only_the_target_counts() -> None:
    progress = _assess(_series({2019: 1000, 2031: 400}, 10_000_000), now=2032)
    # 400 events: 3.618 to 4.412 per 100,000, below the target of 5.0
    assert progress.expected == 5.0
    assert progress.status is Status.ON_TRACK and progress.reached and progress.needed is None


def test_glide_path_halves_the_baseline_by_2030() -> None:
    path = goals.glide_path(goals.Baseline(2019, (2019,), 40.0, None))
    assert path.index.tolist() == list(range(2019, 2031))
    assert path[2019] == 40.0 and path[2030] == pytest.approx(20.0)
    # the same percentage each year: 0.5 ** (1 / 11) - 1 = -6.11%
    assert (path.pct_change().dropna() + 0.0611).abs().max() < 1e-4


def test_reference_year_must_come_before_the_goal() -> None:
    with pytest.raises(ValueError, match="2030"):
        goals.assess(_values({2030: 1.0}), 2030)


def test_small_numbers_are_unstable_below_twenty_events_with_an_exact_interval() -> None:
    count = pd.Series([0, 2, 12, 19, 20, 100, None], dtype="float64")
    assert unstable(count).tolist() == [True, True, True, True, False, False, False]
    low, high = count_interval(count)
    assert low[[0, 1, 2, 5]].round(3).tolist() == [0.0, 0.242, 6.201, 81.364]
    assert high[[0, 1, 2, 5]].round(3).tolist() == [3.689, 7.225, 20.962, 121.627]
    assert math.isnan(low[6]) and math.isnan(high[6])
    population = pd.Series([80_000] * 7, dtype="Int64")
    rate_low, rate_high = rate_interval(count, population)
    assert rate_low[1] == pytest.approx(0.242209 / 80_000 * 100_000, rel=1e-5)
    assert rate_high[0] == pytest.approx(3.689 / 80_000 * 100_000, rel=1e-3)


# The seeded simulation: cities whose true rate never changes. Each run draws Poisson counts at
# a constant mean for 2016 to a latest year between 2021 and 2025 (the current year is the next
# one, so the value is recent), and the rule judges them against the 2019 baseline. Nothing
# changed, so "on track" or "target reached" is a false claim; it must stay at or under 5%.
# 2,000 runs a level: the standard error of a 5% share is 0.5 points, so a rule that truly said
# "on track" 6.5% of the time would pass with a chance under 0.2%.
SIMULATION_RUNS = 2_000
SIMULATION_SEED = 2030
EVENTS_PER_YEAR = (5, 10, 30, 100)


@functools.cache  # the test and the docs check share the runs
def simulate_constant_rates(
    events: int, runs: int = SIMULATION_RUNS, seed: int = SIMULATION_SEED
) -> dict[str, float]:
    """Shares of each status (and of "target reached") over `runs` constant-rate cities."""
    rng = np.random.default_rng([seed, events])
    tally: dict[str, int] = {}
    population = 1_000_000
    for _run in range(runs):
        last = int(rng.integers(2021, 2026))
        counts = rng.poisson(events, last - 2015).astype(float)
        series = {
            2016 + i: Point(k / population * 100_000, k, population) for i, k in enumerate(counts)
        }
        p = goals.assess(series, 2019, current_year=last + 1)
        key = "target-reached" if p.reached else p.status.value
        tally[key] = tally.get(key, 0) + 1
    return {k: v / runs for k, v in tally.items()}


@pytest.mark.parametrize("events", EVENTS_PER_YEAR)
def test_chance_alone_almost_never_says_on_track(events: int) -> None:
    shares = simulate_constant_rates(events)
    claimed = shares.get(Status.ON_TRACK.value, 0) + shares.get("target-reached", 0)
    assert claimed <= 0.05, shares


def test_methods_prints_the_simulation_it_reports() -> None:
    """docs/methods.md's table of the simulation is what the simulation gives (to a point)."""
    rows = methods_table("status-simulation")
    assert sorted(rows) == list(EVENTS_PER_YEAR)
    for events, shown in rows.items():
        s = simulate_constant_rates(int(events))
        on_track = s.get("on-track", 0) + s.get("target-reached", 0)
        actual = [
            on_track,
            s.get("too-close-to-call", 0),
            s.get("off-track", 0),
            s.get("not-enough-data", 0),
        ]
        assert shown == pytest.approx([100 * a for a in actual], abs=1.0), (events, actual)
