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
# Recycle workers now and then so a slow leak can never grow without bound. Rarely: a busy
# worker reached 5,000 requests within seconds under load, and each recycle showed up as a
# second-long stall in the benchmark's p99.
max_requests = 50000
max_requests_jitter = 5000
# Load Django once in the master: workers fork ready (a recycle costs milliseconds, not an
# import of the whole project) and share the imported code's memory. Nothing opens a database
# or Redis connection at import time, so no connection is shared across the fork.
preload_app = True
# Heartbeat files in memory, not on a disk that may stall (gunicorn's advice for containers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
timeout = 30
# Idle keep-alive connections stay open longer than a client (or a load balancer) waits between
# requests; with gunicorn's default of 2 s a reused connection raced its close (bench/load.py).
keepalive = 75
graceful_timeout = 20
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
wsgi_app = "newsroom.wsgi:application"
