"""Roles are groups synced from accounts/roles.py after every migrate."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from accounts.roles import ADMINISTRATOR, EDITOR, MODERATOR, OPERATOR, ROLES, sync_role_groups

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_migrate_leaves_the_four_roles_in_place():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_operators_write_and_editors_also_publish():
    assert "articles.change_article" in codenames(OPERATOR)
    assert "articles.publish_article" not in codenames(OPERATOR)
    assert "articles.publish_article" in codenames(EDITOR)
    assert "articles.delete_article" in codenames(EDITOR)


def test_administrators_hold_every_permission_of_units_accounts_and_articles():
    granted = codenames(ADMINISTRATOR)
    assert {"units.change_unit", "accounts.change_user", "articles.publish_article"} <= granted


def test_comment_permissions_are_granted_once_the_comments_app_has_them():
    content_type, _ = ContentType.objects.get_or_create(app_label="comments", model="comment")
    Permission.objects.get_or_create(
        content_type=content_type, codename="moderate_comment", defaults={"name": "Moderate"}
    )
    sync_role_groups()
    assert "comments.moderate_comment" in codenames(MODERATOR)
    assert "comments.moderate_comment" in codenames(ADMINISTRATOR)


def test_missing_permissions_are_skipped_without_error():
    Permission.objects.filter(content_type__app_label="comments").delete()
    sync_role_groups()
    assert codenames(MODERATOR) == {"articles.view_article"}


def test_every_permission_a_role_names_exists_once_migrated():
    """A misspelt permission would be skipped as "not migrated yet", silently."""
    for role, names in ROLES.items():
        for name in names:
            app_label, codename = name.split(".", 1)
            permissions = Permission.objects.filter(content_type__app_label=app_label)
            if codename != "*":
                permissions = permissions.filter(codename=codename)
            assert permissions.exists(), f"{role}: {name} names no permission"


def test_a_moderator_edits_the_word_lists_through_their_role(units, client):
    from comments.models import WordListEntry
    from tests.factories import StaffFactory

    client.force_login(StaffFactory(unit=units["Mabes Polri"], role=MODERATOR))
    response = client.post(
        "/admin/comments/wordlistentry/add/",
        {"phrase": "penipu", "word_list": "disallowed", "category": "other", "active": "on"},
    )

    assert response.status_code == 302
    assert WordListEntry.objects.filter(phrase="penipu").exists()


def test_syncing_twice_changes_nothing():
    before = {name: codenames(name) for name in ROLES}
    sync_role_groups()
    assert {name: codenames(name) for name in ROLES} == before
    assert Group.objects.filter(name=OPERATOR).count() == 1


def test_demo_staff_get_their_role_groups_and_the_desk_gets_work(units, category):
    from articles.management.commands.load_demo import Command
    from articles.models import Article

    demo = Command(stdout=StringIO())
    staff = demo.create_staff()
    demo.create_desk_stories(category, staff)
    roles = {name: set(user.groups.values_list("name", flat=True)) for name, user in staff.items()}
    assert roles["operator.makassar"] == {OPERATOR}
    assert roles["editor.sulsel"] == {EDITOR}
    assert roles["moderator"] == {MODERATOR}
    assert roles["operator.jabar"] == {OPERATOR}
    statuses = set(Article.objects.values_list("status", flat=True))
    assert statuses == {"draft", "review", "published"}
    assert Article.objects.scheduled().count() == 1
