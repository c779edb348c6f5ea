# Everything runs in a local virtual environment (.venv), so a fresh machine needs
# nothing but Python 3.11+ and pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint generate check-generated ci clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## The main job, offline: see README.md.
demo: $(STAMP)
	$(BIN)/python tools/demo.py

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy tools

## Rebuild generated/ from openapi.yaml, generator-config.yaml and templates/.
generate: $(STAMP)
	PATH=$(CURDIR)/$(BIN):$$PATH PYTHON=$(BIN)/python tools/generate.sh generated

## Fail when generated/ is not exactly what the inputs produce.
check-generated: $(STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	PATH=$(CURDIR)/$(BIN):$$PATH PYTHON=$(BIN)/python tools/generate.sh "$$tmp/generated" && \
	if diff -r -u generated "$$tmp/generated" >"$$tmp/diff"; then \
	  echo "generated/ matches openapi.yaml"; \
	else \
	  head -40 "$$tmp/diff"; echo "generated/ is out of date: run 'make generate' and commit"; exit 1; \
	fi

ci: check-generated lint test

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
