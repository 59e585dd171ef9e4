"""RSS 2.0 and Atom feeds, read back with feedparser as a feed reader would."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.fixture
def stories(units):
    """22 published stories (the newest has a photo), a draft and a scheduled one."""
    now = timezone.now()
    launch = datetime.datetime(2026, 4, 26, 2, 15, tzinfo=datetime.UTC)  # 10.15 WITA
    older = [
        ArticleFactory(
            title=f"Kegiatan Rutin Polda Jabar Nomor {n}",
            unit=units["Polda Jabar"],
            publish_at=launch - datetime.timedelta(days=n + 1),
        )
        for n in range(21)
    ]
    newest = ArticleFactory(
        title="Kapolda Sulsel Buka Rakernis Humas",
        lead="Rapat kerja teknis humas dibuka secara resmi di Makassar.",
        unit=units["Polsek Tallo"],
        category=CategoryFactory(name="Humas Polri", slug="humas-polri"),
        author__display_name="Bidhumas Polda Sulsel",
        publish_at=launch,
        tags=["Rakernis", "Humas"],
        with_image=True,
    )
    ArticleFactory(
        title="Draf Belum Terbit", unit=units["Polsek Tallo"], status=Article.Status.DRAFT
    )
    ArticleFactory(
        title="Terjadwal Besok",
        unit=units["Polsek Tallo"],
        publish_at=now + datetime.timedelta(days=1),
    )
    return newest, older


def test_site_rss_lists_the_latest_twenty_published_stories_in_full(client, stories):
    newest, older = stories
    feed = parse(client, "/feed/")
    assert feed.version == "rss20"
    assert feed.feed.title == "Tribrata News"
    assert feed.feed.language == "id"
    titles = [entry.title for entry in feed.entries]
    assert len(titles) == 20
    assert titles[0] == newest.title
    assert titles[1:] == [article.title for article in older[:19]]
    assert "Draf Belum Terbit" not in titles and "Terjadwal Besok" not in titles

    entry = feed.entries[0]
    assert entry.link == f"http://testserver{newest.get_absolute_url()}"
    assert entry.summary == "Rapat kerja teknis humas dibuka secara resmi di Makassar."
    assert entry.published == "Sun, 26 Apr 2026 10:15:00 +0800"  # in the unit's zone
    assert entry.author == "Bidhumas Polda Sulsel"
    assert {tag.term for tag in entry.tags} == {"Humas Polri", "Rakernis", "Humas"}
    (enclosure,) = entry.enclosures
    assert enclosure.type == "image/jpeg"
    assert enclosure.href.startswith("http://testserver/media/renditions/")
    assert int(enclosure.length) > 1000
    response = client.get(enclosure.href.removeprefix("http://testserver"))
    assert response.status_code in (200, 404)  # media is served by the web server in production


def test_enclosure_is_the_1200_px_rendition(client, stories, settings):
    from PIL import Image

    newest, _ = stories
    (enclosure,) = parse(client, "/feed/").entries[0].enclosures
    path = settings.MEDIA_ROOT / enclosure.href.split("/media/", 1)[1]
    with Image.open(path) as image:
        assert image.size == (1200, 675)


def test_site_atom_feed_has_dates_with_offsets_authors_and_enclosures(client, stories):
    newest, _ = stories
    feed = parse(client, "/feed/atom/")
    assert feed.version == "atom10"
    entry = feed.entries[0]
    assert entry.title == newest.title
    assert entry.published == "2026-04-26T10:15:00+08:00"
    assert entry.updated.endswith("+08:00")
    assert entry.author == "Bidhumas Polda Sulsel"
    assert entry.summary == newest.lead
    enclosures = [link for link in entry.links if link.rel == "enclosure"]
    assert len(enclosures) == 1 and enclosures[0].type == "image/jpeg"
    assert len(feed.entries) == 20


def test_unit_feed_includes_the_units_beneath_it(client, stories, units):
    newest, older = stories
    sulsel = parse(client, "/unit/polda-sulsel/feed/")
    assert [entry.title for entry in sulsel.entries] == [newest.title]
    assert "Polda Sulsel" in sulsel.feed.title
    jabar = parse(client, "/unit/polda-jabar/feed/atom/")
    assert len(jabar.entries) == 20 and newest.title not in [e.title for e in jabar.entries]
    assert client.get("/unit/polda-papua-selatan/feed/").status_code == 404  # inactive unit


def test_category_and_tag_feeds(client, stories):
    newest, _ = stories
    for url in ("/kategori/humas-polri/feed/", "/tag/rakernis/feed/atom/"):
        assert [entry.title for entry in parse(client, url).entries] == [newest.title]
    assert client.get("/tag/tidak-ada/feed/").status_code == 404
    assert client.get("/kategori/tidak-ada/feed/atom/").status_code == 404


def test_a_tag_only_drafts_carry_has_no_page_and_no_feed(client, units):
    """As an unknown tag: answering would confirm the topic of unpublished work."""
    draft = ArticleFactory(unit=units["Polda Jabar"], status=Article.Status.DRAFT)
    draft.tags.add("Operasi Senyap")
    for url in (
        "/tag/operasi-senyap/",
        "/tag/operasi-senyap/feed/",
        "/tag/operasi-senyap/feed/atom/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Operasi Senyap" not in response.content.decode()
    ArticleFactory(unit=units["Polda Jabar"]).tags.add("Operasi Senyap")  # now published too
    assert client.get("/tag/operasi-senyap/").status_code == 200
    assert len(parse(client, "/tag/operasi-senyap/feed/").entries) == 1


def test_pages_advertise_their_feeds(client, stories, units):
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'href="/feed/atom/"' in home
    unit_page = client.get("/unit/polda-sulsel/").content.decode()
    assert 'href="/unit/polda-sulsel/feed/"' in unit_page
    assert 'href="/unit/polda-sulsel/feed/atom/"' in unit_page
    assert 'href="/tag/rakernis/feed/"' in client.get("/tag/rakernis/").content.decode()


def test_a_tag_named_like_the_section_is_one_category_of_the_item(client, units):
    ArticleFactory(
        unit=units["Polda Jabar"],
        category=CategoryFactory(name="Humas Polri", slug="humas-polri"),
        tags=["humas polri", "Patroli"],
    )
    entry = parse(client, "/feed/").entries[0]
    assert [tag.term for tag in entry.tags] == ["Humas Polri", "Patroli"]
