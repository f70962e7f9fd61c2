"""The data-format document states exactly what the pipeline checks."""

from __future__ import annotations

import re

from data.schema import TABLES, markdown_reference
from tests.conftest import ROOT


def test_data_format_reference_is_generated_from_the_schema() -> None:
    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- reference:start -->\n(.*)<!-- reference:end -->", doc, re.S)
    assert block is not None
    assert block.group(1) == markdown_reference(), (
        "docs/data-format.md is out of date: run `python -m data.schema docs/data-format.md`"
    )


def test_every_column_and_allowed_value_is_documented() -> None:
    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    for table in TABLES.values():
        assert f"`{table.file_name}`" in doc
        for column in table.columns:
            assert f"| `{column.name}` |" in doc
            for value in column.allowed:
                assert f"`{value}`" in doc or value in doc, value


def test_methods_worked_example_matches_the_rule() -> None:
    """The numbers of the worked example in docs/methods.md are what `goals.assess` gives."""
    import pandas as pd

    from data.queries.goals import Status, assess

    doc = (ROOT / "docs" / "methods.md").read_text(encoding="utf-8")
    section = doc.split("## Halving violence by 2030: baseline, target and status", 1)[1]
    example = section.split("### Worked example", 1)[1].split("\n### ", 1)[0]
    series = pd.DataFrame({"year": [2019, 2023], "value": [10.0, 7.0], "count": [100, 70]})
    p = assess(series, 2019)
    assert p.status is Status.ON_TRACK
    for shown in (
        f"**{p.baseline.value:.1f}**",  # type: ignore[union-attr]
        f"**{p.target:.1f}**",
        f"**{p.expected:.2f}**",
        f"**{p.change * 100:.0f}%**".replace("-", "−"),  # type: ignore[operator]
        f"**{p.achieved * 100:.1f}%**".replace("-", "−"),  # type: ignore[operator]
        f"**{p.needed * 100:.1f}%**".replace("-", "−"),  # type: ignore[operator]
    ):
        assert shown in example, shown
