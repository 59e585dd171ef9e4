"""The two starter notes shipped in English, in the Indonesian of the rest of the desk. A note a
moderator has since rewritten is left as it is."""

from django.db import migrations

NOTES = {
    "anjing": (
        "also a plain word for dog: held for a person to judge",
        "juga kata biasa untuk hewan anjing: ditahan agar dinilai moderator",
    ),
    "babi": (
        "also a plain word for pig: held for a person to judge",
        "juga kata biasa untuk hewan babi: ditahan agar dinilai moderator",
    ),
}


def translate_starter_notes(apps, schema_editor):
    WordListEntry = apps.get_model("comments", "WordListEntry")
    for phrase, (english, indonesian) in NOTES.items():
        WordListEntry.objects.filter(phrase=phrase, note=english).update(note=indonesian)


class Migration(migrations.Migration):
    dependencies = [("comments", "0005_trust_by_name_and_email")]

    operations = [migrations.RunPython(translate_starter_notes, migrations.RunPython.noop)]
