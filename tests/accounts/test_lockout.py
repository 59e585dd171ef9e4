import datetime

import pytest
import time_machine
from axes.models import AccessAttempt

from tests.accounts.conftest import log_in
from tests.factories import USER_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# 10.30 WIB (Asia/Jakarta) on a Monday.
MORNING = datetime.datetime(2026, 3, 2, 3, 30, tzinfo=datetime.UTC)
LOCKED = "Terlalu banyak percobaan masuk yang gagal."


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


def fail(client, username, times, **request):
    return [log_in(client, username, "wrong-password", **request) for _ in range(times)]


def test_the_fifth_failure_locks_the_account_and_says_when_to_try_again(client, budi, clock):
    *first_four, fifth = fail(client, "budi", 5)

    assert all(LOCKED not in response.text for response in first_four)
    assert fifth.status_code == 429
    assert LOCKED in fifth.text
    assert "Coba lagi dalam 15 menit, setelah 10.45 WIB." in fifth.text


def test_a_locked_account_refuses_even_the_right_password_until_the_cool_off_ends(
    client, budi, clock
):
    fail(client, "budi", 5)
    clock.shift(datetime.timedelta(minutes=10))

    refused = log_in(client, "budi", USER_PASSWORD)
    assert refused.status_code == 429
    assert "Coba lagi dalam 5 menit, setelah 10.45 WIB." in refused.text
    assert "_auth_user_id" not in client.session

    clock.shift(datetime.timedelta(minutes=5, seconds=1))
    assert log_in(client, "budi", USER_PASSWORD).status_code == 302


def test_the_lockout_counts_the_account_whichever_address_the_attempts_come_from(
    client, budi, clock
):
    for n in range(5):
        log_in(client, "budi", "wrong-password", REMOTE_ADDR=f"10.0.0.{n}")

    response = log_in(client, "BUDI", USER_PASSWORD, REMOTE_ADDR="10.0.0.99")

    assert response.status_code == 429


def test_the_lockout_counts_the_address_whichever_accounts_it_tries(client, budi, clock):
    for n in range(5):
        log_in(client, f"guess{n}", "wrong-password", REMOTE_ADDR="10.9.9.9")

    from_that_address = log_in(client, "budi", USER_PASSWORD, REMOTE_ADDR="10.9.9.9")
    from_elsewhere = log_in(client, "budi", USER_PASSWORD, REMOTE_ADDR="10.1.1.1")

    assert from_that_address.status_code == 429
    assert from_elsewhere.status_code == 302


def test_failures_older_than_fifteen_minutes_no_longer_count(client, budi, clock):
    fail(client, "budi", 4)
    clock.shift(datetime.timedelta(minutes=16))

    fifth = log_in(client, "budi", "wrong-password")

    assert fifth.status_code == 200


def test_a_successful_login_resets_the_count(client, budi, clock):
    fail(client, "budi", 4)
    log_in(client, "budi", USER_PASSWORD)
    client.logout()

    responses = fail(client, "budi", 4)

    assert all(response.status_code == 200 for response in responses)


def test_logging_into_another_account_does_not_reset_the_count_against_this_one(
    client, budi, clock
):
    mallory = UserFactory(username="mallory")
    for n in range(4):
        log_in(client, "budi", "wrong-password", REMOTE_ADDR=f"10.0.0.{n}")
    log_in(client, mallory.username, USER_PASSWORD, REMOTE_ADDR="10.0.0.3")
    client.logout()

    fifth = log_in(client, "budi", "wrong-password", REMOTE_ADDR="10.0.0.3")

    assert fifth.status_code == 429


def test_a_lockout_looks_the_same_for_an_account_that_does_not_exist(client, budi, clock):
    real = fail(client, "budi", 5, REMOTE_ADDR="10.0.0.1")[-1]
    unknown = fail(client, "nobody", 5, REMOTE_ADDR="10.0.0.2")[-1]

    assert real.status_code == unknown.status_code == 429
    assert LOCKED in unknown.text


def test_an_administrator_sees_the_lockout_in_the_admin_and_clears_it(client, budi, clock):
    fail(client, "budi", 5)
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)

    listing = client.get("/admin/axes/accessattempt/")
    attempt = AccessAttempt.objects.get(username="budi")
    client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}, follow=True)
    client.logout()

    assert "budi" in listing.text
    assert log_in(client, "budi", USER_PASSWORD).status_code == 302


def test_the_user_admin_action_clears_an_accounts_lockouts(client, budi, clock):
    fail(client, "budi", 5, REMOTE_ADDR="10.0.0.1")
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)

    client.post(
        "/admin/accounts/user/",
        {"action": "clear_lockouts", "_selected_action": [budi.pk]},
        follow=True,
    )
    client.logout()

    assert log_in(client, "budi", USER_PASSWORD, REMOTE_ADDR="10.0.0.2").status_code == 302
