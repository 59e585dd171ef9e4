from units.loader import load_units
from units.models import Unit


def test_loader_imports_every_unit_of_the_csv_once(db):
    created, total = load_units()
    assert created == total == Unit.objects.count()
    assert load_units() == (0, total)
    assert Unit.objects.count() == total


def test_polda_hierarchy_hangs_under_mabes(units):
    sulsel = units["Polda Sulsel"]
    assert sulsel.parent == units["Mabes Polri"]
    assert sulsel.tz_name == "Asia/Makassar"
    assert sulsel.tz_label == "WITA"
    assert (
        units["Polsek Tallo"].path == "mabes-polri/polda-sulsel/polrestabes-makassar/polsek-tallo/"
    )


def test_planned_papua_polda_are_inactive(units):
    assert not units["Polda Papua Selatan"].active
    assert "Polda Papua Selatan" not in set(
        Unit.objects.active().values_list("short_name", flat=True)
    )


def test_subtree_holds_the_unit_and_everything_beneath_it(units, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = set(units["Polrestabes Makassar"].subtree().values_list("short_name", flat=True))
    assert names == {
        "Polrestabes Makassar",
        "Polsek Tallo",
        "Polsek Panakkukang",
        "Polsek Rappocini",
    }
    assert "Polda Jabar" not in set(
        units["Polda Sulsel"].subtree().values_list("short_name", flat=True)
    )


def test_subtree_does_not_include_a_sibling_sharing_a_slug_prefix(units):
    gowa = units["Polres Gowa"]
    Unit.objects.create(
        short_name="Polres Gowa Selatan", name="x", level="polres", parent=units["Polda Sulsel"]
    )
    assert set(gowa.subtree().values_list("short_name", flat=True)) == {"Polres Gowa"}


def test_moving_a_unit_moves_its_descendants(units):
    makassar = units["Polrestabes Makassar"]
    makassar.parent = units["Polda Jabar"]
    makassar.save()
    tallo = Unit.objects.get(short_name="Polsek Tallo")
    assert tallo.path == "mabes-polri/polda-jabar/polrestabes-makassar/polsek-tallo/"
    assert tallo.depth == 3
    assert tallo in units["Polda Jabar"].subtree()


def test_ancestors_run_from_mabes_down(units):
    assert [u.short_name for u in units["Polsek Tallo"].ancestors()] == [
        "Mabes Polri",
        "Polda Sulsel",
        "Polrestabes Makassar",
    ]


def test_dateline_region_is_the_province_in_capitals(units):
    assert units["Polda Sulsel"].dateline_region == "SULAWESI SELATAN"
    assert units["Mabes Polri"].dateline_region == "JAKARTA"


def test_units_come_in_tree_order_even_when_one_slug_starts_another(units, client):
    papua = units["Polda Papua"]
    Unit.objects.create(
        short_name="Polres Jayapura",
        name="Kepolisian Resor Jayapura",
        level="polres",
        parent=papua,
        tz_name="Asia/Jayapura",
        tz_label="WIT",
    )
    in_order = [
        unit.short_name
        for unit in Unit.objects.in_tree_order()
        if unit.short_name.startswith(("Polda Papua", "Polres Jayapura"))
    ]
    assert in_order == [
        "Polda Papua",
        "Polres Jayapura",  # a unit's children come right after it
        "Polda Papua Barat",
        "Polda Papua Barat Daya",
        "Polda Papua Pegunungan",
        "Polda Papua Selatan",
        "Polda Papua Tengah",
    ]
    assert [unit.short_name for unit in Unit.objects.all()] == [
        unit.short_name for unit in Unit.objects.in_tree_order()
    ]
