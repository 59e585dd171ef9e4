"""Tags made of no letter or digit ("😀") were stored with an empty slug, which no address can
carry, and the pages of their stories failed. The story form now refuses such tags; those
already stored get an address of their own."""

from django.db import migrations


def give_each_tag_an_address(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    for tag in Tag.objects.filter(slug=""):
        slug, n = f"tag-{tag.pk}", 1
        while Tag.objects.filter(slug=slug).exists():  # a tag named "Tag 7" is tag-7 already
            slug, n = f"tag-{tag.pk}-{n}", n + 1
        tag.slug = slug
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_article_publish_date"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(give_each_tag_an_address, migrations.RunPython.noop)]
