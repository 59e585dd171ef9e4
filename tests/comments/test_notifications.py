"""Moderators of the story's unit (and the unit above) hear about held comments, in a digest."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from comments.models import Comment
from tests.comments.conftest import latest_comment, make_moderator
from tests.factories import ArticleFactory, CommentFactory


@pytest.fixture
def moderators(units):
    return {
        "tallo": make_moderator(units["Polsek Tallo"], email="tallo@humas.example.id"),
        "makassar": make_moderator(units["Polrestabes Makassar"], email="mks@humas.example.id"),
        "sulsel": make_moderator(units["Polda Sulsel"], email="sulsel@humas.example.id"),
        "mabes": make_moderator(units["Mabes Polri"], email="mabes@humas.example.id"),
        "jabar": make_moderator(units["Polda Jabar"], email="jabar@humas.example.id"),
    }


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_held_comment_emails_the_moderators_of_the_unit_and_the_unit_above(
    post, units, moderators
):
    article = ArticleFactory(title="Ronda Malam di Tallo", unit=units["Polsek Tallo"])
    post(article, name="Andi", comment="Mohon ronda juga di gang kami.")
    assert recipients() == ["mks@humas.example.id", "tallo@humas.example.id"]
    message = mail.outbox[0]
    assert "1 komentar menunggu moderasi" in message.subject
    assert "Ronda Malam di Tallo" in message.body
    assert "Andi" in message.body
    assert "Komentar pertama penulis ini" in message.body
    assert "http://testserver/admin/comments/comment/?status__exact=pending" in message.body


def test_without_moderators_nearby_the_nearest_unit_above_is_told(post, units, moderators):
    moderators["tallo"].delete()
    moderators["makassar"].delete()
    moderators["sulsel"].delete()
    post(ArticleFactory(unit=units["Polsek Tallo"]))
    assert recipients() == ["mabes@humas.example.id"]


def test_approved_and_spam_comments_email_nobody(post, units, moderators):
    article = ArticleFactory(unit=units["Polrestabes Makassar"])
    CommentFactory(author_name="Budi Santoso", author_email="budi@example.id")
    post(article)
    post(article, email="bot@example.id", comment="slot gacor", address="192.0.2.50")
    assert {c.status for c in Comment.objects.filter(article=article)} == {"approved", "spam"}
    assert mail.outbox == []


def test_a_spam_wave_sends_each_moderator_one_digest_per_interval(
    post, units, moderators, time_machine
):
    time_machine.move_to(timezone.now(), tick=True)
    article = ArticleFactory(unit=units["Polrestabes Makassar"])
    for n in range(20):
        post(article, email=f"warga{n}@example.id", comment=f"Komentar pertama nomor {n}")
    assert Comment.objects.pending().count() == 20
    assert recipients() == ["mks@humas.example.id", "sulsel@humas.example.id"]

    time_machine.shift(datetime.timedelta(minutes=31))
    post(article, email="warga-baru@example.id", comment="Komentar setelah jeda")
    assert len(mail.outbox) == 4
    digest = mail.outbox[-1]
    assert "21 komentar menunggu moderasi" in digest.subject
    assert "Komentar setelah jeda" in digest.body
    assert "Komentar pertama nomor 19" in digest.body  # held during the quiet interval


def test_a_mail_outage_does_not_lose_the_comment(post, units, moderators, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    response = post(ArticleFactory(unit=units["Polrestabes Makassar"]))
    assert response.status_code == 302
    assert latest_comment().status == Comment.Status.PENDING
    from outbox.models import OutgoingEmail

    assert OutgoingEmail.objects.filter(sent_at=None).exists()  # waits for the next try


def test_comments_held_in_the_quiet_interval_are_sent_by_the_minute_job(
    post, units, moderators, time_machine
):
    from django.core.management import call_command

    time_machine.move_to(timezone.now(), tick=True)
    article = ArticleFactory(unit=units["Polrestabes Makassar"])
    post(article, email="pertama@example.id", comment="Komentar pembuka gelombang")
    post(article, email="kedua@example.id", comment="Komentar terakhir gelombang")
    assert len(mail.outbox) == 2  # one each for Makassar and Sulsel; the second waits

    call_command("send_comment_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 2  # still inside the quiet interval

    time_machine.shift(datetime.timedelta(minutes=31))
    call_command("send_comment_digests", stdout=open("/dev/null", "w"))
    assert recipients() == [
        "mks@humas.example.id",
        "mks@humas.example.id",
        "sulsel@humas.example.id",
        "sulsel@humas.example.id",
    ]
    assert "Komentar terakhir gelombang" in mail.outbox[-1].body

    call_command("send_comment_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 4  # nothing new held: nothing more sent
