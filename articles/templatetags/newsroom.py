from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import pgettext

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
