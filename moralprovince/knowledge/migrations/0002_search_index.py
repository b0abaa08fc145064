"""A word index on the search terms: FTS5 on SQLite, a GIN text-search index on PostgreSQL.

Both index the same space-separated terms (each word and the dictionary words inside it),
so both find the same entries for the same query.
"""

from django.db import migrations

# The tokenizer keeps Thai vowel and tone marks inside words (the default would cut there).
SQLITE = [
    "CREATE VIRTUAL TABLE knowledge_search_fts USING fts5("
    "terms, published UNINDEXED, province_id UNINDEXED, "
    "content='knowledge_searchentry', content_rowid='id', "
    "tokenize=\"unicode61 categories 'L* N* Co M*'\")",
    "CREATE TRIGGER knowledge_search_ai AFTER INSERT ON knowledge_searchentry BEGIN "
    "INSERT INTO knowledge_search_fts(rowid, terms, published, province_id) "
    "VALUES (new.id, new.terms, new.published, new.province_id); END",
    "CREATE TRIGGER knowledge_search_ad AFTER DELETE ON knowledge_searchentry BEGIN "
    "INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, terms, published, province_id) "
    "VALUES ('delete', old.id, old.terms, old.published, old.province_id); END",
    "CREATE TRIGGER knowledge_search_au AFTER UPDATE ON knowledge_searchentry BEGIN "
    "INSERT INTO knowledge_search_fts(knowledge_search_fts, rowid, terms, published, province_id) "
    "VALUES ('delete', old.id, old.terms, old.published, old.province_id); "
    "INSERT INTO knowledge_search_fts(rowid, terms, published, province_id) "
    "VALUES (new.id, new.terms, new.published, new.province_id); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER knowledge_search_au",
    "DROP TRIGGER knowledge_search_ad",
    "DROP TRIGGER knowledge_search_ai",
    "DROP TABLE knowledge_search_fts",
]
# A stored vector: checking a row is then cheap, so a newest-first scan can stop early.
POSTGRES = [
    "ALTER TABLE knowledge_searchentry ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED",
    "CREATE INDEX knowledge_search_vector ON knowledge_searchentry USING gin (search_vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX knowledge_search_vector",
    "ALTER TABLE knowledge_searchentry DROP COLUMN search_vector",
]


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
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
