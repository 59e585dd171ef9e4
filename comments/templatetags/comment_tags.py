import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import Urlizer, conditional_escape
from django.utils.safestring import mark_safe

from comments.cookies import pending_ids, remembered_author
from comments.forms import CommentForm
from comments.models import Comment, CommentSettings

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


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """The count heading, the approved comments (threaded) and the "Leave a Comment" form.

    Two queries whatever the number of comments: the comments, and the settings (cached).
    The reader's own held comments and saved name are the only per-reader parts."""
    request = context.get("request")
    # `viewer` reads the session only when the reader has one, so anonymous pages stay
    # shareable by the page cache (accounts.context_processors.viewer).
    user = context.get("viewer") if request is not None else None
    settings = CommentSettings.current()
    comments = list(
        Comment.objects.shown_on_article(article, pending_ids=pending_ids(request), user=user)
    )
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
        "thread": build_thread(comments, settings.reply_depth),
        "reply_depth": settings.reply_depth,
        "is_open": is_open,
        "form": form,
    }


class CommentUrlizer(Urlizer):
    """Links addresses in comment text; marked as user content that earns no ranking."""

    url_template = '<a href="{href}" rel="nofollow ugc noopener">{url}</a>'


urlize_comment = CommentUrlizer()


# Anything urlize could turn into a link: a scheme, "www.", an address, or a dot followed by
# letters with no space between (a bare domain such as polri.go.id).
MIGHT_HOLD_A_LINK = re.compile(r"://|www\.|@|\S\.[^\W\d_]{2,}")


@register.filter(needs_autoescape=True)
def comment_text(text, autoescape=True):
    """Plain text with line breaks and linked URLs; everything else is escaped."""
    if MIGHT_HOLD_A_LINK.search(text):
        linked = mark_safe(urlize_comment(text, trim_url_limit=60, autoescape=True))
    else:  # most comments: skip urlize, the slowest part of rendering a long thread
        linked = conditional_escape(text)
    return linebreaks_filter(linked, autoescape=autoescape)


@register.filter
def http_url(value):
    """The address only if it is an http(s) URL, so no other scheme reaches an href."""
    try:
        return value if value and urlsplit(value).scheme in ("http", "https") else ""
    except ValueError:
        return ""
