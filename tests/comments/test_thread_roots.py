"""Every reply knows the top comment of its conversation (Comment.thread_root): set when it is
posted, filled in for older comments by a migration, set again when a deletion cuts a chain."""

import importlib

from django.apps import apps

from comments import services
from comments.models import Comment, thread_roots
from tests.factories import ArticleFactory, CommentFactory, UserFactory

backfill = importlib.import_module("comments.migrations.0004_backfill_thread_roots")


def chain(article, length):
    """A top comment and replies each answering the one before."""
    comments = [CommentFactory(article=article)]
    for _ in range(length - 1):
        comments.append(CommentFactory(article=article, parent=comments[-1]))
    return comments


def roots(comments):
    return [Comment.objects.get(pk=comment.pk).thread_root_id for comment in comments]


def test_a_reply_at_any_depth_belongs_to_the_top_comment_of_its_conversation(article):
    top, reply, reply_to_reply = chain(article, 3)
    assert roots([top, reply, reply_to_reply]) == [None, top.pk, top.pk]
    assert [c.thread_key for c in (top, reply, reply_to_reply)] == [top.pk] * 3


def test_replies_posted_through_the_form_and_the_admin_get_their_conversation(post, article):
    top = CommentFactory(
        article=article, author_name="Budi Santoso", author_email="budi@example.id"
    )
    post(article, parent=top.pk, comment="Balasan lewat formulir.")
    reply = Comment.objects.get(parent=top)
    moderator_reply = services.approve_and_reply(reply, UserFactory(is_staff=True), "Siap.")
    assert roots([reply, moderator_reply]) == [top.pk, top.pk]


def test_the_chain_walk_finds_the_top_and_survives_broken_or_looping_links():
    assert thread_roots({1: None, 2: 1, 3: 2, 4: 3, 5: None, 6: 5}) == {
        1: None,
        2: 1,
        3: 1,
        4: 1,
        5: None,
        6: 5,
    }
    assert thread_roots({2: 99, 3: 2}) == {2: None, 3: 2}  # parent elsewhere: 2 is the top
    looped = thread_roots({1: 2, 2: 1, 3: 2})
    assert set(looped) == {1, 2, 3} and list(looped.values()).count(None) == 1
    assert backfill.top_of_chains({1: None, 2: 1, 3: 2, 4: 99}) == {1: None, 2: 1, 3: 1, 4: None}


def test_the_migration_fills_in_the_conversation_of_every_older_reply(units):
    first, second = ArticleFactory(unit=units["Polda Sulsel"]), ArticleFactory()
    long_chain = chain(first, 5)
    other_top = CommentFactory(article=first)
    other_reply = CommentFactory(article=first, parent=other_top)
    elsewhere = chain(second, 2)
    alone = CommentFactory(article=second)
    everything = [*long_chain, other_top, other_reply, *elsewhere, alone]
    Comment.objects.update(thread_root=None)  # as stored before the field existed

    backfill.backfill_thread_roots(apps, schema_editor=None)

    top = long_chain[0].pk
    assert roots(everything) == [
        *[None, top, top, top, top],
        *[None, other_top.pk],
        *[None, elsewhere[0].pk],
        None,
    ]
    backfill.backfill_thread_roots(apps, schema_editor=None)  # a second run changes nothing
    assert roots(long_chain) == [None, top, top, top, top]


def test_deleting_a_top_comment_makes_each_reply_to_it_a_conversation_of_its_own(article):
    top, reply, reply_to_reply = chain(article, 3)
    sibling = CommentFactory(article=article, parent=top)
    services.delete_comments(Comment.objects.filter(pk=top.pk))
    assert roots([reply, reply_to_reply, sibling]) == [None, reply.pk, None]


def test_deleting_a_reply_in_the_middle_starts_a_new_conversation_below_it(article):
    top, middle, below, further = chain(article, 4)
    services.delete_comments(Comment.objects.filter(pk=middle.pk))
    assert roots([top, below, further]) == [None, None, below.pk]
