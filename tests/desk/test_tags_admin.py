"""Tags are one vocabulary for the whole country: only national staff rename, merge or delete
them in the admin, and the pages showing a changed tag are purged."""

import pytest
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from accounts.roles import EDITOR
from tests.desk.conftest import PUBLISHED, story
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jabar_story(units, staff, category):
    return story(
        units["Polda Jabar"],
        staff["operator_jabar"],
        category,
        PUBLISHED,
        "Arus Mudik Nagreg Lancar",
        tags=["mudik"],
    )


def merge(client, tags, into):
    """The "Merge selected tags" action, then its form, as the admin's pages post them."""
    changelist = reverse("admin:taggit_tag_changelist")
    client.post(changelist, {"action": "render_tag_form", "_selected_action": [t.pk for t in tags]})
    return client.post(changelist + "merge-tags/", {"new_tag_name": into})


@pytest.mark.parametrize("who", ["operator_makassar", "editor_sulsel"])
def test_staff_of_a_polda_cannot_rename_or_merge_the_countrys_tags(login, staff, jabar_story, who):
    client = login(staff[who])
    mudik = Tag.objects.get(name="mudik")
    hoaks = Tag.objects.create(name="hoaks", slug="hoaks")

    renamed = client.post(
        reverse("admin:taggit_tag_change", args=[mudik.pk]),
        {"name": "mudik gagal", "slug": "mudik-gagal", **inline_management()},
    )
    merged = merge(client, [mudik], into=hoaks.name)

    assert renamed.status_code == 403
    assert merged.status_code == 403
    assert list(jabar_story.tags.names()) == ["mudik"]


def test_national_staff_rename_a_tag_and_its_pages_follow(
    login, units, jabar_story, django_capture_on_commit_callbacks
):
    reader = Client()
    assert "mudik" in reader.get(jabar_story.get_absolute_url()).content.decode()
    assert reader.get(jabar_story.get_absolute_url())["X-Page-Cache"] == "hit"
    editor = StaffFactory(username="editor.mabes2", unit=units["Mabes Polri"], role=EDITOR)
    mudik = Tag.objects.get(name="mudik")

    with django_capture_on_commit_callbacks(execute=True):
        response = login(editor).post(
            reverse("admin:taggit_tag_change", args=[mudik.pk]),
            {"name": "mudik lebaran", "slug": "mudik", **inline_management()},
        )

    assert response.status_code == 302
    page = reader.get(jabar_story.get_absolute_url())
    assert "X-Page-Cache" not in page
    assert "mudik lebaran" in page.content.decode()


def test_national_staff_merge_tags_and_the_stories_carry_the_merged_one(
    login, staff, jabar_story, django_capture_on_commit_callbacks
):
    reader = Client()
    reader.get(jabar_story.get_absolute_url())
    mudik = Tag.objects.get(name="mudik")

    with django_capture_on_commit_callbacks(execute=True):
        merge(login(staff["superuser"]), [mudik], into="arus mudik")

    assert list(jabar_story.tags.names()) == ["arus mudik"]
    assert "arus mudik" in reader.get(jabar_story.get_absolute_url()).content.decode()


def inline_management():
    """The empty TaggedItem inline the tag form carries."""
    prefix = "taggit-taggeditem-content_type-object_id"
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
