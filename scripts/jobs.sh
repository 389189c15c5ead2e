#!/usr/bin/env bash
# The scheduled jobs of the notifications (README "Notifications"), for cron or a systemd
# timer (deploy/). Both commands are idempotent (one notice per event, day or ISO week), so
# a second run, a manual run or the same timer on two machines tells nobody twice.
#
#   scripts/jobs.sh daily     # manage.py send_reminders: due-date reminders, overdue notices,
#                             # retry of e-mails that could not be sent
#   scripts/jobs.sh weekly    # manage.py send_digest: the auditors' weekly digest
#
# The environment is read as scripts/serve.sh reads it (ENV_FILE, default .env).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f "${ENV_FILE:-.env}" ]; then set -a; . "${ENV_FILE:-.env}"; set +a; fi
if [ -z "${SECRET_KEY:-}" ] && [ -z "${SECRET_KEY_FILE:-}" ] && [ -s var/secret_key ]; then
  export SECRET_KEY_FILE="$PWD/var/secret_key"
fi
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sujarit}"
export CACHE_URL="${CACHE_URL:-redis://127.0.0.1:6379/1}"

case "${1:-}" in
  daily) exec .venv/bin/python manage.py send_reminders ;;
  weekly) exec .venv/bin/python manage.py send_digest ;;
  *) echo "usage: scripts/jobs.sh daily|weekly" >&2; exit 2 ;;
esac
