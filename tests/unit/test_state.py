"""View state <-> query string: round trips, lenient pages, strict downloads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pytest

from data.state import NO_SEARCH, QueryError, SearchText, ViewState, param


@dataclass(frozen=True)
class Example(ViewState):
    view = "example"
    indicator: str = ""
    cities: tuple[str, ...] = ()
    start: int | None = param(None, name="from")
    scale: Literal["linear", "log"] = "linear"
    rolling: bool = False


def test_defaults_give_an_empty_query() -> None:
    assert Example().to_query() == ""


def test_round_trip() -> None:
    state = Example(
        indicator="homicide-rate", cities=("cali", "palmira"), start=2005, scale="log", rolling=True
    )
    query = state.to_query()
    assert query == "indicator=homicide-rate&cities=cali,palmira&from=2005&scale=log&rolling=1"
    assert Example.from_query(query) == state
    assert Example.from_query("?" + query) == state


def test_bad_values_fall_back_to_defaults_and_are_named() -> None:
    state, problems = Example.parse("from=soon&scale=cubic&cities=cali,cali,&colour=red&lang=es")
    assert state == Example(cities=("cali",))
    assert sorted(p.parameter for p in problems) == ["colour", "from", "scale"]
    assert "'cubic' is not one of linear, log" in str([str(p) for p in problems])


def test_strict_parse_raises_with_every_problem() -> None:
    with pytest.raises(QueryError) as error:
        Example.from_query({"from": "x", "rolling": "maybe"})
    assert {p.parameter for p in error.value.problems} == {"from", "rolling"}


def test_markup_is_refused() -> None:
    _state, problems = Example.parse("indicator=<script>alert(1)</script>")
    assert [p.parameter for p in problems] == ["indicator"]


@dataclass(frozen=True)
class Searchable(ViewState):
    view = "searchable"
    q: SearchText = NO_SEARCH


def test_search_text_keeps_apostrophes_but_refuses_markup() -> None:
    assert Searchable.from_query("q=women's%20%20safety").q == "women's safety"
    assert Searchable(q=SearchText("l'espace public")).to_query() == "q=l%27espace+public"
    _state, problems = Searchable.parse("q=<b>radio</b>")
    assert [p.parameter for p in problems] == ["q"]
