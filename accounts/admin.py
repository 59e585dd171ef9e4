from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "display_name", "email", "unit", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "unit__level"]
    search_fields = ["username", "display_name", "first_name", "last_name", "email"]
    autocomplete_fields = ["unit"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Newsroom"), {"fields": ["display_name", "public_slug", "unit"]}),
    )
