"""Run with `manage.py shell -c`: one published story open to a quick stream of comments."""

from comments.models import CommentSettings
from tests.factories import ArticleFactory, UnitFactory, UserFactory

article = ArticleFactory(
    title="Polres Contoh Gelar Patroli Malam", unit=UnitFactory(short_name="Polres Contoh")
)
CommentSettings.objects.update_or_create(
    pk=1, defaults={"flood_seconds": 0, "min_seconds_to_post": 0, "hold_first_comment": False}
)
UserFactory(username="pembaca", email="pembaca@example.id")  # password: USER_PASSWORD
print(article.pk, article.get_absolute_url())
