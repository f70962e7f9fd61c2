"""`observatory build`: the raw CSV folder becomes processed Parquet tables, or nothing changes.

The new build is written beside the served one and becomes the served one in one step, only
after every table was validated, written and read back (data/builds.py), so a running app keeps
serving the last good build.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd

from data import builds, mapped
from data.builds import MANIFEST, file_entry
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


def validate(raw: Path, today: date) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Typed tables and every problem found in the raw folder."""
    if not raw.is_dir():
        message = _("is not a folder.") if raw.exists() else _("this folder does not exist.")
        return {}, [Problem(str(raw), message, rule="no-folder")]
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
        if not (path.exists() or path.is_symlink()):  # a link to nothing is read, and reported
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
    """Validate `raw`; when it is clean, write its tables as `out`'s new served build."""
    started = time.perf_counter()
    today = today or date.today()
    result = BuildResult(out)
    try:
        foreign = not builds.is_processed_folder(out)
    except OSError:  # a file, or a folder we may not read
        foreign = True
    if foreign:
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
        "tables": {
            name: {"file": f"{name}.parquet", "rows": len(frame)} for name, frame in derived.items()
        },
        "years": _years(derived["observations"]),
        "simulated": bool(derived["sources"]["simulated"].any()),
        "warnings": [str(p) for p in result.warnings],
    }
    try:
        manifest["inputs"] = {
            TABLES[name].file_name: file_entry(raw / TABLES[name].file_name) for name in tables
        }
        builds.publish(
            out, str(manifest["build_id"]), lambda folder: _write(folder, derived, manifest)
        )
    except (OSError, builds.DamagedBuild) as error:  # a full disk, a folder we may not write
        result.problems.append(
            Problem(
                str(out),
                _("the build could not be written ({error}); nothing was changed.", error=error),
                rule="write",
            )
        )
        return result
    result.seconds = time.perf_counter() - started
    result.manifest = manifest
    return result


def _years(observations: pd.DataFrame) -> list[int]:
    if observations.empty:
        return []
    return [int(observations["year"].min()), int(observations["year"].max())]


def _write(folder: Path, tables: dict[str, pd.DataFrame], manifest: dict[str, object]) -> None:
    files = {}
    for name, frame in tables.items():
        path = folder / f"{name}.parquet"
        frame.to_parquet(path, index=False)
        files[path.name] = file_entry(path)
        served = path.with_suffix(mapped.SUFFIX)  # what the app maps (data/mapped.py)
        mapped.write(frame, served)
        files[served.name] = file_entry(served)
    manifest["files"] = files
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
