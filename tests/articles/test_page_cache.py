"""Anonymous public pages come from the shared cache, hold nothing personal, and never go stale."""

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.http import parse_http_date

from articles import pagecache
from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory, UserFactory


@pytest.fixture
def story(units):
    return ArticleFactory(
        title="Polres Gowa Gelar Operasi Zebra",
        unit=units["Polres Gowa"],
        category=CategoryFactory(name="Lalu Lintas", slug="lalu-lintas"),
        tags=["operasi zebra"],
    )


def public_pages(story, units):
    with translation.override("id"):  # a request to /en/ leaves English active in the thread
        return _public_pages(story, units)


def _public_pages(story, units):
    return [
        "/",
        story.get_absolute_url(),
        story.category.get_absolute_url(),
        "/tag/operasi-zebra/",
        units["Polres Gowa"].get_absolute_url(),
        units["Polda Sulsel"].get_absolute_url(),
        story.author.get_absolute_url(),
        f"/berita/{story.local_publish_at.year}/",
        "/en" + story.get_absolute_url(),
    ]


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    client, story, units, django_assert_num_queries
):
    for url in public_pages(story, units):
        first = client.get(url)
        assert first.status_code == 200, url
        assert "X-Page-Cache" not in first
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second["X-Page-Cache"] == "hit", url
        assert second.content == first.content


def test_cached_pages_hold_nothing_personal(client, story, units):
    for url in public_pages(story, units):
        for response in (client.get(url), client.get(url)):
            assert not response.cookies, url
            assert "Cookie" not in response.get("Vary", ""), url
            assert 'name="csrfmiddlewaretoken" value=""' in response.content.decode(), url
            cache_control = response["Cache-Control"]
            assert "public" in cache_control and "s-maxage=" in cache_control, url
            assert "stale-while-revalidate=" in cache_control, url


def test_logged_in_readers_get_fresh_personal_pages(client, story):
    client.get(story.get_absolute_url())  # cached for anonymous readers
    reader = UserFactory(display_name="Andi Pembaca")
    client.force_login(reader)
    response = client.get(story.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "Andi Pembaca" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_a_flash_message_cookie_bypasses_the_cache(client, story):
    client.get(story.get_absolute_url())
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get(story.get_absolute_url())


def test_matching_etag_gets_304_without_queries(client, story, django_assert_max_num_queries):
    etag = client.get(story.get_absolute_url())["ETag"]
    with django_assert_max_num_queries(1):
        response = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_if_modified_since_the_stored_copy_gets_304_without_queries(
    client, story, django_assert_max_num_queries
):
    url = story.get_absolute_url()
    first = client.get(url)
    last_modified = first["Last-Modified"]
    assert client.get(url)["Last-Modified"] == last_modified  # the hit carries it too
    with django_assert_max_num_queries(0):
        response = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304
    # If-None-Match decides when both are sent (RFC 9110): a different tag is a new page.
    assert (
        client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified, HTTP_IF_NONE_MATCH='"old"')
    ).status_code == 200


def edit_title(story, title):
    before = pagecache.article_dependencies(story)
    story.title = title
    story.save()
    pagecache.purge_article(story, before)


def test_a_changed_page_is_never_taken_for_its_previous_copy(client, story):
    url = story.get_absolute_url()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first_date = client.get(url)["Last-Modified"]
        edit_title(story, "Judul Baru Operasi Zebra")
        same_second = client.get(url, HTTP_IF_MODIFIED_SINCE=first_date)
        assert same_second.status_code == 200
        assert "Judul Baru Operasi Zebra" in same_second.content.decode()
        # A date no later than the old copy's would pass for it: none at all, the ETag serves.
        assert "Last-Modified" not in same_second and same_second["ETag"]
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=first_date).status_code == 200
        clock.shift(5)
        edit_title(story, "Judul Ketiga Operasi Zebra")
        later = client.get(url, HTTP_IF_MODIFIED_SINCE=first_date)
        assert later.status_code == 200
        assert parse_http_date(later["Last-Modified"]) == parse_http_date(first_date) + 5
        revalidated = client.get(
            url, HTTP_IF_MODIFIED_SINCE=later["Last-Modified"], HTTP_ACCEPT_ENCODING="gzip"
        )
        assert revalidated.status_code == 304


def test_editing_a_story_purges_every_page_that_shows_it(client, story, units):
    for url in public_pages(story, units):
        client.get(url)
    before = pagecache.article_dependencies(story)
    story.title = "Judul Baru Operasi Zebra"
    story.save()
    pagecache.purge_article(story, before)
    for url in public_pages(story, units):
        response = client.get(url)
        assert "X-Page-Cache" not in response, url
        assert "Judul Baru Operasi Zebra" in response.content.decode(), url


