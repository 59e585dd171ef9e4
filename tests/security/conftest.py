import pytest

from tests.factories import ArticleFactory, CommentFactory, UnitFactory, UserFactory


@pytest.fixture
def story(db):
    """A published story with an approved comment, by an author with a public slug."""
    author = UserFactory(username="login.rahasia", display_name="Budi Santoso")
    article = ArticleFactory(author=author, unit=UnitFactory(short_name="Polres Contoh"))
    CommentFactory(article=article)
    return article


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin.rahasia", is_staff=True, is_superuser=True)
