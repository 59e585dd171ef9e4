"""Email leaves the request through the task queue, and each one is sent once."""

import asyncio
import socket
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.management import call_command
from django.utils import timezone

from newsroom.celery import app as celery_app
from outbox import mail as outbox
from outbox.models import OutgoingEmail
from outbox.tasks import deliver
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_email_is_stored_then_delivered_with_its_html_part():
    message = EmailMultiAlternatives("Halo", "Teks", to=["budi@example.id"])
    message.attach_alternative("<p>Teks</p>", "text/html")
    email = outbox.send(message, key="test:1")
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 1
    (sent,) = mail.outbox
    assert sent.to == ["budi@example.id"] and sent.alternatives[0][0] == "<p>Teks</p>"
    assert sent.extra_headers["Message-ID"].startswith(f"<outbox-{email.pk}-")


def test_the_same_key_twice_and_a_job_run_twice_send_one_email():
    first = outbox.send(EmailMessage("Halo", "Teks", to=["budi@example.id"]), key="test:2")
    again = outbox.send(EmailMessage("Halo", "Teks", to=["budi@example.id"]), key="test:2")
    assert again.pk == first.pk
    assert deliver.apply(args=[first.pk]).get() is False  # a redelivered job
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.count() == 1


def test_a_failed_delivery_stays_unsent_for_the_next_try(monkeypatch):
    def refused(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refused)
    outbox.send(EmailMessage("Halo", "Teks", to=["budi@example.id"]), key="test:3")
    email = OutgoingEmail.objects.get(key="test:3")
    assert email.sent_at is None
    monkeypatch.undo()
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(hours=1))
    call_command("send_pending_email", stdout=StringIO())
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.sent_at is not None


@pytest.fixture
def queued_not_run():
    """A real (in-memory) broker and no worker: jobs wait, as they do behind `make serve`."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager, conf.broker_url = False, "memory://"
    yield
    conf.task_always_eager, conf.broker_url = saved


@pytest.fixture
def slow_smtp(settings):
    """A local SMTP server that takes 30 s to answer each message."""
    from aiosmtpd.controller import Controller

    class Slow:
        async def handle_DATA(self, server, session, envelope):
            await asyncio.sleep(30)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Slow(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    yield controller
    controller.stop(no_assert=True)


def test_a_password_reset_answers_within_a_second_while_the_mail_server_takes_30(
    client, settings, slow_smtp, queued_not_run
):
    assert settings.EMAIL_TIMEOUT == 10
    UserFactory(email="budi@example.id")
    started = time.monotonic()
    response = client.post("/akun/lupa-sandi/", {"email": "budi@example.id"})
    assert response.status_code == 302
    assert time.monotonic() - started < 1
