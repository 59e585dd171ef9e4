"""200 readers post at once; moderators approve at once: every comment stored once, counted once."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from comments import services
from comments.models import Comment
from tests.comments.conftest import form_data
from tests.factories import ArticleFactory

READERS = 200
# PostgreSQL here allows 100 connections, shared with other suites: at most this many threads
# hold one at a time, as a pool of server workers would.
CONNECTIONS_AT_ONCE = 20

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite takes one writer at a time, so it cannot show concurrent writes: "
        "run with DATABASE_URL=postgres://… to exercise this test",
    ),
]


def run_in_threads(count, work):
    """Start `count` threads that wait for each other, then run `work(n)` together."""
    start = threading.Barrier(count)
    pool = threading.BoundedSemaphore(CONNECTIONS_AT_ONCE)
    errors = []

    def thread(n):
        start.wait()
        with pool:
            try:
                work(n)
            except Exception as error:  # collected and reported by the test
                errors.append(error)
            finally:
                connections.close_all()

    threads = [threading.Thread(target=thread, args=(n,)) for n in range(count)]
    for each in threads:
        each.start()
    for each in threads:
        each.join()
    assert errors == []


def test_200_comments_posted_in_parallel_are_stored_once_and_counted_once_approved(units):
    article = ArticleFactory(unit=units["Polrestabes Makassar"])
    statuses = []

    def post(n):
        data = form_data(article, email=f"warga{n}@example.id", comment=f"Komentar warga {n}")
        response = Client().post(
            f"/komentar/{article.pk}/", data, REMOTE_ADDR=f"10.1.{n // 200}.{n % 200 + 1}"
        )
        statuses.append(response.status_code)

    run_in_threads(READERS, post)
    assert statuses == [302] * READERS
    stored = Comment.objects.filter(article=article)
    assert stored.count() == READERS
    assert set(stored.values_list("text", flat=True)) == {f"Komentar warga {n}" for n in range(200)}
    assert set(stored.values_list("status", flat=True)) == {Comment.Status.PENDING}
    article.refresh_from_db()
    assert article.comment_count == 0

    ids = list(stored.order_by("pk").values_list("pk", flat=True))

    def approve(n):
        # Two moderators approve every comment: each thread its own and its neighbour's.
        for pk in (ids[n], ids[(n + 1) % READERS]):
            services.moderate(Comment.objects.filter(pk=pk), Comment.Status.APPROVED)

    run_in_threads(READERS, approve)
    article.refresh_from_db()
    assert stored.approved().count() == READERS
    assert article.comment_count == READERS


def test_the_same_comment_sent_20_times_at_once_is_stored_once(units):
    article = ArticleFactory(unit=units["Polrestabes Makassar"])
    data = form_data(article, comment="Klik dua kali karena sinyal lambat.")
    statuses = []

    def post(n):
        response = Client().post(f"/komentar/{article.pk}/", data, REMOTE_ADDR=f"10.3.0.{n + 1}")
        statuses.append(response.status_code)

    run_in_threads(CONNECTIONS_AT_ONCE, post)
    assert statuses.count(302) == 1
    assert set(statuses) <= {302, 400, 429}  # refused as duplicate or flood, never a 500
    assert Comment.objects.filter(article=article).count() == 1
