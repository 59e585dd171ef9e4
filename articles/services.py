"""The publishing workflow: who may move a story from one status to another, and what follows.

draft → in review → published (now, or scheduled at a later publish_at) → unpublished.
Every move is checked here, on the server, whatever the form showed.
"""

import logging

import reversion
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import pagecache
from .models import Article
from .templatetags.newsroom import in_unit_zone

logger = logging.getLogger(__name__)

Status = Article.Status
PUBLISH_PERMISSION = "articles.publish_article"

# (from, to) → whether the move needs the editor's publish permission.
TRANSITIONS = {
    (Status.DRAFT, Status.IN_REVIEW): False,
    (Status.IN_REVIEW, Status.DRAFT): False,
    (Status.DRAFT, Status.PUBLISHED): True,
    (Status.IN_REVIEW, Status.PUBLISHED): True,
    (Status.PUBLISHED, Status.UNPUBLISHED): True,
    (Status.UNPUBLISHED, Status.PUBLISHED): True,
    (Status.UNPUBLISHED, Status.DRAFT): True,
}
# Live and once-live stories are the editors' to change.
EDITOR_ONLY_STATUSES = {Status.PUBLISHED, Status.UNPUBLISHED}

ACTION_MESSAGES = {
    Status.IN_REVIEW: gettext_lazy("Submitted for review."),
    Status.DRAFT: gettext_lazy("Returned to draft."),
    Status.PUBLISHED: gettext_lazy("Published."),
    Status.UNPUBLISHED: gettext_lazy("Unpublished."),
}


class TransitionNotAllowed(PermissionDenied):
    pass


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def can_edit(user, article):
    """In scope, with the change permission, and an editor for live or once-live stories."""
    if not user.has_perm("articles.change_article"):
        return False
    if article.status in EDITOR_ONLY_STATUSES and not can_publish(user):
        return False
    if article.pk is None:
        return True
    return Article.objects.editable_by(user).filter(pk=article.pk).exists()


def can_move(user, current, target):
    if not user.has_perm("articles.change_article"):
        return False
    if current == target:
        return current not in EDITOR_ONLY_STATUSES or can_publish(user)
    needs_editor = TRANSITIONS.get((current, target))
    if needs_editor is None:
        return False
    return can_publish(user) or not needs_editor


def statuses_open_to(user, current):
    """The statuses a user may choose for a story now in `current` (itself included)."""
    return [status for status in Status if can_move(user, current, status)]


def check_move(user, current, target):
    if not can_move(user, current, target):
        raise TransitionNotAllowed(
            _("You may not move a story from “%(current)s” to “%(target)s”.")
            % {"current": Status(current).label, "target": Status(target).label}
        )


def describe_move(article):
    """What the history says about a story reaching its current status.

    Stored as text, so written in the site's language whatever the editor's."""
    with translation.override(settings.LANGUAGE_CODE):
        if article.is_scheduled:
            return _("Scheduled for %(time)s.") % {
                "time": in_unit_zone(article.publish_at, article.unit)
            }
        return str(ACTION_MESSAGES[article.status])


def on_published(article):
    """Runs once when a story becomes visible to the public: now, or when its time comes.

    The single place for what must catch up with a publication: the cached pages that will
    now show it (home, its units, category, tags, feeds) are purged once the change commits.
    """
    logger.info("Story %s is live: %s", article.pk, article.get_absolute_url())
    pagecache.purge_when_committed(pagecache.purge_article, article)


def catch_up(article, now=None):
    """Run on_published once for a story that has become public; forget it when it is not.

    The story is claimed with a conditional UPDATE, so two overlapping runs of the minute
    job (or a run and an editor's click) never run the hook twice.
    """
    now = now or timezone.now()
    if article.status != Status.PUBLISHED:
        if article.went_live_at is not None:
            Article.objects.filter(pk=article.pk).update(went_live_at=None)
            article.went_live_at = None
        return False
    if article.publish_at > now:
        # Not public (yet, or again: a live story moved to a later time), so its time must
        # still be caught up with when it comes.
        if article.went_live_at is not None:
            Article.objects.filter(pk=article.pk).update(went_live_at=None)
            article.went_live_at = None
        return False
    with transaction.atomic():
        claimed = Article.objects.filter(pk=article.pk, went_live_at__isnull=True).update(
            went_live_at=now
        )
        if not claimed:
            return False
        article.went_live_at = now
        on_published(article)
    return True


def publish_due_stories(now=None):
    """Catch up with every story whose publish time has come: the minute job's work."""
    now = now or timezone.now()
    caught_up = []
    due = Article.objects.awaiting_catch_up().filter(publish_at__lte=now).select_related("unit")
    for article in due.order_by("publish_at", "pk"):
        if catch_up(article, now):
            caught_up.append(article)
    return caught_up


@transaction.atomic
def move(article, user, target, publish_at=None):
    """Move one story to `target` for `user`, keeping a revision and an admin log entry."""
    if not Article.objects.editable_by(user).filter(pk=article.pk).exists():
        raise TransitionNotAllowed(_("This story is outside your unit."))
    check_move(user, article.status, target)
    if target == Status.PUBLISHED:
        now = timezone.now()
        if publish_at is not None:
            article.publish_at = publish_at
        elif article.status != Status.UNPUBLISHED and (
            article.publish_at is None or article.publish_at <= now
        ):
            # A missing or stale time means now; a future one keeps the editor's schedule.
            # A republished story keeps its first date, and so its address.
            article.publish_at = now
    # Unpublishing must take the story off the pages that showed it.
    pages_before = pagecache.article_dependencies(article) if article.is_public else []
    article.status = target
    message = describe_move(article)
    with reversion.create_revision():
        article.save()
        reversion.set_user(user)
        reversion.set_comment(message)
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[article],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )
    catch_up(article)
    if pages_before:
        pagecache.purge_when_committed(pagecache.purge_article, article, pages_before)
    return article


def move_many(user, articles, target, *, bring_forward=False):
    """Bulk version of move(): stories out of scope or not allowed are skipped, never changed.
    With `bring_forward`, a story given a future time is published now rather than left to
    it (the desk's "Publish selected stories now"); a republished one keeps its first date.

    Returns (moved, skipped) lists.
    """
    in_scope = Article.objects.editable_by(user).filter(pk__in=[a.pk for a in articles])
    moved = []
    for article in in_scope.select_related("unit"):
        now = (
            bring_forward
            and target == Status.PUBLISHED
            and article.status != Status.UNPUBLISHED
            and article.publish_at is not None
            and article.publish_at > timezone.now()
        )
        if (article.status != target or now) and can_move(user, article.status, target):
            moved.append(move(article, user, target, timezone.now() if now else None))
    moved_pks = {article.pk for article in moved}
    return moved, [article for article in articles if article.pk not in moved_pks]
