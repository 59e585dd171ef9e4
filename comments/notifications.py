"""Emails to moderators about held comments.

`notify_moderators` is the one way out: it takes plain values (ids, a URL). It decides and
renders in the request (a few queries); delivery goes through the task queue (outbox), so a
slow mail server never holds the comment's response.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from outbox import mail as outbox

from .models import Comment, CommentSettings, ModeratorNotice

logger = logging.getLogger(__name__)

DIGEST_LISTS_AT_MOST = 10
NEVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def moderators_for(unit):
    """Active moderators of the unit and the unit above it; if neither has one, the nearest
    unit further up that does, so no held comment goes unnoticed."""
    permission = Permission.objects.get(
        content_type__app_label="comments", codename="moderate_comment"
    )
    chain = [*unit.ancestor_slugs(), unit.slug]  # Mabes first, this unit last
    candidates = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, unit__slug__in=chain)
        .exclude(email="")
        .filter(Q(groups__permissions=permission) | Q(user_permissions=permission))
        .select_related("unit")
        .distinct()
    )
    by_level = {}
    for moderator in candidates:
        by_level.setdefault(chain.index(moderator.unit.slug), []).append(moderator)
    own, parent = len(chain) - 1, len(chain) - 2
    chosen = by_level.get(own, []) + by_level.get(parent, [])
    if not chosen and by_level:
        chosen = by_level[max(by_level)]
    return sorted(chosen, key=lambda moderator: moderator.pk)


def claim_digest_slot(moderator, minutes, now):
    """True (and the slot is taken) if this moderator was not emailed in the last `minutes`.
    A conditional UPDATE, so two comments held at once cannot both email the same person."""
    try:
        with transaction.atomic():
            notice, _created = ModeratorNotice.objects.get_or_create(
                moderator=moderator, defaults={"last_sent_at": NEVER}
            )
    except IntegrityError:  # created by a parallel request a moment ago
        notice = ModeratorNotice.objects.get(moderator=moderator)
    claimed = ModeratorNotice.objects.filter(
        pk=notice.pk, last_sent_at__lte=now - datetime.timedelta(minutes=minutes)
    ).update(last_sent_at=now)
    return bool(claimed), notice.last_sent_at


def notify_moderators(comment_id, site_url):
    """Email the moderators responsible for a held comment, at most once per digest interval
    each; the email lists what was held for them since their last one."""
    comment = Comment.objects.select_related("article__unit").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.PENDING:
        return 0
    rules = CommentSettings.current()
    return sum(
        _send_digest(moderator, rules, site_url)
        for moderator in moderators_for(comment.article.unit)
    )


def send_due_digests(site_url):
    """The minute job (`manage.py send_comment_digests`): a moderator whose quiet interval has
    passed gets the digest of what was held after their last email, even if nothing new has
    been held since — so the last comments of a wave are never left unannounced."""
    rules = CommentSettings.current()
    notices = ModeratorNotice.objects.filter(
        last_sent_at__lte=timezone.now() - datetime.timedelta(minutes=rules.digest_minutes),
        moderator__is_active=True,
    ).select_related("moderator")
    sent = 0
    for notice in notices:
        waiting = Comment.objects.moderatable_by(notice.moderator).pending()
        if waiting.filter(created_at__gt=notice.last_sent_at).exists():
            sent += _send_digest(notice.moderator, rules, site_url)
    return sent


def _send_digest(moderator, rules, site_url):
    """1 if this moderator's slot was free and the digest went out, else 0."""
    now = timezone.now()
    claimed, previous = claim_digest_slot(moderator, rules.digest_minutes, now)
    if not claimed:
        return 0
    queue_url = site_url.rstrip("/") + reverse("admin:comments_comment_changelist")
    in_scope = Comment.objects.moderatable_by(moderator).pending()
    held = list(
        in_scope.filter(created_at__gt=previous)
        .select_related("article")
        .order_by("-created_at")[:DIGEST_LISTS_AT_MOST]
    )
    context = {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "digest_minutes": rules.digest_minutes,
        "moderator": moderator,
        "comments": held,
        "pending_total": in_scope.count(),
        "queue_url": f"{queue_url}?status__exact=pending",
    }
    with translation.override("id"):
        subject = render_to_string("comments/email/held_subject.txt", context).strip()
        body = render_to_string("comments/email/held_body.txt", context)
    try:
        outbox.send(
            EmailMessage(subject, body, None, [moderator.email]),
            key=f"moderation:{moderator.pk}:{now.isoformat()}",
        )
        return 1
    except Exception:  # a mail outage must never lose the comment itself
        logger.exception("Could not email moderator %s about held comments", moderator.pk)
        return 0
