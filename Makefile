# FundOps: `make run` serves the demo fund; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run install test lint format migrate seed services-run worker bench vendor clean check-deploy

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Web (gunicorn), a Celery worker and Celery beat against PostgreSQL and Redis (see README).
services-run: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/fundops} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} \
	sh -c '$(BIN)/python manage.py migrate --noinput && \
	       $(BIN)/python manage.py collectstatic --noinput -v0 && \
	       $(BIN)/python manage.py seed_demo && \
	       $(BIN)/honcho start'

bench: install
	$(BIN)/python benchmarks/run.py

vendor:
	npm install --no-audit --no-fund
	cp node_modules/@picocss/pico/css/pico.min.css fundops/static/vendor/pico.min.css
	cp node_modules/htmx.org/dist/htmx.min.js fundops/static/vendor/htmx.min.js
	cp node_modules/chart.js/dist/chart.umd.min.js fundops/static/vendor/chart.umd.min.js
	# No source map is vendored: its reference would fail collectstatic's manifest step.
	sed -i '/sourceMappingURL=/d' fundops/static/vendor/chart.umd.min.js
	cp node_modules/axe-core/axe.min.js tests/browser/vendor/axe.min.js

clean:
	rm -rf $(VENV) var
