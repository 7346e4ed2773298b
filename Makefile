# CounselRoom — common tasks. `make help` lists them.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: help venv run demo test test-fast lint format screenshots bench bench-more installer selftest clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  %-12s %s\n", $$1, $$2}'

venv:  ## create .venv and install the program with its test tools
	python3 -m venv $(VENV) && $(PY) -m pip install -q -e ".[test]"

run:  ## start the GUI on the school database in the user data folder
	$(VENV)/bin/counselroom

demo:  ## start the GUI on a generated demo school
	$(VENV)/bin/counselroom --demo

test:  ## the whole suite (what CI runs), Qt offscreen
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest

test-fast:  ## everything below the GUI
	$(VENV)/bin/pytest -m "not gui"

lint:  ## ruff (lint and format check), mypy --strict below the GUI, import-linter layer contracts
	$(VENV)/bin/ruff check counselroom tests benchmarks installers && $(VENV)/bin/ruff format --check counselroom tests benchmarks installers \
	  && $(VENV)/bin/mypy && $(VENV)/bin/lint-imports

format:  ## ruff format
	$(VENV)/bin/ruff format counselroom tests benchmarks installers

screenshots:  ## save screenshots of the main screens to screenshots/
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.gui.take_screenshots screenshots

bench:  ## issue #15's performance budgets on a generated 5,000-student × 5-year school, as one table
	$(PY) -m benchmarks.budgets

bench-more:  ## the earlier issues' benchmarks (sign-in and check, search store, import, week view, activity counts)
	$(PY) -m benchmarks.run
	$(PY) -m benchmarks.search_bench
	$(PY) -m benchmarks.enrolment_import
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks.week_view
	$(PY) -m benchmarks.activity_counts

installer:  ## build the installer for this OS into dist/ (Linux: one folder + tarball; Windows: NSIS setup.exe)
	$(PY) -m pip install -q -e ".[build]" && $(PY) installers/build.py

selftest:  ## the installation self-test (what a school's IT person runs after installing)
	$(VENV)/bin/counselroom selftest

clean:  ## remove caches and build output
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache
