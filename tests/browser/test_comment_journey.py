"""The whole comment journey in a browser: a guest comments, a moderator approves it in the admin,
everyone sees it, the guest replies (now trusted) and the reply nests under the comment."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import Comment
from tests.browser.conftest import log_in_to_admin, new_page, screenshot
from tests.comments.conftest import make_moderator
from tests.factories import ArticleFactory, CommentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODERATOR_PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


@pytest.fixture
def story(units):
    return ArticleFactory(
        title="Polrestabes Makassar Gelar Patroli Skala Besar", unit=units["Polrestabes Makassar"]
    )


def a_minute_later(time_machine):
    """Time for a person to read and type: the form's timestamp and the flood limit see it."""
    time_machine.shift(datetime.timedelta(minutes=1))


def test_guest_comment_is_approved_by_a_moderator_and_the_guest_replies(
    live_server, browser, viewport_name, story, units, time_machine
):
    time_machine.move_to(timezone.now(), tick=True)
    moderator = make_moderator(units["Polda Sulsel"], username="moderator.sulsel")
    url = live_server.url + story.get_absolute_url()

    # A guest comments and lands on their comment, marked as awaiting moderation.
    guest = new_page(browser, viewport_name)
    guest.goto(url)
    expect(guest.get_by_role("heading", name="0 Komentar")).to_be_visible()
    respond = guest.locator("#respond")
    respond.get_by_role("textbox", name="Komentar").fill(
        "Terima kasih, patroli malam sangat membantu warga."
    )
    respond.get_by_role("textbox", name="Nama").fill("Daeng Rani")
    respond.get_by_role("textbox", name="Email").fill("rani@example.id")
    respond.get_by_label("Simpan nama, email, dan situs web saya").check()
    a_minute_later(time_machine)
    respond.get_by_role("button", name="Kirim Komentar").click()
    guest.wait_for_url("**#comment-*")
    held = Comment.objects.get()
    assert held.status == Comment.Status.PENDING
    mine = guest.locator(f"#comment-{held.pk}")
    expect(mine.get_by_text("Komentar Anda sedang menunggu moderasi.")).to_be_visible()
    expect(guest.get_by_role("heading", name="0 Komentar")).to_be_visible()
    screenshot(guest, f"comments-{viewport_name}-1-awaiting-moderation")

    # Nobody else sees it.
    visitor = new_page(browser, viewport_name)
    visitor.goto(url)
    expect(visitor.get_by_text("patroli malam sangat membantu")).to_have_count(0)
    visitor.context.close()

    # The moderator logs in to the admin, sees the pending count and approves it.
    admin = new_page(browser, "desktop")
    log_in_to_admin(admin, live_server.url, moderator.username, MODERATOR_PASSWORD)
    admin.get_by_role("link", name="1 komentar menunggu moderasi").click()
    row = admin.locator("#result_list tbody tr", has_text="Daeng Rani")
    expect(row.get_by_text("Komentar pertama penulis ini")).to_be_visible()
    row.locator("input[name=_selected_action]").check()
    admin.locator("select[name=action]").select_option("approve")
    admin.get_by_title("Jalankan aksi terpilih").click()
    expect(admin.get_by_text("1 komentar disetujui.")).to_be_visible()
    screenshot(admin, f"comments-{viewport_name}-2-admin-approved")
    admin.context.close()

    # A fresh visitor now sees it, and the count reads 1.
    visitor = new_page(browser, viewport_name)
    visitor.goto(url)
    expect(visitor.get_by_role("heading", name="1 Komentar")).to_be_visible()
    comment = visitor.locator(f"#comment-{held.pk}")
    expect(comment.get_by_text("patroli malam sangat membantu warga")).to_be_visible()
    expect(comment.get_by_text("menunggu moderasi")).to_have_count(0)
    visitor.context.close()

    # The guest replies: Reply moves the form under the comment; their name is remembered.
    guest.goto(url)
    guest.locator(f"#comment-{held.pk}").get_by_role("link", name="Balas Daeng Rani").click()
    form = guest.locator(f"#comment-{held.pk} #respond")
    expect(form).to_be_visible()
    expect(form.get_by_role("heading", name="Balas Daeng Rani")).to_be_visible()
    assert form.get_by_role("textbox", name="Email").input_value() == "rani@example.id"
    form.get_by_role("textbox", name="Komentar").fill(
        "Tambahan: lampu jalan di Jalan Veteran juga mati."
    )
    a_minute_later(time_machine)
    form.get_by_role("button", name="Kirim Komentar").click()
    guest.wait_for_url("**#comment-*")

    reply = Comment.objects.get(parent=held)
    assert reply.status == Comment.Status.APPROVED  # trusted now: approved at once
    nested = guest.locator(f"#comment-{held.pk} > ol.children > #comment-{reply.pk}")
    expect(nested.get_by_text("lampu jalan di Jalan Veteran")).to_be_visible()
    expect(guest.get_by_role("heading", name="2 Komentar")).to_be_visible()
    screenshot(guest, f"comments-{viewport_name}-3-reply-nested")
    assert guest.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert guest.dialogs == []
    guest.context.close()


def test_without_javascript_reply_opens_the_comment_page_and_still_nests(
    live_server, browser, story, units, time_machine
):
    time_machine.move_to(timezone.now(), tick=True)
    parent = CommentFactory(article=story, author_name="Andi", text="Apakah ada razia malam ini?")
    page = new_page(browser, "phone", java_script_enabled=False)
    page.goto(live_server.url + story.get_absolute_url())
    page.get_by_role("link", name="Balas Andi").click()
    page.wait_for_url("**/komentar/**")
    expect(page.get_by_role("heading", name="Balas Andi")).to_be_visible()
    expect(page.get_by_text(story.title)).to_be_visible()
    page.get_by_role("textbox", name="Komentar").fill("Informasinya ada di akun resmi Polrestabes.")
    page.get_by_role("textbox", name="Nama").fill("Budi")
    page.get_by_role("textbox", name="Email").fill("bukan-email")
    a_minute_later(time_machine)
    page.get_by_role("button", name="Kirim Komentar").click()

    # Refused: the same page, the error tied to the field, the input kept.
    # The error is waited for first: it exists only once the response is in.
    expect(page.locator("#id_email_error")).to_be_visible()
    email = page.get_by_role("textbox", name="Email")
    assert email.get_attribute("aria-invalid") == "true"
    assert (
        page.get_by_role("textbox", name="Komentar").input_value()
        == "Informasinya ada di akun resmi Polrestabes."
    )
    email.fill("budi@example.id")
    page.get_by_role("button", name="Kirim Komentar").click()
    page.wait_for_url("**#comment-*")
    reply = Comment.objects.get(parent=parent)
    held = page.locator(f"#comment-{parent.pk} > ol.children > #comment-{reply.pk}")
    expect(held.get_by_text("Komentar Anda sedang menunggu moderasi.")).to_be_visible()
    page.context.close()
