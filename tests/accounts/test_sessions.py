"""The session store (accounts/sessions.py) reads sessions from a cached copy or with its own
lookup: a reader stays signed in exactly as long as Django's database sessions would keep them,
and a logout ends the session at once."""

import datetime
import os
import subprocess
import sys

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from accounts.sessions import COPY_PREFIX, SessionStore, _hashed
from tests.accounts.conftest import log_in
from tests.factories import USER_PASSWORD, UnitFactory, UserFactory

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


@pytest.mark.parametrize("late_write", ["add", "set"])
def test_a_copy_written_just_after_the_logout_cannot_bring_the_session_back(
    client, budi, late_write
):
    log_in(client, "budi", USER_PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    # A request that read the session (add: its copy after a cache miss) or saved it (set: its
    # copy after its write) as the reader logged out, and writes its copy only after the logout.
    late = SessionStore(key)
    data, expires = late._read_from_db()
    seconds = late._seconds_kept(expires)
    cache.delete(COPY_PREFIX + _hashed(key))

    client.post("/akun/keluar/")
    getattr(cache, late_write)(COPY_PREFIX + _hashed(key), late.encode(data), seconds)
    client.cookies[settings.SESSION_COOKIE_NAME] = key  # the old cookie, replayed

    assert profile_page(client).status_code == 302


def test_the_cache_holds_no_usable_session_key_and_no_unsigned_session(client, budi):
    log_in(client, "budi", USER_PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    profile_page(client)

    assert not [name for name in cache._cache if key in name]
    # A forged copy (data without the signature) is no session.
    forged = SessionStore(key)
    cache.set(COPY_PREFIX + _hashed(key), '{"_auth_user_id": "1"}', 300)
    assert forged.load() == {}


def test_a_cookie_unlike_any_session_key_costs_the_cache_nothing(client, budi):
    client.cookies[settings.SESSION_COOKIE_NAME] = "x" * 300

    assert client.get("/").status_code == 200
    assert not [name for name in cache._cache if "session" in name]


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
    assert not [key for key in cache._cache if "session:" in key or ":account:2:" in key]


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


def test_the_cached_account_holds_no_password_hash_and_cannot_be_saved(client, budi):
    log_in(client, "budi", USER_PASSWORD)
    profile_page(client)
    budi.refresh_from_db()

    stored = [value for name, value in cache._cache.items() if ":account:2:" in name]
    assert stored and all(budi.password.encode() not in value for value in stored)
    copy = profile_page(client).context["user"]
    with pytest.raises(RuntimeError):
        copy.save()


def test_what_a_post_saves_is_the_account_read_from_the_database(client, db):
    editor = UserFactory(
        username="editor.sulsel", is_staff=True, unit=UnitFactory(short_name="Polda Sulsel")
    )
    editor.groups.add(Group.objects.get(name="Editor"))
    log_in(client, "editor.sulsel", USER_PASSWORD)
    assert profile_page(client).status_code == 200  # the account now has a cached copy
    # A change the copy never heard of (made while Redis was failing, say).
    User.objects.filter(pk=editor.pk).update(email="baru@sulsel.polri.go.id")

    client.post("/akun/profil/", {"display_name": "AKBP Andi"})

    editor.refresh_from_db()
    assert editor.display_name == "AKBP Andi"
    assert editor.email == "baru@sulsel.polri.go.id"  # not the copy's old address saved back


def test_a_logout_ends_the_session_though_its_copy_was_kept_longer_than_the_mark(
    client, budi, settings, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    log_in(client, "budi", USER_PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert profile_page(client).status_code == 200  # a copy kept 300 s
    settings.NEWSROOM_SESSION_CACHE_SECONDS = 10  # lowered by the next release, say

    client.post("/akun/keluar/")
    time_machine.shift(datetime.timedelta(seconds=200))
    client.cookies[settings.SESSION_COOKIE_NAME] = key

    assert profile_page(client).status_code == 302


def test_an_async_logout_ends_the_session_and_its_copy(client, budi):
    log_in(client, "budi", USER_PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert profile_page(client).status_code == 200

    async_to_sync(SessionStore(key).aflush)()

    assert profile_page(client).status_code == 302


def test_an_unknown_session_key_leaves_nothing_in_the_cache(client, db):
    client.cookies[settings.SESSION_COOKIE_NAME] = "0" * 32

    assert client.get("/").status_code == 200
    assert not [name for name in cache._cache if "session" in name]


def test_the_cached_account_answers_password_questions_as_the_account_would(client, budi):
    budi.set_unusable_password()  # as for an account invited but not yet set up
    budi.save()
    client.force_login(budi)
    profile_page(client)

    copy = profile_page(client).context["user"]

    assert copy.is_read_only_copy
    assert copy.has_usable_password() is False
    with pytest.raises(RuntimeError):
        copy.check_password(USER_PASSWORD)


@pytest.fixture
def story(db):
    from tests.factories import ArticleFactory

    return ArticleFactory(title="Polres Gowa Gelar Operasi Zebra")


@pytest.fixture
def cache_reads(monkeypatch):
    """The keys of each get_many the site makes (the test cache is local memory)."""
    from django.core.cache.backends.locmem import LocMemCache

    reads = []
    get_many = LocMemCache.get_many

    def spy(self, keys, version=None):
        keys = list(keys)
        reads.append(keys)
        return get_many(self, keys, version)

    monkeypatch.setattr(LocMemCache, "get_many", spy)
    return reads


def test_a_signed_in_reader_s_page_takes_two_cache_round_trips(client, budi, story, cache_reads):
    from django.test import Client

    url = story.get_absolute_url()
    log_in(client, "budi", USER_PASSWORD)
    Client().get(url)  # the shared copy their page is built from
    client.get(url)  # what a running process has warm (their account, their held comments)
    cache_reads.clear()

    page = client.get(url).content.decode()

    assert 'class="account-name"' in page and "Budi Santoso" in page
    session_copy = COPY_PREFIX + _hashed(client.cookies[settings.SESSION_COOKIE_NAME].value)
    with_the_page = [keys for keys in cache_reads if session_copy in keys]
    assert len(with_the_page) == 1 and len(with_the_page[0]) > 3  # the page, its generations
    (with_the_account,) = [keys for keys in cache_reads if f"account:2:{budi.pk}" in keys]
    assert f"held-comments:{budi.pk}" in with_the_account  # what the comment thread asks next
    assert len(cache_reads) == 2


def test_a_session_ended_elsewhere_is_ended_on_a_page_read_with_the_shared_copy(
    client, budi, story
):
    from django.test import Client

    url = story.get_absolute_url()
    log_in(client, "budi", USER_PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Client().get(url)
    assert 'class="account-name"' in client.get(url).content.decode()  # its copy is cached
    late = SessionStore(key)  # a request that read the session as the reader logged out…
    copy = late.encode(late._read_from_db()[0])
    client.post("/akun/keluar/")  # (in another tab of the same browser)
    cache.set(COPY_PREFIX + _hashed(key), copy, 300)  # …and wrote its copy only after

    old_tab = Client()
    old_tab.cookies[settings.SESSION_COOKIE_NAME] = key
    response = old_tab.get(url)

    page = response.content.decode()
    assert 'class="login-link"' in page and 'class="account-name"' not in page
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""  # the stale cookie goes


def test_the_held_comment_list_is_read_with_the_account_once_however_often_apps_start():
    from django.apps import apps

    from accounts.backends import _read_with_account

    before = list(_read_with_account)
    apps.get_app_config("comments").ready()  # as override_settings(INSTALLED_APPS=…) does
    assert _read_with_account == before and len(before) == 1
