"""Settings shared by every environment; each value that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "taggit",
    "imagekit",
    "axes",
    "reversion",
    "reversion_compare",
    "django_prose_editor",
    "csp",
    "units",
    "accounts",
    "articles",
    "comments",
    "outbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers' cached pages are answered here, before sessions, CSRF and auth.
    "articles.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Before auth: a GET's account may be a cached copy (accounts/backends.py), a POST's never.
    "accounts.middleware.ReadingRequestMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.StaffTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "articles.csp.NewsroomCSPMiddleware",
    # Last, as django-axes requires: it turns a lockout into the login page's refusal.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.viewer",
                "articles.context_processors.site",
            ],
        },
    },
]

# SQLite is the embedded default so a bare machine can run the site; CI and
# production point DATABASE_URL at PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# Django's forms read a choice list through a server-side cursor (DECLARE, FETCH, CLOSE): ~0.7
# ms more per <select> on PostgreSQL than one plain query, and it breaks behind PgBouncer in
# transaction mode. Nothing here streams a result too large to fetch at once.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: one login by username or email behind django-axes' lockout; Argon2 first
# (older hashes are upgraded on the next login).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UsernameOrEmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "articles:home"
LOGOUT_REDIRECT_URL = "articles:home"
# Django's database sessions, with a copy in the shared cache (accounts/sessions.py), and the
# signed-in account likewise (accounts/backends.py): how long a copy may be read before the
# database is asked again, which bounds how long one may outlive a change made while Redis
# was failing. 0: no copies. Copies need a cache every server process shares (a logout must
# reach them all), so they are on only with Redis (prod.py) and in the one-process test suite.
SESSION_ENGINE = "accounts.sessions"
NEWSROOM_SESSION_CACHE_SECONDS = NEWSROOM_ACCOUNT_CACHE_SECONDS = 0
# A session ends with the browser unless "Remember me" asks for two weeks.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = int(timedelta(days=14).total_seconds())
PASSWORD_RESET_TIMEOUT = 3600
NEWSROOM_RESET_REQUESTS_PER_HOUR = 5  # per address and per email, silently
# 5 failures for one account or from one address within 15 minutes lock it for 15 minutes.
# How many reverse proxies stand in front of the app (accounts/addresses.py): 0 when
# gunicorn faces readers, 1 behind a load balancer, 2 behind a CDN and a load balancer.
NEWSROOM_TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.addresses.client_ip"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the announced time stays true
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
# The project's own messages, then Indonesian for libraries that ship none (see its header).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-vendored"]
USE_I18N = True
USE_TZ = True
# Stored in UTC; the national zone (WIB) bounds date archives and the admin. Stories show their unit's zone.
TIME_ZONE = "Asia/Jakarta"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "articles.storage.NoPartialFilesStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Local memory in development and tests (Redis in production). Pending view counts live
# here until flushed, so it holds more than locmem's default 300 entries.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
}


def redis_caches(url):
    """The shared cache in production: Redis down or stalled means pages served uncached,
    within half a second, never an error."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }


# Flash messages in a cookie, not the session: reading them must not touch the session
# (that would add `Vary: Cookie` to every public page and defeat the page cache).
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
# Cookies that make a request personal: such requests bypass the shared page cache.
NEWSROOM_PERSONAL_COOKIES = ["komentar_tertunda", "komentar_penulis"]  # comments/cookies.py
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
NEWSROOM_SERVE_MEDIA = os.environ.get("NEWSROOM_SERVE_MEDIA") == "1"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Humas Polri <noreply@localhost>")
EMAIL_TIMEOUT = 10

# The task queue (newsroom/celery.py): Celery on Redis in production, run in-process when no
# broker is set. A job is acknowledged only when it has finished, so a worker killed mid-job
# leaves it to run again (after the visibility timeout); delivery itself is idempotent
# (outbox.tasks.deliver).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A job not acknowledged within the visibility timeout (its worker died) is handed out again;
# workers look for such jobs every `unacked_restore_interval` seconds.
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "900"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": min(10, CELERY_VISIBILITY_TIMEOUT),
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With the broker down, a request gives up queueing within a second and falls back.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}

# The jobs that keep the site current (command → every how many seconds), run by Celery beat
# from one place: `make serve` starts it inside its worker; with several app servers run one
# `celery -A newsroom beat` beside one of them (newsroom/celery.py). Each job claims its own
# work, so a late or overlapping run does nothing twice; a run still queued when the next one
# is due is dropped.
NEWSROOM_SCHEDULED_COMMANDS = {
    "publish_scheduled": 60,  # scheduled stories: hooks run and pages purged once they are live
    "send_comment_digests": 60,
    "flush_view_counts": 60,
    "send_pending_resets": 60,
    "send_pending_email": 300,
}


def beat_schedule(commands):
    return {
        command: {
            "task": "newsroom.run_scheduled_command",
            "schedule": seconds,
            "args": (command,),
            "options": {"expires": seconds},
        }
        for command, seconds in commands.items()
    }


CELERY_BEAT_SCHEDULE = beat_schedule(NEWSROOM_SCHEDULED_COMMANDS)

TAGGIT_CASE_INSENSITIVE = True

# Renditions are made by the task queue when a source image is saved, never in a request.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "articles.renditions.Queued"
IMAGEKIT_CACHEFILE_DIR = "renditions"

# The portal's identity: the source line that opens every story body.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Tribrata News")
NEWSROOM_SITE_DOMAIN = os.environ.get("NEWSROOM_SITE_DOMAIN", "tribratanews.polri.go.id")
NEWSROOM_PAGE_SIZE = 12
# Story views wait in the cache and reach the database in batches (articles/viewcounts.py):
# every minute through `manage.py flush_view_counts`, or at once when this many are pending.
NEWSROOM_VIEW_FLUSH_THRESHOLD = int(os.environ.get("NEWSROOM_VIEW_FLUSH_THRESHOLD", "1000"))
# Pages showing view counts (home, units, articles) are purged for new counts at most this
# often, not on every flush (articles/viewcounts.py); 0 purges them on every flush.
NEWSROOM_COUNTS_REFRESH_SECONDS = int(os.environ.get("NEWSROOM_COUNTS_REFRESH_SECONDS", "300"))

# The desk: what a featured-image upload may be (checked by content, not by name).
NEWSROOM_IMAGE_MAX_BYTES = 10 * 1024 * 1024
NEWSROOM_IMAGE_MAX_PIXELS = 40_000_000  # 40 megapixels, far above any press photo
# Revision diffs compare a story's unit, category and author by id (they are not versioned).
REVERSION_COMPARE_FOREIGN_OBJECTS_AS_ID = True

# Security headers on every response (prod adds HSTS and secure cookies). No inline scripts
# anywhere: JSON-LD data blocks are not executed, and the admin's one inline script (the
# editor's import map) is allowed by its hash (articles/csp.py). Styles allow 'unsafe-inline'
# because django-reversion-compare's diff page and Django admin templates carry inline
# <style> blocks and style="" attributes; a style cannot run code.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *env_list("CSP_IMG_SOURCES")],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
