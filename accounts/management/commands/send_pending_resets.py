import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts import emails
from accounts.models import PendingPasswordReset


class Command(BaseCommand):
    help = (
        "Send the lost-password emails asked for while the task queue was down (looked up "
        "now, not in the request). Run it every minute from cron or a systemd timer."
    )

    def handle(self, *args, **options):
        # A link asked for longer ago than a link lives is not worth sending any more.
        stale = timezone.now() - datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
        PendingPasswordReset.objects.filter(created_at__lt=stale).delete()
        sent = 0
        for pending in PendingPasswordReset.objects.all():
            # Claimed by deleting it: two overlapping runs never both send it (and the email's
            # key, the request id, would refuse a second one anyway).
            if PendingPasswordReset.objects.filter(pk=pending.pk).delete()[0]:
                emails.send_password_reset(
                    pending.email,
                    base_url=pending.base_url,
                    language=pending.language,
                    next_url=pending.next_url,
                    request_id=pending.request_id,
                )
                sent += 1
        self.stdout.write(f"Handled {sent} pending password reset request(s).")
