"""The task queue (Celery on Redis): emails and image renditions leave the web request.

Without CELERY_BROKER_URL (development, tests) tasks run at once, in the calling process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
