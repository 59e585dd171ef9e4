"""The one way out for email: store it under a key, then let the task queue deliver it."""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction

from .models import OutgoingEmail

logger = logging.getLogger(__name__)


def send(message, *, key):
    """Queue an EmailMessage (or EmailMultiAlternatives) for delivery under `key`.

    The same key twice (a task that ran again) queues nothing new. Returns the row. If the
    queue (or, run in-process, the mail server) fails, the row waits for
    `manage.py send_pending_email`: the caller's work (a comment, a reset) is never lost.
    """
    from .tasks import deliver

    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", [])
            if mimetype == "text/html"
        ),
        "",
    )
    try:
        with transaction.atomic():
            email, created = OutgoingEmail.objects.get_or_create(
                key=key[:200],
                defaults={
                    "subject": message.subject[:300],
                    "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
                    "to": list(message.to),
                    "body": message.body,
                    "html": html,
                },
            )
    except IntegrityError:  # the same key queued by a parallel run a moment ago
        return OutgoingEmail.objects.get(key=key[:200])
    if created or email.sent_at is None:
        try:
            deliver.delay(email.pk)
        except Exception:
            logger.exception("Outgoing email %s stays queued in the database", email.pk)
    return email
