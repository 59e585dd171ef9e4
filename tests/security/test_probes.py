"""Scanners probing for WordPress holes and login names find nothing: 404s naming no one."""

import pytest

pytestmark = pytest.mark.django_db

PROBES = [
    "/xmlrpc.php",
    "/wp-login.php",
    "/wp-admin/",
    "/wp-json/wp/v2/users",
    "/?author=1",
    "/?author=2",
    "/en/?author=1",
    "/?author=1&page=1",
    "/wp-content/plugins/",
    "/.env",
    "/.git/config",
    "/media/../newsroom/settings/base.py",
]


def test_wordpress_and_enumeration_probes_get_a_404_naming_no_one(client, story, superuser):
    for url in PROBES:
        response = client.get(url)
        assert response.status_code == 404, url
        page = response.content.decode()
        for login in (story.author.username, superuser.username):
            assert login not in page, url


def test_a_probe_of_the_cached_home_page_is_not_answered_from_the_cache(client, story):
    assert client.get("/").status_code == 200
    assert client.get("/")["X-Page-Cache"] == "hit"
    probe = client.get("/?author=1")
    assert probe.status_code == 404
    assert "X-Page-Cache" not in probe
    assert client.get("/")["X-Page-Cache"] == "hit"  # the probe neither replaced nor purged it


def test_author_pages_use_the_public_slug_never_the_login_name(client, story):
    url = story.author.get_absolute_url()
    assert story.author.username not in url
    page = client.get(url).content.decode()
    assert "Budi Santoso" in page
    assert story.author.username not in page
    assert client.get(f"/penulis/{story.author.username}/").status_code == 404
