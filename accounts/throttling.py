"""A silent hourly cap on password-reset requests, counted in the cache."""

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def _count(key):
    """Add one to a counter that starts its hour at the first hit."""
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def reset_request_allowed(request, email):
    """Count this request against its address and its email; False once either is over the cap.

    Both counts always move, whether or not the email belongs to an account, so
    the cap itself says nothing about which addresses exist.
    """
    email_key = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    counts = [
        _count(f"password-reset:address:{get_client_ip_address(request)}"),
        _count(f"password-reset:email:{email_key}"),
    ]
    limit = settings.NEWSROOM_RESET_REQUESTS_PER_HOUR
    # A cache that is down answers None: the cap is then off rather than the form.
    return all(count is None or count <= limit for count in counts)
