"""The partial plotly.js bundle: same version as plotly.py, and every trace type we draw in it."""

from __future__ import annotations

import json
import re

from plotly.offline import get_plotlyjs_version

from data.settings import ROOT

ENTRY = ROOT / "assets" / "src" / "plotly-traces.cjs"


def registered_traces() -> set[str]:
    """Trace types in our bundle: the core's scatter plus each `require('plotly.js/lib/<type>')`."""
    listed = re.findall(r"require\('plotly\.js/lib/(\w+)'\)", ENTRY.read_text())
    return {"scatter"} | {name for name in listed if name != "core"}


def test_bundle_version_equals_plotly_py() -> None:
    pinned = json.loads((ROOT / "assets" / "package.json").read_text())["dependencies"]
    assert pinned["plotly.js"] == get_plotlyjs_version()


def test_every_trace_type_the_figures_use_is_in_the_bundle() -> None:
    used = {
        name.lower()
        for path in (ROOT / "components").rglob("*.py")
        for name in re.findall(r"\bgo\.([A-Z]\w*)\(", path.read_text())
        if name not in {"Figure"}
    }
    assert used, "no trace constructors found: the scan is broken"
    assert used <= registered_traces(), f"add {sorted(used - registered_traces())} to {ENTRY}"
