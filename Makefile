# Data Rights Casebook. `make workshop` serves the workbook; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8866
TOKEN ?=

NOTEBOOKS = $(sort $(wildcard notebooks/*.ipynb notebooks/*/*.ipynb))
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export JUPYTER_PATH := $(CURDIR)/voila/share

.PHONY: install workshop lab test check lint browser notebooks clean

install: $(STAMP)

# Reinstall only when the project's metadata changes: a second run takes a second.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

workshop: install
	@$(BIN)/jupyter trust $(NOTEBOOKS) >/dev/null
	$(BIN)/voila --Voila.config_file_paths=voila --Voila.ip=$(HOST) --port=$(PORT) $(if $(TOKEN),--token=$(TOKEN)) notebooks/

lab: install
	@$(BIN)/jupyter trust $(NOTEBOOKS) >/dev/null
	$(BIN)/jupyter lab --ip=127.0.0.1 --no-browser notebooks/

# Execute the notebooks in place (outputs stored, no widget state) in a throwaway store, then trust them.
notebooks: install
	@tmp=$$(mktemp -d) && CASEBOOK_STORE=$$tmp/attempts.sqlite3 CASEBOOK_EVIDENCE=$$tmp/evidence CASEBOOK_LEARNER=author \
		$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.store_widget_state=False --ExecutePreprocessor.timeout=300 $(NOTEBOOKS); \
		status=$$?; rm -rf $$tmp; exit $$status
	$(BIN)/jupyter trust $(NOTEBOOKS)

check: install
	$(BIN)/casebook check --coverage

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check casebook widgets tests

# Debian's chromium for the browser tests: installed when missing and we are root.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Debian's chromium. Install it with: sudo apt-get install chromium"; \
		exit 1; \
	fi

test: install browser lint
	$(BIN)/casebook check --coverage
	$(BIN)/python -m pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg tests notebooks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist screenshots
