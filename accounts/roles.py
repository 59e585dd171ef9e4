"""The newsroom's roles as data: group name → the permissions its members hold.

Groups are synced after every `migrate` (see AccountsConfig.ready): a data migration
would run before Django has created the permissions of new models, so it could not
grant them. Permissions that do not exist yet (an app not installed or not migrated)
are skipped, so the sync works before and after each app lands.
"""

import logging

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

logger = logging.getLogger(__name__)

OPERATOR = "Operator"
EDITOR = "Editor"
MODERATOR = "Moderator"
ADMINISTRATOR = "Administrator"

_WRITE_STORIES = [
    "articles.view_article",
    "articles.add_article",
    "articles.change_article",
    "articles.view_category",
    "units.view_unit",  # the unit field's autocomplete reads the (scoped) unit list
    "taggit.view_tag",
]

# "app_label.codename", or "app_label.*" for every permission of an app.
ROLES = {
    OPERATOR: _WRITE_STORIES,
    EDITOR: [
        *_WRITE_STORIES,
        "articles.delete_article",
        "articles.publish_article",
        "taggit.add_tag",
        "taggit.change_tag",
    ],
    MODERATOR: [
        "articles.view_article",
        "comments.view_comment",
        "comments.change_comment",
        "comments.moderate_comment",
        "comments.view_wordlistentry",
        "comments.add_wordlistentry",
        "comments.change_wordlistentry",
        "comments.delete_wordlistentry",
    ],
    ADMINISTRATOR: [
        "units.*",
        "accounts.*",
        "articles.*",
        "comments.*",
        "taggit.*",
        "auth.view_group",
        "admin.view_logentry",
    ],
}


def _permissions_for(names):
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        if codename == "*":
            query |= Q(content_type__app_label=app_label)
        else:
            query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query)


def sync_role_groups(using="default"):
    """Create the role groups and grant them exactly the permissions listed in ROLES."""
    for name, permission_names in ROLES.items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(_permissions_for(permission_names).using(using))
    logger.debug("Role groups synced: %s", ", ".join(ROLES))
