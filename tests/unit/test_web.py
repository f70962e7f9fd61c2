"""The HTTP layer is installed in one order (web/__init__.py), and that order is what runs."""

from __future__ import annotations

import dataclasses

from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from data.importers.wizard import MAX_BYTES as WIZARD_MAX_BYTES
from data.repository import Repository
from data.settings import Settings
from web import max_request_bytes


def names(hooks: list) -> list[str]:
    return [f.__qualname__.replace(".<locals>", "") for f in hooks if f.__module__ != "dash.dash"]


def test_hooks_run_in_the_order_web_install_documents(
    repo: Repository, own_cache: Settings
) -> None:
    server: Flask = create_app(dataclasses.replace(own_cache, warm_pages=True), repo).server
    assert names(server.before_request_funcs[None]) == [
        "from_request",  # 1. the language, which keys and ETags name
        "hook.no_data_yet",  # 1b. no good build: "no data yet", before anything reads data
        "hooks.not_modified",  # 2. a 304 before any work
        "hooks.answer_from_kept",  # 3. a kept callback answer
        "hooks.page_from_kept",  # 4. a kept page
    ]
    # Flask runs after-request hooks last registered first: this is the order they run in.
    assert names(reversed(server.after_request_funcs[None])) == [
        "hook.warm_new_build",  # 1. warm a new build once the response is sent
        "as_one_body",  # 2. our assets as one body, for 6. to keep
        "load_with_answers.with_dist",  # 3. lazy libraries named before the answer is kept
        "hooks.keep_answer",  # 4. keep the answer, compressed
        "hooks.add_headers",  # 5. headers on the final answer
        "Compress.after_request",  # 6. compress the rest
        "not_found.unknown_page",  # 7. a 404 for a page no view answers, compressed as a page
    ]
    assert names(server.teardown_request_funcs[None]) == ["reset"]


def test_request_bodies_are_capped(repo: Repository, own_cache: Settings) -> None:
    client = create_app(own_cache, repo).server.test_client()
    post = lambda size: client.post(  # noqa: E731
        "/_dash-update-component", data=b"x" * size, content_type="application/json"
    )
    limit = max_request_bytes()
    assert post(limit + 1).status_code == 413
    assert post(limit).status_code == 400  # read, and refused as no callback
    assert limit > WIZARD_MAX_BYTES * 4 / 3  # the wizard's largest upload fits


def test_unknown_pages_are_404_and_views_are_not(client: FlaskClient) -> None:
    missing = client.get("/nowhere", headers={"Accept-Encoding": "br"})
    assert missing.status_code == 404 and missing.headers["Content-Encoding"] == "br"
    assert client.get("/trends/extra").status_code == 404
    for path in ("/", "/trends", "/city", "/city/alpha", "/interventions", "/map", "/presentation"):
        assert client.get(path).status_code == 200, path
    assert client.get("/admin/import").status_code == 404  # no admin token: no wizard
