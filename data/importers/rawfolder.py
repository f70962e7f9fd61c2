"""The raw folder an import writes into: its tables as text, what a new folder needs, and the
one-step write.

Existing rows are kept as the text they are (an import never reformats a coordinator's cells).
A new, empty folder gets every required table: the import's own rows, the indicator from a known
definition, and header-only networks, memberships and interventions, which the build accepts as
empty. The whole folder is swapped in one step (`data/atomic.py`) under a lock, so a running
build, app or second import sees the old folder or the new one, never half an import.
"""

from __future__ import annotations

import fcntl
import io
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from data.atomic import replace_dir
from data.demo.generate import INDICATORS
from data.i18n import _
from data.importers.reading import ImportFailed
from data.schema import TABLES

KNOWN_INDICATORS: dict[str, dict[str, str]] = {
    str(row["indicator_id"]): {
        k: ("true" if v is True else "false" if v is False else str(v)) for k, v in row.items()
    }
    for row in INDICATORS
}
ALWAYS = tuple(name for name, table in TABLES.items() if table.required)


def empty_table(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=str) for c in TABLES[name].column_names})


def read_raw_table(raw: Path, name: str) -> pd.DataFrame:
    """A raw table as text cells ('' when empty); an empty frame when the file does not exist."""
    table = TABLES[name]
    path = raw / table.file_name
    if not path.is_file():
        return empty_table(name)
    try:
        text = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False, index_col=False
        )
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise ImportFailed(
            _(
                "{file} in {folder} cannot be read ({error}). Run `observatory build` on the "
                "folder to see what to fix, then import again.",
                file=table.file_name,
                folder=str(raw),
                error=(str(error).strip() or type(error).__name__).splitlines()[0],
            )
        ) from None
    for name in table.absent_ok:  # a column added later, left out: read as empty
        if name not in frame.columns:
            frame[name] = ""
    missing = [c for c in table.column_names if c not in frame.columns]
    if missing:
        raise ImportFailed(
            _(
                "{file} in {folder} lacks the columns {columns}. Run `observatory build` on the "
                "folder to see what to fix, then import again.",
                file=table.file_name,
                folder=str(raw),
                columns=", ".join(missing),
            )
        )
    return frame.astype(str)


def indicator_row(raw_indicators: pd.DataFrame, indicator_id: str) -> dict[str, str] | None:
    """The indicator's definition: the folder's own, else a known one (None if neither)."""
    rows = raw_indicators[raw_indicators["indicator_id"] == indicator_id]
    if len(rows):
        return {k: str(v) for k, v in rows.iloc[0].items()}
    return KNOWN_INDICATORS.get(indicator_id)


def unknown_indicator(indicator_id: str, raw: Path) -> ImportFailed:
    return ImportFailed(
        _(
            "The indicator '{indicator}' is neither in {folder}/indicators.csv nor one the "
            "observatory knows ({known}). Add its row to indicators.csv (see docs/data-format.md) "
            "and import again.",
            indicator=indicator_id,
            folder=str(raw),
            known=", ".join(KNOWN_INDICATORS),
        )
    )


def is_true(text: str) -> bool:
    return text.strip().lower() in ("true", "yes", "1")


@contextmanager
def locked(raw: Path) -> Iterator[None]:
    """One import at a time per folder (CLI and wizard alike)."""
    raw.parent.mkdir(parents=True, exist_ok=True)
    with (raw.parent / f".{raw.name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_folder(
    raw: Path,
    tables: dict[str, pd.DataFrame],
    *,
    check: Callable[[Path], None] | None = None,
) -> None:
    """Replace `raw` in one step by a copy with `tables` written, and any table the build needs
    and the folder lacks created empty. `check(staging)` may raise to call the write off."""
    with replace_dir(raw) as staging:
        if raw.is_dir():
            for item in raw.iterdir():
                target = staging / item.name
                if item.is_dir():
                    shutil.copytree(item, target, symlinks=True)
                else:
                    shutil.copy2(item, target)
        for name in ALWAYS:
            if not (staging / TABLES[name].file_name).exists() and name not in tables:
                tables = {**tables, name: empty_table(name)}
        for name, frame in tables.items():  # existing files keep their column order
            frame.to_csv(staging / TABLES[name].file_name, index=False, lineterminator="\n")
        if check is not None:
            check(staging)
