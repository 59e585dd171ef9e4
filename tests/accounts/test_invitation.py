import pytest
from django.core import mail
from django.test import Client

from tests.accounts.conftest import reset_link
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def new_staff(db):
    user = UserFactory(username="operator.baru", email="operator@polri.go.id", is_staff=True)
    user.set_unusable_password()
    user.save()
    return user


def invite(admin_client, *users):
    return admin_client.post(
        "/admin/accounts/user/",
        {"action": "send_invitation", "_selected_action": [user.pk for user in users]},
        follow=True,
    )


def test_an_administrator_invites_new_staff_to_choose_a_password(admin_client, new_staff):
    response = invite(admin_client, new_staff)

    assert "Undangan terkirim ke 1 pengguna." in response.text
    message = mail.outbox[0]
    assert message.to == ["operator@polri.go.id"]
    assert "Pilih kata sandi" in message.alternatives[0][0]
    assert "operator.baru" in message.body


def test_the_invitation_link_sets_the_password_and_logs_in(admin_client, new_staff):
    invite(admin_client, new_staff)

    newcomer = Client()
    form = newcomer.get(reset_link())
    newcomer.post(
        form.url,
        {"new_password1": "Bhayangkara-Baru-2026", "new_password2": "Bhayangkara-Baru-2026"},
    )

    new_staff.refresh_from_db()
    assert new_staff.check_password("Bhayangkara-Baru-2026")
    assert newcomer.session["_auth_user_id"] == str(new_staff.pk)


def test_accounts_without_an_email_are_skipped_and_named_as_such(admin_client, new_staff):
    no_email = UserFactory(email="")

    response = invite(admin_client, new_staff, no_email)

    assert len(mail.outbox) == 1
    assert "1 pengguna dilewati" in response.text
