"""How django-axes counts failed logins here, and what a locked-out person sees."""

import math

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Q
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import ngettext

from .forms import LoginForm
from .redirects import safe_next


def lockout_username(request, credentials=None):
    """The typed identifier, trimmed and lower-cased: "Budi" and "budi" share one count.

    A username and its email keep separate counts on purpose: joining them would
    need a lookup, and a lockout that follows the account would tell a stranger
    which email belongs to which username.
    """
    data = credentials if credentials is not None else request.POST
    return (data.get("username") or "").strip().lower() or None


def reset_lockouts(user):
    """Forget the failures counted against this account's own identifiers."""
    for identifier in {user.get_username().lower(), user.email.lower()} - {""}:
        reset(username=identifier)


def locked_until(request, credentials=None):
    """When the newest failure that counts against this identifier or address expires."""
    cool_off = get_cool_off(request)
    now = getattr(request, "axes_attempt_time", None) or timezone.now()
    ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    last = AccessAttempt.objects.filter(
        Q(username=lockout_username(request, credentials)) | Q(ip_address=ip_address),
        attempt_time__gte=now - cool_off,
    ).aggregate(last=Max("attempt_time"))["last"]
    return (last or now) + cool_off


def lockout_message(until):
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    local = timezone.localtime(until)
    clock = f"{formats.time_format(local, 'TIME_FORMAT')} {local.tzname()}"
    return ngettext(
        "Too many failed login attempts. Please try again in %(minutes)d minute, after %(time)s.",
        "Too many failed login attempts. Please try again in %(minutes)d minutes, after %(time)s.",
        minutes,
    ) % {"minutes": minutes, "time": clock}


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, refusing with the time to wait (django-axes' AXES_LOCKOUT_CALLABLE)."""
    context = {
        "form": LoginForm(request),
        "lockout_message": lockout_message(locked_until(request, credentials)),
        "next": safe_next(request, request.POST.get("next")),
    }
    return render(request, "accounts/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
