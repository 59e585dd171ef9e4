import contextvars

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from articles.pagecache import reading_ahead

# True while a GET or HEAD request is served: only such a request may be given a cached copy
# of its account (accounts/backends.py), so whatever saves `request.user` saves a row read from
# the database.
request_only_reads = contextvars.ContextVar("request_only_reads", default=False)


class ReadingRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads_only = request.method in ("GET", "HEAD")
        token = request_only_reads.set(reads_only)
        try:
            if not reads_only:
                return self.get_response(request)
            # The account's copy brings what the page will ask next (accounts/backends.py).
            with reading_ahead():
                return self.get_response(request)
        finally:
            request_only_reads.reset(token)


class StaffTimeZoneMiddleware:
    """In the admin, times are typed and shown in the zone of the staff member's unit (WITA in
    Makassar, WIT in Jayapura), not the server's WIB: a story an editor schedules for 10.00
    goes live at 10.00 where they are. Public pages name each story's own zone instead."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefixes = None

    def __call__(self, request):
        if self.admin_prefixes is None:
            # The admin's address in every language (/admin/, /en/admin/), worked out once.
            self.admin_prefixes = tuple(admin_prefix(code) for code, _name in settings.LANGUAGES)
        if request.path.startswith(self.admin_prefixes):
            user = request.user
            if user.is_authenticated and user.is_staff and user.unit_id is not None:
                with timezone.override(user.unit.zone):
                    return self.get_response(request)
        return self.get_response(request)


def admin_prefix(language):
    with translation.override(language):
        return reverse("admin:index")
