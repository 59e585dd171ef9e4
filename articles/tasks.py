"""Story work done in the task queue."""

from celery import shared_task

from .models import Article
from .renditions import RENDITIONS


@shared_task(autoretry_for=(OSError, Article.DoesNotExist), retry_backoff=5, max_retries=6)
def generate_renditions(article_id):
    """Make every rendition of the story's current featured image (existing ones are kept).
    Retried while the saving request has not committed yet, or the disk is full."""
    article = Article.objects.get(pk=article_id)
    if not article.featured_image:
        return 0
    for name in RENDITIONS:
        getattr(article, name).generate()
    return len(RENDITIONS)
