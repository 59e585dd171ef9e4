"""Scope: a staff member works on their unit and the units beneath it, through every door.

One test per admin entry point, in scope and out of scope, including typed URLs.
"""

import json

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.desk.conftest import IN_REVIEW, PUBLISHED, admin_url, form_data
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def titles(queryset):
    return set(queryset.values_list("title", flat=True))


def test_an_operator_edits_their_unit_and_the_units_beneath_it(units, staff, stories, category):
    from tests.desk.conftest import DRAFT, story

    polsek = story(units["Polsek Tallo"], staff["operator_makassar"], category, DRAFT, "Polsek")
    polda = story(units["Polda Sulsel"], staff["editor_sulsel"], category, DRAFT, "Polda")
    editable = Article.objects.editable_by(staff["operator_makassar"])
    assert polsek in editable
    assert stories["draft_makassar"] in editable
    assert polda not in editable  # the Polda above is not theirs
    assert not titles(editable) & {"Draf Jabar Mudik Nagreg", "Tayang Jabar Pengamanan Stadion"}


def test_a_polda_editor_edits_the_whole_polda_and_nothing_of_another(staff, stories):
    editable = titles(Article.objects.editable_by(staff["editor_sulsel"]))
    assert "Draf Makassar Patroli Pantai" in editable
    assert not any("Jabar" in title for title in editable)


def test_mabes_staff_and_superusers_see_every_unit(staff, stories):
    for user in (staff["editor_mabes"], staff["superuser"]):
        assert Article.objects.editable_by(user).count() == len(stories)


def test_readers_staff_without_a_unit_and_inactive_staff_edit_nothing(units, stories):
    reader = UserFactory()
    no_unit = StaffFactory(unit=None)
    inactive = StaffFactory(unit=units["Mabes Polri"], is_active=False)
    for user in (reader, no_unit, inactive):
        assert not Article.objects.editable_by(user).exists()


# One test per entry point.


def test_list_shows_only_stories_in_scope(login, staff, stories):
    response = login(staff["operator_makassar"]).get(admin_url("changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draf Makassar Patroli Pantai" in page
    assert "Jabar" not in page


def test_list_search_and_filters_cannot_reach_another_polda(login, staff, stories, units):
    client = login(staff["operator_makassar"])
    searched = client.get(admin_url("changelist"), {"q": "Jabar"})
    assert "Draf Jabar" not in searched.content.decode()
    filtered = client.get(admin_url("changelist"), {"unit": units["Polda Jabar"].pk})
    assert "Jabar" not in filtered.content.decode()
    authors = client.get(admin_url("changelist"))
    assert staff["operator_jabar"].get_display_name() not in authors.content.decode()


def test_change_form_opens_in_scope_and_is_a_404_out_of_scope(login, staff, stories):
    client = login(staff["operator_makassar"])
    assert client.get(admin_url("change", stories["draft_makassar"].pk)).status_code == 200
    response = client.get(admin_url("change", stories["draft_jabar"].pk))
    assert response.status_code == 404
    assert "Draf Jabar" not in response.content.decode()


def test_posting_to_another_poldas_story_changes_nothing(login, staff, stories):
    target = stories["draft_jabar"]
    response = login(staff["editor_sulsel"]).post(
        admin_url("change", target.pk), form_data(target, title="Diretas")
    )
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.title == "Draf Jabar Mudik Nagreg"


def test_delete_is_a_404_out_of_scope_and_works_in_scope(login, staff, stories):
    client = login(staff["editor_sulsel"])
    outside = stories["draft_jabar"]
    assert client.get(admin_url("delete", outside.pk)).status_code == 404
    assert client.post(admin_url("delete", outside.pk), {"post": "yes"}).status_code == 404
    assert Article.objects.filter(pk=outside.pk).exists()
    inside = stories["draft_makassar"]
    assert client.post(admin_url("delete", inside.pk), {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=inside.pk).exists()


def test_bulk_action_on_a_mixed_selection_changes_only_stories_in_scope(login, staff, stories):
    selected = [stories["review_makassar"], stories["review_jabar"], stories["draft_jabar"]]
    login(staff["editor_sulsel"]).post(
        admin_url("changelist"),
        {"action": "publish_now", "_selected_action": [s.pk for s in selected]},
    )
    statuses = dict(Article.objects.values_list("title", "status"))
    assert statuses["Ulasan Makassar Bakti Sosial"] == PUBLISHED
    assert statuses["Ulasan Jabar Patroli Puncak"] == IN_REVIEW
    assert statuses["Draf Jabar Mudik Nagreg"] == "draft"


def test_bulk_delete_on_a_mixed_selection_deletes_only_stories_in_scope(login, staff, stories):
    selected = [stories["draft_makassar"], stories["draft_jabar"]]
    login(staff["editor_sulsel"]).post(
        admin_url("changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [s.pk for s in selected]},
    )
    assert not Article.objects.filter(pk=stories["draft_makassar"].pk).exists()
    assert Article.objects.filter(pk=stories["draft_jabar"].pk).exists()


def test_unit_autocomplete_offers_only_units_in_scope(login, staff, units):
    response = login(staff["operator_makassar"]).get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "unit", "term": "Pol"},
    )
    assert response.status_code == 200
    names = {result["text"] for result in json.loads(response.content)["results"]}
    assert "Polsek Tallo" in names
    assert "Polda Jabar" not in names
    assert "Polda Sulsel" not in names


def test_a_story_is_filed_under_a_live_unit_only(login, staff, units, category, stories):
    tallo = units["Polsek Tallo"]
    story = stories["draft_makassar"]
    story.unit = tallo
    story.save()
    tallo.active = False  # planned, or dissolved since the story was written
    tallo.save()
    client = login(staff["operator_makassar"])
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "unit", "term": "Pol"},
    )
    names = {result["text"] for result in json.loads(response.content)["results"]}
    assert "Polsek Tallo" not in names and "Polrestabes Makassar" in names
    refused = client.post(admin_url("add"), form_data(unit=tallo.pk, category=category.pk))
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["unit"] == [
        "Polsek Tallo tidak aktif: berita tidak dapat diterbitkan atas nama satuan ini."
    ]
    assert not Article.objects.filter(unit=tallo).exclude(pk=story.pk).exists()
    kept = client.post(admin_url("change", story.pk), form_data(story, title="Judul Baru"))
    assert kept.status_code == 302  # a story already there may stay
    story.refresh_from_db()
    assert story.title == "Judul Baru" and story.unit == tallo


