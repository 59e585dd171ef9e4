import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from outbox.models import OutgoingEmail
from outbox.tasks import deliver

GIVE_UP_AFTER_ATTEMPTS = 20


class Command(BaseCommand):
    help = (
        "Queue again every email not sent within a few minutes (broker or mail server down). "
        "Run it every few minutes from cron or a systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-minutes", type=int, default=5)

    def handle(self, *args, older_than_minutes, **options):
        since = timezone.now() - datetime.timedelta(minutes=older_than_minutes)
        pending = OutgoingEmail.objects.filter(
            sent_at=None, created_at__lte=since, attempts__lt=GIVE_UP_AFTER_ATTEMPTS
        ).values_list("pk", flat=True)
        queued = 0
        for pk in pending:
            deliver.delay(pk)
            queued += 1
        self.stdout.write(f"Queued {queued} pending email(s).")
