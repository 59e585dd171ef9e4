"""The session store (accounts/sessions.py) reads sessions with its own lookup: a reader stays
signed in exactly as long as Django's database sessions would keep them."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

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


def test_an_expired_session_signs_the_reader_out_and_its_cookie_is_deleted(client, budi):
    log_in(client, "budi", USER_PASSWORD)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    response = profile_page(client)

    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == ""


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
    from accounts.sessions import SessionStore

    log_in(client, "budi", USER_PASSWORD)

    assert isinstance(client.session, SessionStore)
