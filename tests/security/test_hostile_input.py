"""Every public form and query parameter against a corpus of hostile inputs: never a 5xx,
no injected header, and nothing stored that a browser would run."""

import datetime
import itertools
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone

from articles.models import Article
from comments.forms import issue_form_token
from comments.models import Comment
from tests.security.hostile_inputs import CORPUS

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

_addresses = itertools.count(1)
_readers = itertools.count(1)


def fresh_address():
    n = next(_addresses)
    return f"203.0.{n // 250 % 250}.{n % 250 + 1}"


def comment_form(story, **fields):
    """A valid comment from a new reader each time, so only the hostile field can refuse it."""
    issued = timezone.now() - datetime.timedelta(minutes=1)
    n = next(_readers)
    return {
        "comment": f"Terima kasih atas informasinya, komentar nomor {n}.",
        "name": f"Pembaca {n}",
        "email": f"pembaca{n}@example.id",
        "website": "",
        "token": issue_form_token(story.pk, issued),
        **fields,
    }


# Query parameters of the public pages. The search filters are sent whether or not the search
# reads them: an unknown parameter must be as harmless as a known one.
SEARCH_PARAMETERS = ["q", "page", "unit", "kategori", "tag", "dari", "sampai", "urut"]
FEED_PATHS = ["/feed/", "/feed/atom/", "/sitemap.xml", "/sitemap-berita.xml", "/sitemap-tag.xml"]


def existing(paths):
    """Feeds and sitemaps arrive with the search branch: test the ones this build has."""
    found = []
    for path in paths:
        try:
            resolve(path)
        except Resolver404:
            continue
        found.append(path)
    return found


def get_targets(story):
    lists = ["/", story.category.get_absolute_url(), story.unit.get_absolute_url()]
    lists += [story.author.get_absolute_url(), f"/berita/{story.publish_at.year}/"]
    targets = [("/cari/", name) for name in SEARCH_PARAMETERS]
    targets += [(url, "page") for url in lists]
    targets += [(story.unit.get_absolute_url(), "cakupan")]
    targets += [(story.get_absolute_url(), "komentar")]
    targets += [(f"/komentar/{story.pk}/", "balas")]
    targets += [("/akun/masuk/", "next"), ("/akun/lupa-sandi/", "next")]
    feeds = FEED_PATHS + [
        story.category.get_absolute_url() + "feed/",
        story.unit.get_absolute_url() + "feed/atom/",
    ]
    targets += [(url, name) for url in existing(feeds) for name in ("p", "page", "q")]
    return targets


def assert_answered_safely(response, label):
    assert response.status_code < 500, label
    for header, value in response.items():
        assert "\n" not in value and "\r" not in value, (label, header)
        assert header.lower() != "x-injected", label
    assert "evil" not in response.cookies, label
    location = response.get("Location", "")
    assert "evil.example" not in location, (label, location)


def test_the_corpus_holds_at_least_100_inputs_of_every_kind():
    from tests.security import hostile_inputs as kinds

    assert len(set(CORPUS)) >= 100
    for kind in (kinds.XSS, kinds.SQL_INJECTION, kinds.PATH_TRAVERSAL, kinds.HEADER_INJECTION):
        assert len(kind) >= 10
    assert max(map(len, kinds.OVERSIZED)) >= 20_000


def test_every_query_parameter_answers_hostile_input_without_a_server_error(client, story):
    targets = get_targets(story)
    assert ("/feed/", "page") in targets and ("/sitemap.xml", "p") in targets  # they resolve
    for path, name in targets:
        for payload in CORPUS:
            response = client.get(path, {name: payload})
            assert_answered_safely(response, (path, name, payload[:40]))


def test_hostile_path_segments_are_not_found_and_never_a_server_error(client, story):
    for prefix in ("/kategori/", "/tag/", "/unit/", "/penulis/", "/berita/2024/", "/media/"):
        for payload in CORPUS:
            response = client.get(prefix + quote(payload[:2000], safe="") + "/")
            assert_answered_safely(response, (prefix, payload[:40]))
            assert response.status_code in (301, 302, 404), (prefix, payload[:40])


