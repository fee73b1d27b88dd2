# Twiza: `make run` serves the demo, `make test` runs the suite.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 5000
# localstripe, the fake Stripe of development; DevelopmentConfig expects it on 8420.
LOCALSTRIPE := $(BIN)/python scripts/localstripe_server.py --port 8420 --data-file instance/localstripe.pickle
export FLASK_APP := wsgi
export TWIZA_CONFIG ?= development
# Links in mail sent by the jobs (outside a request) point at the server `make run` starts.
export SERVER_NAME ?= $(HOST):$(PORT)
# The development SMTP sink `make run` delivers mail to.
MAIL_SINK_PORT ?= 8025

.PHONY: setup run localstripe test test-postgres lint format translations extract-messages db demo clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

setup: $(BIN)/activate node_modules/.package-lock.json translations

# axe-core, which the browser tests inject into every main page (tests/e2e/test_e2e_a11y.py);
# without npm those tests are skipped (outside CI) and the rest needs only Python.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund; \
	else echo "npm is not installed: the accessibility tests (axe-core) will be skipped."; fi

translations: $(BIN)/activate
	$(BIN)/pybabel compile -d translations

extract-messages: $(BIN)/activate
	$(BIN)/pybabel extract -F babel.cfg --ignore-dirs ".* __pycache__ node_modules" -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations

db: setup
	mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask geography seed

# The demo's pledges are paid through localstripe: it runs for the load (or is reused).
demo: db
	@$(LOCALSTRIPE) --reuse-running & pid=$$!; \
	$(BIN)/flask demo load; status=$$?; \
	kill $$pid 2>/dev/null; wait $$pid 2>/dev/null; exit $$status

# localstripe, the mail sink, the periodic jobs and the server run together and stop
# together (a localstripe already running on its port is reused, and left running).
# localstripe starts first: the demo's pledges are paid through it (the loader waits up
# to 15 s). Mail goes over SMTP to the sink, which writes it to instance/mail/*.eml.
run: export MAIL_BACKEND = smtp
run: export MAIL_SERVER = 127.0.0.1
run: export MAIL_PORT = $(MAIL_SINK_PORT)
run: db
	@trap 'kill 0' EXIT; \
	$(LOCALSTRIPE) --reuse-running & \
	$(BIN)/python -m crowdfund.notifications.sink --port $(MAIL_SINK_PORT) & \
	$(BIN)/flask demo load || exit 1; \
	$(BIN)/flask receipts issue-missing || exit 1; \
	$(BIN)/flask jobs run || exit 1; \
	$(BIN)/flask payments dev-webhook --url http://$(HOST):$(PORT)/webhooks/stripe || exit 1; \
	$(BIN)/flask jobs loop & $(BIN)/flask run --host $(HOST) --port $(PORT)

# localstripe alone, in the foreground (its data stays in instance/).
localstripe: setup
	mkdir -p instance
	$(LOCALSTRIPE)

# The job queue's worker, instead of cron, where REDIS_URL is set: the periodic jobs every
# minute, each on one worker at a time; start one or more per host (THREADS tasks at once each).
.PHONY: worker
worker: setup
	$(BIN)/flask queue worker --threads $(or $(THREADS),2)

test: setup
	$(BIN)/pytest -q

test-postgres: setup
	bash .ci/with-postgres $(BIN)/pytest -q

# The failure drills alone (tests/drills: killed worker, lost connection, webhook storm, SMTP
# outage), on a throw-away PostgreSQL 15; the suites above run them too.
.PHONY: drills
drills: setup
	bash .ci/with-postgres $(BIN)/pytest -q -m drill

# The benchmarks (bench/results.json, bench/results.md), on BENCH_DATABASE_URL if set, else on
# a throw-away PostgreSQL 15. The HTTP benchmark loads the pages with wrk (Debian's package).
.PHONY: bench
bench: setup
	@if ! command -v wrk >/dev/null 2>&1; then \
	  echo "== installing wrk from Debian's packages for the HTTP benchmark =="; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	fi
	@if [ -n "$$BENCH_DATABASE_URL" ]; then $(BIN)/python -m bench; \
	else bash .ci/with-postgres $(BIN)/python -m bench; fi

lint: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/activate
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Security audit: bandit on the code that is deployed (its exceptions are justified in
# pyproject.toml), then pip-audit of every package in the virtualenv (the pinned requirements
# and what they pull in) against PyPI's vulnerability data. A package PyPI cannot tell about
# is listed, not fatal.
.PHONY: audit
audit: $(BIN)/activate
	$(BIN)/bandit -q -c pyproject.toml -r crowdfund config.py wsgi.py $(wildcard gunicorn.conf.py)
	$(BIN)/pip-audit --local --progress-spinner off

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
