"""HTTP headers: what the browser may load and who may frame us, and how long answers keep.

Partners embed our charts under privacy law, so the pages load nothing from other hosts (the
Content-Security-Policy makes the browser enforce it) and set no cookies. Embeds and data are
the same for everyone until the next build, so they carry an ETag made from the build, the URL,
the language and the year 2030 statuses are judged in: browsers and CDNs revalidate cheaply,
and a 304 is answered before any work.
"""

from __future__ import annotations

import functools
import hashlib
import re

from dash import Dash
from flask import Response, g, request
from werkzeug.http import is_resource_modified

from data.i18n import current_language
from data.queries.goals import this_year
from data.repository import Repository
from data.settings import Settings

CACHED = ("/embed/", "/data/")
MAX_AGE = 300  # seconds a browser or CDN may reuse an embed or CSV without asking again

# plotly.js and Dash set inline styles; nothing needs eval, inline script or another host.
BASE_POLICY = {
    "default-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}


def policy(*, script_src: str, frame_ancestors: str) -> str:
    directives = {**BASE_POLICY, "script-src": script_src, "frame-ancestors": frame_ancestors}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


SOURCE = re.compile(
    r"\*|'self'|'none'|[a-z][a-z0-9+.-]*:"
    r"|([a-z][a-z0-9+.-]*://)?(\*\.)?[a-z0-9.-]+(:(\d+|\*))?(/[^\s;,']*)?",
    re.IGNORECASE,
)


def embed_ancestors(setting: str) -> str:
    """`*` or a space-separated list of sites; refuse anything that would bend the policy."""
    sources = setting.split() or ["*"]
    bad = [s for s in sources if not SOURCE.fullmatch(s)]
    if bad:
        raise ValueError(
            f"OBSERVATORY_EMBED_ANCESTORS: {' '.join(bad)} is not a site such as "
            "https://partner.example, *.example.org, 'self' or *"
        )
    return " ".join(sources)


def etag(build_id: str) -> str:
    # the year statuses are judged in as well: the same build turns a status "too old" later
    key = "\n".join([build_id, str(this_year()), request.full_path, current_language()])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def hooks(app: Dash, repo: Repository, settings: Settings) -> tuple:
    """(answer 304 before any work, set the headers): web.install orders them."""
    ancestors = embed_ancestors(settings.embed_ancestors)

    @functools.cache
    def page_policy() -> str:
        # Dash's inline scripts are allowed by hash; the hashes exist once every clientside
        # callback is registered, i.e. by the first request, not while the app is assembled.
        return policy(script_src=" ".join(["'self'", *app.csp_hashes()]), frame_ancestors="'self'")

    def not_modified() -> Response | None:
        if request.method == "GET" and request.path.startswith(CACHED):
            tag = g.etag = etag(repo.snapshot.build_id)
            if not is_resource_modified(request.environ, etag=tag):
                response = Response(status=304)
                response.set_etag(tag)
                return response
        return None

    def add_headers(response: Response) -> Response:
        path = request.path
        embed = path.startswith("/embed/")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer" if embed else "same-origin"
        if embed:
            response.headers["Content-Security-Policy"] = policy(
                script_src="'self'", frame_ancestors=ancestors
            )
        elif response.mimetype == "text/html":
            response.headers["Content-Security-Policy"] = page_policy()
        if path.startswith(CACHED) and response.status_code in (200, 304):
            response.set_etag(g.get("etag") or etag(repo.snapshot.build_id))
            response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
            response.vary.add("Accept-Language")
        return response

    return not_modified, add_headers


def nosniff(headers: dict[str, str], path: str, url: str) -> None:
    """Headers of the files served before Flask (web/static_files.py)."""
    headers["X-Content-Type-Options"] = "nosniff"
