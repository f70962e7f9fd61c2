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


class Presentation(StrEnum):
    STORE = "deck-store"  # the deck, in the browser's local storage (shell)
    ADD = "deck-add"  # "Add to presentation" in every view's header
    PENDING = "deck-pending"  # the URL and title the button captured
    ADDED = "deck-added"
    COUNT = "deck-count"  # slide count beside the navigation link
    URL = "presentation-url"
    SHOWN = "presentation-shown"  # slide ids the list currently shows
    TITLE = "presentation-title"
    NETWORK = "presentation-network"
    PERIOD = "presentation-period"
    AUTHOR = "presentation-author"
    CLOSING = "presentation-closing"
    CLOSING_TEXT = "presentation-closing-text"
    SLIDES = "presentation-slides"
    SLIDE_TITLE = "presentation-slide-title"  # pattern-matching types, index = slide id
    SLIDE_NOTES = "presentation-slide-notes"
    SLIDE_UP = "presentation-slide-up"
    SLIDE_DOWN = "presentation-slide-down"
    SLIDE_COPY = "presentation-slide-copy"
    SLIDE_REMOVE = "presentation-slide-remove"
    SAVE = "presentation-save"
    SAVE_FILE = "presentation-save-file"
    LOAD = "presentation-load"
    LOAD_STATUS = "presentation-load-status"
    PRESENT = "presentation-present"
    SHOW = "presentation-show"
    SHOW_INDEX = "presentation-show-index"
    SHOW_BODY = "presentation-show-body"
    SHOW_NUMBER = "presentation-show-number"
    SHOW_PREV = "presentation-show-prev"
    SHOW_NEXT = "presentation-show-next"
    SHOW_CLOSE = "presentation-show-close"
    EXPORT_PPTX = "presentation-export-pptx"
    EXPORT_PDF = "presentation-export-pdf"
    EXPORT_ZIP = "presentation-export-zip"
    EXPORT_CANCEL = "presentation-export-cancel"
    EXPORT_PROGRESS = "presentation-export-progress"
    EXPORT_STEP = "presentation-export-step"
    EXPORT_PANEL = "presentation-export-panel"
    EXPORT_STATUS = "presentation-export-status"
    EXPORT_FILE = "presentation-export-file"
