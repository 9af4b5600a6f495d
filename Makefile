# The whole set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/corridor db init
	$(BIN)/corridor registry load
	$(BIN)/corridor ingest --published 2025-02-04 examples/op-ed-zardari-visit-2025.txt
	$(BIN)/corridor run

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

eval: $(STAMP)
	$(BIN)/python -m corridor.extract.evaluate

bench: $(STAMP)
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/stages.py
	$(BIN)/python bench/floor.py
	$(BIN)/python bench/long.py
	$(BIN)/python bench/compiled.py
	$(BIN)/python bench/track.py
	$(BIN)/python bench/link.py
	$(BIN)/python bench/web.py

clean:
	rm -rf $(VENV) corridor.db corridor.db-wal corridor.db-shm
