#!/usr/bin/env bash
# Every check, on PostgreSQL: lint, format, Django's checks, migrations, and the whole pytest
# suite (unit, rendering and browser tests). .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh --browser

export SECRET_KEY="${SECRET_KEY:-tests-only-not-secret}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sujarit}"

echo "== ruff check";           .venv/bin/ruff check .
echo "== ruff format --check";  .venv/bin/ruff format --check .
echo "== lint-imports (layers)"; .venv/bin/lint-imports --no-cache
echo "== mypy";                 .venv/bin/mypy .
echo "== manage.py check";      .venv/bin/python manage.py check
echo "== makemigrations --check"; .venv/bin/python manage.py makemigrations --check --dry-run
echo "== pytest"
# pytest exits 5 when it collected no test: that is a failure here, never a pass.
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ $status -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit $status
