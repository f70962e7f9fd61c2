"""A page's few dozen rows as named tuples, for the components and hover texts made per row.

`DataFrame.itertuples` takes every column and iterates the text columns (Arrow strings) one
value at a time: about 3 ms for one page of the intervention listing's 30 columns, more than the
links made from it. Each column asked for, as one list, gives the same values.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pandas as pd


@lru_cache(maxsize=64)  # one per set of columns the code asks for
def _row_type(columns: tuple[str, ...]) -> type:
    return namedtuple("Row", columns)  # type: ignore[misc]


def rows(frame: pd.DataFrame, columns: Iterable[str]) -> list[Any]:
    """`frame`'s rows, in order, as tuples of those of `columns` it has (by name: `row.title`;
    a missing one is missing as from `itertuples`)."""
    names = tuple(c for c in columns if c in frame.columns)
    row = _row_type(names)
    return [row._make(values) for values in zip(*(frame[c].tolist() for c in names))]
