"""Figure builders: plain DataFrames in, figures out, with gaps and source lines intact."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.figures.overview import median_figure
from components.figures.timeline import (
    distinct_titles,
    in_parts,
    label_margin,
    timeline_figure,
)
from components.figures.trends import small_multiples, trend_figure
from data.repository import Repository
from views import VIEWS


def _lines(rows: list[tuple[str, int, float]]) -> pd.DataFrame:
    """City lines as `data.queries.trends.chart` builds them."""
    return pd.DataFrame(
        [
            {
                "series": "city",
                "city_id": c,
                "city": c.title(),
                "country": "COL",
                "year": y,
                "value": v,
                "count": None,
                "population": None,
                "source": "s",
                "flags": "",
                "unstable": False,
                "plotted": v,
                "low": None,
                "high": None,
            }
            for c, y, v in rows
        ]
    )


def test_missing_years_are_gaps_not_joined() -> None:
    fig = trend_figure(
        _lines([("a", 2000, 1.0), ("a", 2001, 2.0), ("a", 2004, 3.0), ("b", 2001, 5.0)]),
        title="Homicide rate",
        unit="per 100,000",
        source="Source: X",
    )
    a, b = fig.data
    assert list(a.x) == [2000, 2001, 2002, 2003, 2004]
    assert pd.isna(a.y[2]) and pd.isna(a.y[3])
    assert a.connectgaps is False
    assert "markers" in a.mode  # a single year between gaps stays visible
    assert list(b.y[1:2]) == [5.0]


def test_unstable_values_get_open_markers_and_their_interval() -> None:
    lines = _lines([("a", 2000, 2.5), ("a", 2001, 20.0)])
    lines.loc[0, ["unstable", "low", "high"]] = [True, 0.3, 9.0]
    (a,) = trend_figure(lines, title="T", unit="u", source="").data
    assert list(a.marker.symbol) == ["circle-open", "circle"]
    assert a.error_y.array[0] == 6.5 and a.error_y.arrayminus[0] == 2.2
    assert pd.isna(a.error_y.array[1])
    assert "Unstable" in a.customdata[0][0] and "0.3 to 9.0" in a.customdata[0][0]
    # the hover states the rule of docs/methods.md ("Small numbers"): 20 events, not population
    assert "fewer than 20 events" in a.customdata[0][0]
    assert "100,000" not in a.customdata[0][0]


def _spans(rows: list[tuple[str, str, str, str | None]]) -> pd.DataFrame:
    """(intervention, city, start, end or None for ongoing) as `data.queries.trends.spans`
    gives them: an ongoing one runs to 2026-07-02 ("today")."""
    today = pd.Timestamp("2026-07-02")
    return pd.DataFrame(
        {
            "intervention_id": [r[0] for r in rows],
            "city_id": [r[1] for r in rows],
            "city": [r[1].title() for r in rows],
            "title": [f"Project {r[0]}" for r in rows],
            "start": pd.to_datetime([r[2] for r in rows]),
            "end": [pd.Timestamp(r[3]) if r[3] else today for r in rows],
            "open_end": [r[3] is None for r in rows],
        }
    )


def test_intervention_spans_run_from_start_to_end_and_carry_their_id() -> None:
    spans = _spans([("x", "a", "2001-01-01", "2003-01-01")])
    fig = trend_figure(
        _lines([("a", 2000, 1.0), ("a", 2004, 2.0)]), spans, title="T", unit="u", source=""
    )
    (bar,) = [t for t in fig.data if t.meta["series"] == "interventions"]
    assert bar.orientation == "h" and bar.base[0] == 2001.0 and bar.base[0] + bar.x[0] == 2003.0
    assert bar.customdata[0][0] == "x" and "Project x" in bar.customdata[0][1]


def test_spans_of_many_cities_get_a_lane_each_under_the_values_cut_to_the_years_shown() -> None:
    lines = _lines([(c, y, 1.0) for c in ("a", "b", "c") for y in (2000, 2004)])
    spans = _spans(
        [
            ("x", "a", "2001-01-01", "2003-01-01"),
            ("y", "c", "1998-01-01", "2002-01-01"),  # starts before the first year shown
            ("z", "c", "2003-01-01", None),  # ongoing: runs to 2026, past the last year shown
        ]
    )
    fig = trend_figure(lines, spans, title="T", unit="u", source="")
    bars = [t for t in fig.data if t.meta["series"] == "interventions"]
    colours = {t.meta["city_id"]: t.line.color for t in fig.data if t.meta["series"] == "city"}
    # one lane per city with interventions, in the city's own colour, opaque: never a grey blend
    assert [(b.name, b.marker.color, b.opacity) for b in bars] == [
        ("A", colours["a"], None),
        ("C", colours["c"], None),
    ]
    assert [set(b.y) for b in bars] == [{0}, {1}]
    assert fig.layout.barmode == "overlay"
    # the years shown are 2000..2004: the axis runs from 1999.5 to 2004.5, and so do the spans
    assert tuple(fig.layout.xaxis.range) == (1999.5, 2004.5)
    _x, _y, z = bars[1].base[0], bars[1].base[0] + bars[1].x[0], bars[1].base[1] + bars[1].x[1]
    assert (_x, _y) == (1999.5, 2002.0) and z == 2004.5
    # the lanes sit under the values, on an axis of their own
    low, high = fig.layout.yaxis2.domain
    assert low == 0 and high < fig.layout.yaxis.domain[0]
    (key,) = [t for t in fig.data if t.meta["series"] == "interventions-key"]
    assert key.name == "Interventions (bands below)" and key.showlegend is not False
    assert not any(b.showlegend for b in bars)


def test_source_line_is_part_of_the_figure() -> None:
    fig = trend_figure(
        _lines([("a", 2000, 1.0)]),
        title="Homicide rate",
        unit="per 100,000",
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
            "intervention_id": ["one", "two", "three"],
            "group": ["A", "A", "B"],
            "title": ["Same", "Same", "Three"],
            "theme": ["youth-violence", "youth-violence", "digital-threats"],
            "start": pd.to_datetime(["2018-01-01", "2018-06-01", "2021-01-01"]),
            "end": pd.to_datetime(["2019-01-01", "2026-01-01", "2022-01-01"]),
            "start_precision": ["month"] * 3,
            "end_precision": ["month"] * 3,
            "open_end": [False, True, False],
            "city": ["Cali", "Cali", "Kano"],
            "lead_organisation": ["L"] * 3,
            "partners": ["P1;P2", None, None],
            "funder": [None, "F", "F"],
            "budget": [1000.0, None, None],
            "currency": ["USD", None, None],
        }
    )
    fig = timeline_figure(frame, source="")
    assert sum(len(t.base) for t in fig.data) == 3
    youth = next(t for t in fig.data if t.name == "Youth violence prevention")
    assert list(youth.marker.pattern.shape) == ["", "/"]
    assert list(youth.y) == [1, 2]  # row 0 is group A's header
    # two rows with the same title keep their own rows: positions, not category names
    assert list(fig.layout.yaxis.ticktext) == [
        "<b>A</b>",
        "Same · 2018",
        "Same · 2018",
        "<b>B</b>",
        "Three · 2021",
    ]
    assert fig.layout.height >= 130 + 26 * 5
    assert "Partners: P1, P2" in youth.customdata[0][1]
    assert "Budget: USD 1,000" in youth.customdata[0][1]
    assert youth.customdata[1][0] == "two"  # a click opens this id
    by_theme = timeline_figure(frame, source="", by_city=False)
    assert by_theme.layout.yaxis.ticktext[1] == "Same · Cali · 2018"


def test_timeline_margin_fits_its_longest_row_label() -> None:
    """The labels fit the margin it starts with, so plotly.js need not grow it and redraw."""
    short = ["<b>Cali</b>", "Same · 2018"]
    long = ["<b>Cali</b>", "A programme with a rather long title… · 2018"]
    assert label_margin(short) == 12 + 7 * len("Same · 2018")
    assert label_margin(long) == 12 + 7 * len(long[1])
    assert label_margin([]) == 12


def test_long_titles_that_share_their_start_shorten_to_different_labels() -> None:
    """Issue 17: "Peace Incentive Fund project, City of…" six times on one timeline."""
    kano = "Peace Incentive Fund project, City of Kano"  # 42 characters
    mechelen = "Peace Incentive Fund project, City of Mechelen"
    lone = "Youth employment for peace and something long enough"
    short = distinct_titles([kano, mechelen, "Short one", lone], limit=38)
    # the shared start would cut both to its first 37 characters: they keep their ends instead
    assert short[kano] == "Peace Incentive Fu…oject, City of Kano"
    assert short[mechelen] == "Peace Incentive Fu…t, City of Mechelen"
    assert all(len(short[t]) == 38 for t in (kano, mechelen, lone))
    assert short["Short one"] == "Short one"
    assert short[lone] == "Youth employment for peace and someth…"  # alone: its start


def test_the_exported_timeline_carries_its_colour_key(repo: Repository) -> None:
    chart = VIEWS.chart(repo, "/interventions")
    assert chart.figure.layout.showlegend is True
    keyed = [t.name for t in chart.figure.data if t.showlegend is not False]
    # three themes in the fixture (youth violence, violence against women, organised crime)
    assert len(keyed) == 4 and keyed[-1] == "ongoing (hatched)"


def test_up_to_eight_city_lines_are_named_at_their_ends_instead_of_in_a_legend() -> None:
    ids = "abcdefgh"
    fig = trend_figure(
        _lines([(c, y, 10.0 * (i + 1)) for i, c in enumerate(ids) for y in (2000, 2001)]),
        title="T",
        unit="u",
        source="",
    )
    ends = [a for a in fig.layout.annotations if a.name == "end-label"]
    assert sorted(a.text for a in ends) == [c.title() for c in ids]
    assert all(a.x == 2001 for a in ends)  # at each line's last year
    assert [t.showlegend for t in fig.data] == [False] * 8
    colours = {t.name: t.line.color for t in fig.data}
    assert all(a.font.color == colours[a.text] for a in ends)


def test_names_of_lines_ending_close_together_are_moved_apart() -> None:
    # two lines end at 10.0 and 10.1 on an axis up to about 100: one label's height apart
    fig = trend_figure(
        _lines([("a", 2000, 10.0), ("b", 2000, 10.1), ("c", 2000, 100.0)]),
        title="T",
        unit="u",
        source="",
    )
    shifts = {a.text: a.yshift for a in fig.layout.annotations if a.name == "end-label"}
    assert shifts["A"] == 0 and shifts["C"] == 0
    assert shifts["B"] >= 15  # about 16 px up, less the 0.1 it already stands above A


def test_nine_city_lines_keep_the_legend() -> None:
    fig = trend_figure(
        _lines([(c, 2000, 1.0) for c in "abcdefghi"]), title="T", unit="u", source=""
    )
    assert not [a for a in fig.layout.annotations if a.name == "end-label"]
    assert all(t.showlegend is not False for t in fig.data)


def test_many_cities_are_small_multiples_on_one_scale() -> None:
    ids = "abcdefghij"  # ten cities, the last the highest: 10 x 10 x 2 = 200 in 2001
    lines = _lines(
        [(c, y, 10.0 * (i + 1) * (y - 1999)) for i, c in enumerate(ids) for y in (2000, 2001)]
    )
    fig = small_multiples(lines, title="T · 10 cities", unit="u", source="")
    assert [t.name for t in fig.data] == [c.title() for c in ids]
    axes = {t.yaxis for t in fig.data}
    assert len(axes) == 10  # one small chart each
    ranges = {tuple(fig.layout[a.replace("y", "yaxis")].range) for a in axes}
    assert ranges == {(0, 200 * 1.08)}  # all on the highest value's scale, with air above
    assert [a.text for a in fig.layout.annotations][:10] == [c.title() for c in ids]
    assert fig.layout.showlegend is False
    # 4 a row: charts 1-4, 5-8, 9-10; the years show under 9, 10, 7 and 8 (their columns'
    # lowest), not under the empty places after 10
    years_under = {
        n for n in range(1, 13)
        if fig.layout[f"xaxis{n if n > 1 else ''}"].showticklabels is not False
        and fig.layout[f"xaxis{n if n > 1 else ''}"].visible is not False
    }  # fmt: skip
    assert years_under == {7, 8, 9, 10}
    assert fig.layout.yaxis.title.text == "u"  # the unit, once, on the first chart
    assert not any(fig.layout[f"yaxis{n}"].title.text for n in range(2, 13))


def test_small_multiples_lay_out_any_number_of_cities() -> None:
    """Every chart of the grid within the figure (plotly refuses a domain outside [0, 1]: the
    embed of 30 cities answered 500 when rounding put its last row at -1e-16)."""
    for cities in range(9, 61):
        lines = _lines([(f"c{i}", y, 1.0 + i) for i in range(cities) for y in (2000, 2001)])
        fig = small_multiples(lines, title="T", unit="u", source="")
        assert len(fig.data) == cities
        layout = fig.layout.to_plotly_json()
        domains = [axis["domain"] for name, axis in layout.items() if "axis" in name]
        assert all(0 <= low < high <= 1 for low, high in domains), cities


def _timeline(groups: int, rows: int) -> go.Figure:
    n = groups * rows
    frame = pd.DataFrame(
        {
            "intervention_id": [f"i{k}" for k in range(n)],
            "group": [f"G{k // rows}" for k in range(n)],
            "title": [f"Programme {k}" for k in range(n)],
            "theme": ["youth-violence"] * n,
            "start": pd.to_datetime(["2018-01-01"] * n),
            "end": pd.to_datetime(["2019-01-01"] * n),
            "start_precision": ["month"] * n,
            "end_precision": ["month"] * n,
            "open_end": [False] * n,
            "city": ["Cali"] * n,
            "lead_organisation": ["L"] * n,
            "partners": [None] * n,
            "funder": [None] * n,
            "budget": [None] * n,
            "currency": [None] * n,
        }
    )
    return timeline_figure(frame, source="")


def test_a_long_timeline_goes_in_parts_that_start_with_a_groups_header() -> None:
    """3 groups of 4: 15 rows of 26 px (3 headers), 130 + 15 × 26 = 520 px. Parts of at most
    130 + 8 × 26 = 338 px hold 8 rows; each ends before the next header, since a whole group
    (5 rows) fills more than half of a part: three parts of 5 rows, 130 + 5 × 26 = 260 px."""
    fig = _timeline(3, 4)
    assert fig.layout.height == 520
    parts = in_parts(fig, 338)
    assert [list(p.layout.yaxis.range) for p in parts] == [[4.5, -0.5], [9.5, 4.5], [14.5, 9.5]]
    assert [p.layout.height for p in parts] == [260, 260, 260]
    assert [fig.layout.yaxis.ticktext[round(p.layout.yaxis.range[1] + 0.5)] for p in parts] == [
        "<b>G0</b>",
        "<b>G1</b>",
        "<b>G2</b>",
    ]
    # one group of 14 rows (15 with its header): cut where the rows fill a part, 8 + 7
    one = in_parts(_timeline(1, 14), 338)
    assert [list(p.layout.yaxis.range) for p in one] == [[7.5, -0.5], [14.5, 7.5]]
    # what fits stays whole, and other charts are never cut
    assert in_parts(fig, 520) == [fig]
    other = go.Figure(layout={"height": 900})
    assert in_parts(other, 338) == [other]
