"""Bounded search ranking (directory.search._best_matches): the service named exactly as
searched through an index on UPPER(name), and, on PostgreSQL, a GIN index of the name's own
search document, to find matches with every word in the name without reading the others.
"""

import django.db.models.functions.text
from django.db import migrations, models

NAME_DOCUMENT = "to_tsvector('english'::regconfig, name)"


def add_name_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX directory_service_name_document ON directory_service"
            f" USING gin (({NAME_DOCUMENT}))"
        )


def drop_name_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX directory_service_name_document")


class Migration(migrations.Migration):
    dependencies = [("directory", "0009_filter_statistics")]

    operations = [
        migrations.AddIndex(
            model_name="service",
            index=models.Index(
                django.db.models.functions.text.Upper("name"), name="service_name_upper"
            ),
        ),
        migrations.RunPython(add_name_index, drop_name_index),
    ]
