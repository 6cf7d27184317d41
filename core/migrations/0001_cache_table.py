"""The shared cache's table (core.cache.SharedDatabaseCache).

Created here rather than by `createcachetable`, because deployments only run
`migrate`; created whatever CACHES says today, so switching Redis off later needs
no extra step.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

from core.cache import DATABASE_CACHE_TABLE


def create_cache_table(apps, schema_editor):
    # Does nothing if the table exists (a site that ran createcachetable by hand).
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, DATABASE_CACHE_TABLE, False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(DATABASE_CACHE_TABLE)}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
