"""A fresh install starts with the usual sectors and accreditations; moderators edit them."""

from django.db import migrations
from django.utils.text import slugify

SECTORS = [
    "Construction and trades",
    "Cleaning and facilities",
    "Catering and food",
    "Care and health",
    "Creative, media and design",
    "Digital and IT",
    "Education and training",
    "Environment and energy",
    "Legal and professional services",
    "Manufacturing",
    "Marine and maritime",
    "Transport and logistics",
    "Community and advice",
    "Arts, culture and heritage",
    "Sport and leisure",
    "Retail",
]

ACCREDITATIONS = [
    "Real Living Wage employer",
    "Social Enterprise Mark",
    "B Corp",
    "Disability Confident",
    "Cyber Essentials",
    "ISO 14001",
    "ISO 9001",
    "Investors in People",
]


def add(apps, schema_editor):
    for model_name, names in (("Sector", SECTORS), ("Accreditation", ACCREDITATIONS)):
        model = apps.get_model("directory", model_name)
        for name in names:
            model.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("directory", "0003_profile_details_moderation")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
