# Portsmouth Social Value Portal. `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Emails sent while the demo is built and run are appended here, not printed.
DEMO_EMAILS ?= demo-emails.txt
# Two workers: one per core (the browser tests wait on Chromium, the rest on SQL).
PYTEST_ARGS ?= -n 2
CHROMIUM := /usr/bin/chromium

export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: install venv assets browser run migrate seed test test-fast lint format bench clean deploy-check lock

install: $(VENV)/.installed node_modules/.installed assets

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Builds the stylesheet (GOV.UK Frontend with Portsmouth branding) and copies the script.
assets: node_modules/.installed portal/static/portal/css/portal.css portal/static/govuk/govuk-frontend.min.js portal/static/govuk/assets/images/govuk-crest.svg

portal/static/portal/css/portal.css: portal/static_src/portal.scss node_modules/.installed
	mkdir -p $(@D)
	npx sass --quiet --load-path=node_modules --no-source-map --style=compressed $< $@

portal/static/govuk/govuk-frontend.min.js: node_modules/.installed
	mkdir -p $(@D)
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $@

# The images the stylesheet refers to (collectstatic's manifest needs every one of them).
portal/static/govuk/assets/images/govuk-crest.svg: node_modules/.installed
	mkdir -p portal/static/govuk/assets
	cp -R node_modules/govuk-frontend/dist/govuk/assets/images portal/static/govuk/assets/
	touch $@

# Browser tests drive Debian's Chromium; installed here when it is missing (needs root).
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	fi

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	PORTAL_EMAIL_FILE=$(DEMO_EMAILS) $(PY) manage.py seed_demo

run: seed
	$(PY) manage.py demo_admin --address http://$(HOST):$(PORT) --emails $(DEMO_EMAILS)
	PORTAL_EMAIL_FILE=$(DEMO_EMAILS) $(PY) manage.py runserver $(HOST):$(PORT)

test: install browser
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/pytest $(PYTEST_ARGS)

# Everything but the browser tests.
test-fast: install
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(PY) -m benchmarks

# The production path without Docker: collectstatic, then compose.yaml's release, web, worker
# and scheduler commands with production settings against a throwaway PostgreSQL database.
deploy-check: install
	$(PY) deploy/check.py

# requirements.lock: every dependency of the image, pinned with hashes (Dockerfile).
lock: install
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra opensearch --extra s3 --extra azure \
		--python-version 3.11 --python-platform x86_64-manylinux_2_28 --generate-hashes \
		--quiet --output-file requirements.lock

clean:
	rm -rf $(VENV) node_modules portal/static/portal/css portal/static/govuk staticfiles .test-media
