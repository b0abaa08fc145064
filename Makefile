# Moral Province: `make run` sets everything up and serves; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := moralprovince.settings

.PHONY: run setup deps messages migrate reference demo test test-browser check fmt lint typecheck clean

run: setup
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

setup: deps messages migrate reference demo

deps: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: deps
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

migrate: deps
	$(BIN)/python manage.py migrate --no-input -v0

reference: migrate
	$(BIN)/python manage.py load_geography
	$(BIN)/python manage.py load_reference_data

demo: reference
	$(BIN)/python manage.py load_demo

test: deps messages
	$(BIN)/pytest

test-browser: deps messages
	$(BIN)/pytest -m browser browser_tests

check: deps messages
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy moralprovince
	$(BIN)/python manage.py makemigrations --check --dry-run -v0
	$(BIN)/pytest

fmt: deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules var staticfiles
