"""Requests no page of ours sends get a 4xx, never a 500 (web/refusals.py); one reading of a
query everywhere (web/query.py); the attack suite's kept requests and a seeded sample of it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from app import create_app
from data.repository import Repository
from data.settings import Settings
from tests.fuzz.requests import Hostile, Sender, generate, kept, renderer_outputs
from web.refusals import MAX_DEPTH, depth, envelope_problem

TOKEN = "a-token"


@pytest.fixture(scope="module")
def wizard(repo: Repository, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, FlaskClient]:
    settings = dataclasses.replace(
        Settings.from_env(), cache_dir=tmp_path_factory.mktemp("cache"), admin_token=TOKEN
    )
    app = create_app(settings, repo)
    return app, app.server.test_client()


def post(client: FlaskClient, body: Any) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/_dash-update-component", data=data, content_type="application/json")


def renderer_body(spec_key: str, spec: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """A body shaped as Dash's renderer sends it for this callback, with these values."""

    def items(specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**s, "value": values.get(s["property"])} for s in specs]

    return {
        "output": spec_key,
        "outputs": renderer_outputs(spec_key),
        "inputs": items(spec["inputs"]),
        "state": items(spec.get("state", [])),
        "changedPropIds": [],
    }


def test_depth_counts_nesting_outside_strings() -> None:
    assert depth(b"1") == 0
    assert depth(b"[]") == 1
    assert depth(b'{"a": [[1], {"b": []}]}') == 4  # { [ { [
    assert depth(b'["[[[[", "\\"]]]"]') == 1  # brackets inside strings, an escaped quote
    assert depth(b"[" * 5000) == 5000  # unclosed: still counted


def test_a_body_nested_too_deep_is_refused_before_parsing(client: FlaskClient) -> None:
    for body in ("[" * 100_000 + "]" * 100_000, '{"inputs":' + '{"a":' * 50_000 + "1"):
        response = post(client, body)
        assert response.status_code == 400
        assert str(MAX_DEPTH) in response.get_data(as_text=True)
    assert post(client, "[" * MAX_DEPTH + "]" * MAX_DEPTH).status_code == 400  # not a callback


def test_callback_bodies_not_shaped_as_the_renderers_are_400(
    client: FlaskClient, repo: Repository
) -> None:
    app = create_app(repo=repo)
    key, spec = next((k, s) for k, s in app.callback_map.items() if k.startswith("..trends-graph"))
    good = renderer_body(key, spec, {"pathname": "/trends", "search": "?cities=alpha"})
    assert envelope_problem(good, app.callback_map) is None
    assert post(client, good).status_code == 200
    broken = [
        "not json",
        [],
        {**good, "output": "nothing.children"},
        {**good, "output": 3},
        {**good, "outputs": []},
        {**good, "outputs": [[], []]},
        {**good, "inputs": "?cities=alpha"},
        {**good, "inputs": good["inputs"] * 2},
        {**good, "inputs": [{"id": ["x"], "property": None}, *good["inputs"][1:]]},
        {**good, "state": [{"id": "x", "property": "value", "value": 1}]},
        {**good, "changedPropIds": {"a": 1}},
    ]
    for body in broken:
        response = post(client, body)
        assert response.status_code == 400, body
        assert "Traceback" not in response.get_data(as_text=True)


def test_values_a_component_never_sends_are_never_a_500(
    client: FlaskClient, repo: Repository
) -> None:
    """A search that is a number, where the browser sends text: the overview's callback fails
    on it, and the failure is a 400 (logged), not a server error; other callbacks cope."""
    app = create_app(repo=repo)
    for key, spec in app.callback_map.items():
        if "callback" not in spec or spec.get("state"):
            continue
        for junk in ({"a": 1}, 12, True, ["?cities=alpha"]):
            response = post(
                client, renderer_body(key, spec, dict.fromkeys(["search", "value"], junk))
            )
            assert response.status_code < 500, (key, junk)
    overview = next(k for k in app.callback_map if k.startswith("..overview-url.search"))
    body = renderer_body(overview, app.callback_map[overview], {"search": 12, "value": 12})
    response = post(client, body)
    assert response.status_code == 400
    assert response.get_data(as_text=True) == "The request's values could not be answered."


