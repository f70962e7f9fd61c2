"""Text from the data is shown as text in every chart: a city named like a link is not one.

plotly.js draws `<a href>`, `<b>`, `<br>`, `<span style>` in titles, hovers, legends and axis
labels; data text reaches it with `<`, `>` and `&` as entities (components/figures/data_text.py).
The expectation is plotly's own rule: markup is a tag in the figure's text, so the figures here
must hold no `<a` at all, while the escaped name (`&lt;a href=`) and our own `<b>` and `<br>`
are there.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from dash.development.base_component import Component
from plotly.utils import PlotlyJSONEncoder

from data.pipeline.build import build
from data.repository import Repository
from views import VIEWS, city, interventions, map, overview, trends

KANO = '<a href="https://evil.example/">Kano</a>'
HOSTILE = {  # (file, key column, key, column): text
    ("cities.csv", "city_id", "alpha", "name"): KANO,
    ("cities.csv", "city_id", "beta", "admin_area"): "<b>Antioquia</b>",
    ("networks.csv", "network_id", "net-a", "name"): '<a href="https://evil.example/">Net</a>',
    ("sources.csv", "source_id", "police", "title"): '<a href="https://evil.example/">P</a>',
    ("indicators.csv", "indicator_id", "homicide-rate", "label"): "Homicide <i>rate</i>",
    ("interventions.csv", "intervention_id", "alpha-youth", "title"): (
        '<span style="font-size:90px">Youth</span>'
    ),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Repository:
    from tests.conftest import RAW

    raw = tmp_path_factory.mktemp("hostile") / "raw"
    raw.mkdir()
    for path in RAW.glob("*.csv"):
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        for (file, key, value, column), text in HOSTILE.items():
            if file == path.name:
                for row in rows:
                    if row[key] == value:
                        row[column] = text
        with (raw / path.name).open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [])
            writer.writeheader()
            writer.writerows(rows)
    result = build(raw, raw.parent / "processed")
    assert result.ok, [str(p) for p in result.errors]
    return Repository(raw.parent / "processed")


def _figures(found: Any) -> list[dict[str, Any]]:
    """Every figure in a callback's outputs (in a dcc.Graph, or the map's data for map.js)."""
    if isinstance(found, go.Figure):
        return [found.to_plotly_json()]
    if isinstance(found, Component):
        inner = [getattr(found, "figure", None), getattr(found, "children", None)]
        return [f for part in inner for f in _figures(part)]
    if isinstance(found, dict):
        if "data" in found and "layout" in found:
            return [found]
        return [f for value in found.values() for f in _figures(value)]
    if isinstance(found, list | tuple):
        return [f for item in found for f in _figures(item)]
    return []


def _text(figures: list[dict[str, Any]]) -> str:
    """Every string the figures hold, one per line, as plotly.js receives them."""
    assert figures
    return "\n".join(_strings(json.loads(json.dumps(figures, cls=PlotlyJSONEncoder))))


def _strings(found: Any) -> list[str]:
    if isinstance(found, str):
        return [found]
    if isinstance(found, dict):
        return [s for value in found.values() for s in _strings(value)]
    if isinstance(found, list):
        return [s for item in found for s in _strings(item)]
    return []


def _no_markup_from_data(text: str) -> None:
    assert "<a " not in text and "<a>" not in text
    assert "<span" not in text and "<i>" not in text
    assert "<b>Antioquia" not in text


URLS = [
    "/?indicator=homicide-rate",
    "/trends?cities=alpha,beta&network=net-a",
    "/city/alpha",
    "/interventions?intervention=alpha-youth",
    "/interventions?group=theme",
    "/map?year=2020",
    "/map?colour=homicide-rate",
]


@pytest.mark.parametrize("url", URLS)
def test_every_view_chart_shows_data_text_as_text(hostile: Repository, url: str) -> None:
    text = _text(_figures(VIEWS.chart(hostile, url).figure))
    _no_markup_from_data(text)


def test_the_city_is_named_literally_and_our_own_markup_stays(hostile: Repository) -> None:
    text = _text(_figures(VIEWS.chart(hostile, "/trends?cities=alpha,beta").figure))
    assert '&lt;a href="https://evil.example/"&gt;Kano&lt;/a&gt;' in text  # shown as typed
    assert "<b>" in text and "<br>" in text  # the hover's own bold name and line breaks
    assert '&lt;a href="https://evil.example/"&gt;P&lt;/a&gt;' in text  # the source line


def test_page_figures_show_data_text_as_text(hostile: Repository) -> None:
    outputs = [
        overview.update(hostile, "?indicator=homicide-rate"),
        trends.update(hostile, "?cities=alpha,beta&network=net-a"),
        city.update(hostile, "/city/alpha", ""),
        interventions.update(hostile, "?intervention=alpha-youth"),
        interventions.update(hostile, "?group=city"),
        map.update(hostile, "?year=2020"),
        map.map_data(hostile, map.q.MapState()),
    ]
    for found in outputs:
        _no_markup_from_data(_text(_figures(found)))


def test_slides_and_pdf_pages_show_their_titles_as_text(hostile: Repository) -> None:
    from data.deck import Deck, Slide
    from exports import deck as deck_export

    chart = VIEWS.chart(hostile, "/city/alpha")
    assert KANO in chart.title  # the slide's title: text, as the page shows it
    page = deck_export.pdf_page(chart, Slide("/city/alpha", ""), number=1, total=1, built="x")
    text = _text(_figures(page))
    _no_markup_from_data(text)
    assert "Kano&lt;/a&gt;" in page.layout.title.text
    slide = deck_export.slide_chart(chart)
    assert (
        not [  # no source line (the city's name at the end of its line stays, as text)
            a
            for a in slide.layout.annotations
            if "evil.example" in str(a.text) and a.name != "end-label"
        ]
    )
    cover = deck_export.title_page(Deck(title=KANO, slides=()), "2026-01-01")
    _no_markup_from_data(_text(_figures(cover)))


def test_builders_leave_ids_and_plain_names_alone() -> None:
    from components.figures.data_text import plain_values

    assert plain_values("cali") == "cali" and plain_values("Bogotá, D.C.") == "Bogotá, D.C."
    assert plain_values("A & B") == "A &amp; B"  # plotly shows "A & B"
    assert plain_values({"net-a": "<b>x</b>"}) == {"net-a": "&lt;b&gt;x&lt;/b&gt;"}
    assert plain_values("one\ntwo") == "one<br>two"


@pytest.mark.parametrize("rows", [3, 5000])  # looked at one by one, and with pandas
def test_frames_of_any_length_show_their_text_as_text(rows: int) -> None:
    from components.figures.data_text import plain_values

    names = ["Cali"] * (rows - 1) + ["<a href='x'>Kano</a>"]
    frame = pd.DataFrame({"city": pd.Series(names, dtype="str"), "n": range(rows)})
    out = plain_values(frame)
    assert out["city"].iloc[-1] == "&lt;a href='x'&gt;Kano&lt;/a&gt;"
    assert out["city"].iloc[0] == "Cali" and out["n"].equals(frame["n"])
    clean = frame.iloc[:-1]
    assert plain_values(clean).equals(clean)


def test_hostile_fixture_cities_csv_is_still_a_download_of_the_raw_text(
    hostile: Repository, tmp_path: Path
) -> None:
    from web.downloads import view_csv

    body = view_csv(hostile, "cities", {}).get_data(as_text=True)
    assert KANO.replace('"', '""') in body  # the CSV keeps the name as written
