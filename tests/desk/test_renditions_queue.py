"""Renditions are made by the task queue: the saving request only queues one job."""

import pytest

from articles import tasks
from articles.models import Article
from tests.desk.test_featured_image import post_story, stored_files
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db


def renditions(media_root):
    return [
        p for p in stored_files(media_root) if p.relative_to(media_root).parts[0] == "renditions"
    ]


def test_saving_a_picture_queues_one_job_and_the_job_makes_the_renditions(
    login, staff, units, category, media_root, monkeypatch
):
    queued = []
    monkeypatch.setattr(tasks.generate_renditions, "delay", lambda *args: queued.append(args))
    post_story(login(staff["operator_makassar"]), units, category, "foto.jpg", jpeg_bytes())
    story = Article.objects.get()
    assert queued == [(story.pk,)]
    assert renditions(media_root) == []  # nothing encoded while the request waited

    assert tasks.generate_renditions.apply(args=[story.pk]).get() == 6
    assert len(renditions(media_root)) == 6
    assert tasks.generate_renditions.apply(args=[story.pk]).get() == 6  # a rerun is harmless
    assert len(renditions(media_root)) == 6
