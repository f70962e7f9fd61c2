"""One definition of an ongoing intervention (docs/data-format.md, "Interventions: planned,
ongoing, completed"), and every view counting by it."""

from __future__ import annotations

import io
import math
import re
from datetime import date

import pandas as pd
from flask.testing import FlaskClient

from app import create_app
from components.ids import Interventions
from data.queries.interventions import LIBRARY_PAGE, InterventionsState, facets, listing, phase
from data.queries.overview import OverviewState, headline
from data.repository import Repository
from views import interventions as view


def test_dates_win_over_a_stale_status() -> None:
    rows = pd.DataFrame(
        [  # start, last day, recorded status -> the phase on 2026-01-01
            ("2008-01-01", "2012-12-31", "ongoing", "completed"),  # ended years ago
            ("2020-01-01", None, "ongoing", "ongoing"),
            ("2020-01-01", "2026-01-01", "ongoing", "ongoing"),  # its last day is today
            ("2027-01-01", None, "ongoing", "planned"),  # not started yet
            ("2020-01-01", "2027-06-30", "completed", "completed"),  # stopped early
            ("2020-01-01", None, "planned", "planned"),  # start passed, never begun
        ],
        columns=["start", "end", "recorded", "expected"],
    )
    found = phase(
        pd.to_datetime(rows["start"]),
        pd.to_datetime(rows["end"]),
        rows["recorded"],
        date(2026, 1, 1),
    )
    assert found.tolist() == rows["expected"].tolist()


def _still_running(summary: str) -> int:
    return int(re.search(r"(\d+) still running", summary).group(1))  # type: ignore[union-attr]


def test_every_view_counts_the_same_ongoing(demo_repo: Repository) -> None:
    repo = demo_repo
    client: FlaskClient = create_app(repo=repo).server.test_client()
    csv = pd.read_csv(io.BytesIO(client.get("/data/interventions.csv").data))
    in_csv = int((csv["status"] == "ongoing").sum())
    filtered = pd.read_csv(io.BytesIO(client.get("/data/interventions.csv?statuses=ongoing").data))
    facet = {f.value: f.count for f in facets(repo, InterventionsState())["statuses"]}
    timeline = view.outputs(repo, "?")[(Interventions.SUMMARY, "children")]
    counts = {
        "overview": headline(repo, OverviewState()).ongoing,
        "status filter": facet["ongoing"],
        "filtered CSV": len(filtered),
        "CSV": in_csv,
        "timeline": _still_running(timeline),
    }
    assert len(set(counts.values())) == 1 and in_csv > 0, counts
    # an end date in the past is never ongoing, whatever was recorded
    ended = pd.to_datetime(csv["end"]) < pd.Timestamp(date.today())
    assert not (ended & (csv["status"] == "ongoing")).any()
    assert (ended & (csv["recorded_status"] == "ongoing")).any()  # the demo's stale records


def test_library_badges_agree_with_the_count(demo_repo: Repository) -> None:
    repo = demo_repo
    summary = view.outputs(repo, "?tab=library")[(Interventions.SUMMARY, "children")]
    pages = math.ceil(len(listing(repo, InterventionsState(tab="library"))) / LIBRARY_PAGE)
    badges = 0
    for page in range(1, pages + 1):
        out = view.outputs(repo, f"?tab=library&page={page}")
        badges += str(out[(Interventions.LIBRARY, "children")].to_plotly_json()).count("'Ongoing'")
    assert badges == _still_running(summary) > 0
