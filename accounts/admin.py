from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from . import emails
from .forms import StaffPasswordForm
from .lockout import reset_lockouts
from .models import User
from .scope import ScopedAdminMixin, scope_path, sees_every_unit, units_in_scope


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "display_name", "email", "unit", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "unit__level"]
    search_fields = ["username", "display_name", "first_name", "last_name", "email"]
    autocomplete_fields = ["unit"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Newsroom"), {"fields": ["display_name", "public_slug", "unit"]}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Newsroom"), {"fields": ["email", "display_name", "unit"]}),
    )
    actions = ["send_invitation", "clear_lockouts"]
    change_password_form = StaffPasswordForm

    @admin.action(description=_("Send a “set your password” invitation"), permissions=["change"])
    def send_invitation(self, request, queryset):
        base_url = f"{request.scheme}://{request.get_host()}"
        invited = skipped = 0
        for user in queryset:
            if not user.email or not user.is_active:
                skipped += 1
                continue
            emails.send_invitation(user, base_url=base_url, language=get_language())
            invited += 1
        if invited:
            self.message_user(
                request,
                ngettext(
                    "Sent an invitation to %(count)d user.",
                    "Sent invitations to %(count)d users.",
                    invited,
                )
                % {"count": invited},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d user was skipped: no email address or not active.",
                    "%(count)d users were skipped: no email address or not active.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Clear login lockouts"), permissions=["change"])
    def clear_lockouts(self, request, queryset):
        for user in queryset:
            reset_lockouts(user)
        self.message_user(request, _("Login lockouts cleared for the selected users."))

    def get_queryset(self, request):
        """Administrators of a unit manage the staff of their subtree; readers stay national."""
        users = super().get_queryset(request)
        if sees_every_unit(request.user):
            return users
        path = scope_path(request.user)
        return users.filter(unit__path__startswith=path) if path else users.none()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = units_in_scope(request.user)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "unit" and not sees_every_unit(request.user):
            # A user without a unit is outside every unit's scope: the administrator who
            # added them could never open them again.
            field.required = True
        return field

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only a superuser hands out superuser status or permissions outside the roles.
            readonly += ["is_superuser", "user_permissions"]
        return readonly
