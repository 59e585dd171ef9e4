"""Ship the starter word lists (hate speech, insults, hoax markers, gambling spam, obscenity)
and the settings row with its defaults. Both stay editable in the admin."""

import csv
from pathlib import Path

from django.db import migrations

WORD_LISTS = Path(__file__).resolve().parent.parent / "data" / "word_lists.csv"


def load_starter_lists(apps, schema_editor):
    WordListEntry = apps.get_model("comments", "WordListEntry")
    CommentSettings = apps.get_model("comments", "CommentSettings")
    CommentSettings.objects.get_or_create(pk=1)
    with open(WORD_LISTS, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            WordListEntry.objects.get_or_create(
                word_list=row["list"],
                phrase=row["phrase"],
                defaults={"category": row["category"], "note": row["note"]},
            )


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]

    operations = [migrations.RunPython(load_starter_lists, migrations.RunPython.noop)]
