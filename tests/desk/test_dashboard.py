"""The admin index is the desk for the signed-in user's units."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import dashboard
from tests.desk.conftest import PUBLISHED, story

pytestmark = pytest.mark.django_db


def desk_section(client):
    page = client.get(reverse("admin:index")).content.decode()
    match = re.search(r'<section class="desk".*?</section>', page, re.S)
    return match.group(0) if match else ""


def test_the_desk_lists_review_scheduled_and_recent_stories_in_scope(
    login, staff, stories, units, category
):
    story(
        units["Polres Gowa"],
        staff["editor_sulsel"],
        category,
        PUBLISHED,
        "Terjadwal Gowa Malino",
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    desk = desk_section(login(staff["editor_sulsel"]))
    review = desk[desk.index('id="desk-review"') : desk.index('id="desk-scheduled"')]
    scheduled = desk[desk.index('id="desk-scheduled"') : desk.index('id="desk-recent"')]
    recent = desk[desk.index('id="desk-recent"') :]
    assert "Ulasan Makassar Bakti Sosial" in review
    assert "Terjadwal Gowa Malino" in scheduled
    assert "Tayang Makassar Operasi Zebra" in recent
    assert "Jabar" not in desk


def test_an_overdue_story_stands_out_on_the_desk(login, staff, stories):
    late = stories["review_makassar"]
    late.status, late.publish_at = PUBLISHED, timezone.now() - datetime.timedelta(minutes=3)
    late.save()
    desk = desk_section(login(staff["editor_sulsel"]))
    assert "desk-overdue-title" in desk and "Ulasan Makassar Bakti Sosial" in desk


def test_the_chart_counts_stories_per_unit_per_week_in_scope(staff, units, category):
    now = timezone.now()
    for days_ago, unit in [(1, "Polrestabes Makassar"), (2, "Polsek Tallo"), (8, "Polres Gowa")]:
        story(
            units[unit],
            staff["editor_sulsel"],
            category,
            PUBLISHED,
            f"Cerita {unit} {days_ago}",
            publish_at=now - datetime.timedelta(days=days_ago),
        )
    story(units["Polda Jabar"], staff["editor_jabar"], category, PUBLISHED, "Jabar", publish_at=now)
    chart = dashboard.weekly_chart(staff["editor_sulsel"], now=now)
    totals = {row["label"]: row["total"] for row in chart["rows"]}
    # Polsek Tallo counts under Polrestabes Makassar, the unit beneath Polda Sulsel above it.
    assert totals == {"Polrestabes Makassar": 2, "Polres Gowa": 1}
    assert len(chart["weeks"]) == 8
    assert all(len(row["bars"]) == 8 for row in chart["rows"])


def test_the_chart_is_drawn_on_the_server_as_svg(login, staff, stories):
    desk = desk_section(login(staff["editor_sulsel"]))
    assert "<svg" in desk and 'class="desk-bar"' in desk
    assert "Polrestabes Makassar, " in desk  # each bar has a readable title
    # Whole-number coordinates: a localised "12,5" would be invalid SVG.
    assert re.findall(r'(?:x|y|width|height)="([^"]*)"', desk)
    assert all(v.isdigit() for v in re.findall(r'\b(?:x|y|x1|x2|height)="([^"]*)"', desk))


def test_other_apps_add_panels_without_articles_knowing_them(login, staff, stories):
    def comments_waiting(request):
        return '<div class="module" id="panel-comments">3 komentar menunggu</div>'

    dashboard.register_panel(comments_waiting)
    try:
        assert "3 komentar menunggu" in desk_section(login(staff["editor_sulsel"]))
    finally:
        dashboard._panels.remove(comments_waiting)


def test_staff_without_story_permissions_see_no_desk(login, units):
    from tests.factories import StaffFactory

    assert desk_section(login(StaffFactory(unit=units["Polda Sulsel"]))) == ""
