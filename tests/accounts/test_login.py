import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import IntegrityError

from accounts.models import User
from tests.accounts.conftest import LOGIN_URL, log_in
from tests.factories import USER_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG_LOGIN = "Nama pengguna/email atau kata sandi salah."


def logged_in_user(client):
    return client.get("/akun/profil/").context["user"]


def test_reader_logs_in_with_their_username(client, budi):
    response = log_in(client, "budi", USER_PASSWORD)

    assert response.status_code == 302
    assert logged_in_user(client) == budi


def test_reader_logs_in_with_their_email_in_any_case(client, budi):
    response = log_in(client, "  budi.santoso@POLRI.go.id ", USER_PASSWORD)

    assert response.status_code == 302
    assert logged_in_user(client) == budi


def test_reader_logs_in_with_their_username_in_any_case(client, budi):
    response = log_in(client, "BUDI", USER_PASSWORD)

    assert response.status_code == 302
    assert logged_in_user(client) == budi


def test_the_username_as_typed_wins_over_one_in_another_case(client, budi):
    other = UserFactory(username="Budi", email="budi.lain@polri.go.id")

    log_in(client, "Budi", USER_PASSWORD)

    assert logged_in_user(client) == other


def test_an_exact_username_wins_over_an_email_that_looks_the_same(client, budi):
    lookalike = UserFactory(username="budi.santoso@polri.go.id", email="other@polri.go.id")

    log_in(client, "budi.santoso@polri.go.id", USER_PASSWORD)

    assert logged_in_user(client) == lookalike


def test_the_database_refuses_an_email_already_used_in_another_case(budi):
    with pytest.raises(IntegrityError):
        UserFactory(username="budi2", email="budi.santoso@polri.go.id")


def page_without_per_request_noise(response, typed):
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", html)
    return html.replace(f'value="{typed}"', 'value="TYPED"')


def test_wrong_password_and_unknown_user_show_byte_identical_errors(client, budi):
    wrong_password = log_in(client, "budi", "not-the-password")
    unknown_user = log_in(client, "nobody", "not-the-password")
    unknown_email = log_in(client, "nobody@polri.go.id", "not-the-password")

    errors = [
        re.search(
            r'<div class="errorlist" role="alert" id="login-errors">.*?</div>', r.text
        ).group()
        for r in (wrong_password, unknown_user, unknown_email)
    ]
    assert WRONG_LOGIN in errors[0]
    assert errors[0] == errors[1] == errors[2]
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert page_without_per_request_noise(wrong_password, "budi") == page_without_per_request_noise(
        unknown_user, "nobody"
    )


def test_an_inactive_account_gets_the_same_error_as_a_wrong_password(client, budi):
    budi.is_active = False
    budi.save()

    response = log_in(client, "budi", USER_PASSWORD)

    assert WRONG_LOGIN in response.text
    assert "_auth_user_id" not in client.session


def test_the_error_is_english_on_the_english_site(client, budi):
    response = client.post("/en" + LOGIN_URL, {"username": "budi", "password": "nope"})

    assert "Username/email or password is incorrect." in response.text


def test_typed_input_is_escaped_when_the_form_comes_back(client, db):
    response = log_in(client, '"><script>alert(1)</script>', "x")

    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)" in response.text


@pytest.fixture
def hashing_count(monkeypatch):
    calls = []
    encode = MD5PasswordHasher.encode

    def counting_encode(self, password, salt):
        calls.append(password)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting_encode)
    return calls


@pytest.mark.parametrize("typed", ["nobody", "nobody@polri.go.id"])
def test_an_unknown_account_costs_the_same_hashing_as_a_wrong_password(
    client, budi, hashing_count, typed
):
    log_in(client, "budi", "not-the-password")
    for_real_account = len(hashing_count)
    hashing_count.clear()

    log_in(client, typed, "not-the-password")

    assert for_real_account == len(hashing_count) == 1


def test_the_error_is_tied_to_the_fields_and_takes_the_focus(client, budi):
    html = log_in(client, "budi", "nope").text

    username = re.search(r'<input[^>]*name="username"[^>]*>', html).group()
    password = re.search(r'<input[^>]*name="password"[^>]*>', html).group()
    assert 'aria-describedby="login-errors"' in username
    assert 'aria-invalid="true"' in username
    assert "autofocus" in username
    assert 'aria-describedby="login-errors"' in password
    assert '<label for="id_username">Nama pengguna atau email' in html


