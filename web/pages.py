"""A path that no view (nor, when it is on, the import wizard) answers is a 404, and so is a
view's page for a city or intervention that does not exist (`/city/nowhere`); the page Dash
serves there says so (components/not_found.py)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, request

from data.repository import Repository
from views import VIEWS

WIZARD = "/admin/import"
SERVED = ("/assets/", "/_dash-", "/_reload-hash", "/_favicon", "/data/", "/embed/", "/_benchmark/")


def not_found(repo: Repository, wizard: bool) -> Callable[[Response], Response]:
    def unknown_page(response: Response) -> Response:
        path = request.path
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and response.mimetype == "text/html"
            and not path.startswith(SERVED)
            and not (wizard and path.rstrip("/") == WIZARD)
            and VIEWS.missing(repo, path, request.query_string.decode("utf-8", "replace"))
        ):
            response.status_code = 404
        return response

    return unknown_page
