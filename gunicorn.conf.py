"""Gunicorn for `make serve`: production settings behind a load balancer or on loopback.

Workers: 2 × cores + 1 sync-style processes, each with a few threads so that one slow
database or SMTP call does not stall a whole worker. On this 2-core machine: 5 × 2.
Override with WEB_CONCURRENCY / GUNICORN_THREADS.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:" + os.environ.get("PORT", "8000"))
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = 5000
max_requests_jitter = 500
timeout = 30
# Idle keep-alive connections stay open longer than a client (or a load balancer) waits between
# requests; with gunicorn's default of 2 s a reused connection raced its close (bench/load.py).
keepalive = 75
graceful_timeout = 20
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
wsgi_app = "newsroom.wsgi:application"
