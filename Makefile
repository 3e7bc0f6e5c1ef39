# The README's commands. Everything runs inside .venv, created from requirements.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := app.py

.PHONY: run serve worker test test-suite lint typecheck format bench bench-load screenshots check-system check-system-tests clean

$(BIN)/activate: requirements.txt | check-system
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(BIN)/activate

venv: $(BIN)/activate

# The Debian packages: installed when run as root or with passwordless sudo, else the apt-get line is printed.
check-system:
	@$(PYTHON) scripts/check_system.py

check-system-tests:
	@$(PYTHON) scripts/check_system.py --tests

run: venv check-system
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

# The production server: gunicorn with gunicorn.conf.py, which reads BIND, WORKERS and THREADS from the environment;
# the app reads DATABASE_URL. `make serve BIND=0.0.0.0:8000 WORKERS=4 DATABASE_URL=postgresql://...`
serve: venv check-system
	$(BIN)/flask db upgrade
	$(BIN)/gunicorn --config gunicorn.conf.py

# Background jobs from Redis (REDIS_URL must be set, as for the app): `make worker REDIS_URL=redis://host:6379/0
# DATABASE_URL=postgresql://...`, on this machine or another sharing the database and JOBS_FOLDER.
worker: venv
	$(BIN)/flask worker

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test-suite: venv check-system check-system-tests
	$(BIN)/pytest -n 2 -q

test: check-system-tests lint typecheck test-suite

bench: venv
	$(BIN)/python -m bench.run

# 100 paced virtual users against gunicorn stepping through request rates, on SQLite, then on PostgreSQL: the highest
# rate with no error and every p95 under 300 ms (bench/load.py --help for more).
bench-load: venv
	$(BIN)/python -m bench.load

# Each demo role's main pages at 1366 and 390 px into docs/screenshots/ (Playwright with Debian's chromium).
screenshots: venv check-system-tests
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
