"""A staff member who forgot their password, from the article they were reading and back."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Bhayangkara-Sulsel-2026"


def newest_mail(count, seconds=10):
    """The reset mail leaves after the response, so it may land a moment after the page."""
    deadline = time.monotonic() + seconds
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(mail.outbox) == count
    return mail.outbox[-1]


def test_a_reader_recovers_their_password_from_the_login_box_and_returns_to_the_article(
    live_server, page, viewport_name, units
):
    article = ArticleFactory(
        title="Kapolda Sulsel Buka Rakernis Humas di Makassar", unit=units["Polda Sulsel"]
    )
    UserFactory(username="andi", email="andi@sulsel.polri.go.id", display_name="Andi Wijaya")
    article_url = live_server.url + article.get_absolute_url()

    page.goto(article_url)
    page.locator("[data-open-login]").click()
    dialog = page.locator("#login-box")
    expect(dialog.get_by_text("Selamat datang! Masuk ke akun Anda")).to_be_visible()
    dialog.get_by_label("Nama pengguna atau email").fill("andi")
    dialog.get_by_label("Kata sandi").fill("not-my-password")
    screenshot(page, f"account-{viewport_name}-1-login-box")
    dialog.get_by_role("button", name="Masuk").click()

    page.wait_for_url("**/akun/masuk/")
    error = page.get_by_role("alert")
    assert error.inner_text() == "Nama pengguna/email atau kata sandi salah."
    assert (
        page.locator("main")
        .get_by_label("Nama pengguna atau email")
        .evaluate("input => input === document.activeElement")
    )
    screenshot(page, f"account-{viewport_name}-2-wrong-password")

    page.locator("main").get_by_role("link", name="Lupa kata sandi?").click()
    page.wait_for_url("**/akun/lupa-sandi/**")
    page.locator("main").get_by_label("Email").fill("ANDI@sulsel.polri.go.id")
    page.locator("main").get_by_role("button", name="Kirim").click()
    page.wait_for_url("**/akun/lupa-sandi/terkirim/")
    expect(page.get_by_text("Jika ada akun dengan alamat tersebut")).to_be_visible()
    screenshot(page, f"account-{viewport_name}-3-mail-sent")

    link = re.search(r"http://\S+", newest_mail(1).body).group()
    page.goto(link)
    page.get_by_label("Kata sandi baru", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Konfirmasi kata sandi baru").fill(NEW_PASSWORD)
    screenshot(page, f"account-{viewport_name}-4-new-password")
    page.get_by_role("button", name="Simpan kata sandi").click()

    page.wait_for_url(article_url)
    assert page.get_by_role("heading", level=1).inner_text() == article.title
    expect(
        page.get_by_text("Kata sandi baru Anda telah disimpan dan Anda sudah masuk.")
    ).to_be_visible()
    expect(page.locator(".header-account").get_by_role("link", name="Andi Wijaya")).to_be_visible()
    screenshot(page, f"account-{viewport_name}-5-back-on-article")

    page.locator(".header-account").get_by_role("button", name="Keluar").click()
    page.wait_for_url(article_url)
    expect(page.locator("[data-open-login]")).to_be_visible()
    expect(page.get_by_role("link", name="Andi Wijaya")).not_to_be_visible()
    assert page.dialogs == []
