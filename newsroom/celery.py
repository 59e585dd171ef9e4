"""The task queue (Celery on Redis): emails and image renditions leave the web request, and
beat runs the minute jobs (NEWSROOM_SCHEDULED_COMMANDS).

Without CELERY_BROKER_URL (development, tests) tasks run at once, in the calling process.
"""

import io
import logging
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")

logger = logging.getLogger(__name__)

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="newsroom.run_scheduled_command")
def run_scheduled_command(command):
    """One of the scheduled management commands, as cron would run it; nothing else (a message
    on the broker naming `flush` runs nothing)."""
    from django.conf import settings
    from django.core.management import call_command

    if command not in settings.NEWSROOM_SCHEDULED_COMMANDS:
        raise ValueError(f"{command!r} is not a scheduled command")
    output = io.StringIO()
    call_command(command, stdout=output)
    logger.info("%s: %s", command, output.getvalue().strip())
    return output.getvalue()
