"""While no good build is loaded, every page, embed and CSV answers "no data yet".

A worker starts even when the processed folder holds no build, or only a damaged one (see
data/repository.py): it answers 503 with this page until a build is published, and then serves
it without a restart. Static files are still served, so the page keeps its styles.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from flask import Response, request

from data.i18n import _, current_language
from data.repository import Repository

RETRY_SECONDS = 30
STATIC = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")

PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{retry}">
<title>{title}</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap/bootstrap.min.css"></head>
<body><main class="container py-5" style="max-width: 40rem">
<h1 class="h3">{title}</h1><p>{message}</p><p class="text-muted">{retry_text}</p>
</main></body></html>"""


def message() -> str:
    return _(
        "The observatory has no data to show yet: no complete build has been published. An "
        "administrator runs `observatory build`; the data then appears here without a restart."
    )


def page() -> str:
    return PAGE.format(
        lang=current_language(),
        retry=RETRY_SECONDS,
        title=html.escape(_("No data yet")),
        message=re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(message())),
        retry_text=html.escape(_("This page tries again every 30 seconds.")),
    )


def hook(repo: Repository) -> Callable[[], Response | None]:
    """Runs right after the language is set, before any hook that reads the data."""

    def no_data_yet() -> Response | None:
        if repo.ready or request.path.startswith(STATIC):
            return None
        headers = {"Retry-After": str(RETRY_SECONDS), "Cache-Control": "no-store"}
        if request.path.startswith(("/data/", "/_dash-")):
            return Response(message(), status=503, mimetype="text/plain", headers=headers)
        return Response(page(), status=503, mimetype="text/html", headers=headers)

    return no_data_yet
