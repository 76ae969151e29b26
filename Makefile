# Two commands a newcomer needs: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo/advocacy-demo.sqlite
DEMO_TODAY ?=

.PHONY: demo test bench bench-csv bench-metrics clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/advocacy --db $(DEMO_DB) demo --force $(if $(DEMO_TODAY),--today $(DEMO_TODAY),)

test: $(VENV)/.installed
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python bench/startup.py

bench-csv: $(VENV)/.installed
	$(BIN)/python bench/csv_bench.py

bench-metrics: $(VENV)/.installed
	$(BIN)/python bench/metrics_bench.py

clean:
	rm -rf $(VENV) demo .pytest_cache
