"""What every unit shares (sections, the comment rules, the word lists, tags) is changed by
national staff only; a Polda's administrator may look, and sees no other unit's story there."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from accounts.roles import ADMINISTRATOR
from articles.models import Category
from comments.models import CommentSettings, WordListEntry
from tests.desk.conftest import DRAFT, story
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

RENAMED_SECTION = {"name": "Rubrik Baru", "slug": "humas-polri", "position": "0"}
STRICT_RULES = {
    "hold_every_comment": "on",
    "hold_first_comment": "on",
    "hold_link_count": "2",
    "min_seconds_to_post": "3",
    "flood_seconds": "15",
    "reply_depth": "3",
    "comments_per_page": "50",
    "close_after_days": "0",
    "digest_minutes": "15",
}
NEW_PHRASE = {"phrase": "judi daring", "word_list": "disallowed", "category": "gambling"}


@pytest.fixture
def admin_mabes(units):
    return StaffFactory(username="admin.mabes", unit=units["Mabes Polri"], role=ADMINISTRATOR)


def changes(client, category):
    """The three site-wide changes a Polda administrator might try, as the admin posts them."""
    CommentSettings.current()  # the row the settings page opens
    return [
        client.post(reverse("admin:articles_category_change", args=[category.pk]), RENAMED_SECTION),
        client.post(reverse("admin:comments_commentsettings_change", args=[1]), STRICT_RULES),
        client.post(reverse("admin:comments_wordlistentry_add"), NEW_PHRASE),
    ]


def test_a_polda_administrator_may_look_at_the_site_wide_settings_but_not_change_them(
    login, staff, category
):
    client = login(staff["admin_sulsel"])
    CommentSettings.objects.get_or_create(pk=1)

    assert client.get(reverse("admin:articles_category_changelist")).status_code == 200
    settings_page = client.get(reverse("admin:comments_commentsettings_change", args=[1]))
    assert settings_page.status_code == 200
    assert 'name="hold_every_comment"' not in settings_page.content.decode()  # read-only
    assert [response.status_code for response in changes(client, category)] == [403, 403, 403]
    assert (
        client.get(reverse("admin:articles_category_delete", args=[category.pk])).status_code == 403
    )

    assert Category.objects.get(pk=category.pk).name == "Humas Polri"
    assert CommentSettings.objects.get(pk=1).hold_every_comment is False
    assert not WordListEntry.objects.filter(phrase="judi daring").exists()


def test_national_staff_change_the_site_wide_settings(login, admin_mabes, category):
    responses = changes(login(admin_mabes), category)

    assert [response.status_code for response in responses] == [302, 302, 302]
    assert Category.objects.get(pk=category.pk).name == "Rubrik Baru"
    assert CommentSettings.objects.get(pk=1).hold_every_comment is True
    assert WordListEntry.objects.filter(phrase="judi daring", word_list="disallowed").exists()


def test_a_tags_page_shows_a_polda_administrator_no_other_units_story(
    login, staff, units, category, admin_mabes
):
    story(
        units["Polda Jabar"],
        staff["operator_jabar"],
        category,
        DRAFT,
        "Draf Rahasia Polda Jabar",
        tags=["Polda Jabar"],
    )
    tag = Tag.objects.get(name="Polda Jabar")
    tag_page = reverse("admin:taggit_tag_change", args=[tag.pk])

    seen_by_polda = login(staff["admin_sulsel"]).get(tag_page)
    seen_by_mabes = login(admin_mabes).get(tag_page)

    assert seen_by_polda.status_code == 200
    assert "Nama:" in seen_by_polda.content.decode()  # taggit's "name", in Indonesian
    assert "Draf Rahasia Polda Jabar" not in seen_by_polda.content.decode()
    assert "Draf Rahasia Polda Jabar" in seen_by_mabes.content.decode()
