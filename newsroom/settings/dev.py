"""Local development: the runserver on SQLite (or DATABASE_URL), emails on the console."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# The local-memory cache is per process, so `flush_view_counts` cannot see it: write each
# counted view at once in development, and show it at once, so the most-read block fills
# while you click.
NEWSROOM_VIEW_FLUSH_THRESHOLD = 1
NEWSROOM_COUNTS_REFRESH_SECONDS = 0