def test_a_clientside_callback_is_no_server_callback(client: FlaskClient, repo: Repository) -> None:
    app = create_app(repo=repo)
    key, spec = next((k, s) for k, s in app.callback_map.items() if "callback" not in s)
    response = post(client, renderer_body(key, spec, {}))
    assert response.status_code == 400
    assert "no such callback" in response.get_data(as_text=True)


def test_wizard_tokens_of_any_type_get_a_message_not_a_500(
    wizard: tuple[Any, FlaskClient],
) -> None:
    app, client = wizard
    wizard_callbacks = [
        (k, s)
        for k, s in app.callback_map.items()
        if "admin-import" in k and any("token" in str(x["id"]) for x in s.get("state", []))
    ]
    assert wizard_callbacks  # the check and confirm steps ask for the token
    for key, spec in wizard_callbacks:
        for token in (["a-token"], {"t": "a-token"}, 1, None, True, "x" * 10_000):
            body = renderer_body(key, spec, {"n_clicks": 1})
            for item in body["state"]:
                if "token" in str(item["id"]):
                    item["value"] = token
            response = post(client, body)
            assert response.status_code in (200, 204, 400), (key, token)


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/dash/dcc/../../app.py",
        "/_dash-component-suites/dash/..%2f..%2fapp.py",
        "/_dash-component-suites/nothing/x.js",
        "/_dash-component-suites/dash/deps/polyfill@7.js/../../../pyproject.toml",
        "/assets/..%2fapp.py",
        "/assets/vendor/../../app.py",
    ],
)
def test_traversal_attempts_are_404(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Accept-Encoding": "br"})
    assert response.status_code == 404
    assert b"def create_app" not in response.get_data()


def test_a_nul_byte_in_an_asset_path_is_no_server_error(client: FlaskClient) -> None:
    response = client.get("/assets/style%00.css", headers={"Accept-Encoding": "br"})
    assert response.status_code == 404


def test_a_repeated_parameter_is_read_as_its_last_value_everywhere(client: FlaskClient) -> None:
    """As the README says: `?cities=alpha&cities=beta` is `cities=beta` for the CSV, the embed
    and the page alike."""
    csv = client.get("/data/trends.csv?cities=alpha&cities=beta").get_data(as_text=True)
    assert "\r\nbeta," in csv and "\r\nalpha," not in csv
    assert csv == client.get("/data/trends.csv?cities=beta").get_data(as_text=True)
    embed = client.get("/embed/trends?cities=alpha&cities=beta").get_data(as_text=True)
    assert embed == client.get("/embed/trends?cities=beta").get_data(as_text=True)
    french = client.get("/embed/trends?lang=es&lang=fr").get_data(as_text=True)
    assert 'lang="fr"' in french


def test_a_query_that_is_not_utf8_is_no_server_error(client: FlaskClient) -> None:
    for url in ("/data/trends.csv", "/embed/trends", "/trends"):
        response = client.get(url, environ_overrides={"QUERY_STRING": "cities=\xff\xfe"})
        assert response.status_code in (200, 400), url


KEPT = kept()


@pytest.fixture(scope="module")
def sender(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Sender:
    return Sender(built, tmp_path_factory.mktemp("fuzz-cache"))


@pytest.mark.parametrize("hostile", [h for _n, h in KEPT], ids=[n for n, _h in KEPT])
def test_a_kept_hostile_request_is_answered_well(sender: Sender, hostile: Hostile) -> None:
    answer = sender.send(hostile)
    assert answer.problem == "", answer


def test_a_seeded_sample_of_hostile_requests_is_answered_well(sender: Sender) -> None:
    answers = {name: sender.send(h) for name, h in generate(sender.app, seed=2026, count=150)}
    assert {name: a.problem for name, a in answers.items() if a.problem} == {}
    assert any(a.status == 200 for a in answers.values())  # not all refused: real answers too
