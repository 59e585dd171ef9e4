import datetime

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from outbox.models import OutgoingEmail
from outbox.tasks import deliver

GIVE_UP_AFTER_ATTEMPTS = 20


# A delivery job retries by itself for about an hour, at most 10 minutes apart: an email tried
# more recently than this still has its job alive and is not queued a second time.
STILL_RETRYING_MINUTES = 15


class Command(BaseCommand):
    help = (
        "Queue again every email not sent within a few minutes (broker or mail server down) "
        "and not being retried already. Run it every few minutes (scheduled by Celery beat)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-minutes", type=int, default=5)

    def handle(self, *args, older_than_minutes, **options):
        now = timezone.now()
        since = now - datetime.timedelta(minutes=older_than_minutes)
        tried_before = now - datetime.timedelta(minutes=STILL_RETRYING_MINUTES)
        pending = (
            OutgoingEmail.objects.filter(
                sent_at=None, created_at__lte=since, attempts__lt=GIVE_UP_AFTER_ATTEMPTS
            )
            .filter(Q(last_attempt_at=None) | Q(last_attempt_at__lte=tried_before))
            .values_list("pk", flat=True)
        )
        queued = 0
        for pk in pending:
            deliver.delay(pk)
            queued += 1
        self.stdout.write(f"Queued {queued} pending email(s).")
