"""A page's rows as tuples hold what `itertuples` gives, for the columns asked for."""

from __future__ import annotations

import pandas as pd

from data.rows import rows


def test_rows_hold_the_values_itertuples_gives() -> None:
    frame = pd.DataFrame(
        {
            "title": pd.Series(["Cali <b>", None, "Kano"], dtype="str"),
            "start": pd.to_datetime(["2019-03-01", "2020-01-01", None]),
            "budget": [1.5, float("nan"), 3.0],
            "open_end": [True, False, True],
            "unused": ["x", "y", "z"],
        }
    )
    got = rows(frame, ("title", "start", "budget", "open_end", "absent"))
    wanted = list(frame.drop(columns="unused").itertuples(index=False))
    assert [r._fields for r in got] == [("title", "start", "budget", "open_end")] * 3
    assert [repr(tuple(r)) for r in got] == [repr(tuple(w)) for w in wanted]
    assert got[0].title == "Cali <b>" and got[2].start is pd.NaT
    assert rows(frame.iloc[:0], ("title",)) == []
