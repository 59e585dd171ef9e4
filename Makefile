# The commands a person types. `make run` and `make test` work on a bare machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed
# The suite on every core (pytest-xdist); tests that start servers pick free ports. Override
# with PYTEST_ARGS= for one process, e.g. `make test PYTEST_ARGS="tests/comments -x"`.
PYTEST_ARGS ?= -n auto --dist loadgroup

.PHONY: install run serve bench bench-search test lint format lock messages clean lighthouse

$(INSTALLED): requirements/dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	touch $(INSTALLED)

install: $(INSTALLED)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production settings on loopback: gunicorn, PostgreSQL and Redis (see gunicorn.conf.py for workers),
# with the task worker (emails, image renditions) beside it, which also sends the minute jobs
# (Celery beat: one per site, so `make serve BEAT=` on every app server but one); stopping one
# stops both.
BEAT ?= --beat --schedule $(VENV)/celerybeat-schedule
serve: install
	@test -f .serve-secret || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > .serve-secret
	@export DJANGO_SETTINGS_MODULE=newsroom.settings.prod \
	  DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/newsroom}" \
	  REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/1}" \
	  CELERY_BROKER_URL="$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/2}" \
	  ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	  TRUSTED_PROXIES="$${TRUSTED_PROXIES:-0}" \
	  SECRET_KEY="$${SECRET_KEY:-$$(cat .serve-secret)}" \
	  SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" SECURE_COOKIES="$${SECURE_COOKIES:-0}" \
	  NEWSROOM_SERVE_MEDIA="$${NEWSROOM_SERVE_MEDIA:-1}" PORT=$(PORT); \
	$(BIN)/python bench/ensure_database.py && \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py collectstatic --noinput -v0 && \
	$(BIN)/python manage.py load_demo && \
	{ $(BIN)/celery -A newsroom worker $(BEAT) --concurrency 2 --loglevel WARNING & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(BIN)/gunicorn -c gunicorn.conf.py; }

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the lock files after changing pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --python-version 3.11 -o requirements/base.lock
	uv pip compile pyproject.toml --extra test --python-version 3.11 -o requirements/dev.lock

# Refresh the translation catalogues after changing user-facing strings.
messages: install
	$(BIN)/python manage.py makemessages -l id --ignore=.venv --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

# Search latency on 100,000 generated stories (creates the PostgreSQL database newsroom_bench_search).
bench-search: install
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles tests/artifacts .serve-secret

# Lighthouse 12 scores of the home and an article page of a running site (make run first).
lighthouse:
	bench/lighthouse.sh $(BASE_URL)

# The load benchmark (not part of `make test`): PostgreSQL + Redis + gunicorn + wrk on loopback.
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/run.py
