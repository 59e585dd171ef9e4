"""The body editor works offline: everything it loads comes from our own static files."""

import re

import pytest

from tests.desk.conftest import admin_url

pytestmark = pytest.mark.django_db


def test_the_editor_loads_nothing_from_another_host(login, staff):
    page = login(staff["operator_makassar"]).get(admin_url("add")).content.decode()
    assert "django_prose_editor/editor.js" in page
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    imports = re.findall(r'"(/[^"]+\.js)"', page)
    assert assets and imports
    assert all(
        url.startswith("/static/") for url in assets + imports if not url.startswith("/admin/")
    )
    assert "//cdn" not in page and "unpkg" not in page and "jsdelivr" not in page


def test_the_editor_offers_headings_lists_links_quotes_and_images(login, staff):
    form = login(staff["operator_makassar"]).get(admin_url("add")).context["adminform"].form
    extensions = form.fields["body"].widget.get_config()["extensions"]
    for name in (
        "Heading",
        "BulletList",
        "OrderedList",
        "Link",
        "Bold",
        "Italic",
        "Blockquote",
        "Image",
    ):
        assert name in extensions
