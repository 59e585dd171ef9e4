"""Readers the page cache cannot share with get the shared copy with their own parts rendered
for them (articles/personal_parts.py): the same page as one rendered for them from scratch,
never older than the shared one, and nothing personal goes the other way."""

import gzip
import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import signing
from django.test import Client, RequestFactory
from django.utils import translation

from articles import pagecache, personal_parts
from comments import services
from comments.cookies import AUTHOR_COOKIE, AUTHOR_SALT, PENDING_COOKIE, PENDING_SALT
from comments.models import Comment
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory, UserFactory

AWAITING = "Komentar Anda sedang menunggu moderasi."


@pytest.fixture
def story(units):
    story = ArticleFactory(
        title="Polres Gowa Gelar Operasi Zebra",
        unit=units["Polres Gowa"],
        category=CategoryFactory(name="Lalu Lintas", slug="lalu-lintas"),
        tags=["operasi zebra"],
    )
    CommentFactory(article=story, author_name="Budi", text="Mantap, lalu lintas jadi tertib.")
    return story


@pytest.fixture
def reader(db):
    return UserFactory(display_name="Andi Pembaca")


@pytest.fixture
def assembled(monkeypatch):
    """The pages built from a shared copy's pieces (rather than rendered whole), as a list."""
    built = []
    assemble = personal_parts.assemble

    def spy(content, parts, request, context, **options):
        built.append(request.path)
        return assemble(content, parts, request, context, **options)

    monkeypatch.setattr(personal_parts, "assemble", spy)
    return built


def browser(**cookies):
    """A browser holding these cookies on every visit (a response that deletes one, such as a
    stale session's or a shown flash message's, must not change the next visit)."""
    client = Client()
    client.kept_cookies = cookies
    return client


def visit(client, url, **headers):
    for name, value in getattr(client, "kept_cookies", {}).items():
        client.cookies[name] = value
    return client.get(url, headers=headers)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def guest_with_saved_name():
    saved = {"name": "Siti Warga", "email": "siti@example.id", "website": "https://siti.example"}
    return browser(**{AUTHOR_COOKIE: signing.dumps(saved, salt=AUTHOR_SALT, compress=True)})


def guest_with_held_comment(comment):
    value = signing.get_cookie_signer(salt=PENDING_COOKIE + PENDING_SALT).sign(str(comment.pk))
    return browser(**{PENDING_COOKIE: value})


def guest_with_flash_message():
    storage = CookieStorage(RequestFactory().get("/"))
    message = Message(constants.SUCCESS, "Kata sandi Anda telah diubah.")
    return browser(messages=storage._encode([message]))


def comparable(response):
    """The page without what differs on every rendering: tokens are masked afresh each time."""
    html = page_of(response)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
    return re.sub(r'name="token" value="[^"]*"', "FORM-TOKEN", html)


def page_of(response):
    """The page as the browser reads it: decompressed if it came gzipped."""
    content = response.content
    if response.get("Content-Encoding") == "gzip":
        content = gzip.decompress(content)
    return content.decode()


def held_comment_by(user, story):
    comment = services.post_comment(
        story, text="Apakah operasi ini juga di malam hari?", user=user, seconds_on_form=60
    )
    assert comment.status == Comment.Status.PENDING  # a first comment waits for a moderator
    return comment


def readers(story, reader):
    """Each kind of reader the page cache passes to Django, as (label, client)."""
    held_guest = Comment.objects.create(
        article=story,
        author_name="Rina",
        author_email="rina@example.id",
        text="Semoga lancar operasinya.",
        status=Comment.Status.PENDING,
    )
    return [
        ("stale session cookie", browser(sessionid="expired-long-ago")),
        ("signed-in reader", signed_in(reader)),
        ("signed-in reader with a held comment", signed_in(held_reader(story))),
        ("guest with a saved name", guest_with_saved_name()),
        ("guest with a held comment", guest_with_held_comment(held_guest)),
        ("guest with a flash message", guest_with_flash_message()),
    ]


def held_reader(story):
    user = UserFactory(display_name="Dewi Penanya")
    held_comment_by(user, story)
    return user


def pages(story, units):
    with translation.override("id"):
        return [
            story.get_absolute_url(),
            story.get_absolute_url() + "?komentar=1",
            "/",
            units["Polres Gowa"].get_absolute_url(),
            story.category.get_absolute_url(),
            "/en" + story.get_absolute_url(),
        ]


