from django.conf import settings

from .models import Category


def site(request):
    """Site identity and the section navigation shown in every page header."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_domain": settings.NEWSROOM_SITE_DOMAIN,
        "nav_categories": Category.objects.all(),
    }
