"""The language of each request: `?lang=` on the page (for callbacks: on the page that sent
them), else the browser's. Keys of kept answers and ETags name it, so it is set first."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from flask import request

from data.i18n import DEFAULT_LANGUAGE, available_languages, set_language


def request_language() -> str:
    languages = available_languages()
    asked = request.args.get("lang")
    if asked is None and request.path.startswith("/_dash-"):
        page = parse_qs(urlparse(request.referrer or "").query)
        asked = page.get("lang", [None])[0]
    if asked in languages:
        return str(asked)
    return request.accept_languages.best_match(languages, default=languages[0]) or languages[0]


def from_request() -> None:
    set_language(request_language())


def reset(_error: BaseException | None) -> None:
    """A thread serves many requests: the next one (or a test after it) must not inherit this
    request's language."""
    set_language(DEFAULT_LANGUAGE)
