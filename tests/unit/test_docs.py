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
    counts = {2019: 100, 2021: 80, 2022: 75, 2023: 70}
    series = pd.DataFrame(
        {
            "year": list(counts),
            "value": [c / 10 for c in counts.values()],
            "count": list(counts.values()),
            "population": 1_000_000,
        }
    )
    p = assess(series, 2019, current_year=2026)
    assert p.status is Status.TOO_CLOSE
    assert "**too close to call**" in example
    judged = p.judged
    assert judged is not None
    for shown in (
        f"**{p.baseline.value:.1f}**",  # type: ignore[union-attr]
        f"**{p.target:.1f}**",
        f"**{p.expected:.2f}**",
        f"**{judged.events:.0f}**",
        f"**{judged.value:.2f}**",
        f"**{judged.low:.2f}**",
        f"**{judged.high:.2f}**",
        f"**{judged.expected:.2f}**",
        f"**{p.change * 100:.0f}%**".replace("-", "−"),  # type: ignore[operator]
        f"**{p.achieved * 100:.1f}%**".replace("-", "−"),  # type: ignore[operator]
        f"**{p.needed * 100:.1f}%**".replace("-", "−"),  # type: ignore[operator]
    ):
        assert shown in example, shown
