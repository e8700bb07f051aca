# The two quickstart commands: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: demo test lint typecheck unit schemas tutorial clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

## demo: set up, then run the end-to-end example on the shipped data
demo: $(STAMP)
	$(BIN)/asn-competency demo

## test: set up, then lint, type-check and run the whole test suite
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) $(CHROMIUM)
	$(BIN)/pytest

## the evaluation report's browser test drives the operating system's Chromium
## (tests/evaluation/test_report_browser.py): installed with apt-get when missing
$(CHROMIUM):
	@sudo=""; if [ "$$(id -u)" -ne 0 ]; then sudo="sudo"; fi; \
	{ $$sudo apt-get update && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } || \
	{ echo "error: Chromium could not be installed (apt-get install -y chromium);" \
	  "the report's browser test needs $(CHROMIUM)" >&2; exit 1; }
	@test -x $(CHROMIUM) || { echo "error: apt-get installed no $(CHROMIUM)" >&2; exit 1; }

## tutorial: execute docs/tutorial.ipynb and keep its outputs (the test suite executes it too)
tutorial: $(STAMP)
	$(BIN)/python -m tests.test_tutorial

## schemas: regenerate schemas/ from the models (a test fails when they drift)
schemas: $(STAMP)
	$(BIN)/python -c 'from asn_competency.model.kinds import write_schemas; write_schemas("schemas")'
	$(BIN)/python -c 'from asn_competency.audit.schema import write_record_schemas; write_record_schemas("schemas")'

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
