"""A database outage (PostgreSQL restarting, failing over) answers 503 with Retry-After.

Installed as the project's handler500: Django calls it for every uncaught exception, inside
the `except` block, so the exception is at hand. Database connection errors become a short
static page (no template context: the session and the viewer need the database too); every
other error keeps the ordinary 500 page.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 30


def is_database_outage(exception):
    return isinstance(exception, (OperationalError, InterfaceError))


def server_error(request):
    if is_database_outage(sys.exc_info()[1]):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
