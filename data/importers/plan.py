"""What every import does to the folder once its rows are read: the source and indicator rows it
needs, new rows merged with those already there, a build check, and the one-step write."""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from data.i18n import _
from data.importers.mapping import OnExisting, Source
from data.importers.names import slug
from data.importers.rawfolder import (
    empty_table,
    indicator_row,
    unknown_indicator,
    write_folder,
)
from data.importers.reading import ImportFailed
from data.importers.report import Item, Report
from data.pipeline.build import validate
from data.pipeline.problems import summarise
from data.safe_csv import looks_like_formula
from data.schema import TABLES

ROW, COLUMN = "_row", "_column"  # where a new row came from in the file, for the report
_NUMERIC = {"value", "count", "population"}


def ensure_source(sources: pd.DataFrame, source: Source) -> tuple[pd.DataFrame, str]:
    """The folder's sources with the import's own; a known id is reused, never redefined."""
    source_id = source.source_id or (
        slug(source.title)[:49].rsplit("-", 1)[0].strip("-") if source.title else ""
    )
    if not source_id:
        raise ImportFailed(
            _(
                "Say where the numbers come from: --source TITLE (and ideally --publisher, "
                "--source-url and --source-year). Every value in the observatory names its source."
            )
        )
    existing = sources[sources["source_id"] == source_id]
    if len(existing) and source.definition:  # a definition may be added to a known source
        sources = sources.copy()
        sources.loc[sources["source_id"] == source_id, "definition"] = source.definition
        existing = sources[sources["source_id"] == source_id]
    if len(existing):
        title = str(existing.iloc[0]["title"])
        if source.title and source.title != title:
            raise ImportFailed(
                _(
                    "The source id '{id}' already stands for '{title}' in sources.csv. Give this "
                    "source another id with --source-id.",
                    id=source_id,
                    title=title,
                )
            )
        return sources, source_id
    if not source.title:
        raise ImportFailed(
            _(
                "The source '{id}' is not in sources.csv; give its --source TITLE to add it.",
                id=source_id,
            )
        )
    for option, text in (
        ("--source", source.title),
        ("--publisher", source.publisher),
        ("--licence", source.licence),
    ):
        if text and looks_like_formula(text.strip()):
            raise ImportFailed(
                _(
                    "{option} '{text}' begins with a sign spreadsheets run as a formula "
                    "(=, +, - or @); write it without that sign in front.",
                    option=option,
                    text=text,
                )
            )
    row = {
        "source_id": source_id,
        "title": source.title,
        "publisher": source.publisher or source.title,
        "year": str(source.year or ""),
        "url": source.url or "",
        "licence": source.licence or "",
        "simulated": "false",
        "definition": source.definition or "",
    }
    return append(sources, [row]), source_id


def ensure_indicator(
    indicators: pd.DataFrame, indicator_id: str, raw: Path
) -> tuple[pd.DataFrame, dict[str, str]]:
    row = indicator_row(indicators, indicator_id)
    if row is None:
        raise unknown_indicator(indicator_id, raw)
    if (indicators["indicator_id"] == indicator_id).any():
        return indicators, row
    return append(indicators, [row]), row


def append(frame: pd.DataFrame, rows: list[dict[str, str]] | pd.DataFrame) -> pd.DataFrame:
    extra = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows, dtype=str)
    if frame.empty:
        return extra.reindex(columns=frame.columns, fill_value="").reset_index(drop=True)
    return pd.concat(
        [frame, extra.reindex(columns=frame.columns, fill_value="")], ignore_index=True
    )


def _same(a: str, b: str, column: str) -> bool:
    if column not in _NUMERIC:
        return a.strip() == b.strip()
    if not a.strip() or not b.strip():
        return a.strip() == b.strip()
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    except ValueError:
        return False


def merge(
    existing: pd.DataFrame,
    new: pd.DataFrame,
    *,
    table: str,
    on_existing: OnExisting,
    report: Report,
    label: Callable[[dict[str, str]], str],
) -> pd.DataFrame:
    """Existing rows with the new ones merged in by key: added at the end, replaced in place,
    or kept, as `on_existing` says; every outcome counted in the report."""
    key = list(TABLES[table].key)
    compared = [c for c in TABLES[table].column_names if c not in key and c != "flags"]
    position = {tuple(k): i for i, k in enumerate(existing[key].itertuples(index=False))}
    result = existing.copy()
    additions = []
    conflicts = []
    for record in new.to_dict("records"):
        at = position.get(tuple(record[k] for k in key))
        if at is None:
            additions.append(record)
            continue
        old = result.iloc[at]
        if all(_same(str(old[c]), str(record.get(c, "")), c) for c in compared):
            report.unchanged += 1
            continue
        change = ", ".join(
            f"{c} {old[c] or '∅'} → {record.get(c, '') or '∅'}"
            for c in compared
            if not _same(str(old[c]), str(record.get(c, "")), c)
        )
        item = Item(
            record[ROW],
            _("already in {file} with other values", file=TABLES[table].file_name),
            f"{label(record)}: {change}",
            record[COLUMN] or None,
        )
        if on_existing == "keep":
            report.kept += 1
            continue
        conflicts.append(item)
        if on_existing == "replace":
            for column in TABLES[table].column_names:
                result.iat[at, result.columns.get_loc(column)] = record.get(column, "")
    if on_existing == "fail" and conflicts:
        report.replaced = conflicts
        report.failed = _(
            "{n} values are already in {file} with other values (--on-existing fail). Use "
            "--on-existing replace to take the new ones, or keep to leave the old ones.",
            n=f"{len(conflicts):,}",
            file=TABLES[table].file_name,
        )
        return existing
    report.replaced = conflicts
    report.added = len(additions)
    if additions:
        result = append(result, pd.DataFrame(additions).drop(columns=[ROW, COLUMN]))
    return result


def build_problems(raw: Path, tables: dict[str, pd.DataFrame], today: date | None) -> list[str]:
    """What `observatory build` would say about the folder after the import (errors only)."""
    with tempfile.TemporaryDirectory(prefix="observatory-import-") as tmp:
        staging = Path(tmp) / "raw"
        staging.mkdir()
        if raw.is_dir():
            for path in raw.glob("*.csv"):
                shutil.copy2(path, staging / path.name)
        for name, table in TABLES.items():
            if table.required and not (staging / table.file_name).exists() and name not in tables:
                empty_table(name).to_csv(staging / table.file_name, index=False)
        for name, frame in tables.items():
            frame.to_csv(staging / TABLES[name].file_name, index=False, lineterminator="\n")
        _tables, problems = validate(staging, today or date.today())
    return summarise([p for p in problems if p.severity == "error"])


def finish(
    raw: Path, tables: dict[str, pd.DataFrame], report: Report, *, dry_run: bool, today: date | None
) -> None:
    """Check the folder the import would leave, then write it unless this is a dry run."""
    if report.failed:
        return
    report.build_problems = build_problems(raw, tables, today)
    report.tables = {name: len(frame) for name, frame in tables.items()}
    if dry_run:
        return
    write_folder(raw, tables)
    report.written = True
