"""Figure builders: plain DataFrames in, figures out, with gaps and source lines intact."""

from __future__ import annotations

import pandas as pd

from components.figures.overview import median_figure
from components.figures.timeline import timeline_figure
from components.figures.trends import trend_figure
from data.repository import Indicator

HOMICIDE = Indicator("homicide-rate", "Homicide rate", "per 100,000", True, True, "")


def _series(rows: list[tuple[str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "city_id": c,
                "city": c.title(),
                "year": y,
                "value": v,
                "count": None,
                "population": None,
                "source": "s",
            }
            for c, y, v in rows
        ]
    )


def test_missing_years_are_gaps_not_joined() -> None:
    fig = trend_figure(
        _series([("a", 2000, 1.0), ("a", 2001, 2.0), ("a", 2004, 3.0), ("b", 2001, 5.0)]),
        indicator=HOMICIDE,
        source="Source: X",
    )
    a, b = fig.data
    assert list(a.x) == [2000, 2001, 2002, 2003, 2004]
    assert pd.isna(a.y[2]) and pd.isna(a.y[3])
    assert a.connectgaps is False
    assert "markers" in a.mode  # a single year between gaps stays visible
    assert list(b.y[1:2]) == [5.0]


def test_source_line_is_part_of_the_figure() -> None:
    fig = trend_figure(
        _series([("a", 2000, 1.0)]),
        indicator=HOMICIDE,
        source="Source: X · Demo data: simulated values",
    )
    assert any("Demo data" in a.text for a in fig.layout.annotations)
    assert fig.layout.title.text == "Homicide rate"


def test_median_figure_shades_the_middle_half() -> None:
    frame = pd.DataFrame(
        {
            "year": [2019, 2020],
            "median": [10.0, 9.0],
            "p25": [5.0, 4.0],
            "p75": [20.0, 18.0],
            "cities": [3, 2],
        }
    )
    fig = median_figure(frame, label="Homicide rate", unit="per 100,000", source="")
    assert [t.name for t in fig.data][1:] == ["Middle half of cities", "Median city"]
    assert fig.data[1].fill == "tonexty"


def test_timeline_has_one_bar_per_intervention_and_hatches_open_ends() -> None:
    frame = pd.DataFrame(
        {
            "group": ["A", "A", "B"],
            "title": ["One", "Two", "Three"],
            "theme": ["youth-violence", "youth-violence", "digital-threats"],
            "start": pd.to_datetime(["2018-01-01", "2020-01-01", "2021-01-01"]),
            "end": pd.to_datetime(["2019-01-01", "2026-01-01", "2022-01-01"]),
            "open_end": [False, True, False],
            "city": ["A", "A", "B"],
            "lead_organisation": ["L"] * 3,
            "funder": [None, "F", "F"],
        }
    )
    fig = timeline_figure(frame, source="")
    assert sum(len(t.base) for t in fig.data) == 3
    youth = next(t for t in fig.data if t.name == "Youth violence prevention")
    assert list(youth.marker.pattern.shape) == ["", "/"]
    assert fig.layout.height >= 130 + 26 * 3
