"""View answers are computed once per build, language and URL; nothing else is cached."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path

import brotli
import pytest
from dash import Dash

from app import create_app
from components.ids import City, Trends
from data.repository import Repository
from data.settings import Settings
from tests.conftest import redis_server
from web.cache import DiskBackend
from web.response_cache import answers


def update_body(app: Dash, search: str) -> bytes:
    """The request the trends page sends when its URL changes, as Dash's renderer writes it."""
    location = {"id": Trends.URL, "property": "search"}
    [(output, _spec)] = [
        (key, spec) for key, spec in app.callback_map.items() if spec["inputs"] == [location]
    ]
    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1)))
        for part in output.strip(".").split("...")
    ]
    return json.dumps(
        {
            "output": output,
            "outputs": outputs,
            "inputs": [{**location, "value": search}],
            "changedPropIds": [f"{Trends.URL}.search"],
            "state": [],
        }
    ).encode()


def test_same_url_is_answered_from_the_cache_per_language(
    repo: Repository, own_cache: Settings
) -> None:
    app = create_app(own_cache, repo)
    server = app.server
    client = server.test_client()
    kept = answers(server)
    post = lambda body, **kw: client.post(  # noqa: E731
        "/_dash-update-component", data=body, content_type="application/json", **kw
    )
    first = post(update_body(app, "?cities=alpha"))
    assert first.status_code == 200
    assert len(kept) == 1
    again = post(update_body(app, "?cities=alpha"))
    assert again.get_data() == first.get_data()
    assert len(kept) == 1
    post(update_body(app, "?cities=beta"))
    assert len(kept) == 2
    post(update_body(app, "?cities=alpha"), headers={"Accept-Language": "xx"})  # falls back to en
    post(update_body(app, "?cities=alpha&lang=en"))
    assert len(kept) == 3  # a different URL is a different answer
    # the same state spelt otherwise, or with a parameter the view does not know, is one entry
    for spelling in ("?cities=alpha&junk=1", "?cities=alpha&junk=2", "?junk=3&cities=alpha"):
        post(update_body(app, spelling))
    assert len(kept) == 4


def test_callbacks_with_other_inputs_are_not_cached(repo: Repository, own_cache: Settings) -> None:
    app = create_app(own_cache, repo)
    server = app.server
    body = json.loads(update_body(app, "?cities=alpha"))
    body["inputs"].append({"id": Trends.INDICATOR, "property": "value", "value": "x"})
    server.test_client().post(
        "/_dash-update-component", data=json.dumps(body), content_type="application/json"
    )
    assert len(answers(server)) == 0


def test_pattern_matching_inputs_are_not_cached(repo: Repository) -> None:
    from web.response_cache import cache_key

    locations = {(str(Trends.URL), "search")}
    wildcard = {"inputs": [[{"id": {"type": "x", "index": 0}, "property": "n_clicks"}]]}
    assert cache_key(json.dumps(wildcard).encode(), locations, "build") is None
    plain = {"inputs": [{"id": str(Trends.URL), "property": "search", "value": ""}]}
    with create_app(repo=repo).server.test_request_context():
        assert cache_key(json.dumps(plain).encode(), locations, "build") is not None


def test_the_cache_stays_within_its_bytes(tmp_path: Path) -> None:
    limit = 2**20
    kept = DiskBackend(tmp_path, size_limit=limit)
    for i in range(40):
        kept.set(f"answer {i}", bytes(100_000))
    assert kept.volume() <= limit + 100_000  # culled as it goes: at most one entry over
    assert kept.get("answer 39") == bytes(100_000)  # the newest stay
    assert kept.get("answer 0") is None
    assert kept.add("lock", b"", expire=60) and not kept.add("lock", b"", expire=60)


def test_city_page_answers_are_cached_by_path_and_query(
    repo: Repository, own_cache: Settings
) -> None:
    app = create_app(own_cache, repo)
    client = app.server.test_client()
    kept = answers(app.server)
    location = [{"id": City.URL, "property": p} for p in ("pathname", "search")]
    [output] = [key for key, spec in app.callback_map.items() if spec["inputs"] == location]

    def post(path: str) -> bytes:
        body = {
            "output": output,
            "outputs": [
                dict(zip(("id", "property"), part.rsplit(".", 1)))
                for part in output.strip(".").split("...")
            ],
            "inputs": [{**location[0], "value": path}, {**location[1], "value": ""}],
            "changedPropIds": [f"{City.URL}.pathname"],
        }
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code == 200
        return response.get_data()

    alpha = post("/city/alpha")
    assert post("/city/alpha") == alpha
    assert len(kept) == 1
    assert post("/city/beta") != alpha
    assert len(kept) == 2


def test_answers_are_kept_in_the_encoding_asked_for(repo: Repository, own_cache: Settings) -> None:
    app = create_app(own_cache, repo)
    client = app.server.test_client()
    body = update_body(app, "?cities=alpha")

    def post(encodings: str) -> tuple[bytes, str | None]:
        response = client.post(
            "/_dash-update-component",
            data=body,
            content_type="application/json",
            headers={"Accept-Encoding": encodings},
        )
        assert response.status_code == 200 and "Accept-Encoding" in response.headers["Vary"]
        return response.get_data(), response.headers.get("Content-Encoding")

    plain, none = post("")
    assert none is None and json.loads(plain)["response"]
    brotlied, br = post("gzip, deflate, br, zstd")
    assert br == "br" and brotli.decompress(brotlied) == plain
    assert post("gzip, deflate, br") == (brotlied, "br")  # the kept bytes, not compressed again
    gzipped, gz = post("gzip;q=1.0")
    assert gz == "gzip" and gzip.decompress(gzipped) == plain
    refused, named = post("br;q=0, gzip")  # brotli refused: gzip, the kept copy
    assert named == "gzip" and refused == gzipped
    assert len(answers(app.server)) == 3


