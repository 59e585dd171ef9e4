"""The header's section navigation, kept in the cache: one query per site, not one per page."""

import logging

from django.core.cache import cache

from .models import Category

logger = logging.getLogger(__name__)
SECTIONS_KEY = "navigation:sections"
SECTIONS_SECONDS = 3600


def sections():
    try:
        found = cache.get(SECTIONS_KEY)
    except Exception:  # a cache outage costs a query, never the page
        logger.warning("Section navigation not read from the cache", exc_info=True)
        found = None
    if found is None:
        found = list(Category.objects.all())
        try:
            cache.set(SECTIONS_KEY, found, SECTIONS_SECONDS)
        except Exception:
            logger.warning("Section navigation not stored in the cache", exc_info=True)
    return found


def forget_sections():
    """Call after adding, renaming, reordering or removing a category."""
    try:
        cache.delete(SECTIONS_KEY)
    except Exception:
        logger.warning("Section navigation not dropped from the cache", exc_info=True)
