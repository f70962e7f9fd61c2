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
    MISSING = "shell-missing"  # the not-found page's root: the share bar hides on it
    MISSING_SEARCH = "shell-missing-search"
    MISSING_CITIES = "shell-missing-cities"
    UNTRANSLATED = "shell-untranslated"


class Overview(StrEnum):
    URL = "overview-url"
    NETWORK = "overview-network"
    CARDS = "overview-cards"
    GRAPH = "overview-graph"
    NOTICE = "overview-notice"
    SUMMARY = "overview-summary"
    STATUSES = "overview-statuses"


class Trends(StrEnum):
    URL = "trends-url"
    INDICATOR = "trends-indicator"
    CITIES = "trends-cities"
    YEARS = "trends-years"
    GRAPH = "trends-graph"
    NOTICE = "trends-notice"
    SUMMARY = "trends-summary"
    DOWNLOAD = "trends-download"
    QUICK = "trends-quick"
    TO = "trends-to"
    MEASURE = "trends-measure"
    NETWORK = "trends-network"
    SMOOTH = "trends-smooth"
    INDEX = "trends-index"
    LOG = "trends-log"
    NATIONAL = "trends-national"
    MEDIAN = "trends-median"
    GOAL = "trends-goal"
    SPANS = "trends-spans"
    TABLE = "trends-table"
    TABLE_OPEN = "trends-table-open"  # its "Show as table": filled when first opened
    PROGRESS = "trends-progress"
    SPAN_LIST = "trends-span-list"


class Ranking(StrEnum):
    URL = "ranking-url"
    INDICATOR = "ranking-indicator"
    YEAR = "ranking-year"
    COUNTRY = "ranking-country"
    REGION = "ranking-region"
    NETWORK = "ranking-network"
    MIN_POPULATION = "ranking-min-population"
    MAX_POPULATION = "ranking-max-population"
    STATUS = "ranking-status"
    NOTICE = "ranking-notice"
    GRAPH = "ranking-graph"
    SUMMARY = "ranking-summary"
    DOWNLOAD = "ranking-download"
    TABLE = "ranking-table"


class City(StrEnum):
    URL = "city-url"
    INDICATOR = "city-indicator"
    NOTICE = "city-notice"
    CARDS = "city-cards"
    WHY = "city-why"
    GRAPH = "city-graph"
    SUMMARY = "city-summary"
    TABLE = "city-table"
    TABLE_OPEN = "city-table-open"  # its "Show as table": filled when first opened
    DOWNLOAD = "city-download"
    PRINT = "city-print"
    PRINT_URL = "city-print-url"
    TIMELINE = "city-timeline"
    INTERVENTIONS = "city-interventions"
    PEERS = "city-peers"


class Chart(StrEnum):
    """Pattern-matching types: {"type": Chart.EXPORT, "graph": <graph id>, "format": "png"}."""

    EXPORT = "chart-export"
    # "Show as table" under a chart (components/common.chart_table): {"type": Chart.TABLE,
    # "chart": <graph id>, "view": <the page's view>, "csv": <CSV name>, "query": <the CSV's
    # state, or "" for the page's URL>}; TABLE_ROWS: its rows
    TABLE = "chart-table"
    TABLE_ROWS = "chart-table-rows"


class Interventions(StrEnum):
    URL = "interventions-url"
    GROUP = "interventions-group"
    THEMES = "interventions-themes"
    GRAPH = "interventions-graph"
    NOTICE = "interventions-notice"
    SUMMARY = "interventions-summary"
    DOWNLOAD = "interventions-download"
    # the list: filters, tabs and pages
    BROWSE = "interventions-browse"
    TAB = "interventions-tab"
    SEARCH = "interventions-search"
    STATUSES = "interventions-statuses"
    REGIONS = "interventions-regions"
    NETWORKS = "interventions-networks"
    FUNDERS = "interventions-funders"
    CITIES = "interventions-cities"
    FROM = "interventions-from"
    TO = "interventions-to"
    CLEAR = "interventions-clear"
    FILTERS = "interventions-filters"
    FILTERS_TOGGLE = "interventions-filters-toggle"
    GROUP_BOX = "interventions-group-box"
    SORT = "interventions-sort"
    SORT_BOX = "interventions-sort-box"
    TIMELINE = "interventions-timeline"
    TIMELINE_LIST = "interventions-timeline-list"
    TIMELINE_KEY = "interventions-timeline-key"
    LIBRARY = "interventions-library"
    COUNTS = "interventions-counts"
    COUNTS_GRAPH = "interventions-counts-graph"
    COUNTS_TABLES = "interventions-counts-tables"
    PAGER = "interventions-pager"
    PAGE = "interventions-page"
    PREVIOUS = "interventions-previous"
    NEXT = "interventions-next"
    # one intervention: its record and what the data says about the years after it
    DETAIL = "interventions-detail"
    BACK = "interventions-back"
    RECORD = "interventions-record"
    INDICATOR = "interventions-indicator"
    COMPARE = "interventions-compare"
    EVIDENCE_GRAPH = "interventions-evidence-graph"
    EVIDENCE = "interventions-evidence"


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
    READY = "map-ready"  # set once the map has drawn: the rest of the page follows it
    LIST_WANTED = "map-list-wanted"  # set once the member list comes near the screen
    MAP_KEY = "map-key"  # the query of MAP_DATA without the year: resend only when it changes
    DETAILS = "map-details"  # the hover texts of MAP_DATA's cities, once the pointer is near
    DETAILS_WANTED = "map-details-wanted"  # MAP_KEY, set once the map is pointed at or touched
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
    TABLE_HOLDER = "map-table-holder"
    TABLE_EXPORT = "map-table-export"
    TABLE_COUNT = "map-table-count"


class Benchmark(StrEnum):
    NOOP = "benchmark-noop"  # a callback that does nothing: the latency floor in benchmarks


class Embed(StrEnum):
    BAR = "embed-bar"
    OPEN = "embed-open"
    DIALOG = "embed-dialog"
    HEIGHT = "embed-height"
    CONTROLS = "embed-controls"
    THEME = "embed-theme"
    CODE = "embed-code"
    COPY = "embed-copy"
    PREVIEW = "embed-preview"
    STANDALONE = "embed-standalone"


class AdminImport(StrEnum):
    TOKEN = "admin-import-token"
    UPLOAD = "admin-import-upload"
    HEADER_ROW = "admin-import-header-row"
    FILE = "admin-import-file"  # the saved upload: its id and name
    STATUS = "admin-import-status"
    PREVIEW = "admin-import-preview"
    MAPPING = "admin-import-mapping"
    INDICATOR = "admin-import-indicator"
    CITY = "admin-import-city"
    COUNTRY = "admin-import-country"
    ADMIN = "admin-import-admin"
    CODE = "admin-import-code"
    YEAR = "admin-import-year"
    COUNTS = "admin-import-counts"
    POPULATION = "admin-import-population"
    VALUE = "admin-import-value"
    SOURCE = "admin-import-source"
    SOURCE_ID = "admin-import-source-id"
    UNKNOWN = "admin-import-unknown"
    CHECK = "admin-import-check"
    CONFIRM = "admin-import-confirm"
    REPORT = "admin-import-report"
    RESULT = "admin-import-result"


class Presentation(StrEnum):
    STORE = "deck-store"  # the deck, in the browser's local storage (shell)
    LANGUAGE = "presentation-language"  # the page's language, for exports in another process
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
