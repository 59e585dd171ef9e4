"""A comment thread as HTML, written out in Python.

The thread is the part of an article page that grows with readers' activity, and every approval
re-renders the page: a template include per comment cost ~0.75 ms (dozens of tag and filter
calls each), this ~0.2 ms. Everything a reader wrote goes through escape() or
comment_text (escaped, then linked).
"""

import re
from urllib.parse import urlsplit

from django.template.defaultfilters import linebreaks_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import Urlizer, conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from articles.templatetags.newsroom import in_unit_zone


def render_thread(thread, *, article, is_open, reply_depth):
    """The <li> items of `thread` (comment_tags.build_thread's nodes), replies nested.

    Every value goes through escape() (or comment_text, which escapes) on its way in: what
    readers wrote, and our own words too. Ids and depths are integers."""
    reply_url = escape(reverse("comments:post", args=[article.pk]))
    awaiting = escape(gettext("Your comment is awaiting moderation."))
    reply = escape(gettext("Reply"))
    reply_to = gettext("Reply to %(name)s")

    def item(node):
        comment = node.comment
        pk = int(comment.pk)
        pending = comment.is_pending
        name = escape(comment.author_name)
        url = http_url(comment.author_url)
        author = f'<a href="{escape(url)}" rel="external nofollow ugc">{name}</a>' if url else name
        iso = timezone.localtime(comment.created_at).isoformat()
        when = escape(in_unit_zone(comment.created_at, article.unit))
        parts = [
            f'<li id="comment-{pk}" class="comment depth-{int(node.depth)}'
            f'{" comment-pending" if pending else ""}">\n'
            '  <article class="comment-body">\n'
            '    <header class="comment-meta">\n'
            # Isolated: a name's right-to-left text cannot turn the date after it around.
            f'      <b class="comment-author"><bdi>{author}</bdi></b>\n'
            f'      <a class="comment-date" href="#comment-{pk}">'
            f'<time datetime="{iso}">{when}</time></a>\n'
            "    </header>\n"
        ]
        if pending:
            parts.append(f'    <p class="comment-awaiting-moderation">{awaiting}</p>\n')
        parts.append(f'    <div class="comment-content">{comment_text(comment.text)}</div>\n')
        if is_open and node.depth < reply_depth and not pending:
            label = escape(reply_to % {"name": comment.author_name})
            parts.append(
                f'    <p class="reply"><a class="comment-reply-link" '
                f'href="{reply_url}?balas={pk}#respond" data-reply-to="{pk}" '
                f'aria-label="{label}">{reply}</a></p>\n'
            )
        parts.append("  </article>\n")
        if node.replies:
            parts.append('  <ol class="children">\n')
            parts.extend(item(child) for child in node.replies)
            parts.append("  </ol>\n")
        parts.append("</li>\n")
        return "".join(parts)

    return mark_safe("".join(item(node) for node in thread))


class CommentUrlizer(Urlizer):
    """Links addresses in comment text; marked as user content that earns no ranking."""

    url_template = '<a href="{href}" rel="nofollow ugc noopener">{url}</a>'


urlize_comment = CommentUrlizer()


# Anything urlize could turn into a link: a scheme, "www.", an address, or a dot followed by
# letters with no space between (a bare domain such as polri.go.id).
MIGHT_HOLD_A_LINK = re.compile(r"://|www\.|@|\S\.[^\W\d_]{2,}")


def comment_text(text, autoescape=True):
    """Plain text with line breaks and linked URLs; everything else is escaped."""
    if MIGHT_HOLD_A_LINK.search(text):
        linked = mark_safe(urlize_comment(text, trim_url_limit=60, autoescape=True))
    else:  # most comments: skip urlize, the slowest part of rendering a long thread
        linked = conditional_escape(text)
    return linebreaks_filter(linked, autoescape=autoescape)


def http_url(value):
    """The address only if it is an http(s) URL, so no other scheme reaches an href."""
    try:
        return value if value and urlsplit(value).scheme in ("http", "https") else ""
    except ValueError:
        return ""


def render_field(field):
    """One field of the comment form (a BoundField) with its label, its required star and its
    errors (ids tie them to the input). It was a template include, which on a guest's personal
    copy of a story cost more than the input it wrapped."""
    star = ' <span class="required" aria-hidden="true">*</span>' if field.field.required else ""
    errors = ""
    if field.errors:
        listed = "".join(f"<li>{conditional_escape(error)}</li>" for error in field.errors)
        errors = f'<ul class="errorlist" id="{escape(field.auto_id)}_error">{listed}</ul>'
    return mark_safe(
        f'<div class="comment-form-field comment-form-{escape(field.name)}">\n'
        f'  <label for="{escape(field.id_for_label)}">{conditional_escape(field.label)}{star}</label>\n'
        f"  {conditional_escape(field)}\n"
        f"  {errors}\n"
        "</div>\n"
    )
