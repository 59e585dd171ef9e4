"""The task worker killed mid-job: the job runs again on the next worker, and the email it
was sending reaches the mail server exactly once."""

import asyncio
import os
import signal
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from tests.faults.servers import Redis, free_port, manage, site_environment, start_worker

pytestmark = [pytest.mark.faults, pytest.mark.slow]

QUEUE_EMAIL = """
from django.core.mail import EmailMessage
from outbox import mail
mail.send(EmailMessage("Tautan kata sandi", "Isi", to=["budi@example.id"]), key="reset:fault-test")
"""
QUEUE_AGAIN = """
from outbox.models import OutgoingEmail
from outbox.tasks import deliver
deliver.delay(OutgoingEmail.objects.get(key="reset:fault-test").pk)
"""
READ_ROW = """
from outbox.models import OutgoingEmail
email = OutgoingEmail.objects.get(key="reset:fault-test")
print(email.sent_at is not None, email.attempts)
"""


class MailServer:
    """Accepts messages, except that it keeps the first one waiting (the worker dies meanwhile)
    and then refuses it with a temporary error, as a server does with a dropped client."""

    def __init__(self):
        self.accepted = []
        self.first_started = threading.Event()
        self.release_first = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        if not self.first_started.is_set():
            self.first_started.set()
            while not self.release_first.is_set():
                await asyncio.sleep(0.1)
            return "451 Requested action aborted"
        self.accepted.append(envelope.content)
        return "250 OK"


def wait_until(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_worker_killed_mid_delivery_leaves_the_job_to_the_next_and_mails_once(postgres):
    redis = Redis()
    redis.start()
    smtp_port = free_port()
    mail_server = MailServer()
    controller = Controller(mail_server, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    env = site_environment(
        DATABASE_URL=postgres.url,
        CELERY_BROKER_URL=f"redis://127.0.0.1:{redis.port}/2",
        CELERY_VISIBILITY_TIMEOUT="3",
        EMAIL_PORT=str(smtp_port),
    )
    workers = []
    try:
        manage("migrate", "--noinput", env=env)
        workers.append(start_worker(env))
        manage("shell", "-c", QUEUE_EMAIL, env=env)
        assert mail_server.first_started.wait(60), "the worker never started sending"
        os.killpg(workers[0].pid, signal.SIGKILL)  # mid-job: SMTP has not accepted yet
        workers[0].wait(10)
        mail_server.release_first.set()

        workers.append(start_worker(env))
        assert wait_until(lambda: len(mail_server.accepted) == 1, 60), "the job never ran again"
        sent, attempts = manage("shell", "-c", READ_ROW, env=env).stdout.split()[-2:]
        assert sent == "True" and int(attempts) >= 1

        manage("shell", "-c", QUEUE_AGAIN, env=env)  # the same job delivered a second time
        time.sleep(3)
        assert len(mail_server.accepted) == 1
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(20)
        controller.stop(no_assert=True)
        redis.stop()