def test_every_reader_gets_the_page_they_would_get_rendered_from_scratch(
    story, units, reader, assembled, monkeypatch
):
    kinds = readers(story, reader)
    for url in pages(story, units):
        for label, client in kinds:
            pagecache.purge_site()
            with monkeypatch.context() as nothing_stored:  # so the page is rendered for them
                nothing_stored.setattr(pagecache, "store", lambda *args: None)
                from_scratch = visit(client, url)
            assert assembled == [], (url, label)
            Client().get(url)  # an anonymous reader: the shared copy, cut at its parts
            from_pieces = visit(client, url)
            assert assembled == [from_pieces.wsgi_request.path], (url, label)
            assembled.clear()
            assert "X-Page-Cache" not in from_pieces, (url, label)
            assert from_scratch.status_code == from_pieces.status_code == 200, (url, label)
            assert comparable(from_pieces) == comparable(from_scratch), (url, label)
            # As browsers ask for it: the same page, gzipped.
            gzipped = visit(client, url, accept_encoding="gzip, deflate, br")
            assert gzipped["Content-Encoding"] == "gzip", (url, label)
            assert len(gzipped.content) < 0.6 * len(from_pieces.content), (url, label)
            assert comparable(gzipped) == comparable(from_scratch), (url, label)
            assembled.clear()


def test_a_personal_copy_shows_the_reader_their_own_parts(story, reader):
    url = story.get_absolute_url()
    Client().get(url)
    page = signed_in(reader).get(url).content.decode()
    assert "Andi Pembaca" in page  # the header's account link
    assert "Masuk sebagai Andi Pembaca." in page  # the form knows them
    assert 'name="email"' not in page and 'id="login-box"' not in page
    guest_page = visit(guest_with_saved_name(), url).content.decode()
    assert 'value="Siti Warga"' in guest_page and 'value="siti@example.id"' in guest_page
    assert "Siti Warga" not in Client().get(url).content.decode()


def test_a_reader_who_finds_no_shared_copy_makes_the_one_everybody_after_them_gets(
    story, reader, assembled
):
    url = story.get_absolute_url()
    first = guest_with_flash_message()
    page = page_of(visit(first, url, accept_encoding="gzip"))
    assert "Kata sandi Anda telah diubah." in page and "Polres Gowa Gelar Operasi Zebra" in page
    assert assembled == [url]  # cut from the copy made for anonymous readers
    anonymous = Client().get(url)
    assert anonymous["X-Page-Cache"] == "hit"
    assert "Kata sandi Anda telah diubah." not in anonymous.content.decode()
    page = signed_in(reader).get(url).content.decode()
    assert "Andi Pembaca" in page and "Kata sandi Anda telah diubah." not in page
    assert assembled == [url, url]


def test_a_personal_copy_is_built_without_reading_the_story_again(
    story, reader, django_assert_max_num_queries
):
    url = story.get_absolute_url()
    client = signed_in(reader)
    Client().get(url)
    client.get(url)  # what a running process has warm (the reader's held-comment list)
    with django_assert_max_num_queries(2):  # the session and the user, as on any page of theirs
        response = client.get(url)
    assert "Polres Gowa Gelar Operasi Zebra" in response.content.decode()
    guest = guest_with_saved_name()
    visit(guest, url)
    with django_assert_max_num_queries(0):  # no session: a guest's copy is all from the cache
        response = visit(guest, url)
    page = response.content.decode()
    assert "Polres Gowa Gelar Operasi Zebra" in page and 'value="Siti Warga"' in page


def test_a_personal_copy_is_private_and_its_forms_carry_the_readers_token(story, reader):
    url = story.get_absolute_url()
    Client().get(url)
    response = signed_in(reader).get(url)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', response.content.decode())
    assert len(tokens) >= 2 and all(tokens), tokens  # logout and comment forms, both filled


def test_a_gzipped_personal_copy_holds_the_readers_tokens_uncompressed(story, reader):
    """Compressed with nothing else, a token cannot be guessed from the page's size (BREACH)."""
    url = story.get_absolute_url()
    Client().get(url)
    response = signed_in(reader).get(url, headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"] and "private" in response["Cache-Control"]
    assert int(response["Content-Length"]) == len(response.content)
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_of(response))
    assert len(tokens) >= 2
    assert all(token.encode() in response.content for token in tokens)


def test_a_long_thread_of_the_readers_own_comes_gzipped_too(story, reader):
    for number in range(12):
        services.post_comment(
            story,
            text=f"Pertanyaan {number}: " + "kapan operasi dimulai? " * 20,
            user=reader,
            seconds_on_form=60,
        )
    url = story.get_absolute_url()
    Client().get(url)
    plain = signed_in(reader).get(url)
    response = signed_in(reader).get(url, headers={"accept-encoding": "gzip"})
    assert page_of(response).count(AWAITING) == 12
    assert comparable(response) == comparable(plain)
    assert b"kapan operasi dimulai? " * 20 not in response.content  # the thread compressed


