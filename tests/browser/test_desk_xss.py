"""Stored XSS: payloads pasted into the editor, or posted raw past it, never run in a browser."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from accounts.roles import EDITOR
from articles.models import Article
from tests.browser.conftest import log_in_to_admin, new_page, screenshot
from tests.desk.xss_payloads import PAYLOADS
from tests.factories import CategoryFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def editor(units):
    CategoryFactory(name="Kamtibmas", slug="kamtibmas")
    return StaffFactory(username="editor.sulsel", unit=units["Polda Sulsel"], role=EDITOR)


EVENTS = ["mouseover", "mouseenter", "focus", "load", "error", "toggle", "animationstart"]


def poke(page):
    """Fire at every element of the story body the events a stored handler would wait for;
    then check every link goes somewhere harmless."""
    page.locator(".story-body").evaluate(
        """(body, events) => body.querySelectorAll('*').forEach(element =>
            events.forEach(name => element.dispatchEvent(new Event(name))))""",
        EVENTS,
    )
    hrefs = page.locator(".story-body a[href], .story-body img[src]").evaluate_all(
        "elements => elements.map(e => (e.href || e.src))"
    )
    assert all(url.startswith(("http://", "https://", "mailto:")) for url in hrefs), hrefs


def test_payloads_pasted_into_the_editor_never_run(live_server, browser, editor, units):
    base = live_server.url
    page = new_page(browser)
    log_in_to_admin(page, base, "editor.sulsel", PASSWORD)
    page.goto(base + "/admin/articles/article/add/")
    page.fill("#id_title", "Uji Tempel Muatan")
    page.select_option("#id_category", label="Kamtibmas")
    body = page.locator(".ProseMirror[contenteditable=true]")
    body.click()
    html = "".join(f"<p>Paragraf {n}</p>{payload}" for n, payload in enumerate(PAYLOADS))
    body.evaluate(
        """(editor, html) => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', html);
            editor.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        html,
    )
    page.select_option("#id_status", "published")
    page.locator("input[name=_save]").click()
    page.wait_for_url(base + "/admin/articles/article/")
    story = Article.objects.get(title="Uji Tempel Muatan")
    assert "Paragraf 0" in story.body
    for url in (f"/admin/articles/article/{story.pk}/preview/", story.get_absolute_url()):
        page.goto(base + url)
        poke(page)
        assert page.locator(".story-body script, .story-body svg, .story-body iframe").count() == 0
    screenshot(page, "desk-xss-pasted")
    assert page.dialogs == []
    page.context.close()


def test_payloads_posted_raw_past_the_editor_never_run(live_server, browser, editor, units):
    client = Client()
    client.force_login(editor)
    category = CategoryFactory(name="Kamtibmas", slug="kamtibmas")
    body = "".join(f"<p>Paragraf {n}</p>{payload}" for n, payload in enumerate(PAYLOADS))
    client.post(
        "/admin/articles/article/add/",
        {
            "title": "Uji Muatan Mentah",
            "unit": units["Polda Sulsel"].pk,
            "category": category.pk,
            "body": body,
            "status": "published",
            "comments_open": "on",
        },
    )
    story = Article.objects.get(title="Uji Muatan Mentah")
    page = new_page(browser)
    page.goto(live_server.url + story.get_absolute_url())
    expect(page.get_by_text(f"Paragraf {len(PAYLOADS) - 1}")).to_be_visible()
    poke(page)
    assert page.locator(".story-body script, .story-body svg, .story-body iframe").count() == 0
    assert page.dialogs == []
    screenshot(page, "desk-xss-raw")
    page.context.close()
