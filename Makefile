# Two commands do all set-up on a fresh machine: `make run` and `make test`.
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-stamp
SAMPLE  := corpus/hanoi-convention-signing.ar.txt
CATALOG := locales/en/LC_MESSAGES/hanoi-convention-signing.po

.PHONY: setup run test lint bench clean

setup: $(STAMP)

# The cluster extra is Ray (`pretranslate --ray`): the tests run a real two-node cluster.
# torch is pinned to the CPU build that lies on this machine's disk; any other request
# pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev,cluster]'
	touch $(STAMP)

# `model ensure` pulls and converts the configured model on the first run; offline it says so
# (within seconds) and the TUI opens anyway: '-' keeps any failure of it from stopping the run.
run: setup
	test -f $(CATALOG) || $(VENV)/bin/workbench import $(SAMPLE) --lang en
	-$(VENV)/bin/workbench model ensure
	$(VENV)/bin/workbench tui $(CATALOG)

# lint: ruff, mypy over src/ ([tool.mypy]) and the import-linter contracts ([tool.importlinter]:
# the layers of docs/ARCHITECTURE.md, no import cycles). lint-imports reads the installed package.
lint: setup
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy src
	$(VENV)/bin/lint-imports

test: setup lint
	$(VENV)/bin/pytest -q

bench: setup
	for b in bench/*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .workbench .pytest_cache .mypy_cache .grimp_cache .import_linter_cache
