# The two commands of the README: `make run` and `make test`.
# Both create (or reuse) .venv/ at the repository root and need only Python 3.11+ and make.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck layers pytest clean bundle bundle-check dmg

VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' oa_desktop/__init__.py)
UNAME := $(shell uname -s)
ARCH := $(shell uname -m)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.app-installed

run: $(VENV)/.app-installed
	$(BIN)/oa-desktop $(ARGS)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check oa_desktop tests benchmarks

typecheck: $(VENV)/.test-installed
	$(BIN)/mypy

layers: $(VENV)/.test-installed
	$(BIN)/lint-imports

pytest: $(VENV)/.test-installed
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck layers pytest

# The one-folder app for this OS in dist/ (installer/oa_desktop.spec); on Linux also the
# tar.gz users download. Windows' installer and macOS' dmg: installer/windows, installer/macos.
$(VENV)/.bundle-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[bundle]"
	touch $@ $(VENV)/.app-installed

bundle: $(VENV)/.bundle-installed
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN installer/oa_desktop.spec
ifeq ($(UNAME),Linux)
	tar -C dist -czf dist/oa-desktop-$(VERSION)-linux-$(ARCH).tar.gz "OA Desktop"
	@echo "dist/oa-desktop-$(VERSION)-linux-$(ARCH).tar.gz"
endif

# Runs the bundled binary alone (offscreen): --version, selfcheck, screenshots, time to first
# paint, and a submit -> sync -> post round trip against the bundled sandbox.
bundle-check: bundle
	$(PYTHON) installer/bundle_check.py "dist/OA Desktop"

dmg: bundle
	installer/macos/build_dmg.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
