"""Text from the data reaches plotly as text, never as markup.

plotly.js draws a subset of HTML in every title, label, legend entry, hover and annotation:
`<a href>` makes a live link, `<br>`, `<b>`, `<span style>` change the look. A city, a source
or an intervention title holding `<a href="https://evil.example/">Kano</a>` would therefore be
a link on our pages, embeds, PNGs and slides. Every figure builder is wrapped in `data_text`,
which writes `<`, `>` and `&` as entities in everything it is given (strings, the text columns
of frames, dict values, record fields), and line breaks as `<br>`; plotly shows the entities as
the characters they stand for. The builder's own markup (`<b>`, `<br>`) is added after, so it
keeps working.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")
_MARKUP = re.compile(r"[<>&\n]")
SMALL = 2000  # values in a column looked at one by one (more: with pandas' string methods)
_ENTITIES = re.compile(r"[<>&\r]")  # what `plain` writes otherwise than a line break


def plain(text: str) -> str:
    """`text` as plotly shows it literally; its line breaks stay line breaks (plotly would
    show them as spaces)."""
    return html.escape(text, quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def data_text(builder: Callable[P, R] | None = None, *, reads: Iterable[str] | None = None) -> Any:
    """Wrap a figure builder so that the text it is given is shown as text. `reads`: the
    columns the builder reads of the frame it is first given, which alone are escaped (a
    listing's 25 text columns took longer to escape than its page took to draw)."""

    def wrap(builder: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(builder)
        def escaped(*args: P.args, **kwargs: P.kwargs) -> R:
            if reads is not None and args and isinstance(args[0], pd.DataFrame):
                frame = args[0]
                args = (frame[[c for c in reads if c in frame.columns]], *args[1:])  # type: ignore[assignment]
            return builder(
                *(plain_values(a) for a in args),  # type: ignore[arg-type]
                **{k: plain_values(v) for k, v in kwargs.items()},  # type: ignore[arg-type]
            )

        return escaped

    return wrap if builder is None else wrap(builder)


def plain_values(value: Any) -> Any:
    """`value` with the markup characters of its text written as entities; ids (which hold
    none) and everything that is not text are left as they are."""
    if isinstance(value, str):
        return plain(value) if _MARKUP.search(value) else value
    if isinstance(value, pd.DataFrame):
        return _plain_frame(value)
    if isinstance(value, pd.Series):
        return _plain_column(value)
    if isinstance(value, dict):
        return {k: plain_values(v) for k, v in value.items()}
    if isinstance(value, list | tuple) and not hasattr(value, "_fields"):
        return type(value)(plain_values(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: plain_values(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    return value


def _plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame
    for i, (name, column) in enumerate(frame.items()):  # by position: names may repeat
        if isinstance(name, str) and name.endswith("_id"):
            continue  # an id: the build refuses one outside [a-z0-9._-] (pipeline/parse.py)
        plain_column = _plain_column(column)
        if plain_column is not column:
            if out is frame:
                out = frame.copy(deep=False)
            out.isetitem(i, plain_column)
    if frame.index.dtype == object and any(
        isinstance(v, str) and _MARKUP.search(v) for v in frame.index
    ):
        out = out.copy(deep=False) if out is frame else out
        out.index = frame.index.map(plain_values)
    return out


def _plain_column(column: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
        return column
    if len(column) <= SMALL:  # a chart's lines: pandas' string methods cost more per call
        values = column.tolist()
        # one search of all the values at once: none of their texts holds markup, so no text
        # value does (a search per value took longer than the chart's numbers)
        if not _MARKUP.search("\0".join(map(str, values))):
            return column
        if not any(isinstance(v, str) and _MARKUP.search(v) for v in values):
            return column
        return column.map(plain_values)
    try:
        hits = column.str.contains(_MARKUP, na=False)
    except (AttributeError, TypeError):  # no text in it
        return column
    if not hits.any():
        return column
    if isinstance(column.dtype, pd.CategoricalDtype):  # few distinct values: one call each
        return column.map(plain_values)
    # `plain` on whole columns (thousands of map hover texts hold line breaks); rows without
    # markup, and any that are not text, stay as they are
    text = column[hits].astype(str)
    if text.str.contains(_ENTITIES, na=False).any():  # most hits are line breaks alone
        for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r\n", "\n")):
            text = text.str.replace(char, entity, regex=False)
    return column.mask(hits, text.str.replace("\n", "<br>", regex=False))
