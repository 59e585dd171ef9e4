"""Comment workflows that cross models: posting, moderating, editing. Each keeps the
article's approved-comment count right in the same transaction as the status change."""

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from articles import pagecache
from articles.models import Article

from . import notifications
from .models import Comment, CommentEdit, CommentSettings, WordListEntry, author_key_for
from .moderation import Submission, WordList, judge

APPROVED = Comment.Status.APPROVED
PENDING = Comment.Status.PENDING


class DuplicateComment(Exception):
    """The same author already said the same thing under this story."""


def can_moderate(user):
    return user.is_authenticated and user.has_perm("comments.moderate_comment")


def load_word_lists():
    """The moderation and disallowed lists, in one query."""
    phrases = {WordListEntry.List.MODERATION: [], WordListEntry.List.DISALLOWED: []}
    for word_list, phrase in WordListEntry.objects.filter(active=True).values_list(
        "word_list", "phrase"
    ):
        phrases[word_list].append(phrase)
    return (
        WordList(phrases[WordListEntry.List.MODERATION]),
        WordList(phrases[WordListEntry.List.DISALLOWED]),
    )


def _add_to_counts(deltas):
    """Keep each story's approved-comment count, and purge its cached page once committed:
    every change to what readers see of the comments passes through here."""
    for article_id in sorted(deltas):  # a fixed order, so parallel moderators never deadlock
        if deltas[article_id]:
            Article.objects.filter(pk=article_id).update(
                comment_count=F("comment_count") + deltas[article_id]
            )
            pagecache.purge_when_committed(pagecache.purge, f"article:{article_id}")


def held_comments_key(user_id):
    """Where held_comment_articles() keeps a reader's list, and what purges it (fetched with
    their account: comments/apps.py)."""
    return [f"reader:{user_id}"], f"held-comments:{user_id}"


def held_comment_articles(user):
    """The stories on which this signed-in reader has comments awaiting moderation, which only
    they see: from the cache until one of their comments is held or moderated."""
    return pagecache.remembered_until_purged(
        *held_comments_key(user.pk),
        lambda: set(
            Comment.objects.filter(user=user, status=PENDING).values_list("article_id", flat=True)
        ),
    )


def forget_held_comments_of(user_ids):
    """Their lists of held comments changed: a comment of theirs was held, or left the queue.
    No page shows these lists, so no page is purged."""
    readers = sorted({f"reader:{pk}" for pk in user_ids if pk is not None})
    if readers:
        pagecache.purge_when_committed(pagecache.bump, *readers)


def _has_approved_comments(author_key, name=None):
    """Has this author been approved before? A guest, by name and email together, as WordPress
    has it: an email is no proof of who types it, and on its own it would let anyone who knows
    a trusted reader's address post at once under any name ("Kapolda Sulsel (resmi)")."""
    approved = Comment.objects.filter(author_key=author_key, status=APPROVED)
    if name is not None:
        approved = approved.filter(author_name__iexact=name.strip())
    return approved.exists()


def post_comment(
    article,
    *,
    text,
    user=None,
    name="",
    email="",
    website="",
    parent=None,
    honeypot="",
    seconds_on_form=None,
    ip_address=None,
    user_agent="",
    site_url="",
):
    """Judge and store a comment that passed the form's refusals; email moderators if held."""
    signed_in = user is not None and user.is_authenticated
    if signed_in:
        name, email = user.get_display_name(), user.email
    key = author_key_for(user, email)
    moderation_list, disallowed_list = load_word_lists()
    verdict = judge(
        Submission(name, email, website, text, honeypot, seconds_on_form),
        settings=CommentSettings.current(),
        moderation_list=moderation_list,
        disallowed_list=disallowed_list,
        is_moderator=can_moderate(user) if signed_in else False,
        author_is_trusted=lambda: _has_approved_comments(key, None if signed_in else name),
    )
    comment = Comment(
        article=article,
        parent=parent,
        user=user if signed_in else None,
        author_name=name,
        author_email=email,
        author_url=website,
        author_key=key,
        text=text,
        status=verdict.status,
        reason=verdict.reason,
        reason_detail=verdict.detail[:200],
        ip_address=ip_address,
        user_agent=user_agent[:300],
    )
    try:
        with transaction.atomic():
            comment.save()
            if comment.status == APPROVED:
                _add_to_counts({article.pk: 1})
    except IntegrityError:
        # Two identical posts raced past the form's duplicate check: the constraint kept one.
        duplicate = Comment.objects.filter(
            article=article, author_key=key, fingerprint=comment.fingerprint
        )
        if duplicate.exists():
            raise DuplicateComment from None
        raise
    if comment.status == Comment.Status.PENDING:
        forget_held_comments_of([comment.user_id])
        notifications.notify_moderators(comment.pk, site_url)
    return comment


