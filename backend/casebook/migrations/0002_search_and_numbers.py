"""Full-text search indexes (FTS5 on SQLite, tsvector + GIN on PostgreSQL), keyset indexes
and the case-number sequence row. Dialect-specific, so written by hand."""

from tortoise import migrations
from tortoise.migrations import operations as ops

SQLITE = [
    "CREATE VIRTUAL TABLE cases_fts USING fts5(subject, description, content='cases', content_rowid='id')",
    """CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN
         INSERT INTO cases_fts(rowid, subject, description) VALUES (new.id, new.subject, new.description);
       END""",
    """CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases BEGIN
         INSERT INTO cases_fts(cases_fts, rowid, subject, description)
         VALUES ('delete', old.id, old.subject, old.description);
       END""",
    """CREATE TRIGGER cases_fts_au AFTER UPDATE OF subject, description ON cases BEGIN
         INSERT INTO cases_fts(cases_fts, rowid, subject, description)
         VALUES ('delete', old.id, old.subject, old.description);
         INSERT INTO cases_fts(rowid, subject, description) VALUES (new.id, new.subject, new.description);
       END""",
    "CREATE VIRTUAL TABLE posts_fts USING fts5(body, content='posts', content_rowid='id')",
    """CREATE TRIGGER posts_fts_ai AFTER INSERT ON posts BEGIN
         INSERT INTO posts_fts(rowid, body) VALUES (new.id, new.body);
       END""",
    """CREATE TRIGGER posts_fts_ad AFTER DELETE ON posts BEGIN
         INSERT INTO posts_fts(posts_fts, rowid, body) VALUES ('delete', old.id, old.body);
       END""",
    """CREATE TRIGGER posts_fts_au AFTER UPDATE OF body ON posts BEGIN
         INSERT INTO posts_fts(posts_fts, rowid, body) VALUES ('delete', old.id, old.body);
         INSERT INTO posts_fts(rowid, body) VALUES (new.id, new.body);
       END""",
]

POSTGRES = [
    """CREATE INDEX cases_search_idx ON cases USING GIN
         (to_tsvector('simple', coalesce(subject, '') || ' ' || coalesce(description, '')))""",
    "CREATE INDEX posts_search_idx ON posts USING GIN (to_tsvector('simple', body))",
]

COMMON = [
    # Keyset pagination orders by (sort column, id); these make every offered order an index walk.
    "CREATE INDEX cases_updated_id_idx ON cases (updated_at, id)",
    "CREATE INDEX cases_created_id_idx ON cases (created_at, id)",
    "CREATE INDEX case_contacts_contact_idx ON case_contacts (contact_id, case_id)",
    "CREATE INDEX posts_case_id_idx ON posts (case_id, id)",
    "INSERT INTO case_counters (name, value) VALUES ('case_number', 10000)",
]


async def forward(apps, schema_editor):
    client = schema_editor.client
    dialect = client.capabilities.dialect
    for sql in (SQLITE if dialect == "sqlite" else POSTGRES) + COMMON:
        await client.execute_script(sql)


class Migration(migrations.Migration):
    dependencies = [("models", "0001_initial")]
    operations = [ops.RunPython(forward)]
