"""The full-text index behind directory.search.search_services.

PostgreSQL: a GIN index on the weighted tsvector of name and description (the expression
must stay identical to search.PG_SERVICE_DOCUMENT). SQLite: an FTS5 table kept in step by
triggers, with a key table mapping its integer rowids to service UUIDs (a rowid-less table
could change rowids on VACUUM, so the mapping is ours).
"""

from django.db import migrations

PG_INDEX = """
CREATE INDEX IF NOT EXISTS directory_service_search ON directory_service USING gin (
(setweight(to_tsvector('english'::regconfig, coalesce("directory_service"."name", '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce("directory_service"."description", '')), 'B'))
)
"""

SQLITE_SETUP = [
    "CREATE TABLE directory_service_fts_key ("
    " id INTEGER PRIMARY KEY, service_id char(32) NOT NULL UNIQUE)",
    "CREATE VIRTUAL TABLE directory_service_fts USING fts5("
    " name, description, tokenize='porter unicode61 remove_diacritics 2')",
    """CREATE TRIGGER directory_service_fts_insert AFTER INSERT ON directory_service BEGIN
        INSERT INTO directory_service_fts_key (service_id) VALUES (new.id);
        INSERT INTO directory_service_fts (rowid, name, description)
            VALUES (last_insert_rowid(), new.name, new.description);
    END""",
    """CREATE TRIGGER directory_service_fts_update AFTER UPDATE OF name, description
    ON directory_service BEGIN
        UPDATE directory_service_fts SET name = new.name, description = new.description
        WHERE rowid = (SELECT id FROM directory_service_fts_key WHERE service_id = old.id);
    END""",
    """CREATE TRIGGER directory_service_fts_delete AFTER DELETE ON directory_service BEGIN
        DELETE FROM directory_service_fts
        WHERE rowid = (SELECT id FROM directory_service_fts_key WHERE service_id = old.id);
        DELETE FROM directory_service_fts_key WHERE service_id = old.id;
    END""",
    "INSERT INTO directory_service_fts_key (service_id) SELECT id FROM directory_service",
    "INSERT INTO directory_service_fts (rowid, name, description)"
    " SELECT k.id, s.name, s.description FROM directory_service s"
    " JOIN directory_service_fts_key k ON k.service_id = s.id",
]

SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS directory_service_fts_insert",
    "DROP TRIGGER IF EXISTS directory_service_fts_update",
    "DROP TRIGGER IF EXISTS directory_service_fts_delete",
    "DROP TABLE IF EXISTS directory_service_fts",
    "DROP TABLE IF EXISTS directory_service_fts_key",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": [PG_INDEX], "sqlite": SQLITE_SETUP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {
        "postgresql": ["DROP INDEX IF EXISTS directory_service_search"],
        "sqlite": SQLITE_TEARDOWN,
    }.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
