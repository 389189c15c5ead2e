#!/usr/bin/env bash
# The production layout on one machine: collectstatic, migrate, then gunicorn on
# 127.0.0.1:${PORT:-8000} (static files by WhiteNoise) and ${TASK_WORKERS:-1} db_worker
# process(es) for the background PDF renders. PostgreSQL and Redis must be running.
#
#   scripts/serve.sh            # web + worker(s)           (make serve)
#   scripts/serve.sh web        # only gunicorn             (e.g. PORT=8001 WORKERS=2)
#   scripts/serve.sh worker     # only db_worker(s)         (on another machine)
#
# Every setting comes from the environment (.env.example; a file named by ENV_FILE, default
# .env, is read first when it exists). Without SECRET_KEY a random one is kept in
# var/secret_key, so processes of this checkout agree on it (signed PDF links, sessions).
set -euo pipefail
cd "$(dirname "$0")/.."
role="${1:-all}"

if [ -f "${ENV_FILE:-.env}" ]; then set -a; . "${ENV_FILE:-.env}"; set +a; fi
mkdir -p var
if [ -z "${SECRET_KEY:-}" ] && [ -z "${SECRET_KEY_FILE:-}" ]; then
  [ -s var/secret_key ] || .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
  export SECRET_KEY_FILE="$PWD/var/secret_key"
fi
export DEBUG="${DEBUG:-0}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sujarit}"
export CACHE_URL="${CACHE_URL:-redis://127.0.0.1:6379/1}"
export TASKS_BACKEND="${TASKS_BACKEND:-django_tasks_db.DatabaseBackend}"
# Plain http on loopback: secure cookies would never come back. Behind TLS set it to 1.
export SECURE_COOKIES="${SECURE_COOKIES:-0}"
export PORT="${PORT:-8000}"

py=.venv/bin/python
if [ "${MIGRATE:-1}" = "1" ] && [ "$role" != "worker" ]; then
  $py manage.py collectstatic --noinput -v 0
  $py manage.py migrate --noinput -v 0
  case "$CACHE_URL" in db://*) $py manage.py createcachetable ;; esac
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait || true; }
trap cleanup EXIT INT TERM

if [ "$role" = "all" ] || [ "$role" = "worker" ]; then
  for n in $(seq 1 "${TASK_WORKERS:-1}"); do
    $py manage.py db_worker --no-reload --interval "${WORKER_INTERVAL:-1}" -v 1 \
      --worker-id "$(hostname)-${PORT}-$n" >> "${WORKER_LOG:-var/worker-$PORT-$n.log}" 2>&1 &
    pids+=($!)
  done
fi
if [ "$role" = "all" ] || [ "$role" = "web" ]; then
  .venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi &
  pids+=($!)
fi
echo "serving ($role): http://127.0.0.1:$PORT/  pids ${pids[*]}"
wait -n "${pids[@]}"
