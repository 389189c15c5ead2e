#!/usr/bin/env bash
# The demo: install, migrate a SQLite database, import the demo documents shipped under
# data/seeds/, create demo logins, print them, and serve on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh

export DEBUG=1
export SECRET_KEY="${SECRET_KEY:-demo-only-not-secret}"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$(pwd)/var/demo.sqlite3}"
# The demo renders PDFs in-process; production runs `manage.py db_worker` with the DB backend.
export TASKS_BACKEND="${TASKS_BACKEND:-django_tasks.backends.immediate.ImmediateBackend}"
mkdir -p var

.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py demo_setup
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
