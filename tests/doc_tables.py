"""Numeric tables that docs/methods.md prints between `<!-- NAME:start -->` and `<!-- NAME:end
-->`, read back so that a test can hold them to the simulation they report."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def methods_table(name: str) -> dict[float, list[float]]:
    """Each data row's first cell (a number) -> its other cells as numbers."""
    doc = (ROOT / "docs" / "methods.md").read_text(encoding="utf-8")
    table = doc.split(f"<!-- {name}:start -->", 1)[1].split(f"<!-- {name}:end -->", 1)[0]
    return {
        float(m.group(1)): [float(x) for x in m.group(2).split("|") if x.strip()]
        for m in re.finditer(r"^\| ([\d.]+) \|([^\n]*)\|$", table, re.M)
    }
