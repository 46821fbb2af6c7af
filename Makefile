# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint setup benchmark clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/pip install --quiet -e . --group dev
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/crowdlens demo

lint: $(STAMP)
	$(BIN)/ruff check .

test: lint
	$(BIN)/pytest

benchmark: $(STAMP)
	$(BIN)/python benchmarks/load_viva_engage.py
	$(BIN)/python benchmarks/page_queries.py

clean:
	rm -rf $(VENV) data test-output .pytest_cache
