#!/usr/bin/env bash
# The demo: install, migrate a SQLite database, import the demo documents shipped under
# data/seeds/, create demo logins, print them, and serve on http://127.0.0.1:8000.
# A background worker (django-tasks' database backend) renders large PDFs beside the server,
# as production does on other machines.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh

export DEBUG=1
export SECRET_KEY="${SECRET_KEY:-demo-only-not-secret}"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$(pwd)/var/demo.sqlite3}"
export TASKS_BACKEND="${TASKS_BACKEND:-django_tasks_db.DatabaseBackend}"
mkdir -p var

.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py demo_setup
# The worker sends the notification e-mails too: the console backend prints them here.
.venv/bin/python manage.py db_worker --no-reload --interval 0.5 -v 0 2> var/worker.log &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
# The scheduled jobs once (production runs them from cron or a systemd timer:
# scripts/jobs.sh): reminders and overdue notices, the auditors' weekly digest. A second run
# sends nothing new.
.venv/bin/python manage.py send_reminders
.venv/bin/python manage.py send_digest
.venv/bin/python manage.py runserver 127.0.0.1:8000
