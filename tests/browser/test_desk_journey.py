"""The desk's journey: an operator writes and submits, the Polda editor previews and
schedules, the story goes live by itself; an operator of another Polda cannot reach it."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import EDITOR, OPERATOR
from articles.models import Article
from tests.browser.conftest import log_in_to_admin, new_page, screenshot
from tests.factories import CategoryFactory, StaffFactory, jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
TITLE = "Polrestabes Makassar Amankan Festival Pantai Losari"


@pytest.fixture
def newsroom(units):
    CategoryFactory(name="Kamtibmas", slug="kamtibmas")
    return {
        "operator": StaffFactory(
            username="operator.makassar", unit=units["Polrestabes Makassar"], role=OPERATOR
        ),
        "editor": StaffFactory(username="editor.sulsel", unit=units["Polda Sulsel"], role=EDITOR),
        "outsider": StaffFactory(
            username="operator.jabar", unit=units["Polda Jabar"], role=OPERATOR
        ),
    }


def log_in(page, base_url, username):
    log_in_to_admin(page, base_url, username, PASSWORD)
    page.wait_for_url(base_url + "/admin/")


@pytest.fixture
def photo(tmp_path):
    path = Path(tmp_path) / "festival-losari.jpg"
    path.write_bytes(jpeg_bytes((1600, 900), (30, 80, 140)))
    return path


def test_operator_writes_editor_schedules_and_the_story_goes_live_by_itself(
    live_server, browser, newsroom, units, photo
):
    base = live_server.url

    # The operator writes a story with a picture and submits it for review.
    operator = new_page(browser)
    log_in(operator, base, "operator.makassar")
    operator.goto(base + "/admin/articles/article/add/")
    operator.fill("#id_title", TITLE)
    operator.select_option("#id_category", label="Kamtibmas")
    operator.fill("#id_lead", "Ratusan personel disiagakan selama festival.")
    editor_box = operator.locator(".ProseMirror[contenteditable=true]")
    editor_box.click()
    operator.keyboard.type("Ratusan personel gabungan disiagakan di sepanjang Pantai Losari.")
    operator.set_input_files("#id_featured_image", str(photo))
    operator.fill("#id_image_alt", "Personel berjaga di Pantai Losari")
    operator.fill("#id_image_caption", "Apel pengamanan festival")
    operator.select_option("#id_status", "review")
    assert "published" not in operator.locator("#id_status option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    screenshot(operator, "desk-1-operator-writes")
    operator.locator("input[name=_save]").click()
    operator.wait_for_url(base + "/admin/articles/article/")
    expect(operator.locator("#result_list").get_by_role("link", name=TITLE)).to_be_visible()
    story = Article.objects.get(title=TITLE)
    assert story.status == Article.Status.IN_REVIEW
    assert story.unit == units["Polrestabes Makassar"]
    assert "Pantai Losari" in story.body and story.featured_image
    operator.context.close()

    # The Polda editor finds it on the desk, previews it, and schedules it a minute ahead.
    editor = new_page(browser)
    log_in(editor, base, "editor.sulsel")
    review = editor.locator("#desk-review")
    expect(review.get_by_role("link", name=TITLE)).to_be_visible()
    review.get_by_role("link", name=TITLE).click()
    with editor.context.expect_page() as preview_opened:
        editor.locator("a.previewlink").click()
    preview = preview_opened.value
    preview.wait_for_load_state()
    assert preview.get_by_role("heading", level=1).inner_text() == TITLE
    assert (
        preview.locator(".story-body")
        .inner_text()
        .startswith("tribratanews.polri.go.id – SULAWESI SELATAN. Ratusan personel")
    )
    assert preview.locator(".story-figure img").evaluate("img => img.naturalWidth > 0")
    screenshot(preview, "desk-2-editor-previews")
    preview.close()

    # Typed in the editor's own time (WITA in Polda Sulsel), as the admin reads it.
    at = timezone.localtime(timezone=units["Polda Sulsel"].zone) + datetime.timedelta(minutes=1)
    editor.select_option("#id_status", "published")
    editor.fill("#id_publish_at_0", at.strftime("%Y-%m-%d"))
    editor.fill("#id_publish_at_1", at.strftime("%H:%M:%S"))
    editor.locator("input[name=_save]").click()
    editor.wait_for_url(base + "/admin/articles/article/")
    expect(editor.locator(".desk-status-scheduled").first).to_be_visible()
    screenshot(editor, "desk-3-editor-scheduled")
    story.refresh_from_db()
    assert story.is_scheduled

    # Not public yet.
    reader = new_page(browser)
    reader.goto(base + "/")
    assert reader.get_by_role("link", name=TITLE).count() == 0
    assert reader.goto(base + story.get_absolute_url()).status == 404

    # Two minutes later it is live on the home page and on its units' pages.
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled")
        reader.goto(base + "/")
        expect(reader.get_by_role("link", name=TITLE).first).to_be_visible()
        reader.goto(base + units["Polrestabes Makassar"].get_absolute_url())
        expect(reader.get_by_role("link", name=TITLE).first).to_be_visible()
        reader.goto(base + units["Polda Sulsel"].get_absolute_url())
        expect(reader.get_by_role("link", name=TITLE).first).to_be_visible()
        screenshot(reader, "desk-4-live-on-the-polda-page")
    story.refresh_from_db()
    assert story.went_live_at is not None
    assert operator.dialogs == editor.dialogs == reader.dialogs == []
    editor.context.close()
    reader.context.close()


def test_an_operator_of_another_polda_cannot_reach_the_story(live_server, browser, newsroom, units):
    story = Article.objects.create(
        title=TITLE,
        unit=units["Polrestabes Makassar"],
        category=CategoryFactory(name="Kamtibmas", slug="kamtibmas"),
        author=newsroom["operator"],
        body="<p>Draf.</p>",
        status=Article.Status.IN_REVIEW,
    )
    base = live_server.url
    outsider = new_page(browser)
    log_in(outsider, base, "operator.jabar")
    outsider.goto(base + "/admin/articles/article/")
    assert outsider.get_by_text(TITLE).count() == 0
    outsider.goto(base + "/admin/articles/article/?q=Losari")
    assert outsider.get_by_text(TITLE).count() == 0
    for path in ("change", "history", "delete", "preview"):
        response = outsider.goto(f"{base}/admin/articles/article/{story.pk}/{path}/")
        assert response.status == 404, path
        assert TITLE not in outsider.content()
    screenshot(outsider, "desk-5-outsider-gets-404")
    outsider.context.close()
