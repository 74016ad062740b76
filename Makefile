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

.PHONY: install lock workshop lab test test-fast check lint browser notebooks bench catalogs clean

install: $(STAMP)

# Everything comes from the lock (requirements/dev.lock: runtime + test + bench + build tools, every
# version pinned with its hashes), so a fresh machine installs what the last `make lock` tested. The project
# itself goes in editable, without dependencies and without build isolation (hatchling is in the lock too).
# Reinstall only when the lock or the project's metadata changes: a second run takes a second.
LOCK := requirements/dev.lock
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	@touch $(STAMP)

# `make lock` resolves pyproject's ranges with uv (pinned below; it runs from a throwaway venv) and rewrites
# binder/requirements.txt (runtime only, what Binder and `pip install .` users get) and requirements/dev.lock
# (the same runtime pins plus the test, bench and build tools). It keeps every pin already in the lock
# (uv prefers the versions pinned in the file it rewrites), so adding a dependency adds only it and what it
# needs. Upgrading is
# deliberate: `make lock UPGRADE=1` re-resolves everything to the newest releases. Run the whole
# `make test` after either and commit the three files together.
UV_VERSION := 0.13.9
UV_COMPILE = --universal --python-version 3.11 --generate-hashes --quiet --no-header
lock:
	@tmp=$$(mktemp -d) && $(PYTHON) -m venv $$tmp && $$tmp/bin/python -m pip install --quiet uv==$(UV_VERSION) && \
	grep -v '^# ' binder/requirements.txt > $$tmp/runtime.txt && grep -v '^# ' $(LOCK) > $$tmp/dev.txt && \
	$$tmp/bin/uv pip compile pyproject.toml $(if $(UPGRADE),--upgrade) $(UV_COMPILE) -o $$tmp/runtime.txt && \
	{ echo "# Binder and pip users: the runtime dependencies of pyproject.toml, pinned. Written by \`make lock\`."; \
	  cat $$tmp/runtime.txt; } > binder/requirements.txt && \
	$$tmp/bin/uv pip compile pyproject.toml requirements/build.in --extra test --extra bench \
	    -c binder/requirements.txt $(if $(UPGRADE),--upgrade) $(UV_COMPILE) -o $$tmp/dev.txt && \
	{ echo "# make install: runtime + test + bench + build tools, pinned with hashes. Written by \`make lock\`."; \
	  cat $$tmp/dev.txt; } > $(LOCK); \
	status=$$?; rm -rf $$tmp; exit $$status

workshop: install
	@$(BIN)/jupyter trust $(NOTEBOOKS) >/dev/null
	@token="$(TOKEN)"; \
	case "$(HOST)" in 127.*|localhost|::1) ;; \
	*) if [ -z "$$token" ]; then token=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(9))'); \
	   echo "Serving $(HOST), beyond this laptop: pages need the token. Trainees open"; \
	   echo "  http://<this laptop's address>:$(PORT)/?token=$$token"; fi ;; \
	esac; \
	exec $(BIN)/voila --Voila.config_file_paths=voila --Voila.ip=$(HOST) --port=$(PORT) \
		$${token:+--token=$$token} notebooks/

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

# Interface translations: extract every _() / N_() / ngettext() msgid from widgets/ and casebook/ into the
# template, merge it into each language's .po (new strings arrive empty, changed ones fuzzy: translate them),
# then compile the .mo files gettext reads at runtime. Commit the .pot, .po and .mo files together.
LOCALES := widgets/locale
catalogs: install
	$(BIN)/pybabel extract -F babel.cfg --no-default-keywords -k _ -k N_ -k ngettext:1,2 --sort-by-file \
		--project "Data Rights Casebook" --version 0.1.0 --copyright-holder "Data Rights Casebook developers" \
		--msgid-bugs-address "" -o $(LOCALES)/casebook.pot widgets casebook
	$(BIN)/pybabel update -D casebook -i $(LOCALES)/casebook.pot -d $(LOCALES) --ignore-obsolete
	$(BIN)/pybabel compile -D casebook -d $(LOCALES) --statistics

check: install
	$(BIN)/casebook check --coverage $(if $(CI),--require-seeds)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check casebook widgets tests
	$(BIN)/python -m mypy

# Debian's chromium for the browser tests, and a CJK font so screenshots of Chinese pages show their
# text: installed when missing and we are root.
BROWSER_PACKAGES := chromium fonts-wqy-zenhei
browser:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || missing="$$missing fonts-wqy-zenhei"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's$$missing for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "The browser tests need Debian's$$missing. Install with: sudo apt-get install$$missing"; \
		exit 1; \
	fi

# Everything, as CI runs it: the content check, every unit test, nbval on every notebook and the browser
# tests in Debian's chromium. In CI (CI=true) the seed files must be there, so their checks cannot be skipped.
test: install browser lint
	$(BIN)/casebook check --coverage $(if $(CI),--require-seeds)
	$(BIN)/python -m pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg tests notebooks

# The edit-test loop: the content check and the unit tests, without the browser and without nbval.
test-fast: install
	$(BIN)/casebook check
	$(BIN)/python -m pytest -q -m "not browser" tests

# Benchmarks: ratios against baselines measured in the same run; writes docs/benchmarks.md (+ .svg plot).
bench: install browser
	$(BIN)/python -m tests.benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist screenshots
