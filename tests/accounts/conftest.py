import re

import pytest
from django.core import mail

from tests.factories import UserFactory

LOGIN_URL = "/akun/masuk/"
RESET_URL = "/akun/lupa-sandi/"


@pytest.fixture
def budi(db):
    return UserFactory(
        username="budi", email="Budi.Santoso@Polri.go.id", display_name="Budi Santoso"
    )


def log_in(client, username, password, *, remember=False, next_url=None, **request):
    """Post the login form as the page would; `request` goes to the test client (REMOTE_ADDR…)."""
    data = {"username": username, "password": password}
    if remember:
        data["remember_me"] = "1"
    if next_url is not None:
        data["next"] = next_url
    return client.post(LOGIN_URL, data, **request)


def reset_link(message=None):
    """The set-password path from the newest email (or `message`), without scheme and host."""
    message = message or mail.outbox[-1]
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
