"""Figures built as plain dicts on hot paths (`components.figures.style.finished`) skip
plotly.py's check of every property: here each is checked against plotly's schema instead, for
the states users reach (few and many cities, gaps, index, log, smoothing, interventions, the
national and median lines, the interventions timeline grouped each way, nothing chosen,
Spanish and French).

`go.Figure(figure)` raises on a property, value or trace type plotly does not know, and what
it keeps must be what was built: nothing dropped or changed by the check.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from components.figures.trends import mini_timeline, small_multiples, trend_figure
from components.ids import Interventions
from data import i18n
from data.queries import map as map_queries
from data.repository import Repository
from views import VIEWS
from views import map as map_view

CASES = [
    ("trends", ""),
    ("trends", "?cities=alpha,beta,gamma"),
    ("trends", "?cities=alpha&smooth=1"),
    ("trends", "?cities=alpha,beta&index=1"),
    ("trends", "?cities=alpha,gamma&log=1&median=1"),
    ("trends", "?cities=alpha&interventions=0&national=0&goal=0"),
    ("trends", "?cities=nowhere"),  # nothing drawn
    ("city", "?city=alpha"),
    ("city", "?city=gamma"),
    ("interventions", ""),
    ("interventions", "?regions=africa&group=theme"),
    ("interventions", "?cities=alpha&group=funder"),
    ("interventions", "?q=nothing-matches-this"),
    ("map", ""),
    ("map", "?network=net-a&also=net-b&region=lac"),
    ("map", "?colour=perceived-safety&year=2018"),
    ("map", "?region=africa&year=2022"),  # no member cities
    ("overview", ""),
    ("overview", "?network=net-b&indicator=perceived-safety"),
]
MANY = 12  # cities: small multiples


def checked(figure: go.Figure | dict[str, Any]) -> None:
    built = json.loads(pio.to_json(figure, validate=False))
    valid = go.Figure(built)  # raises ValueError on anything plotly's schema does not have
    template = built["layout"].pop("template", None)
    assert template is None or isinstance(template, dict)  # plotly.js knows no template names
    kept = json.loads(pio.to_json(valid))
    kept["layout"].pop("template", None)  # plotly.py leaves out the default one
    assert pruned(kept) == pruned(built)


def pruned(value: Any) -> Any:
    """Without empty objects, which plotly.py leaves out and plotly.js reads as absent."""
    if isinstance(value, dict):
        inner = {k: pruned(v) for k, v in value.items()}
        return {k: v for k, v in inner.items() if v != {}}
    if isinstance(value, list):
        return [pruned(v) for v in value]
    return value


@pytest.mark.parametrize("language", ["en", "es", "fr"])
@pytest.mark.parametrize(("view", "query"), CASES)
def test_hot_path_figures_follow_plotlys_schema(
    repo: Repository, view: str, query: str, language: str
) -> None:
    record = VIEWS.named(view)
    assert record is not None
    with i18n.language(language):
        state, _problems = record.state.parse(query)
        checked(record.chart(repo, state).figure)
        if view == "map":  # what the page draws from: its looks, and the chart under it
            drawn = map_view.drawn(repo, map_queries.resolve(repo, state))
            checked(drawn.map_data["figure"])
            checked(drawn.chart)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_many_cities_follow_plotlys_schema(demo_repo: Repository, language: str) -> None:
    ids = demo_repo.table("cities").index[:MANY]
    trends = VIEWS.named("trends")
    assert trends is not None
    with i18n.language(language):
        state, _problems = trends.state.parse("?cities=" + ",".join(ids))
        figure = trends.chart(demo_repo, state).figure
    assert len(figure.data) == MANY and figure.layout.showlegend is False  # small multiples
    checked(figure)


def test_the_builders_alone_follow_plotlys_schema() -> None:
    """Odd inputs straight into the builders: a single point, a line with gaps, markup."""

    def lines(rows: list[tuple[str, int, float | None]]) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"series": "city", "city_id": c, "city": f"<b>{c}</b>", "country": "COL",
                 "year": y, "value": v, "count": None, "population": None, "source": "s",
                 "flags": "", "unstable": False, "plotted": v, "low": None, "high": None}
                for c, y, v in rows
            ]
        )  # fmt: skip

    checked(trend_figure(lines([("a", 2000, 1.0)]), title="T", unit="u", source="S"))
    gaps = lines([("a", 2000, 1.0), ("a", 2001, None), ("a", 2003, 2.0), ("b", 2002, 4.0)])
    checked(trend_figure(gaps, title="T", unit="u", source="", log=True, reference_line=100.0))
    many = lines([(c, y, 1.0 + y - 2000) for c in "abcdefghijk" for y in (2000, 2001)])
    checked(small_multiples(many, title="T", unit="u", source="S"))
    checked(small_multiples(many, title="T", unit="u", source="S", log=True))
    spans = pd.DataFrame(
        {
            "intervention_id": ["i1", "i2"],
            "title": ["A <i>long</i> programme title that the labels cut short", "Short"],
            "start": pd.to_datetime(["2015-03-01", "2020-06-15"]),
            "end": pd.to_datetime(["2018-12-31", "2026-01-01"]),
            "open_end": [False, True],
        }
    )
    checked(mini_timeline(spans, first=2010, last=2023, source="S"))
    checked(mini_timeline(spans.iloc[:0], first=2010, last=2023, source=""))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_callback_answers_figure_dicts_follow_plotlys_schema(
    repo: Repository, language: str
) -> None:
    """The pages' callbacks answer with the plain figure dicts themselves (no go.Figure)."""
    from views import city, interventions, trends

    with i18n.language(language):
        answers = [
            trends.update(repo, "?cities=alpha,beta,gamma&smooth=1")[0],
            city.update(repo, "/city/alpha", "")[2],
            interventions.outputs(repo, "?group=theme")[(Interventions.GRAPH, "figure")],
        ]
        timeline = _graphs(city.update(repo, "/city/alpha", "")[6])
    assert timeline, "the city page draws its interventions"
    for figure in [*answers, *timeline]:
        assert isinstance(figure, dict)
        checked(figure)


def _graphs(children: Any) -> list[Any]:
    if isinstance(children, list):
        return [f for child in children for f in _graphs(child)]
    found = [children.figure] if getattr(children, "figure", None) is not None else []
    inner = getattr(children, "children", None)  # a component is falsy without children
    return found + ([] if inner is None else _graphs(inner))