def test_purging_one_story_leaves_unrelated_pages_cached(client, story, units):
    import datetime

    from django.utils import timezone

    # Older than the story with one in between, so the story is not its previous/next link.
    hours_ago = lambda hours: timezone.now() - datetime.timedelta(hours=hours)  # noqa: E731
    other = ArticleFactory(unit=units["Polda Jabar"], tags=["banjir"], publish_at=hours_ago(3))
    ArticleFactory(publish_at=hours_ago(2))
    client.get(other.get_absolute_url())
    client.get("/tag/banjir/")
    client.get(units["Polda Jabar"].get_absolute_url())
    pagecache.purge_article(story)
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get("/tag/banjir/")["X-Page-Cache"] == "hit"
    assert client.get(units["Polda Jabar"].get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_story_moved_off_a_tag_leaves_the_old_tag_page(client, story):
    assert story.title in client.get("/tag/operasi-zebra/").content.decode()
    before = pagecache.article_dependencies(story)
    story.tags.set(["lalu lintas"])
    pagecache.purge_article(story, before)
    assert story.title not in client.get("/tag/operasi-zebra/").content.decode()


def test_renaming_a_unit_purges_its_pages_and_its_stories(client, story, units):
    client.get(story.get_absolute_url())
    client.get(units["Polda Sulsel"].get_absolute_url())
    gowa = units["Polres Gowa"]
    gowa.short_name = "Polres Gowa Raya"
    gowa.save()
    pagecache.purge_unit(gowa)
    assert "Polres Gowa Raya" in client.get(story.get_absolute_url()).content.decode()
    assert (
        "Polres Gowa Raya" in client.get(units["Polda Sulsel"].get_absolute_url()).content.decode()
    )


def test_search_is_never_cached(client, story):
    client.get("/cari/?q=zebra")
    assert "X-Page-Cache" not in client.get("/cari/?q=zebra")


def test_unknown_query_parameters_share_one_cached_copy(client, story):
    client.get(story.get_absolute_url())
    assert client.get(story.get_absolute_url() + "?utm_source=wa")["X-Page-Cache"] == "hit"


def test_odd_spellings_of_a_page_make_no_copies_of_their_own(client, story, settings, units):
    """Each spelling the paginator would take ("02", "+2", "2_0", a scope nobody offers) would
    be a copy of its own: an attacker could fill the cache with them and push real pages out."""
    ArticleFactory.create_batch(
        settings.NEWSROOM_PAGE_SIZE, unit=units["Polres Gowa"], category=story.category
    )
    section = story.category.get_absolute_url()
    unit_page = units["Polres Gowa"].get_absolute_url()
    for odd in ("02", "+2", "2_0", " 2", "2.0", "1e0"):
        assert client.get(section, {"page": odd}).status_code == 404, odd
    assert client.get(unit_page, {"cakupan": "abc"}).status_code == 404
    assert client.get(unit_page, {"cakupan": "unit"}).status_code == 200

    assert client.get(section + "?page=2").status_code == 200
    assert client.get(section + "?page=2&page=2&page=2")["X-Page-Cache"] == "hit"  # that copy
    assert client.get(section + "?page=last").status_code == 200


def test_pages_are_rendered_when_the_cache_server_is_down(client, story, settings, monkeypatch):
    """Production's Redis cache, pointed at a port where nothing listens."""
    waits = []
    monkeypatch.setattr(pagecache.time, "sleep", waits.append)
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
        }
    }
    for _ in range(2):
        response = client.get(story.get_absolute_url())
        assert response.status_code == 200
        assert story.title in response.content.decode()
        assert "X-Page-Cache" not in response
    assert waits == []  # nobody waits for a copy that no one can store


def test_a_hit_is_answered_before_sessions_and_views_with_the_rendered_pages_headers(
    client, story, units, monkeypatch
):
    """PageCacheMiddleware answers ahead of the session, CSRF and auth middleware and the view,
    yet the reader gets the same security and language headers as on the rendered page."""
    first = client.get(story.get_absolute_url())

    def must_not_run(*args, **kwargs):
        raise AssertionError("the view ran for a cached page")

    monkeypatch.setattr("articles.views.ArticleDetailView.get", must_not_run)
    second = client.get(story.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "ETag"):
        assert second[header] == first[header], header
    assert second["Content-Type"] == first["Content-Type"]
    assert "Set-Cookie" not in second