def test_without_remember_me_the_session_cookie_ends_with_the_browser(client, budi):
    response = log_in(client, "budi", USER_PASSWORD)

    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert client.session.get_expire_at_browser_close()


def test_with_remember_me_the_session_cookie_lasts_two_weeks(client, budi):
    response = log_in(client, "budi", USER_PASSWORD, remember=True)

    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == 14 * 24 * 3600
    assert cookie["expires"]
    assert not client.session.get_expire_at_browser_close()


def test_login_returns_the_reader_to_the_page_they_were_on(client, budi):
    response = log_in(client, "budi", USER_PASSWORD, next_url="/berita/2018/04/26/rakernis/?p=2")

    assert response.url == "/berita/2018/04/26/rakernis/?p=2"


@pytest.mark.parametrize(
    "external",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example",
        "javascript:alert(1)",
        "http://testserver@evil.example/",
    ],
)
def test_login_ignores_a_next_that_leaves_the_site(client, budi, external):
    page = client.get(LOGIN_URL, {"next": external})
    response = log_in(client, "budi", USER_PASSWORD, next_url=external)

    assert page.context["next"] == ""
    assert response.url == "/"


def test_staff_sent_from_the_admin_land_on_the_admin(client, budi):
    budi.is_staff = True
    budi.save()

    to_login = client.get("/admin/")
    to_portal_login = client.get(to_login.url)
    login_page = client.get(to_portal_login.url)
    response = log_in(client, "budi", USER_PASSWORD, next_url=login_page.context["next"])

    assert to_portal_login.url == LOGIN_URL + "?next=/admin/"
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("login_url", "next_url", "home"),
    [
        (LOGIN_URL, "/admin/", "/"),
        (LOGIN_URL, "/en/admin/", "/"),
        ("/en" + LOGIN_URL, "/admin/", "/en/"),
        ("/en" + LOGIN_URL, "/en/admin/articles/article/", "/en/"),
    ],
)
def test_a_reader_sent_from_the_admin_lands_on_the_home_page(
    client, budi, login_url, next_url, home
):
    response = client.post(
        login_url, {"username": "budi", "password": USER_PASSWORD, "next": next_url}
    )

    assert response.url == home


@pytest.mark.parametrize(
    ("login_url", "next_url", "home"),
    [
        (LOGIN_URL, LOGIN_URL, "/"),
        (LOGIN_URL, "/akun/lupa-sandi/", "/"),
        (LOGIN_URL, "/akun/lupa-sandi/terkirim/", "/"),
        ("/en" + LOGIN_URL, "/en" + LOGIN_URL + "?next=/en/", "/en/"),
    ],
)
def test_logging_in_from_the_login_or_lost_password_page_leads_home_not_back_to_it(
    client, budi, login_url, next_url, home
):
    """The header's login link carries the page it is on: on those pages, that is itself."""
    response = client.post(
        login_url, {"username": "budi", "password": USER_PASSWORD, "next": next_url}
    )

    assert response.status_code == 302
    assert response.url == home


def test_logging_out_takes_a_post_and_returns_to_the_page(client, budi):
    client.force_login(budi)

    refused = client.get("/akun/keluar/")
    response = client.post("/akun/keluar/", {"next": "/unit/polda-sulsel/"})

    assert refused.status_code == 405
    assert response.url == "/unit/polda-sulsel/"
    assert "_auth_user_id" not in client.session


def test_an_older_password_hash_is_upgraded_to_argon2_on_login(client, settings, budi):
    assert budi.password.startswith("md5$")
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]

    log_in(client, "budi", USER_PASSWORD)

    budi.refresh_from_db()
    assert budi.password.startswith("argon2")
    assert User.objects.get(pk=budi.pk).check_password(USER_PASSWORD)
    assert logged_in_user(client) == budi


def test_the_login_page_tells_a_signed_in_reader_who_they_are(client, budi):
    client.force_login(budi)
    page = client.get(LOGIN_URL).content.decode()
    assert f"Anda sudah masuk sebagai {budi.get_display_name()}." in page
    assert "Selamat datang! Masuk ke akun Anda" not in page
    client.logout()
    assert "Selamat datang! Masuk ke akun Anda" in client.get(LOGIN_URL).content.decode()
