from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """One email to send, once: its key names the event it announces (a reset request, a
    moderation digest), so a task that runs again finds the row instead of mailing twice."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    subject = models.CharField(_("subject"), max_length=300)
    from_email = models.CharField(_("from"), max_length=300)
    to = models.JSONField(_("to"))
    body = models.TextField(_("plain text"))
    html = models.TextField(_("HTML"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            models.Index(
                fields=["created_at"], condition=models.Q(sent_at=None), name="outbox_unsent"
            )
        ]

    def __str__(self):
        return f"{self.key} → {', '.join(self.to)}"
