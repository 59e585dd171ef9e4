from functools import lru_cache

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import translate_url
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override, pgettext

from articles import personal_parts, search

register = template.Library()


@register.filter
def in_unit_zone(value, unit):
    """'Kamis, 26 April 2018 10.15 WITA': a UTC time as the unit's readers read it."""
    if not value:
        return ""
    local = timezone.localtime(value, unit.zone)
    day, clock_format = _day_and_clock_format(local.date(), get_language())
    return f"{day} {time_format(local, clock_format)} {unit.tz_label}"


@lru_cache(maxsize=4096)
def _day_and_clock_format(day, language):
    """'Kamis, 26 April 2018' and the clock's format, for a date in a language: a comment
    thread repeats a handful of days, and translating the names was most of a timestamp's cost."""
    with override(language):
        return date_format(day, "l, j F Y"), pgettext("clock time format", "H:i")


@register.filter
def short_date(value, unit):
    if not value:
        return ""
    return date_format(timezone.localtime(value, unit.zone), "j M Y")


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def csrf_field(context):
    """The CSRF field of a form on a public page.

    A page that may be stored in the shared page cache gets an empty field that
    static/js/site.js fills from the token endpoint before the form is sent; any other page
    (personal, or never cached like the comment page) gets the token itself.
    """
    request = context["request"]
    # The context's token where there is one: one masked token per page, not one per form.
    token = ""
    if not getattr(request, "page_may_be_shared", False):
        token = context.get("csrf_token") or get_token(request)
    field = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
    # A personal part of its own, so a personal copy of a shared page gets the token itself.
    return mark_safe(personal_parts.wrap(request, personal_parts.CSRF_FIELD, field))  # noqa: S308


@register.simple_tag(takes_context=True)
def this_page_in(context, language_code):
    """The current page's address in another language (the language lives in the URL)."""
    return translate_url(context["request"].get_full_path(), language_code)


@register.simple_tag
def search_title(article, query):
    """The result's title with the matched words marked; everything else escaped."""
    return search.title_for(article, query)


@register.simple_tag
def search_snippet(article, query):
    """An extract of the story around the matched words, marked; everything else escaped."""
    return search.snippet_for(article, query)


@register.simple_tag
def content_lang():
    """` lang="id"` on what the newsroom writes (titles, leads, bodies, captions) when the page
    around it is in another language (/en/), so a screen reader reads it as Indonesian."""
    if get_language() == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)
