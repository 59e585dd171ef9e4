# The commands a person types. `make run` and `make test` work on a bare machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed

.PHONY: install run test lint format lock messages clean bench-search

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
	rm -rf $(VENV) db.sqlite3 media staticfiles tests/artifacts
