"""`/data/<view>.csv?<the view's query string>`: the rows behind each chart, as CSV.

A partner's link to the data behind a chart is downloaded again and again, and a CSV costs what
its chart costs (every city of a map): each is made once per build, language and URL and kept
compressed with the view answers (web/response_cache.py), as pages and embeds are.
"""

from __future__ import annotations

import pandas as pd
from dash import Dash
from flask import Response

from data.i18n import _, current_language
from data.repository import Repository
from data.safe_csv import to_csv
from data.state import QueryError
from views import VIEWS
from views.record import canonical
from web import query
from web.cache import key
from web.response_cache import answer_from_cache

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
    return named(
        Response(to_csv(frame, float_format="%.6g", date_format="%Y-%m-%d"), mimetype="text/csv"),
        name,
    )


def named(response: Response, name: str) -> Response:
    """The file name a browser saves the CSV under."""
    response.headers["Content-Disposition"] = f'attachment; filename="observatory-{name}.csv"'
    return response


def kept_as(repo: Repository, name: str, asked: str) -> str:
    """The key of `/data/<name>.csv?<asked>`: its view's query in one spelling, so reordered or
    junk parameters share an entry (a refused query is answered, never kept)."""
    found = VIEWS.csv(name)
    url = "" if found is None else canonical(found[0], asked)  # cities.csv reads no query
    return key("csv", repo.snapshot.build_id, current_language(), name, url)


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
        kept = answer_from_cache(app.server, kept_as(repo, view, query.asked()), "text/csv")
        if kept is None:
            return view_csv(repo, view, query.items())
        return named(kept, view)
