"""A trigram index on the search text: FTS5 on SQLite, pg_trgm on PostgreSQL.

Both answer "which entries contain this string anywhere", so a query word is found inside
a longer Thai compound, and both give the same entries for the same query.
"""

from django.db import migrations

SQLITE = [
    # Visibility is kept in the index too (unindexed), so a search can stop at the first
    # visible matches in newest-first order instead of collecting every match.
    "CREATE VIRTUAL TABLE knowledge_search_fts USING fts5("
    "compact, published UNINDEXED, province_id UNINDEXED, "
    "content='knowledge_searchentry', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER knowledge_search_ai AFTER INSERT ON knowledge_searchentry BEGIN "
    "INSERT INTO knowledge_search_fts(rowid, compact, published, province_id) "
    "VALUES (new.id, new.compact, new.published, new.province_id); END",
    "CREATE TRIGGER knowledge_search_ad AFTER DELETE ON knowledge_searchentry BEGIN "
    "INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, compact, published, province_id) "
    "VALUES ('delete', old.id, old.compact, old.published, old.province_id); END",
    "CREATE TRIGGER knowledge_search_au AFTER UPDATE ON knowledge_searchentry BEGIN "
    "INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, compact, published, province_id) "
    "VALUES ('delete', old.id, old.compact, old.published, old.province_id); "
    "INSERT INTO knowledge_search_fts(rowid, compact, published, province_id) "
    "VALUES (new.id, new.compact, new.published, new.province_id); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER knowledge_search_au",
    "DROP TRIGGER knowledge_search_ad",
    "DROP TRIGGER knowledge_search_ai",
    "DROP TABLE knowledge_search_fts",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX knowledge_search_compact_trgm ON knowledge_searchentry USING gin (compact gin_trgm_ops)",
]
POSTGRES_REVERSE = ["DROP INDEX knowledge_search_compact_trgm"]


def create(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