@transaction.atomic
def moderate(comments, status, moderator=None):
    """Move comments to `status` (approve, reject, spam, or back to pending); returns how many
    changed. Rows are locked first, so two moderators clicking at once count each change once."""
    ids = list(comments.values_list("pk", flat=True))
    locked = list(
        Comment.objects.select_for_update()
        .filter(pk__in=ids)
        .exclude(status=status)
        .order_by("pk")
        .values_list("pk", "article_id", "status", "user_id")
    )
    if not locked:
        return 0
    deltas = Counter()
    for _pk, article_id, old_status, _user in locked:
        deltas[article_id] += (status == APPROVED) - (old_status == APPROVED)
    Comment.objects.filter(pk__in=[pk for pk, *_ in locked]).update(
        status=status, moderated_at=timezone.now(), moderated_by=moderator
    )
    _add_to_counts(deltas)
    forget_held_comments_of(
        user for _pk, _a, old_status, user in locked if PENDING in (old_status, status)
    )
    return len(locked)


def approve_and_reply(comment, moderator, text):
    """Approve a comment and answer it in the moderator's name, as WordPress's "Approve and Reply"."""
    with transaction.atomic():
        moderate(Comment.objects.filter(pk=comment.pk), APPROVED, moderator)
        reply = Comment(
            article_id=comment.article_id,
            parent=comment,
            user=moderator,
            author_name=moderator.get_display_name(),
            author_email=moderator.email,
            author_key=author_key_for(moderator),
            text=text,
            status=APPROVED,
            moderated_at=timezone.now(),
            moderated_by=moderator,
        )
        try:
            with transaction.atomic():
                reply.save()
        except IntegrityError:
            raise DuplicateComment from None
        _add_to_counts({comment.article_id: 1})
    return reply


@transaction.atomic
def edit_comment(comment, *, text, editor, **fields):
    """Save a moderator's changes; the replaced text is kept in the comment's history."""
    previous = Comment.objects.select_for_update().get(pk=comment.pk)
    if previous.text != text:
        CommentEdit.objects.create(comment=comment, previous_text=previous.text, edited_by=editor)
    comment.text = text
    for name, value in fields.items():
        setattr(comment, name, value)
    comment.status = previous.status  # status changes go through moderate()
    comment.save()
    if comment.status == APPROVED:
        pagecache.purge_when_committed(pagecache.purge, f"article:{comment.article_id}")
    return comment


@transaction.atomic
def delete_comments(comments):
    """Delete for good (administrators only); approved ones leave the count. The replies to a
    deleted comment stay, each now at the top of its own conversation."""
    deltas = Counter(
        comments.filter(status=APPROVED).values_list("article_id", flat=True).iterator()
    )
    doomed = dict(comments.values_list("pk", "thread_root_id"))
    forget_held_comments_of(comments.filter(status=PENDING).values_list("user_id", flat=True))
    threads = {root or pk for pk, root in doomed.items()}
    survivors = list(
        Comment.objects.filter(Q(pk__in=threads) | Q(thread_root__in=threads))
        .exclude(pk__in=list(doomed))
        .values_list("pk", flat=True)
    )
    Comment.objects.filter(pk__in=list(doomed)).delete()
    rethreaded = Comment.objects.filter(pk__in=survivors).rethread()
    _add_to_counts({article_id: -n for article_id, n in deltas.items()})
    for article_id in rethreaded - set(deltas):  # the paging changed, the count did not
        pagecache.purge_when_committed(pagecache.purge, f"article:{article_id}")
