"""Two app servers share one Redis: a publish through one purges the page the other serves."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from articles.models import Article
from tests.factories import ArticleFactory, StaffFactory

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/13"  # the machine's Redis, a database of its own
PASSWORD = "dua-server-satu-redis"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the servers must share the test database: run with DATABASE_URL=postgres://…",
    ),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def servers(tmp_path):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.prod",
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "two-servers-" + "s" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUSTED_PROXIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "WEB_CONCURRENCY": "1",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    # Production serves hashed static files from a manifest that collectstatic writes.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    started = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
                cwd=ROOT,
                env={**env, "PORT": str(port)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            started.append((process, f"http://127.0.0.1:{port}"))
        for _process, base in started:
            wait_until_up(base)
        yield [base for _process, base in started]
    finally:
        for process, _base in started:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        redis.Redis.from_url(REDIS_URL).flushdb()


def wait_until_up(base):
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz/", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{base} did not start")


def get(base, path, opener=None):
    try:
        response = (opener or urllib.request.build_opener()).open(base + path, timeout=10)
        return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def signed_in(base, username):
    """A browser-like session on one server: cookies kept, the login form posted."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    _status, _headers, html = get(base, "/akun/masuk/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
    response = opener.open(
        urllib.request.Request(
            base + "/akun/masuk/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": base + "/akun/masuk/"},
        ),
        timeout=10,
    )
    assert "/akun/masuk/" not in response.url, response.read().decode()[-3000:]
    return opener


def test_a_publish_through_one_server_purges_the_page_served_by_the_other(servers, units):
    server_a, server_b = servers
    ArticleFactory(title="Berita Lama yang Sudah Tayang", unit=units["Polda Sulsel"])
    story = ArticleFactory(
        title="Polda Sulsel Resmikan Posko Mudik Terpadu",
        unit=units["Polda Sulsel"],
        status=Article.Status.IN_REVIEW,
        publish_at=None,
    )
    editor = StaffFactory(username="editor.dua", unit=units["Mabes Polri"], is_superuser=True)
    editor.password = PBKDF2PasswordHasher().encode(PASSWORD, "duaserver")
    editor.save()

    for base in (server_a, server_b):  # each server has cached the home page
        get(base, "/")
        _status, headers, html = get(base, "/")
        assert headers["X-Page-Cache"] == "hit"
        assert story.title not in html

    opener = signed_in(server_a, "editor.dua")
    _status, _headers, changelist = get(server_a, "/admin/articles/article/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', changelist).group(1)
    action = {
        "action": "publish_now",
        "post": "yes",
        "_selected_action": story.pk,
        "csrfmiddlewaretoken": token,
    }
    opener.open(
        urllib.request.Request(
            server_a + "/admin/articles/article/",
            data=urllib.parse.urlencode(action).encode(),
            headers={"Referer": server_a + "/admin/articles/article/"},
        ),
        timeout=10,
    )
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED

    status, headers, html = get(server_b, "/")
    assert status == 200
    assert "X-Page-Cache" not in headers
    assert story.title in html
