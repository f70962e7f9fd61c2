"""Series breaks and definitions on the chart, its CSV and the status (fixture data with Álpha's
2020 value flagged as a break and the police source given a definition)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from app import create_app
from components import trend_chart
from components.progress import progress_status
from data.pipeline.build import build
from data.queries.trends import TrendsState, chart
from data.repository import Repository


def _with_a_break(raw: Path, out: Path) -> Repository:
    rows = raw / "observations.csv"
    rows.write_text(
        rows.read_text().replace(
            "alpha,homicide-rate,2020,,90,1000000,police,",
            "alpha,homicide-rate,2020,,90,1000000,police,break",
        )
    )
    sources = raw / "sources.csv"
    text = sources.read_text().splitlines()
    text[0] += ",definition"
    text = [text[0]] + [
        line + (",police records" if line.startswith("police,") else ",") for line in text[1:]
    ]
    sources.write_text("\n".join(text) + "\n")
    assert build(raw, out).ok
    return Repository(out)


def test_a_break_splits_the_line_and_qualifies_the_status(raw_copy: Path, tmp_path: Path) -> None:
    repo = _with_a_break(raw_copy, tmp_path / "out")
    data = chart(repo, TrendsState(cities=("alpha",), national=False))
    figure, _source = trend_chart.figure_of(repo, data)
    (line,) = [t for t in figure.data if t.meta["series"] == "city"]
    x, y = list(line.x), list(line.y)
    # an empty point between 2019 and 2020: the line is not joined across the break
    assert 2019.5 in x and pd.isna(y[x.index(2019.5)])
    assert x.index(2019) < x.index(2019.5) < x.index(2020)
    hover = line.customdata[x.index(2021)][0]
    assert "Municipal homicide records (police records)" in hover
    assert line.name == "Álpha"  # one definition on the chart: no need to repeat it
    progress = data.progress["alpha"]
    assert progress.break_year == 2020
    assert progress_status(progress).endswith("· series break in 2020")


def test_each_csv_row_names_its_source_and_definition(raw_copy: Path, tmp_path: Path) -> None:
    repo = _with_a_break(raw_copy, tmp_path / "out")
    client = create_app(repo=repo).server.test_client()
    text = client.get("/data/trends.csv?cities=alpha,gamma&national=0").get_data(as_text=True)
    table = pd.read_csv(io.StringIO(text))
    city = table[table["series"] == "city"].set_index(["city_id", "year"])
    assert city.loc[("alpha", 2021), "definition"] == "police records"
    assert pd.isna(city.loc[("gamma", 2023), "definition"])  # the demo source gives none
    assert city.loc[("alpha", 2021), "status"] == "too-close-to-call"
    assert city.loc[("alpha", 2021), "latest_year"] == 2023
    assert city.loc[("gamma", 2023), "status"] == "on-track"
