"""The fault tests' site (tests/faults/): production-like connections, test-like everything else.

Persistent connections with health checks, as in production, over DATABASE_URL; a Redis
cache when REDIS_URL is set, ignoring its failures as production does.
"""

import os

from .test import *  # noqa: F403

# A real queue when the test gives a broker (the worker fault test).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405
# Copies of sessions and accounts only in a cache the servers share, as in production.
NEWSROOM_SESSION_CACHE_SECONDS = NEWSROOM_ACCOUNT_CACHE_SECONDS = 0
if os.environ.get("REDIS_URL"):
    CACHES = redis_caches(os.environ["REDIS_URL"])  # noqa: F405
    NEWSROOM_SESSION_CACHE_SECONDS = NEWSROOM_ACCOUNT_CACHE_SECONDS = 300

if os.environ.get("SCHEDULED_COMMANDS_EVERY"):  # seconds: the beat test cannot wait a minute
    NEWSROOM_SCHEDULED_COMMANDS = dict.fromkeys(  # noqa: F405
        NEWSROOM_SCHEDULED_COMMANDS,  # noqa: F405
        float(os.environ["SCHEDULED_COMMANDS_EVERY"]),
    )
    CELERY_BEAT_SCHEDULE = beat_schedule(NEWSROOM_SCHEDULED_COMMANDS)  # noqa: F405

if os.environ.get("EMAIL_PORT"):  # a local SMTP server the test controls
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = "127.0.0.1"
    EMAIL_PORT = int(os.environ["EMAIL_PORT"])
