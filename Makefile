# Gerai — the two commands of the README, and the steps they are made of.
#   make demo   set everything up, seed the demo city (SQLite) and serve it on http://127.0.0.1:5000
#   make test   set everything up and run the tests (PostgreSQL too when TEST_DATABASE_URL is set)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 5000
PYTEST_WORKERS ?= 2
FLASK := $(BIN)/flask --app storefront

.PHONY: demo test install translations messages browser lint format bench bench-consignment bench-search clean courier-demo

demo: install translations
	$(FLASK) seed-demo
	@echo "Gerai is at http://127.0.0.1:$(PORT)  (Ctrl+C stops it)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# In a second terminal next to `make demo`: point the Setu gallery at the courier simulator
# (fresh secret), then run the simulator and the dispatch worker until Ctrl+C, which gives the
# gallery back its own courier setting (courier-demo-restore).
COURIER_GALLERY ?= galeri-umkm-setu
COURIER_PORT ?= 8765
courier-demo: install
	$(FLASK) courier-demo-setup $(COURIER_GALLERY) --url http://127.0.0.1:$(COURIER_PORT)/deliveries
	@trap 'kill $$sim $$worker 2>/dev/null; wait; $(FLASK) courier-demo-restore $(COURIER_GALLERY)' EXIT; \
	trap 'exit 130' INT TERM HUP; \
	$(FLASK) courier-simulator --port $(COURIER_PORT) & sim=$$!; \
	$(FLASK) dispatch-worker & worker=$$!; \
	echo "Simulator and dispatch worker running (Ctrl+C stops both)"; \
	wait

test: install translations browser
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

translations: install
	$(BIN)/pybabel -q compile -d storefront/translations

# Re-extract the strings to translate and merge them into the catalogues (for developers).
messages: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k N_ -k lazy_ngettext:1,2 -o storefront/translations/messages.pot .
	$(BIN)/pybabel -q update -N -i storefront/translations/messages.pot -d storefront/translations

# Debian's Chromium for the browser tests (test tools' own browser downloads do not work here).
browser:
	@bash scripts/ensure-chromium

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/bandit -q -r accounts catalog orders registry storefront demo config.py -ll

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install translations
	$(BIN)/python bench/bench_pages.py

# The manager's console at 100,000 order lines (issue 11), SQLite then PostgreSQL: docs/PERFORMANCE.md
bench-consignment: install translations
	$(BIN)/python bench/bench_consignment.py --both

# Product search at 100,000 products (issue 12), SQLite then PostgreSQL: docs/PERFORMANCE.md
bench-search: install translations
	$(BIN)/python bench/bench_search.py --both

clean:
	rm -rf $(VENV) instance .pytest_cache
