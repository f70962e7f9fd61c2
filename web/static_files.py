"""Scripts, styles and map outlines sent compressed without compressing them for every visitor.

A page loads about 3 MB of files (plotly.js alone is 1.4 MB). Flask-Compress compresses each
response anew: about 60 ms of CPU per page on a 2-core server, spent while the visitor's
browser waits. Instead our third-party files (`assets/vendor`) are compressed once, at install,
at brotli's highest quality (`make install` runs this module: plotly.js 484 KB -> 394 KB on the
wire), and sent as such; the rest (Dash's bundles, our own assets) is compressed on its first
request and kept per worker, under their URL and ETag (Dash's URLs carry the package version,
our files' ETags their time and size), so what is kept never goes stale.
"""

from __future__ import annotations

import mimetypes
import sys
from pathlib import Path

import brotli
from dash import Dash
from flask import Response, request, send_file

from data.atomic import write_bytes
from data.settings import ROOT
from web.response_cache import encode, encoded, encoding

VENDOR = ROOT / "assets" / "vendor"
VENDOR_URL = "/assets/vendor/"
STATIC_URLS = ("/assets/", "/_dash-component-suites/")
PACKED = (".js", ".css", ".json")  # what is worth compressing
SUFFIX = ".br"


def pack(folder: Path) -> int:
    """Write `name.br` beside every script, style sheet and outline under `folder`; returns
    how many. Brotli at quality 11 takes seconds for plotly.js: done once, at install."""
    count = 0
    for path in sorted(folder.rglob("*")):
        if path.suffix in PACKED and path.is_file():
            write_bytes(path.with_name(path.name + SUFFIX), brotli.compress(path.read_bytes()))
            count += 1
    return count


def _packed(path: str) -> Path | None:
    """The install-time brotli file of a vendor file, if it is there and not older."""
    plain = (VENDOR / path.removeprefix(VENDOR_URL)).resolve()
    if VENDOR not in plain.parents:
        return None
    packed = plain.with_name(plain.name + SUFFIX)
    try:
        if packed.stat().st_mtime_ns >= plain.stat().st_mtime_ns:
            return packed
    except FileNotFoundError:
        return None
    return None


def register(app: Dash) -> None:
    kept: dict[tuple[str, str, str], bytes] = {}  # one per file and encoding: no bound needed

    @app.server.before_request
    def _send_packed() -> Response | None:
        if request.method not in ("GET", "HEAD") or not request.path.startswith(VENDOR_URL):
            return None
        if encoding(request.headers.get("Accept-Encoding", "")) != "br":
            return None
        packed = _packed(request.path)
        if packed is None:
            return None
        mimetype = mimetypes.guess_type(packed.stem)[0] or "application/octet-stream"
        response = send_file(packed, mimetype=mimetype, download_name=packed.stem, conditional=True)
        return encoded(response, "br")

    @app.server.after_request
    def _keep_compressed(response: Response) -> Response:
        if (
            request.method != "GET"
            or response.status_code != 200
            or "Content-Encoding" in response.headers
            or not request.path.startswith(STATIC_URLS)
            or not request.path.endswith(PACKED)
        ):
            return response
        name = encoding(request.headers.get("Accept-Encoding", ""))
        if name == "identity":
            return response
        tag, weak = response.get_etag()
        key = (request.full_path, str(tag), name)
        response.direct_passthrough = False  # a file response: its body is read or replaced
        body = kept.get(key)
        if body is None:
            body = kept[key] = encode(response.get_data(), name)
        response.set_data(body)
        if tag:  # the compressed body is another representation: another tag
            response.set_etag(f"{tag}:{name}", weak)
        return encoded(response, name)


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else VENDOR
    print(f"compressed {pack(folder)} files in {folder}")
