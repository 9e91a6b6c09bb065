"""PostgreSQL: each search text's set of pg_trgm trigrams in a GIN index, which says exactly (without
opening a text) which documents hold every trigram of a word: the candidates `search.first_matches`
sorts in catalogue order before checking only as many texts as a page needs. See
docs/decisions/catalogue-search.md. Nothing on SQLite, nor where pg_trgm could not be installed (0002)."""

from django.db import migrations

TRIGRAM_SETS_INDEX = (
    "CREATE INDEX IF NOT EXISTS proactive_document_trigram_sets ON proactive_document "
    "USING gin (show_trgm(search_text))"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')")
        if cursor.fetchone()[0]:
            cursor.execute(TRIGRAM_SETS_INDEX)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS proactive_document_trigram_sets")


class Migration(migrations.Migration):
    dependencies = [("proactive", "0006_merge_session17")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
