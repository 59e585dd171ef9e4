"""A reader's journey: home → article → unit page → tag page, on a phone and a desktop."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.factories import ArticleFactory, CategoryFactory, jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stories(units):
    from django.core.files.base import ContentFile

    category = CategoryFactory(name="Humas Polri", slug="humas-polri")
    lead = ArticleFactory(
        title="Kapolda Sulsel Buka Rakernis Humas di Makassar",
        unit=units["Polda Sulsel"],
        category=category,
        body="<p>Kapolda Sulsel membuka rakernis.</p><p>Paragraf kedua.</p>",
        tags=["Rakernis", "Humas Polri"],
        image_alt="Kapolda di podium",
        image_caption="Pembukaan Rakernis",
    )
    lead.featured_image.save("rakernis.jpg", ContentFile(jpeg_bytes()), save=True)
    ArticleFactory(
        title="Polrestabes Makassar Gelar Rakernis Fungsi Humas",
        unit=units["Polrestabes Makassar"],
        category=category,
        tags=["Rakernis"],
    )
    return lead


def test_reader_goes_from_home_to_article_to_unit_to_tag(live_server, page, viewport_name, stories):
    page.goto(live_server.url + "/")
    screenshot(page, f"reading-{viewport_name}-1-home")
    page.get_by_role("link", name="Kapolda Sulsel Buka Rakernis Humas di Makassar").first.click()

    page.wait_for_url("**/berita/**")
    assert page.get_by_role("heading", level=1).inner_text() == stories.title
    body = page.locator(".story-body").inner_text()
    assert body.startswith(
        "tribratanews.polri.go.id – SULAWESI SELATAN. Kapolda Sulsel membuka rakernis."
    )
    assert "WITA" in page.locator(".story-meta").inner_text()
    expect(page.get_by_role("heading", name="0 Komentar")).to_be_visible()
    expect(page.get_by_label("Nama").first).to_be_visible()
    picture = page.locator(".story-figure img")
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(page, f"reading-{viewport_name}-2-article")

    page.locator(".story-meta").get_by_role("link", name="Polda Sulsel").click()
    page.wait_for_url("**/unit/polda-sulsel/")
    assert page.get_by_role("heading", level=1).inner_text() == "Polda Sulsel"
    expect(page.get_by_text("Polrestabes Makassar Gelar Rakernis Fungsi Humas")).to_be_visible()
    screenshot(page, f"reading-{viewport_name}-3-unit")

    page.get_by_role("link", name="Kapolda Sulsel Buka Rakernis Humas di Makassar").first.click()
    page.get_by_role("link", name="#Rakernis").click()
    page.wait_for_url("**/tag/rakernis/")
    expect(
        page.get_by_role("link", name="Polrestabes Makassar Gelar Rakernis Fungsi Humas")
    ).to_be_visible()
    screenshot(page, f"reading-{viewport_name}-4-tag")

    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page.dialogs == []


def test_login_box_opens_as_a_dialog_and_falls_back_to_a_page(live_server, page, stories):
    page.goto(live_server.url + stories.get_absolute_url())
    page.locator("[data-open-login]").click()
    dialog = page.locator("#login-box")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_text("Selamat datang! Masuk ke akun Anda")).to_be_visible()
    expect(page.get_by_role("dialog", name="Masuk")).to_be_visible()
    dialog.get_by_role("link", name="Lupa kata sandi?").click()
    expect(dialog.get_by_role("heading", name="Lupa Kata Sandi")).to_be_visible()
    # A screen reader names the dialog by the panel it shows.
    expect(page.get_by_role("dialog", name="Lupa Kata Sandi")).to_be_visible()
    dialog.get_by_role("link", name="Kembali ke halaman masuk").click()
    expect(dialog.get_by_label("Nama pengguna atau email")).to_be_visible()
    expect(page.get_by_role("dialog", name="Masuk")).to_be_visible()


def test_the_page_is_spaced_and_its_controls_are_big_enough_to_tap(live_server, page, stories):
    """On a phone too: content clear of the navigation, a language switch a finger can hit, a
    focus ring that shows on white (WCAG 1.4.11: 3:1), and a focused section in the sideways
    scrolling navigation scrolled into view."""
    for name in ("Kamtibmas", "Lalu Lintas", "Reserse Kriminal", "Binmas", "Kegiatan Sosial"):
        CategoryFactory(name=name, slug=name.lower().replace(" ", "-"))
    page.goto(live_server.url + stories.get_absolute_url())
    main = page.locator("main")
    assert main.evaluate("el => getComputedStyle(el).paddingTop") == "20px"
    switch = page.locator(".language-switch a")
    assert switch.bounding_box()["height"] >= 44
    page.keyboard.press("Tab")  # a keyboard user: the skip link, ringed
    ring = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert "rgb(27, 27, 27)" in ring  # the dark inner ring beside the gold one
    width = page.evaluate("innerWidth")
    links = page.locator(".section-nav a")
    assert links.count() == 7
    links.first.focus()
    for n in range(7):  # by keyboard, section after section
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == links.nth(n).inner_text()
        box = links.nth(n).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, focused
        page.keyboard.press("Tab")

    # A tap on a section half off the edge follows it (it is not scrolled from under the finger).
    page.goto(live_server.url + stories.get_absolute_url())
    partly_hidden = [
        link
        for link in links.all()
        if link.bounding_box()["x"]
        < width
        < link.bounding_box()["x"] + link.bounding_box()["width"]
    ]
    if partly_hidden:  # on the phone
        box = partly_hidden[0].bounding_box()
        # At the screen's edge, as a finger would; not locator.click(), which scrolls first.
        page.mouse.click(width - 4, box["y"] + box["height"] / 2)
        page.wait_for_url("**/kategori/**")
