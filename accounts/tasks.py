"""Account work done in the task queue, away from the request."""

from celery import shared_task

from . import emails


@shared_task
def send_password_reset(email, base_url, language, next_url, request_id):
    """Find the account and queue its email in the worker: the request does the same work
    whether or not the address belongs to someone, so its timing tells nothing."""
    emails.send_password_reset(
        email, base_url=base_url, language=language, next_url=next_url, request_id=request_id
    )
