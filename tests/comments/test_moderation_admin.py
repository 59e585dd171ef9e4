"""The moderation queue in the Django admin: scope, filters, bulk actions, reply, edits, counts."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from comments.models import Comment, CommentSettings, WordListEntry
from tests.comments.conftest import make_moderator
from tests.factories import ArticleFactory, CommentFactory, UserFactory

QUEUE = "/admin/comments/comment/"
PENDING = Comment.Status.PENDING


@pytest.fixture
def sulsel(units):
    """Pending comments under Polrestabes Makassar, Polsek Tallo (beneath it) and Polda Jabar."""
    makassar = ArticleFactory(title="Patroli Makassar", unit=units["Polrestabes Makassar"])
    tallo = ArticleFactory(title="Ronda Tallo", unit=units["Polsek Tallo"])
    jabar = ArticleFactory(title="Operasi Bandung", unit=units["Polda Jabar"])
    return {
        "makassar": CommentFactory(article=makassar, status=PENDING, text="Dari Makassar"),
        "tallo": CommentFactory(article=tallo, status=PENDING, text="Dari Tallo"),
        "jabar": CommentFactory(article=jabar, status=PENDING, text="Dari Bandung"),
    }


def browser_for(user):
    client = Client()
    client.force_login(user)
    return client


def queue_ids(client, query=""):
    response = client.get(QUEUE + query)
    assert response.status_code == 200
    return {comment.pk for comment in response.context["cl"].result_list}


def test_a_moderator_sees_only_comments_on_stories_of_their_unit_and_beneath(units, sulsel):
    moderator = make_moderator(units["Polrestabes Makassar"])
    client = browser_for(moderator)
    assert queue_ids(client) == {sulsel["makassar"].pk, sulsel["tallo"].pk}
    assert set(Comment.objects.moderatable_by(moderator)) == {sulsel["makassar"], sulsel["tallo"]}


def test_a_moderator_cannot_open_or_act_on_a_comment_outside_their_scope(units, sulsel):
    client = browser_for(make_moderator(units["Polrestabes Makassar"]))
    jabar = sulsel["jabar"]
    response = client.get(f"{QUEUE}{jabar.pk}/change/", follow=True)
    assert "Dari Bandung" not in response.content.decode()
    assert client.get(f"{QUEUE}{jabar.pk}/reply/").status_code == 404
    client.post(QUEUE, {"action": "approve", "_selected_action": [jabar.pk]})
    jabar.refresh_from_db()
    assert jabar.status == PENDING


@pytest.mark.parametrize("who", ["mabes", "superuser"])
def test_mabes_moderators_and_superusers_see_every_comment(units, sulsel, who):
    if who == "mabes":
        user = make_moderator(units["Mabes Polri"])
    else:
        user = UserFactory(is_staff=True, is_superuser=True)
    assert queue_ids(browser_for(user)) == {comment.pk for comment in sulsel.values()}


def test_staff_without_a_unit_or_inactive_see_nothing(units, sulsel):
    assert not Comment.objects.moderatable_by(UserFactory(is_staff=True)).exists()
    inactive = make_moderator(units["Mabes Polri"], is_active=False)
    assert not Comment.objects.moderatable_by(inactive).exists()


def test_the_queue_filters_by_status_unit_article_and_reason(units, sulsel):
    client = browser_for(make_moderator(units["Mabes Polri"]))
    approved = CommentFactory(article=sulsel["makassar"].article, text="Sudah tayang")
    spam = CommentFactory(
        article=sulsel["jabar"].article,  # "Operasi Bandung": the search below must tell it apart
        author_name="Pengirim Iklan",  # not a random name, which may hold "dari" (Wulandari)
        status=Comment.Status.SPAM,
        reason=Comment.Reason.HONEYPOT,
    )
    assert queue_ids(client, "?status__exact=approved") == {approved.pk}
    assert queue_ids(client, f"?unit={units['Polrestabes Makassar'].pk}") == {
        sulsel["makassar"].pk,
        sulsel["tallo"].pk,
        approved.pk,
    }
    assert queue_ids(client, f"?article__id__exact={sulsel['tallo'].article_id}") == {
        sulsel["tallo"].pk
    }
    assert queue_ids(client, "?reason__exact=honeypot") == {spam.pk}
    assert queue_ids(client, "?q=Dari+Bandung") == {sulsel["jabar"].pk}


def test_the_unit_filter_offers_only_units_in_scope(units, sulsel):
    client = browser_for(make_moderator(units["Polrestabes Makassar"]))
    html = client.get(QUEUE).content.decode()
    assert "Polsek Tallo" in html
    assert "Polda Jabar" not in html


def test_the_reason_and_its_detail_are_shown_to_the_moderator(units, sulsel):
    CommentFactory(
        article=sulsel["makassar"].article,
        status=PENDING,
        reason=Comment.Reason.MODERATION_WORD,
        reason_detail="bodoh",
    )
    html = browser_for(make_moderator(units["Mabes Polri"])).get(QUEUE).content.decode()
    assert "Kata dalam daftar moderasi (bodoh)" in html


@pytest.mark.parametrize(
    ("action", "status", "count"),
    [
        ("approve", Comment.Status.APPROVED, 2),
        ("reject", Comment.Status.REJECTED, 0),
        ("mark_spam", Comment.Status.SPAM, 0),
    ],
)
def test_bulk_actions_move_comments_and_keep_the_count(units, sulsel, action, status, count):
    client = browser_for(make_moderator(units["Polrestabes Makassar"]))
    article = sulsel["makassar"].article
    second = CommentFactory(article=article, status=PENDING)
    response = client.post(
        QUEUE, {"action": action, "_selected_action": [sulsel["makassar"].pk, second.pk]}
    )
    assert response.status_code == 302
    assert set(Comment.objects.filter(article=article).values_list("status", flat=True)) == {status}
    article.refresh_from_db()
    assert article.comment_count == count


def test_restore_puts_spam_and_rejected_back_in_the_queue_and_uncounts_approved(units, sulsel):
    article = sulsel["makassar"].article
    spam = CommentFactory(article=article, status=Comment.Status.SPAM)
    approved = CommentFactory(article=article)
    client = browser_for(make_moderator(units["Polrestabes Makassar"]))
    client.post(QUEUE, {"action": "restore", "_selected_action": [spam.pk, approved.pk]})
    assert {spam.pk, approved.pk} <= set(Comment.objects.pending().values_list("pk", flat=True))
    article.refresh_from_db()
    assert article.comment_count == 0


def test_approving_twice_counts_once(units, sulsel):
    client = browser_for(make_moderator(units["Polrestabes Makassar"]))
    for _ in range(2):
        client.post(QUEUE, {"action": "approve", "_selected_action": [sulsel["makassar"].pk]})
    article = sulsel["makassar"].article
    article.refresh_from_db()
    assert article.comment_count == 1


def test_viewers_without_the_moderate_permission_get_no_actions(units, sulsel):
    viewer = UserFactory(unit=units["Mabes Polri"], is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client = browser_for(viewer)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert 'value="approve"' not in response.content.decode()
    client.post(QUEUE, {"action": "approve", "_selected_action": [sulsel["jabar"].pk]})
    sulsel["jabar"].refresh_from_db()
    assert sulsel["jabar"].status == PENDING


def test_approve_and_reply_publishes_both_with_the_reply_nested(units, sulsel):
    moderator = make_moderator(units["Polrestabes Makassar"], display_name="Humas Makassar")
    client = browser_for(moderator)
    comment = sulsel["makassar"]
    page = client.get(f"{QUEUE}{comment.pk}/reply/")
    assert "Dari Makassar" in page.content.decode()
    response = client.post(
        f"{QUEUE}{comment.pk}/reply/", {"text": "Terima kasih, sudah kami catat."}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    reply = Comment.objects.get(parent=comment)
    assert comment.status == reply.status == Comment.Status.APPROVED
    assert (reply.user, reply.author_name) == (moderator, "Humas Makassar")
    article = comment.article
    article.refresh_from_db()
    assert article.comment_count == 2
    html = Client().get(article.get_absolute_url()).content.decode()
    assert html.index(f'id="comment-{comment.pk}"') < html.index('<ol class="children">')
    assert html.index('<ol class="children">') < html.index(f'id="comment-{reply.pk}"')


def test_editing_a_comment_keeps_its_history_and_its_count(units, sulsel):
    moderator = make_moderator(units["Polrestabes Makassar"])
    client = browser_for(moderator)
    comment = CommentFactory(article=sulsel["makassar"].article, text="Nomor HP saya 0812345")
    url = f"{QUEUE}{comment.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {**form.initial, "text": "Nomor HP saya [dihapus moderator]", "author_url": ""}
    data.update({"edits-TOTAL_FORMS": 0, "edits-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    comment.refresh_from_db()
    assert comment.text == "Nomor HP saya [dihapus moderator]"
    edit = comment.edits.get()
    assert (edit.previous_text, edit.edited_by) == ("Nomor HP saya 0812345", moderator)
    assert "Nomor HP saya 0812345" in client.get(url).content.decode()  # history shown
    comment.article.refresh_from_db()
    assert comment.article.comment_count == 1


def test_two_comments_of_one_reader_redacted_to_the_same_words_both_save(units, sulsel):
    client = browser_for(make_moderator(units["Polrestabes Makassar"]))
    article = sulsel["makassar"].article
    first, second = (
        CommentFactory(
            article=article, author_name="Budi Santoso", author_email="budi@example.id", text=text
        )
        for text in ("Nomor HP saya 0812345", "Alamat saya Jl. Veteran 7")
    )
    redacted = "[dihapus oleh moderator]"

    for comment in (first, second):
        url = f"{QUEUE}{comment.pk}/change/"
        form = client.get(url).context["adminform"].form
        data = {**form.initial, "text": redacted, "author_url": ""}
        data.update({"edits-TOTAL_FORMS": 0, "edits-INITIAL_FORMS": 0})
        assert client.post(url, data).status_code == 302

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.text == second.text == redacted


def test_changing_the_status_in_the_form_keeps_the_count(units, sulsel):
    client = browser_for(make_moderator(units["Polrestabes Makassar"]))
    comment = sulsel["makassar"]
    url = f"{QUEUE}{comment.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {**form.initial, "status": "approved", "author_url": ""}
    data.update({"edits-TOTAL_FORMS": 0, "edits-INITIAL_FORMS": 0})
    assert client.post(url, data).status_code == 302
    comment.article.refresh_from_db()
    assert comment.article.comment_count == 1
    assert not comment.edits.exists()


def test_deleting_an_approved_comment_uncounts_it(units, sulsel):
    admin = UserFactory(is_staff=True, is_superuser=True)
    comment = CommentFactory(article=sulsel["makassar"].article)
    client = browser_for(admin)
    client.post(f"{QUEUE}{comment.pk}/delete/", {"post": "yes"})
    comment.article.refresh_from_db()
    assert comment.article.comment_count == 0


def test_the_admin_index_shows_pending_comments_in_the_moderators_scope(units, sulsel):
    html = browser_for(make_moderator(units["Polrestabes Makassar"])).get("/admin/").content
    assert "2 komentar menunggu moderasi" in html.decode()
    html = browser_for(make_moderator(units["Mabes Polri"])).get("/admin/").content
    assert "3 komentar menunggu moderasi" in html.decode()
    assert QUEUE + "?status__exact=pending" in html.decode()


def test_comments_cannot_be_added_through_the_admin(units):
    client = browser_for(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(QUEUE + "add/").status_code == 403


def test_the_settings_open_as_one_page_with_their_defaults(units):
    client = browser_for(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/comments/commentsettings/", follow=True)
    form = response.context["adminform"].form
    assert form.initial["reply_depth"] == 3
    assert form.initial["flood_seconds"] == 15
    assert form.initial["hold_link_count"] == 2
    assert form.initial["close_after_days"] is None
    assert form.initial["hold_every_comment"] is False
    assert CommentSettings.objects.count() == 1


def test_changing_the_settings_refreshes_every_cached_comment_section(units):
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    story = ArticleFactory(unit=units["Polres Gowa"], publish_at=two_days_ago)
    CommentFactory(article=story, text="Komentar pertama.")
    reader = Client()
    assert "comment-reply-link" in reader.get(story.get_absolute_url()).content.decode()
    admin = browser_for(UserFactory(is_staff=True, is_superuser=True))
    form = admin.get("/admin/comments/commentsettings/1/change/").context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data = {name: value for name, value in data.items() if value is not False}
    response = admin.post(
        "/admin/comments/commentsettings/1/change/", {**data, "close_after_days": 1}
    )
    assert response.status_code == 302
    # Past its first day, the story takes no comments: no reply links, "closed" at once.
    page = reader.get(story.get_absolute_url())
    assert "X-Page-Cache" not in page
    assert "comment-reply-link" not in page.content.decode()
    assert "Komentar ditutup." in page.content.decode()


def test_moderators_can_edit_the_word_lists_with_the_listed_permissions(units):
    editor = UserFactory(unit=units["Mabes Polri"], is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="comments",
            codename__in=[
                "view_wordlistentry",
                "add_wordlistentry",
                "change_wordlistentry",
                "delete_wordlistentry",
            ],
        )
    )
    client = browser_for(editor)
    response = client.post(
        "/admin/comments/wordlistentry/add/",
        {"phrase": "penipu", "word_list": "disallowed", "category": "other", "active": "on"},
    )
    assert response.status_code == 302
    assert WordListEntry.objects.filter(phrase="penipu").exists()

    again = client.post(
        "/admin/comments/wordlistentry/add/",
        {"phrase": "penipu", "word_list": "disallowed", "category": "other", "active": "on"},
    )
    assert again.status_code == 200
    # Django's own Indonesian says "does not exist" here (locale/id overrides it).
    assert "Daftar dan Kata atau frasa ini sudah ada." in again.content.decode()
    assert WordListEntry.objects.filter(phrase="penipu").count() == 1


def test_the_permissions_the_moderator_role_needs_exist(db):
    codenames = set(
        Permission.objects.filter(content_type__app_label="comments").values_list(
            "codename", flat=True
        )
    )
    assert {
        "view_comment",
        "change_comment",
        "moderate_comment",
        "view_wordlistentry",
        "add_wordlistentry",
        "change_wordlistentry",
        "delete_wordlistentry",
    } <= codenames
    assert Permission.objects.get(codename="moderate_comment").name == "Can moderate comments"


def test_the_starter_notes_read_in_indonesian_and_a_rewritten_note_is_kept(db):
    migration = importlib.import_module("comments.migrations.0006_starter_notes_in_indonesian")
    english, indonesian = migration.NOTES["anjing"]
    WordListEntry.objects.filter(phrase="anjing").update(note=english)  # as first shipped
    WordListEntry.objects.filter(phrase="babi").update(note="Catatan moderator sendiri")

    migration.translate_starter_notes(apps, schema_editor=None)

    assert WordListEntry.objects.get(phrase="anjing").note == indonesian
    assert WordListEntry.objects.get(phrase="babi").note == "Catatan moderator sendiri"
    assert not WordListEntry.objects.filter(note__contains="held for a person").exists()
