"""An index on the organisations' names for the directory's search by part of a name.

SQLite: an FTS5 table with the trigram tokenizer, kept by triggers; PostgreSQL: a trigram
GIN index (pg_trgm), which `LIKE '%…%'` uses. Both find the same rows as the substring
match they stand for; terms of fewer than three characters are matched without them.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE organisations_name_fts USING fts5("
    "search_text, content='organisations_organisation', content_rowid='id', "
    "tokenize='trigram')",
    "INSERT INTO organisations_name_fts(organisations_name_fts) VALUES ('rebuild')",
    "CREATE TRIGGER organisations_name_ai AFTER INSERT ON organisations_organisation BEGIN "
    "INSERT INTO organisations_name_fts(rowid, search_text) VALUES (new.id, new.search_text); "
    "END",
    "CREATE TRIGGER organisations_name_ad AFTER DELETE ON organisations_organisation BEGIN "
    "INSERT INTO organisations_name_fts(organisations_name_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER organisations_name_au AFTER UPDATE OF search_text "
    "ON organisations_organisation BEGIN "
    "INSERT INTO organisations_name_fts(organisations_name_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO organisations_name_fts(rowid, search_text) VALUES (new.id, new.search_text); "
    "END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER organisations_name_au",
    "DROP TRIGGER organisations_name_ad",
    "DROP TRIGGER organisations_name_ai",
    "DROP TABLE organisations_name_fts",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX organisations_name_trgm ON organisations_organisation "
    "USING gin (search_text gin_trgm_ops)",
]
POSTGRES_REVERSE = ["DROP INDEX organisations_name_trgm"]


def create(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(
        schema_editor.connection.vendor, []
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("organisations", "0004_thai_sort_key")]
    operations = [migrations.RunPython(create, drop)]
