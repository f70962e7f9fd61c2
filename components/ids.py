"""Every component ID in the app. Nothing else types an ID as a string."""

from __future__ import annotations

from enum import StrEnum


class Shell(StrEnum):
    URL = "shell-url"
    MAIN = "main"
    PAGE = "shell-page"
    NAV = "shell-nav"
    BUILD = "shell-build"
    LANGUAGE = "shell-language"


class Overview(StrEnum):
    URL = "overview-url"
    NETWORK = "overview-network"
    CARDS = "overview-cards"
    GRAPH = "overview-graph"
    NOTICE = "overview-notice"
    SUMMARY = "overview-summary"


class Trends(StrEnum):
    URL = "trends-url"
    INDICATOR = "trends-indicator"
    CITIES = "trends-cities"
    YEARS = "trends-years"
    GRAPH = "trends-graph"
    NOTICE = "trends-notice"
    SUMMARY = "trends-summary"
    DOWNLOAD = "trends-download"


class Interventions(StrEnum):
    URL = "interventions-url"
    GROUP = "interventions-group"
    THEMES = "interventions-themes"
    GRAPH = "interventions-graph"
    NOTICE = "interventions-notice"
    SUMMARY = "interventions-summary"
    DOWNLOAD = "interventions-download"


class Map(StrEnum):
    URL = "map-url"
    NETWORKS = "map-networks"
    ROLES = "map-roles"
    ALSO = "map-also"
    SINCE = "map-since"
    REGION = "map-region"
    COLOUR = "map-colour"
    YEAR = "map-year"
    PLAY = "map-play"
    TICK = "map-tick"
    CONFIG = "map-config"  # static settings for assets/map.js
    MAP_DATA = "map-data"  # every marker of every year; the browser draws the chosen year
    MAP_KEY = "map-key"  # the query of MAP_DATA without the year: resend only when it changes
    CHART_DATA = "map-chart-data"
    GRAPH = "map-graph"
    CHART = "map-chart"
    NOTICE = "map-notice"
    SUMMARY = "map-summary"
    DOWNLOAD = "map-download"
    MEMBERS_DOWNLOAD = "map-members-download"
    FACTS = "map-facts"
    BY_REGION = "map-by-region"
    BY_ROLE = "map-by-role"
    OVERLAP = "map-overlap"
    TABLE = "map-table"
    TABLE_EXPORT = "map-table-export"
    TABLE_COUNT = "map-table-count"


class Benchmark(StrEnum):
    NOOP = "benchmark-noop"  # a callback that does nothing: the latency floor in benchmarks
