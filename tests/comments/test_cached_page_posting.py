"""The comment form of a cached article page carries no CSRF token; posting still loses nothing."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.comments.conftest import form_data

pytestmark = pytest.mark.django_db


def hidden(html, name):
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def test_the_cached_article_form_carries_an_empty_token_field(article):
    reader = Client(enforce_csrf_checks=True)
    html = reader.get(article.get_absolute_url()).content.decode()
    assert hidden(html, "csrfmiddlewaretoken") == ""
    assert reader.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_post_without_a_token_comes_back_for_confirmation_and_is_then_stored(article):
    reader = Client(enforce_csrf_checks=True)
    url = reverse("comments:post", args=[article.pk])
    words = "Semoga patroli ini membuat Makassar semakin aman, terima kasih Pak Polisi."
    response = reader.post(url, form_data(article, comment=words))
    assert response.status_code == 403
    assert Comment.objects.count() == 0
    html = response.content.decode()
    assert "belum terkirim" in html
    assert words in html and "Budi Santoso" in html  # nothing the reader typed is lost
    token = hidden(html, "csrfmiddlewaretoken")
    assert token
    confirmed = reader.post(
        url,
        {
            "comment": words,
            "name": hidden(html, "name"),
            "email": hidden(html, "email"),
            "token": hidden(html, "token"),
            "csrfmiddlewaretoken": token,
        },
    )
    assert confirmed.status_code == 302
    assert Comment.objects.get().text == words


def test_the_token_endpoint_gives_a_working_token(article):
    reader = Client(enforce_csrf_checks=True)
    token = reader.get(reverse("accounts:form_token")).json()["token"]
    response = reader.post(
        reverse("comments:post", args=[article.pk]),
        {**form_data(article), "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("ticked", [True, False])
def test_the_confirmation_keeps_the_readers_save_my_name_choice(article, ticked):
    from django.core import signing

    from comments.cookies import AUTHOR_COOKIE, AUTHOR_SALT

    reader = Client(enforce_csrf_checks=True)
    saved = {"name": "Budi Santoso", "email": "budi@example.id", "website": ""}
    reader.cookies[AUTHOR_COOKIE] = signing.dumps(saved, salt=AUTHOR_SALT, compress=True)
    data = form_data(article, **({"remember": "on"} if ticked else {}))

    html = reader.post(reverse("comments:post", args=[article.pk]), data).content.decode()

    box = re.search(r'<input type="checkbox" name="remember"[^>]*>', html).group(0)
    assert ("checked" in box) == ticked
