"""`/data/<view>.csv?<the view's query string>`: the rows behind each chart, as CSV."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from dash import Dash
from flask import Response, request

from data.i18n import _
from data.queries import city, interventions, map, overview, trends
from data.repository import Repository
from data.state import QueryError, ViewState

CITY_COLUMNS = [
    "city_id",
    "name",
    "country",
    "country_name",
    "admin_area",
    "region",
    "lat",
    "lon",
    "population",
    "external_code",
]


Frame = Callable[[Repository, ViewState], pd.DataFrame]
VIEWS: dict[str, tuple[type[ViewState], Frame]] = {
    "trends": (trends.TrendsState, lambda repo, s: trends.table(repo, s)),
    "interventions": (interventions.InterventionsState, interventions.csv_frame),
    "map": (map.MapState, lambda repo, s: map.points(repo, s).drop(columns=["source_id"])),
    "memberships": (
        map.MapState,
        lambda repo, s: map.memberships(repo, s).drop(columns=["source_id"]),
    ),
    "overview": (overview.OverviewState, lambda repo, s: overview.median_trend(repo, s)),
    "city": (city.CityState, lambda repo, s: city.table(repo, s)),
}


def csv_response(frame: pd.DataFrame, name: str) -> Response:
    return Response(
        frame.to_csv(index=False, float_format="%.6g", date_format="%Y-%m-%d"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="observatory-{name}.csv"'},
    )


def view_csv(repo: Repository, view: str, args: dict[str, str]) -> Response:
    if view == "cities":
        return csv_response(repo.table("cities")[CITY_COLUMNS], "cities")
    if view not in VIEWS:
        return Response(
            _(
                "No data view called '{view}'. Try one of: cities, {views}.",
                view=view,
                views=", ".join(VIEWS),
            ),
            status=404,
            mimetype="text/plain",
        )
    state_cls, frame = VIEWS[view]
    if view != "interventions" and repo.table("observations").empty:
        return csv_response(pd.DataFrame(), view)  # a new data folder without observations
    try:  # a query may also refuse a well-formed state (an unknown city)
        return csv_response(frame(repo, state_cls.from_query(args)), view)
    except QueryError as error:
        return Response(
            "\n".join(str(p) for p in error.problems), status=400, mimetype="text/plain"
        )


def register(app: Dash, repo: Repository) -> None:
    @app.server.get("/data/<view>.csv")
    def _view_csv(view: str) -> Response:
        return view_csv(repo, view, request.args.to_dict())
