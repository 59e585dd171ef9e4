from zoneinfo import ZoneInfo

from django.db import migrations, models


def date_every_story(apps, schema_editor):
    """Each story's publish date in its unit's zone, as Article.save() now keeps it."""
    Article = apps.get_model("articles", "Article")
    stories = Article.objects.exclude(publish_at=None).select_related("unit")
    batch = []
    for story in stories.only("pk", "publish_at", "unit__tz_name").iterator(chunk_size=2000):
        story.publish_date = story.publish_at.astimezone(ZoneInfo(story.unit.tz_name)).date()
        batch.append(story)
        if len(batch) == 2000:
            Article.objects.bulk_update(batch, ["publish_date"])
            batch = []
    Article.objects.bulk_update(batch, ["publish_date"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_article_updated_idx")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="publish_date",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="publish date"
            ),
        ),
        migrations.RunPython(date_every_story, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["publish_date"], name="article_publish_date_idx"),
        ),
    ]
