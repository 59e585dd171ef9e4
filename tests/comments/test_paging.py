"""Long threads are paged: 50 conversations (a comment with all its replies) a page, oldest first,
further pages at ?komentar=N; every link to a comment leads to the page that shows it."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from comments import services
from comments.models import Comment
from tests.comments.conftest import latest_comment, make_moderator
from tests.factories import CommentFactory

START = timezone.now() - datetime.timedelta(days=2)


def at(minutes):
    return START + datetime.timedelta(minutes=minutes)


def conversations(article, count):
    """`count` top-level comments a minute apart, each answered once; returns the top ones."""
    tops = []
    for n in range(count):
        top = CommentFactory(article=article, created_at=at(2 * n), text=f"Percakapan {n + 1}")
        CommentFactory(
            article=article, parent=top, created_at=at(2 * n + 1), text=f"Balasan {n + 1}"
        )
        tops.append(top)
    return tops


def page(article, query="", client=None):
    response = (client or Client()).get(article.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def shown_ids(html):
    return [int(pk) for pk in re.findall(r'<li id="comment-(\d+)"', html)]


def comment_page_links(html):
    """The older and newer comment-page links under the thread ("" where there is none)."""
    nav = re.search(r'<nav class="pagination comment-navigation".*?</nav>', html, re.S)
    if nav is None:
        return "", ""
    older = re.search(r'<a href="([^"]*)">&larr; Komentar lebih lama</a>', nav.group(0))
    newer = re.search(r'<a href="([^"]*)">Komentar lebih baru &rarr;</a>', nav.group(0))
    return (older.group(1) if older else ""), (newer.group(1) if newer else "")


def with_replies(tops):
    """The ids of these conversations in page order: each top comment, then its reply."""
    ids = []
    for top in tops:
        ids += [top.pk, Comment.objects.get(parent=top).pk]
    return ids


@pytest.fixture
def long_thread(article):
    return conversations(article, 120)


def test_the_first_page_shows_the_50_oldest_conversations_and_links_to_newer_ones(
    article, long_thread
):
    html = page(article)
    assert shown_ids(html) == with_replies(long_thread[:50])
    url = article.get_absolute_url()
    assert comment_page_links(html) == ("", f"{url}?komentar=2#komentar")
    assert "Halaman komentar 1" in html
    assert shown_ids(page(article, "?komentar=1")) == shown_ids(html)


def test_the_second_page_shows_the_next_50_and_links_both_ways(article, long_thread):
    html = page(article, "?komentar=2")
    assert shown_ids(html) == with_replies(long_thread[50:100])
    url = article.get_absolute_url()
    # The first page is the story's own address, not a second copy of it at ?komentar=1.
    assert comment_page_links(html) == (f"{url}#komentar", f"{url}?komentar=3#komentar")
    assert "Halaman komentar 2" in html
    assert "240 Komentar" in html  # the count is the story's, not the page's


def test_the_last_page_holds_the_rest_and_has_no_newer_link(article, long_thread):
    html = page(article, "?komentar=3")
    assert shown_ids(html) == with_replies(long_thread[100:])
    assert comment_page_links(html) == (f"{article.get_absolute_url()}?komentar=2#komentar", "")


def test_the_english_page_links_to_english_pages(article, long_thread):
    english = "/en" + article.get_absolute_url()
    html = Client().get(english + "?komentar=2").content.decode()
    assert f'<a href="{english}#komentar">&larr; Older comments</a>' in html
    assert f'<a href="{english}?komentar=3#komentar">Newer comments &rarr;</a>' in html
    assert "Comment page 2" in html


def test_a_short_thread_has_no_page_links(article):
    conversations(article, 50)
    html = page(article)
    assert len(shown_ids(html)) == 100
    assert comment_page_links(html) == ("", "")
    assert "comment-navigation" not in html


def test_a_late_reply_stays_with_its_conversation_on_an_earlier_page(article, long_thread):
    first_reply = Comment.objects.get(parent=long_thread[49])
    late = CommentFactory(
        article=article, parent=first_reply, created_at=timezone.now(), text="Balasan terlambat"
    )
    first_page = page(article)
    assert late.pk in shown_ids(first_page)
    assert shown_ids(first_page)[-3:] == [long_thread[49].pk, first_reply.pk, late.pk]
    assert re.search(rf'<ol class="children">\s*<li id="comment-{late.pk}"', first_page)
    assert late.pk not in shown_ids(page(article, "?komentar=3"))


def test_a_conversation_whose_first_comment_was_removed_is_still_paged_as_one(article):
    tops = conversations(article, 60)
    cut = tops[10]
    replies = [
        CommentFactory(article=article, parent=cut, created_at=at(1000 + n)) for n in range(3)
    ]
    services.moderate(Comment.objects.filter(pk=cut.pk), Comment.Status.REJECTED)
    html = page(article)
    ids = shown_ids(html)
    assert cut.pk not in ids
    assert all(reply.pk in ids for reply in replies)  # on the page of its conversation
    assert len({comment.thread_key for comment in Comment.objects.filter(pk__in=ids)}) == 50


def test_the_number_of_conversations_a_page_shows_is_a_setting(article, rules):
    rules.comments_per_page = 2
    rules.save()
    tops = conversations(article, 5)
    assert shown_ids(page(article)) == with_replies(tops[:2])
    assert shown_ids(page(article, "?komentar=3")) == with_replies(tops[4:])


@pytest.mark.parametrize(
    "value",
    [
        "4",
        "0",
        "-1",
        "00",
        "01",
        "002",
        "abc",
        "",
        "1.5",
        "2 ",
        "²",
        "２",
        "0x2",
        "1e3",
        "999999",
        "9" * 5000,
    ],
)
def test_a_page_that_does_not_exist_is_not_found_never_a_server_error(article, rules, value):
    rules.comments_per_page = 1
    rules.save()
    conversations(article, 3)  # pages 1 to 3
    response = Client().get(article.get_absolute_url(), {"komentar": value})
    assert response.status_code == 404


def test_a_story_without_comments_has_only_a_first_page(article):
    assert Client().get(article.get_absolute_url() + "?komentar=1").status_code == 200
    assert Client().get(article.get_absolute_url() + "?komentar=2").status_code == 404


def test_every_comment_page_names_the_story_itself_as_canonical(article, long_thread):
    html = page(article, "?komentar=2")
    canonical = f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">'
    assert canonical in html


def test_each_comment_page_is_cached_apart_and_purged_with_the_story(article, long_thread):
    reader = Client()
    first, second = page(article, client=reader), page(article, "?komentar=2", client=reader)
    assert shown_ids(first) != shown_ids(second)
    again = reader.get(article.get_absolute_url() + "?komentar=2")
    assert again["X-Page-Cache"] == "hit"
    assert again.content.decode() == second
    reply = CommentFactory(article=article, parent=long_thread[60], status=Comment.Status.PENDING)
    services.moderate(Comment.objects.filter(pk=reply.pk), Comment.Status.APPROVED)
    assert reply.pk in shown_ids(page(article, "?komentar=2", client=reader))


def test_posting_on_a_long_thread_lands_on_the_page_that_shows_the_comment(post, article):
    conversations(article, 60)
    CommentFactory(
        article=article,
        author_name="Budi Santoso",
        author_email="budi@example.id",
        created_at=at(-10),
    )
    reader = Client()
    response = post(article, using=reader, comment="Komentar ke-62, di halaman kedua.")
    comment = latest_comment()
    assert comment.status == Comment.Status.APPROVED  # Budi has an approved comment already
    location = f"{article.get_absolute_url()}?komentar=2#comment-{comment.pk}"
    assert response["Location"] == location
    assert comment.pk in shown_ids(page(article, "?komentar=2", client=reader))


def test_a_guests_held_comment_lands_on_its_page_and_is_shown_there_to_them(post, article):
    conversations(article, 60)
    guest = Client()
    response = post(article, using=guest, comment="Komentar tamu yang ditahan dulu.")
    held = latest_comment()
    assert held.status == Comment.Status.PENDING
    assert response["Location"] == f"{article.get_absolute_url()}?komentar=2#comment-{held.pk}"
    html = guest.get(response["Location"]).content.decode()
    assert held.pk in shown_ids(html)
    assert "Komentar Anda sedang menunggu moderasi." in html
    assert held.pk not in shown_ids(page(article, "?komentar=2"))  # nobody else sees it


def test_a_reply_lands_on_the_page_of_its_conversation(post, article):
    tops = conversations(article, 60)
    CommentFactory(
        article=article,
        author_name="Budi Santoso",
        author_email="budi@example.id",
        created_at=at(-10),
    )
    response = post(article, parent=tops[3].pk, comment="Balasan di halaman pertama.")
    reply = latest_comment()
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{reply.pk}"


def test_a_comments_own_address_points_to_its_page(article):
    tops = conversations(article, 120)
    url = article.get_absolute_url()
    assert tops[0].get_absolute_url() == f"{url}#comment-{tops[0].pk}"
    reply = Comment.objects.get(parent=tops[74])
    assert reply.get_absolute_url() == f"{url}?komentar=2#comment-{reply.pk}"
    assert tops[119].get_absolute_url() == f"{url}?komentar=3#comment-{tops[119].pk}"


def test_view_on_site_in_the_admin_opens_the_page_of_the_comment(units, article):
    tops = conversations(article, 60)
    moderator = Client()
    moderator.force_login(make_moderator(units["Mabes Polri"]))
    content_type = ContentType.objects.get_for_model(Comment)
    change = moderator.get(f"/admin/comments/comment/{tops[55].pk}/change/")
    view_on_site = f"/admin/r/{content_type.pk}/{tops[55].pk}/"
    assert view_on_site in change.content.decode()
    response = moderator.get(view_on_site)
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"{article.get_absolute_url()}?komentar=2#comment-{tops[55].pk}"
    )


def test_approve_and_reply_links_to_the_reply_on_its_page(units, article):
    tops = conversations(article, 60)
    moderator = Client()
    moderator.force_login(make_moderator(units["Mabes Polri"]))
    response = moderator.post(
        f"/admin/comments/comment/{tops[59].pk}/reply/",
        {"text": "Terima kasih, laporan Anda kami teruskan."},
        follow=True,
    )
    reply = latest_comment()
    assert reply.parent == tops[59]
    link = f"{article.get_absolute_url()}?komentar=2#comment-{reply.pk}"
    assert f'href="{link}"' in response.content.decode()
