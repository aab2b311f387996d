"""PostgreSQL: keep each service's search document in a stored generated column.

Ranking needs the document of every match; computing it from the text for thousands of
matches per search was most of a search's time. The column is computed by PostgreSQL on
every write (no code keeps it in step) and has its own GIN index; the expression index of
0002 is dropped. SQLite keeps its FTS5 table.
"""

from django.db import migrations

DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B')"
)


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS directory_service_search")
    schema_editor.execute(
        "ALTER TABLE directory_service ADD COLUMN search_document tsvector"
        f" GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX directory_service_search_document ON directory_service"
        " USING gin (search_document)"
    )


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE directory_service DROP COLUMN search_document")
    schema_editor.execute(
        f"CREATE INDEX directory_service_search ON directory_service USING gin (({DOCUMENT}))"
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_service_name_id_index")]

    operations = [migrations.RunPython(add_column, drop_column)]
