"""Every public page costs the same number of queries whatever the size of its data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import pagecache
from tests.factories import ArticleFactory, CategoryFactory


def count_queries(client, url):
    client.get(url)  # warm the caches (site settings, content types) as a running site has them
    pagecache.purge_site()  # measure rendering, not the page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def build(units, size):
    """A story with `size` tags, `size` related stories and `size` stories per list."""
    category = CategoryFactory(slug=f"rubrik-uji-{size}", name=f"Rubrik Uji {size}")
    tags = [f"tag-{size}-{n}" for n in range(size)]
    article = ArticleFactory(unit=units["Polrestabes Makassar"], category=category, tags=tags)
    for n in range(size):
        ArticleFactory(
            unit=units["Polsek Tallo"], category=category, author=article.author, tags=tags[: n + 1]
        )
    return article, category, tags[0]


@pytest.mark.parametrize(
    "page",
    ["detail", "home", "category", "tag", "unit", "author", "archive", "search"],
)
def test_public_page_query_count_does_not_grow(client, units, page):
    counts = []
    for size in (1, 20):
        article, category, tag = build(units, size)
        url = {
            "detail": article.get_absolute_url(),
            "home": "/",
            "category": category.get_absolute_url(),
            "tag": f"/tag/{tag}/",
            "unit": units["Polda Sulsel"].get_absolute_url(),
            "author": article.author.get_absolute_url(),
            "archive": f"/berita/{article.publish_at.year}/",
            "search": "/cari/?q=Bakti",
        }[page]
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1], counts
    # The performance budget: an article page at most 6 queries, a list page at most 5.
    assert counts[1] <= (6 if page == "detail" else 5), counts


def test_no_anonymous_page_view_writes_to_the_database(client, units):
    import re

    article, category, tag = build(units, 3)
    urls = [
        "/",
        article.get_absolute_url(),
        category.get_absolute_url(),
        f"/tag/{tag}/",
        units["Polda Sulsel"].get_absolute_url(),
        article.author.get_absolute_url(),
        f"/berita/{article.publish_at.year}/",
        "/cari/?q=Bakti",
        "/en/",
    ]
    for url in urls:
        for _ in range(2):  # rendered, then from the page cache
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"])]
            assert writes == [], url
