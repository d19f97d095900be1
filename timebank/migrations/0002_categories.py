from django.db import migrations

CATEGORIES = [
    ("gardening", "Gardening"),
    ("befriending", "Befriending"),
    ("diy", "DIY"),
    ("digital-help", "Digital help"),
    ("lifts", "Lifts"),
    ("cooking", "Cooking"),
    ("admin", "Admin"),
    ("other", "Other"),
]


def add_categories(apps, schema_editor):
    Category = apps.get_model("timebank", "Category")
    for order, (slug, name) in enumerate(CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("timebank", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