def test_an_english_address_is_cached_apart_from_the_indonesian_one(client, story):
    indonesian = client.get(story.get_absolute_url())
    english_url = "/en" + story.get_absolute_url()
    client.get(english_url)
    english = client.get(english_url)
    assert english["X-Page-Cache"] == "hit"
    assert english["Content-Language"] == "en" and indonesian["Content-Language"] == "id"
    assert english.content != indonesian.content


def test_pages_that_are_never_cached_are_not_looked_up(client, story, monkeypatch):
    looked_up = []
    monkeypatch.setattr(pagecache, "fresh_entry", lambda key, **also: looked_up.append(key))
    for url in ("/healthz/", "/cari/?q=zebra", "/akun/masuk/", "/tidak-ada/"):
        client.get(url)
    assert looked_up == []
    client.get(story.get_absolute_url())
    assert len(looked_up) == 1


def test_feeds_and_sitemaps_are_served_from_the_cache_without_queries(
    client, story, units, django_assert_num_queries
):
    for url in (
        "/feed/",
        "/feed/atom/",
        "/kategori/lalu-lintas/feed/",
        "/tag/operasi-zebra/feed/atom/",
        units["Polda Sulsel"].get_absolute_url() + "feed/",
        "/sitemap.xml",
        "/sitemap-berita-terkini.xml",
    ):
        first = client.get(url)
        assert first.status_code == 200, url
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second["X-Page-Cache"] == "hit", url
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"], url
        assert not second.cookies and "public" in second["Cache-Control"], url


def test_each_host_gets_its_own_copy_of_pages_holding_absolute_addresses(client, story):
    client.get("/feed/", HTTP_HOST="localhost")
    other_host = client.get("/feed/", HTTP_HOST="127.0.0.1")
    assert "X-Page-Cache" not in other_host
    assert "http://127.0.0.1/" in other_host.content.decode()
    assert "http://localhost/" not in other_host.content.decode()


def test_browsers_that_accept_gzip_get_the_copy_compressed_when_it_was_stored(client, story):
    import gzip

    url = story.get_absolute_url()
    plain = client.get(url)
    compressed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert compressed["X-Page-Cache"] == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content)
    for response in (plain, compressed):
        assert "Accept-Encoding" in response["Vary"]
    assert compressed["ETag"] != plain["ETag"]  # two representations, two validators
    revalidated = client.get(
        url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compressed["ETag"]
    )
    assert revalidated.status_code == 304 and revalidated["ETag"] == compressed["ETag"]
    identity = client.get(url)
    assert "Content-Encoding" not in identity and identity.content == plain.content


def test_the_reader_whose_visit_renders_the_page_gets_it_as_everyone_after_them(client, story):
    import gzip

    url = story.get_absolute_url()
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert "X-Page-Cache" not in first  # rendered for this visit
    assert first["Content-Encoding"] == "gzip"
    after = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert after["X-Page-Cache"] == "hit"
    assert first["ETag"] == after["ETag"] and first.content == after.content
    assert "Polres Gowa" in gzip.decompress(first.content).decode()


