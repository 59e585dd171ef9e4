"""Tags in a story's revisions: recorded when a revision is saved, offered back on restore."""

from django.contrib.contenttypes.models import ContentType
from reversion.signals import post_revision_commit
from taggit.models import TaggedItem

from .models import Article, RevisionTags


def record_tags(sender, revision, versions, **kwargs):
    """After any revision holding stories (the desk's saves, workflow moves, bulk actions,
    the demo), keep each story's tag names as they were then."""
    article_type = ContentType.objects.get_for_model(Article)
    ids = [int(v.object_id) for v in versions if v.content_type_id == article_type.pk]
    if not ids:
        return
    names = {pk: [] for pk in ids}
    tagged = TaggedItem.objects.filter(content_type=article_type, object_id__in=ids)
    for article_id, name in tagged.order_by("tag__name").values_list("object_id", "tag__name"):
        names[article_id].append(name)
    RevisionTags.objects.bulk_create(
        RevisionTags(revision=revision, article_id=pk, names=tags) for pk, tags in names.items()
    )


def tags_at(revision_id, article_id):
    """The tag names of the story at that revision, or None where none were recorded (a
    revision saved before this was)."""
    row = RevisionTags.objects.filter(revision_id=revision_id, article_id=article_id).first()
    return row.names if row is not None else None


def connect():
    post_revision_commit.connect(record_tags, dispatch_uid="articles.revisions.record_tags")
