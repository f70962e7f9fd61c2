"""`observatory build`: the raw CSV folder becomes processed Parquet tables, or nothing changes.

The output folder is replaced in one step, and only after every table was validated and written,
so a running app keeps serving the last good build.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from data.atomic import replace_dir
from data.i18n import _
from data.pipeline.derive import derive
from data.pipeline.parse import parse_table
from data.pipeline.problems import Problem, Severity
from data.pipeline.read import read_table
from data.pipeline.rules import (
    check_interventions,
    check_memberships,
    check_mixed_series,
    check_observations,
    check_references,
)
from data.schema import TABLES

MANIFEST = "manifest.json"
SCHEMA_VERSION = 1


@dataclass
class BuildResult:
    out: Path
    problems: list[Problem] = field(default_factory=list)
    manifest: dict[str, object] | None = None
    seconds: float = 0.0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.WARNING]

    @property
    def ok(self) -> bool:
        return self.manifest is not None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def validate(raw: Path, today: date) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Typed tables and every problem found in the raw folder."""
    if not raw.is_dir():
        return {}, [Problem(str(raw), _("this folder does not exist."), rule="no-folder")]
    problems: list[Problem] = []
    known = {t.file_name for t in TABLES.values()}
    for path in sorted(raw.glob("*.csv")):
        if path.name not in known:
            problems.append(
                Problem(
                    path.name,
                    _(
                        "is not part of the data model and was ignored. Expected files: {files}.",
                        files=", ".join(sorted(known)),
                    ),
                    rule="unknown-file",
                    severity=Severity.WARNING,
                )
            )
    tables: dict[str, pd.DataFrame] = {}
    for table in TABLES.values():
        path = raw / table.file_name
        if not path.is_file():
            if table.required:
                problems.append(
                    Problem(
                        table.file_name,
                        _("is missing from {folder}.", folder=str(raw)),
                        rule="missing-file",
                    )
                )
            continue
        cells, read_problems = read_table(path, table)
        problems.extend(read_problems)
        if cells is not None:
            tables[table.name], parse_problems = parse_table(cells, table, today=today)
            problems.extend(parse_problems)
    problems.extend(check_references(tables))
    if "observations" in tables and "indicators" in tables:
        problems.extend(check_observations(tables["observations"], tables["indicators"]))
    if "observations" in tables and "sources" in tables:
        problems.extend(check_mixed_series(tables["observations"], tables["sources"]))
    if "memberships" in tables:
        problems.extend(check_memberships(tables["memberships"]))
    if "interventions" in tables:
        problems.extend(check_interventions(tables["interventions"], today))
    return tables, problems


def build(raw: Path, out: Path, *, today: date | None = None) -> BuildResult:
    """Validate `raw`; when it is clean, replace `out` with the new tables and a manifest."""
    started = time.perf_counter()
    today = today or date.today()
    result = BuildResult(out)
    if out.exists() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        result.problems.append(
            Problem(
                str(out),
                _(
                    "exists and is not an observatory build, so it "
                    "was left alone. Choose another --out folder."
                ),
                rule="foreign-out",
            )
        )
        return result
    tables, result.problems = validate(raw, today)
    if result.errors:
        return result
    derived = derive(tables)
    manifest: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        "build_id": uuid.uuid4().hex,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "raw": str(raw.resolve()),
        "inputs": {
            p.name: {"sha256": _sha256(p), "bytes": p.stat().st_size}
            for p in sorted(raw.glob("*.csv"))
            if p.stem in TABLES
        },
        "tables": {
            name: {"file": f"{name}.parquet", "rows": len(frame)} for name, frame in derived.items()
        },
        "years": _years(derived["observations"]),
        "simulated": bool(derived["sources"]["simulated"].any()),
        "warnings": [str(p) for p in result.warnings],
    }
    _write(out, derived, manifest)
    result.seconds = time.perf_counter() - started
    result.manifest = manifest
    return result


def _years(observations: pd.DataFrame) -> list[int]:
    if observations.empty:
        return []
    return [int(observations["year"].min()), int(observations["year"].max())]


def _write(out: Path, tables: dict[str, pd.DataFrame], manifest: dict[str, object]) -> None:
    with replace_dir(out) as staging:
        for name, frame in tables.items():
            frame.to_parquet(staging / f"{name}.parquet", index=False)
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
