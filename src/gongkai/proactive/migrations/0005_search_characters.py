"""PostgreSQL: the characters of the search text indexed one by one (a GIN index over a text-search vector
of single characters, without positions), for words of one or two characters, which pg_trgm cannot serve.
See docs/decisions/catalogue-search.md. Nothing on SQLite (its trigram vocabulary serves them)."""

from django.db import migrations

CHARACTERS_INDEX = (
    "CREATE INDEX IF NOT EXISTS proactive_document_chars ON proactive_document USING gin "
    "(strip(to_tsvector('simple'::regconfig, regexp_replace(search_text, '(.)', '\\1 ', 'g'))))"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CHARACTERS_INDEX)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS proactive_document_chars")


class Migration(migrations.Migration):
    dependencies = [("proactive", "0004_document_channels")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
