"""The comment list costs the same number of queries for 5 comments as for 500."""

import datetime

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


def with_comments(unit, count):
    """A story with `count` approved comments, a third of them replies (some nested deeper)."""
    article = ArticleFactory(unit=unit)
    start = timezone.now() - datetime.timedelta(days=1)
    comments = []
    for n in range(count):
        parent = comments[n - 1] if n % 3 else None  # reply chains of three
        comment = Comment(
            article=article,
            parent=parent,
            author_name=f"Pembaca {n}",
            author_email=f"pembaca{n}@example.id",
            author_key=f"email:pembaca{n}@example.id",
            text=f"Komentar nomor {n}",
            fingerprint=f"{n:064d}",
            status=Comment.Status.APPROVED,
            created_at=start + datetime.timedelta(seconds=n),
        )
        comment.save()
        comments.append(comment)
    Article.objects.filter(pk=article.pk).update(comment_count=count)
    return article


def queries_for(client, url):
    client.get(url)  # warm the caches a running site has warm
    pagecache.purge_site()  # but render the page itself: measure rendering, not the page cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_an_article_with_500_comments_renders_with_as_many_queries_as_one_with_5(units):
    few = with_comments(units["Polda Sulsel"], 5)
    many = with_comments(units["Polda Sulsel"], 500)
    client = Client()
    few_response, few_queries = queries_for(client, few.get_absolute_url())
    many_response, many_queries = queries_for(client, many.get_absolute_url())
    assert few_response.content.decode().count('class="comment depth-') == 5
    assert many_response.content.decode().count('class="comment depth-') == 500
    assert "500 Komentar" in many_response.content.decode()
    assert few_queries == many_queries
    assert many_queries <= 6  # the article page's budget, comments included


def test_the_comment_section_itself_is_one_query(units):
    article = with_comments(units["Polda Sulsel"], 50)
    article = Article.objects.select_related("unit").get(pk=article.pk)
    template = Template("{% load comment_tags %}{% comment_section article %}")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    template.render(Context({"article": article, "request": request}))  # settings now cached
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"article": article, "request": request}))
    assert html.count('class="comment depth-') == 50
    assert len(queries) == 1
