from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import TreeOrder


class UnitAdmin(admin.ModelAdmin):
    """The hierarchy as an indented tree. Units are deactivated, not deleted: a deactivated
    unit leaves the public navigation and keeps its stories and staff.

    Registered by articles/admin.py, which knows each staff member's scope and which public
    pages show a unit (units imports none of the other apps).
    """

    list_display = ["indented_name", "level", "province", "tz_label", "active"]
    list_filter = ["level", "tz_label", "active"]
    search_fields = ["short_name", "name", "province", "hq_city"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent"]
    list_per_page = 200
    actions = ["deactivate", "activate"]

    def units_changed(self, request, units):
        """Hook for what must follow a change to these units (the registering app purges pages)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.units_changed(request, [obj])

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    @admin.display(description=_("unit"), ordering=TreeOrder())
    def indented_name(self, unit):
        return format_html(
            '<span style="padding-left:{}em">{}</span>', unit.depth * 1.5, unit.short_name
        )

    @admin.action(description=_("Deactivate selected units"), permissions=["change"])
    def deactivate(self, request, queryset):
        units = list(queryset)
        count = queryset.update(active=False)
        self.units_changed(request, units)
        self.message_user(
            request,
            ngettext(
                "%(count)d unit deactivated: hidden from the public navigation, "
                "its stories and staff kept.",
                "%(count)d units deactivated: hidden from the public navigation, "
                "their stories and staff kept.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reactivate selected units"), permissions=["change"])
    def activate(self, request, queryset):
        units = list(queryset)
        count = queryset.update(active=True)
        self.units_changed(request, units)
        self.message_user(
            request,
            ngettext("%(count)d unit reactivated.", "%(count)d units reactivated.", count)
            % {"count": count},
            messages.SUCCESS,
        )
