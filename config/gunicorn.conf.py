"""gunicorn settings for Sujarit (``gunicorn -c config/gunicorn.conf.py config.wsgi``).

Everything can be overridden from the environment: PORT / BIND, WORKERS, THREADS, TIMEOUT,
MAX_REQUESTS, ACCESS_LOG. The defaults suit one web machine; add machines rather than
threads (README "Production").
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


bind = os.environ.get("BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{_int('PORT', 8000)}"
# Sync workers: the pages are CPU-bound template renders over short queries, so one process
# per core plus one (to cover a worker waiting on PostgreSQL) keeps every core busy.
workers = _int("WORKERS", multiprocessing.cpu_count() + 1)
threads = _int("THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
# A page never takes this long; a PDF over the synchronous threshold goes to db_worker.
timeout = _int("TIMEOUT", 30)
graceful_timeout = _int("GRACEFUL_TIMEOUT", 30)
keepalive = _int("KEEPALIVE", 5)
# Recycle workers now and then (WeasyPrint and lxml keep memory), staggered by the jitter.
# A recycled worker is forked warm from the master (see when_ready), so this costs little.
max_requests = _int("MAX_REQUESTS", 10000)
max_requests_jitter = _int("MAX_REQUESTS_JITTER", 1000)
# Load the app before forking: workers share its memory, and a broken deploy fails at once.
preload_app = os.environ.get("PRELOAD", "1") not in ("0", "false", "no")
accesslog = os.environ.get("ACCESS_LOG", "-") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = os.environ.get("PROC_NAME", "sujarit")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    # The app is loaded in the master (preload_app): compile templates, load translations
    # and URLs once there, so that every worker, recycled ones too, is forked warm.
    if preload_app:
        from config.warmup import warm

        warm()


def post_worker_init(worker):
    # Before this worker accepts a connection: a few requests to itself (WARMUP_URLS).
    if os.environ.get("WARMUP_URLS", "/,/dashboard/"):
        from config.warmup import warm_worker

        warm_worker(worker.wsgi)


def post_fork(server, worker):
    # Connections opened while preloading (none by default) must not be shared across forks.
    from django.db import connections

    connections.close_all()


# gunicorn 24+ opens a control socket at one fixed path per user: several servers on one
# machine (a second web process on another port) would fight over it.
control_socket_disable = True
