# Jisr developer commands. `make run` serves the sample mission; `make test` runs everything CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export JISR_DATA_DIR ?= $(CURDIR)/data

# `make cluster`: PostgreSQL, 2 web processes behind nginx and 2 workers on loopback
# (scripts/cluster.sh stop|status|... manages it; see docs/deploy.md).
# `make container`: build the Containerfile with podman and smoke-test the image (not in
# `make test`: it needs podman and takes minutes; see docs/deploy.md).
.PHONY: install system-deps system-deps-run compile run cluster container worker test test-sqlite test-postgres lint fmt messages bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Debian packages the project needs: gettext to compile catalogs, Chromium for browser
# tests, fonts that cover Arabic for PDFs, poppler to read PDFs back in tests.
system-deps:
	@scripts/system-deps.sh test

system-deps-run:
	@scripts/system-deps.sh run

compile: install
	@cd src/jisr && ../../$(BIN)/django-admin compilemessages --ignore=.venv -v0

run: install system-deps-run compile
	@scripts/run.sh

cluster: install system-deps-run compile
	@scripts/cluster.sh start

container:
	@scripts/container-smoke.sh

test: install system-deps compile lint test-sqlite test-postgres

# One test process per core (pytest-xdist). `--dist load` hands tests out in collection
# order, so a worker still runs the transactional tests (which empty the tables,
# migration data included) after all the others, as pytest-django orders them;
# work stealing broke that. PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL := $(if $(filter 0,$(PYTEST_WORKERS)),-p no:xdist,-n $(PYTEST_WORKERS) --dist load)

test-sqlite:
	$(BIN)/pytest $(PYTEST_PARALLEL)

# The engine's tests are left out here: the engine never imports Django, so they
# would run the same code a second time (the import-linter contract guarantees it).
test-postgres:
	@scripts/with-throwaway-postgres.sh $(BIN)/pytest $(PYTEST_PARALLEL) -m "not browser" --ignore=tests/engine

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy
	scripts/check-messages.sh

fmt: install
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

messages: install
	cd src/jisr && ../../$(BIN)/django-admin makemessages -l fr -l ar --no-obsolete --ignore=engine/*
	$(MAKE) compile

bench: install compile
	@set -e; for script in benchmarks/bench_*.py; do \
		echo "== $$script"; $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) build dist src/*.egg-info
