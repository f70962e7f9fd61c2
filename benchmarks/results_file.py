"""benchmarks/results.md holds one section per tool (`make bench`, `make fuzz`, ...), each
between its own markers, so that each run replaces its own figures and keeps the others."""

from __future__ import annotations

from pathlib import Path


def write_section(path: Path, name: str, text: str) -> None:
    """Replace section `name` of the file (or add it at the end), keeping the rest."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{text.strip()}\n{end}"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in old and end in old:
        before, _sep, rest = old.partition(start)
        _old, _sep, after = rest.partition(end)
        new = before + block + after
    else:
        new = old.rstrip("\n") + ("\n\n" if old else "") + block + "\n"
    path.write_text(new, encoding="utf-8")
