from django.conf import settings
from django.contrib.auth.models import AnonymousUser


def viewer(request):
    """The signed-in user for page templates, read only when a session cookie exists.

    Reading `request.user` loads the session and marks the response `Vary: Cookie`; anonymous
    readers carry no session cookie, so their pages stay shareable by the page cache.
    """
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return {"viewer": request.user}
    return {"viewer": AnonymousUser()}
