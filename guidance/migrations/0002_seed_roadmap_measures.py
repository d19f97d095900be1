from django.db import migrations


def seed_roadmap(apps, schema_editor):
    from guidance.roadmap import seed

    seed(apps.get_model("guidance", "Theme"), apps.get_model("guidance", "Measure"))


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_initial")]

    operations = [migrations.RunPython(seed_roadmap, migrations.RunPython.noop)]
