"""A reader searches, opens a result, and the visit shows up in "Terpopuler" after a flush."""

import pytest
from playwright.sync_api import expect

from articles.viewcounts import flush_view_counts
from tests.browser.conftest import new_page, screenshot
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)


def test_reader_searches_reads_and_the_view_is_counted_once(live_server, browser, units):
    story = ArticleFactory(
        title="Polres Gowa Buka Posko Pengamanan Mudik Lebaran",
        unit=units["Polres Gowa"],
    )
    ArticleFactory(title="Polda Bali Gelar Patroli Malam", unit=units["Polda Bali"])
    page = new_page(browser, "phone", user_agent=CHROME)  # headless Chromium's own agent is a bot's

    page.goto(live_server.url + "/")
    page.get_by_label("Cari berita").fill("posko mudik")
    page.get_by_label("Cari berita").press("Enter")
    page.wait_for_url("**/cari/?q=posko+mudik")
    result = page.locator(".search-result h2 a")
    assert result.count() == 1
    assert result.inner_text() == story.title
    screenshot(page, "discovery-phone-1-search")

    with page.expect_request("**/api/views/**") as beacon:
        result.click()
    assert beacon.value.method == "POST"
    assert beacon.value.url.endswith(f"/api/views/{story.pk}/")
    page.wait_for_load_state("networkidle")
    page.reload()  # the same reader again: not a second view
    page.wait_for_load_state("networkidle")

    assert flush_view_counts() == 1
    story.refresh_from_db()
    assert story.view_count == 1

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Terpopuler")).to_be_visible()
    assert story.title in page.locator(".most-read").inner_text()
    screenshot(page, "discovery-phone-2-most-read")
    assert page.dialogs == []
    page.context.close()
