import datetime
import itertools

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from comments.forms import issue_form_token
from comments.models import Comment, CommentSettings
from tests.factories import ArticleFactory, UserFactory

_addresses = itertools.count(1)


def next_address():
    n = next(_addresses)
    return f"198.51.{n // 250 % 250}.{n % 250 + 1}"


def form_data(article, seconds_ago=60, **fields):
    """What the article page's form sends, shown `seconds_ago` seconds before posting."""
    issued = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    return {
        "comment": "Terima kasih atas informasinya, semoga kegiatan ini bermanfaat.",
        "name": "Budi Santoso",
        "email": "budi@example.id",
        "website": "",
        "token": issue_form_token(article.pk, issued),
        **fields,
    }


@pytest.fixture
def post(client):
    """Post the comment form like a browser would; each post from its own address unless told."""

    def post(article, *, using=None, address=None, seconds_ago=60, **fields):
        return (using or client).post(
            reverse("comments:post", args=[article.pk]),
            form_data(article, seconds_ago, **fields),
            REMOTE_ADDR=address or next_address(),
        )

    return post


@pytest.fixture
def article(units):
    return ArticleFactory(
        title="Polrestabes Makassar Gelar Patroli Skala Besar", unit=units["Polrestabes Makassar"]
    )


@pytest.fixture
def rules(db):
    """The comment settings row, to change a rule in a test (saving it refreshes the cache)."""
    settings, _created = CommentSettings.objects.get_or_create(pk=1)
    return settings


def moderation_permissions():
    return Permission.objects.filter(
        content_type__app_label="comments",
        codename__in=["view_comment", "change_comment", "moderate_comment"],
    )


def make_moderator(unit, **fields):
    user = UserFactory(unit=unit, is_staff=True, **fields)
    user.user_permissions.add(*moderation_permissions())
    return user


@pytest.fixture
def moderator_factory(db):
    return make_moderator


def latest_comment():
    return Comment.objects.order_by("-pk").first()


@pytest.fixture(autouse=True)
def indonesian_first():
    """URLs reversed in Indonesian (no /en/ prefix), whatever an earlier request activated."""
    from django.utils import translation

    with translation.override("id"):
        yield
