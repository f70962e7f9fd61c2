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
    GRAPH = "map-graph"
    NOTICE = "map-notice"
    SUMMARY = "map-summary"
    DOWNLOAD = "map-download"


class Benchmark(StrEnum):
    NOOP = "benchmark-noop"  # a callback that does nothing: the latency floor in benchmarks
