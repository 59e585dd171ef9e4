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
    assert email.attempts == 1 and email.last_attempt_at is not None  # the failure counted
    monkeypatch.undo()
    an_hour_ago = timezone.now() - timedelta(hours=1)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        created_at=an_hour_ago, last_attempt_at=an_hour_ago
    )
    call_command("send_pending_email", stdout=StringIO())
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 2


def pending(key, *, created_minutes_ago, tried_minutes_ago=None, attempts=0):
    now = timezone.now()
    email = outbox_row(key)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        created_at=now - timedelta(minutes=created_minutes_ago),
        last_attempt_at=(
            None if tried_minutes_ago is None else now - timedelta(minutes=tried_minutes_ago)
        ),
        attempts=attempts,
    )
    return email


def outbox_row(key):
    return OutgoingEmail.objects.create(
        key=key, subject="Halo", from_email="humas@example.id", to=["budi@example.id"], body="Isi"
    )


def test_pending_email_is_queued_again_unless_its_own_job_is_still_retrying_or_it_gave_up():
    """send_pending_email runs every 5 minutes (beat); a delivery job retries by itself for about
    an hour, so an email tried lately is left to that job rather than given a second one."""
    never_queued = pending("test:broker-was-down", created_minutes_ago=30)
    long_silent = pending("test:job-died", created_minutes_ago=90, tried_minutes_ago=20, attempts=3)
    pending("test:just-asked", created_minutes_ago=1)
    pending("test:retrying", created_minutes_ago=30, tried_minutes_ago=4, attempts=2)
    pending("test:gave-up", created_minutes_ago=600, tried_minutes_ago=60, attempts=20)
    output = StringIO()
    call_command("send_pending_email", stdout=output)
    assert output.getvalue().strip() == "Queued 2 pending email(s)."
    sent = OutgoingEmail.objects.exclude(sent_at=None)
    assert set(sent.values_list("pk", flat=True)) == {never_queued.pk, long_silent.pk}
    assert len(mail.outbox) == 2


def test_every_failed_try_counts_so_a_dead_mail_server_ends_in_giving_up(monkeypatch):
    def refused(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refused)
    email = outbox_row("test:smtp-down")
    for _ in range(3):
        with pytest.raises(ConnectionRefusedError):
            deliver.apply(args=[email.pk], throw=True, retries=deliver.max_retries).get()
    email.refresh_from_db()
    assert email.attempts == 3 and email.sent_at is None


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
