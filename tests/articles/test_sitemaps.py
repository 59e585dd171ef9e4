"""Sitemaps and robots.txt, validated against the Sitemaps 0.9 and Google News schemas."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from articles import sitemaps
from articles.models import Article, Category
from tests.factories import ArticleFactory, CategoryFactory

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parents[1] / "data" / "sitemap.xsd")))
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def valid_xml(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    assert SCHEMA.validate(document), SCHEMA.error_log
    return document


def locations(document):
    return document.xpath("//sm:loc/text()", namespaces=NS)


@pytest.fixture
def site(units):
    category = CategoryFactory(name="Kamtibmas", slug="kamtibmas")
    recent = ArticleFactory(
        title="Polsek Tallo Gelar Patroli Subuh",
        unit=units["Polsek Tallo"],
        category=category,
        tags=["Patroli"],
        publish_at=timezone.now() - datetime.timedelta(hours=3),
    )
    old = ArticleFactory(
        title="Kapolda Sulsel Buka Rakernis Humas",
        unit=units["Polda Sulsel"],
        category=category,
        tags=["Rakernis"],
        publish_at=datetime.datetime(2018, 4, 26, 2, 15, tzinfo=datetime.UTC),
    )
    draft = ArticleFactory(
        title="Draf Rahasia",
        unit=units["Polda Sulsel"],
        status=Article.Status.DRAFT,
        tags=["Topik Rahasia"],
    )
    return recent, old, draft


def test_index_lists_every_section_and_validates(client, site):
    index = valid_xml(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    assert locations(index) == [
        "http://testserver/sitemap-berita.xml",
        "http://testserver/sitemap-berita-terkini.xml",
        "http://testserver/sitemap-unit.xml",
        "http://testserver/sitemap-kategori.xml",
        "http://testserver/sitemap-tag.xml",
    ]
    lastmods = index.xpath("//sm:sitemap[1]/sm:lastmod/text()", namespaces=NS)
    assert lastmods and lastmods[0].startswith(str(timezone.now().year))


def test_article_sitemap_lists_published_stories_only(client, site):
    recent, old, draft = site
    document = valid_xml(client, "/sitemap-berita.xml")
    assert locations(document) == [
        f"http://testserver{recent.get_absolute_url()}",
        f"http://testserver{old.get_absolute_url()}",
    ]
    assert "/berita/2018/04/26/" in locations(document)[1]
    assert document.xpath("//sm:url[1]/sm:lastmod/text()", namespaces=NS)


def test_article_sitemap_is_split_into_pages_listed_in_the_index(client, site, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 1)
    index = locations(valid_xml(client, "/sitemap.xml"))
    assert "http://testserver/sitemap-berita.xml?p=2" in index
    first = locations(valid_xml(client, "/sitemap-berita.xml"))
    second = locations(valid_xml(client, "/sitemap-berita.xml?p=2"))
    assert len(first) == len(second) == 1 and first != second
    assert client.get("/sitemap-berita.xml?p=3").status_code == 404
    assert client.get("/sitemap-berita.xml?p=x").status_code == 404
    assert client.get("/sitemap-tidak-ada.xml").status_code == 404


def test_unit_category_and_tag_sitemaps_list_only_public_pages(client, site, units):
    unit_urls = locations(valid_xml(client, "/sitemap-unit.xml"))
    assert "http://testserver/unit/polda-sulsel/" in unit_urls
    assert "http://testserver/unit/polda-papua-selatan/" not in unit_urls  # inactive
    category_urls = locations(valid_xml(client, "/sitemap-kategori.xml"))
    assert "http://testserver/kategori/kamtibmas/" in category_urls
    assert len(category_urls) == Category.objects.count()
    assert locations(valid_xml(client, "/sitemap-tag.xml")) == [
        "http://testserver/tag/patroli/",
        "http://testserver/tag/rakernis/",
    ]  # the draft's tag is not listed


def test_news_sitemap_has_the_last_48_hours_in_the_news_namespace(client, site):
    recent, old, draft = site
    ArticleFactory(
        title="Dua Hari Lalu Lebih Sedikit",
        unit=recent.unit,
        publish_at=timezone.now() - datetime.timedelta(hours=49),
    )
    document = valid_xml(client, "/sitemap-berita-terkini.xml")
    assert locations(document) == [f"http://testserver{recent.get_absolute_url()}"]
    news = document.xpath("//sm:url/news:news", namespaces=NS)[0]
    assert news.xpath("news:publication/news:name/text()", namespaces=NS) == ["Tribrata News"]
    assert news.xpath("news:publication/news:language/text()", namespaces=NS) == ["id"]
    assert news.xpath("news:title/text()", namespaces=NS) == [recent.title]
    (published,) = news.xpath("news:publication_date/text()", namespaces=NS)
    assert published.endswith("+08:00")  # Polsek Tallo is on WITA
    assert datetime.datetime.fromisoformat(published) == recent.publish_at


def test_sitemaps_list_indonesian_addresses_whatever_the_crawlers_language(client, site):
    recent, _, _ = site
    document = valid_xml(client, "/sitemap-berita.xml", HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert f"http://testserver{recent.get_absolute_url()}" in locations(document)
    assert not [url for url in locations(document) if "/en/" in url]


def test_robots_txt_points_to_the_sitemaps(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-berita-terkini.xml" in lines


def test_a_scheduled_story_going_live_is_its_latest_change_everywhere(client, units):
    """Going live is no save (updated_at stays at the last edit), yet crawlers and readers
    must see the story as changed then, never modified before it was published."""
    import json
    import re

    import time_machine

    from articles import services

    edited = timezone.now() - datetime.timedelta(days=1)
    goes_live = timezone.now() - datetime.timedelta(minutes=5)
    with time_machine.travel(edited, tick=False):
        story = ArticleFactory(unit=units["Polda Sulsel"], publish_at=goes_live)
    services.publish_due_stories()

    lastmods = valid_xml(client, "/sitemap-berita.xml").xpath("//sm:lastmod/text()", namespaces=NS)
    index = valid_xml(client, "/sitemap.xml").xpath("//sm:lastmod/text()", namespaces=NS)
    page = client.get(story.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = next(d for d in map(json.loads, blocks) if d.get("@type") == "NewsArticle")

    assert lastmods == [timezone.localtime(goes_live).date().isoformat()]  # not the edit's day
    assert max(datetime.datetime.fromisoformat(d) for d in index) >= goes_live.replace(
        microsecond=0
    )
    assert data["dateModified"] >= data["datePublished"]
