"""Administrators of a unit manage the staff of their subtree, and cannot raise themselves."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_polda_administrator_sees_only_the_staff_of_their_polda(login, staff):
    client = login(staff["admin_sulsel"])
    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "operator.makassar" in page and "operator.jabar" not in page
    response = client.get(reverse("admin:accounts_user_change", args=[staff["operator_jabar"].pk]))
    assert response.status_code == 404


def test_only_a_superuser_hands_out_superuser_status(login, staff):
    response = login(staff["admin_sulsel"]).get(
        reverse("admin:accounts_user_change", args=[staff["operator_makassar"].pk])
    )
    form = response.context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields


def test_a_polda_administrator_adds_staff_to_a_unit_of_their_polda_and_can_open_them(
    login, staff, units
):
    from accounts.models import User

    client = login(staff["admin_sulsel"])
    new_user = {
        "username": "operator.gowa",
        "usable_password": "true",
        "password1": "Sandi-Yang-Kuat-2026",
        "password2": "Sandi-Yang-Kuat-2026",
        "email": "operator.gowa@polri.go.id",
        "display_name": "Operator Gowa",
    }

    without_unit = client.post(reverse("admin:accounts_user_add"), new_user)
    assert "unit" in without_unit.context["adminform"].form.errors
    assert not User.objects.filter(username="operator.gowa").exists()

    added = client.post(
        reverse("admin:accounts_user_add"), {**new_user, "unit": units["Polres Gowa"].pk}
    )
    user = User.objects.get(username="operator.gowa")
    assert user.unit == units["Polres Gowa"] and user.email == "operator.gowa@polri.go.id"
    assert client.get(added["Location"]).status_code == 200
    outside = client.post(
        reverse("admin:accounts_user_add"),
        {**new_user, "username": "operator.bandung", "unit": units["Polda Jabar"].pk},
    )
    assert "unit" in outside.context["adminform"].form.errors


def test_the_password_page_for_a_staff_member_speaks_indonesian(login, staff):
    page = login(staff["admin_sulsel"]).get(
        reverse("admin:auth_user_password_change", args=[staff["operator_makassar"].pk])
    )
    text = page.content.decode()
    assert "Jika ditiadakan, sandi pengguna ini saat ini akan hilang." in text
    assert "If disabled" not in text and "Whether the user" not in text
