"""Odd things typed into the story form: each gets a clear error on its field, or works."""

import importlib

import pytest
from django.apps import apps
from django.test import Client
from taggit.models import Tag

from articles.models import Article
from tests.desk.conftest import PUBLISHED, admin_url, form_data, form_errors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed, slug",
    [("Festival Café", "festival-café"), ("Полиция", "полиция"), ("警察", "警察")],
)
def test_a_tag_in_any_alphabet_links_to_its_own_page(login, staff, units, category, typed, slug):
    response = login(staff["editor_sulsel"]).post(
        admin_url("add"),
        form_data(
            title="Uji Tag Beraksara Lain",
            unit=units["Polda Sulsel"].pk,
            category=category.pk,
            tags=f"{typed},",  # a comma: a name with a space is one tag
            status=PUBLISHED,
        ),
    )
    assert response.status_code == 302, form_errors(response)
    story = Article.objects.get(title="Uji Tag Beraksara Lain")
    assert list(Tag.objects.values_list("name", "slug")) == [(typed, slug)]

    reader = Client()
    page = reader.get(story.get_absolute_url())
    assert page.status_code == 200
    tag_page = reader.get(f"/tag/{slug}/")
    assert tag_page.status_code == 200
    assert "Uji Tag Beraksara Lain" in tag_page.content.decode()
    assert reader.get(f"/tag/{slug}/feed/").status_code == 200


@pytest.mark.parametrize("typed", ["😀", "!!!", "Kamtibmas, ??"])
def test_a_tag_without_a_letter_or_digit_is_refused_and_nothing_is_stored(
    login, staff, units, category, typed
):
    response = login(staff["editor_sulsel"]).post(
        admin_url("add"),
        form_data(
            title="Uji Tag Tanpa Huruf",
            unit=units["Polda Sulsel"].pk,
            category=category.pk,
            tags=typed,
        ),
    )
    assert form_errors(response) == {"tags": ["tag_without_letters"]}
    assert "setidaknya satu huruf atau angka" in response.content.decode()
    assert not Article.objects.filter(title="Uji Tag Tanpa Huruf").exists()
    assert not Tag.objects.exists()


def test_an_overlong_tag_is_refused_with_the_limit(login, staff, units, category):
    response = login(staff["editor_sulsel"]).post(
        admin_url("add"),
        form_data(unit=units["Polda Sulsel"].pk, category=category.pk, tags="a" * 101),
    )
    assert form_errors(response) == {"tags": ["tag_too_long"]}
    assert "paling banyak 100 karakter" in response.content.decode()
    assert not Tag.objects.exists()


def test_a_stored_tag_without_a_slug_gets_an_address_and_its_story_shows_again(stories):
    story = stories["live_makassar"]
    story.tags.add("Kamtibmas")
    Tag.objects.create(name="😀", slug="")  # as the form let it through before
    story.tags.add(Tag.objects.get(name="😀"))
    migration = importlib.import_module("articles.migrations.0007_tags_without_a_slug")

    migration.give_each_tag_an_address(apps, schema_editor=None)

    emoji = Tag.objects.get(name="😀")
    assert emoji.slug == f"tag-{emoji.pk}"
    assert Tag.objects.get(name="Kamtibmas").slug == "kamtibmas"
    page = Client().get(story.get_absolute_url())
    assert page.status_code == 200
    assert f'href="/tag/tag-{emoji.pk}/"' in page.content.decode()


def test_a_story_keeps_a_stored_tag_without_letters_when_it_is_saved_again(login, staff, stories):
    story = stories["draft_makassar"]
    story.tags.add(Tag.objects.create(name="😀", slug="tag-1"))
    response = login(staff["editor_sulsel"]).post(
        admin_url("change", story.pk), form_data(story, title="Judul Diperbaiki")
    )
    assert form_errors(response) == {} and response.status_code == 302
    story.refresh_from_db()
    assert story.title == "Judul Diperbaiki" and list(story.tags.names()) == ["😀"]


def test_the_address_given_to_a_tag_without_a_slug_is_its_own(stories):
    emoji = Tag.objects.create(name="😀", slug="")
    migration = importlib.import_module("articles.migrations.0007_tags_without_a_slug")
    taken = Tag.objects.create(name=f"Tag {emoji.pk}", slug=f"tag-{emoji.pk}")

    migration.give_each_tag_an_address(apps, schema_editor=None)

    emoji.refresh_from_db()
    assert emoji.slug == f"tag-{emoji.pk}-1"
    assert Tag.objects.get(pk=taken.pk).slug == f"tag-{emoji.pk}"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_publication_date_at_the_calendars_ends_is_a_field_error(login, staff, stories, day):
    story = stories["review_makassar"]
    response = login(staff["editor_sulsel"]).post(
        admin_url("change", story.pk),
        form_data(story, status=PUBLISHED, publish_at_0=day, publish_at_1="00:00:00"),
    )
    assert form_errors(response) == {"publish_at": ["publish_at_out_of_range"]}
    story.refresh_from_db()
    assert story.status != PUBLISHED
