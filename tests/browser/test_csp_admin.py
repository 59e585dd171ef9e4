"""Under the Content-Security-Policy the desk still works: the editor, saving, history and the
diff of two revisions, with not one policy violation reported by the browser."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from reversion.models import Version

from articles.models import Article
from tests.browser.conftest import log_in_to_admin, new_page, screenshot
from tests.factories import CategoryFactory, StaffFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def violations(page):
    return page.evaluate("window.__cspViolations")


def test_the_admin_editor_and_revision_diff_work_under_the_policy(live_server, browser):
    base = live_server.url
    CategoryFactory(name="Kamtibmas", slug="kamtibmas")
    StaffFactory(
        username="admin.desk",
        unit=UnitFactory(short_name="Polda Contoh"),
        is_superuser=True,
    )
    page = new_page(browser)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    log_in_to_admin(page, base, "admin.desk", PASSWORD)

    page.goto(base + "/admin/articles/article/add/")
    assert "script-src 'self'" in page.evaluate(
        "fetch(location.href).then(r => r.headers.get('content-security-policy'))"
    )
    page.fill("#id_title", "Patroli Malam Polda Contoh")
    page.select_option("#id_category", label="Kamtibmas")
    page.fill("#id_lead", "Patroli malam digelar.")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("Patroli malam menyisir pos lama.")
    page.keyboard.press("Control+b")
    page.keyboard.type(" Tegas")
    screenshot(page, "csp-1-editor")
    page.locator("input[name=_continue]").click()
    page.wait_for_url("**/change/")
    story = Article.objects.get(title="Patroli Malam Polda Contoh")
    assert "pos lama" in story.body and "<strong> Tegas</strong>" in story.body
    assert violations(page) == []

    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Pos baru.")
    page.locator("input[name=_continue]").click()
    page.wait_for_url("**/change/")
    assert violations(page) == []

    first, second = Version.objects.get_for_object(story).order_by("pk")
    compare = reverse("admin:articles_article_compare", args=[story.pk])
    page.goto(f"{base}{compare}?version_id1={first.pk}&version_id2={second.pk}")
    expect(page.locator("ins").first).to_be_visible()
    screenshot(page, "csp-2-diff")
    assert violations(page) == []

    page.goto(base + "/")
    assert violations(page) == []
    assert not [text for text in console if "Content Security Policy" in text], console
    page.context.close()
