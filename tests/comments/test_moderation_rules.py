"""Each moderation rule: approved at once, held for a moderator, or kept as spam — and why."""

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment, WordListEntry
from comments.moderation import WordList, count_links
from tests.comments.conftest import latest_comment, make_moderator
from tests.factories import ArticleFactory, CommentFactory, UserFactory

HELD, APPROVED, SPAM = Comment.Status.PENDING, Comment.Status.APPROVED, Comment.Status.SPAM


def outcome():
    comment = latest_comment()
    return comment.status, comment.reason


def test_a_guests_first_comment_is_held(post, article):
    post(article)
    assert outcome() == (HELD, Comment.Reason.FIRST_COMMENT)


def test_a_guest_whose_name_and_email_have_an_approved_comment_is_approved_immediately(
    post, article
):
    CommentFactory(
        article=ArticleFactory(unit=article.unit),
        author_name="Budi Santoso",
        author_email="Budi@Example.id",
    )
    post(article, name="budi santoso ", email="budi@example.id")
    assert outcome() == (APPROVED, "")
    article.refresh_from_db()
    assert article.comment_count == 1


def test_a_trusted_guests_email_under_another_name_is_held(post, article):
    CommentFactory(author_name="Siti Nurhaliza", author_email="siti@example.id")
    post(article, name="Kapolda Sulsel (resmi)", email="SITI@example.id")
    assert outcome() == (HELD, Comment.Reason.FIRST_COMMENT)
    assert "Kapolda Sulsel" not in Client().get(article.get_absolute_url()).content.decode()


def test_an_earlier_held_or_rejected_comment_does_not_make_an_author_trusted(post, article):
    CommentFactory(
        author_name="Budi Santoso", author_email="budi@example.id", status=Comment.Status.PENDING
    )
    CommentFactory(
        author_name="Budi Santoso", author_email="budi@example.id", status=Comment.Status.REJECTED
    )
    post(article, email="budi@example.id")
    assert outcome() == (HELD, Comment.Reason.FIRST_COMMENT)


def test_a_signed_in_reader_with_an_approved_comment_is_approved_immediately(post, article):
    reader = UserFactory()
    CommentFactory(user=reader, author_key=f"user:{reader.pk}", author_email=reader.email)
    browser = Client()
    browser.force_login(reader)
    post(article, using=browser)
    assert outcome() == (APPROVED, "")


def test_a_guest_typing_an_accounts_email_is_not_trusted_by_that_accounts_history(post, article):
    reader = UserFactory(email="siti@example.id")
    CommentFactory(user=reader, author_key=f"user:{reader.pk}", author_email=reader.email)
    post(article, email="siti@example.id", name="Bukan Siti")
    assert outcome() == (HELD, Comment.Reason.FIRST_COMMENT)


def test_staff_with_moderation_rights_are_approved_immediately(post, article):
    moderator = make_moderator(article.unit)
    browser = Client()
    browser.force_login(moderator)
    post(article, using=browser, comment="Lihat https://polri.go.id dan https://humas.polri.go.id")
    assert outcome() == (APPROVED, "")


def test_staff_without_moderation_rights_are_held_like_anyone(post, article):
    operator = UserFactory(unit=article.unit, is_staff=True)
    browser = Client()
    browser.force_login(operator)
    post(article, using=browser)
    assert outcome() == (HELD, Comment.Reason.FIRST_COMMENT)


def test_hold_first_comment_can_be_switched_off(post, article, rules):
    rules.hold_first_comment = False
    rules.save()
    post(article)
    assert outcome() == (APPROVED, "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Info lengkap di https://polri.go.id", (APPROVED, "")),
        ("Lihat https://polri.go.id dan www.humas.polri.go.id", (HELD, Comment.Reason.LINKS)),
        ("Kunjungi promo.xyz dan diskon.com sekarang", (HELD, Comment.Reason.LINKS)),
    ],
)
def test_two_links_hold_even_a_trusted_authors_comment(post, article, text, expected):
    CommentFactory(author_name="Budi Santoso", author_email="budi@example.id")
    post(article, comment=text)
    assert outcome() == expected


def test_the_link_limit_is_a_setting(post, article, rules):
    rules.hold_link_count = 3
    rules.save()
    CommentFactory(author_name="Budi Santoso", author_email="budi@example.id")
    post(article, comment="Lihat https://polri.go.id dan https://humas.polri.go.id")
    assert outcome() == (APPROVED, "")


