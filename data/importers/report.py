"""The account of one import: every row read is imported, replaced, unchanged, kept or skipped
with its reason, and the places, years and suspicious values found along the way.

The CLI prints `lines()`, the wizard shows the same lines, and `--report FILE` writes every item
as CSV for a spreadsheet. The counts add up (`accounted()`), and a test holds them to it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from data.i18n import _

LIMIT = 20


@dataclass(frozen=True)
class Item:
    """One row (or, in a wide table, one cell) and what happened to it."""

    row: int | None
    reason: str  # the same words for every row of a kind, so rows group by it
    detail: str = ""  # what is particular to this row: values, names
    column: str | None = None

    def where(self) -> str:
        if self.row is None:
            return ""
        if self.column:
            return _("row {row}, column '{column}'", row=self.row, column=self.column)
        return _("row {row}", row=self.row)


@dataclass(frozen=True)
class Place:
    """A place named in the file and the city it became (or why none)."""

    name: str
    admin: str
    code: str
    country: str
    city_id: str | None
    how: str
    rows: tuple[int, ...] = ()
    population: int | None = None  # the latest the file gives
    events: float | None = None  # the events of its rows, added up

    def size(self) -> str:
        if self.population is not None:
            return _("population {n}", n=f"{self.population:,}")
        if self.events is not None:
            return _("{n} events", n=f"{self.events:,.0f}")
        return ""

    def label(self) -> str:
        extra = ", ".join(x for x in (self.admin, self.code, self.country) if x)
        return f"{self.name} ({extra})" if extra else self.name


@dataclass
class Report:
    kind: str  # "observations" or "national"
    file: str
    raw: str
    dry_run: bool
    read_as: str = ""
    rows_read: int = 0
    values_read: int = 0
    blank_rows: int = 0
    filtered: int = 0
    added: int = 0
    unchanged: int = 0
    kept: int = 0
    replaced: list[Item] = field(default_factory=list)
    skipped: list[Item] = field(default_factory=list)
    suspicious: list[Item] = field(default_factory=list)
    matched: list[Place] = field(default_factory=list)
    created: list[Place] = field(default_factory=list)
    unknown: list[Place] = field(default_factory=list)
    areas: list[Place] = field(default_factory=list)  # national: entities that are not countries
    countries: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None
    tables: dict[str, int] = field(default_factory=dict)  # rows per table after the import
    notes: list[str] = field(default_factory=list)
    file_events: float = 0.0  # every event counted in the file's rows, imported or not
    zeros_filled: int = 0  # city-years absent from a complete source, imported as 0 events
    suffixed: list[tuple[str, str]] = field(default_factory=list)  # (id, why it has a suffix)
    series_replaced: list[str] = field(default_factory=list)  # simulated series replaced whole
    build_problems: list[str] = field(default_factory=list)
    failed: str | None = None
    written: bool = False

    def skipped_values(self) -> int:
        return len(self.skipped)

    def accounted(self) -> int:
        """Values that ended somewhere: equals `values_read` when nothing was lost."""
        return self.added + len(self.replaced) + self.unchanged + self.kept + len(self.skipped)

    @property
    def ok(self) -> bool:
        return self.failed is None

    def lines(self, limit: int = LIMIT) -> list[str]:
        out = (
            [self._title(), _("Read as: {how}.", how=self.read_as)]
            if self.read_as
            else [self._title()]
        )
        out += self._counts()
        out += self._lost()
        out += self._places(limit)
        out += _grouped(_("Skipped"), self.skipped, limit)
        out += _listed(_("Suspicious values (imported; please check)"), self.suspicious, limit)
        out += _listed(_("Values already in the folder that were replaced"), self.replaced, limit)
        out += [_("Note: {note}", note=n) for n in self.notes]
        out += self._outcome(limit)
        return out

    def _title(self) -> str:
        what = _("city observations") if self.kind == "observations" else _("national series")
        return _("Import of {what} from {file} into {raw}", what=what, file=self.file, raw=self.raw)

    def _counts(self) -> list[str]:
        out = [
            _("Rows read: {rows}.", rows=f"{self.rows_read:,}")
            + (
                " " + _("Values read (one per year column): {n}.", n=f"{self.values_read:,}")
                if self.values_read != self.rows_read
                else ""
            )
        ]
        if self.blank_rows:
            out.append(_("Blank rows ignored: {n}.", n=f"{self.blank_rows:,}"))
        if self.filtered:
            out.append(_("Rows left out by --where: {n}.", n=f"{self.filtered:,}"))
        out.append(
            _(
                "Imported: {added} new, {replaced} replaced, {unchanged} unchanged, {kept} kept "
                "as they were, {skipped} skipped.",
                added=f"{self.added:,}",
                replaced=f"{len(self.replaced):,}",
                unchanged=f"{self.unchanged:,}",
                kept=f"{self.kept:,}",
                skipped=f"{len(self.skipped):,}",
            )
        )
        if self.years:
            first, last = self.years
            out.append(_("Years covered: {first} to {last}.", first=first, last=last))
        return out

    def not_imported(self) -> list[Place]:
        """Places not imported, the largest first: by population, else by events."""
        return sorted(
            self.unknown,
            key=lambda p: (
                -(p.population if p.population is not None else -1),
                -(p.events or 0),
                p.name,
            ),
        )

    def _lost(self) -> list[str]:
        """What the places left out weigh: said first, so that a big city cannot hide."""
        if not self.unknown:
            return []
        events = sum(p.events or 0 for p in self.unknown)
        largest = ", ".join(
            f"{p.label()}, {p.size()}" if p.size() else p.label() for p in self.not_imported()[:3]
        )
        share = events / self.file_events if self.file_events else 0.0
        return [
            _(
                "{n} places with {events} events ({share} of the file's events) not imported; "
                "largest: {largest}.",
                n=f"{len(self.unknown):,}",
                events=f"{events:,.0f}",
                share=f"{share:.1%}",
                largest=largest,
            )
        ]

    def _places(self, limit: int) -> list[str]:
        out: list[str] = []
        if self.zeros_filled:
            out.append(
                _(
                    "Zeros filled: {n} city-years absent from the file imported as 0 events "
                    "(--missing-means-zero).",
                    n=f"{self.zeros_filled:,}",
                )
            )
        for text in self.series_replaced:
            out.append(_("Simulated series replaced whole: {series}.", series=text))
        if self.suffixed:
            out.append(_("New ids that needed a qualifier: {n}", n=f"{len(self.suffixed):,}"))
            out += [f"  - {city_id}: {why}" for city_id, why in self.suffixed[:limit]]
            if len(self.suffixed) > limit:
                out.append("  " + _more(len(self.suffixed) - limit))
        sections = (
            (_("Cities matched"), self.matched),
            (_("New cities"), self.created),
            (
                _("Places not imported (unknown or ambiguous), the largest first"),
                self.not_imported(),
            ),
        )
        for title, places in sections:
            if not places:
                continue
            out.append(f"{title}: {len(places):,}")
            for place in places[:limit]:
                target = f" → {place.city_id}" if place.city_id else ""
                rows = _rows(place.rows)
                size = place.size()
                extra = "; ".join(x for x in (size, rows) if x)
                extra = f" ({extra})" if extra else ""
                out.append(f"  - {place.label()}{target}: {place.how}{extra}")
            if len(places) > limit:
                out.append("  " + _more(len(places) - limit))
        if self.countries:
            out.append(
                _(
                    "Countries: {n} ({codes}).",
                    n=len(self.countries),
                    codes=_short(self.countries, limit),
                )
            )
        if self.areas:
            out.append(
                _(
                    "Kept apart in areas.csv, not countries: {n}.",
                    n=len(self.areas),
                )
            )
            for place in self.areas[:limit]:
                out.append(f"  - {place.label()}: {place.how}")
            if len(self.areas) > limit:
                out.append("  " + _more(len(self.areas) - limit))
        return out

    def _outcome(self, limit: int) -> list[str]:
        out: list[str] = []
        if self.build_problems:
            out.append(_("The build would still refuse the folder:"))
            out += [f"  - {p}" for p in self.build_problems[:limit]]
            if len(self.build_problems) > limit:
                out.append("  " + _more(len(self.build_problems) - limit))
        if self.failed:
            out.append(_("Nothing was written: {reason}", reason=self.failed))
        elif self.dry_run:
            out.append(_("Dry run: nothing was written."))
        elif self.written:
            out.append(
                _(
                    "Written to {raw} ({tables}).",
                    raw=self.raw,
                    tables=", ".join(f"{t} {n:,}" for t, n in self.tables.items()),
                )
            )
        return out

    def frame(self) -> pd.DataFrame:
        """Every item, one per line, for `--report FILE`."""
        rows = []
        for kind, items in (
            ("skipped", self.skipped),
            ("suspicious", self.suspicious),
            ("replaced", self.replaced),
        ):
            rows += [
                {"kind": kind, "row": i.row, "column": i.column or "", "reason": i.reason,
                 "detail": i.detail}
                for i in items
            ]  # fmt: skip
        for kind, places in (
            ("matched-city", self.matched),
            ("new-city", self.created),
            ("unknown-city", self.not_imported()),
            ("area", self.areas),
        ):
            rows += [
                {"kind": kind, "row": p.rows[0] if p.rows else None, "column": "",
                 "reason": p.how, "detail": f"{p.label()} -> {p.city_id or ''}",
                 "population": p.population, "events": p.events}
                for p in places
            ]  # fmt: skip
        rows += [
            {"kind": "id-with-qualifier", "row": None, "column": "", "reason": why,
             "detail": city_id}
            for city_id, why in self.suffixed
        ]  # fmt: skip
        columns = ["kind", "row", "column", "reason", "detail", "population", "events"]
        return pd.DataFrame(rows, columns=columns)


def _more(n: int) -> str:
    """The end of a list cut short, saying where the rest is."""
    return _("… and {n} more (--report FILE lists every one).", n=f"{n:,}")


def _rows(rows: tuple[int, ...], limit: int = 8) -> str:
    if not rows:
        return ""
    shown = ", ".join(str(r) for r in rows[:limit])
    more = _(" and {n} more", n=f"{len(rows) - limit:,}") if len(rows) > limit else ""
    return _("rows {rows}{more}", rows=shown, more=more)


def _short(values: list[str], limit: int) -> str:
    shown = ", ".join(values[:limit])
    return shown + ("…" if len(values) > limit else "")


def _grouped(title: str, items: list[Item], limit: int) -> list[str]:
    """Items by reason: the reason once, then its rows, the first few with their details."""
    if not items:
        return []
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        groups[item.reason].append(item)
    out = [f"{title}: {len(items):,}"]
    for reason, group in groups.items():
        out.append(f"  - {reason} ({len(group):,})")
        for item in group[: max(3, limit // 4)]:
            text = item.where() + (f": {item.detail}" if item.detail else "")
            out.append(f"      {text}")
        rest = group[max(3, limit // 4) :]
        if rest:
            out.append("      " + _rows(tuple(i.row for i in rest if i.row is not None), limit))
    return out


def _listed(title: str, items: list[Item], limit: int) -> list[str]:
    if not items:
        return []
    out = [f"{title}: {len(items):,}"]
    for item in items[:limit]:
        text = item.where()
        out.append(f"  - {text}: {item.reason}" + (f" {item.detail}" if item.detail else ""))
    if len(items) > limit:
        out.append("  " + _more(len(items) - limit))
    return out
