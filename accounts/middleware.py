from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject


class StaffTimeZoneMiddleware:
    """In the admin, times are typed and shown in the zone of the staff member's unit (WITA in
    Makassar, WIT in Jayapura), not the server's WIB: a story an editor schedules for 10.00
    goes live at 10.00 where they are. Public pages name each story's own zone instead."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = SimpleLazyObject(lambda: reverse("admin:index"))

    def __call__(self, request):
        user = request.user
        if (
            request.path.startswith(str(self.admin_prefix))
            and user.is_authenticated
            and user.is_staff
            and user.unit_id is not None
        ):
            with timezone.override(user.unit.zone):
                return self.get_response(request)
        return self.get_response(request)