@pytest.mark.parametrize(
    "text",
    [
        "Dasar bodoh",
        "Dasar BODOH!",
        "Dasar b0d0h",
        "Dasar b.o.d.o.h",
        "Dasar b-o-d-o-h",
        "Dasar b o d o h",
        "Dasar bodooooohhh",
        "Dasar B.0.D.0.H",
        "Memang bodohnya kelewatan",
        "Polisi g0bl0kk",
        "Sebarkan sebelum dihapus!!",
        "Ini info A1 dari orang dalam",
        "Dasar kadrun",
    ],
)
def test_a_match_on_the_moderation_list_holds_even_a_trusted_author(post, article, text):
    CommentFactory(author_name="Budi Santoso", author_email="budi@example.id")
    post(article, comment=text)
    status, reason = outcome()
    assert (status, reason) == (HELD, Comment.Reason.MODERATION_WORD)
    assert latest_comment().reason_detail  # the word that matched, shown to the moderator


def test_the_moderation_list_is_checked_against_the_name_too(post, article):
    CommentFactory(author_name="Budi Santoso", author_email="budi@example.id")
    post(article, name="Si Goblok")
    assert outcome() == (HELD, Comment.Reason.MODERATION_WORD)


@pytest.mark.parametrize(
    "text",
    ["Kebodohan harus dilawan dengan pendidikan.", "Kampung Bodohan", "Polisi membantu warga."],
)
def test_words_match_whole_words_only(post, article, text):
    CommentFactory(author_name="Budi Santoso", author_email="budi@example.id")
    post(article, comment=text)
    assert outcome() == (APPROVED, "")


def test_hold_every_comment_holds_even_a_trusted_author(post, article, rules):
    rules.hold_every_comment = True
    rules.save()
    CommentFactory(author_name="Budi Santoso", author_email="budi@example.id")
    post(article)
    assert outcome() == (HELD, Comment.Reason.HOLD_ALL)


@pytest.mark.parametrize(
    "text", ["Daftar slot gacor hari ini", "S.L.O.T G4C0R maxwin", "SLOTGACOR", "judi online aman"]
)
def test_a_match_on_the_disallowed_list_is_spam_kept_for_review(post, article, text):
    CommentFactory(author_name="Budi Santoso", author_email="budi@example.id")
    post(article, comment=text)
    assert outcome() == (SPAM, Comment.Reason.DISALLOWED_WORD)
    assert Comment.objects.filter(text=text, status=SPAM).exists()


def test_a_filled_honeypot_is_spam(post, article):
    post(article, homepage_url="http://cheap-pills.example")
    assert outcome() == (SPAM, Comment.Reason.HONEYPOT)


def test_a_post_faster_than_a_person_can_write_is_spam(post, article):
    post(article, seconds_ago=1)
    assert outcome() == (SPAM, Comment.Reason.TOO_FAST)


@pytest.mark.parametrize("token", ["", "forged", "eyJhIjoxLCJ0IjowfQ:1tAAAA:forgedsignature"])
def test_a_missing_or_forged_form_timestamp_is_spam(post, article, token):
    post(article, token=token)
    assert outcome() == (SPAM, Comment.Reason.BAD_TOKEN)


def test_a_timestamp_issued_for_another_story_is_spam(client, article):
    from tests.comments.conftest import form_data

    other = ArticleFactory(unit=article.unit)
    data = form_data(other)
    client.post(f"/komentar/{article.pk}/", data)
    assert outcome() == (SPAM, Comment.Reason.BAD_TOKEN)


def test_word_lists_are_data_an_admin_can_change(post, article, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    CommentFactory(author_name="Budi Santoso", author_email="budi@example.id")
    WordListEntry.objects.create(phrase="penipu", word_list=WordListEntry.List.DISALLOWED)
    post(article, comment="Dasar p3n1pu")
    assert outcome() == (SPAM, Comment.Reason.DISALLOWED_WORD)
    WordListEntry.objects.filter(phrase="bodoh").update(active=False)
    time_machine.shift(60)
    post(article, comment="Jangan bodoh")
    assert outcome() == (APPROVED, "")


def test_the_starter_lists_ship_hate_speech_insults_and_hoax_markers(db):
    shipped = set(WordListEntry.objects.values_list("word_list", "category"))
    moderation, disallowed = WordListEntry.List.MODERATION, WordListEntry.List.DISALLOWED
    for category in ("hate_speech", "insult", "hoax"):
        assert (moderation, category) in shipped
    assert (disallowed, "gambling") in shipped


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("4nj1ng", "anjing"),
        ("@nj!ng", "anjing"),
        ("anjing!!!", "anjing"),
        ("bo\u200bdoh", "bodoh"),  # zero-width space inside the word
        ("ｂｏｄｏｈ", "bodoh"),  # full-width letters
        ("b_o_d_o_h", "bodoh"),
        ("slot    gacor", "slot gacor"),
        ("mobodoh", None),
        ("2018", None),
    ],
)
def test_normalisation_sees_through_common_disguises(text, match):
    assert WordList(["anjing", "bodoh", "slot gacor"]).first_match(text) == match


def test_links_are_counted_whatever_their_form():
    assert count_links("https://a.id http://b.com/x www.c.org d.net e@f.id") == 4
