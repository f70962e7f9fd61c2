"""One reading of a request's query, everywhere: pages, embeds, CSVs and the language.

A repeated parameter counts once, its LAST value (`?cities=a&cities=b` is `cities=b`), as
`data.state.query_items` reads it; bytes that are not UTF-8 (a client may send any) read as
U+FFFD and meet the parameter's own check, instead of failing the request.
"""

from __future__ import annotations

from flask import request

from data.state import query_items


def asked() -> str:
    """This request's query string as text."""
    return request.query_string.decode("utf-8", "replace")


def items() -> dict[str, str]:
    """This request's parameters, each once (the last of a repeated one)."""
    return query_items(asked())
