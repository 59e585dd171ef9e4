"""Every email the accounts app sends: rendered here, delivered by the task queue (outbox)."""

import logging
import uuid

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from outbox import mail as outbox

from .models import User

logger = logging.getLogger(__name__)


def send_password_reset(email, *, base_url, language, next_url="", request_id=""):
    """Mail a set-password link to the active account with this address, if there is one.

    Accounts without a usable password (staff invited by an administrator) are
    included: there is no outside login here that they could rely on instead.
    Runs in the task queue (accounts.tasks); `request_id` makes a rerun send nothing twice.
    """
    request_id = request_id or uuid.uuid4().hex
    accounts = User._default_manager.alias(email_lower=Lower("email")).filter(
        email_lower=email.strip().lower(), is_active=True
    )
    for user in accounts:
        send_set_password_link(
            user,
            "password_reset",
            base_url=base_url,
            language=language,
            next_url=next_url,
            key=f"password-reset:{request_id}:{user.pk}",
        )


def send_invitation(user, *, base_url, language):
    """Invite a staff member an administrator created to choose their own password."""
    send_set_password_link(
        user,
        "invitation",
        base_url=base_url,
        language=language,
        key=f"invitation:{user.pk}:{uuid.uuid4().hex}",
    )


def send_set_password_link(user, kind, *, base_url, language, key, next_url=""):
    """Render and send the `kind` email (plain text and HTML) holding a single-use link.

    The link stops working after PASSWORD_RESET_TIMEOUT and as soon as the
    password changes, since the token is derived from the current password hash.
    """
    with translation.override(language):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        context = {
            "user": user,
            "link": f"{base_url}{path}{query}",
            "site_name": settings.NEWSROOM_SITE_NAME,
            "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
            "language": language,
        }
        template = f"accounts/email/{kind}"
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject, render_to_string(f"{template}.txt", context), to=[user.email]
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    outbox.send(message, key=key)
    logger.info("Queued %s email to user %s", kind, user.pk)
