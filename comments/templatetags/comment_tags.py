import re
from collections import defaultdict
from dataclasses import dataclass, field

from django import template
from django.http import Http404

from comments import rendering
from comments.cookies import pending_ids, remembered_author
from comments.forms import CommentForm
from comments.models import COMMENT_PAGE_PARAM, Comment, CommentSettings
from comments.rendering import render_thread

register = template.Library()


@dataclass
class ThreadNode:
    comment: Comment
    depth: int
    replies: list = field(default_factory=list)


def build_thread(comments, max_depth):
    """Nest comments (oldest first) under their parents, from one list: no query per reply.
    Past `max_depth` a conversation goes on flat, in time order, at the deepest level; a reply
    whose parent is not shown stands at the top level."""
    shown = {comment.pk for comment in comments}
    children = defaultdict(list)
    roots = []
    for comment in comments:
        if comment.parent_id in shown:
            children[comment.parent_id].append(comment)
        else:
            roots.append(comment)

    def descendants(comment):
        found, stack = [], list(children[comment.pk])
        while stack:
            reply = stack.pop()
            found.append(reply)
            stack.extend(children[reply.pk])
        return sorted(found, key=lambda reply: (reply.created_at, reply.pk))

    def nodes(level, depth):
        result = []
        for comment in level:
            if depth < max_depth:
                result.append(ThreadNode(comment, depth, nodes(children[comment.pk], depth + 1)))
            else:
                result.append(ThreadNode(comment, depth))
                result.extend(ThreadNode(reply, depth) for reply in descendants(comment))
        return result

    return nodes(roots, 1)


def requested_page(request):
    """The comment page ?komentar= asks for (1 without it); None when it names no page."""
    value = request.GET.get(COMMENT_PAGE_PARAM) if request is not None else None
    if value is None:
        return 1
    # ASCII digits only ("²".isdigit() is true, int() refuses it); a million pages is plenty.
    if not re.fullmatch(r"[0-9]{1,6}", value) or int(value) < 1:
        return None
    return int(value)


def first_threads(comments, count):
    """The comments (oldest first) of the first `count` conversations, ordered as
    CommentQuerySet.page_of_threads orders them, and whether more were given."""
    started_at = {}
    for comment in comments:
        started_at.setdefault(comment.thread_key, comment.created_at)
    kept = set(sorted(started_at, key=lambda thread: (started_at[thread], thread))[:count])
    return [comment for comment in comments if comment.thread_key in kept], len(started_at) > count


def comment_page_url(request, article, number):
    """Page `number` of the comments on this page's address (the story, or its preview)."""
    path = request.path if request is not None else article.get_absolute_url()
    query = f"?{COMMENT_PAGE_PARAM}={number}" if number > 1 else ""
    return f"{path}{query}#komentar"


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """The count heading, a page of comments (threaded) and the "Leave a Comment" form.

    Two queries whatever the number of comments: the page's comments, and the settings
    (cached). The reader's own held comments and saved name are the only per-reader parts.
    A page of comments that does not exist is a 404, so the page cache never stores it."""
    request = context.get("request")
    number = requested_page(request)
    if number is None:
        raise Http404("No such page of comments")
    # `viewer` reads the session only when the reader has one, so anonymous pages stay
    # shareable by the page cache (accounts.context_processors.viewer).
    user = context.get("viewer") if request is not None else None
    settings = CommentSettings.current()
    per_page = settings.comments_per_page
    shown = Comment.objects.shown_on_article(article, pending_ids=pending_ids(request), user=user)
    comments, has_newer = first_threads(list(shown.page_of_threads(number, per_page)), per_page)
    if number > 1 and not comments:
        raise Http404("No such page of comments")
    is_open = settings.accepts_comments_on(article)
    form = None
    if is_open and user is not None:
        form = CommentForm(
            article=article, user=user, settings=settings, initial=remembered_author(request)
        )
    return {
        "article": article,
        "request": request,
        "user": user,
        "thread": render_thread(
            build_thread(comments, settings.reply_depth),
            article=article,
            is_open=is_open,
            reply_depth=settings.reply_depth,
        ),
        "page_number": number,
        "older_comments_url": number > 1 and comment_page_url(request, article, number - 1),
        "newer_comments_url": has_newer and comment_page_url(request, article, number + 1),
        "is_open": is_open,
        "form": form,
    }


# Filters for templates that quote one comment (the comment page, the moderator's reply).
register.filter("comment_text", rendering.comment_text, needs_autoescape=True)
register.filter("http_url", rendering.http_url)
