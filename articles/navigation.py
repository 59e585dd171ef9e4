"""The header's section navigation, kept in the cache: one query per site, not one per page."""

from django.core.cache import cache

from . import pagecache
from .models import Category

SECTIONS_KEY = "navigation:sections"
SECTIONS_SECONDS = 3600


def sections():
    return pagecache.remembered(
        SECTIONS_KEY, lambda: list(Category.objects.all()), SECTIONS_SECONDS
    )


def forget_sections():
    """Call after adding, renaming, reordering or removing a category."""
    pagecache.safely(cache.delete, SECTIONS_KEY)
