# duban — the first two targets do all the set-up on a fresh machine (Python 3.11+, make, pip).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_INDEX ?= sqlite:///demo.db

.PHONY: demo test lint bench train clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## demo: install, ingest the bundled samples into demo.db, search, cross-check, write a ledger
demo: $(STAMP)
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/duban extract samples/directive-notice.txt --format table
	$(BIN)/duban ingest samples --index $(DEMO_INDEX)
	$(BIN)/duban search 牵头单位:市发展改革委 --index $(DEMO_INDEX)
	$(BIN)/duban search 联席会议 --index $(DEMO_INDEX)
	$(BIN)/duban crosscheck --index $(DEMO_INDEX) --as-of 2026-11-26
	$(BIN)/duban ledger --index $(DEMO_INDEX) --as-of 2026-11-26 --xlsx demo-ledger.xlsx
	$(BIN)/duban stats --index $(DEMO_INDEX)

## test: install and run the test suite (the Elasticsearch suite runs when DUBAN_ES_URL is set)
test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

train: $(STAMP)
	$(BIN)/duban train

clean:
	rm -rf $(VENV) build *.egg-info demo.db* demo-ledger.xlsx
