from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "level", "province", "tz_label", "active"]
    list_filter = ["level", "tz_label", "active"]
    search_fields = ["short_name", "name", "province", "hq_city"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent"]

    @admin.display(description=_("unit"), ordering="path")
    def indented_name(self, unit):
        return format_html(
            '<span style="padding-left:{}em">{}</span>', unit.depth * 1.5, unit.short_name
        )