def test_next_and_related_links_follow_publishing_but_not_comment_approvals(
    client, story, django_assert_max_num_queries
):
    import datetime

    from django.utils import timezone

    url = story.get_absolute_url()
    assert 'rel="next"' not in client.get(url).content.decode()  # nothing newer yet
    newer = ArticleFactory(
        title="Patroli Malam Polres Gowa",
        unit=story.unit,
        tags=["operasi zebra"],
        publish_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    pagecache.purge_article(newer)  # what publishing does (articles.services.on_published)
    page = client.get(url).content.decode()
    assert 'rel="next"' in page and "Patroli Malam Polres Gowa" in page.split('rel="next"')[1]

    pagecache.purge(f"article:{story.pk}")  # what approving a comment on the story does
    with django_assert_max_num_queries(4):  # the story, its tags, comments, comment settings
        page = client.get(url).content.decode()
    assert "Patroli Malam Polres Gowa" in page

    newer.status = newer.Status.UNPUBLISHED
    newer.save()
    pagecache.purge_article(newer)
    assert "Patroli Malam Polres Gowa" not in client.get(url).content.decode()


def test_publishing_the_next_story_in_time_puts_it_on_the_previous_storys_page(
    client, story, units, django_capture_on_commit_callbacks
):
    """Even with nothing else in common (unit, section, tags): the page's "next" link."""
    from django.utils import timezone

    from articles import services

    url = story.get_absolute_url()
    assert 'rel="next"' not in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    newer = ArticleFactory(
        title="Polda Jabar Siagakan Personel di Puncak",
        unit=units["Polda Jabar"],
        category=CategoryFactory(name="Kamtibmas", slug="kamtibmas"),
        tags=["mudik"],
        status=Article.Status.DRAFT,
        publish_at=None,
    )
    newer.status, newer.publish_at = Article.Status.PUBLISHED, timezone.now()
    newer.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.catch_up(newer)

    page = client.get(url)
    assert "X-Page-Cache" not in page
    assert "Polda Jabar Siagakan Personel" in page.content.decode().split('rel="next"')[1]
    assert story.publish_at < newer.publish_at


def test_a_page_wanted_by_many_readers_at_once_is_rendered_once(client, story, monkeypatch):
    """After a purge, concurrent readers of a popular page wait for one rendering of it."""
    import threading
    import time

    from django.http import HttpResponse
    from django.test import Client

    renders = []

    def slow_render(view, request, *args, **kwargs):
        renders.append(1)
        time.sleep(0.3)
        return HttpResponse(f"rendered {len(renders)}")

    monkeypatch.setattr("articles.views.ArticleDetailView.get", slow_render)
    monkeypatch.setattr("articles.views.ArticleDetailView.page_dependencies", lambda view: [])
    url = story.get_absolute_url()
    responses = []

    def read():
        responses.append(Client().get(url))

    readers = [threading.Thread(target=read) for _ in range(6)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert len(renders) == 1
    assert [r.status_code for r in responses] == [200] * 6
    assert {r.content for r in responses} == {b"rendered 1"}
    assert sum("X-Page-Cache" in r for r in responses) == 5


def test_a_shared_copy_never_carries_the_first_readers_query_string(client, story):
    from django.test import Client

    first = client.get("/?fbclid=IwAR0abc&email=pembaca@example.com").content.decode()
    second = Client().get("/")
    assert second["X-Page-Cache"] == "hit"
    for page in (first, second.content.decode()):
        assert "pembaca" not in page and "fbclid" not in page
    assert Client().get("/?page=2")["X-Page-Cache"] == "hit"  # the home page has no pages


def test_a_page_rendered_while_something_was_purged_is_not_stored(client, story, monkeypatch):
    """It may show rows read before the change committed: the next reader renders it again."""
    from articles.views import ArticleDetailView

    render = ArticleDetailView.get_context_data

    def render_during_a_publish(view, **kwargs):
        pagecache.purge("article:999999")  # another story changes meanwhile
        return render(view, **kwargs)

    monkeypatch.setattr(ArticleDetailView, "get_context_data", render_during_a_publish)
    client.get(story.get_absolute_url())
    monkeypatch.setattr(ArticleDetailView, "get_context_data", render)
    assert "X-Page-Cache" not in client.get(story.get_absolute_url())
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"


def test_unpublishing_a_story_purges_the_pages_that_link_to_it(client, story):
    import datetime

    from django.utils import timezone

    elsewhere = ArticleFactory(  # another unit, no shared tag: linked only as "next story"
        title="Vaksinasi Massal di Jayapura",
        publish_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    url = story.get_absolute_url()
    client.get(url)
    assert "Vaksinasi Massal di Jayapura" in client.get(url).content.decode()
    elsewhere.status = elsewhere.Status.UNPUBLISHED
    elsewhere.save()
    pagecache.purge_article(elsewhere)
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert "Vaksinasi Massal di Jayapura" not in response.content.decode()


def test_a_value_read_ahead_answers_once_and_only_within_its_own_request():
    """remembered_until_purged(also=…): what the next call of a request will ask for comes in
    this call's round trip (a signed-in reader's held comments come with their account)."""
    from django.core.cache import cache

    computed = []

    def held_list(value):
        def compute():
            computed.append(value)
            return value

        return compute

    pagecache.remembered_until_purged(["reader:7"], "held:7", held_list("kept"))
    with pagecache.reading_ahead():
        pagecache.remembered_until_purged(
            ["account:7"], "account:7", held_list("account"), also=[(["reader:7"], "held:7")]
        )
        cache.delete("held:7")  # gone from the cache: only the read-ahead can answer
        assert pagecache.remembered_until_purged(["reader:7"], "held:7", held_list("x")) == "kept"
        assert computed == ["kept", "account"]
        # Answered once: the next call of the same request asks the cache again.
        assert pagecache.remembered_until_purged(["reader:7"], "held:7", held_list("y")) == "y"
    with pagecache.reading_ahead():
        pagecache.remembered_until_purged(
            ["account:7"], "account:7", held_list("account"), also=[(["reader:7"], "held:7")]
        )
    pagecache.purge("reader:7")
    # Outside any request's scope nothing is read ahead, and a purge is seen at once.
    assert pagecache.remembered_until_purged(["reader:7"], "held:7", held_list("z")) == "z"
    assert pagecache._read_ahead.get() is None
