"""A path that no view (nor, when it is on, the import wizard) answers is a 404; the page
Dash serves there says so (callbacks/routing.not_found)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, request

from views import VIEWS

WIZARD = "/admin/import"
SERVED = ("/assets/", "/_dash-", "/_reload-hash", "/_favicon", "/data/", "/embed/", "/_benchmark/")


def not_found(wizard: bool) -> Callable[[Response], Response]:
    def unknown_page(response: Response) -> Response:
        path = request.path
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and response.mimetype == "text/html"
            and not path.startswith(SERVED)
            and not (wizard and path.rstrip("/") == WIZARD)
            and VIEWS.at(path) is None
        ):
            response.status_code = 404
        return response

    return unknown_page
