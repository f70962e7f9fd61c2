"""Numbers as official exports write them: '1.234.567' in Bogotá, '1,234,567.5' in New York.

The decimal mark is a property of the file, not of each cell: guessing per cell would read
'1.234' as one thousand two hundred and thirty-four in one row and as 1.234 in the next. So one
mark is chosen per file (`--decimal`, by default ',' for semicolon-separated files, the
spreadsheet convention where the comma is the decimal mark, and '.' otherwise); the other mark
and spaces may then group thousands, and anything else is reported, never guessed.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

# Cells meaning "not known" in official exports. A 0 is a real zero and is not among them.
MISSING = frozenset(
    {"na", "n/a", "n.a.", "nan", "null", "none", "-", "–", "—", "..", "...", "n/d", "nd", "s/d",
     "sd", "s.d.", "n.d.", "*", "x", "#n/a", "#n/d", "#value!", "#div/0!", "#ref!"}
)  # fmt: skip


def default_decimal(delimiter: str | None) -> str:
    return "," if delimiter == ";" else "."


def is_missing(text: pd.Series) -> pd.Series:
    return text.str.strip().str.lower().isin(MISSING)


def parse_numbers(text: pd.Series, decimal: str = ".") -> tuple[pd.Series, pd.Series]:
    """Floats (NaN where empty or unreadable) and a mask of the cells that could not be read."""
    if decimal not in (".", ","):
        raise ValueError(decimal)
    group = "," if decimal == "." else "."
    mark = re.escape(decimal)
    clean = text.str.strip().str.replace(r"[\u00a0\u202f\u2009]", " ", regex=True)
    clean = clean.str.replace(r"^\((.*)\)$", r"-\1", regex=True)  # accountants' (5) = -5
    empty = (clean == "") | is_missing(clean)
    plain = clean.str.fullmatch(rf"[-+]?(?:\d+(?:{mark}\d*)?|{mark}\d+)(?:[eE][-+]?\d+)?")
    thousands = rf"(?:{re.escape(group)}| )\d{{3}}"
    grouped = clean.str.fullmatch(rf"[-+]?\d{{1,3}}(?:{thousands})+(?:{mark}\d*)?")
    readable = (plain | grouped).fillna(False).astype(bool) & ~empty
    normal = (
        clean.where(readable)
        .str.replace(group, "", regex=False)
        .str.replace(" ", "", regex=False)
        .str.replace(decimal, ".", regex=False)
    )
    values = pd.to_numeric(normal, errors="coerce").astype("float64")
    readable &= np.isfinite(values)  # '1e999' is no number we can use
    return values.where(readable), ~empty & ~readable


def format_number(value: float) -> str:
    """A number as the raw tables write it: '.' decimal, no grouping, whole numbers bare."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))
