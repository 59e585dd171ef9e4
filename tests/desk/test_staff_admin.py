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
