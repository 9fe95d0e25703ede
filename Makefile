# LLO-Radar — embedded default (DuckDB files, SQLite metadata, one machine, offline).
# `make demo` brings everything up; `make test` runs the test suite.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PY        := .venv/bin/python
SS_PY     := .venv-superset/bin/python
WITH_ENV  := orchestration/bin/with-env
UV        := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)

export DAGSTER_DISABLE_TELEMETRY := 1
export GX_ANALYTICS_ENABLED := false
export SCARF_ANALYTICS := false
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup env manifest data build demo up test check down clean rollback lint lint-sql-changed stack-test bench

help:
	@echo "make demo      create environments, synthetic data, run the chain, start Superset and Dagster"
	@echo "make manifest  parse the dbt project into dbt_project/target (the Dagster definitions read it)"
	@echo "make build     run the chain headless (ingest, dbt build, GX, publish); exit code = success"
	@echo "make test      run the whole test suite (what CI runs; not the stack tests)"
	@echo "make check     the fast tier: lint and the tests that need no chain run, server or browser"
	@echo "make down      stop the servers started by make demo"
	@echo "make clean     remove generated data and environments"
	@echo "make rollback  put the previously published serving database back"
	@echo "make stack-test  the docker-compose services run natively (PostgreSQL, Redis, Celery, Dagster daemon)"
	@echo "make bench     benchmark on synthetic data (bench/README.md); figures in bench/results/latest.json"

# --- environments -------------------------------------------------------------------------
$(UV):
	python3 -m venv .tools && .tools/bin/pip install --quiet uv

.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --quiet
	touch $@

.venv-superset/.synced: superset_config/requirements.lock.txt | $(UV)
	test -x $(SS_PY) || $(UV) venv --quiet -p 3.11 .venv-superset
	$(UV) pip sync --quiet -p $(SS_PY) superset_config/requirements.lock.txt
	touch $@

# Local copies of the CSS/JS that GX Data Docs would load from CDNs (offline reports).
expectations/vendor/node_modules/.synced: expectations/vendor/package-lock.json
	npm ci --prefix expectations/vendor --ignore-scripts --no-audit --no-fund --legacy-peer-deps --silent
	touch $@

setup: .venv/.synced .venv-superset/.synced expectations/vendor/node_modules/.synced

env: .venv/.synced
	$(PY) -m orchestration.make_env

# --- data and chain -----------------------------------------------------------------------
# The dbt manifest the Dagster definitions are built from: parsed again only when a file of
# the dbt project changed (importing the definitions never runs dbt parse).
MANIFEST  := dbt_project/target/manifest.json
DBT_FILES := dbt_project/dbt_project.yml $(shell find dbt_project/models dbt_project/macros \
               dbt_project/seeds dbt_project/tests -type f 2>/dev/null)

$(MANIFEST): .venv/.synced $(DBT_FILES)
	cd dbt_project && DBT_SEND_ANONYMOUS_USAGE_STATS=false ../.venv/bin/dbt parse --quiet
	touch $@

manifest: $(MANIFEST)

# Synthetic data only when the landing zone is empty: real deliveries are never overwritten.
data: env
	@$(WITH_ENV) bash -c 'dir="$${LLO_LANDING_DIR:-data/landing}"; \
	  if [ -n "$$(ls -A "$$dir" 2>/dev/null)" ]; then echo "landing zone $$dir has files: not generating"; \
	  else $(PY) -m synthetic --scale "$${LLO_SYNTHETIC_SCALE:-small}" \
	    --seed "$${LLO_SYNTHETIC_SEED:-42}" --out "$$dir"; fi'

build: env data manifest
	$(WITH_ENV) $(PY) -m orchestration.run build

rollback: env
	$(WITH_ENV) $(PY) -m orchestration.run rollback

# Benchmark on synthetic data in /tmp/bench-* (bench/README.md); figures in bench/results/latest.json.
# BENCH_SCALE (default 0.01 of national) and BENCH_FRACTIONS (default 0.01,0.1,1.0) override.
bench: .venv/.synced manifest
	$(PY) -m bench.run $(if $(BENCH_SCALE),--scale "$(BENCH_SCALE)") \
	  $(if $(BENCH_FRACTIONS),--fractions "$(BENCH_FRACTIONS)")

# --- servers ------------------------------------------------------------------------------
demo: setup build
	$(WITH_ENV) $(SS_PY) -m superset_config.provision
	$(WITH_ENV) superset_config/serve.sh start
	$(WITH_ENV) orchestration/bin/dagster-ui start
	@$(WITH_ENV) bash -c 'echo; \
	  echo "LLO-Radar draait:"; \
	  echo "  Superset (dashboards): http://$${SUPERSET_HOST}:$${SUPERSET_PORT}/  login: $${SUPERSET_ADMIN_USERNAME} / $${SUPERSET_ADMIN_PASSWORD}"; \
	  echo "  Dagster (pipeline):    http://$${DAGSTER_HOST}:$${DAGSTER_PORT}/"; \
	  echo "  Stoppen: make down"'

down:
	-$(WITH_ENV) superset_config/serve.sh stop
	-$(WITH_ENV) orchestration/bin/dagster-ui stop

# --- quality ------------------------------------------------------------------------------
# Tests never read or write data/ or .env: tests/conftest.py points every path setting into
# a temporary directory and fails the session when data/ or .env changed.
test: setup manifest lint
	$(PY) -m pytest

# Fast tier for the edit loop (at most about two minutes): lint, pure functions, contracts,
# bad-input ingestion, bundle checks. Markers: pyproject.toml [tool.pytest.ini_options].
check: setup manifest lint lint-sql-changed
	$(PY) -m pytest -q -m "not chain and not slow and not browser and not stack"

# sqlfluff (dbt templater, on an empty database of its own) over the models changed since the
# last commit: the edit loop's share of the SQL lint. make test lints every model
# (tests/dbt/test_conventions.py).
lint-sql-changed: setup
	@changed="$$( { git diff --name-only --diff-filter=d HEAD -- 'dbt_project/models/*.sql'; \
	  git ls-files --others --exclude-standard -- 'dbt_project/models/*.sql'; } \
	  | sed 's#^dbt_project/##' | sort -u)"; \
	if [ -z "$$changed" ]; then echo "sqlfluff: no changed models"; exit 0; fi; \
	scratch="$$(mktemp -d)"; trap 'rm -rf "$$scratch"' EXIT; \
	cd dbt_project && LLO_BUILD_DB="$$scratch/lint.duckdb" \
	  DBT_SEND_ANONYMOUS_USAGE_STATS=false ../$(PY) -m sqlfluff lint $$changed

# The docker-compose services run natively: private PostgreSQL and Redis, Superset with
# Celery, Dagster daemon and webserver (needs the postgresql and redis-server packages).
stack-test: setup manifest
	$(PY) -m pytest tests/stack -m stack

# ruff (rule set in pyproject.toml) and ruff format; sqlfluff lints the dbt models as
# tests/dbt/test_conventions.py, so it runs in both make check and make test.
lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean: down
	rm -rf data .venv .venv-superset .tools dbt_project/target dbt_project/logs artifacts expectations/vendor/node_modules
