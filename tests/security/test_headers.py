"""Every HTML page carries the security headers, and production settings pass `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def public_urls(story):
    return [
        "/",
        "/en/",
        story.get_absolute_url(),
        story.category.get_absolute_url(),
        story.unit.get_absolute_url(),
        story.unit.get_absolute_url() + "?cakupan=unit",
        story.author.get_absolute_url(),
        f"/berita/{story.publish_at.year}/",
        "/cari/?q=polisi",
        reverse("comments:post", args=[story.pk]),
        "/halaman-yang-tidak-ada/",  # the 404 page is HTML too
    ]


ACCOUNT_URLS = ["/akun/masuk/", "/akun/lupa-sandi/", "/akun/lupa-sandi/terkirim/"]


def admin_urls(story):
    return [
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{story.pk}/change/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{story.pk}/history/",
        "/admin/comments/comment/",
        "/admin/accounts/user/",
    ]


def assert_security_headers(response):
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_every_public_and_account_page_carries_the_security_headers(client, story):
    for url in public_urls(story) + ACCOUNT_URLS:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert response["Content-Type"].startswith("text/html"), url
        assert_security_headers(response)


def test_signed_in_account_pages_carry_the_security_headers(client, story):
    client.force_login(story.author)
    for url in ("/akun/profil/", "/akun/ubah-sandi/", "/", story.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_cached_copies_carry_the_security_headers_too(client, story):
    client.get("/")
    again = client.get("/")
    assert again["X-Page-Cache"] == "hit"
    assert_security_headers(again)


def test_every_admin_page_carries_the_security_headers(client, story, superuser):
    client.force_login(superuser)
    for url in admin_urls(story):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_the_admin_allows_only_the_editors_import_map_among_inline_scripts(
    client, story, superuser
):
    from articles.csp import editor_importmap_hash

    client.force_login(superuser)
    response = client.get(f"/admin/articles/article/{story.pk}/change/")
    page = response.content.decode()
    assert '<script type="importmap">' in page
    assert editor_importmap_hash() in response["Content-Security-Policy"]
    public = client.get(story.get_absolute_url())
    assert "sha256-" not in public["Content-Security-Policy"]


def test_session_and_language_cookies_are_httponly_and_samesite_lax(client, story, superuser):
    from tests.factories import USER_PASSWORD

    response = client.post(
        "/akun/masuk/", {"username": superuser.username, "password": USER_PASSWORD}
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    language = client.post("/i18n/setlang/", {"language": "en", "next": "/"}).cookies
    cookie = next(iter(language.values()))
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def production_environment(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "DATABASE_", "REDIS_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "newsroom.settings.prod",
            "SECRET_KEY": "k3J9-production-like-secret-of-fifty-characters-or-more-x7Qp2Lm",
            "DATABASE_URL": "postgres://newsroom@db.internal:5432/newsroom",
            "ALLOWED_HOSTS": "tribratanews.polri.go.id",
            "TRUSTED_PROXIES": "1",
            "REDIS_URL": "redis://cache.internal:6379/1",
        }
        | extra
    )
    return env


def test_production_settings_pass_the_deployment_check_without_a_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRINT_PRODUCTION_HEADERS = """
import django
django.setup()
from django.test import Client
from django.conf import settings
response = Client().get("/healthz/", secure=True)
print(response["Strict-Transport-Security"])
print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SECURE)
print(settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_SAMESITE)
print(Client().get("/healthz/")["Location"])
"""


def test_production_sends_hsts_secure_cookies_and_redirects_plain_http():
    result = subprocess.run(
        [sys.executable, "-c", PRINT_PRODUCTION_HEADERS],
        cwd=ROOT,
        env=production_environment(ALLOWED_HOSTS="testserver"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    hsts, secure, httponly, redirect = result.stdout.splitlines()
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert secure == "True True True"
    assert httponly == "True Lax"
    assert redirect == "https://testserver/healthz/"
