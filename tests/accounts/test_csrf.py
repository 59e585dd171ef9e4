import pytest
from django.conf import settings
from django.test import Client

from tests.accounts.conftest import LOGIN_URL, RESET_URL
from tests.factories import USER_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    """A client that enforces CSRF like a browser meets it (the test client skips it by default)."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("url", [LOGIN_URL, RESET_URL])
def test_the_login_and_reset_forms_carry_a_csrf_token(strict_client, url):
    page = strict_client.get(url)

    form = page.text.split(f'action="{url}"', 1)[1].split("</form>", 1)[0]
    assert 'name="csrfmiddlewaretoken"' in form


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (LOGIN_URL, {"username": "budi", "password": USER_PASSWORD}),
        (RESET_URL, {"email": "budi.santoso@polri.go.id"}),
    ],
)
def test_a_post_without_the_token_is_refused(strict_client, budi, url, data):
    strict_client.get(url)  # a real visitor would have the cookie already

    response = strict_client.post(url, data)

    assert response.status_code == 403
    assert "_auth_user_id" not in strict_client.session


def test_the_same_login_with_the_token_is_accepted(strict_client, budi):
    strict_client.get(LOGIN_URL)
    token = strict_client.cookies["csrftoken"].value

    response = strict_client.post(
        LOGIN_URL,
        {"username": "budi", "password": USER_PASSWORD, "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302


def test_logging_out_without_the_token_is_refused(strict_client, budi):
    strict_client.force_login(budi)

    response = strict_client.post("/akun/keluar/")

    assert response.status_code == 403
    assert strict_client.session["_auth_user_id"] == str(budi.pk)


def test_a_login_form_left_open_across_a_login_in_another_tab_says_what_to_do(strict_client, budi):
    import re

    def token_of(page):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    first_tab, second_tab = (token_of(strict_client.get(LOGIN_URL)) for _ in range(2))
    strict_client.post(
        LOGIN_URL,
        {"username": "budi", "password": USER_PASSWORD, "csrfmiddlewaretoken": second_tab},
    )  # logging in rotates the CSRF secret

    stale = strict_client.post(
        LOGIN_URL,
        {"username": "budi", "password": USER_PASSWORD, "csrfmiddlewaretoken": first_tab},
    )

    assert stale.status_code == 403
    assert "Formulir ini sudah kedaluwarsa" in stale.text
    assert "muat ulang halaman" in stale.text
    assert "DEBUG" not in stale.text and '<html lang="id"' in stale.text
    # The portal's own page, header and all (context processors ran).
    assert f"<title>Formulir ini sudah kedaluwarsa — {settings.NEWSROOM_SITE_NAME}</title>" in (
        stale.text
    )
