from django.conf import settings

from . import navigation


def site(request):
    """Site identity and the section navigation shown in every page header."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_domain": settings.NEWSROOM_SITE_DOMAIN,
        "nav_categories": navigation.sections(),
    }
