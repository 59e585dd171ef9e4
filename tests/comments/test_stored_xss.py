"""No stored script: payloads sent as name, website and comment are kept as text and render inert."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from comments import services
from comments.forms import BIDI_CONTROLS
from comments.models import Comment
from tests.comments.conftest import make_moderator
from tests.comments.xss_payloads import PAYLOADS, as_website

SAFE_TAGS = set("li article header b bdi a time div p br ol blockquote".split())
SAFE_ATTRIBUTES = {"id", "class", "href", "rel", "datetime", "data-reply-to", "aria-label"}


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_inert(fragment):
    """Only the markup the template writes: no other element, no handler, no script URL."""
    parser = Elements()
    parser.feed(fragment)
    assert parser.found
    for tag, attrs in parser.found:
        assert tag in SAFE_TAGS, tag
        assert set(attrs) <= SAFE_ATTRIBUTES, attrs
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("https://", "http://", "#", "/komentar/")), href


def comment_list(html):
    return html[
        html.index('<ol class="comment-list">') : html.index('<div class="comment-respond"')
    ]


def test_there_are_at_least_30_payloads():
    assert len(set(PAYLOADS)) >= 30


@pytest.fixture
def posted_payloads(post, article):
    for n, payload in enumerate(PAYLOADS):
        response = post(
            article,
            name=payload[:100],
            email=f"penyerang{n}@example.id",
            website=as_website(payload),
            comment=payload,
        )
        assert response.status_code == 302, (payload, response.status_code)
    return Comment.objects.all()


def test_payloads_are_stored_exactly_as_typed(posted_payloads):
    stored = {comment.text: comment for comment in posted_payloads}
    for payload in PAYLOADS:
        comment = stored[payload]
        # Names alone lose right-to-left controls (comments.forms.BIDI_CONTROLS).
        assert comment.author_name == BIDI_CONTROLS.sub("", payload[:100]).strip()
        assert comment.author_url == as_website(payload)


def test_approved_payloads_render_inert_on_the_article_page(article, posted_payloads):
    services.moderate(posted_payloads, Comment.Status.APPROVED)
    html = Client().get(article.get_absolute_url()).content.decode()
    comments = comment_list(html)
    assert_inert(comments)
    for payload in PAYLOADS:
        if "<" in payload:
            assert payload not in html
    assert "{{ 7|add:39 }} {% debug %}" in comments  # shown, never evaluated
    assert f"{len(PAYLOADS)} Komentar" in html


def test_held_payloads_render_inert_to_their_author(client, article, posted_payloads):
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count("Komentar Anda sedang menunggu moderasi.") >= 20
    assert_inert(comment_list(html))


def test_payloads_kept_in_a_refused_form_render_inert(post, article):
    for payload in PAYLOADS:
        response = post(article, name=payload[:100], email="not-an-email", comment=payload)
        assert response.status_code == 400
        html = response.content.decode()
        form = html[html.index('<form method="post" action="/komentar/') :]
        form = form[: form.index("</form>")]
        if "<" in payload:
            assert payload not in form
        parser = Elements()
        parser.feed(form)
        for tag, attrs in parser.found:
            assert tag in {
                "form",
                "input",
                "textarea",
                "div",
                "label",
                "span",
                "ul",
                "li",
                "p",
                "button",
            }
            assert not any(name.startswith("on") for name in attrs), attrs
    assert not Comment.objects.exists()


def test_payloads_render_inert_in_the_moderation_queue(article, posted_payloads):
    moderator = Client()
    moderator.force_login(make_moderator(article.unit))
    html = moderator.get("/admin/comments/comment/?status__exact=pending").content.decode()
    assert html.count('class="action-select"') == len(PAYLOADS)
    for payload in PAYLOADS:
        if "<" in payload:
            assert payload not in html
