"""Delivery runs in the worker: a slow or dead SMTP server never holds a web request."""

import logging

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
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

    The row stays locked while sending, so a redelivered job waits for a run still in
    progress instead of sending beside it. A retry on DoesNotExist covers the moment between
    queueing and the web request's commit.
    """
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email_id)
        if email.sent_at is not None:
            return False
        email.attempts += 1
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
        email.save(update_fields=["attempts", "sent_at"])
    logger.info("Sent outgoing email %s (%s)", email.pk, email.key)
    return True
