# `make build` builds the knowledge graph from sources/ into dist/; `make test` runs the tests.
# Both create a local virtual environment (.venv) on first use; only Python 3.11+ is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test lint clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/kg

build: $(BIN)/kg
	$(BIN)/kg build

test: $(BIN)/kg
	.ci/debian-packages
	$(BIN)/ruff check kg tests
	$(BIN)/python -m pytest

lint: $(BIN)/kg
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests

clean:
	rm -rf dist .pytest_cache
