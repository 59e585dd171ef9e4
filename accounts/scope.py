"""A staff member's scope: their unit and every unit beneath it. Written once, used everywhere."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from units.models import Unit

EVERY_UNIT = ""  # the path prefix every unit starts with


def scope_path(user):
    """The unit-path prefix a staff member may work under: EVERY_UNIT for all, None for none."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return None
    if user.is_superuser:
        return EVERY_UNIT
    if user.unit_id is None:
        return None
    return user.unit.path


def sees_every_unit(user):
    """Superusers and Mabes Polri staff (the root of the tree) see the whole country."""
    path = scope_path(user)
    return path == EVERY_UNIT or (path is not None and user.unit.parent_id is None)


def units_in_scope(user):
    """The units a staff member may choose: for unit fields, filters and autocompletes."""
    path = scope_path(user)
    if path is None:
        return Unit.objects.none()
    return Unit.objects.filter(path__startswith=path) if path else Unit.objects.all()


class ScopedAdminMixin:
    """For a ModelAdmin whose get_queryset is scoped: an object outside the user's scope
    is a 404, never Django's redirect-with-message that tells it exists."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Not found in your units."))
        return obj


class NationalAdminMixin:
    """For a ModelAdmin of something every unit shares (tags, sections, the comment rules, the
    word lists): a change there changes other units' pages, so only national staff (Mabes
    Polri, superusers) with the permission add, change or delete; staff of a Polda or below
    may only look."""

    def has_add_permission(self, request, *args):
        return sees_every_unit(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return sees_every_unit(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return sees_every_unit(request.user) and super().has_delete_permission(request, obj)
