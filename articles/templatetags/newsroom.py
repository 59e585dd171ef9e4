from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import pgettext

from articles import search

register = template.Library()


@register.filter
def in_unit_zone(value, unit):
    """'Kamis, 26 April 2018 10.15 WITA': a UTC time as the unit's readers read it."""
    if not value:
        return ""
    local = timezone.localtime(value, unit.zone)
    day = date_format(local, "l, j F Y")
    clock = time_format(local, pgettext("clock time format", "H:i"))
    return f"{day} {clock} {unit.tz_label}"


@register.filter
def short_date(value, unit):
    if not value:
        return ""
    return date_format(timezone.localtime(value, unit.zone), "j M Y")


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.simple_tag
def search_title(article, query):
    """The result's title with the matched words marked; everything else escaped."""
    return search.title_for(article, query)


@register.simple_tag
def search_snippet(article, query):
    """An extract of the story around the matched words, marked; everything else escaped."""
    return search.snippet_for(article, query)
