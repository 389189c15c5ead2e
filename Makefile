.PHONY: demo test install lint format

# Install everything and serve the demo on http://127.0.0.1:8000 (SQLite).
demo:
	scripts/demo.sh

# Install everything and run every check on PostgreSQL (what CI runs).
test:
	scripts/test.sh

install:
	scripts/install.sh --browser

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .
