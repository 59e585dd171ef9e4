"""Where a reader goes after signing in or resetting a password (the forms' ?next=)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path, override

# The pages of signing in itself: going back to one after it shows its form again.
SIGNING_IN_PAGES = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
}


def safe_next(request, url):
    """`url` if it stays on this site and is not a page of signing in, else ""."""
    if (
        url
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and not leads_back_to_signing_in(url)
    ):
        return url
    return ""


def _resolved(url):
    path = urlsplit(url).path
    # Addresses resolve in the language they carry (the default one has no prefix).
    with override(get_language_from_path(path) or settings.LANGUAGE_CODE):
        try:
            return resolve(path)
        except Resolver404:
            return None


def is_admin_url(url):
    """Whether `url` leads into the admin, in whichever language's prefix (/admin/, /en/admin/)."""
    match = _resolved(url)
    return match is not None and match.app_name == "admin"


def leads_back_to_signing_in(url):
    """Whether `url` is the login, logout or lost-password page (/akun/masuk/, /en/akun/...):
    the header's login link carries the page it is on, and on those pages that is itself."""
    match = _resolved(url)
    return (
        match is not None and match.namespace == "accounts" and match.url_name in SIGNING_IN_PAGES
    )
