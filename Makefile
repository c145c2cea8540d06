# AutonomOS — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
FRONTEND := frontend
NPM_STAMP := $(FRONTEND)/node_modules/.installed-$(shell [ -f $(FRONTEND)/package-lock.json ] && sha1sum $(FRONTEND)/package-lock.json | cut -c1-12)
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install frontend run serve test test-python test-frontend test-e2e lint typecheck cfn-lint format bench bench-dcl chaos fuzz load clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade 'pip<26.3'  # chalice requires pip<26.3
	$(PY) -m pip install -q -e '.[local,dev,bench]'
	@rm -f $(VENV)/.installed-*; touch $@

install: $(STAMP) ## Create the virtualenv and install the Python project

$(NPM_STAMP): $(FRONTEND)/package.json
	@if [ -f $(FRONTEND)/package.json ]; then cd $(FRONTEND) && npm ci --no-audit --no-fund; fi
	@mkdir -p $(FRONTEND)/node_modules; rm -f $(FRONTEND)/node_modules/.installed-*; touch $@

frontend: $(NPM_STAMP) ## Build the dashboard (frontend/dist)
	@if [ -f $(FRONTEND)/package.json ]; then cd $(FRONTEND) && npm run build; fi

run: install frontend ## Start the whole stack on loopback (embedded defaults, demo data)
	$(PY) -m infra.run

serve: ## Start the stack without installing or building (used by tests)
	$(PY) -m infra.run $(ARGS)

test: install frontend test-python test-frontend ## Install what is needed and run every test

test-python:
	$(PY) -m pytest $(PYTEST_ARGS)

test-frontend:
	@if [ -f $(FRONTEND)/package.json ]; then cd $(FRONTEND) && npm test; fi

lint: install typecheck cfn-lint ## ruff, mypy and cfn-lint (on the template and its SAM translation)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck:
	$(PY) -m mypy layers/core/python/autonomos layers/dcl/python/autonomos_dcl infra functions

cfn-lint:
	$(PY) -m infra.lint_template template.yaml

format: install ## Format the Python code
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: install ## Task throughput and latency against an FastAPI + RQ baseline
	$(PY) tests/bench/bench_tasks.py

bench-dcl: install ## DCL mapping quality and connect→publish speed
	$(PY) tests/bench/bench_dcl_quality.py
	$(PY) tests/bench/bench_dcl_speed.py

chaos: install ## Fault injection under a task stream (full profile; prints a table)
	$(PY) -m tests.hardening.chaos.run $(ARGS)

fuzz: install ## Security fuzzing: cross-tenant matrix, schemathesis, attacks (full profile)
	$(PY) -m tests.hardening.fuzz.run $(ARGS)

load: install ## Concurrent tenants submitting tasks and DCL connects (full profile)
	$(PY) -m tests.hardening.load.run $(ARGS)

clean: ## Remove the virtualenv, builds and local state
	rm -rf $(VENV) $(FRONTEND)/node_modules $(FRONTEND)/dist .state
