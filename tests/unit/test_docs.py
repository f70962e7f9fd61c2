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
