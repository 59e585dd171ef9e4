import django.contrib.postgres.search
from django.db import migrations

# PostgreSQL only: a trigger computes the weighted document on every INSERT or UPDATE
# of the searched columns (bulk_create, queryset.update() and COPY included), a GIN
# index serves the @@ match and a BRIN index the "last year" slice search reads first.
# SQLite keeps an unused text column and searches with LIKE.
CREATE_TRIGGER = """
-- Keep the vector in the row (compressed) and let the body go to TOAST instead: ranking
-- reads the vector of every candidate, and fetching it from TOAST made that 10x slower.
ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE MAIN;

CREATE FUNCTION articles_article_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('indonesian', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('indonesian', coalesce(NEW.lead, '')), 'B') ||
        setweight(to_tsvector('indonesian', coalesce(NEW.body, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER articles_article_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, lead, body ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_vector_update();

CREATE INDEX articles_article_search_vector_gin
    ON articles_article USING gin (search_vector);

-- Stories are written roughly in publication order, so a tiny BRIN index finds the
-- last year's rows: search ranks recent matches first without reading older ones.
CREATE INDEX articles_article_publish_at_brin
    ON articles_article USING brin (publish_at) WITH (autosummarize = on);

UPDATE articles_article SET title = title;
"""

DROP_TRIGGER = """
DROP INDEX IF EXISTS articles_article_publish_at_brin;
DROP INDEX IF EXISTS articles_article_search_vector_gin;
DROP TRIGGER IF EXISTS articles_article_search_vector_trigger ON articles_article;
DROP FUNCTION IF EXISTS articles_article_search_vector_update();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        (has_lz4,) = cursor.fetchone() or (False,)
    if has_lz4:  # decompresses several times faster than the default pglz
        schema_editor.execute(
            "ALTER TABLE articles_article ALTER COLUMN search_vector SET COMPRESSION lz4"
        )
    schema_editor.execute(CREATE_TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0002_desk_workflow_fields'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
