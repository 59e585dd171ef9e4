import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.accounts.conftest import log_in
from tests.factories import USER_PASSWORD, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = "/akun/profil/"


@pytest.fixture
def editor(db):
    user = UserFactory(
        username="editor.sulsel",
        email="editor@sulsel.polri.go.id",
        display_name="Andi Editor",
        is_staff=True,
        unit=UnitFactory(short_name="Polda Sulsel"),
    )
    user.groups.add(Group.objects.get(name="Editor"))  # created by the roles sync
    return user


def test_the_profile_shows_name_email_unit_and_role(client, editor):
    client.force_login(editor)

    page = client.get(PROFILE_URL).text

    for shown in ("Andi Editor", "editor@sulsel.polri.go.id", "Polda Sulsel", "Editor"):
        assert shown in page


def test_the_profile_is_only_for_people_who_are_logged_in(client, db):
    response = client.get(PROFILE_URL)

    assert response.url == "/akun/masuk/?next=/akun/profil/"


def test_staff_can_change_their_display_name(client, editor):
    client.force_login(editor)

    response = client.post(PROFILE_URL, {"display_name": "AKBP Andi"}, follow=True)

    editor.refresh_from_db()
    assert editor.display_name == "AKBP Andi"
    assert "Nama tampilan Anda telah disimpan." in response.text


def test_a_reader_sees_their_profile_but_cannot_change_the_name(client, budi):
    client.force_login(budi)

    page = client.get(PROFILE_URL)
    refused = client.post(PROFILE_URL, {"display_name": "Someone Else"})

    assert 'name="display_name"' not in page.text
    assert refused.status_code == 403
    budi.refresh_from_db()
    assert budi.display_name == "Budi Santoso"


def test_changing_the_password_keeps_this_session_and_ends_the_others(client, budi):
    elsewhere = Client()
    elsewhere.force_login(budi)
    client.force_login(budi)

    response = client.post(
        "/akun/ubah-sandi/",
        {
            "old_password": USER_PASSWORD,
            "new_password1": "Bhayangkara-Sulsel-2026",
            "new_password2": "Bhayangkara-Sulsel-2026",
        },
    )

    assert response.url == PROFILE_URL
    assert client.get(PROFILE_URL).status_code == 200
    assert elsewhere.get(PROFILE_URL).status_code == 302
    client.logout()
    assert log_in(client, "budi", "Bhayangkara-Sulsel-2026").status_code == 302


def test_changing_the_password_needs_the_current_one(client, budi):
    client.force_login(budi)

    response = client.post(
        "/akun/ubah-sandi/",
        {
            "old_password": "not-it",
            "new_password1": "Bhayangkara-Sulsel-2026",
            "new_password2": "Bhayangkara-Sulsel-2026",
        },
    )

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text
    assert "Kata sandi lama Anda salah." in response.text
    budi.refresh_from_db()
    assert budi.check_password(USER_PASSWORD)


def test_the_password_form_speaks_one_indonesian(client, budi):
    """The portal's words ("kata sandi", "Anda"), not Django's mix of "sandi" and "anda"."""
    client.force_login(budi)
    page = client.get("/akun/ubah-sandi/").text
    for words in ("Kata sandi lama", "Kata sandi baru", "Kata sandi Anda tidak boleh"):
        assert words in page
    assert "Sandi anda" not in page and ">Sandi" not in page


def test_guessing_the_current_password_counts_toward_the_lockout(client, budi):
    """A borrowed or stolen session cannot try passwords at the change form freely."""
    client.force_login(budi)

    def change(old_password):
        return client.post(
            "/akun/ubah-sandi/",
            {
                "old_password": old_password,
                "new_password1": "Bhayangkara-Sulsel-2026",
                "new_password2": "Bhayangkara-Sulsel-2026",
            },
        )

    guesses = [change(f"tebakan-{n}") for n in range(5)]
    right_one = change(USER_PASSWORD)

    assert all(guess.status_code == 200 for guess in guesses[:4])
    assert right_one.status_code == 429
    budi.refresh_from_db()
    assert budi.check_password(USER_PASSWORD)


def test_the_header_shows_the_account_and_a_logout_button_once_logged_in(client, budi):
    client.force_login(budi)

    page = client.get("/").text

    assert 'href="/akun/profil/"' in page
    assert 'action="/akun/keluar/"' in page
    assert 'id="login-box"' not in page
