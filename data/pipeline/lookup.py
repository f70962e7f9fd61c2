"""`keys.map(values)` for a million keys that take a few distinct values (ids of indicators,
sources, countries): each distinct key is looked up once. pandas' own `map` turned every Arrow
string into a Python string first, seconds of a build at 5,000 cities."""

from __future__ import annotations

import numpy as np
import pandas as pd


def lookup(keys: pd.Series, values: pd.Series) -> pd.Series:
    """What `keys.map(values)` gives, dtype included."""
    codes, distinct = pd.factorize(keys)  # an empty key is -1
    missing = bool((codes == -1).any())
    small = pd.Series([*distinct, *([np.nan] if missing else [])], dtype=keys.dtype)
    found = small.map(values)  # an empty key maps as it would in `keys`: to the last item
    return found.take(codes).set_axis(keys.index).rename(keys.name)
