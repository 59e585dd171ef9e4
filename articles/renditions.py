"""Featured-image renditions are made by the task queue, never while a request waits.

imagekit calls a cache-file strategy when a source image is saved; this one queues one job
per saved story instead of encoding six files in the request (WebP and AVIF are slow).
Pages then link the renditions optimistically, as imagekit's Optimistic strategy does.
"""

import logging

logger = logging.getLogger(__name__)

RENDITIONS = (
    "image_400",
    "image_800",
    "image_1200",
    "image_400_webp",
    "image_800_webp",
    "image_1200_webp",
)


class Queued:
    """IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY: on a new source image, queue its renditions."""

    def on_source_saved(self, file):
        from .tasks import generate_renditions

        source = file.generator.source
        article = getattr(source, "instance", None)
        if article is None or article.pk is None:
            return
        # imagekit signals once per rendition; one job makes them all.
        if getattr(article, "_renditions_queued_for", None) == source.name:
            return
        article._renditions_queued_for = source.name
        try:
            generate_renditions.delay(article.pk)
        except Exception:  # the queue's broker is down: make them here rather than never
            logger.warning(
                "Task queue unavailable; renditions of %s made in the request", article.pk
            )
            generate_renditions.apply(args=[article.pk])

    def should_verify_existence(self, file):
        return False
