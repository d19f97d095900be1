from django.db import migrations

# SQLite: the directory search's facet counts read these columns of every match (by id) from
# this index alone, not from each organisation's whole row. PostgreSQL has no use for it: its
# planner would pick it over the full-text index and test every published row's vector.
COLUMNS = "id, status, is_vcse, is_social_enterprise, is_local, open_to_partnerships, size_band"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX directory_facets ON directory_organisation ({COLUMNS})"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS directory_facets")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_organisation_search"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
