"""The five National TOMs themes and the five measures quoted in Portsmouth's Social Value
Roadmap. Loaded by a data migration (so every database has them) and again by seed_demo."""

from decimal import Decimal

ROADMAP_SOURCE = "Portsmouth Social Value Roadmap"
ROADMAP_EDITION = "Portsmouth roadmap 2021"
ROADMAP_YEAR = 2021

THEMES = [
    ("jobs", "Jobs", "Promote local skills and employment."),
    ("growth", "Growth", "Supporting growth of responsible regional business."),
    ("social", "Social", "Healthier, safer and more resilient communities."),
    ("environment", "Environment", "Protecting and improving our environment."),
    ("innovation", "Innovation", "Promoting social innovation."),
]

# (code, theme, title, unit, proxy value in £ per unit, description)
MEASURES = [
    (
        "PSV-VOL",
        "social",
        "Volunteering time",
        "hour",
        Decimal("16.07"),
        "Hours volunteered by staff to support local community projects. Also the value "
        "of one time bank hour.",
    ),
    (
        "PSV-CARELEAVER",
        "jobs",
        "16-25 year old care leaver hired on the contract through a recruitment programme",
        "FTE",
        Decimal("13636"),
        "Each full-time equivalent care leaver aged 16 to 25 employed on the contract.",
    ),
    (
        "PSV-APPRENTICE",
        "jobs",
        "16-25 year old apprentice engaged",
        "week",
        Decimal("207.40"),
        "Each week an apprentice aged 16 to 25 is engaged on the contract.",
    ),
    (
        "PSV-LOCALSME",
        "growth",
        "Spend with local SMEs: additional economic benefit",
        "£1 spent",
        Decimal("0.09"),
        "Additional local economic benefit for each £1 spent with small and medium-sized "
        "businesses in Portsmouth. The roadmap writes 0.09p; read as 9p per £1.",
    ),
    (
        "PSV-VCSE",
        "growth",
        "Spend with the VCSE sector: additional economic benefit",
        "£1 spent",
        Decimal("0.12"),
        "Additional economic benefit for each £1 spent with voluntary, community and social "
        "enterprise organisations. The roadmap writes 0.12p; read as 12p per £1.",
    ),
]


def seed(Theme, Measure):
    """Create the themes and roadmap measures that are missing; never overwrite staff edits.

    Takes the model classes so the data migration can pass its historical models.
    """
    themes = {}
    for order, (code, name, description) in enumerate(THEMES, start=1):
        themes[code], _ = Theme.objects.get_or_create(
            code=code,
            defaults={"name": name, "description": description, "sort_order": order},
        )
    for code, theme, title, unit, proxy_value, description in MEASURES:
        Measure.objects.get_or_create(
            code=code,
            defaults={
                "theme": themes[theme],
                "title": title,
                "unit": unit,
                "proxy_value": proxy_value,
                "description": description,
                "edition": ROADMAP_EDITION,
                "year": ROADMAP_YEAR,
                "source": ROADMAP_SOURCE,
                "active": True,
            },
        )
