"""Choices for the controls, labelled for people: 'Cali, Colombia', not 'cali'."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from data.geo import REGIONS
from data.i18n import _, current_language
from data.importers.names import fold
from data.repository import Repository
from data.schema import THEMES

CITY_CHOICES = 100  # cities a picker offers at once; typing finds the others


def city_options(repo: Repository) -> list[dict[str, str]]:
    """Labels carry the country so that typing 'Colombia' finds Colombian cities."""
    cities = repo.table("cities").sort_values("name")
    return [
        {"label": f"{name}, {country}", "value": city_id}
        for city_id, name, country in zip(cities["city_id"], cities["name"], cities["country_name"])
    ]


def city_choices(
    repo: Repository, search: str = "", chosen: Iterable[str] = ()
) -> list[dict[str, str]]:
    """The chosen cities, then the first CITY_CHOICES whose label holds what was typed (accents
    and case aside). A picker given all of 5,000 cities spends seconds indexing them in the
    browser on every render; given these, it stays instant and typing finds any city."""
    labels = repo.memo(("city labels", current_language()), lambda: _labels(repo))
    wanted = [c for c in dict.fromkeys(chosen) if c in labels.index]
    typed = fold(search)
    if typed:
        found = labels[labels["folded"].str.contains(typed, regex=False)]
    else:  # the first ones, enough of them once the chosen are left out (not all 5,000)
        found = labels.iloc[: CITY_CHOICES + len(wanted)]
    found = found[~found.index.isin(wanted)].head(CITY_CHOICES)
    label = labels["label"]
    return [{"label": label[c], "value": c} for c in wanted] + [
        {"label": text, "value": c} for c, text in zip(found.index, found["label"])
    ]


def _labels(repo: Repository) -> pd.DataFrame:
    options = pd.DataFrame(city_options(repo)).set_index("value")
    return options.assign(folded=options["label"].map(fold))


def indicator_options(repo: Repository) -> list[dict[str, str]]:
    indicators = repo.table("indicators")
    return [
        {"label": f"{label} ({unit})", "value": i}
        for i, label, unit in zip(indicators.index, indicators["label"], indicators["unit"])
    ]


def network_options(repo: Repository) -> list[dict[str, str]]:
    networks = repo.table("networks")
    return [{"label": name, "value": n} for n, name in zip(networks.index, networks["name"])]


def theme_options(repo: Repository) -> list[dict[str, str]]:
    used = set(repo.table("interventions")["theme"])
    return [{"label": _(label), "value": t} for t, label in THEMES.items() if t in used]


def year_options(repo: Repository, indicator: str = "") -> list[int]:
    """Every year from the first to the last with data (of one indicator, when given)."""
    obs = repo.table("observations")
    years = obs.loc[obs["indicator_id"] == indicator, "year"] if indicator else obs["year"]
    return list(range(int(years.min()), int(years.max()) + 1)) if len(years) else []


def group_options(repo: Repository) -> list[dict[str, str]]:
    """Quick picks for /trends: every member of a network, every city of a region."""
    networks = repo.table("networks")
    regions = set(repo.table("cities")["region"])
    return [
        *(
            {"label": _("All members of {network}", network=name), "value": f"network:{n}"}
            for n, name in zip(networks.index, networks["name"])
        ),
        *(
            {"label": _("All cities in {region}", region=_(label)), "value": f"region:{r}"}
            for r, label in REGIONS.items()
            if r in regions
        ),
    ]
