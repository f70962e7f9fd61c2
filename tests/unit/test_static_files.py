"""Scripts and styles go out compressed once, not per visitor (web/static_files.py)."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest
from flask.testing import FlaskClient
from flask_compress import flask_compress

from app import create_app
from data.repository import Repository
from data.settings import Settings
from web.static_files import VENDOR

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@pytest.mark.skipif(not (VENDOR / "plotly.min.js.br").is_file(), reason="needs `make install`")
def test_vendor_files_are_sent_as_packed_at_install(client: FlaskClient) -> None:
    url = "/assets/vendor/plotly.min.js"
    packed = client.get(url, headers=BROWSER)
    assert packed.headers["Content-Encoding"] == "br"
    assert packed.mimetype == "text/javascript"
    assert packed.get_data() == (VENDOR / "plotly.min.js.br").read_bytes()
    assert brotli.decompress(packed.get_data()) == (VENDOR / "plotly.min.js").read_bytes()
    assert packed.headers["Cache-Control"] == "max-age=86400, public"
    assert packed.headers["X-Content-Type-Options"] == "nosniff"
    zipped = client.get(url, headers={"Accept-Encoding": "br;q=0, gzip"})  # brotli refused
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.get_data()) == (VENDOR / "plotly.min.js").read_bytes()
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert plain.get_data() == (VENDOR / "plotly.min.js").read_bytes()
    again = client.get(url, headers={**BROWSER, "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304
    junk = client.get(url + "?junk=1", headers=BROWSER)  # the same file, whatever the query
    assert junk.get_data() == packed.get_data()


def test_dash_bundles_and_our_assets_are_compressed_once_and_kept(
    repo: Repository, own_cache: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    compressed: list[str] = []
    original = flask_compress._compress_data

    def counted(app: object, body: bytes, name: str) -> bytes:
        compressed.append(name)
        return original(app, body, name)

    monkeypatch.setattr(flask_compress, "_compress_data", counted)
    client = create_app(own_cache, repo).server.test_client()
    page = client.get("/", headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
    bundle = re.search(r'src="(/_dash-component-suites/dash/dash-renderer/[^"]+\.js)"', page)
    style = re.search(r'href="(/assets/style\.css\?m=[^"]+)"', page)
    assert bundle is not None and style is not None
    for url in (bundle[1], style[1]):
        compressed.clear()
        plain = client.get(url, headers={"Accept-Encoding": "identity"}).get_data()
        first = client.get(url, headers=BROWSER)
        second = client.get(url + "&junk=1" if "?" in url else url + "?junk=1", headers=BROWSER)
        assert first.headers["Content-Encoding"] == second.headers["Content-Encoding"] == "br"
        assert brotli.decompress(second.get_data()) == plain
        zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert gzip.decompress(zipped.get_data()) == plain
        assert compressed == ["br", "gzip"], url  # the second visitor's copy was kept
