"""PostgreSQL's `unaccent` extension, for accent-blind search (core/unaccent.py).

SQLite gets a Python function of the same name on each connection instead.
"""

from django.db import migrations


def create_extension(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_outbound_email")]

    operations = [migrations.RunPython(create_extension, migrations.RunPython.noop)]
