import datetime

import pytest
from django.utils import timezone

from accounts.roles import ADMINISTRATOR, EDITOR, MODERATOR, OPERATOR
from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory, StaffFactory

DRAFT = Article.Status.DRAFT
IN_REVIEW = Article.Status.IN_REVIEW
PUBLISHED = Article.Status.PUBLISHED
UNPUBLISHED = Article.Status.UNPUBLISHED


@pytest.fixture
def category(db):
    return CategoryFactory(name="Humas Polri", slug="humas-polri")


@pytest.fixture
def staff(units):
    """Humas staff across two Poldas: who works where, in which role."""
    return {
        "operator_makassar": StaffFactory(
            username="operator.makassar", unit=units["Polrestabes Makassar"], role=OPERATOR
        ),
        "editor_sulsel": StaffFactory(
            username="editor.sulsel", unit=units["Polda Sulsel"], role=EDITOR
        ),
        "operator_jabar": StaffFactory(
            username="operator.jabar", unit=units["Polda Jabar"], role=OPERATOR
        ),
        "editor_jabar": StaffFactory(
            username="editor.jabar", unit=units["Polda Jabar"], role=EDITOR
        ),
        "editor_mabes": StaffFactory(
            username="editor.mabes", unit=units["Mabes Polri"], role=EDITOR
        ),
        "admin_sulsel": StaffFactory(
            username="admin.sulsel", unit=units["Polda Sulsel"], role=ADMINISTRATOR
        ),
        "moderator": StaffFactory(username="moderator", unit=units["Mabes Polri"], role=MODERATOR),
        "superuser": StaffFactory(username="root", unit=units["Mabes Polri"], is_superuser=True),
    }


def story(unit, author, category, status, title, **extra):
    publish_at = extra.pop("publish_at", None)
    if status == PUBLISHED and publish_at is None:
        publish_at = timezone.now() - datetime.timedelta(hours=2)
    return ArticleFactory(
        title=title,
        unit=unit,
        author=author,
        category=category,
        status=status,
        publish_at=publish_at,
        **extra,
    )


@pytest.fixture
def stories(units, staff, category):
    """A draft, a story in review and a live story in Makassar, and the same in Jabar."""
    makassar, jabar = units["Polrestabes Makassar"], units["Polda Jabar"]
    op_mks, op_jabar = staff["operator_makassar"], staff["operator_jabar"]
    return {
        "draft_makassar": story(makassar, op_mks, category, DRAFT, "Draf Makassar Patroli Pantai"),
        "review_makassar": story(
            makassar, op_mks, category, IN_REVIEW, "Ulasan Makassar Bakti Sosial"
        ),
        "live_makassar": story(
            makassar, op_mks, category, PUBLISHED, "Tayang Makassar Operasi Zebra"
        ),
        "draft_jabar": story(jabar, op_jabar, category, DRAFT, "Draf Jabar Mudik Nagreg"),
        "review_jabar": story(jabar, op_jabar, category, IN_REVIEW, "Ulasan Jabar Patroli Puncak"),
        "live_jabar": story(
            jabar, op_jabar, category, PUBLISHED, "Tayang Jabar Pengamanan Stadion"
        ),
    }


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def admin_url(name, *args):
    from django.urls import reverse

    return reverse(f"admin:articles_article_{name}", args=args)


def form_data(article=None, **overrides):
    """What the admin's story form posts, from an existing story or a fresh one."""
    data = {
        "title": "Polisi Amankan Festival",
        "unit": "",
        "category": "",
        "tags": "Festival",
        "lead": "Ringkasan.",
        "body": "<p>Isi berita.</p>",
        "image_alt": "",
        "image_caption": "",
        "image_credit": "",
        "status": DRAFT,
        "publish_at_0": "",
        "publish_at_1": "",
        "comments_open": "on",
    }
    if article is not None:
        # As the admin shows it to staff of the story's unit: in that unit's zone.
        zone = article.unit.zone
        local = timezone.localtime(article.publish_at, zone) if article.publish_at else None
        data.update(
            title=article.title,
            unit=article.unit_id,
            category=article.category_id,
            tags=", ".join(article.tags.names()),
            lead=article.lead,
            body=article.body,
            image_alt=article.image_alt,
            status=article.status,
            publish_at_0=local.strftime("%Y-%m-%d") if local else "",
            publish_at_1=local.strftime("%H:%M:%S") if local else "",
        )
    data.update(overrides)
    return data


def form_errors(response):
    """The story form's errors as {field: [codes]}, or {} when it saved."""
    if response.status_code != 200 or "adminform" not in (response.context or {}):
        return {}
    form = response.context["adminform"].form
    return {
        field: [error.code for error in errors] for field, errors in form.errors.as_data().items()
    }
