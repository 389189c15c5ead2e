.PHONY: demo test install lint format serve bench-pages

# Install everything and serve the demo on http://127.0.0.1:8000 (SQLite).
demo:
	scripts/demo.sh

# Install everything and run every check on PostgreSQL (what CI runs).
test:
	scripts/test.sh

# The production layout on one machine: gunicorn on 127.0.0.1:8000 (WhiteNoise for static
# files) and a db_worker, on PostgreSQL and Redis (README "Production"). PORT=8001 WORKERS=2
# scripts/serve.sh web starts another web process beside it.
serve:
	scripts/install.sh
	scripts/serve.sh

# Public pages under load through gunicorn (bench/bench_public_pages.py; builds its database).
bench-pages:
	.venv/bin/python bench/bench_public_pages.py

install:
	scripts/install.sh --browser

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .
