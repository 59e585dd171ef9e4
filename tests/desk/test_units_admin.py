"""Administrators add, rename, move and deactivate units, shown as an indented tree."""

import pytest
from django.urls import reverse

from units.models import Unit

pytestmark = pytest.mark.django_db


def unit_url(name, *args):
    return reverse(f"admin:units_unit_{name}", args=args)


def unit_form(unit, **overrides):
    data = {
        "short_name": unit.short_name,
        "name": unit.name,
        "slug": unit.slug,
        "level": unit.level,
        "parent": unit.parent_id or "",
        "province": unit.province,
        "hq_city": unit.hq_city,
        "tz_name": unit.tz_name,
        "tz_label": unit.tz_label,
        "active": "on" if unit.active else "",
    }
    data.update(overrides)
    return data


def test_the_unit_list_is_an_indented_tree(login, staff, units):
    page = login(staff["superuser"]).get(unit_url("changelist")).content.decode()
    assert 'padding-left:0.0em">Mabes Polri' in page
    assert 'padding-left:1.5em">Polda Sulsel' in page
    assert 'padding-left:3.0em">Polrestabes Makassar' in page
    assert page.index("Polda Sulsel") < page.index("Polrestabes Makassar")


def test_an_administrator_adds_a_unit_beneath_their_polda(login, staff, units):
    response = login(staff["admin_sulsel"]).post(
        unit_url("add"),
        unit_form(
            Unit(
                short_name="Polsek Pulau Kodingareng",
                name="Kepolisian Sektor Pulau Kodingareng",
                slug="polsek-pulau-kodingareng",
                level="polsek",
                parent=units["Polrestabes Makassar"],
                tz_name="Asia/Makassar",
                tz_label="WITA",
                active=True,
            )
        ),
    )
    assert response.status_code == 302
    added = Unit.objects.get(slug="polsek-pulau-kodingareng")
    assert added.path == "mabes-polri/polda-sulsel/polrestabes-makassar/polsek-pulau-kodingareng/"


def test_renaming_a_unit_keeps_its_stories(login, staff, units, stories):
    makassar = units["Polrestabes Makassar"]
    login(staff["admin_sulsel"]).post(
        unit_url("change", makassar.pk), unit_form(makassar, short_name="Polrestabes Kota Makassar")
    )
    makassar.refresh_from_db()
    assert makassar.short_name == "Polrestabes Kota Makassar"
    assert makassar.articles.count() == 3


def test_moving_a_unit_moves_its_subtree(login, staff, units):
    tallo = units["Polsek Tallo"]
    gowa = units["Polres Gowa"]
    response = login(staff["admin_sulsel"]).post(
        unit_url("change", tallo.pk), unit_form(tallo, parent=gowa.pk)
    )
    assert response.status_code == 302
    tallo.refresh_from_db()
    assert tallo.path == gowa.path + "polsek-tallo/"


def test_a_unit_cannot_be_moved_beneath_itself(login, staff, units):
    makassar = units["Polrestabes Makassar"]
    response = login(staff["admin_sulsel"]).post(
        unit_url("change", makassar.pk), unit_form(makassar, parent=units["Polsek Tallo"].pk)
    )
    assert "parent" in response.context["adminform"].form.errors


def test_an_administrator_of_a_polda_cannot_move_a_unit_out_of_it(login, staff, units):
    tallo = units["Polsek Tallo"]
    response = login(staff["admin_sulsel"]).post(
        unit_url("change", tallo.pk), unit_form(tallo, parent=units["Polda Jabar"].pk)
    )
    assert "parent" in response.context["adminform"].form.errors
    tallo.refresh_from_db()
    assert tallo.parent == units["Polrestabes Makassar"]


def test_an_administrator_of_a_polda_cannot_make_a_unit_a_root_and_so_see_the_country(
    login, staff, units
):
    """A unit without a parent is a root, whose staff see every unit and every user."""
    client = login(staff["admin_sulsel"])
    sulsel, tallo = units["Polda Sulsel"], units["Polsek Tallo"]

    own = client.post(unit_url("change", sulsel.pk), unit_form(sulsel, parent=""))
    beneath = client.post(unit_url("change", tallo.pk), unit_form(tallo, parent=""))
    added = client.post(
        unit_url("add"),
        unit_form(
            Unit(
                short_name="Polda Baru",
                name="Polda Baru",
                slug="polda-baru",
                level="polda",
                tz_name="Asia/Makassar",
                tz_label="WITA",
                active=True,
            )
        ),
    )

    sulsel.refresh_from_db()
    tallo.refresh_from_db()
    assert sulsel.parent == units["Mabes Polri"]  # their own unit's place is not theirs to set
    assert tallo.parent == units["Polrestabes Makassar"]
    assert "parent" in beneath.context["adminform"].form.errors
    assert "parent" in added.context["adminform"].form.errors
    assert not Unit.objects.filter(slug="polda-baru").exists()
    assert own.status_code in (200, 302)
    users = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "operator.jabar" not in users and ">root<" not in users


def test_a_superuser_still_moves_a_polda_or_makes_a_root(login, staff, units):
    sulsel = units["Polda Sulsel"]
    response = login(staff["superuser"]).post(
        unit_url("change", sulsel.pk), unit_form(sulsel, parent="")
    )
    assert response.status_code == 302
    sulsel.refresh_from_db()
    assert sulsel.parent is None


def test_an_administrator_of_a_polda_sees_only_their_units(login, staff, units):
    client = login(staff["admin_sulsel"])
    page = client.get(unit_url("changelist")).content.decode()
    assert "Polrestabes Makassar" in page and "Polda Jabar" not in page
    assert client.get(unit_url("change", units["Polda Jabar"].pk)).status_code == 404


def test_a_deactivated_unit_leaves_the_navigation_and_keeps_stories_and_staff(
    login, staff, units, stories, client
):
    makassar = units["Polrestabes Makassar"]
    login(staff["admin_sulsel"]).post(
        unit_url("changelist"), {"action": "deactivate", "_selected_action": [makassar.pk]}
    )
    makassar.refresh_from_db()
    assert not makassar.active
    client.logout()
    polda_page = client.get(units["Polda Sulsel"].get_absolute_url()).content.decode()
    assert f'href="{makassar.get_absolute_url()}"' not in polda_page
    live = stories["live_makassar"]
    assert client.get(live.get_absolute_url()).status_code == 200  # its stories stay
    assert "Tayang Makassar Operasi Zebra" in client.get("/").content.decode()
    staff["operator_makassar"].refresh_from_db()
    assert staff["operator_makassar"].unit == makassar  # and its staff


def test_no_page_links_to_a_deactivated_units_404(login, staff, units, stories, client):
    makassar = units["Polrestabes Makassar"]
    makassar.active = False
    makassar.save()
    dead_link = f"{makassar.get_absolute_url()}"

    beneath = client.get(units["Polsek Tallo"].get_absolute_url()).content.decode()
    story = client.get(stories["live_makassar"].get_absolute_url()).content.decode()

    assert "Polrestabes Makassar" in beneath  # still named in the breadcrumbs
    assert f'href="{dead_link}"' not in beneath and f'"{dead_link}"' not in beneath
    assert f'testserver{dead_link}"' not in beneath  # nor in its JSON-LD
    assert f'"url": "http://testserver{dead_link}"' not in story
    assert f'"url":"http://testserver{dead_link}"' not in story


def test_units_are_deactivated_not_deleted_by_administrators(login, staff, units):
    response = login(staff["admin_sulsel"]).get(unit_url("delete", units["Polsek Tallo"].pk))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "zone, label, field, message",
    [
        ("Asia/Jayapura", "WIB", "tz_label", "Asia/Jayapura adalah WIT, bukan WIB."),
        ("Asia/Makassar", "WIT", "tz_label", "Asia/Makassar adalah WITA, bukan WIT."),
        ("Europe/London", "WIB", "tz_name", "Bukan zona waktu Indonesia"),
        ("Asia/Bangkok", "WIB", "tz_name", "pilih Asia/Jakarta atau Asia/Pontianak (WIB)"),
        ("Asia/Atlantis", "WIB", "tz_name", "Zona waktu tidak dikenal."),
    ],
)
def test_a_units_zone_and_its_label_must_agree(login, staff, units, zone, label, field, message):
    gowa = units["Polres Gowa"]
    response = login(staff["admin_sulsel"]).post(
        unit_url("change", gowa.pk), unit_form(gowa, tz_name=zone, tz_label=label)
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == [field]
    assert message in response.content.decode()
    gowa.refresh_from_db()
    assert (gowa.tz_name, gowa.tz_label) == ("Asia/Makassar", "WITA")


def test_a_unit_in_pontianak_is_wib(login, staff, units):
    gowa = units["Polres Gowa"]
    response = login(staff["superuser"]).post(
        unit_url("change", gowa.pk), unit_form(gowa, tz_name="Asia/Pontianak", tz_label="WIB")
    )
    assert response.status_code == 302
    gowa.refresh_from_db()
    assert (gowa.tz_name, gowa.tz_label) == ("Asia/Pontianak", "WIB")
