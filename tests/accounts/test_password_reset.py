import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client, RequestFactory

from accounts.views import PasswordResetView
from tests.accounts.conftest import RESET_URL, log_in, reset_link
from tests.factories import USER_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Bhayangkara-Sulsel-2026"
DONE_URL = "/akun/lupa-sandi/terkirim/"
LINK_GONE = "Tautan ini sudah tidak berlaku"


def request_reset(client, email, **extra):
    return client.post(RESET_URL, {"email": email, **extra})


def set_new_password(client, link, password=NEW_PASSWORD, confirmation=None):
    form_page = client.get(link)
    assert form_page.status_code == 302, "the link should lead to the set-password form"
    return client.post(
        form_page.url, {"new_password1": password, "new_password2": confirmation or password}
    )


def test_an_existing_and_a_missing_email_get_identical_responses_and_only_one_mail(client, budi):
    existing = request_reset(client, "budi.santoso@polri.go.id")
    missing = request_reset(client, "nobody@polri.go.id")

    assert (existing.status_code, existing.url) == (missing.status_code, missing.url)
    assert existing.url == DONE_URL
    assert sorted(existing.headers.items()) == sorted(missing.headers.items())
    assert existing.content == missing.content
    assert [message.to for message in mail.outbox] == [["Budi.Santoso@Polri.go.id"]]
    done = client.get(DONE_URL)
    assert "Jika ada akun dengan alamat tersebut" in done.text


def test_the_mail_leaves_the_request_through_the_task_queue(budi, monkeypatch):
    from accounts import tasks

    queued = []
    monkeypatch.setattr(tasks.send_password_reset, "delay", lambda *args: queued.append(args))
    request = RequestFactory().post(RESET_URL, {"email": budi.email})

    response = PasswordResetView.as_view()(request)
    assert response.status_code == 302
    assert mail.outbox == []

    tasks.send_password_reset.apply(queued.pop())  # what the worker does with the job
    assert len(mail.outbox) == 1
    assert queued == []


def test_with_the_queue_down_the_request_looks_nobody_up_and_the_mail_follows_later(
    budi, monkeypatch
):
    """Looking the address up in the request would make a real one slower than an unknown
    one: the request keeps what was asked, `send_pending_resets` does the rest."""
    from django.core.management import call_command

    from accounts import emails, tasks
    from accounts.models import PendingPasswordReset
    from outbox.models import OutgoingEmail

    def broker_down(*args):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.send_password_reset, "delay", broker_down)
    looked_up = []
    monkeypatch.setattr(emails, "send_password_reset", lambda *a, **k: looked_up.append(a))
    responses = [
        PasswordResetView.as_view()(RequestFactory().post(RESET_URL, {"email": address}))
        for address in (budi.email, "tidak.ada@polri.go.id")
    ]
    monkeypatch.undo()

    assert [r.status_code for r in responses] == [302, 302]
    assert responses[0]["Location"] == responses[1]["Location"]
    assert looked_up == [] and mail.outbox == [] and not OutgoingEmail.objects.exists()
    assert PendingPasswordReset.objects.count() == 2

    call_command("send_pending_resets", stdout=open("/dev/null", "w"))
    call_command("send_pending_resets", stdout=open("/dev/null", "w"))  # nothing twice

    assert [message.to for message in mail.outbox] == [[budi.email]]
    assert not PendingPasswordReset.objects.exists()


def test_the_reset_mail_is_indonesian_with_a_plain_text_and_an_html_part(client, budi):
    request_reset(client, budi.email)

    message = mail.outbox[0]
    html, mimetype = message.alternatives[0]
    assert message.subject == "Buat kata sandi baru untuk Tribrata News"
    assert "Halo Budi Santoso," in message.body
    assert "Tautan ini hanya berlaku satu kali, selama 60 menit." in message.body
    assert mimetype == "text/html"
    assert f'href="http://testserver{reset_link(message)}"' in html
    assert "<script" not in html


def test_the_reset_mail_is_english_when_asked_on_the_english_site(client, budi):
    client.post("/en" + RESET_URL, {"email": budi.email})

    message = mail.outbox[0]
    assert message.subject == "Set a new password for Tribrata News"
    assert "The link works once, for 60 minutes." in message.body
    assert reset_link(message).startswith("/en/akun/lupa-sandi/")


