import re
from collections import defaultdict
from dataclasses import dataclass, field

from django import template
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from accounts.context_processors import viewer
from articles import pagecache, personal_parts
from comments import rendering
from comments.cookies import pending_ids, remembered_author
from comments.forms import CommentForm, CommentIdentityForm, issue_form_token
from comments.models import COMMENT_PAGE_PARAM, Comment, CommentSettings
from comments.rendering import render_thread
from comments.services import held_comment_articles

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
    # As the page links write it: "01" would be a cached copy of its own. ASCII digits only
    # ("²".isdigit() is true); a million pages is plenty.
    if not re.fullmatch(pagecache.PAGE_NUMBER, value):
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


@register.simple_tag(takes_context=True)
def comment_section(context, article):
    """The count heading, a page of comments (threaded) and the "Leave a Comment" form.

    What differs between readers are personal parts of the page (articles/personal_parts.py):
    the thread (a reader sees their own held comments), who is commenting (a signed-in
    reader's name, a guest's saved one) and the form's timing token; everybody else shares
    one rendering of each."""
    section = context.template.engine.get_template("comments/section.html")
    with context.push(article=article):
        return section.render(context)


@dataclass
class CommentPage:
    thread: str
    number: int
    older_url: str
    newer_url: str


@register.simple_tag(takes_context=True)
def comment_page(context, article):
    """The page of comments ?komentar= asks for, threaded, and links to its neighbours.

    One query whatever the number of comments (the settings are cached); the reader's own
    held comments come along. A page of comments that does not exist is a 404, so the page
    cache never stores it."""
    request = context.get("request")
    number = requested_page(request)
    if number is None:
        raise Http404("No such page of comments")
    settings = CommentSettings.current()
    per_page = settings.comments_per_page
    shown = Comment.objects.shown_on_article(
        article, pending_ids=pending_ids(request), user=_viewer(context)
    )
    comments, has_newer = first_threads(list(shown.page_of_threads(number, per_page)), per_page)
    if number > 1 and not comments:
        raise Http404("No such page of comments")
    return CommentPage(
        thread=render_thread(
            build_thread(comments, settings.reply_depth),
            article=article,
            is_open=settings.accepts_comments_on(article),
            reply_depth=settings.reply_depth,
        ),
        number=number,
        older_url=number > 1 and comment_page_url(request, article, number - 1),
        newer_url=has_newer and comment_page_url(request, article, number + 1),
    )


@dataclass
class Respond:
    is_open: bool
    form: CommentForm | None
    user: object


@register.simple_tag(takes_context=True)
def comment_respond(context, article):
    """Whether the story takes comments, and the form for this reader (a guest's saved name
    filled in). No form without a request: nobody could post it."""
    request = context.get("request")
    user = _viewer(context)
    settings = CommentSettings.current()
    is_open = settings.accepts_comments_on(article)
    form = None
    if is_open and user is not None:
        form = CommentForm(
            article=article, user=user, settings=settings, initial=remembered_author(request)
        )
    return Respond(is_open=is_open, form=form, user=user)


def _viewer(context):
    # `viewer` reads the session only when the reader has one, so anonymous pages stay
    # shareable by the page cache (accounts.context_processors.viewer).
    return context.get("viewer") if context.get("request") is not None else None


# The comment section's personal parts (registered in comments/apps.py): when each is rendered
# for the reader rather than shared, and what it needs when rendered alone.


def shows_own_held_comments(request, context):
    """Is the thread personal for this reader: have they a held comment on this story? (Yes
    where the page did not say which story it is.)"""
    article_id = context.get("article_id")
    if article_id is None:
        return True
    ids = pending_ids(request)
    if (
        ids
        and Comment.objects.filter(
            pk__in=ids, article_id=article_id, status=Comment.Status.PENDING
        ).exists()
    ):
        return True
    return personal_parts.signed_in(request) and article_id in held_comment_articles(request.user)


def knows_the_reader(request, context):
    """Is the form's identity personal for this reader: signed in, or a guest whose name was
    saved?"""
    return personal_parts.signed_in(request) or bool(remembered_author(request))


def the_reader(request, context):
    """What identity_note.html needs when rendered alone."""
    return {"user": viewer(request)["viewer"]}


def form_for_the_reader(request, context):
    """What identity_fields.html needs when rendered alone: a guest's fields, with their saved
    name filled in (a signed-in reader is shown none), whether or not the story still takes
    comments (the shared copy around it decided that; a post is refused once they are
    closed). Built only if the part shows it."""
    form = SimpleLazyObject(lambda: CommentIdentityForm(initial=remembered_author(request)))
    return {"form": form, "user": viewer(request)["viewer"]}


def _story_id(context):
    """The id of the story the parts are rendered for: kept by the page, so that the story
    itself need not be loaded."""
    return context.get("article_id") or context["article"].pk


def form_token(request, context):
    """What form_token.html needs when rendered alone: a token of its own for each reader, as
    a page rendered for them would have (a shared copy's may be minutes old)."""
    return {"fresh_form_token": issue_form_token(_story_id(context))}


# A field of the comment form with its label and errors (comments/includes/form.html).
register.simple_tag(rendering.render_field, name="comment_field")

# Filters for templates that quote one comment (the comment page, the moderator's reply).
register.filter("comment_text", rendering.comment_text, needs_autoescape=True)
register.filter("http_url", rendering.http_url)
