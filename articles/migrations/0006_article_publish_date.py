from zoneinfo import ZoneInfo

from django.db import migrations, models


def date_every_story(apps, schema_editor):
    """Each story's publish date in its unit's zone, as Article.save() now keeps it; in
    batches, each its own transaction (the migration is not atomic), so readers are never
    held up for the whole archive."""
    Article = apps.get_model("articles", "Article")
    rows = list(
        Article.objects.exclude(publish_at=None).values_list("pk", "publish_at", "unit__tz_name")
    )  # read first: nothing is written while the table is being read
    for start in range(0, len(rows), 2000):
        Article.objects.bulk_update(
            [
                Article(pk=pk, publish_date=publish_at.astimezone(ZoneInfo(tz_name)).date())
                for pk, publish_at, tz_name in rows[start : start + 2000]
            ],
            ["publish_date"],
        )


class Migration(migrations.Migration):
    # Adding the (nullable) column is quick; the dating runs in batches outside one long
    # transaction that would hold the table's lock until the last story.
    atomic = False

    dependencies = [("articles", "0005_article_updated_idx")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="publish_date",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="publish date"
            ),
        ),
        migrations.RunPython(date_every_story, migrations.RunPython.noop, atomic=False),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["publish_date"], name="article_publish_date_idx"),
        ),
    ]
