"""The catalogue's full-text index for Chinese: FTS5 with the trigram tokenizer on SQLite, pg_trgm's
GIN index on PostgreSQL (created only where the extension can be installed; without it, search still
works, by scanning). See docs/decisions/catalogue-search.md."""

from django.db import migrations, transaction

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS proactive_document_fts USING fts5("
    "search_text, content='proactive_document', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS proactive_document_fts_ai AFTER INSERT ON proactive_document BEGIN "
    "INSERT INTO proactive_document_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS proactive_document_fts_ad AFTER DELETE ON proactive_document BEGIN "
    "INSERT INTO proactive_document_fts(proactive_document_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS proactive_document_fts_au AFTER UPDATE OF search_text ON proactive_document BEGIN "
    "INSERT INTO proactive_document_fts(proactive_document_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO proactive_document_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO proactive_document_fts(proactive_document_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS proactive_document_fts_ai",
    "DROP TRIGGER IF EXISTS proactive_document_fts_ad",
    "DROP TRIGGER IF EXISTS proactive_document_fts_au",
    "DROP TABLE IF EXISTS proactive_document_fts",
]
POSTGRESQL_INDEX = (
    "CREATE INDEX IF NOT EXISTS proactive_document_search_trgm "
    "ON proactive_document USING gin (UPPER(search_text) gin_trgm_ops)"
)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "sqlite":
            for statement in SQLITE:
                cursor.execute(statement)
        elif vendor == "postgresql":
            try:
                with transaction.atomic(using=schema_editor.connection.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    cursor.execute(POSTGRESQL_INDEX)
            except Exception:  # no right to install the extension: search scans instead
                pass


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "sqlite":
            for statement in SQLITE_REVERSE:
                cursor.execute(statement)
        elif vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS proactive_document_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("proactive", "0001_register")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
