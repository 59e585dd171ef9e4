"""The minute jobs run by themselves under `make serve`: the worker's beat sends them, and a
story scheduled for later appears on the cached home page when its time comes, with nobody
running a command (without the job the cached page would stay stale for its whole lifetime)."""

import os
import signal
import tempfile
import time

import psycopg
import pytest

from tests.faults.conftest import prepared_site
from tests.faults.servers import Browser, Redis, manage, start_worker

pytestmark = [pytest.mark.faults, pytest.mark.slow]

SCHEDULE_STORY = """
import datetime
from django.utils import timezone
from articles.models import Article
from tests.factories import ArticleFactory
first = Article.objects.get()  # setup_site's: its unit, section and author (fresh sequences)
story = ArticleFactory(
    title="Polres Contoh Resmikan Pos Pelayanan Mudik",
    unit=first.unit,
    category=first.category,
    author=first.author,
    status=Article.Status.PUBLISHED,
    publish_at=timezone.now() + datetime.timedelta(seconds=8),
)
print(story.pk)
"""


def test_beat_runs_publish_scheduled_and_the_cached_home_page_shows_the_story(postgres):
    redis = Redis()
    redis.start()
    broker = redis.url.rsplit("/", 1)[0] + "/2"
    site, _article_id, _url = prepared_site(
        postgres, REDIS_URL=redis.url, CELERY_BROKER_URL=broker, PAGE_CACHE_SECONDS="600"
    )
    env = {**site.env, "SCHEDULED_COMMANDS_EVERY": "1"}
    schedule_dir = tempfile.TemporaryDirectory()
    worker = None
    try:
        story_id = int(manage("shell", "-c", SCHEDULE_STORY, env=site.env).stdout.split()[-1])
        reader = Browser(site.url)
        reader.request("/")
        status, headers, page = reader.request("/")
        assert status == 200 and headers.get("X-Page-Cache") == "hit"
        assert "Resmikan Pos Pelayanan Mudik" not in page

        worker = start_worker(env, "--beat", "--schedule", os.path.join(schedule_dir.name, "beat"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            page = reader.request("/")[2]
            if "Resmikan Pos Pelayanan Mudik" in page:
                break
            time.sleep(0.5)
        assert "Resmikan Pos Pelayanan Mudik" in page, "the cached home page was never purged"
        with psycopg.connect(postgres.url.replace("postgres://", "postgresql://")) as db:
            went_live = db.execute(
                "SELECT went_live_at FROM articles_article WHERE id = %s", [story_id]
            ).fetchone()[0]
        assert went_live is not None  # caught up by the job, not only live by the clock
    finally:
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(20)
        log = site.stop()
        redis.stop()
        schedule_dir.cleanup()
    assert "Internal Server Error" not in log
