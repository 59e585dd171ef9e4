from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from . import navigation


def site(request):
    """Site identity and the section navigation shown in every page header."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_domain": settings.NEWSROOM_SITE_DOMAIN,
        "site_description": _(
            "News from the public-relations divisions of the Indonesian National Police, "
            "from Mabes Polri to every Polsek."
        ),
        # Looked up only by templates that show it: not by a page's personal parts alone.
        "nav_categories": SimpleLazyObject(navigation.sections),
    }
