"""Fill Comment.thread_root for the replies stored before it existed: the top of each reply
chain, found from the parent links, a batch of stories at a time. Plain ORM reads and bulk
updates, so it runs the same on SQLite and PostgreSQL; running it again changes nothing."""

import itertools

from django.db import migrations

STORIES_AT_ONCE = 200


def top_of_chains(parent_of):
    """{comment id: its thread root} from {comment id: parent id}: the top of the reply chain,
    None for a comment at the top. A parent missing from the mapping, or a loop, ends a chain.
    A copy of comments.models.thread_roots, frozen here as migrations must be."""
    top_of = {}
    for start in parent_of:
        chain, seen, node = [], set(), start
        while node not in top_of:
            chain.append(node)
            seen.add(node)
            parent = parent_of[node]
            if parent is None or parent not in parent_of or parent in seen:
                top_of[node] = node
                break
            node = parent
        for member in chain:
            top_of[member] = top_of[node]
    return {pk: (top if top != pk else None) for pk, top in top_of.items()}


def backfill_thread_roots(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    stories = sorted(
        set(Comment.objects.filter(parent__isnull=False).values_list("article_id", flat=True))
    )
    for first in range(0, len(stories), STORIES_AT_ONCE):
        rows = list(
            Comment.objects.filter(article_id__in=stories[first : first + STORIES_AT_ONCE])
            .order_by("article_id", "pk")
            .values_list("article_id", "pk", "parent_id", "thread_root_id")
        )
        changed = []
        for _story, story_rows in itertools.groupby(rows, key=lambda row: row[0]):
            story_rows = list(story_rows)
            roots = top_of_chains({pk: parent for _s, pk, parent, _r in story_rows})
            changed += [
                Comment(pk=pk, thread_root_id=roots[pk])
                for _s, pk, _p, root in story_rows
                if roots[pk] != root
            ]
        Comment.objects.bulk_update(changed, ["thread_root"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_thread_root_and_comments_per_page")]

    operations = [migrations.RunPython(backfill_thread_roots, migrations.RunPython.noop)]
