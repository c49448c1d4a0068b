# Dasbor Kinerja ASN Lampung. `make run` and `make test` are the two README commands.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
# pytest-xdist workers for `make test` and `make test-fast`: one per core (TEST_WORKERS=0 runs serially).
TEST_WORKERS ?= auto

.PHONY: run test test-fast test-slow demo bench browser-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when a requirements file changes.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## Install, then open the dashboard on its built-in demo data (SQLite, no set-up).
run: $(VENV)/.runtime
	$(BIN)/python -m data_access prepare
	$(BIN)/python -m streamlit run app.py --server.port $(PORT)

## Install, then run the whole test suite, in parallel (pytest-xdist, docs/testing.md).
test: $(VENV)/.dev
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup

## The fast tier (docs/testing.md): pure and unit tests (metrics pipelines, vocab, parsing, small imports
## on SQLite), no pages, browser, PostgreSQL, subprocess or demo database; under 2 minutes.
test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup -m "not heavy"

## The fuzz tests at depth (docs/testing.md): 1000 examples each instead of the suite's 40.
FUZZ_EXAMPLES ?= 1000
test-slow: $(VENV)/.dev
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/test_import_fuzz.py

## The benchmark (docs/performance.md): the demo through the real import path, pages, report, memory.
bench: $(VENV)/.dev
	$(BIN)/python -m bench $(BENCH_ARGS)

## Fill the default database (or DATABASE_URL) with the demo data.
demo: $(VENV)/.runtime
	$(BIN)/python -m data_access demo --scale small

## Debian's Chromium for the browser tests and poppler-utils (pdftoppm) for the PDF tests (CI installs both; needs root).
browser-deps:
	(command -v chromium >/dev/null && command -v pdftoppm >/dev/null) || \
		(apt-get update -qq && apt-get install -y -qq chromium poppler-utils)

clean:
	rm -rf $(VENV) data artifacts .pytest_cache
