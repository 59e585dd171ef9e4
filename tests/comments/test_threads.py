"""How comments read under a story: oldest first, replies nested, text inert but linked."""

import datetime
import re

from django.test import Client
from django.utils import timezone

from comments.models import Comment
from tests.comments.conftest import latest_comment
from tests.factories import CommentFactory


def page(article):
    return Client().get(article.get_absolute_url()).content.decode()


def at(minutes):
    return timezone.now() - datetime.timedelta(hours=2) + datetime.timedelta(minutes=minutes)


def nested_ids(html):
    """The comment ids with their nesting level, read from the <ol class="children"> markup."""
    section = html[html.index('<ol class="comment-list">') : html.index('id="respond"')]
    level, found = 0, []
    for match in re.finditer(r'(<ol class="children">)|(</ol>)|<li id="comment-(\d+)"', section):
        if match.group(1):
            level += 1
        elif match.group(2):
            level -= 1
        else:
            found.append((int(match.group(3)), level))
    return found


def test_comments_read_oldest_first_with_replies_nested(article):
    first = CommentFactory(article=article, created_at=at(1))
    second = CommentFactory(article=article, created_at=at(2))
    reply = CommentFactory(article=article, parent=first, created_at=at(3))
    reply_to_reply = CommentFactory(article=article, parent=reply, created_at=at(4))
    assert nested_ids(page(article)) == [
        (first.pk, 0),
        (reply.pk, 1),
        (reply_to_reply.pk, 2),
        (second.pk, 0),
    ]


def test_replies_nest_three_deep_by_default_and_go_on_flat_below(article):
    chain = [CommentFactory(article=article, created_at=at(0))]
    for minute in range(1, 5):
        chain.append(CommentFactory(article=article, parent=chain[-1], created_at=at(minute)))
    html = page(article)
    assert [level for _pk, level in nested_ids(html)] == [0, 1, 2, 2, 2]
    # No Reply link at the deepest level.
    for comment in chain[:2]:
        assert f'data-reply-to="{comment.pk}"' in html
    for comment in chain[2:]:
        assert f'data-reply-to="{comment.pk}"' not in html


def test_the_reply_depth_is_a_setting(article, rules):
    rules.reply_depth = 1
    rules.save()
    parent = CommentFactory(article=article, created_at=at(0))
    CommentFactory(article=article, parent=parent, created_at=at(1))
    html = page(article)
    assert [level for _pk, level in nested_ids(html)] == [0, 0]
    assert "data-reply-to" not in html


def test_a_reply_whose_parent_was_removed_still_shows(article):
    parent = CommentFactory(article=article, created_at=at(0), status=Comment.Status.REJECTED)
    reply = CommentFactory(article=article, parent=parent, created_at=at(1))
    assert nested_ids(page(article)) == [(reply.pk, 0)]


def test_a_reply_posted_through_the_form_lands_under_its_parent(post, article):
    parent = CommentFactory(
        article=article,
        author_name="Budi Santoso",
        author_email="budi@example.id",
        created_at=at(0),
    )
    response = post(article, parent=parent.pk, comment="Betul sekali.")
    reply = latest_comment()
    assert reply.parent == parent and reply.status == Comment.Status.APPROVED
    assert response["Location"].endswith(f"#comment-{reply.pk}")
    assert nested_ids(page(article)) == [(parent.pk, 0), (reply.pk, 1)]


def test_comment_text_is_plain_text_with_line_breaks_and_linked_urls(article):
    CommentFactory(
        article=article,
        text="Baris pertama\nBaris kedua\n\nParagraf baru: https://polri.go.id/berita <b>tebal</b>",
    )
    html = page(article)
    assert "<p>Baris pertama<br>Baris kedua</p>" in html
    assert (
        '<a href="https://polri.go.id/berita" rel="nofollow ugc noopener">'
        "https://polri.go.id/berita</a>"
    ) in html
    assert "&lt;b&gt;tebal&lt;/b&gt;" in html


def test_the_authors_name_links_to_their_website_as_user_content(article):
    CommentFactory(article=article, author_name="Budi", author_url="https://budi.example.id/")
    CommentFactory(article=article, author_name="Tanpa Situs", author_url="")
    html = page(article)
    assert '<a href="https://budi.example.id/" rel="external nofollow ugc">Budi</a>' in html
    assert '<b class="comment-author"><bdi>Tanpa Situs</bdi></b>' in html


def test_dates_are_in_the_units_zone(units, article):
    CommentFactory(
        article=article, created_at=datetime.datetime(2018, 4, 26, 2, 15, tzinfo=datetime.UTC)
    )
    assert "Kamis, 26 April 2018 10.15 WITA" in page(article)


def test_email_addresses_are_never_published(article):
    CommentFactory(article=article, author_email="rahasia@example.id")
    assert "rahasia@example.id" not in page(article)
