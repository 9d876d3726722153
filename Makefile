# skillgraph: two set-up commands for a fresh machine.
#   make demo   install, start the local Neo4j, load the bundled sample, train, serve the API
#   make test   install, run the whole test suite on a local Neo4j of its own
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
CACHE ?= $(HOME)/.cache/skillgraph
LOCK_HASH := $(shell sha256sum requirements.lock | cut -c1-12)
VENV ?= $(CACHE)/venv-$(LOCK_HASH)
BIN := $(VENV)/bin
SG := $(BIN)/skillgraph
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install neo4j-start neo4j-stop demo test lint bench

help:
	@echo "make demo   - install, start Neo4j, load the sample, train, serve the API"
	@echo "make test   - install, run the test suite (on a Neo4j of its own)"
	@echo "make lint   - ruff and mypy --strict"
	@echo "make bench  - benchmarks on the full shared data"

$(BIN)/.deps-installed: requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	touch $@

install: $(BIN)/.deps-installed
	@$(BIN)/python -m pip install -q --no-deps -e . > $(VENV)/editable.log 2>&1 || { cat $(VENV)/editable.log; exit 1; }
	$(SG) neo4j install

neo4j-start: install
	$(SG) neo4j start

neo4j-stop:
	-$(SG) neo4j stop

demo: neo4j-start
	$(SG) load all graph/sample
	$(SG) load job-ads graph/sample/job-ads/postings.jsonl
	$(SG) train --epochs 60
	$(SG) stats
	@bash scripts/demo-examples.sh "$(SG)"
	$(SG) serve --host 127.0.0.1 --port 8000

# The tests start (and stop) a local Neo4j of their own, on ports 7688/7475 with its data in
# $(CACHE)/test-server: the development server and its graph are left alone (tests/conftest.py).
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: neo4j-start
	$(BIN)/python benchmarks/load.py
	$(SG) load all $${SKILLGRAPH_DATA:-../shared/data}
	$(BIN)/python benchmarks/gnn.py
	$(BIN)/python benchmarks/jobads.py
	$(BIN)/python benchmarks/title_backends.py
	$(BIN)/python benchmarks/api.py \
	  --occupation http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1 \
	  --skill http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d
	$(BIN)/python benchmarks/api_cpu.py \
	  --occupation http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1 \
	  --skill http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d
	$(BIN)/python benchmarks/queries.py
