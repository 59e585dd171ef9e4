"""The workflow: draft → in review → published (now or scheduled) → unpublished,
checked on the server for every role."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.utils import timezone

from articles import services
from articles.models import Article
from tests.desk.conftest import (
    DRAFT,
    IN_REVIEW,
    PUBLISHED,
    UNPUBLISHED,
    admin_url,
    form_data,
    form_errors,
)

pytestmark = pytest.mark.django_db


def reload(article):
    article.refresh_from_db()
    return article


def test_an_operator_is_offered_draft_and_review_but_never_publish(login, staff, stories):
    response = login(staff["operator_makassar"]).get(
        admin_url("change", stories["draft_makassar"].pk)
    )
    choices = dict(response.context["adminform"].form.fields["status"].choices)
    assert set(choices) == {DRAFT, IN_REVIEW}


def test_an_operator_posting_published_by_hand_is_refused(login, staff, stories):
    draft = stories["draft_makassar"]
    response = login(staff["operator_makassar"]).post(
        admin_url("change", draft.pk), form_data(draft, status=PUBLISHED)
    )
    assert "status" in form_errors(response)
    assert reload(draft).status == DRAFT


def test_an_operator_submits_a_story_for_review(login, staff, stories):
    draft = stories["draft_makassar"]
    response = login(staff["operator_makassar"]).post(
        admin_url("change", draft.pk), form_data(draft, status=IN_REVIEW)
    )
    assert response.status_code == 302
    assert reload(draft).status == IN_REVIEW
    assert LogEntry.objects.filter(
        object_id=str(draft.pk), change_message="Diajukan untuk ditinjau."
    )


def test_an_operator_cannot_set_the_publication_time(login, staff, stories):
    draft = stories["draft_makassar"]
    login(staff["operator_makassar"]).post(
        admin_url("change", draft.pk),
        form_data(draft, publish_at_0="2030-01-01", publish_at_1="08:00:00"),
    )
    assert reload(draft).publish_at is None


def test_the_publish_actions_are_not_offered_to_an_operator(login, staff, stories):
    client = login(staff["operator_makassar"])
    actions = dict(
        client.get(admin_url("changelist")).context["action_form"].fields["action"].choices
    )
    assert "submit_for_review" in actions
    assert "publish_now" not in actions and "unpublish" not in actions
    client.post(
        admin_url("changelist"),
        {"action": "publish_now", "_selected_action": [stories["review_makassar"].pk]},
    )
    assert reload(stories["review_makassar"]).status == IN_REVIEW


def test_an_operator_cannot_change_a_live_story(login, staff, stories):
    live = stories["live_makassar"]
    client = login(staff["operator_makassar"])
    response = client.get(admin_url("change", live.pk))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False  # read-only view
    response = client.post(admin_url("change", live.pk), form_data(live, title="Diubah"))
    assert response.status_code == 403
    assert reload(live).title == "Tayang Makassar Operasi Zebra"


def test_an_editor_publishes_a_story_now_and_the_public_sees_it(login, staff, stories, client):
    story = stories["review_makassar"]
    login(staff["editor_sulsel"]).post(
        admin_url("change", story.pk), form_data(story, status=PUBLISHED)
    )
    story = reload(story)
    assert story.status == PUBLISHED and story.is_public
    assert story.went_live_at is not None  # the publication hook ran at once
    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 200


def test_an_editor_schedules_a_story_which_goes_live_by_itself(login, staff, stories, client):
    story = stories["review_makassar"]
    at = timezone.localtime() + datetime.timedelta(hours=3)
    login(staff["editor_sulsel"]).post(
        admin_url("change", story.pk),
        form_data(
            story,
            status=PUBLISHED,
            publish_at_0=at.strftime("%Y-%m-%d"),
            publish_at_1=at.strftime("%H:%M:%S"),
        ),
    )
    story = reload(story)
    assert story.is_scheduled and story.went_live_at is None
    client.logout()
    assert story not in Article.objects.published()
    assert client.get(story.get_absolute_url()).status_code == 404
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        assert story in Article.objects.published()
        assert client.get(story.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("editor", "zone"),
    [("editor_sulsel", "Asia/Makassar"), ("editor_mabes", "Asia/Jakarta")],
)
def test_an_editor_schedules_in_the_time_of_their_own_unit(login, staff, stories, editor, zone):
    from zoneinfo import ZoneInfo

    story = stories["review_makassar"]
    client = login(staff[editor])
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    form = client.get(admin_url("change", story.pk)).content.decode()
    assert zone in form  # the field says which time it reads

    client.post(
        admin_url("change", story.pk),
        form_data(story, status=PUBLISHED, publish_at_0=tomorrow, publish_at_1="10:00:00"),
    )

    story = reload(story)
    assert timezone.localtime(story.publish_at, ZoneInfo(zone)).strftime("%H:%M") == "10:00"
    shown = client.get(admin_url("change", story.pk)).content.decode()
    assert 'name="publish_at_1" value="10.00.00"' in shown  # shown back as typed


def test_publish_now_brings_a_scheduled_story_forward(login, staff, stories, client):
    story = stories["review_makassar"]
    story.status = PUBLISHED
    story.publish_at = timezone.now() + datetime.timedelta(days=1)
    story.save()

    response = login(staff["editor_sulsel"]).post(
        admin_url("changelist"),
        {"action": "publish_now", "_selected_action": [story.pk]},
        follow=True,
    )

    story = reload(story)
    assert story in Article.objects.published()
    assert story.publish_at <= timezone.now()
    assert "Diterbitkan: 1." in response.content.decode()
    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 200


def test_an_editor_of_the_english_admin_schedules_in_their_units_time_too(login, staff, stories):
    from zoneinfo import ZoneInfo

    from django.utils import translation

    story = stories["review_makassar"]
    client = login(staff["editor_sulsel"])
    with translation.override("id"):
        change_url = admin_url("change", story.pk)  # /admin/…, without a language prefix
    client.get("/en" + change_url)  # a worker's first request, in English
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%d")

    for prefix in ("/en", ""):
        client.post(
            prefix + change_url,
            form_data(story, status=PUBLISHED, publish_at_0=tomorrow, publish_at_1="10:00:00"),
        )
        story = reload(story)
        local = timezone.localtime(story.publish_at, ZoneInfo("Asia/Makassar"))
        assert local.strftime("%H:%M") == "10:00", prefix


def test_publish_now_publishes_a_story_in_review_that_had_a_future_time(login, staff, stories):
    story = stories["review_makassar"]
    story.publish_at = timezone.now() + datetime.timedelta(days=1)
    story.save()

    login(staff["editor_sulsel"]).post(
        admin_url("changelist"), {"action": "publish_now", "_selected_action": [story.pk]}
    )

    assert reload(story) in Article.objects.published()


def test_publish_now_leaves_a_republished_story_its_first_date(login, staff, stories):
    story = stories["live_makassar"]
    first_date = story.publish_at
    story.status = Article.Status.UNPUBLISHED
    story.save()

    login(staff["editor_sulsel"]).post(
        admin_url("changelist"), {"action": "publish_now", "_selected_action": [story.pk]}
    )

    story = reload(story)
    assert story.status == PUBLISHED and story.publish_at == first_date


def test_publish_scheduled_runs_the_hook_once_for_each_story_that_went_live(stories, monkeypatch):
    story = stories["review_makassar"]
    story.status, story.publish_at = PUBLISHED, timezone.now() + datetime.timedelta(minutes=1)
    story.save()
    hooked = []
    monkeypatch.setattr(services, "on_published", hooked.append)
    call_command("publish_scheduled", stdout=StringIO())
    assert hooked == []  # not yet
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        out = StringIO()
        call_command("publish_scheduled", stdout=out)
        call_command("publish_scheduled", stdout=StringIO())
    assert [article.pk for article in hooked] == [story.pk]
    assert "1 scheduled stories caught up" in out.getvalue()
    assert reload(story).went_live_at is not None


def test_an_overdue_scheduled_story_is_flagged_in_the_list(login, staff, stories):
    story = stories["review_makassar"]
    story.status, story.publish_at = PUBLISHED, timezone.now() - datetime.timedelta(minutes=5)
    story.save()  # live by its time; the minute job has not run
    client = login(staff["editor_sulsel"])
    page = client.get(admin_url("changelist"), {"jadwal": "overdue"}).content.decode()
    assert "Ulasan Makassar Bakti Sosial" in page
    assert "desk-status-overdue" in page
    assert "Tayang Makassar Operasi Zebra" not in page  # caught up long ago


def test_scheduled_filter_lists_stories_still_to_come(login, staff, stories):
    story = stories["draft_makassar"]
    story.status, story.publish_at = PUBLISHED, timezone.now() + datetime.timedelta(days=1)
    story.save()
    page = login(staff["editor_sulsel"]).get(admin_url("changelist"), {"jadwal": "scheduled"})
    content = page.content.decode()
    assert "Draf Makassar Patroli Pantai" in content and "desk-status-scheduled" in content
    assert "Ulasan Makassar Bakti Sosial" not in content


def test_an_editor_unpublishes_a_live_story_and_the_public_gets_a_404(
    login, staff, stories, client
):
    live = stories["live_makassar"]
    url = live.get_absolute_url()
    login(staff["editor_sulsel"]).post(
        admin_url("changelist"), {"action": "unpublish", "_selected_action": [live.pk]}
    )
    assert reload(live).status == UNPUBLISHED
    client.logout()
    assert client.get(url).status_code == 404


def test_republishing_keeps_the_first_date_and_address(staff, stories):
    live = stories["live_makassar"]
    url = live.get_absolute_url()
    services.move(live, staff["editor_sulsel"], UNPUBLISHED)
    services.move(live, staff["editor_sulsel"], PUBLISHED)
    assert reload(live).get_absolute_url() == url


@pytest.mark.parametrize(
    ("role", "current", "target", "allowed"),
    [
        ("operator_makassar", DRAFT, IN_REVIEW, True),
        ("operator_makassar", IN_REVIEW, DRAFT, True),
        ("operator_makassar", DRAFT, PUBLISHED, False),
        ("operator_makassar", IN_REVIEW, PUBLISHED, False),
        ("operator_makassar", PUBLISHED, UNPUBLISHED, False),
        ("editor_sulsel", IN_REVIEW, PUBLISHED, True),
        ("editor_sulsel", DRAFT, PUBLISHED, True),
        ("editor_sulsel", PUBLISHED, UNPUBLISHED, True),
        ("editor_sulsel", UNPUBLISHED, PUBLISHED, True),
        ("editor_sulsel", PUBLISHED, DRAFT, False),
        ("editor_sulsel", UNPUBLISHED, IN_REVIEW, False),
        ("moderator", DRAFT, IN_REVIEW, False),
        ("moderator", DRAFT, PUBLISHED, False),
    ],
)
def test_who_may_move_a_story_where(staff, role, current, target, allowed):
    assert services.can_move(staff[role], current, target) is allowed


def test_the_hook_runs_once_even_when_two_catch_ups_race(stories, monkeypatch):
    story = stories["review_makassar"]
    story.status, story.publish_at = PUBLISHED, timezone.now() - datetime.timedelta(minutes=1)
    story.save()
    stale_copy = Article.objects.get(pk=story.pk)  # what a second, overlapping run loaded
    hooked = []
    monkeypatch.setattr(services, "on_published", hooked.append)
    assert services.catch_up(story) is True
    assert services.catch_up(stale_copy) is False
    assert len(hooked) == 1


def test_a_move_out_of_scope_is_refused_by_the_service_itself(staff, stories):
    with pytest.raises(services.TransitionNotAllowed):
        services.move(stories["review_jabar"], staff["editor_sulsel"], PUBLISHED)
    assert reload(stories["review_jabar"]).status == IN_REVIEW


def test_a_moderator_cannot_change_stories_at_all(login, staff, stories):
    client = login(staff["moderator"])
    draft = stories["draft_makassar"]
    response = client.post(admin_url("change", draft.pk), form_data(draft, status=IN_REVIEW))
    assert response.status_code == 403
    assert reload(draft).status == DRAFT


def test_bulk_submit_skips_stories_whose_status_does_not_allow_it(login, staff, stories):
    selected = [stories["draft_makassar"], stories["live_makassar"]]
    response = login(staff["operator_makassar"]).post(
        admin_url("changelist"),
        {"action": "submit_for_review", "_selected_action": [s.pk for s in selected]},
        follow=True,
    )
    assert reload(stories["draft_makassar"]).status == IN_REVIEW
    assert reload(stories["live_makassar"]).status == PUBLISHED
    assert len(list(response.context["messages"])) == 2
