from copy import copy as shallow_copy

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A reader or a humas staff member; staff belong to one regional unit."""

    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("Shown as the author's name on stories and comments."),
    )
    # Public author pages use this slug, never the login name.
    public_slug = models.SlugField(_("public slug"), max_length=80, unique=True, blank=True)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        related_name="staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Staff work within this unit and every unit beneath it."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # One account per address, whatever its case: email logins must be unambiguous.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ci",
                violation_error_message=_("An account with this email address already exists."),
            ),
        ]

    def __str__(self):
        return self.get_display_name()

    def get_display_name(self):
        return self.display_name or self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.public_slug})

    def read_only_copy(self):
        """This account for the shared cache (accounts/backends.py): without its password hash,
        but with what a request asks of it (the session hashes Django checks every request
        against, whether it has a usable password), and refusing to be saved or to check a
        password (what does either must read the account from the database)."""
        copy = shallow_copy(self)
        copy.kept_from_password = {
            "session_hash": self.get_session_auth_hash(),
            "fallback_hashes": list(self.get_session_auth_fallback_hash()),
            "usable": self.has_usable_password(),
        }
        copy.password = ""
        return copy

    @property
    def is_read_only_copy(self):
        return "kept_from_password" in self.__dict__

    def get_session_auth_hash(self):
        if self.is_read_only_copy:
            return self.kept_from_password["session_hash"]
        return super().get_session_auth_hash()

    def get_session_auth_fallback_hash(self):
        if self.is_read_only_copy:
            yield from self.kept_from_password["fallback_hashes"]
        else:
            yield from super().get_session_auth_fallback_hash()

    def has_usable_password(self):
        if self.is_read_only_copy:
            return self.kept_from_password["usable"]
        return super().has_usable_password()

    def check_password(self, raw_password):
        if self.is_read_only_copy:
            raise RuntimeError("A read-only copy of an account has no password; read it anew.")
        return super().check_password(raw_password)

    def save(self, *args, **kwargs):
        if self.is_read_only_copy:
            raise RuntimeError("A read-only copy of an account cannot be saved; read it anew.")
        if not self.public_slug:
            base = slugify(self.display_name or self.get_full_name()) or "penulis"
            self.public_slug = f"{base[:60]}-{get_random_string(6).lower()}"
        super().save(*args, **kwargs)


class PendingPasswordReset(models.Model):
    """A lost-password request taken while the task queue was unreachable, kept as it was
    asked: `manage.py send_pending_resets` looks the address up later. The request itself
    does the same for every address, so its timing never tells whether one has an account."""

    email = models.EmailField(max_length=254)
    base_url = models.CharField(max_length=200)
    language = models.CharField(max_length=10)
    next_url = models.CharField(max_length=2000, blank=True)
    request_id = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.request_id} ({self.created_at:%Y-%m-%d %H:%M})"
