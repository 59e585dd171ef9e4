"""While the database is unreachable, readers get a 503 with Retry-After, never a traceback."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_connection_error_is_a_503_with_retry_after(story, monkeypatch, error):
    def unreachable(*args, **kwargs):
        raise error("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr("articles.views.HomeView.get_context_data", unreachable)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Sebentar lagi kembali" in page
    assert "Traceback" not in page and "127.0.0.1" not in page


def test_any_other_error_is_still_the_plain_500_page(story, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("secret detail")

    monkeypatch.setattr("articles.views.HomeView.get_context_data", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "secret detail" not in response.content.decode()
