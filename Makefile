# credstack — the two set-up commands are `make run` and `make test`.
# Both build the virtual environment from the lock files on a fresh machine
# (Python 3.11+ and the package registries are all they need).

PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_CACHE_DIR ?= $(CURDIR)/.cache/uv
NODE_DIR := tests/interop/node

.DEFAULT_GOAL := help
.PHONY: help install install-dev node-deps run demo test test-fast lint fmt bench clean lock

help: ## list the commands
	@grep -E '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.installed-main: requirements/main.lock pyproject.toml | $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --python $(PY) requirements/main.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@rm -f $(VENV)/.installed-dev
	@touch $@

$(VENV)/.installed-dev: requirements/dev.lock pyproject.toml | $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --python $(PY) requirements/dev.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@touch $@ $(VENV)/.installed-main

install: $(VENV)/.installed-main ## create .venv with the runtime dependencies

install-dev: $(VENV)/.installed-dev ## create .venv with the development dependencies

$(NODE_DIR)/node_modules/.installed: $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

node-deps: $(NODE_DIR)/node_modules/.installed ## install the independent (node) implementations used by the interop tests

run: install ## run the platform on http://127.0.0.1:8000 (embedded SQLite, demo data)
	$(VENV)/bin/credstack serve --demo

demo: install ## the end-to-end walk-through of the credential engine (no server)
	$(VENV)/bin/credstack demo

test: install-dev node-deps ## run the whole test suite (includes the node interoperability tests)
	$(PY) -m pytest

test-fast: install-dev ## run the tests without the node interoperability tests
	$(PY) -m pytest -m "not interop"

lint: install-dev ## ruff, mypy --strict and the import-linter contracts
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

fmt: install-dev ## format the code
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

bench: install-dev ## print the benchmark figures (NAME: VALUE UNIT)
	$(PY) -m bench

lock: | $(UV) ## re-resolve the lock files from pyproject.toml
	$(UV) pip compile pyproject.toml --generate-hashes --python-version 3.11 --no-header -q -o requirements/main.lock
	$(UV) pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 --no-header -q -o requirements/dev.lock

clean: ## remove the environments and caches
	rm -rf $(VENV) $(TOOLS) .cache .pytest_cache .mypy_cache .ruff_cache $(NODE_DIR)/node_modules
