"""Every refusal: a clear message, nothing stored, the reader's input kept and tied to its field."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from tests.comments.conftest import make_moderator
from tests.factories import ArticleFactory, CommentFactory


def errors_of(response):
    html = response.content.decode()
    return " ".join(
        re.sub(r"<[^>]+>", " ", block)
        for block in re.findall(r'<ul class="errorlist"[^>]*>.*?</ul>', html, flags=re.S)
    )


def assert_refused(response, status, message):
    assert response.status_code == status
    assert message in errors_of(response), errors_of(response)
    assert not Comment.objects.exists()


def test_a_refused_comment_is_shown_again_on_the_comment_page_with_the_input_kept(post, article):
    response = post(article, email="bukan-email", comment="Isi komentar yang panjang & penting")
    html = response.content.decode()
    assert response.status_code == 400
    assert article.title in html  # the comment page names the story
    assert "no-cache" in response["Cache-Control"]  # never stored by a shared cache
    assert 'value="Budi Santoso"' in html
    assert 'value="bukan-email"' in html
    assert "Isi komentar yang panjang &amp; penting</textarea>" in html
    # The error is tied to its field for screen readers.
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert not Comment.objects.exists()


def test_the_comment_page_is_also_the_reply_form_without_javascript(client, article):
    parent = CommentFactory(article=article, author_name="Andi", text="Apakah ada razia malam ini?")
    html = client.get(f"/komentar/{article.pk}/?balas={parent.pk}").content.decode()
    assert "Balas Andi" in html
    assert "Apakah ada razia malam ini?" in html
    assert f'name="parent" value="{parent.pk}"' in html


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("comment", "Bidang ini tidak boleh kosong."),
        ("name", "Bidang ini tidak boleh kosong."),
        ("email", "Bidang ini tidak boleh kosong."),
    ],
)
def test_an_empty_required_field_is_refused(post, article, field, message):
    response = post(article, **{field: "   " if field != "email" else ""})
    assert_refused(response, 400, message)
    assert f'aria-describedby="id_{field}_error"' in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "limit"),
    [
        ("name", "N" * 101, 100),
        ("email", "a" * 245 + "@example.id", 254),
        ("website", "https://example.id/" + "a" * 182, 200),
        ("comment", "k" * 5001, 5000),
    ],
)
def test_an_over_long_field_is_refused(post, article, field, value, limit):
    response = post(article, **{field: value})
    assert_refused(response, 400, f"paling banyak {limit} karakter")


def test_fields_at_their_limits_are_accepted(post, article):
    response = post(
        article,
        name="N" * 100,
        email="a" * 243 + "@example.id",
        website="https://example.id/" + "a" * 181,
        comment="k" * 5000,
    )
    assert response.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("email", ["budi", "budi@", "budi@example", "<script>@x.id"])
def test_an_invalid_email_is_refused(post, article, email):
    assert_refused(post(article, email=email), 400, "alamat email yang valid")


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "ftp://example.id/file", "http://", "data:text/html,x"]
)
def test_an_invalid_website_is_refused(post, article, website):
    response = post(article, website=website)
    assert_refused(response, 400, "URL yang valid")
    assert response.content.decode().count("URL yang valid") == 1  # said once, not twice


def test_a_duplicate_of_the_same_authors_comment_is_refused(post, article):
    CommentFactory(
        article=article,
        author_name="Budi Santoso",
        author_email="budi@example.id",
        text="Mantap, terima kasih Pak Polisi!",
    )
    response = post(article, email="BUDI@example.id", comment="mantap,   terima kasih pak polisi!")
    assert response.status_code == 400
    assert "Komentar ganda terdeteksi" in errors_of(response)
    assert Comment.objects.count() == 1


def test_the_same_words_from_another_author_or_on_another_story_are_not_duplicates(post, article):
    CommentFactory(article=article, author_email="andi@example.id", text="Mantap!")
    CommentFactory(author_name="Budi Santoso", author_email="budi@example.id", text="Mantap!")
    assert post(article, comment="Mantap!").status_code == 302
    assert Comment.objects.count() == 3


def test_a_second_comment_from_the_same_address_within_15_seconds_is_refused(post, article):
    post(article, address="203.0.113.5")
    response = post(
        article, address="203.0.113.5", email="lain@example.id", comment="Komentar kedua."
    )
    assert response.status_code == 429
    assert "terlalu cepat" in errors_of(response)
    assert Comment.objects.count() == 1


def test_a_second_comment_from_the_same_email_within_15_seconds_is_refused(post, article):
    post(article)
    response = post(article, comment="Komentar kedua dari alamat lain.")
    assert response.status_code == 429
    assert Comment.objects.count() == 1


def test_after_15_seconds_the_same_reader_may_post_again(post, article, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    post(article, address="203.0.113.5")
    time_machine.shift(datetime.timedelta(seconds=16))
    assert post(article, address="203.0.113.5", comment="Komentar kedua.").status_code == 302
    assert Comment.objects.count() == 2


def test_moderators_are_not_flood_limited(post, article):
    browser = Client()
    browser.force_login(make_moderator(article.unit))
    post(article, using=browser, address="203.0.113.5")
    post(article, using=browser, address="203.0.113.5", comment="Tambahan informasi.")
    assert Comment.objects.count() == 2


def test_a_closed_article_refuses_comments_and_says_so(client, post, units):
    article = ArticleFactory(unit=units["Polda Bali"], comments_open=False)
    assert "Komentar ditutup." in client.get(article.get_absolute_url()).content.decode()
    assert 'id="commentform"' not in client.get(article.get_absolute_url()).content.decode()
    response = post(article)
    assert response.status_code == 403
    assert (
        '<p class="comments-closed" role="alert">Komentar ditutup.</p>' in response.content.decode()
    )
    assert not Comment.objects.exists()


def test_a_comment_sent_after_comments_closed_comes_back_to_copy(post, units):
    """Closed while the reader was writing (an editor closed them, or the days ran out)."""
    article = ArticleFactory(unit=units["Polda Bali"], comments_open=False)
    words = "Terima kasih Pak, jalur Denpasar & <Kuta> sudah lancar."

    response = post(article, comment=words)

    html = response.content.decode()
    assert response.status_code == 403
    assert "Ini yang Anda tulis, untuk disalin" in html
    assert '<textarea id="kept-comment" rows="6" readonly>' in html
    assert "jalur Denpasar &amp; &lt;Kuta&gt; sudah lancar.</textarea>" in html
    assert 'id="commentform"' not in html and not Comment.objects.exists()


def test_comments_close_automatically_after_the_set_number_of_days(client, post, units, rules):
    old = ArticleFactory(
        unit=units["Polda Bali"], publish_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = ArticleFactory(
        unit=units["Polda Bali"], publish_at=timezone.now() - datetime.timedelta(days=29)
    )
    assert post(old).status_code == 302  # off by default
    rules.close_after_days = 30
    rules.save()
    assert "Komentar ditutup." in client.get(old.get_absolute_url()).content.decode()
    assert post(old, email="lain@example.id", comment="Lagi").status_code == 403
    assert post(recent, email="baru@example.id").status_code == 302
    assert Comment.objects.count() == 2


@pytest.mark.parametrize("parent_state", ["pending", "spam", "rejected", "other_story", "missing"])
def test_a_reply_to_a_comment_not_published_on_this_story_is_refused(post, article, parent_state):
    if parent_state == "other_story":
        parent = CommentFactory(article=ArticleFactory(unit=article.unit))
    elif parent_state == "missing":
        parent = None
    else:
        parent = CommentFactory(article=article, status=parent_state)
    before = Comment.objects.count()
    response = post(article, parent=parent.pk if parent else 999999)
    assert response.status_code == 400
    assert "tidak diterbitkan pada berita ini" in errors_of(response)
    assert Comment.objects.count() == before


def test_a_reply_refused_because_its_comment_left_can_be_sent_again_as_a_comment(post, article):
    parent = CommentFactory(article=article, author_name="Andi")
    parent.status = Comment.Status.REJECTED  # moderated while the reader was typing
    parent.save()

    refused = post(article, parent=parent.pk, comment="Saya setuju, terima kasih Pak.")
    html = refused.content.decode()
    assert refused.status_code == 400
    assert f'name="parent" value="{parent.pk}"' not in html
    assert "Saya setuju, terima kasih Pak.</textarea>" in html  # nothing typed is lost

    again = post(article, parent="", comment="Saya setuju, terima kasih Pak.")
    assert again.status_code == 302
    assert Comment.objects.get(text="Saya setuju, terima kasih Pak.").parent is None


def test_the_reply_page_of_a_comment_no_longer_published_is_a_plain_comment_form(client, article):
    parent = CommentFactory(article=article, author_name="Andi", status="rejected")
    html = client.get(f"/komentar/{article.pk}/?balas={parent.pk}").content.decode()
    assert "Balas Andi" not in html
    assert f'name="parent" value="{parent.pk}"' not in html


def test_a_story_the_public_cannot_see_takes_no_comments(post, units):
    draft = ArticleFactory(unit=units["Polda Bali"], status="draft", publish_at=None)
    assert post(draft).status_code == 404
    assert not Comment.objects.exists()


def test_a_post_without_a_usable_client_address_is_still_judged_and_stored(client, article):
    from tests.comments.conftest import form_data

    response = client.post(f"/komentar/{article.pk}/", form_data(article), REMOTE_ADDR="")
    assert response.status_code == 302
    assert Comment.objects.get().ip_address is None


def test_a_name_cannot_turn_the_text_after_it_around(post, article):
    response = post(article, name="\u202e\u2067")
    assert_refused(response, 400, "Bidang ini tidak boleh kosong.")
    post(article, name="Siti \u202eNurhaliza\u2069", email="siti@example.id")
    comment = Comment.objects.get()
    assert comment.author_name == "Siti Nurhaliza"
    comment.status = Comment.Status.APPROVED
    comment.save()
    page = Client().get(article.get_absolute_url()).content.decode()
    assert '<b class="comment-author"><bdi>Siti Nurhaliza</bdi></b>' in page
