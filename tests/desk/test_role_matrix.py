"""Every role × bulk action × in-scope/out-of-scope pair: only allowed, in-scope stories change."""

import pytest

from articles.models import Article
from tests.desk.conftest import IN_REVIEW, PUBLISHED, UNPUBLISHED, admin_url

pytestmark = pytest.mark.django_db

# action → (the story it is tried on, the status it should reach)
ACTIONS = {
    "submit_for_review": ("draft", IN_REVIEW),
    "publish_now": ("review", PUBLISHED),
    "unpublish": ("live", UNPUBLISHED),
    "delete_selected": ("draft", None),
}
ALLOWED = {
    "operator_makassar": {"submit_for_review"},
    "editor_sulsel": {"submit_for_review", "publish_now", "unpublish", "delete_selected"},
    "admin_sulsel": {"submit_for_review", "publish_now", "unpublish", "delete_selected"},
    "moderator": set(),
}
PLACE = {"in scope": "makassar", "out of scope": "jabar"}


@pytest.mark.parametrize("where", sorted(PLACE))
@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_a_bulk_action_changes_a_story_only_when_allowed_and_in_scope(
    login, staff, stories, role, action, where
):
    kind, reached = ACTIONS[action]
    story = stories[f"{kind}_{PLACE[where]}"]
    before = story.status
    # The moderator works from Mabes: every story is in their scope, none is theirs to change.
    in_scope = where == "in scope" or staff[role].unit.parent_id is None
    login(staff[role]).post(
        admin_url("changelist"),
        {"action": action, "post": "yes", "_selected_action": [story.pk]},
    )
    after = Article.objects.filter(pk=story.pk).values_list("status", flat=True).first()
    expected_change = action in ALLOWED[role] and in_scope
    if not expected_change:
        assert after == before
    elif reached is None:
        assert after is None  # deleted
    else:
        assert after == reached
