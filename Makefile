# Two commands are all the set-up: `make run` and `make test`.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
TEST_WORKERS ?= 2
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: run test bench install install-test translations system-packages update-translations db-upgrade

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.test-installed

translations: install
	$(BIN)/pybabel compile --statistics -d translations

# Re-extract the strings and merge them into the catalogues (developers only).
update-translations: install
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _l -o translations/messages.pot --no-location --sort-output --omit-header .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

db-upgrade: install
	$(BIN)/flask --app portal db-upgrade

run: install translations db-upgrade
	$(BIN)/flask --app portal demo-data --if-empty
	PORTAL_ENV=development $(BIN)/flask --app portal run --host 127.0.0.1 --port $(PORT)

# Debian's Chromium and its driver, the text browser w3m (the idle warning stays out of a text browser's
# page), PostgreSQL for the tests that run on a real server, and a font for WeasyPrint's PDF decisions;
# nothing is downloaded from elsewhere.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	command -v w3m >/dev/null || missing="$$missing w3m"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	fc-list 2>/dev/null | grep -q DejaVuSans || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# Two workers (one per core here); each takes whole test files, so that a browser module keeps one browser, in the
# order tests/conftest.py gives them (--no-loadscope-reorder): no demo database needed first, then the longest.
test: install-test translations system-packages
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# Times every main page of each demo role under gunicorn (not part of `make test`), for example
# make bench BENCH_ARGS="--postgresql --clients 6000 --providers 300 --events 1000000"
bench: install-test translations
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
