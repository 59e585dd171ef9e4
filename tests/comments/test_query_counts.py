"""A page of comments costs the same number of queries for 1 comment as for 500, on any page."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import pagecache
from articles.models import Article
from comments.models import Comment
from tests.factories import ArticleFactory


def with_comments(unit, count, first_page_full=False):
    """A story with `count` approved comments, a third of them replies (some nested deeper);
    with `first_page_full`, after 50 single comments that fill the first page of comments."""
    article = ArticleFactory(unit=unit)
    start = timezone.now() - datetime.timedelta(days=1)
    earlier = 50 if first_page_full else 0
    comments = []
    for n in range(-earlier, count):
        parent = comments[-1] if n > 0 and n % 3 else None  # reply chains of three
        comment = Comment(
            article=article,
            parent=parent,
            author_name=f"Pembaca {n}",
            author_email=f"pembaca{n}@example.id",
            author_key=f"email:pembaca{n}@example.id",
            text=f"Komentar nomor {n}",
            fingerprint=f"{n + earlier:064d}",
            status=Comment.Status.APPROVED,
            created_at=start + datetime.timedelta(seconds=n + earlier),
        )
        comment.save()
        comments.append(comment)
    Article.objects.filter(pk=article.pk).update(comment_count=count + earlier)
    return article


def queries_for(client, url):
    client.get(url)  # warm the caches a running site has warm
    pagecache.purge_site()  # but render the page itself: measure rendering, not the page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def shown(response):
    return response.content.decode().count('class="comment depth-')


@pytest.mark.parametrize(
    ("count", "page", "expected_shown"),
    [
        (0, 1, 0),
        (1, 1, 1),
        (50, 1, 50),
        (500, 1, 150),  # 50 conversations of three
        (1, 2, 1),  # page 2: after 50 conversations that fill page 1
        (50, 2, 50),
        (500, 2, 150),
    ],
)
def test_an_article_page_costs_at_most_6_queries_whatever_its_comments(
    units, count, page, expected_shown
):
    article = with_comments(units["Polda Sulsel"], count, first_page_full=page > 1)
    query = f"?komentar={page}" if page > 1 else ""
    response, queries = queries_for(Client(), article.get_absolute_url() + query)
    assert shown(response) == expected_shown
    assert queries <= 6  # the article page's budget, comments included


def test_a_story_with_500_comments_costs_as_many_queries_as_one_with_5(units):
    few = with_comments(units["Polda Sulsel"], 5)
    many = with_comments(units["Polda Sulsel"], 500)
    client = Client()
    few_response, few_queries = queries_for(client, few.get_absolute_url())
    many_response, many_queries = queries_for(client, many.get_absolute_url())
    later_response, later_queries = queries_for(client, many.get_absolute_url() + "?komentar=3")
    assert (shown(few_response), shown(many_response), shown(later_response)) == (5, 150, 150)
    assert "500 Komentar" in many_response.content.decode()
    assert few_queries == many_queries == later_queries


@pytest.mark.parametrize("page", [1, 2])
def test_the_comment_section_itself_is_one_query(units, page):
    article = with_comments(units["Polda Sulsel"], 50, first_page_full=True)
    article = Article.objects.select_related("unit").get(pk=article.pk)
    template = Template("{% load comment_tags %}{% comment_section article %}")
    request = RequestFactory().get("/", {"komentar": page})
    request.user = AnonymousUser()
    template.render(Context({"article": article, "request": request}))  # settings now cached
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"article": article, "request": request}))
    assert html.count('class="comment depth-') == 50
    assert len(queries) == 1
