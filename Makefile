# Everything runs in a local virtual environment (.venv), so a fresh machine needs
# nothing but Python 3.11+ and pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test conformance lint generate check-generated ci clean cassettes record bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## The main job, offline: see README.md.
demo: $(STAMP)
	$(BIN)/python tools/demo.py

## Everything but the conformance checks, from the project's own files only.
test: $(STAMP)
	$(BIN)/python -m pytest

## openapi.yaml, the cassettes and the stand-in checked against Appwrite's published
## slices, which are not ours to commit: they are read from APPWRITE_SPECS_DIR.
APPWRITE_SPECS_DIR ?= $(abspath ../shared/appwrite-specs)
conformance: $(STAMP)
	@ls "$(APPWRITE_SPECS_DIR)"/appwrite-*-executions.*.json >/dev/null 2>&1 || { \
	  echo "make conformance: no published slices in $(APPWRITE_SPECS_DIR): put the executions slices of Appwrite's app/config/specs/ at each release tag there, or set APPWRITE_SPECS_DIR"; \
	  exit 2; }
	APPWRITE_SPECS_DIR="$(APPWRITE_SPECS_DIR)" $(BIN)/python -m pytest conformance

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy wrapper standin tools

## Rebuild generated/ from openapi.yaml, generator-config.yaml and templates/.
generate: $(STAMP)
	PATH=$(CURDIR)/$(BIN):$$PATH PYTHON=$(BIN)/python tools/generate.sh generated

## Fail when generated/ is not exactly what the inputs produce.
check-generated: $(STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	PATH=$(CURDIR)/$(BIN):$$PATH PYTHON=$(BIN)/python tools/generate.sh "$$tmp/generated" && \
	if diff -r -u -x __pycache__ generated "$$tmp/generated" >"$$tmp/diff"; then \
	  echo "generated/ matches openapi.yaml"; \
	else \
	  head -40 "$$tmp/diff"; echo "generated/ is out of date: run 'make generate' and commit"; exit 1; \
	fi

ci: check-generated lint test conformance

## The benchmark suite: ratios against raw httpx and the official SDK (bench/README.md).
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache

## Re-record the whole cassette corpus from the local stand-in servers: the scenario
## sets of 0.9 and 1.8, then the chain set of every release line 0.7 to 1.8.
cassettes: $(STAMP)
	rm -rf cassettes/[0-9]*
	PYTHONPATH=tools $(BIN)/python -m recording.record --standin 0.9.4 --out cassettes/0.9
	PYTHONPATH=tools $(BIN)/python -m recording.record --standin 1.8.1 --out cassettes/1.8
	PYTHONPATH=tools $(BIN)/python -m recording.chain --out cassettes

## Record the same scenarios from a real server (0.9.x or 1.8.x):
##   export APPWRITE_KEY  (or leave it unset to be asked; APPWRITE_JWT optional)
##   make record ENDPOINT=https://host/v1 PROJECT=p FUNCTION=f [EMPTY_FUNCTION=e]
## Credentials never travel on a command line (make's, the shell's or python's): the
## key and JWT come from the environment or a prompt. The settings below reach the
## recorder as environment variables, never through the shell's parser, so no value
## can run a command. Nothing secret reaches a cassette; the project id is replaced
## too. Output: cassettes/real-X.Y/.
record: export RECORD_ENDPOINT = $(ENDPOINT)
record: export RECORD_PROJECT = $(PROJECT)
record: export RECORD_FUNCTION = $(FUNCTION)
record: export RECORD_EMPTY_FUNCTION = $(EMPTY_FUNCTION)
record: $(STAMP)
	PYTHONPATH=tools $(BIN)/python -m recording.record --from-environment
