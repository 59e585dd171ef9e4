"""The two cookies a commenter may carry. Both are signed and HttpOnly; neither is set unless
the reader posted (and, for their name, asked for it).

Pages that show a held comment to its author read PENDING_COOKIE: a shared page cache must
pass requests carrying it (or a session) straight to Django.
"""

import functools

from django.conf import settings
from django.core import signing
from django.core.signals import setting_changed
from django.dispatch import receiver

PENDING_COOKIE = "komentar_tertunda"
AUTHOR_COOKIE = "komentar_penulis"
PENDING_SALT = "comments.pending"
AUTHOR_SALT = "comments.author"
PENDING_KEPT = 20
PENDING_DAYS = 30
AUTHOR_DAYS = 365


def _cookie_options(request, days):
    return {
        "max_age": days * 24 * 3600,
        "httponly": True,
        "samesite": "Lax",
        "secure": request.is_secure(),
    }


def pending_ids(request):
    """Ids of the held comments this browser posted (its author sees them; nobody else)."""
    if request is None or PENDING_COOKIE not in request.COOKIES:
        return []
    value = request.get_signed_cookie(
        PENDING_COOKIE, default="", salt=PENDING_SALT, max_age=PENDING_DAYS * 24 * 3600
    )
    return [int(part) for part in value.split(",") if part.isdigit()]


def remember_pending(request, response, comment_id):
    ids = [*pending_ids(request), comment_id][-PENDING_KEPT:]
    response.set_signed_cookie(
        PENDING_COOKIE,
        ",".join(map(str, ids)),
        salt=PENDING_SALT,
        **_cookie_options(request, PENDING_DAYS),
    )


def remembered_author(request):
    """Name, email and website saved by "Save my name…", to fill the form again."""
    if request is None or AUTHOR_COOKIE not in request.COOKIES:
        return {}
    # Read once per request: a personal copy asks twice (is the part personal; the form).
    if "_remembered_author" not in request.__dict__:
        try:
            request._remembered_author = _saved_author(request.COOKIES[AUTHOR_COOKIE])
        except (signing.BadSignature, TypeError):
            request._remembered_author = {}
    return dict(request._remembered_author)


@functools.lru_cache(maxsize=512)
def _saved_author(cookie):
    """What a saved-name cookie holds (a pure function of the cookie and the secret key, so
    each process remembers its last readers' instead of checking the signature every page).
    A cookie that is not ours raises, and lru_cache keeps no failure: junk costs no memory."""
    saved = signing.loads(cookie, salt=AUTHOR_SALT)
    if not isinstance(saved, dict):
        raise TypeError("not a saved name")
    fields = ("name", "email", "website")
    return {key: str(saved[key]) for key in fields if saved.get(key)} | {"remember": True}


@receiver(setting_changed)
def _forget_saved_authors(*, setting, **kwargs):
    if setting in ("SECRET_KEY", "SECRET_KEY_FALLBACKS"):
        _saved_author.cache_clear()


def saved_author_cookie(request):
    """The saved-name cookie of a guest (no session), which is all a guest's name fields
    depend on (articles/personal_parts.py `same_for`); None for anyone else."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    return request.COOKIES.get(AUTHOR_COOKIE)


def remember_author(request, response, data):
    value = signing.dumps(
        {key: data.get(key, "") for key in ("name", "email", "website")},
        salt=AUTHOR_SALT,
        compress=True,
    )
    response.set_cookie(AUTHOR_COOKIE, value, **_cookie_options(request, AUTHOR_DAYS))


def forget_author(request, response):
    if AUTHOR_COOKIE in request.COOKIES:
        response.delete_cookie(AUTHOR_COOKIE, samesite="Lax")
