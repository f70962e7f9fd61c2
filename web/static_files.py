"""Scripts, styles and map outlines sent compressed without compressing them for every visitor.

A page loads about 3 MB of files (plotly.js alone is 1.4 MB). Compressing each response anew
cost about 60 ms of CPU per page on a 2-core server, spent while the visitor's browser waits.
- Third-party files (`assets/vendor`) are compressed once, at install, with brotli's highest
  quality and gzip (`make install` runs `whitenoise.compress`: plotly.js 484 KB -> 394 KB on the
  wire), and WhiteNoise sends the file each browser accepts, with ETags, conditional requests
  and a day's max-age, before Flask sees the request.
- The rest (Dash's bundles, our own assets) is compressed by Flask-Compress on its first request
  and kept in its cache: a diskcache folder every worker of the host shares, bounded in bytes,
  keyed by the file (Dash's URLs carry the package version; our files, their modification time
  and size), never by the query string, so `?junk=N` adds nothing.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from flask import Flask, Response, request
from werkzeug.http import parse_accept_header
from whitenoise import WhiteNoise

from data.settings import ROOT, Settings
from web.cache import DiskBackend

ASSETS = ROOT / "assets"
VENDOR = ASSETS / "vendor"
VENDOR_URL = "/assets/vendor/"
VENDOR_MAX_AGE = 86_400  # pinned third-party files change only with a new release
OWN_URL = "/assets/"
SUITES_URL = "/_dash-component-suites/"
STATIC_MEGABYTES = 64  # Dash's bundles and our assets, each in two encodings, fit many times
# Their packages name the bundles' versions: a new release is a new key.
PACKAGES = ("dash", "dash-bootstrap-components", "dash-ag-grid")


def serve_vendor(server: Flask, add_headers: object) -> None:
    """Vendor files answered by WhiteNoise, in front of Flask (see the module's docstring)."""
    whitenoise = WhiteNoise(
        server.wsgi_app,
        root=str(VENDOR),
        prefix=VENDOR_URL,
        max_age=VENDOR_MAX_AGE,
        add_headers_function=add_headers,
    )

    def refusals_honoured(environ: dict[str, Any], start_response: Any) -> Any:
        """WhiteNoise 6.12 finds an encoding's name in Accept-Encoding and ignores its q-value
        (`br;q=0, gzip` got brotli): it sees only the encodings the browser accepts."""
        if environ.get("PATH_INFO", "").startswith(VENDOR_URL):
            accepted = parse_accept_header(environ.get("HTTP_ACCEPT_ENCODING", ""))
            environ["HTTP_ACCEPT_ENCODING"] = ", ".join(name for name, q in accepted if q > 0)
        return whitenoise(environ, start_response)

    server.wsgi_app = refusals_honoured  # type: ignore[method-assign]


class KeptCompressed:
    """Flask-Compress's cache: it keys every response it compresses, and calls `set` after each
    `get`; only the keys `file_key` gives are kept, each written once."""

    def __init__(self, backend: DiskBackend) -> None:
        self.backend = backend

    def get(self, key: str) -> bytes | None:
        return None if key.endswith(";") else self.backend.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.endswith(";") and key not in self.backend.cache:
            self.backend.set(key, value)


def file_key(versions: str) -> str:
    """The key Flask-Compress keeps this request's compressed file under ("" for a response that
    is not a file: compressed per request)."""
    path = request.path
    if request.method != "GET":
        return ""
    if path.startswith(SUITES_URL):
        return f"{versions};{path}"
    if path.startswith(OWN_URL) and not path.startswith(VENDOR_URL):
        file = (ASSETS / path.removeprefix(OWN_URL)).resolve()
        try:
            found = file.stat() if ASSETS in file.parents else None
        except OSError:
            found = None
        return f"{path};{found.st_mtime_ns};{found.st_size}" if found else ""
    return ""


def configure_compression(server: Flask, settings: Settings) -> None:
    """Flask-Compress's settings, before it is installed."""
    backend = DiskBackend(settings.cache_dir / "static", STATIC_MEGABYTES * 2**20)
    versions = ",".join(version(name) for name in PACKAGES)
    server.config.update(
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_BR_LEVEL=5,  # kept: a little harder than per response
        COMPRESS_CACHE_BACKEND=lambda: KeptCompressed(backend),
        COMPRESS_CACHE_KEY=lambda _request: file_key(versions),
    )


def as_one_body(response: Response) -> Response:
    """Our assets come from Flask as a file stream, which Flask-Compress compresses anew each
    time; read as one body (a few KB), they are compressed once and kept."""
    if (
        request.method == "GET"
        and response.status_code == 200
        and response.direct_passthrough
        and request.path.startswith(OWN_URL)
    ):
        response.direct_passthrough = False
        response.make_sequence()
    return response
