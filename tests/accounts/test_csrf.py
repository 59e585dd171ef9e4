import pytest
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
