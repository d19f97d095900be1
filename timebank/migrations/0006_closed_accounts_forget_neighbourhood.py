"""A closed account keeps no personal data: its neighbourhood goes like its other details."""

from django.db import migrations


def forwards(apps, schema_editor):
    Account = apps.get_model("timebank", "Account")
    Account.objects.filter(status="closed").exclude(neighbourhood="").update(neighbourhood="")


class Migration(migrations.Migration):
    dependencies = [("timebank", "0005_account_movement_count")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