COMMENT_FIELDS = ["comment", "name", "email", "website", "parent", "token", "homepage_url"]


def test_every_comment_field_answers_hostile_input_and_stores_nothing_executable(
    client, story, superuser
):
    before = list(Article.objects.values_list("pk", "title", "body"))
    for field in COMMENT_FIELDS:
        for payload in CORPUS:
            response = client.post(
                f"/komentar/{story.pk}/",
                comment_form(story, **{field: payload}),
                REMOTE_ADDR=fresh_address(),
            )
            assert_answered_safely(response, (field, payload[:40]))
    stored = Comment.objects.filter(article=story)
    assert stored.count() > 50  # the hostile comments were stored, as text
    assert list(Article.objects.values_list("pk", "title", "body")) == before

    Comment.objects.update(status=Comment.Status.APPROVED)
    from articles.pagecache import purge

    purge("site")
    page = client.get(f"/komentar/{story.pk}/")
    assert page.status_code == 200
    assert_nothing_executable(page.content.decode(), "comment page")
    # The story shows its comments a page at a time: walk every page, so each one is rendered.
    rendered, url = set(), story.get_absolute_url()
    while url:
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert_nothing_executable(html, url)
        rendered |= {int(pk) for pk in re.findall(r'<li id="comment-(\d+)"', html)}
        newer = re.search(r'<a href="([^"]+)">Komentar lebih baru', html)
        url = newer and newer.group(1)
    assert rendered == set(stored.values_list("pk", flat=True))
    client.force_login(superuser)
    queue = client.get("/admin/comments/comment/?all=")
    assert queue.status_code == 200
    assert_nothing_executable(queue.content.decode(), "moderation queue")


class Executables(HTMLParser):
    """Scripts, event handlers and script URLs, as a browser would parse them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "script"
            and not attrs.get("src")
            and attrs.get("type")
            not in (
                "application/ld+json",
                "importmap",
            )
        ):
            self.found.append(("inline script", attrs))
        if tag in ("iframe", "object", "embed", "base", "meta") and tag != "meta":
            self.found.append((tag, attrs))
        if tag == "meta" and "http-equiv" in attrs:
            self.found.append((tag, attrs))
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append((tag, name))
            if name in ("href", "src", "action", "formaction", "data") and value:
                cleaned = "".join(value.split()).lower()
                if cleaned.startswith(("javascript:", "data:text", "vbscript:")):
                    self.found.append((tag, name, value))


def assert_nothing_executable(html, label):
    parser = Executables()
    parser.feed(html)
    assert parser.found == [], label


LOGIN_FIELDS = ["username", "password", "next"]


def test_login_and_password_reset_answer_hostile_input_without_a_server_error(client, story):
    for field in LOGIN_FIELDS:
        for payload in CORPUS:
            data = {"username": "budi", "password": "salah-sekali", field: payload}
            response = client.post("/akun/masuk/", data, REMOTE_ADDR=fresh_address())
            assert_answered_safely(response, ("login", field, payload[:40]))
    for payload in CORPUS:
        for data in ({"email": payload}, {"email": "budi@example.id", "next": payload}):
            response = client.post("/akun/lupa-sandi/", data, REMOTE_ADDR=fresh_address())
            assert_answered_safely(response, ("reset", payload[:40]))


def test_a_body_larger_than_django_accepts_is_refused_with_a_400(client, story):
    huge = "A" * 3_000_000  # over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB)
    for url in (f"/komentar/{story.pk}/", "/akun/masuk/", "/akun/lupa-sandi/"):
        response = client.post(url, {"comment": huge, "username": huge, "email": huge})
        assert response.status_code == 400, url
    assert not Comment.objects.filter(text__startswith="AAAA").exists()
