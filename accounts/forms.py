from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import User


class PortalFormMixin:
    """Labels as the portal writes them (no colon), and focus on the first field in error.

    Django already ties each field's errors to it with aria-describedby and marks it
    aria-invalid; this moves the autofocus there after a failed submit.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def full_clean(self):
        super().full_clean()
        if not self.errors:
            return
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)
        first = next((name for name in self.fields if name in self.errors), None)
        if first is None and self.non_field_errors():
            first = next(iter(self.fields))
        if first is not None:
            self.fields[first].widget.attrs["autofocus"] = True


class LoginForm(PortalFormMixin, auth_forms.AuthenticationForm):
    """Username or email, password and "Remember me", with one error for every failure."""

    error_messages = {
        # One message whatever went wrong, so it never tells whether an account exists.
        "invalid_login": _("Username/email or password is incorrect."),
        "inactive": _("Username/email or password is incorrect."),
    }

    remember_me = forms.BooleanField(label=_("Remember me"), required=False)

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Username or email")
        username.max_length = 254
        # Django's field only advertises the length; enforce it before the lockout records
        # the attempt (its username column holds 255 characters).
        username.validators.append(MaxLengthValidator(254))
        username.widget.attrs.update(maxlength=254, autocomplete="username")

    def full_clean(self):
        super().full_clean()
        if self.non_field_errors():
            # The shared error describes both fields; screen readers announce it on focus.
            for name in ("username", "password"):
                self.fields[name].widget.attrs.update(
                    {"aria-describedby": "login-errors", "aria-invalid": "true"}
                )


class PasswordResetRequestForm(PortalFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class SetNewPasswordForm(PortalFormMixin, auth_forms.SetPasswordForm):
    """Django's validators (minimum 10 characters in settings) on the new password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].widget.attrs["autofocus"] = True


class PasswordChangeForm(PortalFormMixin, auth_forms.PasswordChangeForm):
    """The current password is checked by authenticate(), so wrong guesses count toward the
    login lockout like any other: a borrowed or stolen session cannot try them freely."""

    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class DisplayNameForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]


class StaffPasswordForm(auth_forms.AdminPasswordChangeForm):
    """The admin's "change password" form for a staff member's account. Django writes its help
    text once, when it is imported, and so in English whatever the desk's language."""

    @property
    def usable_password_help_text(self):
        return format_lazy(
            '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
            auth_forms.SetUnusablePasswordMixin.usable_password_help_text,
            _("If disabled, the current password for this user will be lost."),
        )