def test_unit_field_offers_units_in_scope_and_defaults_to_the_users_own(login, staff, units):
    response = login(staff["operator_makassar"]).get(admin_url("add"))
    unit_field = response.context["adminform"].form.fields["unit"]
    assert set(unit_field.queryset) == set(units["Polrestabes Makassar"].subtree())
    assert unit_field.initial == units["Polrestabes Makassar"].pk


def test_assigning_a_story_to_another_polda_is_refused(login, staff, units, category):
    response = login(staff["operator_makassar"]).post(
        admin_url("add"), form_data(unit=units["Polda Jabar"].pk, category=category.pk)
    )
    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_preview_in_scope_renders_the_story_and_is_never_cached(login, staff, stories):
    response = login(staff["editor_sulsel"]).get(admin_url("preview", stories["draft_makassar"].pk))
    assert response.status_code == 200
    assert "Draf Makassar Patroli Pantai" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_preview_out_of_scope_is_a_404(login, staff, stories):
    response = login(staff["editor_sulsel"]).get(admin_url("preview", stories["draft_jabar"].pk))
    assert response.status_code == 404
    assert "Draf Jabar" not in response.content.decode()


def test_the_public_gets_a_404_for_a_preview_and_for_the_drafts_address(client, stories):
    draft = stories["draft_makassar"]
    assert client.get(admin_url("preview", draft.pk)).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_history_opens_in_scope_and_is_a_404_out_of_scope(login, staff, stories):
    client = login(staff["operator_makassar"])
    assert client.get(admin_url("history", stories["draft_makassar"].pk)).status_code == 200
    assert client.get(admin_url("history", stories["draft_jabar"].pk)).status_code == 404


def revision_of(article, editor_client):
    editor_client.post(admin_url("change", article.pk), form_data(article, title="Judul Kedua"))
    return Version.objects.get_for_object(article).order_by("pk").first()


def test_revision_restore_is_a_404_out_of_scope(login, staff, stories, client):
    target = stories["draft_jabar"]
    old = revision_of(target, login(staff["editor_jabar"]))
    client.force_login(staff["editor_sulsel"])
    url = reverse("admin:articles_article_revision", args=[target.pk, old.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(target)).status_code == 404
    target.refresh_from_db()
    assert target.title == "Judul Kedua"


def test_revision_restore_in_scope_brings_back_the_old_text(login, staff, stories):
    target = stories["draft_makassar"]
    client = login(staff["operator_makassar"])
    client.post(admin_url("change", target.pk), form_data(target))  # first revision
    old = Version.objects.get_for_object(target).order_by("pk").first()
    client.post(admin_url("change", target.pk), form_data(target, title="Judul Baru"))
    url = reverse("admin:articles_article_revision", args=[target.pk, old.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(target, title="Draf Makassar Patroli Pantai"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.title == "Draf Makassar Patroli Pantai"


def test_compare_of_two_revisions_is_a_404_out_of_scope(login, staff, stories, client):
    target = stories["draft_jabar"]
    jabar = login(staff["editor_jabar"])
    jabar.post(admin_url("change", target.pk), form_data(target, title="Satu"))
    jabar.post(admin_url("change", target.pk), form_data(target, title="Dua"))
    first, second = Version.objects.get_for_object(target).order_by("pk")
    url = reverse("admin:articles_article_compare", args=[target.pk])
    query = {"version_id1": first.pk, "version_id2": second.pk}
    assert jabar.get(url, query).status_code == 200
    client.force_login(staff["editor_sulsel"])
    assert client.get(url, query).status_code == 404


def test_recovering_deleted_stories_is_for_the_national_desk_only(login, staff):
    assert login(staff["editor_sulsel"]).get(admin_url("recoverlist")).status_code == 403
    assert login(staff["superuser"]).get(admin_url("recoverlist")).status_code == 200
