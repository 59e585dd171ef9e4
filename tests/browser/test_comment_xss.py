"""Stored-XSS payloads in comments never run: no dialog opens on any page that shows them."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from comments import services
from comments.models import Comment
from tests.browser.conftest import log_in_to_admin, new_page
from tests.comments.conftest import make_moderator
from tests.comments.xss_payloads import PAYLOADS, as_website
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hostile_story(units):
    story = ArticleFactory(unit=units["Polrestabes Makassar"])
    for n, payload in enumerate(PAYLOADS):
        Comment(
            article=story,
            author_name=payload[:100],
            author_email=f"penyerang{n}@example.id",
            author_url=as_website(payload),
            text=payload,
            status=Comment.Status.PENDING,
            created_at=timezone.now(),
        ).save()
    services.moderate(Comment.objects.all(), Comment.Status.APPROVED)
    return story


def test_payloads_shown_on_the_article_and_in_the_admin_open_no_dialog(
    live_server, browser, hostile_story, units
):
    reader = new_page(browser, "desktop")
    reader.goto(live_server.url + hostile_story.get_absolute_url())
    expect(reader.get_by_role("heading", name=f"{len(PAYLOADS)} Komentar")).to_be_visible()
    # Shown as the text that was typed.
    expect(reader.locator(".comment-content").first).to_have_text(PAYLOADS[0])
    # Focus, hover and click every author link and comment, as a reader might.
    for link in reader.locator(".comment-author a").all()[:10]:
        link.hover()
    reader.locator(".comment-content").nth(9).click()
    reader.mouse.wheel(0, 20000)
    reader.wait_for_timeout(300)  # let any injected timer or onload fire (there must be none)
    assert reader.dialogs == []
    assert reader.locator(".comment-list script, .comment-list img, .comment-list svg").count() == 0
    reader.context.close()

    moderator = make_moderator(units["Mabes Polri"], username="moderator.mabes")
    admin = new_page(browser, "desktop")
    log_in_to_admin(admin, live_server.url, moderator.username, "correct-horse-battery")
    admin.goto(live_server.url + "/admin/comments/comment/")
    expect(admin.locator("#result_list tbody tr")).to_have_count(len(PAYLOADS))
    first = Comment.objects.order_by("pk").first()
    admin.goto(live_server.url + f"/admin/comments/comment/{first.pk}/reply/")
    admin.wait_for_timeout(300)
    assert admin.dialogs == []
    admin.context.close()


def test_payloads_typed_into_the_form_and_sent_back_with_an_error_open_no_dialog(
    live_server, browser, units
):
    story = ArticleFactory(unit=units["Polda Bali"])
    page = new_page(browser, "phone")
    for payload in PAYLOADS[:12]:
        page.goto(live_server.url + story.get_absolute_url())
        page.get_by_role("textbox", name="Komentar").fill(payload)
        page.get_by_role("textbox", name="Nama").fill(payload[:100])
        page.get_by_role("textbox", name="Email").fill("bukan-email")
        page.get_by_role("button", name="Kirim Komentar").click()
        # The error exists only on the refused page's response: waiting for it
        # keeps the next goto from racing (and aborting) this POST.
        expect(page.locator("#id_email_error")).to_be_visible()
        expect(page.get_by_role("textbox", name="Komentar")).to_have_value(payload)
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert not Comment.objects.exists()
    page.context.close()