def test_no_fence_of_a_personal_part_reaches_anyone(story, units, reader):
    missing = story.get_absolute_url() + "?komentar=9"
    for url in [*pages(story, units), missing]:
        for client in (Client(), Client(), signed_in(reader), guest_with_saved_name()):
            response = visit(client, url)
            assert "\x00" not in response.content.decode(), url
    assert Client().get(missing).status_code == 404


def test_a_signed_in_reader_sees_their_held_comment_from_any_browser(story, reader, assembled):
    url = story.get_absolute_url()
    Client().get(url)
    phone = signed_in(reader)
    assert AWAITING not in phone.get(url).content.decode()
    held_comment_by(reader, story)
    laptop = signed_in(reader)  # no cookie of the comment form
    assert AWAITING in laptop.get(url).content.decode()
    assert AWAITING not in Client().get(url).content.decode()
    assert AWAITING not in signed_in(UserFactory()).get(url).content.decode()
    assert len(assembled) == 3  # every signed-in page above came from the shared copy


def test_a_rejected_comment_put_back_in_the_queue_shows_to_its_author_again(
    story, reader, assembled
):
    url = story.get_absolute_url()
    comment = held_comment_by(reader, story)
    services.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.REJECTED)
    Client().get(url)
    assert AWAITING not in signed_in(reader).get(url).content.decode()
    # Back to pending: no count changes, so no page is purged; only the author's list is.
    services.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.PENDING)
    assert AWAITING in signed_in(reader).get(url).content.decode()
    assert len(assembled) == 2


def test_a_personal_copy_has_a_comment_form_token_of_its_own(story, reader):
    url = story.get_absolute_url()
    shared = Client().get(url).content.decode()
    personal = signed_in(reader).get(url).content.decode()
    tokens = [
        re.search(r'name="token" value="([^"]+)"', page).group(1) for page in (shared, personal)
    ]
    assert tokens[0] != tokens[1]  # when this reader was shown the form, not the copy


@pytest.mark.parametrize("change", ["a part renamed", "another set of parts"])
def test_a_copy_cut_by_other_code_is_not_used(story, reader, assembled, change):
    url = story.get_absolute_url()
    Client().get(url)
    request = RequestFactory().get(url)
    key = pagecache.page_key(request, pagecache.page_cache_params(request))
    kept = pagecache.cache.get(key)
    if change == "a part renamed":
        kept["personal_parts"]["parts"].append(("includes/since_renamed.html", 0, 0, []))
    else:
        kept["personal_parts"]["version"] = "older"
    pagecache.cache.set(key, kept)
    response = signed_in(reader).get(url)
    assert response.status_code == 200 and "Andi Pembaca" in response.content.decode()
    assert assembled == [url]
    if change == "a part renamed":  # the part cannot be rendered: the page was, whole
        assert "since_renamed" in str(pagecache.cache.get(key)["personal_parts"])
    else:  # a copy of this code's was made in its place, and theirs cut from it
        assert pagecache.cache.get(key)["personal_parts"]["version"] == personal_parts.version()


def test_a_personal_copy_is_cut_from_the_gzipped_copy_when_the_plain_one_was_evicted(
    story, reader, assembled
):
    url = story.get_absolute_url()
    Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    request = RequestFactory().get(url)
    key = pagecache.page_key(request, pagecache.page_cache_params(request))
    pagecache.cache.delete(key)  # as a cache short of memory evicts the copy read least
    page = signed_in(reader).get(url).content.decode()
    assert assembled == [url]
    assert "Andi Pembaca" in page and "Polres Gowa Gelar Operasi Zebra" in page


def test_a_moderated_comment_leaves_its_authors_page_at_once(story, reader):
    url = story.get_absolute_url()
    comment = held_comment_by(reader, story)
    Client().get(url)
    assert AWAITING in signed_in(reader).get(url).content.decode()
    services.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.SPAM)
    Client().get(url)
    page = signed_in(reader).get(url).content.decode()
    assert AWAITING not in page and "juga di malam hari" not in page


