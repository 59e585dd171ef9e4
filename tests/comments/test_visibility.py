"""Who sees a comment: held ones only by their author, approved ones by everyone, spam by nobody."""

import re

from django.test import Client
from django.utils import timezone

from comments import services
from comments.cookies import PENDING_COOKIE
from comments.models import Comment
from tests.comments.conftest import latest_comment
from tests.factories import ArticleFactory, CommentFactory, UserFactory


def text_of(response):
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_author_lands_on_their_comment_and_sees_it_awaiting_moderation(client, post, article):
    response = post(article, comment="Mohon patroli juga di Jalan Veteran.")
    comment = latest_comment()
    assert comment.status == Comment.Status.PENDING
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"

    page = text_of(client.get(article.get_absolute_url()))
    assert "Mohon patroli juga di Jalan Veteran." in page
    assert "Komentar Anda sedang menunggu moderasi." in page
    assert "0 Komentar" in page


def test_a_fresh_visitor_does_not_see_a_held_comment_and_the_count_is_unchanged(post, article):
    post(article, comment="Mohon patroli juga di Jalan Veteran.")
    page = text_of(Client().get(article.get_absolute_url()))
    assert "Mohon patroli juga di Jalan Veteran." not in page
    assert "menunggu moderasi" not in page
    assert "0 Komentar" in page
    article.refresh_from_db()
    assert article.comment_count == 0


def test_the_pending_cookie_cannot_be_forged_to_read_someone_elses_held_comment(article):
    held = CommentFactory(article=article, status=Comment.Status.PENDING, text="Rahasia orang lain")
    nosy = Client()
    nosy.cookies[PENDING_COOKIE] = str(held.pk)
    assert "Rahasia orang lain" not in text_of(nosy.get(article.get_absolute_url()))


def test_visibility_is_not_by_address(post, article):
    post(article, comment="Dari warung kopi yang sama.", address="203.0.113.7")
    same_address = Client(REMOTE_ADDR="203.0.113.7")
    assert "Dari warung kopi yang sama." not in text_of(
        same_address.get(article.get_absolute_url())
    )


def test_approval_shows_the_comment_to_everyone_and_counts_it(post, article):
    post(article, comment="Mohon patroli juga di Jalan Veteran.")
    services.moderate(Comment.objects.filter(pk=latest_comment().pk), Comment.Status.APPROVED)
    page = text_of(Client().get(article.get_absolute_url()))
    assert "Mohon patroli juga di Jalan Veteran." in page
    assert "1 Komentar" in page
    assert "menunggu moderasi" not in page
    english = text_of(Client().get("/en" + article.get_absolute_url()))
    assert "1 Comment" in english and "1 Comments" not in english


def test_rejecting_an_approved_comment_hides_it_and_uncounts_it(article):
    comment = CommentFactory(article=article, text="Komentar yang kemudian ditolak.")
    assert "1 Komentar" in text_of(Client().get(article.get_absolute_url()))
    services.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.REJECTED)
    page = text_of(Client().get(article.get_absolute_url()))
    assert "Komentar yang kemudian ditolak." not in page
    assert "0 Komentar" in page


def test_spam_never_shows_not_even_to_its_author(client, post, article):
    response = post(article, comment="Daftar slot gacor hari ini!")
    assert latest_comment().status == Comment.Status.SPAM
    assert response["Location"] == f"{article.get_absolute_url()}#komentar"
    page = text_of(client.get(article.get_absolute_url()))
    assert "slot gacor" not in page
    assert "0 Komentar" in page


def test_a_signed_in_reader_sees_their_held_comment_from_any_browser(article, post):
    reader = UserFactory(display_name="Siti Aminah")
    first_browser = Client()
    first_browser.force_login(reader)
    post(article, using=first_browser, comment="Komentar dari ponsel saya.")
    other_browser = Client()
    other_browser.force_login(reader)
    page = text_of(other_browser.get(article.get_absolute_url()))
    assert "Komentar dari ponsel saya." in page
    assert "menunggu moderasi" in page


def test_signed_in_readers_comment_under_their_account_without_name_or_email(article, post):
    reader = UserFactory(display_name="Siti Aminah", email="siti@example.id")
    browser = Client()
    browser.force_login(reader)
    page = text_of(browser.get(article.get_absolute_url()))
    assert "Masuk sebagai Siti Aminah." in page
    assert 'name="email"' not in browser.get(article.get_absolute_url()).content.decode()

    response = post(article, using=browser, name="", email="", comment="Saya ikut mendukung.")
    assert response.status_code == 302
    comment = latest_comment()
    assert (comment.user, comment.author_name, comment.author_email) == (
        reader,
        "Siti Aminah",
        "siti@example.id",
    )


def test_save_my_name_sets_a_cookie_only_when_checked(client, post, article, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    response = post(article, comment="Tanpa menyimpan nama.")
    assert "komentar_penulis" not in response.cookies
    time_machine.shift(60)

    other = ArticleFactory(unit=article.unit)
    response = post(other, comment="Simpan nama saya.", remember="on", website="https://budi.id")
    assert "komentar_penulis" in response.cookies
    form = client.get(other.get_absolute_url()).content.decode()
    assert 'value="Budi Santoso"' in form
    assert 'value="budi@example.id"' in form
    assert 'value="https://budi.id"' in form
    time_machine.shift(60)

    third = ArticleFactory(unit=article.unit)
    response = post(third, comment="Lupakan nama saya.")
    assert response.cookies["komentar_penulis"]["max-age"] == 0
    assert 'value="Budi Santoso"' not in client.get(third.get_absolute_url()).content.decode()
