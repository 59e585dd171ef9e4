"""Where a request comes from (accounts/addresses.py): the peer, or behind trusted proxies the
address the outermost of them saw; never what a client wrote in X-Forwarded-For."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.addresses import client_ip
from comments.models import Comment
from tests.accounts.conftest import log_in
from tests.comments.conftest import form_data
from tests.factories import USER_PASSWORD, ArticleFactory

BALANCER = {"REMOTE_ADDR": "10.0.0.5"}


def address(forwarded=None, **meta):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", **{**BALANCER, **headers, **meta}))


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "10.0.0.5"),
        (0, "203.0.113.7", "10.0.0.5"),  # nobody in front: a client wrote it
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client's own entry is ignored
        (2, "6.6.6.6, 203.0.113.7, 198.51.100.2", "203.0.113.7"),  # CDN, then balancer
        (2, "203.0.113.7", "10.0.0.5"),  # did not come through both
        (1, "not-an-address", None),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_the_client_is_who_the_outermost_trusted_proxy_saw(settings, proxies, forwarded, expected):
    settings.NEWSROOM_TRUSTED_PROXIES = proxies
    assert address(forwarded) == expected


@pytest.mark.django_db
def test_readers_behind_the_balancer_do_not_share_a_flood_limit(client, units, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    article = ArticleFactory(unit=units["Polda Sulsel"])
    url = reverse("comments:post", args=[article.pk])

    budi = client.post(url, form_data(article), HTTP_X_FORWARDED_FOR="203.0.113.7", **BALANCER)
    sari = client.post(
        url,
        form_data(article, email="sari@example.id", name="Sari", comment="Lain lagi."),
        HTTP_X_FORWARDED_FOR="198.51.100.9",
        **BALANCER,
    )

    assert budi.status_code == sari.status_code == 302
    assert set(Comment.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.7",
        "198.51.100.9",
    }


@pytest.mark.django_db
def test_a_login_lockout_holds_the_readers_address_not_the_balancers(client, budi, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    for n in range(5):
        log_in(client, f"guess{n}", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.7", **BALANCER)

    guesser = log_in(client, "budi", USER_PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", **BALANCER)
    other = log_in(client, "budi", USER_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9", **BALANCER)

    assert guesser.status_code == 429
    assert other.status_code == 302
