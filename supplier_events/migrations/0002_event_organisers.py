"""The Event organisers role, so that a fresh database has it (permissions are granted
after every migrate by portal.roles.sync_role_permissions)."""

from django.db import migrations


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Event organisers")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("portal", "0003_roles"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