def test_a_page_is_rendered_once_per_url_and_language(
    repo: Repository, own_cache: Settings
) -> None:
    app = create_app(own_cache, repo)
    client = app.server.test_client()
    kept = answers(app.server)

    def layout(referer: str, language: str = "en") -> bytes:
        headers = {"Referer": referer, "Accept-Encoding": "gzip", "Accept-Language": language}
        response = client.get("/_dash-layout", headers=headers)
        assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
        return gzip.decompress(response.get_data())

    trends = layout("http://localhost/trends?cities=alpha")
    assert b"alpha" in trends
    assert layout("http://localhost/trends?cities=alpha") == trends
    assert len(kept) == 1
    assert layout("http://localhost/trends?cities=beta") != trends
    assert layout("http://localhost/trends?cities=alpha", "es") != trends
    assert len(kept) == 3
    client.get("/_dash-layout")  # no page named: the empty shell, not kept
    client.get("/_dash-layout", headers={"Referer": "http://elsewhere/trends"})
    assert len(kept) == 3


def test_with_redis_two_hosts_share_one_computation(
    repo: Repository,
    redis_url: str,
    own_cache: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from web import embeds

    drawn: list[str] = []
    original = embeds.embed_page

    def counting(repo: Repository, name: str, query: str) -> object:
        drawn.append(query)
        return original(repo, name, query)

    monkeypatch.setattr(embeds, "embed_page", counting)
    hosts = [
        create_app(replace(own_cache, cache_dir=tmp_path / name, redis_url=redis_url), repo)
        for name in ("a", "b")
    ]
    first = hosts[0].server.test_client().get("/embed/trends?cities=alpha")
    second = hosts[1].server.test_client().get("/embed/trends?cities=alpha")
    assert first.status_code == second.status_code == 200
    assert second.get_data() == first.get_data()
    assert drawn == ["cities=alpha"]  # computed through host a, answered through host b
    kept = answers(hosts[1].server)
    assert kept.add("warming;x", b"", expire=60)  # one warm-up across hosts
    assert not answers(hosts[0].server).add("warming;x", b"", expire=60)


def test_what_another_release_kept_is_not_served(tmp_path: Path) -> None:
    old = DiskBackend(tmp_path, size_limit=2**20, prefix="release-1:")
    old.set("page", b"drawn by the old code")
    assert DiskBackend(tmp_path, size_limit=2**20, prefix="release-2:").get("page") is None
    assert DiskBackend(tmp_path, size_limit=2**20, prefix="release-1:").get("page") is not None


def test_a_host_keeps_answering_when_redis_stops(
    repo: Repository, own_cache: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with redis_server(tmp_path) as url:
        app = create_app(replace(own_cache, redis_url=url), repo)
        client = app.server.test_client()
        assert client.get("/embed/trends?cities=alpha").status_code == 200
    # Redis has stopped: answers are computed here, the lock is not taken, nothing fails
    assert client.get("/embed/trends?cities=alpha").status_code == 200
    assert client.get("/embed/trends?cities=beta").status_code == 200
    assert not answers(app.server).add("warming;x", b"", expire=60)
    assert "Redis does not answer" in caplog.text


def test_a_csv_is_made_once_per_url_and_language(repo: Repository, own_cache: Settings) -> None:
    app = create_app(own_cache, repo)
    client = app.server.test_client()
    kept = answers(app.server)

    def download(url: str, language: str = "en") -> tuple[int, bytes]:
        response = client.get(url, headers={"Accept-Language": language})
        if response.status_code == 200:
            assert response.mimetype == "text/csv"
            name = url.split("?")[0].removeprefix("/data/")
            disposition = f'attachment; filename="observatory-{name}"'
            assert response.headers["Content-Disposition"] == disposition
        return response.status_code, response.get_data()

    first = download("/data/trends.csv?cities=alpha")
    assert first[0] == 200 and b"alpha" in first[1]
    assert download("/data/trends.csv?cities=alpha") == first  # from the kept copy, named again
    assert download("/data/trends.csv?cities=%61lpha") == first  # one spelling, one entry
    assert len(kept) == 1
    assert download("/data/trends.csv?cities=alpha&junk=1")[0] == 400  # refused: not kept
    assert len(kept) == 1
    assert download("/data/trends.csv?cities=beta") != first
    download("/data/trends.csv?cities=alpha", "es")
    assert len(kept) == 3
    assert download("/data/nothing.csv")[0] == 404
    cities = download("/data/cities.csv")
    assert download("/data/cities.csv?anything=1") == cities  # it reads no query
    assert len(kept) == 4


def test_answers_made_ahead_of_time_are_compressed_harder(
    repo: Repository, own_cache: Settings
) -> None:
    """A visitor waits for an answer computed on demand; warm-up's are made before anyone
    asks, so the bytes every later visitor downloads matter more than the time."""
    app = create_app(own_cache, repo)
    client = app.server.test_client()

    def post(search: str, **headers: str) -> bytes:
        response = client.post(
            "/_dash-update-component",
            data=update_body(app, search),
            content_type="application/json",
            headers={"Accept-Encoding": "br", **headers},
        )
        assert response.headers["Content-Encoding"] == "br"
        return response.get_data()

    waited = post("?cities=alpha")
    plain = brotli.decompress(waited)
    assert waited == brotli.compress(plain, quality=4) != brotli.compress(plain, quality=5)
    ahead = post("?cities=beta", **{"X-Observatory-Ahead": "1"})
    assert ahead == brotli.compress(brotli.decompress(ahead), quality=5)