def test_the_link_sets_a_new_password_logs_in_and_returns_to_the_article(client, budi):
    request_reset(client, budi.email, next="/berita/2018/04/26/rakernis/")

    response = set_new_password(client, reset_link())

    assert response.url == "/berita/2018/04/26/rakernis/"
    budi.refresh_from_db()
    assert budi.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(budi.pk)


def test_a_next_that_leaves_the_site_never_reaches_the_mail(client, budi):
    request_reset(client, budi.email, next="https://evil.example/")

    assert "evil.example" not in mail.outbox[0].body
    assert set_new_password(client, reset_link()).url == "/"


def test_the_link_works_only_once(client, budi):
    request_reset(client, budi.email)
    link = reset_link()
    set_new_password(client, link)

    again = Client().get(link)

    assert again.status_code == 200
    assert LINK_GONE in again.text
    assert "new_password1" not in again.text


def test_the_link_expires_after_an_hour():
    start = datetime.datetime(2026, 3, 2, 3, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        budi = UserFactory(email="budi@polri.go.id")
        Client().post(RESET_URL, {"email": budi.email})
        link = reset_link()

        clock.shift(datetime.timedelta(minutes=59))
        still_valid = Client().get(link)
        clock.shift(datetime.timedelta(minutes=2))
        expired = Client().get(link)

    assert still_valid.status_code == 302
    assert LINK_GONE in expired.text


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("Pendek-1", "Kata sandi terlalu pendek. Harus mengandung setidaknya 10 karakter."),
        ("1234567890123", "Kata sandi ini seluruhnya terdiri dari angka."),
        ("password123", "Kata sandi ini terlalu umum."),
    ],
)
def test_the_new_password_must_pass_the_validators(client, budi, password, error):
    request_reset(client, budi.email)

    response = set_new_password(client, reset_link(), password)

    assert response.status_code == 200
    assert error in response.text
    field = re.search(r'<input[^>]*name="new_password2"[^>]*>', response.text).group()
    assert re.search(r'aria-describedby="[^"]*\bid_new_password2_error\b', field)
    assert "autofocus" in field
    budi.refresh_from_db()
    assert budi.check_password(USER_PASSWORD)


def test_every_other_session_of_the_user_ends_after_a_reset(budi):
    elsewhere = Client()
    elsewhere.force_login(budi)
    assert elsewhere.get("/akun/profil/").status_code == 200

    here = Client()
    request_reset(here, budi.email)
    set_new_password(here, reset_link())

    assert elsewhere.get("/akun/profil/").status_code == 302
    assert here.get("/akun/profil/").status_code == 200


def test_an_invited_account_without_a_password_can_still_ask_for_a_link(client, db):
    invited = UserFactory(email="baru@polri.go.id")
    invited.set_unusable_password()
    invited.save()

    request_reset(client, "baru@polri.go.id")

    assert mail.outbox[0].to == ["baru@polri.go.id"]


def test_an_inactive_account_gets_no_mail_and_the_same_page(client, budi):
    budi.is_active = False
    budi.save()

    response = request_reset(client, budi.email)

    assert response.url == DONE_URL
    assert mail.outbox == []


def test_reset_requests_are_capped_per_email_without_saying_so(budi):
    responses = [
        Client().post(RESET_URL, {"email": budi.email}, REMOTE_ADDR=f"10.0.0.{n}") for n in range(7)
    ]

    assert {(r.status_code, r.url) for r in responses} == {(302, DONE_URL)}
    assert len(mail.outbox) == 5


def test_reset_requests_are_capped_per_address_without_saying_so(client, db):
    emails = [UserFactory().email for _ in range(7)]

    responses = [request_reset(client, email) for email in emails]

    assert {(r.status_code, r.url) for r in responses} == {(302, DONE_URL)}
    assert len(mail.outbox) == 5


def test_a_wrong_email_format_is_refused_with_an_error_tied_to_the_field(client, db):
    response = request_reset(client, "not-an-email")

    assert response.status_code == 200
    field = re.search(r'<input[^>]*name="email"[^>]*>', response.text).group()
    assert 'aria-describedby="id_email_error"' in field
    assert "autofocus" in field


def test_after_a_reset_the_new_password_logs_in_by_email(client, budi):
    request_reset(client, budi.email)
    set_new_password(client, reset_link())
    client.logout()

    assert log_in(client, budi.email, NEW_PASSWORD).status_code == 302
