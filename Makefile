# The README's two commands: `make run` (dvc repro on data/sample) and `make test`.
# Both create the virtual environment from the lock file when it is missing or stale.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: setup run test lint bench eval docs lock clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/dvc repro

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests scripts benchmarks
	$(BIN)/conflict-events rules lint

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_throughput.py
	$(BIN)/python benchmarks/bench_gazetteer.py

eval: $(STAMP)
	$(BIN)/python scripts/evaluate.py --markdown

docs: $(STAMP)
	$(BIN)/conflict-events rules doc --out docs/rules.md
	$(BIN)/conflict-events codebook --out docs

lock: $(STAMP)
	{ grep '^#' requirements.lock; $(BIN)/pip freeze --exclude-editable | grep -v '^conflict-events'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf output .pytest_cache
