"""What search engines and social networks read from a page: canonical URL, description,
OpenGraph and Twitter cards, and JSON-LD checked field by field."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from lxml import html as lxml_html

from articles import pagecache
from tests.factories import ArticleFactory, CategoryFactory

SEED_TITLE = "Kapolda Sulsel Secara Resmi Membuka Rakernis Humas di Hotel Harper Makassar"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.content)


def meta(document, key):
    """The content of <meta property=key> or <meta name=key>, which must appear once."""
    values = document.xpath(f'//head/meta[@property="{key}" or @name="{key}"]/@content')
    assert len(values) == 1, (key, values)
    return values[0]


def json_ld(document):
    return [
        json.loads(script.text)
        for script in document.xpath('//script[@type="application/ld+json"]')
    ]


@pytest.fixture
def story(units):
    return ArticleFactory(
        title=SEED_TITLE,
        lead="Kapolda Sulsel Irjen Pol Umar Septono secara resmi membuka Rakernis Humas 2018.",
        unit=units["Polsek Tallo"],
        category=CategoryFactory(name="Humas Polri", slug="humas-polri"),
        author__display_name="Bidhumas Polda Sulsel",
        publish_at=datetime.datetime(2018, 4, 26, 2, 15, tzinfo=datetime.UTC),
        tags=["Rakernis", "Pilkada 2018"],
        with_image=True,
    )


def test_article_has_canonical_description_opengraph_and_twitter_card(client, story):
    document = page(client, story.get_absolute_url() + "?utm_source=whatsapp&fbclid=abc")
    url = f"http://testserver{story.get_absolute_url()}"
    assert document.xpath('//link[@rel="canonical"]/@href') == [url]
    assert meta(document, "description") == story.lead
    assert meta(document, "og:type") == "article"
    assert meta(document, "og:title") == SEED_TITLE
    assert meta(document, "og:description") == story.lead
    assert meta(document, "og:url") == url
    assert meta(document, "og:site_name") == "Tribrata News"
    assert meta(document, "og:locale") == "id_ID"
    image = meta(document, "og:image")
    assert image.startswith("http://testserver/media/renditions/") and image.endswith(".jpg")
    assert (meta(document, "og:image:width"), meta(document, "og:image:height")) == ("1200", "675")
    assert meta(document, "og:image:alt") == "Personel berbaris di halaman markas"
    assert meta(document, "article:published_time") == "2018-04-26T10:15:00+08:00"
    assert meta(document, "article:section") == "Humas Polri"
    assert meta(document, "twitter:card") == "summary_large_image"
    assert meta(document, "twitter:image") == image
    assert meta(document, "twitter:title") == SEED_TITLE


def test_og_image_is_the_1200_px_rendition(client, story, settings):
    from PIL import Image

    image = meta(page(client, story.get_absolute_url()), "og:image")
    with Image.open(settings.MEDIA_ROOT / image.split("/media/", 1)[1]) as picture:
        assert picture.size == (1200, 675)


def test_article_json_ld_news_article_field_by_field(client, story):
    document = page(client, story.get_absolute_url())
    news, breadcrumbs = json_ld(document)
    url = f"http://testserver{story.get_absolute_url()}"
    assert news["@context"] == "https://schema.org"
    assert news["@type"] == "NewsArticle"
    assert news["headline"] == SEED_TITLE
    assert news["description"] == story.lead
    assert news["url"] == url
    assert news["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    (image,) = news["image"]
    assert image["@type"] == "ImageObject"
    assert image["url"] == meta(document, "og:image")
    assert (image["width"], image["height"]) == (1200, 675)
    assert news["datePublished"] == "2018-04-26T10:15:00+08:00"
    modified = datetime.datetime.fromisoformat(news["dateModified"])
    assert modified.utcoffset() == datetime.timedelta(hours=8)
    assert modified == story.updated_at
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Bidhumas Polda Sulsel",
            "url": f"http://testserver{story.author.get_absolute_url()}",
        }
    ]
    assert news["articleSection"] == "Humas Polri"
    assert sorted(news["keywords"]) == ["Pilkada 2018", "Rakernis"]
    assert news["inLanguage"] == "id"


def test_publisher_is_the_unit_with_its_parents_up_to_mabes_polri(client, story):
    news, _ = json_ld(page(client, story.get_absolute_url()))
    chain = []
    organization = news["publisher"]
    while organization:
        assert organization["@type"] == "Organization"
        assert (
            organization["url"] == f"http://testserver/unit/{organization['url'].split('/')[-2]}/"
        )
        assert organization["logo"]["url"] == "http://testserver/static/img/logo.png"
        chain.append((organization["alternateName"], organization["name"]))
        organization = organization.get("parentOrganization")
    assert chain == [
        ("Polsek Tallo", "Kepolisian Sektor Tallo"),
        ("Polrestabes Makassar", "Kepolisian Resor Kota Besar Makassar"),
        ("Polda Sulsel", "Kepolisian Daerah Sulawesi Selatan"),
        ("Mabes Polri", "Markas Besar Kepolisian Negara Republik Indonesia"),
    ]


def test_article_breadcrumbs_as_breadcrumb_list(client, story):
    _, breadcrumbs = json_ld(page(client, story.get_absolute_url()))
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert breadcrumbs["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Beranda", "item": "http://testserver/"},
        {
            "@type": "ListItem",
            "position": 2,
            "name": "Humas Polri",
            "item": "http://testserver/kategori/humas-polri/",
        },
        {
            "@type": "ListItem",
            "position": 3,
            "name": SEED_TITLE,
            "item": f"http://testserver{story.get_absolute_url()}",
        },
    ]


def test_a_title_cannot_break_out_of_the_json_ld_script(client, units):
    title = 'Awas </script><script>alert("x")</script> & "kutip"'
    article = ArticleFactory(title=title, unit=units["Polda Bali"])
    response = client.get(article.get_absolute_url())
    assert '<script>alert("x")' not in response.content.decode()
    news, _ = json_ld(lxml_html.fromstring(response.content))
    assert news["headline"] == title


def test_story_without_a_photo_previews_with_the_site_card(client, units):
    article = ArticleFactory(unit=units["Polda Bali"])
    document = page(client, article.get_absolute_url())
    assert meta(document, "og:image") == "http://testserver/static/img/og-default.png"
    assert (meta(document, "og:image:width"), meta(document, "og:image:height")) == ("1200", "630")
    news, _ = json_ld(document)
    assert news["image"][0]["url"] == "http://testserver/static/img/og-default.png"


def test_unit_page_has_breadcrumbs_up_the_hierarchy(client, units):
    document = page(client, "/unit/polsek-tallo/")
    (breadcrumbs,) = json_ld(document)
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == [
        "Beranda",
        "Mabes Polri",
        "Polda Sulsel",
        "Polrestabes Makassar",
        "Polsek Tallo",
    ]
    assert meta(document, "og:title") == "Polsek Tallo"
    assert meta(document, "description") == "Berita dari Kepolisian Sektor Tallo."


@pytest.mark.parametrize(
    "url,title",
    [
        ("/", "Tribrata News"),
        ("/kategori/humas-polri/", "Humas Polri"),
        ("/tag/rakernis/", "#Rakernis"),
        ("/unit/polda-sulsel/", "Polda Sulsel"),
        ("/berita/2018/", "Arsip"),
        ("/cari/?q=rakernis", "Cari"),
        ("/en/kategori/humas-polri/", "Humas Polri"),
    ],
)
def test_every_public_page_has_canonical_description_and_cards(client, story, url, title):
    document = page(client, url + ("&" if "?" in url else "?") + "utm_campaign=x")
    canonical = document.xpath('//link[@rel="canonical"]/@href')
    assert canonical == [f"http://testserver{url.split('?')[0]}"]
    assert len(meta(document, "description")) > 10
    assert meta(document, "og:title") == title
    assert meta(document, "og:url") == canonical[0]
    assert meta(document, "og:image").startswith("http://testserver/")
    assert meta(document, "twitter:card") == "summary_large_image"


def test_author_page_has_canonical_description_and_cards(client, story):
    with translation.override("id"):  # an earlier request to /en/ leaves English active
        url = story.author.get_absolute_url()
    document = page(client, url)
    assert document.xpath('//link[@rel="canonical"]/@href') == [f"http://testserver{url}"]
    assert meta(document, "og:title") == "Berita oleh Bidhumas Polda Sulsel"
    assert meta(document, "description").startswith("Berita oleh Bidhumas Polda Sulsel")
    assert meta(document, "twitter:card") == "summary_large_image"


def test_paginated_lists_keep_the_page_in_the_canonical_url(client, units, settings):
    category = CategoryFactory(slug="kamtibmas", name="Kamtibmas")
    ArticleFactory.create_batch(
        settings.NEWSROOM_PAGE_SIZE + 1, category=category, unit=units["Polda Bali"]
    )
    document = page(client, "/kategori/kamtibmas/?page=2&utm_source=x")
    assert document.xpath('//link[@rel="canonical"]/@href') == [
        "http://testserver/kategori/kamtibmas/?page=2"
    ]


def test_search_results_are_not_indexed(client, story):
    assert meta(page(client, "/cari/?q=rakernis"), "robots") == "noindex, follow"


def test_share_links_are_plain_links_without_third_party_scripts(client, story):
    document = page(client, story.get_absolute_url())
    links = document.xpath('//div[@class="share"]//a/@href')
    assert [link.split("?")[0].split("/")[2] for link in links[:4]] == [
        "www.facebook.com",
        "twitter.com",
        "wa.me",
        "t.me",
    ]
    assert links[4] == f"http://testserver{story.get_absolute_url()}"  # copy link
    scripts = document.xpath("//script/@src")
    assert scripts and all(src.startswith("/static/js/") for src in scripts), scripts


def test_article_page_queries_do_not_grow_with_the_hierarchy_depth(client, units):
    """The publisher chain comes with the article (select_related), not one query per level."""
    counts = []
    for unit in ("Polda Bali", "Polsek Tallo"):
        article = ArticleFactory(unit=units[unit])
        client.get(article.get_absolute_url())  # warm the site-wide caches
        pagecache.purge_site()  # and render the page itself again
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_pages_that_are_not_lists_ignore_page_in_the_canonical_url(client, story):
    url = story.get_absolute_url()
    first = page(client, url + "?page=2")  # rendered and shared with the plain address
    for document in (first, page(client, url)):
        assert document.xpath('//link[@rel="canonical"]/@href') == [f"http://testserver{url}"]
    assert page(client, "/?page=3").xpath('//link[@rel="canonical"]/@href') == [
        "http://testserver/"
    ]
