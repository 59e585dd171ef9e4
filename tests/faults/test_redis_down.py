"""Redis down: pages are still served (uncached), login and its lockout still work, the reset
form still answers; Redis back: caching resumes without a restart."""

import psycopg
import pytest

from tests.factories import USER_PASSWORD
from tests.faults.conftest import prepared_site
from tests.faults.servers import Browser, Redis

pytestmark = [pytest.mark.faults, pytest.mark.slow]


def log_in(site, username, password):
    browser = Browser(site.url)
    _, _, page = browser.request("/akun/masuk/")
    data = {**browser.hidden_fields(page), "username": username, "password": password}
    return browser.request("/akun/masuk/", data)[0]


def test_pages_login_and_lockout_work_while_redis_is_down_and_caching_resumes(postgres):
    redis = Redis()
    redis.start()
    broker = redis.url.rsplit("/", 1)[0] + "/2"  # the task queue lives there too
    site, _article_id, article_url = prepared_site(
        postgres, REDIS_URL=redis.url, CELERY_BROKER_URL=broker
    )
    try:
        reader = Browser(site.url)
        reader.request("/")
        assert reader.request("/")[1].get("X-Page-Cache") == "hit"

        redis.stop()
        for path in ("/", article_url, "/cari/?q=patroli"):
            status, headers, _ = reader.request(path)
            assert status == 200, path
            assert "X-Page-Cache" not in headers
        assert log_in(site, "pembaca", USER_PASSWORD) == 302
        failures = [log_in(site, "pembaca", "salah-sekali") for _ in range(5)]
        assert failures == [200, 200, 200, 200, 429]  # the fifth failure locks the account
        assert log_in(site, "pembaca", USER_PASSWORD) == 429  # django-axes counts in the database
        browser = Browser(site.url)
        _, _, page = browser.request("/akun/lupa-sandi/")
        data = {**browser.hidden_fields(page), "email": "pembaca@example.id"}
        status, _, _ = browser.request("/akun/lupa-sandi/", data)
        assert status == 302  # the cap is off, not the form
        with psycopg.connect(postgres.url.replace("postgres://", "postgresql://")) as db:
            # The request waits as it was asked (looked up later by send_pending_resets).
            waiting = db.execute(
                "SELECT email FROM accounts_pendingpasswordreset ORDER BY created_at"
            )
            assert [row[0] for row in waiting.fetchall()] == ["pembaca@example.id"]

        redis.start()
        reader.request("/")
        assert reader.request("/")[1].get("X-Page-Cache") == "hit"
    finally:
        log = site.stop()
        redis.stop()
    assert "Internal Server Error" not in log
