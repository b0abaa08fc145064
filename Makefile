# Moral Province: `make run` sets everything up and serves; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := moralprovince.settings

.PHONY: run serve setup deps messages migrate reference demo test test-browser check fmt bench clean

# The job worker (year's reports and other background jobs) runs beside the web server.
run: setup
	$(BIN)/python manage.py run_jobs & WORKER=$$!; trap "kill $$WORKER" EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

setup: deps messages migrate reference demo

# Production: gunicorn (2 × cores + 1 workers) with DEBUG off and the job worker beside it,
# static files collected for WhiteNoise. SECRET_KEY and ALLOWED_HOSTS come from the
# environment; without SECRET_KEY one is made once in var/secret_key for this machine.
# Behind TLS set SECURE_SSL_REDIRECT (on by default); `make demo serve` adds the demo.
WORKERS ?= $(shell echo $$(( 2 * $$(nproc) + 1 )))
serve: deps messages migrate reference
	test -s var/secret_key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	export DEBUG=0 SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}"; \
	$(BIN)/python manage.py collectstatic --no-input -v0 && \
	$(BIN)/python manage.py check --deploy --fail-level WARNING && \
	{ $(BIN)/python manage.py run_jobs & WORKER=$$!; trap "kill $$WORKER" EXIT INT TERM; \
	  $(BIN)/gunicorn moralprovince.wsgi --workers $(WORKERS) --bind 127.0.0.1:$(PORT) \
	    --access-logfile - --graceful-timeout 20 --timeout 120; }

deps: $(VENV)/.installed node_modules/.installed
	@scripts/system-packages

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

# Benchmarks build their own national-scale database in var/ (about 2 GB, kept between runs).
# upload_memory.py serves the site with gunicorn and fails if a bomb takes it to 1 GB.
bench: deps messages
	$(BIN)/python bench/monitoring.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/survey.py
	$(BIN)/python bench/workers.py
	$(BIN)/python bench/certificates.py
	$(BIN)/python bench/assessments.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/upload_memory.py
	DATABASE_URL=$${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/moralprovince_bench} \
		$(BIN)/python bench/survey.py
	DATABASE_URL=$${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/moralprovince_bench} \
		$(BIN)/python bench/search.py
	$(BIN)/python bench/load.py

fmt: deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules var staticfiles
