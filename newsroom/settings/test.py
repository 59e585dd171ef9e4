"""The test suite: fast hashing, local-memory cache, mail kept in the outbox."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# One process (the live server's threads included) shares the local-memory cache: sessions and
# accounts keep their copies there as in production.
NEWSROOM_SESSION_CACHE_SECONDS = NEWSROOM_ACCOUNT_CACHE_SECONDS = 300
# Tasks run at once, in the test, whatever the environment says.
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A test database in a file (in memory, under /dev/shm), not SQLite's shared in-memory one:
    # with that, every thread of the browser tests' live server shares the test's single
    # connection, and two overlapping requests could hang the run. With a file each thread has
    # its own connection and SQLite's locking (waiting up to 20 s) takes turns. pytest-xdist
    # gives each worker its own file.
    _shm = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    DATABASES["default"]["TEST"] = {"NAME": str(_shm / f"newsroom-test-{os.getuid()}.sqlite3")}  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20  # noqa: F405
