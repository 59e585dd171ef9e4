"""View counting: cache increments on each view, batched database writes, most-read lists."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import viewcounts
from articles.models import Article, ArticleDailyViews
from tests.factories import ArticleFactory

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "WhatsApp/2.23.20.0",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "",
]
WRITES = ("INSERT", "UPDATE", "DELETE")


def beacon(client, article, ip="203.0.113.7", user_agent=BROWSER):
    return client.post(f"/api/views/{article.pk}/", REMOTE_ADDR=ip, HTTP_USER_AGENT=user_agent)


def writes_in(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


def most_read_block(html):
    start = html.index('class="most-read"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def no_early_flush(settings):
    settings.NEWSROOM_VIEW_FLUSH_THRESHOLD = 100_000


def test_thousand_views_across_ten_stories_reach_the_database_in_one_flush(
    client, units, no_early_flush
):
    articles = ArticleFactory.create_batch(10, unit=units["Polda Bali"])
    with CaptureQueriesContext(connection) as queries:
        for n in range(1000):
            article = articles[n % 10]
            response = beacon(client, article, ip=f"10.0.{n // 250}.{n % 250}")
            assert response.status_code == 204
    assert len(queries) == 0
    assert set(Article.objects.values_list("view_count", flat=True)) == {0}

    call_command("flush_view_counts", stdout=StringIO())

    assert list(Article.objects.values_list("view_count", flat=True)) == [100] * 10
    today = timezone.localdate()
    daily = ArticleDailyViews.objects.filter(date=today)
    assert sorted(daily.values_list("views", flat=True)) == [100] * 10
    call_command("flush_view_counts", stdout=StringIO())  # nothing is counted twice
    assert list(Article.objects.values_list("view_count", flat=True)) == [100] * 10


def test_bots_and_repeat_views_within_thirty_minutes_are_not_counted(client, units, no_early_flush):
    article = ArticleFactory(unit=units["Polda Bali"])
    for user_agent in BOTS:
        assert beacon(client, article, user_agent=user_agent).status_code == 204
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(5):
            beacon(client, article, ip="198.51.100.1")
        beacon(client, article, ip="198.51.100.1", user_agent=BROWSER + " Firefox")
        beacon(client, article, ip="198.51.100.2")
        clock.shift(datetime.timedelta(minutes=29))
        beacon(client, article, ip="198.51.100.1")
        viewcounts.flush_view_counts()
        article.refresh_from_db()
        assert article.view_count == 3  # one address, another browser, another address
        clock.shift(datetime.timedelta(minutes=2))
        beacon(client, article, ip="198.51.100.1")
        viewcounts.flush_view_counts()
    article.refresh_from_db()
    assert article.view_count == 4


def test_reading_a_story_writes_nothing_to_the_database(client, units, no_early_flush):
    article = ArticleFactory(unit=units["Polda Bali"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
        ping = beacon(client, article)
    assert page.status_code == 200
    assert writes_in(queries) == []
    assert ping.status_code == 204
    assert ping["Cache-Control"] == "no-store"
    assert f'data-view-beacon="/api/views/{article.pk}/"' in page.content.decode()
    assert f'<img class="view-pixel" src="/api/views/{article.pk}/"' in page.content.decode()


def test_beacon_accepts_the_no_script_image_request_and_ignores_unknown_stories(
    client, units, no_early_flush
):
    article = ArticleFactory(unit=units["Polda Bali"])
    draft = ArticleFactory(unit=units["Polda Bali"], status=Article.Status.DRAFT)
    response = client.get(f"/api/views/{article.pk}/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 204
    beacon(client, draft)
    client.post("/api/views/999999/", HTTP_USER_AGENT=BROWSER)
    assert viewcounts.flush_view_counts() == 1
    assert Article.objects.get(pk=article.pk).view_count == 1
    assert Article.objects.get(pk=draft.pk).view_count == 0
    assert client.put(f"/api/views/{article.pk}/").status_code == 405


def test_a_story_id_no_database_holds_is_not_counted_and_counting_goes_on(
    client, units, no_early_flush
):
    article = ArticleFactory(unit=units["Polda Bali"])
    huge = client.post("/api/views/99999999999999999999999/", HTTP_USER_AGENT=BROWSER)
    assert huge.status_code == 204
    # Events stored before the beacon checked, or in another shape, are dropped by the flush.
    for number, event in ((90, (10**25, "2026-12-03")), (91, "rusak"), (92, (article.pk, "x"))):
        viewcounts.cache.set(viewcounts.event_key(number), event)
    viewcounts.cache.set(viewcounts.SEQUENCE_KEY, 92)

    assert beacon(client, article).status_code == 204
    assert viewcounts.flush_view_counts() == 1
    assert Article.objects.get(pk=article.pk).view_count == 1
    assert beacon(client, article, ip="203.0.113.8").status_code == 204
    assert viewcounts.flush_view_counts() == 1
    assert Article.objects.get(pk=article.pk).view_count == 2


def test_a_beacon_from_another_sites_page_is_not_counted(client, units, no_early_flush):
    article = ArticleFactory(unit=units["Polda Bali"])
    for site, ip in (("cross-site", "10.4.0.1"), ("same-origin", "10.4.0.2"), (None, "10.4.0.3")):
        headers = {"HTTP_SEC_FETCH_SITE": site} if site else {}
        response = client.get(
            f"/api/views/{article.pk}/", REMOTE_ADDR=ip, HTTP_USER_AGENT=BROWSER, **headers
        )
        assert response.status_code == 204
    assert viewcounts.flush_view_counts() == 2  # this site's page, and a browser too old to say
    assert Article.objects.get(pk=article.pk).view_count == 2


def test_reaching_the_threshold_flushes_without_waiting_for_the_command(client, units, settings):
    settings.NEWSROOM_VIEW_FLUSH_THRESHOLD = 25
    article = ArticleFactory(unit=units["Polda Bali"])
    for n in range(24):
        beacon(client, article, ip=f"10.1.0.{n}")
    assert Article.objects.get(pk=article.pk).view_count == 0
    beacon(client, article, ip="10.1.0.99")
    assert Article.objects.get(pk=article.pk).view_count == 25


def test_a_failed_flush_keeps_its_views_for_the_next_one(
    client, units, no_early_flush, monkeypatch
):
    article = ArticleFactory(unit=units["Polda Bali"])
    for n in range(3):
        beacon(client, article, ip=f"10.3.0.{n}")
    write = viewcounts._write_views

    def database_down(views):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(viewcounts, "_write_views", database_down)
    with pytest.raises(OperationalError):
        viewcounts.flush_view_counts()
    monkeypatch.setattr(viewcounts, "_write_views", write)
    beacon(client, article, ip="10.3.0.9")
    assert viewcounts.flush_view_counts() == 4
    assert Article.objects.get(pk=article.pk).view_count == 4


def test_views_are_counted_on_the_day_they_happen(client, units, no_early_flush):
    article = ArticleFactory(
        unit=units["Polda Bali"], publish_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)
    )
    monday = datetime.datetime(2026, 3, 2, 23, 50, tzinfo=datetime.UTC)  # Tuesday 06:50 WIB
    with time_machine.travel(monday - datetime.timedelta(hours=8), tick=False):
        beacon(client, article, ip="10.2.0.1")
    with time_machine.travel(monday, tick=False):
        beacon(client, article, ip="10.2.0.2")
        beacon(client, article, ip="10.2.0.3")
        viewcounts.flush_view_counts()
    days = dict(ArticleDailyViews.objects.values_list("date", "views"))
    assert days == {datetime.date(2026, 3, 2): 1, datetime.date(2026, 3, 3): 2}


def test_an_unreachable_cache_loses_the_view_but_not_the_page(client, units, monkeypatch):
    article = ArticleFactory(unit=units["Polda Bali"])

    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(viewcounts.cache, "add", broken)
    assert beacon(client, article).status_code == 204


def test_most_read_block_ranks_today_and_this_week_in_a_fixed_number_of_queries(client, units):
    today = timezone.localdate()
    hot_today = ArticleFactory(title="Paling Dibaca Hari Ini", unit=units["Polsek Tallo"])
    hot_week = ArticleFactory(title="Paling Dibaca Pekan Ini", unit=units["Polda Jabar"])
    old = ArticleFactory(title="Ramai Bulan Lalu", unit=units["Polda Jabar"])
    draft = ArticleFactory(
        title="Draf Ramai Dibaca", unit=units["Polda Jabar"], status=Article.Status.DRAFT
    )
    rows = [
        (hot_today, today, 50),
        (hot_week, today, 10),
        (hot_week, today - datetime.timedelta(days=3), 500),
        (old, today - datetime.timedelta(days=20), 9000),
        (draft, today, 10000),
    ]
    ArticleDailyViews.objects.bulk_create(
        ArticleDailyViews(article=a, date=d, views=v) for a, d, v in rows
    )
    lists = viewcounts.most_read_lists()
    assert [a.title for a in lists["day"]] == [hot_today.title, hot_week.title]
    assert [a.recent_views for a in lists["day"]] == [50, 10]
    assert [a.title for a in lists["week"]] == [hot_week.title, hot_today.title]
    assert [a.recent_views for a in lists["week"]] == [510, 50]
    in_sulsel = viewcounts.most_read_lists(units["Polda Sulsel"])
    assert [a.title for a in in_sulsel["week"]] == [hot_today.title]
    assert [a.unit.short_name for a in in_sulsel["day"]] == ["Polsek Tallo"]

    home = client.get("/").content.decode()
    block = most_read_block(home)
    assert "Terpopuler" in block and "Hari ini" in block and "Pekan ini" in block
    assert block.index(hot_today.title) < block.index(hot_week.title)
    assert "Draf Ramai Dibaca" not in home and "Ramai Bulan Lalu" not in block
    unit_page = client.get(units["Polda Sulsel"].get_absolute_url()).content.decode()
    unit_block = most_read_block(unit_page)
    assert hot_today.title in unit_block and hot_week.title not in unit_block
    article_page = client.get(old.get_absolute_url()).content.decode()
    assert hot_week.title in most_read_block(article_page)

    with CaptureQueriesContext(connection) as queries:
        viewcounts.most_read_lists(units["Polda Jabar"])
    assert len(queries) == (1 if connection.vendor == "postgresql" else 2)


def test_counts_are_shown_anew_at_most_every_few_minutes_so_pages_stay_cached(
    client, units, no_early_flush
):
    """Home, unit and article pages show counts (the most-read lists, a story its own): a flush
    purges them at most every NEWSROOM_COUNTS_REFRESH_SECONDS, not every minute."""
    read = ArticleFactory(title="Patroli Dialogis Malam Minggu", unit=units["Polda Bali"])
    quiet = ArticleFactory(title="Sosialisasi Tertib Berlalu Lintas", unit=units["Polda Bali"])
    with time_machine.travel(timezone.now(), tick=False) as clock:
        beacon(client, read, ip="10.9.0.1")
        viewcounts.flush_view_counts()  # the first: shown at once
        assert read.title in most_read_block(client.get("/").content.decode())
        assert "1 kali dilihat" in client.get(read.get_absolute_url()).content.decode()

        clock.shift(datetime.timedelta(minutes=1))
        beacon(client, read, ip="10.9.0.2")
        for ip in ("10.9.0.2", "10.9.0.3", "10.9.0.4"):
            beacon(client, quiet, ip=ip)
        viewcounts.flush_view_counts()
        assert Article.objects.get(pk=quiet.pk).view_count == 3  # stored at once
        home = client.get("/")
        page = client.get(read.get_absolute_url())
        assert home["X-Page-Cache"] == page["X-Page-Cache"] == "hit"  # shown later
        assert quiet.title not in most_read_block(home.content.decode())

        clock.shift(datetime.timedelta(seconds=viewcounts.counts_refresh_seconds()))
        viewcounts.flush_view_counts()  # nothing new to count, but the pages are due
        home = client.get("/")
        block = most_read_block(home.content.decode())
        assert block.index(quiet.title) < block.index(read.title)  # 3 views today against 2
        assert "2 kali dilihat" in client.get(read.get_absolute_url()).content.decode()


def test_with_no_refresh_interval_every_flush_shows_the_new_counts(
    client, units, settings, no_early_flush
):
    """As in development (NEWSROOM_COUNTS_REFRESH_SECONDS = 0): a click counted shows at once."""
    settings.NEWSROOM_COUNTS_REFRESH_SECONDS = 0
    story = ArticleFactory(title="Patroli Dialogis Malam Minggu", unit=units["Polda Bali"])
    for views, ip in enumerate(("10.8.0.1", "10.8.0.2"), start=1):
        beacon(client, story, ip=ip)
        viewcounts.flush_view_counts()
        page = client.get(story.get_absolute_url())
        assert "X-Page-Cache" not in page
        assert f"{views} kali dilihat" in page.content.decode()


def test_a_most_read_story_unpublished_leaves_every_list_at_once(client, units, no_early_flush):
    from articles import services
    from tests.factories import StaffFactory

    now = timezone.now()
    far = ArticleFactory(
        title="Arsip Lama", unit=units["Polda Jabar"], publish_at=now - datetime.timedelta(days=30)
    )
    read, unread, other = (
        ArticleFactory(title=title, unit=units["Polda Bali"], publish_at=now - hours)
        for title, hours in (
            ("Patroli Dialogis Malam Minggu", datetime.timedelta(hours=3)),
            ("Bakti Sosial di Panti Asuhan", datetime.timedelta(hours=2)),
            ("Sosialisasi Tertib Berlalu Lintas", datetime.timedelta(hours=1)),
        )
    )
    beacon(client, read)
    viewcounts.flush_view_counts()
    pages = ["/", units["Polda Bali"].get_absolute_url(), other.get_absolute_url()]
    for page in [*pages, far.get_absolute_url()]:
        assert read.title in most_read_block(client.get(page).content.decode())
        assert client.get(page)["X-Page-Cache"] == "hit"
    editor = StaffFactory(unit=units["Mabes Polri"], role="Editor")

    # A story no list shows changes: pages showing the lists, and not it, stay cached.
    services.move(unread, editor, Article.Status.UNPUBLISHED)
    assert client.get(far.get_absolute_url())["X-Page-Cache"] == "hit"

    services.move(read, editor, Article.Status.UNPUBLISHED)
    for page in [*pages, far.get_absolute_url()]:
        response = client.get(page)
        assert "X-Page-Cache" not in response, page  # rendered anew
        assert read.title not in response.content.decode(), page


def test_the_most_read_mark_outlives_the_pages_stored_from_the_list(client, units, no_early_flush):
    from articles import pagecache

    read = ArticleFactory(unit=units["Polda Bali"])
    with time_machine.travel(timezone.now(), tick=False) as clock:
        beacon(client, read)
        viewcounts.flush_view_counts()
        viewcounts.most_read_lists()
        assert viewcounts.shown_as_most_read(read.pk)
        # The list expires, but a page stored just before holds it for page_ttl() more.
        clock.shift(datetime.timedelta(seconds=viewcounts.MOST_READ_SECONDS + 1))
        assert viewcounts.shown_as_most_read(read.pk)
        clock.shift(datetime.timedelta(seconds=pagecache.page_ttl()))
        assert not viewcounts.shown_as_most_read(read.pk)
