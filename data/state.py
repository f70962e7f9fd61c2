"""A view's state as a typed, frozen dataclass that reads and writes a URL query string.

One URL describes one view: the app page, its embed and the CSV of the data behind it all parse
the same query string with the same class, so they cannot drift apart. Parsing is lenient for
pages (a bad value falls back to its default and is reported) and strict for data downloads.
"""

from __future__ import annotations

import dataclasses
import functools
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Self, Union, get_args, get_origin, get_type_hints
from urllib.parse import parse_qsl, urlencode

from data.i18n import _

# Parameters every view accepts that are not part of its state (they change how, not what).
DISPLAY_PARAMS = frozenset({"lang", "theme", "controls", "height"})


class SearchText(str):
    """A state field holding what a person typed (a search): apostrophes and quotes are normal
    there ("women's safety", "l'espace public"), so only markup and control characters are
    refused, not the characters a plain `str` field rejects."""


NO_SEARCH = SearchText("")


def param(default: Any, *, name: str | None = None) -> Any:
    """A state field whose query-string name differs from its Python name (e.g. `from`)."""
    return dataclasses.field(default=default, metadata={"name": name} if name else {})


@dataclass(frozen=True)
class QueryProblem:
    parameter: str
    message: str

    def __str__(self) -> str:
        return _(
            "Parameter '{parameter}': {message}", parameter=self.parameter, message=self.message
        )


class QueryError(ValueError):
    def __init__(self, problems: list[QueryProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def query_items(query: str | Mapping[str, Any]) -> dict[str, str]:
    if isinstance(query, str):
        return dict(parse_qsl(query.lstrip("?"), keep_blank_values=True))
    return {str(k): (v[-1] if isinstance(v, list) else str(v)) for k, v in query.items()}


@dataclass(frozen=True)
class ViewState:
    """Base class: subclass with typed fields that all have defaults."""

    view: ClassVar[str] = ""

    @classmethod
    @functools.cache
    def _fields(cls) -> tuple[tuple[dataclasses.Field[Any], str, Any], ...]:
        """Once per class: resolving the type hints took longer than the rest of a parse (a
        timeline page writes a link per intervention)."""
        hints = get_type_hints(cls)
        return tuple(
            (f, f.metadata.get("name", f.name), hints[f.name]) for f in dataclasses.fields(cls)
        )

    @classmethod
    def parse(cls, query: str | Mapping[str, Any]) -> tuple[Self, list[QueryProblem]]:
        """The state a query string asks for; bad values are left at their default and listed."""
        items = query_items(query)
        values: dict[str, Any] = {}
        problems: list[QueryProblem] = []
        names = set()
        for field, name, hint in cls._fields():
            names.add(name)
            if name not in items:
                continue
            try:
                values[field.name] = _decode(items[name], hint)
            except ValueError as error:
                problems.append(QueryProblem(name, str(error)))
        for name in items.keys() - names - DISPLAY_PARAMS:
            problems.append(QueryProblem(name, _("this view has no such parameter.")))
        return cls(**values), problems

    @classmethod
    def from_query(cls, query: str | Mapping[str, Any]) -> Self:
        """Strict parse for data downloads: any problem is an error."""
        state, problems = cls.parse(query)
        if problems:
            raise QueryError(problems)
        return state

    def to_query(self) -> str:
        """The shortest query string for this state: defaults are left out."""
        pairs = []
        for field, name, _hint in self._fields():
            value = getattr(self, field.name)
            if value != field.default:
                pairs.append((name, _encode(value)))
        return urlencode(pairs, safe=",")

    def replace(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)


def form_value(value: Any) -> Any:
    """A state field as a form control holds it: lists for multi-selects, text for selects."""
    if isinstance(value, tuple):
        return list(value)
    if value is None:
        return ""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _encode(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    return "" if value is None else str(value)


def _decode(text: str, hint: Any) -> Any:
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):  # `int | None`: empty means None
        inner = next(a for a in get_args(hint) if a is not type(None))
        return None if text == "" else _decode(text, inner)
    if origin is Literal:
        choices = get_args(hint)
        if text not in choices:
            raise ValueError(
                _(
                    "'{value}' is not one of {choices}.",
                    value=text,
                    choices=", ".join(map(str, choices)),
                )
            )
        return text
    if origin is tuple:
        inner = get_args(hint)[0]
        return tuple(dict.fromkeys(_decode(part, inner) for part in text.split(",") if part))
    if hint is bool:
        if text not in ("0", "1", "true", "false"):
            raise ValueError(_("'{value}' is not 0 or 1.", value=text))
        return text in ("1", "true")
    if hint is int:
        try:
            return int(text)
        except ValueError:
            raise ValueError(_("'{value}' is not a whole number.", value=text)) from None
    if hint is SearchText:
        if len(text) > 200 or any(c in text for c in "<>`") or not text.isprintable():
            raise ValueError(_("'{value}' is not a valid search.", value=text[:40]))
        return SearchText(" ".join(text.split()))
    if hint is str:
        if len(text) > 200 or any(c in text for c in "<>\"'`"):
            raise ValueError(_("'{value}' is not a valid value.", value=text[:40]))
        return text
    raise TypeError(f"unsupported state field type {hint!r}")
