# childwelfare (童护) — the two commands of README.md: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install migrate demo lint test-sqlite test-postgres test-browser bench clean

$(STAMP): requirements.lock requirements-build.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-build.txt
	# --no-build-isolation: xstatic-bootstrap's sdist needs setuptools' pkg_resources (pinned above).
	$(PIP) install --quiet --disable-pip-version-check --no-build-isolation -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

migrate: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo --if-empty

run: demo
	DJANGO_DEBUG=1 $(PY) manage.py demo_logins
	@echo "童护 serving at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	DJANGO_DEBUG=1 $(PY) manage.py run_jobs & \
	  worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test-sqlite: install
	$(PY) -m childwelfare.testing.run_tests sqlite

test-postgres: install
	$(PY) -m childwelfare.testing.run_tests postgres

test-browser: install
	$(PY) -m childwelfare.testing.run_tests browser

test: lint test-sqlite test-postgres test-browser

bench: install
	$(PY) bench/import_children.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles media test-output
