# One command each: `make demo` sets up and pre-checks the bundled example; `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: setup demo test lint bench clean serve

$(BIN)/mtus-check: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The browser tests drive Debian's Chromium; as root (CI, a fresh machine) it is installed here.
BROWSER := /usr/bin/chromium /usr/bin/chromedriver
$(BROWSER):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	else echo "not root: install chromium and chromium-driver for the browser tests"; fi

setup: $(BIN)/mtus-check

demo: setup
	$(BIN)/mtus-check precheck fixtures/requests/seed-letters.yaml
	$(BIN)/mtus-check audit fixtures/letters --out demo-audit --force

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/mtus-check rules validate

test: lint $(BROWSER)
	$(BIN)/python -m pytest

# LETTERS and PDFS: folders of real letters to read (the repository's fixtures by default)
LETTERS ?= fixtures/letters
PDFS    ?=
bench: setup
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m mtus_check.bench engine
	$(BIN)/python -m mtus_check.bench letters --dir $(LETTERS) $(if $(PDFS),--pdf-dir $(PDFS))
	$(BIN)/python -m mtus_check.web.bench --workers 2

serve: setup
	$(BIN)/mtus-check serve

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache demo-audit bench-out
