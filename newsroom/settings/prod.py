"""Production: every secret and host comes from the environment, or the process refuses to start."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

# TRUSTED_PROXIES too: behind a proxy, 0 would make every reader one address (one lockout,
# one flood limit, one view for all); in front of readers, 1 would believe what they forge.
for required in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "TRUSTED_PROXIES"):
    if not os.environ.get(required):
        raise ImproperlyConfigured(f"Set the {required} environment variable for production.")

DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405

if os.environ.get("REDIS_URL"):
    CACHES = redis_caches(os.environ["REDIS_URL"])  # noqa: F405
    # Shared by every worker and server: sessions and accounts may keep a copy there.
    NEWSROOM_SESSION_CACHE_SECONDS = NEWSROOM_ACCOUNT_CACHE_SECONDS = 300

# The task queue's broker: Redis (another database than the cache's, by CELERY_BROKER_URL).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL

if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1") == "1"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Secure cookies need HTTPS; SECURE_COOKIES=0 only for `make serve` on plain-HTTP loopback.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = (
    os.environ.get("SECURE_COOKIES", "1") == "1"
)
