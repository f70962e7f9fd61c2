"""View answers are computed once per build, language and URL; nothing else is cached."""

from __future__ import annotations

import gzip
import json

import brotli
from dash import Dash

from app import create_app
from components.ids import City, Trends
from data.repository import Repository
from web.response_cache import LRUBytes, kept


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


def test_same_url_is_answered_from_memory_per_language(repo: Repository) -> None:
    app = create_app(repo=repo)
    server = app.server
    client = server.test_client()
    answers = kept(server)
    post = lambda body, **kw: client.post(  # noqa: E731
        "/_dash-update-component", data=body, content_type="application/json", **kw
    )
    first = post(update_body(app, "?cities=alpha"))
    assert first.status_code == 200
    assert len(answers.items) == 1
    again = post(update_body(app, "?cities=alpha"))
    assert again.get_data() == first.get_data()
    assert len(answers.items) == 1
    post(update_body(app, "?cities=beta"))
    assert len(answers.items) == 2
    post(update_body(app, "?cities=alpha"), headers={"Accept-Language": "xx"})  # falls back to en
    post(update_body(app, "?cities=alpha&lang=en"))
    assert len(answers.items) == 3  # a different URL is a different answer


def test_callbacks_with_other_inputs_are_not_cached(repo: Repository) -> None:
    app = create_app(repo=repo)
    server = app.server
    body = json.loads(update_body(app, "?cities=alpha"))
    body["inputs"].append({"id": Trends.INDICATOR, "property": "value", "value": "x"})
    server.test_client().post(
        "/_dash-update-component", data=json.dumps(body), content_type="application/json"
    )
    assert kept(server).items == {}


def test_pattern_matching_inputs_are_not_cached(repo: Repository) -> None:
    from web.response_cache import cache_key

    locations = {(str(Trends.URL), "search")}
    wildcard = {"inputs": [[{"id": {"type": "x", "index": 0}, "property": "n_clicks"}]]}
    assert cache_key(json.dumps(wildcard).encode(), locations, "build") is None
    plain = {"inputs": [{"id": str(Trends.URL), "property": "search", "value": ""}]}
    with create_app(repo=repo).server.test_request_context():
        assert cache_key(json.dumps(plain).encode(), locations, "build") is not None


def test_lru_drops_the_oldest_answers_beyond_its_size() -> None:
    cache = LRUBytes(max_bytes=80)
    for key in "abc":
        cache.put(key, b"x" * 10)
    assert cache.get("a") == b"x" * 10  # a is now the most recent
    for key in "defghi":
        cache.put(key, b"y" * 10)
    assert cache.size <= 80
    assert cache.get("b") is None
    assert cache.get("a") is not None or cache.get("i") is not None
    cache.put("big", b"z" * 11)  # over an eighth of the whole: never kept
    assert cache.get("big") is None
    cache.put("i", b"z" * 10)  # kept again: counted once
    assert cache.size == sum(map(len, cache.items.values())) <= 80


def test_city_page_answers_are_cached_by_path_and_query(repo: Repository) -> None:
    app = create_app(repo=repo)
    client = app.server.test_client()
    answers = kept(app.server)
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
    assert len(answers.items) == 1
    assert post("/city/beta") != alpha
    assert len(answers.items) == 2


def test_answers_are_kept_in_the_encoding_asked_for(repo: Repository) -> None:
    app = create_app(repo=repo)
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
    assert len(kept(app.server).items) == 3


def test_a_page_is_rendered_once_per_url_and_language(repo: Repository) -> None:
    app = create_app(repo=repo)
    client = app.server.test_client()
    answers = kept(app.server)

    def layout(referer: str, language: str = "en") -> bytes:
        headers = {"Referer": referer, "Accept-Encoding": "gzip", "Accept-Language": language}
        response = client.get("/_dash-layout", headers=headers)
        assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
        return gzip.decompress(response.get_data())

    trends = layout("http://localhost/trends?cities=alpha")
    assert b"alpha" in trends
    assert layout("http://localhost/trends?cities=alpha") == trends
    assert len(answers.items) == 1
    assert layout("http://localhost/trends?cities=beta") != trends
    assert layout("http://localhost/trends?cities=alpha", "es") != trends
    assert len(answers.items) == 3
    client.get("/_dash-layout")  # no page named: the empty shell, not kept
    client.get("/_dash-layout", headers={"Referer": "http://elsewhere/trends"})
    assert len(answers.items) == 3
