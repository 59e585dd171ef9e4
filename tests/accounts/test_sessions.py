"""The session store (accounts/sessions.py) reads sessions from a cached copy or with its own
lookup: a reader stays signed in exactly as long as Django's database sessions would keep them,
and a logout ends the session at once."""

import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.sessions import KEY_PREFIX, SessionStore
from tests.accounts.conftest import log_in
from tests.factories import USER_PASSWORD

pytestmark = pytest.mark.django_db


def profile_page(client):
    return client.get("/akun/profil/")


def test_a_signed_in_reader_stays_signed_in_from_page_to_page(client, budi):
    log_in(client, "budi", USER_PASSWORD)

    first, second = profile_page(client), profile_page(client)

    assert first.status_code == second.status_code == 200
    assert second.context["user"] == budi


def test_an_expired_session_signs_the_reader_out_and_its_cookie_is_deleted(
    client, budi, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    log_in(client, "budi", USER_PASSWORD)
    assert profile_page(client).status_code == 200  # and the session now has a cached copy
    expires = Session.objects.get().expire_date

    time_machine.move_to(expires + datetime.timedelta(seconds=1), tick=False)
    response = profile_page(client)

    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == ""


def test_a_signed_in_reader_s_session_is_read_from_the_cache_not_the_database(client, budi):
    log_in(client, "budi", USER_PASSWORD)
    profile_page(client)

    with CaptureQueriesContext(connection) as queries:
        assert profile_page(client).status_code == 200

    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


def test_a_copy_read_just_before_the_logout_cannot_bring_the_session_back(client, budi):
    log_in(client, "budi", USER_PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    # A request that read the session from the database as the reader logged out, and caches
    # its copy only after the logout.
    late_reader = SessionStore(key)
    data, seconds = late_reader._read_from_db()
    cache.delete(KEY_PREFIX + key)

    client.post("/akun/keluar/")
    cache.add(KEY_PREFIX + key, data, seconds)
    client.cookies[settings.SESSION_COOKIE_NAME] = key  # the old cookie, replayed

    assert profile_page(client).status_code == 302


def test_an_unknown_session_cookie_is_anonymous_and_deleted(client, budi):
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session-key"

    response = client.get("/")

    assert response.status_code == 200
    assert "Log out" not in response.text and "Keluar" not in response.text
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == ""


def test_what_a_session_holds_is_read_back(client, budi):
    session = client.session
    session["seen"] = [1, 2, 3]
    session.save()

    assert client.session["seen"] == [1, 2, 3]


def test_logging_out_ends_the_session_for_good(client, budi):
    log_in(client, "budi", USER_PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post("/akun/keluar/")
    client.cookies[settings.SESSION_COOKIE_NAME] = key  # the old cookie, replayed

    assert profile_page(client).status_code == 302


def test_the_site_reads_sessions_with_this_store(client, budi):
    log_in(client, "budi", USER_PASSWORD)

    assert isinstance(client.session, SessionStore)


def test_the_signed_in_account_is_read_from_the_cache_not_the_database(client, budi):
    log_in(client, "budi", USER_PASSWORD)
    profile_page(client)

    with CaptureQueriesContext(connection) as queries:
        assert profile_page(client).context["user"] == budi

    table = budi._meta.db_table
    assert not [q for q in queries.captured_queries if f'FROM "{table}"' in q["sql"]]


def test_a_password_changed_elsewhere_signs_the_other_sessions_out_at_once(client, budi):
    log_in(client, "budi", USER_PASSWORD)
    assert profile_page(client).status_code == 200  # the account now has a cached copy

    budi.set_password("another-correct-horse")
    budi.save()

    assert profile_page(client).status_code == 302


def test_a_deactivated_account_is_signed_out_at_once(client, budi):
    log_in(client, "budi", USER_PASSWORD)
    assert profile_page(client).status_code == 200

    budi.is_active = False
    budi.save()

    assert profile_page(client).status_code == 302


def test_a_renamed_account_shows_its_new_name_at_once(client, budi):
    log_in(client, "budi", USER_PASSWORD)
    profile_page(client)

    budi.display_name = "Budi Santoso, S.H."
    budi.save()

    assert "Budi Santoso, S.H." in profile_page(client).text


@pytest.fixture
def without_copies(settings):
    settings.NEWSROOM_SESSION_CACHE_SECONDS = settings.NEWSROOM_ACCOUNT_CACHE_SECONDS = 0


def test_without_a_shared_cache_sessions_and_accounts_are_read_from_the_database(
    client, budi, without_copies
):
    log_in(client, "budi", USER_PASSWORD)
    profile_page(client)

    with CaptureQueriesContext(connection) as queries:
        assert profile_page(client).context["user"] == budi

    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "django_session" in read and f'FROM "{budi._meta.db_table}"' in read
    assert not [key for key in cache._cache if ":session:1:" in key or ":account:1:" in key]


def test_without_a_shared_cache_logging_out_still_ends_the_session(client, budi, without_copies):
    log_in(client, "budi", USER_PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert profile_page(client).status_code == 200

    client.post("/akun/keluar/")
    client.cookies[settings.SESSION_COOKIE_NAME] = key

    assert profile_page(client).status_code == 302


@pytest.mark.parametrize(
    "redis_url,seconds", [("", "0 0"), ("redis://127.0.0.1:6379/9", "300 300")]
)
def test_production_keeps_copies_only_in_redis_which_every_server_shares(redis_url, seconds):
    # With the local-memory cache each worker has its own: a logout in one would not reach
    # the copies of the others.
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x",
        "ALLOWED_HOSTS": "example.id",
        "TRUSTED_PROXIES": "1",
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.prod",
    }
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; "
            "print(s.NEWSROOM_SESSION_CACHE_SECONDS, s.NEWSROOM_ACCOUNT_CACHE_SECONDS)",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.split("\n")[0] == seconds
