"""Delivery runs in the worker: a slow or dead SMTP server never holds a web request."""

import logging

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutgoingEmail

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OSError, OutgoingEmail.DoesNotExist),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=12,
)
def deliver(email_id):
    """Send one stored email unless it was sent already; mark it sent as soon as SMTP accepts.

    The attempt is counted (and committed) before sending, so a failed send still counts
    towards send_pending_email's limit. The row stays locked while sending, so a redelivered
    job waits for a run still in progress instead of sending beside it. A retry on
    DoesNotExist covers the moment between queueing and the web request's commit.
    """
    unsent = OutgoingEmail.objects.filter(pk=email_id, sent_at=None)
    if not unsent.update(attempts=F("attempts") + 1, last_attempt_at=timezone.now()):
        OutgoingEmail.objects.get(pk=email_id)  # missing: retried (not committed yet)
        return False  # sent already
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email_id)
        if email.sent_at is not None:
            return False
        message = EmailMultiAlternatives(
            email.subject,
            email.body,
            email.from_email,
            email.to,
            headers={"Message-ID": f"<outbox-{email.pk}-{email.created_at:%Y%m%d%H%M%S}@newsroom>"},
        )
        if email.html:
            message.attach_alternative(email.html, "text/html")
        message.send()
        email.sent_at = timezone.now()
        email.save(update_fields=["sent_at"])
    logger.info("Sent outgoing email %s (%s)", email.pk, email.key)
    return True
