"""Every desk action that changes what readers see purges the cached pages that show it."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests.desk.conftest import PUBLISHED, admin_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous(client):
    from django.test import Client

    return Client()


def cached(reader, url):
    """Visit twice so the page is in the cache; return its text."""
    reader.get(url)
    response = reader.get(url)
    assert response["X-Page-Cache"] == "hit", url
    return response.content.decode()


def fresh(reader, url):
    response = reader.get(url)
    assert "X-Page-Cache" not in response, url
    return response.content.decode()


def test_publishing_from_the_desk_puts_the_story_on_cached_pages(
    anonymous, login, staff, stories, units, django_capture_on_commit_callbacks
):
    story = stories["review_makassar"]
    pages = [
        "/",
        units["Polrestabes Makassar"].get_absolute_url(),
        units["Polda Sulsel"].get_absolute_url(),
    ]
    for url in pages:
        assert story.title not in cached(anonymous, url)
    with django_capture_on_commit_callbacks(execute=True):
        login(staff["editor_sulsel"]).post(
            admin_url("changelist"),
            {"action": "publish_now", "post": "yes", "_selected_action": [story.pk]},
        )
    for url in pages:
        assert story.title in fresh(anonymous, url), url


def test_unpublishing_takes_the_story_off_every_cached_page(
    anonymous, login, staff, stories, units, django_capture_on_commit_callbacks
):
    story = stories["live_makassar"]
    url = story.get_absolute_url()
    cached(anonymous, url)
    assert story.title in cached(anonymous, "/")
    with django_capture_on_commit_callbacks(execute=True):
        login(staff["editor_sulsel"]).post(
            admin_url("changelist"),
            {"action": "unpublish", "post": "yes", "_selected_action": [story.pk]},
        )
    assert anonymous.get(url).status_code == 404
    assert story.title not in fresh(anonymous, "/")


def test_editing_a_live_story_refreshes_its_page_and_its_old_tag(
    anonymous, login, staff, stories, django_capture_on_commit_callbacks
):
    story = stories["live_makassar"]
    story.tags.set(["operasi zebra"])
    assert story.title in cached(anonymous, "/tag/operasi-zebra/")
    cached(anonymous, story.get_absolute_url())
    data = form_data(story, title="Operasi Zebra Diperpanjang", tags="lalu lintas")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff["editor_sulsel"]).post(admin_url("change", story.pk), data)
    assert response.status_code == 302
    assert "Operasi Zebra Diperpanjang" in fresh(anonymous, story.get_absolute_url())
    assert "Operasi Zebra Diperpanjang" not in fresh(anonymous, "/tag/operasi-zebra/")


def run_the_command():
    output = StringIO()
    call_command("publish_scheduled", stdout=output)
    return output.getvalue()


def run_the_task():
    """What beat sends every minute (newsroom.celery.run_scheduled_command); through a real
    worker in tests/faults/test_scheduled_jobs.py."""
    from newsroom.celery import run_scheduled_command

    return run_scheduled_command.delay("publish_scheduled").get()


@pytest.mark.parametrize("run_the_job", [run_the_command, run_the_task])
def test_a_scheduled_story_reaching_its_time_purges_the_home_page(
    anonymous, stories, django_capture_on_commit_callbacks, run_the_job
):
    story = stories["review_makassar"]
    story.status = PUBLISHED
    story.publish_at = timezone.now() + datetime.timedelta(minutes=1)
    story.save()
    assert story.title not in cached(anonymous, "/")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        with django_capture_on_commit_callbacks(execute=True):
            output = run_the_job()
        assert "1 scheduled stories caught up." in output
        assert story.title in fresh(anonymous, "/")
    story.refresh_from_db()
    assert story.went_live_at is not None


def test_a_live_story_moved_to_a_later_time_goes_live_again_when_that_time_comes(
    anonymous, login, staff, stories, django_capture_on_commit_callbacks
):
    story = stories["live_makassar"]
    # Sooner than the page cache's TTL, so only a purge can bring the story back.
    later = timezone.localtime(
        timezone.now() + datetime.timedelta(minutes=3), story.unit.zone
    ).replace(microsecond=0)
    data = form_data(
        story,
        publish_at_0=later.strftime("%Y-%m-%d"),
        publish_at_1=later.strftime("%H:%M:%S"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff["editor_sulsel"]).post(admin_url("change", story.pk), data)
    assert response.status_code == 302
    assert story.title not in cached(anonymous, "/")

    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_scheduled", stdout=open("/dev/null", "w"))
        assert story.title in fresh(anonymous, "/")


def test_moving_a_unit_takes_its_stories_off_its_old_parents_pages(
    anonymous, login, staff, units, category, django_capture_on_commit_callbacks
):
    from tests.desk.conftest import story as make_story
    from tests.desk.test_units_admin import unit_form

    tallo, makassar, gowa = (
        units["Polsek Tallo"],
        units["Polrestabes Makassar"],
        units["Polres Gowa"],
    )
    story = make_story(tallo, staff["operator_makassar"], category, PUBLISHED, "Patroli Tallo Pagi")
    assert story.title in cached(anonymous, makassar.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff["admin_sulsel"]).post(
            f"/admin/units/unit/{tallo.pk}/change/", unit_form(tallo, parent=gowa.pk)
        )
    assert response.status_code == 302

    assert story.title not in fresh(anonymous, makassar.get_absolute_url())
    assert story.title in fresh(anonymous, gowa.get_absolute_url())


def test_renaming_a_unit_in_the_admin_purges_its_stories(
    anonymous, login, staff, stories, units, django_capture_on_commit_callbacks
):
    story = stories["live_makassar"]
    cached(anonymous, story.get_absolute_url())
    unit = units["Polrestabes Makassar"]
    with django_capture_on_commit_callbacks(execute=True):
        login(staff["superuser"]).post(
            f"/admin/units/unit/{unit.pk}/change/",
            {
                "short_name": "Polrestabes Kota Makassar",
                "name": unit.name,
                "slug": unit.slug,
                "level": unit.level,
                "parent": unit.parent_id,
                "province": unit.province,
                "hq_city": unit.hq_city,
                "tz_name": unit.tz_name,
                "tz_label": unit.tz_label,
                "active": "on",
            },
        )
    assert "Polrestabes Kota Makassar" in fresh(anonymous, story.get_absolute_url())


def test_publishing_from_the_desk_refreshes_cached_feeds_and_sitemaps(
    anonymous, login, staff, stories, units, django_capture_on_commit_callbacks
):
    story = stories["review_makassar"]
    polda = units["Polda Sulsel"].slug
    listings = [
        "/feed/",
        "/feed/atom/",
        f"/unit/{polda}/feed/",
        "/sitemap.xml",
        "/sitemap-berita.xml",
        "/sitemap-berita-terkini.xml",
    ]
    for url in listings:
        assert story.slug not in cached(anonymous, url), url
    with django_capture_on_commit_callbacks(execute=True):
        login(staff["editor_sulsel"]).post(
            admin_url("changelist"),
            {"action": "publish_now", "post": "yes", "_selected_action": [story.pk]},
        )
    for url in listings[:3] + listings[4:]:
        assert story.slug in fresh(anonymous, url), url
    assert "X-Page-Cache" not in anonymous.get("/sitemap.xml")  # its lastmod moved too