def test_a_personal_copy_is_never_older_than_the_shared_page(story, reader):
    url = story.get_absolute_url()
    client = signed_in(reader)
    Client().get(url)
    client.get(url)
    before = pagecache.article_dependencies(story)
    story.title = "Polres Gowa Tutup Operasi Zebra"
    story.save()
    pagecache.purge_article(story, before)
    assert "Polres Gowa Tutup Operasi Zebra" in client.get(url).content.decode()
    waiting = CommentFactory(
        article=story, text="Komentar yang baru disetujui.", status=Comment.Status.PENDING
    )
    assert "Komentar yang baru disetujui." not in client.get(url).content.decode()
    services.moderate(Comment.objects.filter(pk=waiting.pk), Comment.Status.APPROVED)
    assert "Komentar yang baru disetujui." in client.get(url).content.decode()


def test_an_unpublished_story_is_gone_for_signed_in_readers_too(story, reader):
    url = story.get_absolute_url()
    client = signed_in(reader)
    Client().get(url)
    before = pagecache.article_dependencies(story)
    story.status = story.Status.UNPUBLISHED
    story.save()
    pagecache.purge_article(story, before)
    assert client.get(url).status_code == 404


def guest_named(name, email):
    saved = {"name": name, "email": email, "website": ""}
    return browser(**{AUTHOR_COOKIE: signing.dumps(saved, salt=AUTHOR_SALT, compress=True)})


def name_fields(page):
    return re.findall(r'<input type="(?:text|email)" name="(?:name|email)" value="([^"]*)"', page)


def test_returning_guests_each_see_their_own_saved_name_on_every_story_and_language(
    story, units, monkeypatch
):
    """A guest's name fields are kept per process once rendered (personal_parts `same_for`):
    never another guest's, and in the language of the page."""
    monkeypatch.setattr(personal_parts, "RENDERINGS_KEPT", 3)
    personal_parts._renderings.clear()
    other = ArticleFactory(title="Polres Gowa Amankan Pasar Malam", unit=units["Polres Gowa"])
    guests = {
        "Siti Warga": guest_named("Siti Warga", "siti@example.id"),
        "Budi Warga": guest_named("Budi Warga", "budi@example.id"),
        "Rudi Warga": guest_named("Rudi Warga", "rudi@example.id"),
    }
    with translation.override("id"):
        urls = [story.get_absolute_url(), other.get_absolute_url()]
    urls += ["/en" + url for url in urls]
    for url in urls:
        Client().get(url)  # the shared copy
    for _round in range(2):
        for url in urls:
            for name, guest in guests.items():
                page = visit(guest, url).content.decode()
                email = name.split()[0].lower() + "@example.id"
                assert name_fields(page) == [name, email], (url, name)
                label = "Name" if url.startswith("/en/") else "Nama"
                assert f'<label for="id_name">{label}' in page, url
    assert len(personal_parts._renderings) == 3  # the last three renderings (English)
    newcomer = guest_named("Dewi Warga", "dewi@example.id")
    page = visit(newcomer, urls[0]).content.decode()
    assert name_fields(page) == ["Dewi Warga", "dewi@example.id"]
    assert len(personal_parts._renderings) == 3  # the oldest made room


def test_a_signed_in_reader_with_an_old_guest_cookie_is_not_shown_guest_fields(story, reader):
    url = story.get_absolute_url()
    guest = guest_with_saved_name()
    Client().get(url)
    assert name_fields(visit(guest, url).content.decode()) == ["Siti Warga", "siti@example.id"]
    client = signed_in(reader)
    client.cookies[AUTHOR_COOKIE] = guest.kept_cookies[AUTHOR_COOKIE]
    page = client.get(url).content.decode()
    assert name_fields(page) == []
    assert "Masuk sebagai Andi Pembaca." in page


@pytest.mark.parametrize("mine", [{}, {"inner": b"<b>mine</b>"}, {"outer": b"<i>all mine</i>"}])
@pytest.mark.parametrize("kept", ["compressed ahead", "not kept"])
def test_a_gzipped_copy_reads_back_as_the_plain_one_whichever_parts_are_personal(mine, kept):
    marker = "f00d"
    html = (
        f"<header>shared</header>\x00{marker}<outer\x00<div>around\x00{marker}<inner\x00"
        f"<em>inner</em>\x00{marker}>\x00after</div>\x00{marker}>\x00<footer>shared</footer>"
    )
    content, parts = personal_parts.split(html, marker)
    deflated = personal_parts.deflated_pieces(content, parts) if kept == "compressed ahead" else {}
    pieces = personal_parts._joined(parts, mine, 0, len(content))
    plain = personal_parts.plain(content, pieces)
    assert gzip.decompress(personal_parts.gzipped(content, pieces, deflated)) == plain
    assert plain.decode().startswith("<header>shared</header>")
    assert all(rendering in plain for rendering in mine.values())
