"""The views: one module each, one entry each in VIEWS (see views/record.py)."""

from __future__ import annotations

from views import city, interventions, map, overview, presentation, trends
from views.record import Registry

VIEWS = Registry(
    (overview.VIEW, trends.VIEW, city.VIEW, interventions.VIEW, map.VIEW, presentation.VIEW)
)
