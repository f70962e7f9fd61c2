"""The data model: every raw table, its columns, keys and allowed values, in one place.

The pipeline validates against these specs, `docs/data-format.md` is checked against them by a
test, and the processed Parquet tables carry the same column names. Change the model here first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from data.i18n import N_


class Kind(StrEnum):
    """How a raw CSV cell is read. Any kind accepts an empty cell if the column is optional."""

    ID = "id"  # lowercase letters, digits, '-', '_' and '.', starting with a letter or digit
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"  # decimal point '.', no thousands separator
    YEAR = "year"
    BOOLEAN = "boolean"  # true/false, yes/no or 1/0
    COUNTRY = "country"  # ISO 3166-1 alpha-3, upper case
    DATE = "date"  # YYYY, YYYY-MM or YYYY-MM-DD
    URL = "url"  # http:// or https://
    LIST = "list"  # values separated by ';'
    CHOICE = "choice"  # one of Column.allowed


FIRST_YEAR = 1900
LIST_SEPARATOR = ";"

THEMES: dict[str, str] = {
    # The six research themes of "Peace in Our Cities in a Time of Pandemic" (PiOC, 2021) ...
    "informal-settlements": N_("Violence in informal settlements"),
    "violence-against-women": N_("Violence against women"),
    "digital-threats": N_("Digital threats"),
    "organised-crime": N_("Violence from organised criminal groups"),
    "police-community": N_("Police-community relationships"),
    "local-national": N_("Local-national government dynamics"),
    # ... and the work of the other networks.
    "violent-extremism": N_("Preventing violent extremism"),
    "urban-safety": N_("Urban safety planning"),
    "youth-violence": N_("Youth violence prevention"),
    "unspecified": N_("Not stated in the source"),
}
ROLES: dict[str, str] = {
    "founding-member": N_("Founding member"),
    "member": N_("Member"),
    "steering-committee": N_("Steering committee"),
    "pilot-city": N_("Pilot city"),
    "grantee": N_("Grantee"),
}
# Who pledges a network's goal when its `pledging_roles` is empty: members, not grantees.
PLEDGING_ROLES = ("founding-member", "member", "steering-committee")
AREA_KINDS: dict[str, str] = {
    "world": "The whole world",
    "region": "A group of countries, e.g. 'Africa (UN)' or 'Latin America and the Caribbean'",
    "part-of-country": "Part of a country with its own series, e.g. 'Scotland'",
    "other": "Any other area that is not a country, e.g. 'Channel Islands'",
}
STATUSES: dict[str, str] = {
    "planned": N_("Planned"),
    "ongoing": N_("Ongoing"),
    "completed": N_("Completed"),
}
FLAGS: dict[str, str] = {
    "provisional": N_("Provisional: may still be revised"),
    "estimated": N_("Estimated rather than counted"),
    "break": N_("Series break: not comparable with earlier years"),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    description: str
    optional: bool = False  # the cell may be empty (the column must still be present)
    # A column added after folders were made: a file without it reads as if it were empty.
    may_be_absent: bool = False
    allowed: tuple[str, ...] = ()
    references: str | None = None  # "table.column" that every non-empty value must exist in
    minimum: float | None = None
    exclusive_minimum: bool = False
    maximum: float | None = None
    # Text that people read: `<name>_<language>` columns (label_es, unit_fr) may give it in other
    # languages; the app shows the page's language and falls back to this column.
    translated: bool = False


def language_of(column: str, base: str) -> str | None:
    """'es' for 'label_es' when base is 'label'; None when the name is not `<base>_<code>`."""
    prefix = base + "_"
    code = column[len(prefix) :] if column.startswith(prefix) else ""
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required: bool = True  # the file must exist in the raw folder (a header-only file is valid)

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def translation_of(self, name: str) -> tuple[Column, str] | None:
        """(the translated column, the language code) for a per-language column such as
        'label_es'; None for any other name. Whether the code is a language is checked by the
        pipeline (data/pipeline/read.py)."""
        for column in self.columns:
            code = language_of(name, column.name) if column.translated else None
            if code is not None:
                return column, code
        return None

    def translations(self, names: Iterable[str]) -> tuple[Column, ...]:
        """The per-language columns among `names`, as optional text columns."""
        out = []
        for name in names:
            found = self.translation_of(name)
            if found is not None:
                column, code = found
                out.append(Column(name, Kind.TEXT, f"{column.name} in '{code}'.", optional=True))
        return tuple(out)

    @property
    def absent_ok(self) -> tuple[str, ...]:
        """Columns a file may leave out (read as empty)."""
        return tuple(c.name for c in self.columns if c.may_be_absent)


def _source(what: str) -> Column:
    return Column("source_id", Kind.ID, f"The source of {what}.", references="sources.source_id")


SOURCES = Table(
    "sources",
    "Where every number and fact comes from. Values citing a simulated source are demo data.",
    (
        Column("source_id", Kind.ID, "Key."),
        Column("title", Kind.TEXT, "Title of the document or dataset."),
        Column("publisher", Kind.TEXT, "Organisation that published it."),
        Column("year", Kind.YEAR, "Year of publication.", optional=True),
        Column("url", Kind.URL, "Where to find it.", optional=True),
        Column("licence", Kind.TEXT, "Licence of the data, e.g. CC BY 4.0.", optional=True),
        Column(
            "simulated",
            Kind.BOOLEAN,
            "true for simulated demo values: the app then shows a 'Demo data' notice.",
        ),
        Column(
            "definition",
            Kind.TEXT,
            "What its values count, in a few words shown with every line drawn from them: "
            "e.g. 'police records', 'civil registration (death certificates)', 'UNODC "
            "estimate'. The column may be left out.",
            optional=True,
            may_be_absent=True,
        ),
    ),
    key=("source_id",),
)

CITIES = Table(
    "cities",
    "One row per city (municipality or local government).",
    (
        Column("city_id", Kind.ID, "Key, used in URLs: e.g. cali, palmira."),
        Column("name", Kind.TEXT, "Name as the city writes it, accents included."),
        Column("country", Kind.COUNTRY, "ISO 3166-1 alpha-3 code, e.g. COL."),
        Column("admin_area", Kind.TEXT, "State, department or province.", optional=True),
        Column("lat", Kind.NUMBER, "Latitude, decimal degrees.", minimum=-90, maximum=90),
        Column("lon", Kind.NUMBER, "Longitude, decimal degrees.", minimum=-180, maximum=180),
        Column(
            "population",
            Kind.INTEGER,
            "Latest known population (persons).",
            minimum=0,
            exclusive_minimum=True,
        ),
        Column("external_code", Kind.TEXT, "Official code, e.g. DANE 76001.", optional=True),
        _source("the coordinates and population"),
    ),
    key=("city_id",),
)

INDICATORS = Table(
    "indicators",
    "What is measured.",
    (
        Column("indicator_id", Kind.ID, "Key, used in URLs: e.g. homicide-rate."),
        Column("label", Kind.TEXT, "Short name shown in the app, in English.", translated=True),
        Column(
            "unit",
            Kind.TEXT,
            "Unit shown on axes, in English: e.g. 'per 100,000' or '%'.",
            translated=True,
        ),
        Column(
            "per_100k",
            Kind.BOOLEAN,
            "true when the value is a rate per 100,000 inhabitants computed from count and "
            "population.",
        ),
        Column(
            "lower_is_better",
            Kind.BOOLEAN,
            "true for harms (homicides), false for goods (perceived safety).",
        ),
        Column(
            "description",
            Kind.TEXT,
            "Definition: what is counted, by whom, in English.",
            translated=True,
        ),
        Column(
            "max_age",
            Kind.INTEGER,
            "How many years before the current year the latest value may be and still get a "
            "2030 status; empty: 3. The column may be left out.",
            optional=True,
            minimum=0,
            may_be_absent=True,
        ),
    ),
    key=("indicator_id",),
)

OBSERVATIONS = Table(
    "observations",
    "One value per city, indicator and year. A year with no row is a gap and is shown as one.",
    (
        Column("city_id", Kind.ID, "The city.", references="cities.city_id"),
        Column("indicator_id", Kind.ID, "The indicator.", references="indicators.indicator_id"),
        Column("year", Kind.YEAR, "Calendar year."),
        Column(
            "value",
            Kind.NUMBER,
            "The value in the indicator's unit. For per-100k indicators leave it empty when "
            "count and population are given: it is computed.",
            optional=True,
            minimum=0,
        ),
        Column(
            "count",
            Kind.NUMBER,
            "Number of events (per-100k indicators).",
            optional=True,
            minimum=0,
        ),
        Column(
            "population",
            Kind.INTEGER,
            "Population the count refers to (per-100k indicators).",
            optional=True,
            minimum=0,
            exclusive_minimum=True,
        ),
        _source("the value"),
        Column(
            "flags",
            Kind.LIST,
            "Zero or more of: " + ", ".join(FLAGS) + ".",
            optional=True,
            allowed=tuple(FLAGS),
        ),
        Column(
            "low",
            Kind.NUMBER,
            "Lower end of the value's 95% interval, when the source gives one (surveys). Values "
            "from counts get theirs from the count. The column may be left out.",
            optional=True,
            minimum=0,
            may_be_absent=True,
        ),
        Column(
            "high",
            Kind.NUMBER,
            "Upper end of that interval. The column may be left out.",
            optional=True,
            minimum=0,
            may_be_absent=True,
        ),
    ),
    key=("city_id", "indicator_id", "year"),
)

NATIONAL = Table(
    "national",
    "Country-level series, drawn as the national comparison line. Optional file.",
    (
        Column("country", Kind.COUNTRY, "ISO 3166-1 alpha-3 code."),
        Column("indicator_id", Kind.ID, "The indicator.", references="indicators.indicator_id"),
        Column("year", Kind.YEAR, "Calendar year."),
        Column("value", Kind.NUMBER, "The value in the indicator's unit.", minimum=0),
        _source("the value"),
        Column("flags", Kind.LIST, "As in observations.", optional=True, allowed=tuple(FLAGS)),
    ),
    key=("country", "indicator_id", "year"),
    required=False,
)

AREAS = Table(
    "areas",
    "Series for areas that are not countries (the world, regions such as 'Africa (UN)', parts "
    "of countries such as 'Scotland'), kept apart from `national` so that they are never "
    "drawn or counted as a country. `observatory import national` writes them here. Optional "
    "file.",
    (
        Column("area_id", Kind.ID, "Key, e.g. world or africa-un."),
        Column("name", Kind.TEXT, "Name as the publisher writes it, e.g. 'Africa (UN)'."),
        Column(
            "kind",
            Kind.CHOICE,
            "One of: " + ", ".join(AREA_KINDS) + ".",
            allowed=tuple(AREA_KINDS),
        ),
        Column(
            "country",
            Kind.COUNTRY,
            "For a part of a country: that country's ISO3 code.",
            optional=True,
        ),
        Column("code", Kind.TEXT, "The publisher's code, e.g. OWID_WRL.", optional=True),
        Column("indicator_id", Kind.ID, "The indicator.", references="indicators.indicator_id"),
        Column("year", Kind.YEAR, "Calendar year."),
        Column("value", Kind.NUMBER, "The value in the indicator's unit.", minimum=0),
        _source("the value"),
        Column("flags", Kind.LIST, "As in observations.", optional=True, allowed=tuple(FLAGS)),
    ),
    key=("area_id", "indicator_id", "year"),
    required=False,
)

NETWORKS = Table(
    "networks",
    "City networks.",
    (
        Column("network_id", Kind.ID, "Key, used in URLs: e.g. pioc."),
        Column("name", Kind.TEXT, "Full name."),
        Column("founded", Kind.YEAR, "Year founded.", optional=True),
        Column("secretariat", Kind.TEXT, "Who runs it.", optional=True),
        Column("description", Kind.TEXT, "What it is for."),
        Column("url", Kind.URL, "Website.", optional=True),
        Column(
            "reference_year",
            Kind.YEAR,
            "Baseline year of the network's goal, e.g. 2019 for halving violence by 2030.",
            optional=True,
        ),
        _source("these facts"),
        Column(
            "pledging_roles",
            Kind.LIST,
            "The membership roles whose cities pledge the network's goal, separated by ';'; "
            "only they are ranked and counted on it. Empty: "
            + ", ".join(PLEDGING_ROLES)
            + " (grantees and pilot cities are shown as such, not ranked). The column may be "
            "left out.",
            optional=True,
            allowed=tuple(ROLES),
            may_be_absent=True,
        ),
    ),
    key=("network_id",),
)

MEMBERSHIPS = Table(
    "memberships",
    "Which city belongs to which network, in which role, since when. One row per role.",
    (
        Column("city_id", Kind.ID, "The city.", references="cities.city_id"),
        Column("network_id", Kind.ID, "The network.", references="networks.network_id"),
        Column("role", Kind.CHOICE, "One of: " + ", ".join(ROLES) + ".", allowed=tuple(ROLES)),
        Column(
            "joined",
            Kind.YEAR,
            "Year joined. When the source only says 'a member by 2021', give 2021 and say so "
            "in note.",
        ),
        Column("left", Kind.YEAR, "Year left; empty while still a member.", optional=True),
        Column("note", Kind.TEXT, "Anything a reader should know.", optional=True),
        _source("the membership"),
    ),
    key=("city_id", "network_id", "role"),
)

INTERVENTIONS = Table(
    "interventions",
    "Projects and programmes run in a city.",
    (
        Column("intervention_id", Kind.ID, "Key, used in URLs."),
        Column("city_id", Kind.ID, "Where it runs.", references="cities.city_id"),
        Column("title", Kind.TEXT, "Short title."),
        Column("theme", Kind.CHOICE, "One of: " + ", ".join(THEMES) + ".", allowed=tuple(THEMES)),
        Column("start", Kind.DATE, "Start: YYYY, YYYY-MM or YYYY-MM-DD."),
        Column("end", Kind.DATE, "End, same format; empty while open-ended.", optional=True),
        Column(
            "status", Kind.CHOICE, "One of: " + ", ".join(STATUSES) + ".", allowed=tuple(STATUSES)
        ),
        Column("lead_organisation", Kind.TEXT, "Who leads it."),
        Column("partners", Kind.LIST, "Partner organisations, separated by ';'.", optional=True),
        Column("funder", Kind.TEXT, "Who pays for it.", optional=True),
        Column(
            "network_id",
            Kind.ID,
            "The network whose programme it belongs to, if any.",
            optional=True,
            references="networks.network_id",
        ),
        Column("budget", Kind.NUMBER, "Budget in the currency given.", optional=True, minimum=0),
        Column("currency", Kind.TEXT, "ISO 4217 code of the budget, e.g. USD.", optional=True),
        Column("description", Kind.TEXT, "What it does."),
        Column("outcomes", Kind.TEXT, "Reported outcomes.", optional=True),
        Column("link", Kind.URL, "Documents.", optional=True),
        _source("the record"),
    ),
    key=("intervention_id",),
)

# Order matters: a table is validated after the tables it references.
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        SOURCES,
        CITIES,
        INDICATORS,
        NETWORKS,
        OBSERVATIONS,
        NATIONAL,
        AREAS,
        MEMBERSHIPS,
        INTERVENTIONS,
    )
}


_KIND_TEXT = {
    Kind.ID: "id",
    Kind.TEXT: "text",
    Kind.INTEGER: "whole number",
    Kind.NUMBER: "number",
    Kind.YEAR: "year",
    Kind.BOOLEAN: "true/false",
    Kind.COUNTRY: "ISO3 code",
    Kind.DATE: "date",
    Kind.URL: "web address",
    Kind.LIST: "list",
    Kind.CHOICE: "one of a list",
}


def markdown_reference() -> str:
    """The per-table reference of docs/data-format.md, generated so that it cannot drift."""
    out: list[str] = []
    for table in TABLES.values():
        need = "required" if table.required else "optional"
        out += [
            f"### `{table.file_name}` ({need})",
            "",
            table.description,
            "",
            f"Key: {', '.join(f'`{k}`' for k in table.key)} (each combination once).",
            "",
            "| column | type | empty allowed | meaning |",
            "|---|---|---|---|",
        ]
        for c in table.columns:
            kind = _KIND_TEXT[c.kind]
            if c.references:
                kind += f" → `{c.references}`"
            if c.minimum is not None or c.maximum is not None:
                low = (
                    ""
                    if c.minimum is None
                    else f"{'>' if c.exclusive_minimum else '≥'} {c.minimum:g}"
                )
                high = "" if c.maximum is None else f"≤ {c.maximum:g}"
                kind += f" ({', '.join(x for x in (low, high) if x)})"
            out.append(
                f"| `{c.name}` | {kind} | {'yes' if c.optional else 'no'} | {c.description} |"
            )
        for c in table.columns:
            if c.translated:
                out.append(
                    f"| `{c.name}_es`, `{c.name}_fr`, … | text | yes; the column may be left "
                    f"out | `{c.name}` in that language (see *Languages* above); empty: "
                    f"`{c.name}` is shown |"
                )
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # python -m data.schema docs/data-format.md: refresh the reference
    import re
    import sys
    from pathlib import Path

    doc = Path(sys.argv[1])
    text = doc.read_text(encoding="utf-8")
    block = f"<!-- reference:start -->\n{markdown_reference()}<!-- reference:end -->"
    doc.write_text(
        re.sub(
            r"<!-- reference:start -->.*<!-- reference:end -->", lambda _m: block, text, flags=re.S
        ),
        encoding="utf-8",
    )
