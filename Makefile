# Two commands a newcomer needs: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo/advocacy-demo.sqlite
DEMO_TODAY ?=
# Flags for every benchmark, e.g. BENCH_ARGS="--employees 10000 --signals 100000" or
# BENCH_ARGS="--scale 0.1" for a quick run (see python bench/company.py --help).
BENCH_ARGS ?=

.PHONY: demo test bench bench-startup bench-tui bench-csv bench-metrics bench-data clean

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

# Every benchmark, one table; the generated company is cached (bench/company.py).
bench: $(VENV)/.installed
	$(BIN)/python bench/suite.py $(BENCH_ARGS)

bench-data: $(VENV)/.installed
	$(BIN)/python bench/company.py $(BENCH_ARGS)

bench-startup: $(VENV)/.installed
	$(BIN)/python bench/startup.py $(BENCH_ARGS)

bench-tui: $(VENV)/.installed
	$(BIN)/python bench/tui_bench.py $(BENCH_ARGS)

bench-csv: $(VENV)/.installed
	$(BIN)/python bench/csv_bench.py $(BENCH_ARGS)

bench-metrics: $(VENV)/.installed
	$(BIN)/python bench/metrics_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) demo .pytest_cache
