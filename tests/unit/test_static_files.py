"""Scripts and styles go out compressed once, not per visitor (callbacks/static_files.py)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest
from flask.testing import FlaskClient

from app import create_app
from data.repository import Repository
from web import static_files
from web.response_cache import encode
from web.static_files import VENDOR, pack

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def test_pack_writes_a_brotli_copy_of_each_script_style_and_outline(tmp_path: Path) -> None:
    (tmp_path / "maps").mkdir()
    files = {"a.js": b"var a = 1;" * 100, "maps/w.json": b'{"x": 1}' * 50, "b.css": b"p{}" * 9}
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "notes.txt").write_text("not sent compressed")
    assert pack(tmp_path) == 3
    for name, content in files.items():
        assert brotli.decompress((tmp_path / f"{name}.br").read_bytes()) == content
    assert not (tmp_path / "notes.txt.br").exists()


@pytest.mark.skipif(not (VENDOR / "plotly.min.js.br").is_file(), reason="needs `make install`")
def test_vendor_files_are_sent_as_packed_at_install(client: FlaskClient) -> None:
    url = "/assets/vendor/plotly.min.js"
    packed = client.get(url, headers=BROWSER)
    assert packed.headers["Content-Encoding"] == "br"
    assert packed.mimetype == "text/javascript"
    assert packed.get_data() == (VENDOR / "plotly.min.js.br").read_bytes()
    assert brotli.decompress(packed.get_data()) == (VENDOR / "plotly.min.js").read_bytes()
    assert packed.headers["Cache-Control"] == "public, max-age=86400"
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    assert plain.get_data() == (VENDOR / "plotly.min.js").read_bytes()
    again = client.get(url, headers={**BROWSER, "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304


def test_dash_bundles_are_compressed_once_and_kept(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    compressed: list[str] = []

    def counted(body: bytes, name: str) -> bytes:
        compressed.append(name)
        return encode(body, name)

    monkeypatch.setattr(static_files, "encode", counted)
    client = create_app(repo=repo).server.test_client()
    page = client.get("/").get_data(as_text=True)
    bundle = re.search(r'src="(/_dash-component-suites/dash/dash-renderer/[^"]+\.js)"', page)
    assert bundle is not None
    plain = client.get(bundle[1], headers={"Accept-Encoding": "identity"}).get_data()
    first = client.get(bundle[1], headers=BROWSER)
    second = client.get(bundle[1], headers=BROWSER)
    assert first.headers["Content-Encoding"] == second.headers["Content-Encoding"] == "br"
    assert brotli.decompress(second.get_data()) == plain
    zipped = client.get(bundle[1], headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(zipped.get_data()) == plain
    assert compressed == ["br", "gzip"]  # the second visitor's copy was kept from the first
