"""Outages a reader or an editor can wait out answer with a clear page, not a 500.

A database outage (PostgreSQL restarting, failing over) is a 503 with Retry-After; a full
disk is a 507 saying nothing was saved. Installed as the project's handler500: Django calls
it for every uncaught exception, inside the `except` block, so the exception is at hand.
The pages are static (no template context: the session and the viewer need the database
too); every other error keeps the ordinary 500 page.
"""

import errno
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 30


def is_database_outage(exception):
    return isinstance(exception, (OperationalError, InterfaceError))


def is_disk_full(exception):
    return isinstance(exception, OSError) and exception.errno in (errno.ENOSPC, errno.EDQUOT)


def server_error(request):
    exception = sys.exc_info()[1]
    if is_disk_full(exception):
        response = HttpResponse(render_to_string("507.html"), status=507)
        response["Cache-Control"] = "no-store"
        return response
    if is_database_outage(exception):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
