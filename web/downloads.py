"""`/data/<view>.csv?<the view's query string>`: the rows behind each chart, as CSV."""

from __future__ import annotations

import pandas as pd
from dash import Dash
from flask import Response, request

from data.i18n import _
from data.repository import Repository
from data.safe_csv import to_csv
from data.state import QueryError
from views import VIEWS

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


def csv_response(frame: pd.DataFrame, name: str) -> Response:
    return Response(
        to_csv(frame, float_format="%.6g", date_format="%Y-%m-%d"),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="observatory-{name}.csv"'},
    )


def view_csv(repo: Repository, name: str, args: dict[str, str]) -> Response:
    if name == "cities":
        return csv_response(repo.table("cities")[CITY_COLUMNS], "cities")
    found = VIEWS.csv(name)
    if found is None:
        return Response(
            _(
                "No data view called '{view}'. Try one of: cities, {views}.",
                view=name,
                views=", ".join(VIEWS.csv_names()),
            ),
            status=404,
            mimetype="text/plain",
        )
    view, frame = found
    if view.needs_observations and repo.table("observations").empty:
        return csv_response(pd.DataFrame(), name)  # a new data folder without observations
    try:  # a query may also refuse a well-formed state (an unknown city)
        return csv_response(frame(repo, view.state.from_query(args)), name)
    except QueryError as error:
        return Response(
            "\n".join(str(p) for p in error.problems), status=400, mimetype="text/plain"
        )


def register(app: Dash, repo: Repository) -> None:
    @app.server.get("/data/<view>.csv")
    def _view_csv(view: str) -> Response:
        return view_csv(repo, view, request.args.to_dict())
