"""Every save keeps a revision; the history shows revisions, a diff, and who did what when."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles import services
from tests.desk.conftest import PUBLISHED, admin_url, form_data

pytestmark = pytest.mark.django_db


def test_every_save_from_the_desk_keeps_a_revision_with_its_author(login, staff, stories):
    story = stories["draft_makassar"]
    client = login(staff["operator_makassar"])
    client.post(admin_url("change", story.pk), form_data(story, title="Versi Satu"))
    client.post(admin_url("change", story.pk), form_data(story, title="Versi Dua"))
    versions = Version.objects.get_for_object(story).order_by("pk")
    assert [v.field_dict["title"] for v in versions] == ["Versi Satu", "Versi Dua"]
    assert {v.revision.user for v in versions} == {staff["operator_makassar"]}


def test_workflow_moves_keep_a_revision_too(staff, stories):
    services.move(stories["review_makassar"], staff["editor_sulsel"], PUBLISHED)
    latest = Version.objects.get_for_object(stories["review_makassar"]).first()
    assert latest.field_dict["status"] == PUBLISHED
    assert latest.revision.comment == "Diterbitkan."


def test_the_diff_of_two_revisions_shows_what_changed(login, staff, stories):
    story = stories["draft_makassar"]
    client = login(staff["operator_makassar"])
    client.post(
        admin_url("change", story.pk),
        form_data(story, body="<p>Kapolres meninjau pos lama di pantai.</p>"),
    )
    client.post(
        admin_url("change", story.pk),
        form_data(story, body="<p>Kapolres meninjau pos baru di pantai.</p>"),
    )
    first, second = Version.objects.get_for_object(story).order_by("pk")
    response = client.get(
        reverse("admin:articles_article_compare", args=[story.pk]),
        {"version_id1": first.pk, "version_id2": second.pk},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<del>lama</del>" in page and "<ins>baru</ins>" in page
    assert "<h3>satuan" not in page  # unchanged fields are not listed


def test_restoring_a_live_version_is_refused_to_an_operator(login, staff, stories):
    story = stories["review_makassar"]
    services.move(story, staff["editor_sulsel"], PUBLISHED)
    published_version = Version.objects.get_for_object(story).first()
    services.move(story, staff["editor_sulsel"], "unpublished")
    story.refresh_from_db()
    story.status = "draft"
    story.save()
    url = reverse("admin:articles_article_revision", args=[story.pk, published_version.pk])
    response = login(staff["operator_makassar"]).post(url, form_data(story, status=PUBLISHED))
    assert response.status_code == 200  # the form again, with the refusal
    assert "status" in response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.status == "draft"


def test_an_editor_restores_a_live_storys_text_from_before_it_was_published(login, staff, stories):
    story = stories["review_makassar"]
    operator = login(staff["operator_makassar"])
    operator.post(admin_url("change", story.pk), form_data(story, title="Judul Sebelum Terbit"))
    before_publishing = Version.objects.get_for_object(story).first()
    editor = login(staff["editor_sulsel"])
    services.move(story, staff["editor_sulsel"], PUBLISHED)
    story.refresh_from_db()
    editor.post(admin_url("change", story.pk), form_data(story, title="Judul Setelah Terbit"))
    story.refresh_from_db()
    story.view_count = 41
    story.save(update_fields=["view_count"])
    address, published_at = story.get_absolute_url(), story.publish_at
    assert "Judul Setelah Terbit" in editor.get(address).content.decode()

    url = reverse("admin:articles_article_revision", args=[story.pk, before_publishing.pk])
    shown = editor.get(url)
    assert shown.status_code == 200
    assert shown.context["adminform"].form["status"].value() == PUBLISHED
    response = editor.post(url, form_data(story, title="Judul Sebelum Terbit"))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "Judul Sebelum Terbit" and story.status == PUBLISHED
    assert story.publish_at == published_at and story.get_absolute_url() == address
    assert story.view_count == 41
    assert "Judul Sebelum Terbit" in editor.get(address).content.decode()  # purged


def test_the_history_page_lists_who_did_what_when(login, staff, stories):
    story = stories["review_makassar"]
    services.move(story, staff["editor_sulsel"], PUBLISHED)
    page = login(staff["editor_sulsel"]).get(admin_url("history", story.pk)).content.decode()
    assert "editor.sulsel" in page
    assert "Diterbitkan." in page


def test_the_desk_speaks_indonesian_where_its_libraries_do_not(login, staff, stories):
    story = stories["draft_makassar"]
    editor = login(staff["editor_sulsel"])
    editor.post(admin_url("change", story.pk), form_data(story, title="Versi Satu"))
    editor.post(admin_url("change", story.pk), form_data(story, title="Versi Dua"))
    first, second = Version.objects.get_for_object(story).order_by("pk")
    pages = {
        "form": editor.get(admin_url("change", story.pk)),
        "history": editor.get(admin_url("history", story.pk)),
        "revision": editor.get(
            reverse("admin:articles_article_revision", args=[story.pk, first.pk])
        ),
        "compare": editor.get(
            reverse("admin:articles_article_compare", args=[story.pk]),
            {"version_id1": first.pk, "version_id2": second.pk},
        ),
    }
    expected = {
        "form": "Daftar tag, dipisahkan koma.",  # django-taggit
        "history": "untuk kembali ke versi sebelumnya",  # django-reversion
        "revision": "Kembalikan",
        "compare": "Kembali ke daftar riwayat",  # django-reversion-compare
    }
    for name, response in pages.items():
        page = response.content.decode()
        assert response.status_code == 200, name
        assert expected[name] in page, name
        assert "Tribrata News · Meja redaksi" in page and "Django" not in page, name


def test_the_history_names_the_changed_fields_in_indonesian(login, staff, stories):
    story = stories["draft_makassar"]
    editor = login(staff["editor_sulsel"])
    editor.post(
        admin_url("change", story.pk),
        form_data(story, title="Judul Baru", lead="Teras baru.", body="<p>Isi baru.</p>"),
    )
    page = editor.get(admin_url("history", story.pk)).content.decode()
    assert "Judul, Teras berita dan Isi berubah." in page
    form = editor.get(admin_url("change", story.pk)).content.decode()
    assert ">Isi:</label>" in form and ">Gambar utama:</label>" in form


def test_restoring_a_revision_brings_back_its_tags_and_the_diff_shows_them(
    login, staff, stories, client
):
    story = stories["live_makassar"]
    editor = login(staff["editor_sulsel"])
    editor.post(admin_url("change", story.pk), form_data(story, tags="mudik, Operasi Ketupat"))
    editor.post(admin_url("change", story.pk), form_data(story, tags="uji, baru"))
    with_mudik, with_uji = Version.objects.get_for_object(story).order_by("pk")

    compare = editor.get(
        reverse("admin:articles_article_compare", args=[story.pk]),
        {"version_id1": with_mudik.pk, "version_id2": with_uji.pk},
    ).content.decode()
    assert "Operasi Ketupat" in compare and "uji" in compare

    url = reverse("admin:articles_article_revision", args=[story.pk, with_mudik.pk])
    offered = editor.get(url).context["adminform"].form["tags"].value()
    assert offered == '"Operasi Ketupat", mudik'
    response = editor.post(url, form_data(story, tags=offered))

    assert response.status_code == 302
    assert sorted(story.tags.names()) == ["Operasi Ketupat", "mudik"]
    client.logout()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "#mudik" in page and "#uji" not in page
