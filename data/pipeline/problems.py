"""Problems found in raw data, worded for the coordinator who has to fix the file."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from data.i18n import _


class Severity(StrEnum):
    ERROR = "error"  # the build stops; nothing is written
    WARNING = "warning"  # the build goes on; the warning is reported and kept in the manifest


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    row: int | None = None  # counted as a spreadsheet does: the header is row 1
    column: str | None = None
    rule: str = ""  # short code grouping problems of one kind, e.g. "negative"
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(_("row {row}", row=self.row))
        if self.column is not None:
            where.append(_("column '{column}'", column=self.column))
        return f"{', '.join(where)}: {self.message}"


def sheet_rows(index: Iterable[int]) -> list[int]:
    """Spreadsheet row numbers of DataFrame rows read from a CSV (header = row 1)."""
    return [int(i) + 2 for i in index]


def flag_rows(
    frame: pd.DataFrame,
    mask: pd.Series,
    *,
    file: str,
    column: str | None,
    rule: str,
    message: str,
    severity: Severity = Severity.ERROR,
) -> Iterator[Problem]:
    """One problem per row where `mask` holds; `message` may use the row's cells as {fields}."""
    for index, row in frame.loc[mask.fillna(False).astype(bool)].iterrows():
        cells = {str(k): ("" if v is None or v is pd.NA else v) for k, v in row.items()}
        yield Problem(
            file,
            message.format(**cells),
            row=int(str(index)) + 2,
            column=column,
            rule=rule,
            severity=severity,
        )


def summarise(problems: Iterable[Problem], limit: int = 20) -> list[str]:
    """All problems as lines, at most `limit` of each kind in a column, then a count of the rest."""
    groups: dict[tuple[str, str | None, str, str], list[Problem]] = defaultdict(list)
    for problem in problems:
        groups[
            (problem.file, problem.column, problem.rule or problem.message, problem.severity)
        ].append(problem)
    lines: list[str] = []
    for (file, column, _rule, _severity), group in groups.items():
        lines.extend(str(p) for p in group[:limit])
        if len(group) > limit:
            rest = len(group) - limit
            where = _("column '{column}'", column=column) if column else file
            lines.append(
                _(
                    "{file}: … and {count} more rows with the same problem in {where}.",
                    file=file,
                    count=f"{rest:,}",
                    where=where,
                )
            )
    return lines
